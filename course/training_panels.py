"""The training explorer's three pictures: the fit, the loss per iteration, the descent path.

``TrainingPanels`` draws the static parts once (data, the loss curve or the contour map of the
loss over (w, b), the lowest possible loss) and then, for each run, only the moving artists.
It reads a ``TrainingRun`` and knows nothing of the sliders.
"""

import math

import numpy as np

from course import ranges
from course.explorer_base import draw_data_axes, fmt
from course.panel import BlitPanel
from course.plots import clip
from course.style import COLORS, style_axes
from helpers import _numpy, loss_curve

# right ends of the iteration axis: it moves in these coarse steps, so most changes reuse the background
X_BUCKETS = (5, 10, 20, 30, 50, 75, 100, 150, 200)


class TrainingPanels:
    """``panels`` = [fit, loss per iteration, descent path], with the moving artists as attributes:
    ``fit_line``, ``loss_line``, ``loss_marker``, ``path`` and ``current``."""

    def __init__(self, run):
        self.run = run
        self.panels = [BlitPanel(), BlitPanel(), BlitPanel()]
        self._loss_axis = None  # (right end, top, legend corner, unit) of the loss panel as drawn now
        self._x, self._y = _numpy(run.X), _numpy(run.Y)
        self._fit_panel()
        self._loss_panel()
        if run.with_bias:
            self._landscape_panel()
        else:
            self._loss_curve_panel()
        ax = self.panels[2].ax
        style_axes(ax)
        self.path = self.panels[2].add(ax.plot([], [], "o--", ms=5, lw=1.2, color=COLORS["path"],
                                               label="descent path")[0])
        self.current = self.panels[2].add(ax.plot([], [], "D", ms=10, color=COLORS["mark"],
                                                  markeredgecolor="black",
                                                  label="(w, b) shown" if run.with_bias else "w shown")[0])
        ax.legend(handles=[h for h in ax.lines if not h.get_label().startswith("_")],
                  loc="upper right" if run.with_bias else "upper center", fontsize=9)

    # ---------------------------------------------------------------- the static parts

    def _fit_panel(self):
        ax = draw_data_axes(self.panels[0].ax, self._x, self._y, "Data and fitted line")
        self.fit_line = self.panels[0].add(ax.plot([], [], "-", lw=2.5, color=COLORS["model"],
                                                   label="fitted line")[0])
        ax.legend(handles=[ax.lines[0], self.fit_line], loc="upper right", fontsize=10)

    def _loss_panel(self):
        from matplotlib.ticker import MaxNLocator, NullLocator

        ax = self.panels[1].ax
        ax.set_yscale("log")
        ax.set_ylim(*ranges.LOSS_LOG_LIMITS)
        ax.set_xlabel("iteration")
        ax.set_ylabel("loss (log scale)")
        ax.set_title("Loss per iteration")
        style_axes(ax)
        # whole iterations, at most about 6 labels: at 14 pt, 0 to 200 in steps of 20 ran together
        ax.xaxis.set_major_locator(MaxNLocator(nbins=6, integer=True))
        ax.yaxis.set_minor_locator(NullLocator())  # fewer ticks: a faster redraw and a calmer picture
        best = self.run.best_loss
        ax.axhline(best, color=COLORS["true"], ls=":", lw=1.5, label=f"lowest possible ({best:.3f})")
        self.loss_line = self.panels[1].add(ax.plot([], [], "o-", ms=3, lw=1.5, color=COLORS["loss"],
                                                    label="loss")[0])
        self.loss_marker = self.panels[1].add(ax.plot([], [], "D", ms=9, color=COLORS["mark"],
                                                      markeredgecolor="black", label="iteration shown")[0])
        ax.legend(loc="upper right", fontsize=9)

    def _loss_curve_panel(self):
        ax = self.panels[2].ax
        w_low, w_high, _ = ranges.W0
        ws = np.linspace(w_low, w_high, 401)
        ax.plot(ws, loss_curve(self.run.X, self.run.Y, ws), "-", lw=2, color=COLORS["loss"], label="loss L(w)")
        ax.set_xlim(w_low, w_high)
        ax.set_ylim(*ranges.LOSS_CURVE_LIMITS)
        ax.set_xticks(np.arange(w_low, w_high + 1, 5))
        ax.set_xlabel("w")
        ax.set_ylabel("loss (MSE)")
        ax.set_title("Gradient descent on L(w)")

    def _landscape_panel(self):
        # Equal scale on both axes, so the valley's true shape shows: a narrow trench along b.
        # The b range is the initial-b slider's; w gets as much room as the panel's width allows.
        panel, ax = self.panels[2], self.panels[2].ax
        b_lo, b_hi, _ = ranges.B0
        box = ax.get_position()
        half = (b_hi - b_lo) * (box.width * panel.fig.get_figwidth()) / (box.height * panel.fig.get_figheight()) / 2
        w_mid = (ranges.W0[0] + ranges.W0[1]) / 2
        w_lo, w_hi = w_mid - half, w_mid + half
        ax.set_xlim(w_lo, w_hi)
        ax.set_ylim(b_lo, b_hi)
        ax.set_aspect("equal", adjustable="box")
        W, B = np.meshgrid(np.linspace(w_lo, w_hi, 241), np.linspace(b_lo, b_hi, 161))
        x, y = self._x.astype(float), self._y.astype(float)
        # L(w, b) = mean((w x + b - y)^2), expanded so the whole grid costs a few array operations
        Z = (W**2 * np.mean(x * x) + 2 * W * B * np.mean(x) + B**2 - 2 * W * np.mean(x * y)
             - 2 * B * np.mean(y) + np.mean(y * y))
        levels = np.geomspace(max(Z.min(), 0.05) * 1.5, Z.max(), 12)
        ax.contour(W, B, Z, levels=levels, colors=COLORS["loss"], linewidths=1.0, alpha=0.8)
        ax.plot([self.run.optimum[0]], [self.run.optimum[1]], "*", ms=16, color=COLORS["optimum"],
                markeredgecolor="black", label="least-squares optimum")
        ax.set_xlabel("w")
        ax.set_ylabel("b")
        ax.set_title("Loss landscape and descent path")

    # ---------------------------------------------------------------- the moving parts

    def draw_run(self, n, k, asked=None):
        """Draw the first ``n`` steps of the run, with iteration ``k`` shown.

        ``asked``: while the run is hidden for a prediction, the iterations asked for. The loss axis then fits
        what is drawn so far and the iterations asked for, not the whole run, so its scale gives nothing away
        (a diverging run's 10**40, or the 29 iterations before an overflow, would answer the question)."""
        self.draw_shown(k, n, asked)

    def _fit_loss_axis(self, n, k, asked):
        losses = self.run.losses(n)
        key = self.loss_axis_for(n, losses) if asked is None else self.loss_axis_for(asked, losses[: k + 1])
        if key != self._loss_axis:
            self._arrange_loss_axis(key)
            self.panels[1].invalidate(key=key)

    def loss_axis_for(self, n, losses):
        """The loss panel's axis for a run of ``n`` steps with these ``losses``: (right end, top, legend corner,
        unit), the unit "step" for mini-batches (an iteration is a step on all the points) and else "iteration".

        Axis limits move in coarse steps and only when the run no longer fits them well, so most slider
        changes reuse a cached background instead of redrawing the axes.
        """
        ax = self.panels[1].ax
        right = ax.get_xlim()[1]
        fits = next((b for b in X_BUCKETS if b >= n), n)  # the smallest bucket the run fits
        if not (n <= right <= max(fits, 1.5 * n)) or n == fits:  # kept while the run fills two thirds of it (100
            right = fits  # steps on 0-200 do not), unless the run fits a bucket exactly: 20 iterations get 0-20 back
        worst = max([v for v in losses if math.isfinite(v)], default=1.0)
        top = ax.get_ylim()[1]
        log_top = ranges.LOSS_LOG_LIMITS[1]
        if not (worst * 2 <= top <= max(log_top, worst * 1e10)):
            # a diverging run's axis grows in steps of 10**10, so few distinct backgrounds are ever drawn
            top = log_top if worst < log_top / 5 else 10.0 ** (10 * math.ceil(math.log10(worst * 5) / 10))
        # the legend sits in the right-hand corner the line does not end in: a loss that climbs to the top right
        # would run under it there, one that settles low (after a peak that raised the axis) would run under it
        # at the bottom
        end = losses[-1] if math.isfinite(losses[-1]) else top
        loc = "lower right" if end > math.sqrt(ranges.LOSS_LOG_LIMITS[0] * top) else "upper right"
        return right, top, loc, self._unit()

    def _unit(self):
        return "step" if self.run.batch else "iteration"

    @property
    def loss_axis(self):
        """The loss panel's axis as drawn now: (right end, top, legend corner, unit)."""
        return self._loss_axis

    def _arrange_loss_axis(self, key):
        right, top, loc, unit = key
        ax = self.panels[1].ax
        ax.set_xlabel(unit)
        ax.set_title(f"Loss per {unit}")
        ax.set_xlim(0, right)
        ax.set_ylim(ranges.LOSS_LOG_LIMITS[0], top)
        self.loss_marker.set_label(f"{unit} shown")
        ax.legend(loc=loc, fontsize=9)
        self._loss_axis = key

    def backgrounds_needed(self, runs):
        """The loss panel backgrounds that these runs would need and that are not drawn yet.

        Args:
            runs: (n, losses) pairs, as ``draw_run`` would get them, for settings the learner may reach next.

        Returns:
            Their axes, (right end, top, legend corner, unit), each once.
        """
        keys = dict.fromkeys(self.loss_axis_for(n, losses) for n, losses in runs)
        return [key for key in keys if key != self._loss_axis and not self.panels[1].has(key)]

    def warm(self, key):
        """Draw the loss panel's background for ``key`` ahead of need; the picture shown stays as it is.
        Returns True if it drew one."""
        current = self._loss_axis
        drawn = self.panels[1].warm(key, self._arrange_loss_axis)
        if drawn and current is not None:
            self._arrange_loss_axis(current)
        return drawn

    def draw_shown(self, k, n, asked=None):
        """Draw the run up to iteration ``k`` (at most ``n``): the path and the loss so far, the fitted line and
        the markers there. Played from 0, the path grows and the loss line extends, step by step; while hidden
        (``asked``, as in ``draw_run``) the loss axis grows with what is drawn."""
        k = min(k, n)
        self._fit_loss_axis(n, k, asked)
        run = self.run
        self.loss_line.set_data(range(k + 1), clip(run.losses(n)[: k + 1], 1e300))
        pw, pb = zip(*run.history.path()[: k + 1])
        if run.with_bias:
            self.path.set_data(clip(pw), clip(pb))
        else:
            self.path.set_data(clip(pw), clip(loss_curve(run.X, run.Y, clip(pw))))
        w, b = self.run.state(k)
        loss = self.run.loss_at(w, b)
        self._describe(k, n, w, b, loss, asked or n)
        w, b = float(clip([w])[0]), float(clip([b])[0])
        self.fit_line.set_data(self._x, clip(w * self._x + b))
        self.loss_marker.set_data([k], [min(loss, 1e300)])
        if self.run.with_bias:
            self.current.set_data([w], [b])
        else:
            self.current.set_data([w], [min(loss, 1e6)])

    def _describe(self, k, n, w, b, loss, told):
        """Each picture's text alternative: what it shows for iteration ``k`` of ``n``, in numbers, saying ``told``
        (the iterations asked for, while the run is hidden) where it names the length of the run."""
        run = self.run
        fit, losses, landscape = self.panels
        line = f"y = {fmt(w)}·x" + (f" + {fmt(b)}" if b >= 0 else f" − {fmt(abs(b))}") * run.with_bias
        unit = self._unit()
        fit.describe(f"Data and fitted line: the {run.X.numel()} points and the line {line} after "
                     f"{k} of {told} {unit}s.")
        # what is drawn: the run up to iteration k (all of it unless it is being played, or hidden to predict)
        first, last = run.losses(n)[0], run.losses(n)[k]
        steps = f"{n} steps" if k == n else f"{k} of its {told} steps so far"
        losses.describe(f"Loss per {unit}, log scale, over {told} {unit}s: from {fmt(first)} to {fmt(last)} in {steps}; "
                        f"the lowest possible is {run.best_loss:.3f}; {unit} {k} is marked, loss {fmt(loss)}.")
        if run.with_bias:
            w_best, b_best = run.optimum
            landscape.describe(
                f"Loss landscape over w and b, drawn as rings around the least-squares optimum at w = {w_best:.2f}, "
                f"b = {b_best:.2f}; the descent path goes from w = {run.w0:g}, b = {run.b0:g} to "
                f"w = {fmt(w)}, b = {fmt(b)} in {steps}; {unit} {k} is marked there. Click the map to start the "
                f"run at that (w, b).")
        else:
            landscape.describe(
                f"Gradient descent on the loss curve L(w), a bowl with its bottom at w = {run.optimum:.4f}: the "
                f"path goes from w = {run.w0:g} to w = {fmt(w)} in {steps}; iteration {k} is marked there, at "
                f"w = {fmt(w)}, loss {fmt(loss)}. Click the curve to start the run at that w.")
