"""The training explorer's logic, without any widget: settings in, a ``History`` and a readout out.

``TrainingRun`` trains with ``descend`` (the notebooks' loop, as ``helpers.train``, without autograd), extends a run only past its
end when more iterations are asked for, gives the parameters after k steps, and writes the
readout that says in words what the run did. ``TrainingExplorer`` (notebooks 3 and 4) wires
sliders to it; the tests drive it directly.
"""

import copy
import math

import numpy as np
import torch

from course import ranges
from course.explorer_base import count, fmt, setting
from helpers import History, _as_flag, _check_xy, critical_lr, curvatures, least_squares, loss_curve, regime, steps_to_reach


def descend(X, Y, w0, lr, iterations, b0=None, momentum=0.0, batch=None, seed=0):
    """``helpers.train`` without autograd: the same float32 operations in the same order, so the same numbers.

    The explorer reruns training on every slider change; writing out the gradient that autograd would
    compute, d mean((w*x + b - y)^2) / dw = sum(2 (w*x + b - y) / n * x), skips the bookkeeping of the
    graph and makes a 200-step run about three times faster. tests/test_training_run.py checks that the
    result is identical, bit for bit, to ``helpers.train`` over the sliders' ranges (with and without
    momentum), and to notebook 4's ``train_in_batches`` for mini-batches.

    Args:
        X, Y, w0, lr, iterations, b0: as for ``helpers.train``.
        momentum: the momentum β (0: plain gradient descent).
        batch: the batch size, or None for all the points. With a batch, each epoch (one pass over the
            points) shuffles them with a generator seeded by ``seed`` and takes one step per batch.

    Returns:
        A ``History``, as ``helpers.train`` returns it; its ``loss`` is the loss on all the points before
        each step, also for mini-batches.
    """
    history = History(lr=lr, w0=w0, b0=b0, b=None if b0 is None else [], momentum=momentum)
    n = X.numel()
    w = torch.tensor(w0)
    b = None if b0 is None else torch.tensor(b0)
    v_w, v_b = torch.tensor(0.0), torch.tensor(0.0)
    generator = torch.Generator().manual_seed(seed) if batch else None
    order = None
    with torch.no_grad():
        for i in range(iterations):
            residual = (w * X if b is None else w * X + b) - Y
            loss = torch.mean(residual ** 2).item()
            if not math.isfinite(loss):
                history.diverged_at = i
                break
            if batch:
                start = (i % -(-n // batch)) * batch  # where this step's batch starts in the epoch's order
                if start == 0:
                    order = torch.randperm(n, generator=generator)  # a new random order every epoch
                rows = order[start:start + batch]
                xb, yb = X[rows], Y[rows]
                residual = (w * xb if b is None else w * xb + b) - yb
                slope = residual * (2.0 / rows.numel())
                grad_w, grad_b = (slope * xb).sum(), slope.sum()
            else:
                slope = residual * (2.0 / n)  # the gradient of the mean of squares, point by point
                grad_w, grad_b = (slope * X).sum(), slope.sum()
            if momentum:
                v_w = v_w * momentum + grad_w  # v = beta * v + gradient
                w = w - lr * v_w
            else:
                w = w - lr * grad_w
            history.loss.append(loss)
            history.w.append(w.item())
            if b is not None:
                if momentum:
                    v_b = v_b * momentum + grad_b
                    b = b - lr * v_b
                else:
                    b = b - lr * grad_b
                history.b.append(b.item())
    return history


class TrainingRun:
    """One training run on fixed data, restarted when a setting changes and extended on demand.

    Args:
        X, Y: the data.
        with_bias: ``False`` trains w alone (notebook 3); ``True`` trains w and b (notebook 4).

    Attributes: ``history`` (the ``History`` so far, in the original units of w), ``runs`` (how many fresh
    runs were trained), ``optimum`` (w, or (w, b)), ``best_loss``, ``scale`` (the standard deviation of x),
    and for the current setting ``lr_critical`` and the curvatures ``curvature_min`` and ``curvature_max``.
    """

    def __init__(self, X, Y, with_bias=False):
        X, Y = _check_xy(X, Y)
        self.X, self.Y = X.detach().cpu(), Y.detach().cpu()
        self.with_bias = bool(with_bias)
        self.scale = float(self.X.std()) if self.X.numel() > 1 else 1.0
        if not (math.isfinite(self.scale) and self.scale > 0):
            self.scale = 1.0  # all inputs equal: nothing to standardise
        # curvatures and the critical learning rate, for the inputs as they are and standardised (notebook 4)
        self._analysis = {}
        for standardise in (False, True):
            inputs = self.X / self.scale if standardise else self.X
            low, high = curvatures(inputs, with_bias=self.with_bias)
            self._analysis[standardise] = (critical_lr(inputs, with_bias=self.with_bias), low, high)
        self.optimum = least_squares(X, Y, with_bias=self.with_bias)
        w, b = self.optimum if self.with_bias else (self.optimum, 0.0)
        self.best_loss = float(loss_curve(self.X, self.Y, [w], b=b)[0])
        self.history = None
        self.runs = 0
        self.lr = self.w0 = self.b0 = None
        self.momentum, self.batch, self.standardise = 0.0, None, False

    @property
    def lr_critical(self):
        """The critical learning rate of plain gradient descent on the inputs as they are trained (as is or standardised)."""
        return self._analysis[self.standardise][0]

    @property
    def curvature_min(self):
        return self._analysis[self.standardise][1]

    @property
    def curvature_max(self):
        return self._analysis[self.standardise][2]

    def restart(self, lr, w0, b0, iterations, momentum=0.0, batch=None, standardise=False):
        """Train afresh from (w0, b0) at learning rate ``lr`` for ``iterations`` steps (b0 ignored without bias).

        ``momentum`` is the momentum β, ``batch`` the mini-batch size (None: all points), and
        ``standardise`` trains on x divided by its standard deviation (the history stays in the units of x).
        """
        self.lr, self.w0, self.b0 = lr, w0, (b0 if self.with_bias else None)
        self.momentum, self.standardise = float(momentum), bool(standardise)
        self.batch = int(batch) if batch and batch < self.X.numel() else None  # a batch of every point is none
        self.history = None
        self.ensure(iterations)

    def start(self, settings):
        """Train afresh with an explorer's settings, as ``TrainingExplorer.settings()`` gives them: lr, iterations,
        w0, b0, and the method with its beta or batch, and standardise (the last five only with bias)."""
        s, bias = settings, self.with_bias
        self.restart(s["lr"], s["w0"], s["b0"] if bias else None, s["iterations"], standardise=bias and s["standardise"],
                     momentum=s["beta"] if bias and s["method"] == "momentum" else 0.0,
                     batch=s["batch"] if bias and s["method"] == "mini-batch" else None)

    def trial(self, lr, n):
        """A run with this run's settings but learning rate ``lr``, ``n`` steps long; this run stays as it is."""
        other = copy.copy(self)
        other.lr, other.history = lr, None
        other.ensure(n)
        return other

    def _descend(self, w0, b0, n):
        """``descend`` with this run's settings, in the original units of w."""
        s = self.scale if self.standardise else 1.0
        history = descend(self.X / s if self.standardise else self.X, self.Y, w0 * s, self.lr, n, b0,
                          momentum=self.momentum, batch=self.batch)
        if self.standardise:
            history.w0, history.w = w0, [w / s for w in history.w]  # w = w_s / s: the same lines
        return history

    def ensure(self, n):
        """Make sure the run has at least ``n`` steps (or has diverged), extending it from where it ended."""
        h = self.history
        if h is not None and (h.diverged_at is not None or h.iterations >= n):
            return
        if h is None or self.momentum or self.batch or self.standardise:
            # a velocity or a shuffled order cannot be picked up from the stored path: train afresh
            self.history = self._descend(self.w0, self.b0, n)
            if h is None:
                self.runs += 1
            return
        w_start = h.w[-1] if h.w else h.w0
        b_start = (h.b[-1] if h.b else h.b0) if self.with_bias else None
        more = self._descend(w_start, b_start, n - h.iterations)
        if more.diverged_at is not None:
            h.diverged_at = h.iterations + more.diverged_at
        h.loss += more.loss
        h.w += more.w
        if self.with_bias:
            h.b += more.b

    def steps(self, asked):
        """The number of steps to show: the iterations asked for, or fewer if the run diverged."""
        return min(asked, self.history.iterations)

    def state(self, k):
        """The parameters (w, b) after ``k`` steps (b is 0 without bias)."""
        return self.history.path()[k]

    def loss_at(self, w, b):
        """The loss at (w, b), or infinity where the parameters overflowed."""
        if not (math.isfinite(w) and math.isfinite(b)):
            return float("inf")
        value = float(loss_curve(self.X, self.Y, [w], b=b)[0])
        return value if math.isfinite(value) else float("inf")

    def losses(self, n):
        """The loss after k steps for k = 0 .. n: the loss each step started from, then where the last one landed."""
        return self.history.loss[:n] + [self.loss_at(*self.state(n))]

    def readout(self, asked, k):
        """What the run did, in words (HTML), with ``asked`` iterations asked for and iteration ``k`` shown.

        With mini-batches a step uses one batch, not all the points, so it is not an iteration of notebook 3
        (one step with every point): the readout counts steps, and epochs (passes over all the points).
        """
        n = self.steps(asked)
        k = min(k, n)
        w, b = self.state(k)
        params = f"w = {fmt(w)}" + (f", b = {fmt(b)}" if self.with_bias else "")
        if self.momentum:
            lines = [self._momentum_words()]
        elif self.batch:
            lines = [self._batch_words()]
        else:
            lines = self._descent_words()
        if self.standardise:
            plain = self._analysis[False]
            lines.append(f"<b>Standardised x</b> (divided by its standard deviation, {self.scale:.3f}): the "
                         f"curvatures are {self.curvature_min:.2f} and {self.curvature_max:.2f} instead of "
                         f"{plain[1]:.2f} and {plain[2]:.2f}, so lr* = {self.lr_critical:.3f} instead of "
                         f"{plain[0]:.3f}. The pictures show w in the units of x (w = w_s / "
                         f"{self.scale:.3f}).")
        stopped = self.history.diverged_at is not None and self.history.diverged_at < asked
        if stopped:
            lines.append(f"<b>Stopped early</b>: you asked for {self._count(asked)}, but the run stopped after {n}, "
                         f"because the loss had grown too large to store as a number (it overflowed).")
        elif not self.with_bias:
            lines.append(self._reach_words("w", self.history.w[:n], self.optimum, f"the best w ({self.optimum:.4f})",
                                           n))
        elif self.momentum or self.batch or self.standardise:  # plain descent leaves exercise 4.1 its count
            lines.append(self._reach_words("b", self.history.b[:n], self.optimum[1],
                                           f"its best value ({self.optimum[1]:.4f})", n))
        elif self.lr < self.lr_critical:  # a run that settles: its count is the exercise's answer
            lines.append("How many iterations b needs to get within 0.01 of its best value is exercise 4.1's "
                         "question, so the readout leaves it to you.")
        ran = f"the {self._count(n)} that ran" if stopped else self._count(n)
        lines.append(f"After {k} of {ran}: {params}, loss = {fmt(self.loss_at(w, b))}.")
        return "<br>".join(lines)

    def cap(self):
        """What the explorer shows beside the learning rate: (the rate above which this run diverges, its label,
        a note)."""
        if self.momentum:
            return 2 * (1 + self.momentum) / self.curvature_max, "cap with momentum 2(1 + β) / steepest curvature"
        if self.batch:
            return self.lr_critical, "full-batch lr*", "each mini-batch has its own curvature"
        return (self.lr_critical, "critical lr*" + (" of standardised x" * self.standardise))

    def hidden_readout(self, asked):
        """The readout in predict-first mode, before the run has played to its end: the settings and the question,
        none of what the run did (HTML)."""
        start = f"w = {self.w0:g}" + (f", b = {self.b0:g}" if self.with_bias else "")
        how = ((f" with momentum β = {self.momentum:g}" if self.momentum else "") +
               (f" on mini-batches of {self.batch}" if self.batch else "") +
               (" on standardised x (divided by its standard deviation)" if self.standardise else ""))
        return (f"<b>Predict first</b>: learning rate <b>{self.lr:.4g}</b>{how}, {self._count(asked)} from {start}. What "
                f"will the run do: creep to the minimum from one side, zig-zag towards it, or run away? Decide, then "
                f"press ▶ play to watch it; what the run did appears here when it has played to the end.")

    @property
    def _per_epoch(self):
        """Mini-batch steps per epoch (one pass over all the points; the last batch may be smaller)."""
        return -(-self.X.numel() // self.batch)

    def _count(self, n):
        """'20 iterations'; with mini-batches '100 steps (10 epochs)', since a step there sees one batch only."""
        if not self.batch:
            return count(n)
        epochs, part = divmod(n, self._per_epoch)
        # at most 100 steps per epoch: 2 decimals never round a part of an epoch to a whole one
        shown = count(epochs, "epoch") if not part else f"{n / self._per_epoch:.2f}".rstrip("0") + " epochs"
        return f"{count(n, 'step')} ({shown})"

    def _reach_words(self, name, values, target, best, n):
        """When parameter ``name`` gets within 0.01 of ``target``, in words that claim only what the run shows."""
        reached = steps_to_reach(values, target)
        if not reached:
            return f"{name} is not within 0.01 of {best} after {self._count(n)}."
        if self.batch:
            return (f"{name} is within 0.01 of {best} from step {reached} to the end of this run; the noise of "
                    f"the mini-batches can knock it out again later.")
        if reached == n:
            return (f"{name} is within 0.01 of {best} after the last of the {count(n)}; add iterations to see "
                    f"whether it stays there.")
        return f"{name} gets within 0.01 of {best} after {count(reached)} and stays there."

    def _descent_words(self):
        """Plain gradient descent: smooth, oscillating or diverging, from the learning rate and lr*.

        Along the steep direction each step multiplies the distance to the minimum by 1 - lr λmax
        (λmax = 2 / lr*). The words follow what that factor makes the run do, not only its sign: near lr*/2 it
        is almost 0 and the run lands on the minimum in one step; near lr* it is almost -1 and the distance
        hardly changes, so the factor gets as many decimals as it needs to differ from 1.
        """
        lr, lr_star = self.lr, self.lr_critical
        kind = regime(lr, lr_star)
        factor = abs(1 - lr * 2 / lr_star)
        shown = _factor(factor)
        # with x as it is the steep direction is almost exactly the w axis (notebook 4 names both directions)
        along = (" along the steep direction" + ("" if self.standardise else " (mostly w)")) if self.with_bias else ""
        if factor == 0:  # exactly lr*/2
            words = (f"<b>oscillating</b> in name only: at exactly lr*/2 the first step lands on the "
                     f"minimum{along}, and the run stays there.")
        elif factor < ONE_STEP and kind == "smooth":
            words = (f"<b>smooth</b>: the run lands almost on the minimum{along} in one step, from one side "
                     f"(each step closes {_percent(1 - factor)} of the remaining distance, without overshooting).")
        elif factor < ONE_STEP:
            words = (f"<b>oscillating</b>, but only just: the run lands on the minimum{along} in about one step, "
                     f"just past it (each step leaves only ×{shown} of the distance).")
        elif kind == "smooth":
            words = (f"<b>smooth</b>: each step closes {_percent(1 - factor)} of the remaining distance to the "
                     f"minimum{along}, without overshooting.")
        elif kind == "oscillating":
            words = (f"<b>oscillating</b>: each step overshoots the minimum, so w zig-zags towards it "
                     f"(its distance to the minimum{along} shrinks ×{shown} per step{_slowly(factor)}).")
        elif factor == 1:  # exactly lr*
            words = (f"on the edge of <b>diverging</b>: at exactly lr* each step overshoots to the same distance "
                     f"on the other side of the minimum{along}, so w bounces back and forth without settling.")
        else:
            words = (f"<b>diverging</b>: every step overshoots further than the last "
                     f"(the distance to the minimum{along} grows ×{shown} per step{_slowly(factor)}).")
        # lr*/2, where the run turns from smooth to oscillating, is not printed: it is exercise 3.4's answer
        lines = [f"learning rate <b>{lr:.4g}</b> (critical lr* = {lr_star:.5f}) → {words}"]
        if self.with_bias and kind != "diverging":
            closes = lr * self.curvature_min
            shallow = "Along the shallow direction" + ("" if self.standardise else " (mostly b)")
            if closes <= 1:
                lines.append(f"{shallow} each step closes {'only ' * (closes < 0.5)}{_percent(closes, 1)} of the "
                             f"remaining distance.")
            else:
                lines.append(f"{shallow} each step overshoots too: the distance shrinks ×{_factor(closes - 1)} "
                             f"per step.")
        return lines

    def _momentum_words(self):
        """Momentum: what the velocity does, and the cap on the learning rate it allows."""
        beta, cap = self.momentum, 2 * (1 + self.momentum) / self.curvature_max
        verdict = ("below it, so the run settles" if self.lr < cap else
                   "this learning rate is above it, so the run diverges")
        return (f"learning rate <b>{self.lr:.4g}</b> with <b>momentum β = {beta:.2f}</b>: each parameter keeps a "
                f"velocity v = β v + gradient and moves by −lr × v. With momentum the learning rate may go up to "
                f"2(1 + β)/{self.curvature_max:.2f} = {cap:.4f} ({self.curvature_max:.2f} is the curvature along the "
                f"steep direction); {verdict}.")

    def _batch_words(self):
        """Mini-batches: steps per epoch, and why the path is noisy."""
        n_points = self.X.numel()
        per_epoch = -(-n_points // self.batch)
        return (f"learning rate <b>{self.lr:.4g}</b> with <b>mini-batches of {count(self.batch, 'point')}</b>: "
                f"{count(per_epoch, 'step')} per epoch (one pass over the {n_points} points). Each step follows "
                f"the gradient of its {count(self.batch, 'point')} only, so the path is noisy; the loss drawn is "
                f"the loss on all {n_points} points.")


# Below this factor (what one step leaves of the distance to the minimum along the steepest direction) the
# readout says the run lands on the minimum in about one step: the first step closes over 95% of the
# distance and the second leaves under 0.25%. On notebook 3's data the best w is -5, and from the farthest
# start (w0 = -15 or 5, 10 away) the first step ends under 0.5 from it, 2.5% of the path picture's w axis
# (-15 to 5), the second under 0.025: the picture shows one jump to the minimum, not an approach or a zig-zag.
ONE_STEP = 0.05


def _decimals(value, decimals, avoid=(), most=5):
    """``value`` with ``decimals`` decimals, or more (up to ``most``) while it would read as one of ``avoid``
    without being it: a factor of 1.0004 is not '1.00', a share of 99.8% not '100%'."""
    for d in range(decimals, most + 1):
        text = f"{value:.{d}f}"
        if value in avoid or float(text) not in avoid:
            break
    return text


def _factor(factor):
    """A step's factor on the distance: 0.67, 1.17; 0.0024; 1.0004 (never 1.00 unless it is 1)."""
    return _decimals(factor, 2, avoid=(0.0, 1.0)) if factor >= 0.1 else f"{factor:.2g}"


def _percent(share, decimals=0):
    """A share in percent: 83%, 99.8% (never 100% or 0% unless it is)."""
    return _decimals(100 * share, decimals, avoid=(0.0, 100.0)) + "%"


def _slowly(factor):
    """For a factor within 0.005 of 1 (which 2 decimals would show as 1.00): how little a step changes."""
    if abs(factor - 1) >= 0.005:
        return ""
    change = abs(factor - 1) * 100
    return f", by only {change:.2g}% a step"


def method_settings(method, beta, batch, standardise):
    """The method and its settings, checked: ValueError or TypeError naming the argument."""
    if not isinstance(method, str) or method not in ranges.METHODS:
        raise ValueError(f"method must be one of {', '.join(map(repr, ranges.METHODS))}, got {method!r}")
    return (method, setting("beta", beta, ranges.BETA), setting("batch", batch, ranges.BATCH, whole=True),
            _as_flag("standardise", standardise))
