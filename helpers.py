"""Shared code for the series "Training a Linear Regression Model in PyTorch".

The notebooks write the teaching code out in full (the model, the loss, the
training loop). This module carries what would distract from it:

* data:      ``make_data``
* model:     ``forward``, ``mse``, ``loss_curve``
* training:  ``train`` (the notebooks' loop, as a function) and ``History``
* analysis:  ``hessian``, ``critical_lr``, ``regime``, ``least_squares``
* drawing:   ``plot_data``, ``plot_loss_vs_w``, ``plot_losses``, ``plot_runs``
* explorers: ``DataExplorer``, ``LossExplorer``, ``TrainingExplorer`` (ipywidgets sliders)
* exercises: ``check_*`` functions returning ``Feedback``

Nothing happens at import time; randomness only comes from an explicit seed.
"""

from __future__ import annotations

import io
import itertools
import math
import numbers
from dataclasses import dataclass, field
from typing import NamedTuple

import numpy as np
import torch

# --------------------------------------------------------------------------
# Style: the Okabe-Ito palette (safe for the common kinds of colour blindness)
# --------------------------------------------------------------------------

COLORS = {
    "data": "#0072B2",  # blue
    "true": "#000000",  # black
    "model": "#D55E00",  # vermillion
    "loss": "#009E73",  # bluish green
    "path": "#CC79A7",  # reddish purple
    "mark": "#E69F00",  # orange
    "optimum": "#56B4E9",  # sky blue
    "residual": "#999999",  # grey
}

STYLE = {
    "font.size": 13,
    "axes.titlesize": 14,
    "axes.labelsize": 13,
    "legend.fontsize": 11,
    "xtick.labelsize": 11,
    "ytick.labelsize": 11,
    "axes.grid": True,
    "grid.alpha": 0.35,
    "grid.linestyle": "--",
}

# --------------------------------------------------------------------------
# Argument checks: every public function raises ValueError naming the argument
# --------------------------------------------------------------------------


def _as_float(name, value):
    """Return ``value`` as a finite float, or raise ValueError naming ``name``."""
    if isinstance(value, torch.Tensor):
        if value.numel() != 1:
            raise ValueError(f"{name} must be a single number, got a tensor of shape {tuple(value.shape)}")
        value = value.detach().cpu().item()
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise ValueError(f"{name} must be a number, got {value!r}")
    value = float(value)
    if not math.isfinite(value):
        raise ValueError(f"{name} must be a finite number, got {value}")
    return value


def _check_lr(lr):
    """Return the learning rate as a float if it is finite and positive."""
    lr = _as_float("lr", lr)
    if lr <= 0:
        raise ValueError(f"lr (the learning rate) must be positive, got {lr}")
    return lr


def _check_iterations(iterations):
    """Return the iteration count if it is a non-negative integer."""
    if isinstance(iterations, bool) or not isinstance(iterations, numbers.Integral):
        raise ValueError(f"iterations must be a whole number, got {iterations!r}")
    if iterations < 0:
        raise ValueError(f"iterations must be 0 or more, got {iterations}")
    return int(iterations)


def _check_xy(X, Y):
    """Check that X and Y are tensors of one shape; return them as float tensors."""
    for name, t in (("X", X), ("Y", Y)):
        if not isinstance(t, torch.Tensor):
            raise ValueError(f"{name} must be a torch tensor, got {type(t).__name__}")
        if t.numel() == 0:
            raise ValueError(f"{name} must not be empty")
    if X.shape != Y.shape:
        raise ValueError(f"X and Y must have the same shape, got X {tuple(X.shape)} and Y {tuple(Y.shape)}")
    return X.float(), Y.float()


def _numpy(t):
    """Return a tensor (on any device) or sequence as a flat NumPy array on the CPU."""
    if isinstance(t, torch.Tensor):
        return t.detach().cpu().numpy().reshape(-1)
    return np.asarray(t, dtype=float).reshape(-1)


# --------------------------------------------------------------------------
# Data
# --------------------------------------------------------------------------


class Data(NamedTuple):
    """The inputs X, the noisy targets Y and the true line f(X), each a (n, 1) tensor."""

    X: torch.Tensor
    Y: torch.Tensor
    line: torch.Tensor


def make_data(slope=-5.0, noise=0.4, seed=0, start=-5.0, stop=5.0, step=0.1):
    """Make points on the line f(x) = slope * x with Gaussian noise added.

    Args:
        slope: slope of the true line f(x) = slope * x (the tutorial uses -5).
        noise: standard deviation of the noise added to f(x) (the tutorial uses 0.4).
        seed: seed of the random generator; the same seed gives the same noise.
        start, stop, step: X runs from ``start`` up to, not including, ``stop``.

    Returns:
        Data(X, Y, line): three (n, 1) float tensors; 100 points by default.
    """
    slope = _as_float("slope", slope)
    noise = _as_float("noise", noise)
    if noise < 0:
        raise ValueError(f"noise must be 0 or more, got {noise}")
    if isinstance(seed, bool) or not isinstance(seed, numbers.Integral) or seed < 0:
        raise ValueError(f"seed must be a whole number 0 or more, got {seed!r}")
    start, stop, step = _as_float("start", start), _as_float("stop", stop), _as_float("step", step)
    if step <= 0:
        raise ValueError(f"step must be positive, got {step}")
    if stop <= start:
        raise ValueError(f"stop must be larger than start, got start={start}, stop={stop}")
    generator = torch.Generator().manual_seed(int(seed))
    X = torch.arange(start, stop, step).view(-1, 1)
    line = slope * X
    Y = line + noise * torch.randn(X.shape, generator=generator)
    return Data(X, Y, line)


# --------------------------------------------------------------------------
# Model and loss
# --------------------------------------------------------------------------


def forward(x, w, b=0.0):
    """Predict y = w * x + b."""
    return w * x + b


def mse(y_pred, y):
    """Mean squared error: the mean of (y_pred - y) squared."""
    return torch.mean((y_pred - y) ** 2)


def loss_curve(X, Y, ws, b=0.0):
    """Loss of the model w * x + b for each slope in ``ws``.

    Args:
        X, Y: the data, tensors of the same shape.
        ws: the slopes to try (a list, array or 1-D tensor).
        b: the bias to use for every slope.

    Returns:
        A NumPy array with one loss per slope.
    """
    X, Y = _check_xy(X, Y)
    b = _as_float("b", b)
    x, y = X.detach().cpu().double().reshape(-1), Y.detach().cpu().double().reshape(-1)
    w = torch.as_tensor(_numpy(ws), dtype=torch.float64).reshape(-1, 1)
    return ((w * x + b - y) ** 2).mean(dim=1).numpy()


# --------------------------------------------------------------------------
# Training
# --------------------------------------------------------------------------


@dataclass
class History:
    """What one training run did, step by step.

    ``loss[i]`` is the loss computed before step i, ``w[i]`` and ``b[i]`` the
    parameters after it (as the tutorial's tables print them). ``w0`` and
    ``b0`` are the starting values; ``b`` is ``None`` for the one-parameter
    model. ``diverged_at`` is the iteration whose loss was not finite, if any.
    """

    lr: float
    w0: float
    b0: float | None
    loss: list = field(default_factory=list)
    w: list = field(default_factory=list)
    b: list | None = None
    diverged_at: int | None = None

    @property
    def iterations(self):
        """Number of completed steps."""
        return len(self.loss)

    def path(self):
        """The parameters before each step and after the last: a list of (w, b) pairs."""
        ws = [self.w0] + self.w
        bs = [self.b0] + self.b if self.b is not None else [0.0] * len(ws)
        return list(zip(ws, bs))

    def table(self):
        """The run as text: iteration, loss, w (and b), rounded to be stable."""
        header = f"{'iteration':>9}  {'loss':>12}  {'w':>9}"
        if self.b is not None:
            header += f"  {'b':>9}"
        lines = [header]
        for i, loss in enumerate(self.loss):
            line = f"{i:>9}  {loss:>12.3f}  {self.w[i]:>9.4f}"
            if self.b is not None:
                line += f"  {self.b[i]:>9.4f}"
            lines.append(line)
        if self.diverged_at is not None:
            lines.append(f"diverged at iteration {self.diverged_at}: the loss is no longer a finite number")
        return "\n".join(lines)


def train(X, Y, w0=-10.0, lr=0.1, iterations=20, b0=None):
    """Fit y = w * x (+ b) by gradient descent, exactly as the notebooks' loop does.

    Each step: predict, compute the MSE, ``loss.backward()``, update the
    parameters under ``torch.no_grad()``, zero the gradients. The run stops
    early if the loss stops being a finite number (the learning rate is too large).

    Args:
        X, Y: the data, tensors of the same shape (any device).
        w0: the starting slope.
        lr: the learning rate, a positive number.
        iterations: how many steps to take, 0 or more.
        b0: the starting bias; ``None`` trains the slope alone (no bias).

    Returns:
        A ``History`` with the loss before each step and w (and b) after it.
    """
    X, Y = _check_xy(X, Y)
    w0 = _as_float("w0", w0)
    lr = _check_lr(lr)
    iterations = _check_iterations(iterations)
    if b0 is not None:
        b0 = _as_float("b0", b0)

    history = History(lr=lr, w0=w0, b0=b0, b=None if b0 is None else [])
    w = torch.tensor(w0, requires_grad=True, device=X.device)
    b = None if b0 is None else torch.tensor(b0, requires_grad=True, device=X.device)
    for i in range(iterations):
        y_pred = forward(X, w) if b is None else forward(X, w, b)
        loss = mse(y_pred, Y)
        loss_value = loss.item()
        if not math.isfinite(loss_value):
            history.diverged_at = i
            break
        loss.backward()
        with torch.no_grad():
            w -= lr * w.grad
            if b is not None:
                b -= lr * b.grad
        w.grad.zero_()
        if b is not None:
            b.grad.zero_()
        history.loss.append(loss_value)
        history.w.append(w.item())
        if b is not None:
            history.b.append(b.item())
    return history


# --------------------------------------------------------------------------
# Analysis
# --------------------------------------------------------------------------


def hessian(X, with_bias=False):
    """Hessian of the MSE loss: 2*mean(x^2) alone, or the 2x2 matrix for (w, b).

    Args:
        X: the inputs.
        with_bias: ``True`` for the model w * x + b, ``False`` for w * x.

    Returns:
        A (1, 1) or (2, 2) NumPy array.
    """
    if not isinstance(X, torch.Tensor) or X.numel() == 0:
        raise ValueError("X must be a non-empty torch tensor")
    x = _numpy(X).astype(float)
    if not with_bias:
        return np.array([[2.0 * np.mean(x * x)]])
    return 2.0 * np.array([[np.mean(x * x), np.mean(x)], [np.mean(x), 1.0]])


def critical_lr(X, with_bias=False):
    """Largest learning rate for which gradient descent still converges: 2 / (largest Hessian eigenvalue).

    For w alone this is 1 / mean(x^2), about 0.12 on the default data.
    """
    return 2.0 / float(np.linalg.eigvalsh(hessian(X, with_bias)).max())


def regime(lr, lr_critical):
    """Name what gradient descent does at ``lr``: 'smooth', 'oscillating' or 'diverging'.

    Along the steepest direction each step multiplies the error by 1 - lr * lambda_max,
    which is positive below lr*/2, between -1 and 0 up to lr*, and beyond -1 above it.
    """
    lr = _check_lr(lr)
    lr_critical = _as_float("lr_critical", lr_critical)
    if lr < lr_critical / 2:
        return "smooth"
    if lr < lr_critical:
        return "oscillating"
    return "diverging"


def steps_to_reach(values, target, tol=0.01):
    """How many steps a run needs to come within ``tol`` of ``target`` and stay there.

    Used by the training explorer's readout (notebook 3) and the checks of exercises 3.4 and 4.2.

    Args:
        values: a parameter after each step, for example ``history.w`` or ``history.b``.
        target: the value it should reach, for example the least-squares optimum.
        tol: how close counts as reached (0.01 by default).

    Returns:
        The number of steps N such that the value after step N and after every later step lies
        within ``tol`` of ``target``; ``None`` if the last value is still further away.
    """
    target, tol = _as_float("target", target), _as_float("tol", tol)
    if tol <= 0:
        raise ValueError(f"tol must be positive, got {tol}")
    n = None
    for i in range(len(values) - 1, -1, -1):
        if not abs(values[i] - target) < tol:
            break
        n = i + 1
    return n


def least_squares(X, Y, with_bias=False):
    """The exact minimiser of the MSE: w (and b), solved in closed form.

    Returns:
        ``w`` alone, or the pair ``(w, b)`` when ``with_bias`` is True.
    """
    X, Y = _check_xy(X, Y)
    x, y = _numpy(X).astype(float), _numpy(Y).astype(float)
    if not with_bias:
        return float(np.dot(x, y) / np.dot(x, x))
    A = np.stack([x, np.ones_like(x)], axis=1)
    (w, b), *_ = np.linalg.lstsq(A, y, rcond=None)
    return float(w), float(b)


# --------------------------------------------------------------------------
# Drawing (matplotlib Figures, not pyplot: nothing is shown by accident)
# --------------------------------------------------------------------------


def _figure(ncols=1, width=6.4, height=4.4):
    """A new matplotlib Figure with the series' style and ``ncols`` axes side by side."""
    import matplotlib
    from matplotlib.figure import Figure

    with matplotlib.rc_context(STYLE):
        fig = Figure(figsize=(width * ncols, height), layout="constrained")
        axes = fig.subplots(1, ncols, squeeze=False)[0]
    return fig, list(axes)


def _style(ax, integer_x=False):
    """Apply the series' style to an axes; ``integer_x`` for an iteration axis (whole-number ticks)."""
    ax.grid(True, alpha=STYLE["grid.alpha"], linestyle=STYLE["grid.linestyle"])
    if integer_x:
        from matplotlib.ticker import MaxNLocator

        ax.xaxis.set_major_locator(MaxNLocator(integer=True))


def plot_data(X, Y=None, line=None, title=None):
    """Draw the noisy points and/or the true line.

    Args:
        X: the inputs (any device).
        Y: the noisy targets, drawn as points; ``None`` to leave them out.
        line: the true line f(X), drawn as a line; ``None`` to leave it out.
        title: an optional title.

    Returns:
        A matplotlib Figure (a notebook shows it when it is a cell's last value).
    """
    x = _numpy(X)
    fig, (ax,) = _figure()
    if Y is not None:
        if _numpy(Y).shape != x.shape:
            raise ValueError("Y must have as many values as X")
        ax.plot(x, _numpy(Y), "o", ms=5, color=COLORS["data"], markeredgecolor="white",
                markeredgewidth=0.5, zorder=3, label="noisy data Y")
    if line is not None:
        if _numpy(line).shape != x.shape:
            raise ValueError("line must have as many values as X")
        ax.plot(x, _numpy(line), "--", lw=2, color=COLORS["true"], zorder=2, label="true line f(x)")
    ax.set_xlabel("x")
    ax.set_ylabel("y")
    if title:
        ax.set_title(title)
    ax.legend()
    _style(ax)
    return fig


def plot_loss_vs_w(ws, losses, marks=None, title="Loss for each slope w"):
    """Draw the loss against w, with optional marked points.

    Args:
        ws, losses: the curve, for example from ``loss_curve``.
        marks: optional list of (w, loss) points to mark and label.
        title: the title.

    Returns:
        A matplotlib Figure.
    """
    ws, losses = _numpy(ws), _numpy(losses)
    if ws.shape != losses.shape:
        raise ValueError("ws and losses must have the same length")
    fig, (ax,) = _figure()
    ax.plot(ws, losses, "-", lw=2.5, color=COLORS["loss"], label="loss L(w)")
    for w, loss in marks or []:
        ax.plot([w], [loss], "D", ms=9, color=COLORS["mark"], markeredgecolor="black")
        ax.annotate(f"w = {w:g}\nL = {loss:.1f}", (w, loss), textcoords="offset points",
                    xytext=(8, 8), fontsize=11)
    i = int(np.argmin(losses))
    ax.axvline(ws[i], color=COLORS["true"], ls=":", lw=1.5, label=f"minimum near w = {ws[i]:.2f}")
    ax.set_xlabel("w")
    ax.set_ylabel("loss (MSE)")
    ax.set_title(title)
    ax.legend()
    _style(ax)
    return fig


def plot_losses(history, log=False, title="Loss per iteration"):
    """Draw the loss of each iteration of a run.

    Args:
        history: a ``History`` from ``train``, or a plain list of losses.
        log: ``True`` for a logarithmic loss axis.
        title: the title.

    Returns:
        A matplotlib Figure.
    """
    losses = history.loss if isinstance(history, History) else list(_numpy(history))
    return plot_runs({"loss": losses}, ylabel="loss (MSE)", title=title, log=log)


# --------------------------------------------------------------------------
# Explorers: sliders that drive the computation above, drawn with blitting.
#
# Each picture is a small matplotlib Figure whose static parts (axes, grid,
# data, loss curve, contour) are drawn once into a cached background. A slider
# change only updates the moving artists, pastes them onto the background and
# sends the PNG to an ipywidgets.Image. Callbacks never print: text goes into
# the readout widget, so nothing leaks into the notebook's stored outputs.
# --------------------------------------------------------------------------


class _Panel:
    """One figure shown in one ipywidgets.Image, with a cached static background."""

    def __init__(self, width=4.6, height=3.8, dpi=100):
        import ipywidgets as widgets
        import matplotlib
        from matplotlib.backends.backend_agg import FigureCanvasAgg
        from matplotlib.figure import Figure

        with matplotlib.rc_context(STYLE):
            self.fig = Figure(figsize=(width, height), dpi=dpi)
            FigureCanvasAgg(self.fig)
            self.ax = self.fig.add_subplot()
        self.fig.subplots_adjust(left=0.19, right=0.96, bottom=0.16, top=0.88)
        self.dynamic = []
        self._background = None
        self.image = widgets.Image(format="png", layout=widgets.Layout(width="33%", min_width="280px"))
        self.image.add_class("explorer-panel")

    def add(self, artist):
        """Register a moving artist: excluded from the background, drawn on every render."""
        artist.set_animated(True)
        self.dynamic.append(artist)
        return artist

    def invalidate(self):
        """Mark the static background as stale (axes limits or static artists changed)."""
        self._background = None

    def render(self):
        """Draw the moving artists over the background and put the PNG into the Image widget."""
        from PIL import Image

        canvas = self.fig.canvas
        if self._background is None:
            canvas.draw()
            self._background = canvas.copy_from_bbox(self.fig.bbox)
        else:
            canvas.restore_region(self._background)
        for artist in self.dynamic:
            if artist.get_visible():
                self.ax.draw_artist(artist)
        rgba = np.asarray(canvas.buffer_rgba())
        buffer = io.BytesIO()
        Image.fromarray(rgba[:, :, :3]).save(buffer, format="png", compress_level=1)
        self.image.value = buffer.getvalue()


def _clip(values, limit=1e6):
    """Values as a float array with non-finite or huge entries clipped, safe to draw."""
    arr = np.nan_to_num(np.asarray(values, dtype=float), nan=limit, posinf=limit, neginf=-limit)
    return np.clip(arr, -limit, limit)


def _fmt(value):
    """A number for the readout: 4 decimals when moderate, scientific notation when huge."""
    if not math.isfinite(value):
        return "overflow"
    return f"{value:.4f}" if abs(value) < 1e4 else f"{value:.3e}"


def _count(n, noun="iteration"):
    """'1 iteration', '20 iterations'."""
    return f"{n} {noun}" + ("" if n == 1 else "s")


def _on_grid(slider, value):
    """``value`` clamped to the slider's range and rounded to its step, as the browser would show it."""
    k = round((min(max(value, slider.min), slider.max) - slider.min) / slider.step)
    return round(slider.min + k * slider.step, 10)


def _draw_data_axes(ax, x, y, title):
    """Draw the data points on fixed axes (the static part of an explorer's data panel)."""
    ax.plot(x, y, "o", ms=4, color=COLORS["data"], label="data")
    ax.set_xlim(-5.3, 5.3)
    ax.set_ylim(-40, 40)
    ax.set_xlabel("x")
    ax.set_ylabel("y")
    ax.set_title(title)
    _style(ax)
    return ax


class _Explorer:
    """Common parts: the panels, the readout and error-safe callbacks."""

    _TEXT = "font-size: 16px; line-height: 1.5;"

    def __init__(self, panels):
        import ipywidgets as widgets

        self.panels = panels
        self.readout = widgets.HTML(layout=widgets.Layout(width="100%"))
        self.readout.add_class("explorer-readout")
        self.errors = []

    def _label_style(self, width="130px"):
        """Style that shows a description in full (ipywidgets cuts long ones by default)."""
        return {"description_width": width}

    def _safely(self, handler):
        """Run a callback; show any error in the readout (and keep it for the tests) instead of raising."""
        try:
            handler()
        except Exception as exc:  # a callback must never crash the explorer or lose the learner's place
            self.errors.append(exc)
            self.readout.value = (
                f"<div style='{self._TEXT} color: #D55E00'>Something went wrong: "
                f"{type(exc).__name__}: {exc}. Move a slider to try again.</div>")

    def _observe(self, widget, handler):
        """Call ``handler`` (safely) when ``widget.value`` changes."""
        widget.observe(lambda change: self._safely(handler), names="value")

    def _render(self):
        """Re-render every panel (each one only redraws what moved)."""
        for panel in self.panels:
            panel.render()

    def _set_readout(self, html):
        self.readout.value = f"<div style='{self._TEXT}'>{html}</div>"

    def summary(self):
        """The readout as plain text."""
        import html
        import re

        text = re.sub(r"<br\s*/?>", "\n", self.readout.value)
        return html.unescape(re.sub(r"<[^>]+>", "", text)).strip()

    def _repr_mimebundle_(self, **kwargs):
        bundle = self.widget._repr_mimebundle_(**kwargs)
        bundle["text/plain"] = f"{type(self).__name__} (live sliders: they need a running kernel)"
        return bundle


class DataExplorer(_Explorer):
    """Sliders for slope, noise and seed that redraw the data and the true line (notebook 1).

    Args:
        slope, noise, seed: the starting values of the sliders.

    The controls are attributes (``slope``, ``noise``, ``seed``); ``points`` and
    ``true_line`` are the drawn artists; ``data`` is the data shown.
    """

    def __init__(self, slope=-5.0, noise=0.4, seed=0):
        import ipywidgets as widgets

        panel = _Panel(width=7.0, height=4.2)
        super().__init__([panel])
        panel.image.layout = widgets.Layout(width="70%", min_width="360px")
        style = self._label_style("90px")
        box = widgets.Layout(width="420px")
        self.slope = widgets.FloatSlider(value=slope, min=-10, max=10, step=0.5, description="slope",
                                         style=style, layout=box, readout_format=".1f")
        self.noise = widgets.FloatSlider(value=noise, min=0, max=5, step=0.1, description="noise",
                                         style=style, layout=box, readout_format=".1f")
        self.seed = widgets.IntSlider(value=seed, min=0, max=50, description="seed", style=style, layout=box)
        ax = panel.ax
        ax.set_xlim(-5.3, 5.3)
        ax.set_ylim(-60, 60)
        ax.set_xlabel("x")
        ax.set_ylabel("y")
        ax.set_title("Data: y = slope · x + noise")
        _style(ax)
        self.points = panel.add(ax.plot([], [], "o", ms=5, color=COLORS["data"], markeredgecolor="white",
                                        markeredgewidth=0.5, label="noisy data Y")[0])
        self.true_line = panel.add(ax.plot([], [], "--", lw=2, color=COLORS["true"], label="true line f(x)")[0])
        ax.legend(handles=[self.points, self.true_line], loc="upper right")
        for w in (self.slope, self.noise, self.seed):
            self._observe(w, self.update)
        self.widget = widgets.VBox([widgets.VBox([self.slope, self.noise, self.seed]), panel.image, self.readout])
        self.update()

    def update(self):
        """Redraw for the current slider values."""
        self.data = make_data(slope=self.slope.value, noise=self.noise.value, seed=self.seed.value)
        x = _numpy(self.data.X)
        self.points.set_data(x, _numpy(self.data.Y))
        self.true_line.set_data(x, _numpy(self.data.line))
        fitted = least_squares(self.data.X, self.data.Y)
        spread = float(np.std(_numpy(self.data.Y - self.data.line)))
        self._set_readout(
            f"True line f(x) = {self.slope.value:.1f}·x, noise {self.noise.value:.1f}, seed {self.seed.value}.<br>"
            f"The points scatter around the line with a spread of {spread:.2f}; "
            f"the best-fitting slope for these points is {fitted:.2f}.")
        self._render()


class LossExplorer(_Explorer):
    """A slider for w that moves the model line over the data and a marker along the loss curve (notebook 2).

    Args:
        X, Y: the data.
        w: the starting value of the slider.

    Attributes: ``w`` (the slider), ``model_line``, ``residuals`` and ``marker`` (the drawn artists).
    """

    def __init__(self, X, Y, w=-10.0):
        import ipywidgets as widgets
        from matplotlib.collections import LineCollection

        X, Y = _check_xy(X, Y)
        self.X, self.Y = X, Y
        self._x, self._y = _numpy(X), _numpy(Y)
        data_panel, loss_panel = _Panel(width=5.6), _Panel(width=5.6)
        super().__init__([data_panel, loss_panel])
        for p in self.panels:
            p.image.layout = widgets.Layout(width="50%", min_width="300px")
        self.w = widgets.FloatSlider(value=w, min=-15, max=5, step=0.1, description="w (slope)",
                                     style=self._label_style("90px"), layout=widgets.Layout(width="520px"),
                                     readout_format=".1f")

        ax = _draw_data_axes(data_panel.ax, self._x, self._y, "Model w·x and its residuals")
        self.residuals = data_panel.add(LineCollection([], colors=COLORS["residual"], linewidths=1.2,
                                                       label="residuals"))
        ax.add_collection(self.residuals)
        self.model_line = data_panel.add(ax.plot([], [], "-", lw=2.5, color=COLORS["model"], label="model w·x")[0])
        ax.legend(handles=[ax.lines[0], self.model_line, self.residuals], loc="upper right", fontsize=10)

        ws = np.linspace(-15, 5, 401)
        self._w_star = least_squares(X, Y)
        self._best_loss = float(loss_curve(X, Y, [self._w_star])[0])
        ax = loss_panel.ax
        ax.plot(ws, loss_curve(X, Y, ws), "-", lw=2.5, color=COLORS["loss"], label="loss L(w)")
        ax.axvline(self._w_star, color=COLORS["true"], ls=":", lw=1.5, label=f"minimum, w = {self._w_star:.2f}")
        ax.set_xticks([-15, -10, -5, 0, 5])
        ax.legend(loc="upper center", fontsize=10)
        ax.set_xlabel("w")
        ax.set_ylabel("loss (MSE)")
        ax.set_title("Loss for each w")
        _style(ax)
        self.marker = loss_panel.add(ax.plot([], [], "D", ms=10, color=COLORS["mark"], markeredgecolor="black")[0])
        self.marker_text = loss_panel.add(ax.annotate("", (0, 0), textcoords="offset points", xytext=(10, 10),
                                                      fontsize=12))
        self._observe(self.w, self.update)
        self.widget = widgets.VBox([self.w, widgets.HBox([p.image for p in self.panels]), self.readout])
        self.update()

    def update(self):
        """Redraw for the current w."""
        w = self.w.value
        pred = w * self._x
        self.model_line.set_data(self._x, pred)
        self.residuals.set_segments([[(x, y), (x, p)] for x, y, p in zip(self._x, self._y, pred)])
        loss = float(np.mean((pred - self._y) ** 2))
        self.marker.set_data([w], [loss])
        self.marker_text.xy = (w, loss)
        self.marker_text.set_text(f"L = {loss:.1f}")
        self.marker_text.set_horizontalalignment("right" if w > -2 else "left")
        self.marker_text.set_position((-10, 10) if w > -2 else (10, 10))
        gap = w - self._w_star
        if abs(gap) < 0.05:
            advice = "This is the bottom of the bowl: the residuals are just the noise."
        elif gap < 0:
            advice = f"The line is too steep; increase w towards {self._w_star:.2f} to shrink the residuals."
        else:
            advice = f"The line is too flat; decrease w towards {self._w_star:.2f} to shrink the residuals."
        self._set_readout(f"w = {w:.1f}: loss = {loss:.3f} (the lowest possible is "
                          f"{self._best_loss:.3f} at w = {self._w_star:.2f}).<br>"
                          f"{advice}")
        self._render()


class TrainingExplorer(_Explorer):
    """Sliders for learning rate, iterations and initial w (and b) that rerun and redraw the training.

    Args:
        X, Y: the data.
        with_bias: ``False`` trains w alone (notebook 3); ``True`` trains w and b (notebook 4).
        lr, iterations, w0, b0: the starting values of the controls.

    Controls (attributes): ``lr`` (log slider), ``lr_exact`` (type an exact value), ``iterations``,
    ``w0``, ``b0`` (only with bias), ``shown`` (iteration shown) with ``play``, and ``presets``.
    Drawn artists: ``fit_line``, ``loss_line``, ``path``, ``current``. ``history`` is the run;
    ``runs`` counts fresh training runs.
    """

    MAX_ITERATIONS = 200

    def __init__(self, X, Y, with_bias=False, lr=0.1, iterations=20, w0=-10.0, b0=-20.0):
        import ipywidgets as widgets

        X, Y = _check_xy(X, Y)
        self.X, self.Y = X.detach().cpu(), Y.detach().cpu()
        self.with_bias = bool(with_bias)
        self._x, self._y = _numpy(X), _numpy(Y)
        self.lr_critical = critical_lr(X, with_bias=self.with_bias)
        self._curvature_min = float(np.linalg.eigvalsh(hessian(X, with_bias=self.with_bias)).min())
        self.optimum = least_squares(X, Y, with_bias=self.with_bias)
        self.defaults = {"lr": _check_lr(lr), "iterations": _check_iterations(iterations),
                         "w0": _as_float("w0", w0), "b0": _as_float("b0", b0)}
        self.runs = 0
        self.history = None
        self._holding = False

        super().__init__([_Panel(), _Panel(), _Panel()])
        style = self._label_style("110px")
        row = widgets.Layout(width="460px")
        self.lr = widgets.FloatLogSlider(value=lr, base=10, min=-3, max=-0.5, step=0.01,
                                         description="learning rate", readout_format=".3g",
                                         style=style, layout=row)
        self.lr_exact = widgets.BoundedFloatText(value=lr, min=1e-4, max=10.0, step=0.001,
                                                 description="exact value", style=self._label_style("80px"),
                                                 layout=widgets.Layout(width="190px"))
        self.lr_mark = widgets.HTML(f"<span style='font-size: 14px'>critical lr* = "
                                    f"<b>{self.lr_critical:.5f}</b> (diverges at and above)</span>")
        self.iterations = widgets.IntSlider(value=iterations, min=0, max=self.MAX_ITERATIONS,
                                            description="iterations", style=style, layout=row)
        self.w0 = widgets.FloatSlider(value=w0, min=-15, max=5, step=0.5, description="initial w",
                                      style=style, layout=row, readout_format=".1f")
        self.b0 = widgets.FloatSlider(value=b0, min=-25, max=15, step=0.5, description="initial b",
                                      style=style, layout=row, readout_format=".1f")
        self.shown = widgets.IntSlider(value=iterations, min=0, max=iterations, description="iteration shown",
                                       style=style, layout=row)
        self.play = widgets.Play(value=iterations, min=0, max=iterations, interval=150,
                                 description="play", layout=widgets.Layout(width="auto"))
        widgets.jslink((self.play, "value"), (self.shown, "value"))
        self.presets = {}
        for name, tip in [("tutorial", "lr 0.1, 20 iterations"), ("slow", "lr 0.01: smooth but slow"),
                          ("oscillating", "lr 0.11: zig-zag"), ("diverging", "lr 0.13: blows up"),
                          ("defaults", "back to the start")]:
            button = widgets.Button(description=name, tooltip=tip, layout=widgets.Layout(width="110px"))
            button.on_click(lambda _b, name=name: self._safely(lambda: self.apply_preset(name)))
            self.presets[name] = button

        self._build_panels()
        self._observe(self.lr, self._lr_moved)
        self._observe(self.lr_exact, self._lr_typed)
        self._observe(self.iterations, self._iterations_moved)
        self._observe(self.w0, self._restart)
        if self.with_bias:
            self._observe(self.b0, self._restart)
        self._observe(self.shown, self._show)
        self._lr_value = self.lr_exact.value

        controls = [widgets.HBox([self.lr, self.lr_exact, self.lr_mark]), self.iterations, self.w0]
        if self.with_bias:
            controls.append(self.b0)
        controls.append(widgets.HBox([self.shown, self.play]))
        controls.append(widgets.HBox([widgets.Label("presets:", style={"font_size": "14px"})]
                                     + list(self.presets.values())))
        # A 2 x 2 grid, large enough for a projector: the fit and the descent path on top,
        # the loss per iteration and the readout below.
        data_panel, loss_panel, land_panel = self.panels
        for p in self.panels:
            p.image.layout = widgets.Layout(width="100%")
        self.readout.layout = widgets.Layout(width="100%", align_self="center")
        grid = widgets.GridBox([data_panel.image, land_panel.image, loss_panel.image, self.readout],
                               layout=widgets.Layout(grid_template_columns="repeat(2, minmax(280px, 560px))",
                                                     grid_gap="4px 16px"))
        self.widget = widgets.VBox([widgets.VBox(controls), grid])
        self._restart()

    # ---------------------------------------------------------------- setup

    def _build_panels(self):
        """Draw the static parts of the three panels and create the moving artists."""
        from matplotlib.ticker import NullLocator

        data_panel, loss_panel, land_panel = self.panels
        ax = _draw_data_axes(data_panel.ax, self._x, self._y, "Data and fitted line")
        self.fit_line = data_panel.add(ax.plot([], [], "-", lw=2.5, color=COLORS["model"], label="fitted line")[0])
        ax.legend(handles=[ax.lines[0], self.fit_line], loc="upper right", fontsize=10)

        ax = loss_panel.ax
        ax.set_yscale("log")
        ax.set_ylim(0.1, 2e4)
        ax.set_xlabel("iteration")
        ax.set_ylabel("loss (log scale)")
        ax.set_title("Loss per iteration")
        _style(ax, integer_x=True)
        ax.yaxis.set_minor_locator(NullLocator())  # fewer ticks: a faster redraw and a calmer picture
        best = float(loss_curve(self.X, self.Y, [self.optimum[0] if self.with_bias else self.optimum],
                                b=self.optimum[1] if self.with_bias else 0.0)[0])
        ax.axhline(best, color=COLORS["true"], ls=":", lw=1.5, label=f"lowest possible ({best:.3f})")
        self.loss_line = loss_panel.add(ax.plot([], [], "o-", ms=3, lw=1.5, color=COLORS["loss"],
                                                label="loss")[0])
        self.loss_marker = loss_panel.add(ax.plot([], [], "D", ms=9, color=COLORS["mark"],
                                                  markeredgecolor="black", label="iteration shown")[0])
        ax.legend(loc="upper right", fontsize=9)

        ax = land_panel.ax
        if self.with_bias:
            # Equal scale on both axes, so the valley's true shape shows: a narrow trench along b.
            # The b range is the initial-b slider's; w gets as much room as the panel's width allows.
            b_lo, b_hi = -25.0, 15.0
            box = ax.get_position()
            half = (b_hi - b_lo) * (box.width * self.panels[2].fig.get_figwidth()) / (
                box.height * self.panels[2].fig.get_figheight()) / 2
            w_lo, w_hi = -5.0 - half, -5.0 + half
            ax.set_xlim(w_lo, w_hi)
            ax.set_ylim(b_lo, b_hi)
            ax.set_aspect("equal", adjustable="box")
            ws, bs = np.linspace(w_lo, w_hi, 241), np.linspace(b_lo, b_hi, 161)
            W, B = np.meshgrid(ws, bs)
            x, y = self._x.astype(float), self._y.astype(float)
            # L(w, b) = mean((w x + b - y)^2), expanded so the whole grid costs a few array operations
            Z = (W**2 * np.mean(x * x) + 2 * W * B * np.mean(x) + B**2 - 2 * W * np.mean(x * y)
                 - 2 * B * np.mean(y) + np.mean(y * y))
            levels = np.geomspace(max(Z.min(), 0.05) * 1.5, Z.max(), 12)
            ax.contour(W, B, Z, levels=levels, colors=COLORS["loss"], linewidths=1.0, alpha=0.8)
            ax.plot([self.optimum[0]], [self.optimum[1]], "*", ms=16, color=COLORS["optimum"],
                    markeredgecolor="black", label="least-squares optimum")
            ax.set_xlabel("w")
            ax.set_ylabel("b")
            ax.set_title("Loss landscape and descent path")
        else:
            ws = np.linspace(-15, 5, 401)
            ax.plot(ws, loss_curve(self.X, self.Y, ws), "-", lw=2, color=COLORS["loss"], label="loss L(w)")
            ax.set_xlim(-15, 5)
            ax.set_ylim(-40, 900)
            ax.set_xlabel("w")
            ax.set_ylabel("loss (MSE)")
            ax.set_title("Gradient descent on L(w)")
        _style(ax)
        self.path = land_panel.add(ax.plot([], [], "o--", ms=5, lw=1.2, color=COLORS["path"],
                                           label="descent path")[0])
        self.current = land_panel.add(ax.plot([], [], "D", ms=10, color=COLORS["mark"], markeredgecolor="black",
                                              label="iteration shown")[0])
        if not self.with_bias:
            ax.set_xticks([-15, -10, -5, 0, 5])
        ax.legend(handles=[h for h in ax.lines if not h.get_label().startswith("_")],
                  loc="upper right" if self.with_bias else "upper center", fontsize=9)

    # ---------------------------------------------------------------- callbacks

    def _lr_grid(self, value):
        """The position on the log slider's grid (an integer) nearest to ``value``."""
        return round((math.log10(value) - self.lr.min) / self.lr.step)

    def _slider_lr(self, value):
        """The value on the log slider's grid nearest to ``value`` (inside its range)."""
        k = min(max(self._lr_grid(value), 0), round((self.lr.max - self.lr.min) / self.lr.step))
        return 10.0 ** (self.lr.min + k * self.lr.step)

    def _lr_moved(self):
        """The log slider moved: use its value, and show it in the exact box."""
        if self._holding:
            return
        if self._lr_grid(self.lr.value) == self._lr_grid(self._lr_value):
            # The browser only snapped an exact value onto the slider's grid: keep the exact value.
            return
        self._lr_value = float(self.lr.value)
        self._holding = True
        try:
            self.lr_exact.value = round(self._lr_value, 6)
        finally:
            self._holding = False
        self._restart()

    def _lr_typed(self):
        """An exact value was typed: use it as it is, and move the slider near it."""
        if self._holding:
            return
        value = float(self.lr_exact.value)
        if not math.isfinite(value) or value <= 0:
            self._set_readout(f"The learning rate must be a positive number; keeping {self._lr_value:g}.")
            return
        self._lr_value = value
        self._holding = True
        try:
            self.lr.value = self._slider_lr(value)  # the slider shows the nearest step; the exact value is kept
        finally:
            self._holding = False
        self._restart()

    def _restart(self):
        """A setting that changes the run (lr, initial w or b): train afresh."""
        if self._holding:
            return
        self.history = None
        self._ensure(self.iterations.value)
        self._set_shown_range()
        self._draw_run()

    def _iterations_moved(self):
        """More or fewer iterations: reuse the run, extending it only past its end."""
        if self._holding:
            return
        self._ensure(self.iterations.value)
        self._set_shown_range()
        self._draw_run()

    def _show(self):
        """The playback slider moved: redraw from the stored history, never retrain."""
        if self._holding:
            return
        self._draw_shown()
        self._render()
        self._update_readout()

    # ---------------------------------------------------------------- computation

    def _ensure(self, n):
        """Make sure the run has at least ``n`` steps (or has diverged)."""
        h = self.history
        b0 = self.b0.value if self.with_bias else None
        if h is None:
            self.history = train(self.X, self.Y, w0=self.w0.value, lr=self._lr_value, iterations=n, b0=b0)
            self.runs += 1
            return
        if h.diverged_at is not None or h.iterations >= n:
            return
        w_start = h.w[-1] if h.w else h.w0
        b_start = (h.b[-1] if h.b else h.b0) if self.with_bias else None
        more = train(self.X, self.Y, w0=w_start, lr=self._lr_value, iterations=n - h.iterations, b0=b_start)
        if more.diverged_at is not None:
            h.diverged_at = h.iterations + more.diverged_at
        h.loss += more.loss
        h.w += more.w
        if self.with_bias:
            h.b += more.b

    def _steps(self):
        """The number of steps to show: the iterations asked for, or fewer if the run diverged."""
        return min(self.iterations.value, self.history.iterations)

    def _set_shown_range(self):
        n = self._steps()
        self._holding = True
        try:
            for w in (self.shown, self.play):
                w.max = n
                w.value = n
        finally:
            self._holding = False

    def state(self, k=None):
        """The parameters (w, b) after ``k`` steps of the run (the shown iteration by default)."""
        k = self.shown.value if k is None else k
        return self.history.path()[k]

    # ---------------------------------------------------------------- drawing

    _X_BUCKETS = (5, 10, 20, 30, 50, 75, 100, 150, 200)

    def _draw_run(self):
        n = self._steps()
        path = self.history.path()[: n + 1]
        # The loss at the parameters after k steps, for k = 0 .. n: the loss each step started from,
        # then the loss where the last step landed, so the line ends under the "iteration shown" marker.
        losses = self.history.loss[:n] + [self._loss_at(*path[n])]
        ax = self.panels[1].ax
        # Axis limits move in coarse steps and only when the run no longer fits them well,
        # so most slider changes reuse the cached background instead of redrawing the axes.
        right = ax.get_xlim()[1]
        if not (n <= right <= max(3 * n, self._X_BUCKETS[0])):
            right = next((b for b in self._X_BUCKETS if b >= n), n)
        worst = max([v for v in losses if math.isfinite(v)], default=1.0)
        top = ax.get_ylim()[1]
        if not (worst * 2 <= top <= max(2e4, worst * 1e4)):
            top = 2e4 if worst < 4e3 else 10.0 ** (2 * math.ceil(math.log10(worst * 5) / 2))
        if ax.get_xlim() != (0, right) or ax.get_ylim()[1] != top:
            ax.set_xlim(0, right)
            ax.set_ylim(0.1, top)
            # a loss that climbs to the top right would run under the legend: move it out of the way
            ax.get_legend().set_loc("lower right" if top > 2e4 else "upper right")
            self.panels[1].invalidate()
        self.loss_line.set_data(range(n + 1), _clip(losses, 1e300))
        pw, pb = zip(*path)
        if self.with_bias:
            self.path.set_data(_clip(pw), _clip(pb))
        else:
            self.path.set_data(_clip(pw), _clip(loss_curve(self.X, self.Y, _clip(pw))))
        self._draw_shown()
        self._render()
        self._update_readout()

    def _loss_at(self, w, b):
        """The loss at (w, b), or infinity where the parameters overflowed."""
        if not (math.isfinite(w) and math.isfinite(b)):
            return float("inf")
        value = float(loss_curve(self.X, self.Y, [w], b=b)[0])
        return value if math.isfinite(value) else float("inf")

    def _draw_shown(self):
        k = min(self.shown.value, self._steps())
        w, b = self.state(k)
        loss = self._loss_at(w, b)
        w, b = float(_clip([w])[0]), float(_clip([b])[0])
        self.fit_line.set_data(self._x, _clip(w * self._x + b))
        self.loss_marker.set_data([k], [min(loss, 1e300)])
        if self.with_bias:
            self.current.set_data([w], [b])
        else:
            self.current.set_data([w], [min(loss, 1e6)])

    def _update_readout(self):
        lr = self._lr_value
        lr_star = self.lr_critical
        kind = regime(lr, lr_star)
        factor = abs(1 - lr * 2 / lr_star)
        shown_factor = f"{factor:.2f}" if factor >= 0.1 else f"{factor:.2g}"  # 0.67, 1.17; 0.0024
        n = self._steps()
        k = min(self.shown.value, n)
        w, b = self.state(k)
        params = f"w = {_fmt(w)}" + (f", b = {_fmt(b)}" if self.with_bias else "")
        along = " along the steepest direction" if self.with_bias else ""
        if kind == "smooth":
            words = (f"<b>smooth</b>: each step closes {1 - factor:.0%} of the remaining distance to the "
                     f"minimum{along}, "
                     f"without overshooting.")
        elif kind == "oscillating":
            words = (f"<b>oscillating</b>: each step overshoots the minimum, so w zig-zags towards it "
                     f"(its distance to the minimum{along} shrinks ×{shown_factor} per step).")
        else:
            words = (f"<b>diverging</b>: every step overshoots further than the last "
                     f"(the distance to the minimum{along} grows ×{shown_factor} per step).")
        lines = [f"learning rate <b>{lr:.4g}</b> (critical lr* = {lr_star:.5f}; smooth below "
                 f"{lr_star / 2:.5f}) → {words}"]
        if self.with_bias and kind != "diverging":
            slow = lr * self._curvature_min
            lines.append(f"Along the shallow direction (mostly b) each step closes only {slow:.1%} of the "
                         "remaining distance.")
        stopped = self.history.diverged_at is not None and self.history.diverged_at < self.iterations.value
        if stopped:
            lines.append(f"<b>Stopped early</b>: you asked for {self.iterations.value} iterations, but the run "
                         f"stopped after {n}, because the loss had grown too large to store as a number "
                         f"(it overflowed).")
        elif not self.with_bias:
            reached = steps_to_reach(self.history.w[:n], self.optimum)
            best = f"the best w ({self.optimum:.4f})"
            lines.append(f"w gets within 0.01 of {best} after {_count(reached)} and stays there."
                         if reached else f"w is not within 0.01 of {best} after {_count(n)}.")
        ran = f"the {_count(n)} that ran" if stopped else _count(n)
        lines.append(f"After {k} of {ran}: {params}, loss = {_fmt(self._loss_at(w, b))}.")
        self._set_readout("<br>".join(lines))

    # ---------------------------------------------------------------- presets

    def preset_values(self, name):
        """The settings a preset button applies: a dict of lr, iterations, w0, b0."""
        d = dict(self.defaults)
        table = {
            "tutorial": {"lr": 0.1, "iterations": 20, "w0": -10.0, "b0": -20.0},
            "slow": {"lr": 0.01, "iterations": 100},
            "oscillating": {"lr": 0.11, "iterations": 60},
            "diverging": {"lr": 0.13, "iterations": 60},
            "defaults": {},
        }
        if name not in table:
            raise ValueError(f"name must be one of {sorted(table)}, got {name!r}")
        d.update(table[name])
        return d

    def apply_preset(self, name):
        """Set every control to a preset's values, then train and draw once."""
        values = self.preset_values(name)
        self.set(**values)

    def set(self, lr=None, iterations=None, w0=None, b0=None):
        """Set several controls at once and rerun once (what the preset buttons do)."""
        self._holding = True
        try:
            if lr is not None:
                lr = _check_lr(lr)
                self.lr.value = self._slider_lr(lr)
                self.lr_exact.value = lr
                self._lr_value = lr
            if iterations is not None:
                self.iterations.value = _check_iterations(iterations)
            if w0 is not None:
                self.w0.value = _on_grid(self.w0, _as_float("w0", w0))
            if b0 is not None:
                self.b0.value = _on_grid(self.b0, _as_float("b0", b0))
        finally:
            self._holding = False
        self._restart()


# --------------------------------------------------------------------------
# Exercises: checks that run a learner's answer and explain what they found.
#
# Every check returns a Feedback: shown as a coloured box when it is a cell's
# last value, with ``status`` one of "correct", "wrong", "not answered" and
# "invalid". A check never raises on what a learner can type.
# --------------------------------------------------------------------------


@dataclass
class Feedback:
    """What a check found: ``status`` and a ``message`` for the learner."""

    status: str
    message: str

    # Plain symbols (not emoji), so they show even where no emoji font is installed.
    _LOOK = {"correct": ("✔", "#009E73", "correct"), "wrong": ("✘", "#D55E00", "not quite"),
             "not answered": ("✎", "#0072B2", "not answered yet"), "invalid": ("⚠", "#E69F00", "can't check this")}

    @property
    def correct(self):
        """True when the answer is right."""
        return self.status == "correct"

    def __repr__(self):
        icon, _, label = self._LOOK[self.status]
        return f"{icon} {label}: {self.message}"

    def _repr_html_(self):
        import html

        icon, colour, label = self._LOOK[self.status]
        return (f"<div style='border-left: 6px solid {colour}; padding: 6px 12px; font-size: 15px'>"
                f"{icon} <b>{label}</b>: {html.escape(self.message)}</div>")


def _unanswered(how):
    return Feedback("not answered", how)


def _number(value, name):
    """``value`` as a finite float, or a Feedback saying why it is not one.

    Python and NumPy numbers count, and so do tensors and NumPy arrays holding a single number.
    """
    if isinstance(value, torch.Tensor):
        if value.numel() != 1:
            return Feedback("invalid", f"{name} should be a single number, but it is a tensor of shape "
                                       f"{tuple(value.shape)}.")
        value = value.detach().cpu().item()
    elif isinstance(value, np.ndarray):
        if value.size != 1:
            return Feedback("invalid", f"{name} should be a single number, but it is a NumPy array of shape "
                                       f"{value.shape}.")
        value = value.item()
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Real):
        return Feedback("invalid", f"{name} should be a number, but it is {type(value).__name__} {value!r}.")
    try:
        value = float(value)
    except (OverflowError, ValueError):
        return Feedback("invalid", f"{name} is too large to be stored as a number.")
    if not math.isfinite(value):
        return Feedback("invalid", f"{name} is {value}; it should be a finite number.")
    return value


def _choice(answer, options, how):
    """Normalise a multiple-choice answer, or a Feedback saying what is wrong with it."""
    if answer is None:
        return _unanswered(how)
    if not isinstance(answer, str) or answer.strip().lower() not in options:
        return Feedback("invalid", f"the answer should be one of {', '.join(repr(o) for o in options)}; "
                                   f"got {answer!r}.")
    return answer.strip().lower()


def _call(function, *args):
    """Call a learner's function; return (result, None) or (None, Feedback) if it raised."""
    try:
        return function(*args), None
    except Exception as exc:  # the learner's code may raise anything; say what and where
        return None, Feedback("wrong", f"your function raised {type(exc).__name__}: {exc}. "
                                       "Run it on its own in a new cell to see where.")


def _other_data():
    """Seven made-up points around the line y = 3x: a learner's function must work here too, not only on X, Y."""
    X = torch.tensor([-3.0, -2.0, -1.0, 0.5, 1.0, 2.0, 4.0]).view(-1, 1)
    Y = 3.0 * X + torch.tensor([0.3, -0.5, 0.2, 0.1, -0.4, 0.6, -0.2]).view(-1, 1)
    return X, Y


def _loss64(w, X, Y):
    """The MSE of the model w * x in float64, the reference the checks compare with."""
    x, y = X.detach().double(), Y.detach().double()
    return float(((w * x - y) ** 2).mean())


def _same_run(a, b):
    """True if two lists of parameter values agree step by step (to float32 rounding)."""
    return len(a) == len(b) and all(math.isclose(u, v, rel_tol=1e-4, abs_tol=1e-4) for u, v in zip(a, b))


# ---------------------------------------------------------------- notebook 1

def check_data(X1, Y1):
    """Check exercise 1.1: 100 points on f(x) = 2x with noise of standard deviation 1, seed 3.

    Args:
        X1: the inputs, a (100, 1) tensor from -5 to 4.9.
        Y1: the noisy targets, a (100, 1) tensor.

    Returns:
        Feedback.
    """
    if X1 is None or Y1 is None:
        return _unanswered("Set X1 and Y1 in the cell above: reuse the steps of this notebook with "
                           "slope 2, noise 1 and seed 3.")
    for name, t in (("X1", X1), ("Y1", Y1)):
        if not isinstance(t, torch.Tensor):
            return Feedback("invalid", f"{name} should be a torch tensor, but it is {type(t).__name__}.")
        if t.is_complex() or t.dtype == torch.bool:
            return Feedback("invalid", f"{name} holds {t.dtype} values; it should hold real numbers.")
    if X1.numel() != 100:
        return Feedback("wrong", f"X1 holds {X1.numel()} values (shape {tuple(X1.shape)}); it should hold the "
                                 "100 inputs from -5 to 4.9 in steps of 0.1.")
    if X1.shape != (100, 1):
        return Feedback("wrong", f"X1 has shape {tuple(X1.shape)}; it should be (100, 1): a column, one input "
                                 "per row.")
    x = X1.detach().cpu().double()
    y = Y1.detach().cpu().double()
    if not (torch.isfinite(x).all() and torch.isfinite(y).all()):
        return Feedback("invalid", "X1 or Y1 contains NaN or infinite values.")
    if Y1.shape == (100, 100) and torch.allclose(y - y[:, :1], (y - y[:, :1])[:1].expand(100, 100), atol=1e-4):
        # every entry is (a value per row) + (a value per column): a column and a row were broadcast together
        return Feedback("wrong", "Y1 has shape (100, 100), not (100, 1): each of its entries is one value from a "
                                 "column of 100 plus one value from a row of 100. That is broadcasting: adding a "
                                 "(100, 1) tensor such as X1 and a tensor of shape (100,) or (1, 100) pairs every "
                                 "row with every entry. Give the noise the same shape as X1, (100, 1).")
    if Y1.shape != (100, 1):
        if Y1.numel() == 100:
            return Feedback("wrong", f"Y1 has shape {tuple(Y1.shape)}, while X1 has the right shape (100, 1); "
                                     "Y1 should have that shape too: one target per row.")
        return Feedback("wrong", f"Y1 holds {Y1.numel()} values (shape {tuple(Y1.shape)}); it should hold 100, "
                                 "one target for each input, in shape (100, 1).")
    x, y = x.reshape(-1), y.reshape(-1)
    expected = make_data(slope=2.0, noise=1.0, seed=3).X.double().reshape(-1)
    off = float((x - expected).abs().max())
    if 1e-6 < off < 0.01:
        return Feedback("wrong", f"X1 is close to the 100 inputs -5, -4.9, ..., 4.9, but off by up to {off:.2g}; "
                                 f"its dtype is {X1.dtype}: make it float32 or float64.")
    if off > 1e-6:
        step = float(x[1] - x[0])
        return Feedback("wrong", f"X1 runs from {float(x[0]):.4g} to {float(x[-1]):.4g} (first step {step:.4g}); "
                                 "it should be the 100 inputs -5, -4.9, ..., 4.9: steps of 0.1, 5 itself left out.")
    noise = y - 2.0 * x
    for name, draw in _seed_3_draws().items():
        if (noise - draw).abs().max() < 1e-5:
            return Feedback("correct", f"your points lie around f(x) = 2x with a spread of {float(noise.std()):.2f}, "
                                       f"and the noise is exactly the draw of {name}.")
    for draw in _seed_3_draws().values():
        shift = float((noise - draw).mean())
        if (noise - draw - shift).abs().max() < 1e-5:
            return Feedback("wrong", f"your noise is exactly the seed-3 draw, but every point is also shifted by "
                                     f"{shift:.4g}: your points lie around the line 2x {'+' if shift > 0 else '-'} "
                                     f"{abs(shift):.4g}. The line f(x) = 2x passes through 0: nothing should be "
                                     "added to every point.")
        scale = float((noise * draw).sum() / (draw * draw).sum())
        if abs(scale + 1) < 1e-6 and (noise + draw).abs().max() < 1e-5:
            return Feedback("correct", f"your points lie around f(x) = 2x with a spread of {float(noise.std()):.2f}, "
                                       "and the noise is the seed-3 draw with its sign flipped (you subtracted "
                                       "it): noise of standard deviation 1 as well.")
        if abs(scale) > 1e-3 and (noise - scale * draw).abs().max() < 1e-5:
            tutorial = " (the tutorial's 0.4)" if abs(scale - 0.4) < 1e-6 else ""
            return Feedback("wrong", f"your noise is exactly the seed-3 draw multiplied by {scale:.4g}{tutorial}; "
                                     "this exercise asks for noise of standard deviation 1, which is the draw "
                                     "itself.")
    slope = float(((x - x.mean()) * (y - y.mean())).sum() / ((x - x.mean()) ** 2).sum())
    offset = float(noise.mean())
    spread = float(noise.std())
    if abs(slope + 2.0) < 0.3:
        return Feedback("wrong", f"your points slope downwards (best-fitting slope {slope:.2f}); the line "
                                 "should be f(x) = 2x, rising to the right.")
    if abs(slope - 2.0) > 0.3:
        return Feedback("wrong", f"the best-fitting slope of your points is {slope:.2f}, not about 2: the line "
                                 "should be f(x) = 2x.")
    if spread < 0.05:
        line = "f(x) = 2x" if abs(offset) < 0.05 else f"2x {'+' if offset > 0 else '-'} {abs(offset):.2f}"
        return Feedback("wrong", f"your points sit exactly on the line {line}, with no noise around it: add "
                                 "noise of standard deviation 1, drawn from a generator seeded with 3.")
    if abs(offset) > 0.5:
        return Feedback("wrong", f"your points lie around a shifted line: Y1 - 2*X1 averages {offset:.2f}, but "
                                 "noise drawn around 0 averages close to 0 over 100 points (typically within 0.2). "
                                 "The line f(x) = 2x passes through 0: is something added to every point?")
    if abs(spread - 0.4) < 0.08:
        return Feedback("wrong", f"the spread around the line is {spread:.2f}, close to the tutorial's 0.4; "
                                 "this exercise asks for noise with standard deviation 1.")
    if abs(spread - 1.0) < 0.25:
        return Feedback("wrong", f"right slope, and a spread around the line ({spread:.2f}) that fits noise of "
                                 "standard deviation 1, but the noise is none of the seed-3 draws this check "
                                 "knows: the first 100 numbers of PyTorch's generator seeded with 3 (a "
                                 "torch.Generator or torch.manual_seed; float32 or float64) or of NumPy's (float64). "
                                 "If you seeded the global generator, anything drawn after seeding and before the "
                                 "noise changes the numbers; a generator of your own, as this notebook used, "
                                 "avoids that.")
    return Feedback("wrong", f"the spread around the line is {spread:.2f}; with noise of standard deviation "
                             "1 it should be close to 1.")


def _seed_3_draws():
    """The first 100 standard-normal numbers of each generator seeded with 3 that check_data accepts."""
    g32, g64 = torch.Generator().manual_seed(3), torch.Generator().manual_seed(3)
    return {
        "a PyTorch generator seeded with 3": torch.randn(100, generator=g32).double(),
        "a PyTorch generator seeded with 3, in float64": torch.randn(100, generator=g64, dtype=torch.float64),
        "NumPy's default_rng(3)": torch.from_numpy(np.random.default_rng(3).standard_normal(100)),
        "NumPy's legacy generator seeded with 3": torch.from_numpy(np.random.RandomState(3).standard_normal(100)),
    }


def check_noise_answer(answer):
    """Check exercise 1.2: what happens to the best-fitting slope when the noise grows from 0.4 to 4?

    Args:
        answer: "a", "b" or "c".

    Returns:
        Feedback.
    """
    how = 'Set answer = "a", "b" or "c".'
    answer = _choice(answer, ("a", "b", "c"), how)
    if isinstance(answer, Feedback):
        return answer
    data = make_data(noise=4.0)
    slope = least_squares(data.X, data.Y)
    typical = 4.0 / math.sqrt(float(np.sum(_numpy(data.X).astype(float) ** 2)))
    if answer == "b":
        return Feedback("correct", f"with noise 4 the best-fitting slope is {slope:.2f}: the points scatter "
                                   "ten times wider, but 100 points spread from -5 to 5 still pin the slope "
                                   f"down (its typical error is 4 / sqrt(sum of x^2), about {typical:.2f}).")
    if answer == "a":
        return Feedback("wrong", "the points do look much messier. Before you decide, set the noise to 4 in the "
                                 "explorer and read the best-fitting slope in its readout: how far is it from -5?")
    return Feedback("wrong", "noise adds as much up as down, so on its own it has no reason to flatten the line. "
                             "Set the noise to 4 in the explorer and read the best-fitting slope in its readout.")


# ---------------------------------------------------------------- notebook 2

def check_mse(my_mse):
    """Check exercise 2.1: a hand-written mean squared error, on the notebook's data and on 7 other points.

    Args:
        my_mse: a function (y_pred, y) -> a single number (a tensor of one element, a float, a NumPy value).

    Returns:
        Feedback.
    """
    if not callable(my_mse):
        return Feedback("invalid", f"my_mse should be a function, but it is {type(my_mse).__name__}.")
    data = make_data()
    y_pred = forward(data.X, -7.0)
    result, error = _call(my_mse, y_pred.clone(), data.Y.clone())
    if error:
        return error
    if result is None:
        return _unanswered("Replace 'return None' in my_mse with the mean of the squared differences.")
    value = _number(result, "my_mse's result")
    if isinstance(value, Feedback):
        return value
    diff = (y_pred - data.Y).double()
    right = float((diff ** 2).mean())
    if not math.isclose(value, right, rel_tol=1e-4):
        if math.isclose(value, float((diff ** 2).sum()), rel_tol=1e-4):
            return Feedback("wrong", f"you get {value:.1f}, {diff.numel()} times the right value: that is the sum "
                                     "of the squares. Divide by the number of points (torch.mean does it).")
        if math.isclose(value, float(diff.mean()), rel_tol=1e-4, abs_tol=1e-6) or \
                math.isclose(value, float(diff.sum()), rel_tol=1e-4, abs_tol=1e-6):
            return Feedback("wrong", "the square is missing: without it, misses above and below the line cancel "
                                     "out. Square the differences before averaging.")
        if math.isclose(value, float(diff.abs().mean()), rel_tol=1e-4):
            return Feedback("wrong", "that is the mean absolute error: square the differences instead of taking "
                                     "their absolute value.")
        if math.isclose(value, math.sqrt(right), rel_tol=1e-4):
            return Feedback("wrong", "that is the root of the mean squared error; leave out the square root.")
        return Feedback("wrong", f"my_mse gives {value:.3f} for the predictions of w = -7 on the notebook's data, "
                                 f"but their mean squared error is {right:.3f}. Square each difference between "
                                 "prediction and target, then take the mean of the squares.")
    # Right on the notebook's data: it must also be right on other data, so it cannot lean on X, Y or n = 100.
    X7, Y7 = _other_data()
    pred7 = forward(X7, 2.0)
    result7, error = _call(my_mse, pred7.clone(), Y7.clone())
    if error:
        return Feedback("wrong", f"right on the notebook's data, but on 7 other points {error.message} "
                                 "A function that uses only its arguments y_pred and y works for any number of "
                                 "points; one that uses the notebook's Y (100 points) fails here.")
    value7 = _number(result7, "my_mse's result on 7 other points")
    if isinstance(value7, Feedback):
        return value7
    squares7 = ((pred7 - Y7).double() ** 2)
    right7 = float(squares7.mean())
    if not math.isclose(value7, right7, rel_tol=1e-4):
        seen = (f"right on the notebook's data, but on 7 other points (not the notebook's data) my_mse gave "
                f"{value7:.4g} instead of {right7:.4g}")
        if math.isclose(value7, float(squares7.sum()) / 100, rel_tol=1e-4):
            return Feedback("wrong", f"{seen}: that is the sum of their squares divided by 100, the notebook's "
                                     "number of points, instead of by 7. Divide by the number of points that "
                                     "y_pred and y hold.")
        if math.isclose(value7, value, rel_tol=1e-6):
            return Feedback("wrong", f"{seen}, the same value it gave on the notebook's data: does it use only its "
                                     "arguments y_pred and y?")
        return Feedback("wrong", f"{seen}: does it use only its arguments y_pred and y, and divide by their count?")
    return Feedback("correct", f"my_mse gives {value:.3f} at w = -7, the same as the criterion, and it is right "
                               "on 7 other points too.")


def check_best_w(best_w):
    """Check exercise 2.2: the exact best slope w* of the model w * x on the notebook's data, to 4 decimals.

    Args:
        best_w: a number (a float, a one-element tensor or a NumPy value).

    Returns:
        Feedback.
    """
    if best_w is None:
        return _unanswered("Set best_w with the formula above, using sums over X and Y.")
    value = _number(best_w, "best_w")
    if isinstance(value, Feedback):
        return value
    data = make_data()
    right = least_squares(data.X, data.Y)  # unrounded: -5.000197 on the notebook's data
    x, y = _numpy(data.X).astype(float), _numpy(data.Y).astype(float)
    if abs(value - right) < 5e-5:  # anything that rounds to w* at 4 decimals
        return Feedback("correct", f"best_w = {value:.4f}: the bottom of the bowl. It is not exactly -5 "
                                   "because the noise tilts the data a little.")
    rounded_to = [k for k in range(4) if value == round(right, k)]
    if rounded_to:
        true_slope = " It is also the slope of the true line, -5." if value == -5.0 else ""
        return Feedback("wrong", f"best_w = {value:g} is w* rounded to {max(rounded_to)} decimals or fewer."
                                 f"{true_slope} But w* is not exactly {value:g}: it differs from it at decimal place "
                                 f"{max(rounded_to) + 1} (w* = {right:.{max(rounded_to) + 1}f} to "
                                 f"{max(rounded_to) + 1} decimals), which is the point of this exercise. Store "
                                 "the value you computed without rounding it.")
    if math.isclose(value, least_squares(data.X, data.Y, with_bias=True)[0], rel_tol=1e-6):
        return Feedback("wrong", "that is the slope of the model with a bias, w*x + b; this exercise's model "
                                 "is w*x alone, whose best w is a little different.")
    if math.isclose(value, -right, rel_tol=1e-3):
        return Feedback("wrong", "right size, wrong sign: the data fall to the right, so the slope is negative.")
    if math.isclose(value, float(np.mean(y) / np.mean(x)), rel_tol=1e-3):
        return Feedback("wrong", "mean(y) / mean(x) is not the least-squares slope (mean(x) is almost 0 here). "
                                 "Use the formula above, with its two sums.")
    if math.isclose(value, float(np.sum(x * y) / np.sum(x)), rel_tol=1e-3):
        return Feedback("wrong", "divide by the sum of x squared, not the sum of x.")
    for ratio in (len(x), 1 / len(x)):
        if math.isclose(value, ratio * right, rel_tol=1e-3):
            return Feedback("wrong", f"best_w = {value:.4g} is {ratio:g} times the least-squares slope, and "
                                     f"{len(x)} is the number of points: are the top and the bottom of the formula "
                                     "both sums?")
    slope = 2 * float(np.mean(x * (value * x - y)))
    side = "left (smaller w)" if slope > 0 else "right (larger w)"
    return Feedback("wrong", f"best_w = {value:.4f}, but that is not the bottom of the bowl: on the notebook's "
                             f"X and Y the loss still has slope dL/dw = {slope:.3g} there, not 0, so the bottom "
                             f"lies to the {side}. Compute the formula above with this notebook's X and Y.")


# ---------------------------------------------------------------- notebook 3

def check_finite_difference(my_slope):
    """Check exercise 3.1: the slope dL/dw estimated without autograd, by nudging w by h.

    The central difference (L(w + h) - L(w - h)) / (2h) and the one-sided (L(w + h) - L(w)) / h both
    count; the check calls my_slope with h = 0.001 at w = -10, -3 and 2 on the notebook's data and on
    7 other points, and compares with autograd's gradient.

    Args:
        my_slope: a function (w, X, Y, h) -> an estimate of dL/dw for L(w) = mean((w*x - y)^2), w a float.

    Returns:
        Feedback.
    """
    if not callable(my_slope):
        return Feedback("invalid", f"my_slope should be a function, but it is {type(my_slope).__name__}.")
    h = 1e-3
    data = make_data()
    X7, Y7 = _other_data()
    datasets = (("the notebook's data", data.X, data.Y), ("7 other points (not the notebook's data)", X7, Y7))
    first = {}  # what my_slope gave on the notebook's data, by w
    for where, X, Y in datasets:
        n = X.numel()
        here = {}  # what my_slope gave on this data, by w
        for w0 in (-10.0, -3.0, 2.0):
            result, error = _call(my_slope, w0, X.clone(), Y.clone(), h)
            if error and where != datasets[0][0]:
                return Feedback("wrong", f"right on the notebook's data, but on {where} {error.message}")
            if error:
                return error
            if result is None:
                return _unanswered("Replace 'return None' in my_slope: compute the loss at two values of w "
                                   "close to each other and divide the change in the loss by the change in w.")
            value = _number(result, "my_slope's result")
            if isinstance(value, Feedback):
                return value
            w = torch.tensor(w0, dtype=torch.float64, requires_grad=True)
            mse(forward(X.double(), w), Y.double()).backward()
            grad = w.grad.item()
            loss = _loss64(w0, X, Y)
            one_sided = ((_loss64(w0 + h, X, Y) - loss) / h, (loss - _loss64(w0 - h, X, Y)) / h)
            if any(math.isclose(value, e, rel_tol=2e-3, abs_tol=1e-2) for e in (grad, *one_sided)):
                first.setdefault(w0, value)
                here[w0] = value
                continue
            seen = f"on {where}, at w = {w0:g} your slope is {value:.5g}, but autograd's gradient is {grad:.5g}"
            ratio = value / grad
            if math.isclose(ratio, 2 * h, rel_tol=2e-2) or math.isclose(ratio, h, rel_tol=2e-2):
                return Feedback("wrong", f"{seen}: about {ratio:.2g} times it. That is the change in the loss "
                                         "itself; a slope is that change divided by the change in w between the "
                                         "two points.")
            if math.isclose(ratio, 2.0, rel_tol=2e-2):
                return Feedback("wrong", f"{seen}, twice as much. If you compare the loss at w - h and at w + h, "
                                         "those two points are 2h apart, not h.")
            if math.isclose(ratio, 0.5, rel_tol=2e-2):
                return Feedback("wrong", f"{seen}, half as much. If you compare the loss at w and at w + h, those "
                                         "two points are h apart, not 2h.")
            if math.isclose(ratio, -1.0, rel_tol=2e-2):
                return Feedback("wrong", f"{seen}: the sign is flipped. The slope is the loss at the larger w "
                                         "minus the loss at the smaller w, divided by the distance between them.")
            if math.isclose(ratio, n, rel_tol=2e-2):
                return Feedback("wrong", f"{seen}, {n} times as much, and {n} is the number of points there: that "
                                         "is the slope of the sum of the squares. The loss L is their mean.")
            if math.isclose(value, loss, rel_tol=1e-3):
                return Feedback("wrong", f"{seen}: your result is the loss at w = {w0:g} itself, not how fast it "
                                         "changes with w.")
            same_w = [f"{v:g}" for v, earlier in here.items() if math.isclose(value, earlier, rel_tol=1e-6)]
            if same_w:
                return Feedback("wrong", f"{seen}, the same value it gave at w = {same_w[0]}: does it use its "
                                         "argument w?")
            if where != datasets[0][0] and math.isclose(value, first.get(w0, math.nan), rel_tol=1e-6):
                return Feedback("wrong", f"{seen}. It gave the same value as on the notebook's data: does it use "
                                         "only its arguments X and Y?")
            if where != datasets[0][0]:
                return Feedback("wrong", f"{seen}. It is right on the notebook's data: does it use only its "
                                         "arguments w, X, Y and h?")
            return Feedback("wrong", f"{seen}. Compute the loss mean((w*x - y)^2) at two values of w close to each "
                                     "other, and divide the change in the loss by the change in w.")
    # Right numbers. Were they found by nudging w, as the exercise asks, rather than by autograd or the formula?
    with torch.no_grad():  # backward() cannot work here, a finite difference does not need it
        _, error = _call(my_slope, -10.0, data.X.clone(), data.Y.clone(), h)
    if error:
        return Feedback("wrong", "your slope matches autograd's, but with autograd switched off (inside "
                                 f"torch.no_grad()) it {error.message.split('. Run it')[0][len('your function '):]}: "
                                 "it needs autograd. This exercise asks you to find the slope from the loss alone, "
                                 "at w + h and w - h, without backward().")
    wide, _ = _call(my_slope, -10.0, data.X.clone(), data.Y.clone(), 0.5)
    if not isinstance(_number(wide, ""), Feedback) and _number(wide, "") == first[-10.0]:
        return Feedback("wrong", "your slope matches autograd's, but it gives exactly the same value with h = 0.001 "
                                 "and with h = 0.5: it does not use h. This exercise asks you to find the slope "
                                 "from the loss alone, at w + h and w - h, not from the formula for the gradient.")
    return Feedback("correct", "your slope matches autograd's gradient at w = -10, -3 and 2, on the notebook's "
                               "data and on 7 other points: nudging w and watching the loss is enough to find "
                               "the gradient.")


def check_step(my_step):
    """Check exercise 3.2: one gradient-descent step, written as a function and judged by where 20 steps go.

    The step runs 20 times from a fresh w = -10 on the notebook's data with lr 0.1, then with lr 0.05,
    then on 7 other points; each path must match the notebook's loop (helpers.train). Any correct
    step counts: clearing the gradient before backward() or after the update, w.grad = None,
    torch.optim.SGD, w.data or w.sub_.

    Args:
        my_step: a function (w, X, Y, lr) that updates the tensor w in place and clears its gradient.

    Returns:
        Feedback.
    """
    if not callable(my_step):
        return Feedback("invalid", f"my_step should be a function, but it is {type(my_step).__name__}.")
    data = make_data()
    X7, Y7 = _other_data()

    # One call on a fresh w, as the notebook creates it, to see whether anything happens at all.
    w = torch.tensor(-10.0, requires_grad=True)
    result, error = _call(my_step, w, data.X.clone(), data.Y.clone(), 0.1)
    if not error and result is None and w.numel() == 1 and w.item() == -10.0 and w.grad is None:
        return _unanswered("my_step left w and its gradient untouched: fill in its body (loss, backward(), "
                           "the update of w in place, clearing the gradient).")

    ws, error = _step_run(my_step, data.X, data.Y, 0.1)
    reference = train(data.X, data.Y, w0=-10.0, lr=0.1, iterations=20).w
    if error:
        if "in-place operation" in error.message:
            return Feedback("wrong", "PyTorch refused the in-place update because it was being recorded "
                                     "for autograd: put the update inside `with torch.no_grad():`.")
        if not ws and "NoneType" in error.message:
            retried, _ = _step_run(my_step, data.X, data.Y, 0.1, zero_grad_first=True)
            if _same_run(retried, reference):
                raised = error.message.split(". Run it")[0]
                return Feedback("wrong", f"on a fresh w (as the notebook creates it) {raised}: "
                                         "w.grad is None until the first backward(), so "
                                         "it cannot be zeroed before that. Given a zero gradient to start "
                                         "with, your 20 steps do match the notebook's loop: only the very first "
                                         "call fails. Clear the gradient after the update instead, or skip "
                                         "clearing it while it is None.")
        if "NoneType" in error.message and "zero_" in error.message:
            return Feedback("wrong", f"{error.message.split('. Run it')[0]}: w.grad was None when your step called "
                                     "zero_() on it. w.grad is None before the first backward(), and also on a new "
                                     "tensor made by w = w - ..., which is not an update in place: change the "
                                     "tensor w itself (w -= ... inside torch.no_grad()).")
        return error
    if isinstance(ws, Feedback):
        return ws
    if ws[0] == -10.0:
        returned = _number(result, "")
        if not isinstance(returned, Feedback) and math.isclose(returned, reference[0], rel_tol=1e-4):
            return Feedback("wrong", f"your step returned {returned:.4f}, but the tensor w itself is still -10: "
                                     "the update has to change w in place, so that the caller's w moves.")
        in_place = ("w = w - ... makes a new tensor and leaves the caller's w as it was; change the tensor w "
                    "itself, in place (w -= ... inside torch.no_grad())")
        if w.grad is None:
            return Feedback("wrong", "w is still -10 after one call of your step, and w.grad is None: does your "
                                     f"step call backward() on the loss? And {in_place}.")
        if w.grad.numel() == 1 and w.grad.item() != 0:
            return Feedback("wrong", f"w is still -10 after one call of your step, although w.grad holds "
                                     f"{w.grad.item():.4g}: the update did not change w. {in_place[0].upper()}"
                                     f"{in_place[1:]}.")
        return Feedback("wrong", "w is still -10 after one call of your step, and w.grad is 0 afterwards. Either "
                                 "the update used a gradient that had already been cleared (a step of 0), or "
                                 f"{in_place}.")
    if not _same_run(ws, reference):
        if _same_run(ws, _never_zeroed(data.X, data.Y, 0.1)):
            return Feedback("wrong", f"your first step matches the notebook's loop (-10 to {ws[0]:.4f}), but "
                                     f"then w goes to {ws[1]:.4f} instead of {reference[1]:.4f}, exactly as when "
                                     "the gradient is never cleared: backward() adds each new gradient to w.grad, "
                                     "so every step uses the sum of all the gradients so far.")
        ratio = (ws[0] + 10.0) / (reference[0] + 10.0)
        seen = f"your first step went from -10 to {ws[0]:.4f}; the notebook's loop goes to {reference[0]:.4f}"
        if math.isclose(ratio, -1.0, rel_tol=1e-3):
            return Feedback("wrong", f"{seen}: the same distance the other way, uphill, where the loss grows. "
                                     "The gradient points uphill; a step of gradient descent goes against it.")
        if math.isclose(ratio, data.X.numel(), rel_tol=1e-3):
            n = data.X.numel()
            return Feedback("wrong", f"{seen}: a step {n} times as long, and {n} is the number of points, as if "
                                     "the loss were the sum of the squares instead of their mean.")
        if math.isclose(ratio, 1.0, rel_tol=1e-4, abs_tol=1e-4):
            k = next(i for i, (a, b) in enumerate(zip(ws, reference)) if not _same_run([a], [b]))
            first_k = "your first step matches" if k == 1 else f"your first {k} steps match"
            return Feedback("wrong", f"{first_k} the notebook's loop, but step {k + 1} takes w to {ws[k]:.4f} "
                                     f"instead of {reference[k]:.4f}.")
        as_far = f", {ratio:.3g} times as far" if math.isfinite(ratio) else ""
        return Feedback("wrong", f"{seen}{as_far}. Each step should move w by the learning rate times the gradient "
                                 "of the mean squared error.")
    # Right on the notebook's data at lr 0.1: it must also follow its own lr, X and Y.
    ws_lr, error = _step_run(my_step, data.X, data.Y, 0.05)
    if error or isinstance(ws_lr, Feedback):
        return error or ws_lr
    right_lr = train(data.X, data.Y, w0=-10.0, lr=0.05, iterations=20).w
    if not _same_run(ws_lr, right_lr):
        hint = ("exactly as with lr = 0.1: does it use its argument lr?" if _same_run(ws_lr, reference)
                else "does it use its argument lr?")
        return Feedback("wrong", f"with lr = 0.1 your steps match the notebook's loop, but with lr = 0.05 they take "
                                 f"w to {ws_lr[-1]:.4f} after 20 steps instead of {right_lr[-1]:.4f}, {hint}")
    ws7, error = _step_run(my_step, X7, Y7, 0.05)
    if error:
        return Feedback("wrong", f"right on the notebook's data, but on 7 other points {error.message} "
                                 "A function that uses only its arguments y_pred and y works for any number of "
                                 "points; one that uses the notebook's Y (100 points) fails here.")
    if isinstance(ws7, Feedback):
        return ws7
    right7 = train(X7, Y7, w0=-10.0, lr=0.05, iterations=20).w
    if not _same_run(ws7, right7):
        hint = ("exactly as on the notebook's data: does it use its arguments X and Y?" if _same_run(ws7, ws_lr)
                else "does it use only its arguments w, X, Y and lr?")
        return Feedback("wrong", f"on 7 other points (not the notebook's data) 20 of your steps take w from -10 to "
                                 f"{ws7[-1]:.4f} instead of {right7[-1]:.4f}, {hint}")
    return Feedback("correct", f"20 of your steps take w from -10 to {ws[-1]:.4f}, the same as the notebook's "
                               "loop, and they follow it with another learning rate and on other data too.")


def _step_run(my_step, X, Y, lr, zero_grad_first=False):
    """Call a learner's step 20 times on a fresh w = -10; return (w after each step, the Feedback if it raised).

    The first value is a Feedback instead of a list if w stopped being a single number.
    """
    w = torch.tensor(-10.0, requires_grad=True)
    if zero_grad_first:
        w.grad = torch.zeros(())
    ws = []
    for _ in range(20):
        _, error = _call(my_step, w, X.clone(), Y.clone(), lr)
        if error:
            return ws, error
        if w.numel() != 1:
            return Feedback("wrong", f"after your step w has shape {tuple(w.shape)}; it should stay a single "
                                     "number."), None
        ws.append(float(w.detach().reshape(-1)[0]))
    return ws, None


def _never_zeroed(X, Y, lr):
    """The notebook's loop with the gradient never cleared: w after each of 20 steps, from w = -10."""
    w = torch.tensor(-10.0, requires_grad=True)
    ws = []
    for _ in range(20):
        mse(forward(X, w), Y).backward()
        with torch.no_grad():
            w -= lr * w.grad
        ws.append(w.item())
    return ws


def check_divergence_prediction(prediction):
    """Check exercise 3.3: does learning rate 0.2 converge or diverge from w = -10?

    Args:
        prediction: "converges" or "diverges".

    Returns:
        Feedback.
    """
    how = 'Set prediction = "converges" or "diverges", then run this cell.'
    answer = _choice(prediction, ("converges", "diverges"), how)
    if isinstance(answer, Feedback):
        return answer
    data = make_data()
    star = critical_lr(data.X)
    factor = 1 - 2 * 0.2 / star  # 1 - 2 * lr * mean(x^2), since the critical lr is 1 / mean(x^2)
    run = train(data.X, data.Y, lr=0.2, iterations=20)
    where = (f"after 20 steps w is at {run.w[-1]:.3g}" if run.diverged_at is None
             else f"the loss overflows at iteration {run.diverged_at}")
    if answer == "diverges":
        return Feedback("correct", f"0.2 is above the critical {star:.3f}: each step multiplies the distance to "
                                   f"the minimum by {factor:.2f}, so {where}.")
    return Feedback("wrong", "compare 0.2 with the critical learning rate 1 / mean(x^2) computed above, or work out "
                             "the factor 1 - 2 * 0.2 * mean(x^2) by which each step multiplies the distance to the "
                             "minimum: what happens when its size is above 1? Then try 0.2 in the explorer's exact "
                             "value box.")


def check_fastest_lr(lr):
    """Check exercise 3.4: the learning rate that gets w from -10 to within 0.01 of w*, and keeps it there, fastest.

    Counts N(lr), the iterations after which w stays within 0.01 of w* (helpers.steps_to_reach over 200
    iterations of helpers.train), and accepts any lr whose N is at most one more than the best possible,
    reached at lr = 1 / (2 mean(x^2)).

    Args:
        lr: a positive number.

    Returns:
        Feedback.
    """
    if lr is None:
        return _unanswered("Try learning rates in the explorer (type them into the exact value box), watch how "
                           "many iterations w needs to stay within 0.01 of w*, and set fastest_lr to the fastest.")
    value = _number(lr, "fastest_lr")
    if isinstance(value, Feedback):
        return value
    if value <= 0:
        return Feedback("invalid", f"fastest_lr = {value:g}; a learning rate must be positive.")
    data = make_data()
    w_best = least_squares(data.X, data.Y)
    mean_x2 = float(np.mean(_numpy(data.X).astype(float) ** 2))
    one_step_lr = 1 / (2 * mean_x2)  # where the factor 1 - 2 lr mean(x^2) is 0
    star = critical_lr(data.X)

    def steps(rate):
        run = train(data.X, data.Y, w0=-10.0, lr=rate, iterations=200)
        return run, steps_to_reach(run.w, w_best, 0.01)

    _, fewest = steps(one_step_lr)
    run, n = steps(value)
    factor = 1 - 2 * value * mean_x2
    factor = round(factor, 3) + 0.0 if abs(factor) < 1000 else float(f"{factor:.3g}")  # no "-0.000", no 300 digits
    if n is not None and n <= fewest + 1:
        return Feedback("correct", f"with lr = {value:g}, w is within 0.01 of w* = {w_best:.4f} after {n} "
                                   f"iteration{'s' if n != 1 else ''} and stays there. The fewest possible is "
                                   f"{fewest}, at lr = 1 / (2 mean(x^2)) = {one_step_lr:.4f}: there the factor "
                                   "1 - 2 lr mean(x^2), by which each step multiplies the distance to w*, is 0, "
                                   f"so one step lands on w*. At your learning rate the factor is {factor:g}.")
    if n is None and value >= star:
        where = (f"the loss overflowed at iteration {run.diverged_at}" if run.diverged_at is not None
                 else f"after 200 iterations w is at {run.w[-1]:.4g}")
        return Feedback("wrong", f"with lr = {value:g}, w never settles: each step multiplies its distance to w* "
                                 f"by {factor:g}, which is -1 or beyond, so the zig-zag never shrinks "
                                 f"({where}). From the critical learning rate {star:.4f} up, w never settles: "
                                 "try a smaller step.")
    taking = (f"it takes {n} iterations to get within 0.01 and stay there" if n is not None
              else f"after 200 iterations it is still {abs(run.w[-1] - w_best):.3g} away")
    if factor > 0:
        return Feedback("wrong", f"with lr = {value:g}, w approaches w* from one side, never overshooting: each "
                                 f"step multiplies its distance to w* by {factor:g}, so {taking}. A larger step "
                                 "would close more of the distance each time.")
    if factor < 0:
        return Feedback("wrong", f"with lr = {value:g}, w overshoots w* and zig-zags around it: each step "
                                 f"multiplies its distance to w* by {factor:g}, so {taking}. A smaller step "
                                 "would overshoot less.")
    return Feedback("wrong", f"with lr = {value:g}, {taking}.")


# ---------------------------------------------------------------- notebook 4

def check_shifted_inputs(answer):
    """Check exercise 4.1: what happens to the training of b when the inputs run from 0 to 10 instead of -5 to 5?

    The check measures it: the same line y = -5x and the same noise at X + 5, the Hessian's eigenvalues,
    the critical learning rate, and the iterations b needs (helpers.steps_to_reach, 2000 iterations of
    helpers.train from w = -10, b = -20 at 90% of each critical learning rate).

    Args:
        answer: "a", "b" or "c".

    Returns:
        Feedback.
    """
    answer = _choice(answer, ("a", "b", "c"), 'Set answer = "a", "b" or "c".')
    if isinstance(answer, Feedback):
        return answer
    data = make_data()
    noise = data.Y - data.line
    found = []
    for X in (data.X, data.X + 5.0):
        Y = -5.0 * X + noise
        low, high = np.linalg.eigvalsh(hessian(X, with_bias=True))
        lr = critical_lr(X, with_bias=True)
        _, b_best = least_squares(X, Y, with_bias=True)
        run = train(X, Y, w0=-10.0, b0=-20.0, lr=0.9 * lr, iterations=2000)
        n = steps_to_reach(run.b, b_best, 0.01)
        found.append({"low": low, "high": high, "lr": lr, "n": "over 2000" if n is None else n,
                      "mean": float(X.mean()), "from": round(float(X.min()), 1) + 0.0,
                      "to": round(float(X.max()), 1) + 0.0})
    before, after = found
    numbers = (f"The Hessian's eigenvalues go from {before['low']:.2f} and {before['high']:.1f} (x from "
               f"{before['from']:g} to {before['to']:g}) to {after['low']:.2f} and {after['high']:.1f} (x from "
               f"{after['from']:g} to {after['to']:g}), the critical learning rate from {before['lr']:.3f} to "
               f"{after['lr']:.3f}, and at 90% of it b needs {after['n']} iterations instead of {before['n']} to "
               "get within 0.01 of its best value and stay there.")
    if answer == "c":
        return Feedback("correct", f"b converges much more slowly. With mean(x) = {after['mean']:.2f}, far from 0, "
                                   "w and b are tangled: the valley of the loss tilts, its steep direction gets "
                                   "steeper, so the learning rate must be smaller, and its shallow direction gets "
                                   f"shallower, so b creeps. {numbers}")
    compare = (f"Compare the eigenvalues of helpers.hessian(X + 5, with_bias=True) with this notebook's "
               f"{before['low']:.2f} and {before['high']:.1f}: which one limits the learning rate, and which one "
               "sets b's pace?")
    if answer == "a":
        return Feedback("wrong", "larger inputs do make the loss steeper along its steep direction, and that "
                                 f"forces a smaller learning rate. But what happens along the shallow direction? "
                                 f"{compare}")
    return Feedback("wrong", f"shifting x does touch b: the Hessian's corner entry 2 mean(x), which couples w and b, "
                             f"goes from {2 * before['mean']:.2f} to {2 * after['mean']:.2f}. {compare}")


def check_iterations_for_b(n):
    """Check exercise 4.2: how many iterations at learning rate 0.1 until b is within 0.01 of its best value?

    Args:
        n: a whole number of iterations.

    Returns:
        Feedback.
    """
    if n is None:
        return _unanswered("Set n to a whole number: estimate it from the factor by which b's distance to b* "
                           "shrinks each step, then count it with helpers.train.")
    value = _number(n, "n")
    if isinstance(value, Feedback):
        return value
    if value != int(value) or value < 1:
        return Feedback("invalid", f"n = {value:g}; a number of iterations is a whole number, 1 or more.")
    value = int(value)
    data = make_data()
    _, b_best = least_squares(data.X, data.Y, with_bias=True)
    run = train(data.X, data.Y, w0=-10.0, b0=-20.0, lr=0.1, iterations=200)
    actual = steps_to_reach(run.b, b_best, 0.01)
    factor = 1 - 0.1 * float(hessian(data.X, with_bias=True)[1, 1])  # the curvature along b alone is 2
    gap = abs(-20.0 - b_best)
    estimate = math.log(0.01 / gap) / math.log(factor)
    if value == actual:
        return Feedback("correct", f"b gets within 0.01 of b* = {b_best:.4f}, and stays there, after {actual} "
                                   f"iterations, as the factor {factor:.1f} per step predicts: "
                                   f"{factor:.1f}^n * {gap:.2f} < 0.01 for n > {estimate:.1f}.")
    if value < actual:
        b = run.b[value - 1]
        where = (f"b is at {b:.4f}, still {abs(b - b_best):.4f} from b* = {b_best:.4f}" if abs(b - b_best) >= 0.01
                 else "b is within 0.01 of b*, but it does not stay there yet")
        return Feedback("wrong", f"after {value} iterations {where}. Estimate how many steps the factor "
                                 f"{factor:.1f} per step needs to shrink a distance of {gap:.2f} below 0.01.")
    return Feedback("wrong", f"it takes fewer than {value} iterations: b is within 0.01 of b* = {b_best:.4f}, and "
                             f"stays there, before that. Estimate how many steps the factor {factor:.1f} per step "
                             f"needs to shrink a distance of {gap:.2f} below 0.01.")


# ---------------------------------------------------------------- plots for the maths

def plot_runs(runs, ylabel, title, log=False):
    """Draw several runs' values per iteration on one axes, each with its own marker and line style.

    Args:
        runs: a dict from label to a list of values.
        ylabel: the label of the value axis.
        title: the title.
        log: ``True`` for a logarithmic value axis.

    Returns:
        A matplotlib Figure.
    """
    if not isinstance(runs, dict) or not runs:
        raise ValueError("runs must be a non-empty dict from label to a list of values")
    fig, (ax,) = _figure(width=7.6)
    styles = [("o-", COLORS["loss"]), ("s--", COLORS["model"]), ("^:", COLORS["path"]), ("D-.", COLORS["data"])]
    for (label, values), (style, colour) in zip(runs.items(), itertools.cycle(styles)):
        ax.plot(range(len(values)), _clip(values, 1e30), style, ms=5, lw=1.8, color=colour, label=label)
    if log:
        ax.set_yscale("log")
    ax.set_xlabel("iteration")
    ax.set_ylabel(ylabel)
    ax.set_title(title)
    # outside the axes, on the right: a legend inside would hide some of the points
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), borderaxespad=0)
    _style(ax, integer_x=True)
    return fig
