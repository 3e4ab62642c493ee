"""Shared code for the series "Training a Linear Regression Model in PyTorch": what the course teaches.

The notebooks write the teaching code out in full (the model, the loss, the training loop).
This module holds the same steps as functions, readable top to bottom, in this order:

* data:      ``make_data``                                   (notebook 1, and every later one)
* model:     ``forward``, ``mse``, ``loss_curve``             (notebook 2)
* training:  ``train`` (the notebooks' loop) and ``History``  (notebooks 3 and 4)
* analysis:  ``hessian``, ``curvatures``, ``critical_lr``, ``regime``, ``steps_to_reach``, ``least_squares``
             (notebooks 3 and 4)

The rest lives in the package ``course`` beside this file, and is available here under the same
names, loaded only when first used (so ``import helpers`` loads neither ipywidgets nor matplotlib):

* pictures:  ``plot_data``, ``plot_loss_vs_w``, ``plot_losses``, ``plot_runs``   (course/plots.py)
* explorers: ``DataExplorer``, ``LossExplorer`` (course/data_explorers.py), ``TrainingExplorer``
             (course/training_explorer.py): sliders that rerun the computation and redraw it
* exercises: ``check_*`` returning ``Feedback``   (course/checks_nb1.py .. checks_nb4.py,
             ``check_step`` in course/checks_step.py, ``check_training_loop`` in course/checks_loop.py)
* style:     ``COLORS``, ``STYLE``                (course/style.py)

Last, at the bottom, come the argument checks (``_as_float``, ``_check_lr``, ...): not part of the
course, they only turn bad input into a clear error, and can be skipped on a first reading.

Nothing happens at import time; randomness only comes from an explicit seed.
"""

from __future__ import annotations

import importlib
import math
import numbers
from dataclasses import dataclass, field
from typing import NamedTuple

import numpy as np
import torch

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
    if isinstance(seed, (bool, np.bool_)) or not isinstance(seed, numbers.Integral) or not 0 <= seed < 2**63:
        raise ValueError(f"seed must be a whole number from 0 to 2**63 - 1, got {_show(seed)}")
    start, stop, step = _as_float("start", start), _as_float("stop", stop), _as_float("step", step)
    if step <= 0:
        raise ValueError(f"step must be positive, got {step}")
    if stop <= start:
        raise ValueError(f"stop must be larger than start, got start={start}, stop={stop}")
    if (stop - start) / step > MAX_POINTS:
        raise ValueError(f"step is too small: from start={start} to stop={stop} it would make more than "
                         f"{MAX_POINTS:,} points")
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
    x, w, b = _as_operand("x", x), _as_operand("w", w), _as_operand("b", b)
    try:
        return w * x + b
    except RuntimeError as exc:  # tensors of shapes that do not fit together
        raise ValueError(f"x, w and b must have shapes that broadcast together: {exc}") from None


def mse(y_pred, y):
    """Mean squared error: the mean of (y_pred - y) squared."""
    y_pred, y = (torch.as_tensor(_as_operand(name, v)) for name, v in (("y_pred", y_pred), ("y", y)))
    try:
        return torch.mean((y_pred - y) ** 2)
    except RuntimeError as exc:
        raise ValueError(f"y_pred and y must have shapes that broadcast together: {exc}") from None


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
    w = torch.as_tensor(_as_array("ws", ws), dtype=torch.float64).reshape(-1, 1)
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
    ``momentum`` is the momentum β of the run (0 for plain gradient descent).
    """

    lr: float
    w0: float
    b0: float | None
    loss: list = field(default_factory=list)
    w: list = field(default_factory=list)
    b: list | None = None
    diverged_at: int | None = None
    momentum: float = 0.0

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


def train(X, Y, w0=-10.0, lr=0.1, iterations=20, b0=None, momentum=0.0):
    """Fit y = w * x (+ b) by gradient descent, exactly as the notebooks' loop does.

    Each step: predict, compute the MSE, ``loss.backward()``, update the
    parameters under ``torch.no_grad()``, zero the gradients. The run stops
    early if the loss stops being a finite number (the learning rate is too large).
    With ``momentum`` β > 0 each parameter keeps a velocity v: v = β v + gradient,
    then the parameter moves by -lr * v (notebook 4, "Momentum"; what
    ``torch.optim.SGD(..., momentum=β)`` does).

    Args:
        X, Y: the data, tensors of the same shape (any device).
        w0: the starting slope.
        lr: the learning rate, a positive number.
        iterations: how many steps to take, 0 or more.
        b0: the starting bias; ``None`` trains the slope alone (no bias).
        momentum: the momentum β, from 0 (plain gradient descent, the default) to below 1.

    Returns:
        A ``History`` with the loss before each step and w (and b) after it.
    """
    X, Y = _check_xy(X, Y)
    w0 = _as_float("w0", w0)
    lr = _check_lr(lr)
    iterations = _check_iterations(iterations)
    if b0 is not None:
        b0 = _as_float("b0", b0)
    momentum = _check_momentum(momentum)

    history = History(lr=lr, w0=w0, b0=b0, b=None if b0 is None else [], momentum=momentum)
    params = [torch.tensor(w0, requires_grad=True, device=X.device)]  # w, then b if there is one
    if b0 is not None:
        params.append(torch.tensor(b0, requires_grad=True, device=X.device))
    velocity = [torch.zeros((), device=X.device) for _ in params]  # used only with momentum
    for i in range(iterations):
        y_pred = forward(X, *params)
        loss = mse(y_pred, Y)
        loss_value = loss.item()
        if not math.isfinite(loss_value):
            history.diverged_at = i
            break
        loss.backward()
        with torch.no_grad():
            for p, v in zip(params, velocity):
                if momentum:
                    v.mul_(momentum).add_(p.grad)  # v = beta * v + gradient
                    p -= lr * v
                else:
                    p -= lr * p.grad
        for p in params:
            p.grad.zero_()
        history.loss.append(loss_value)
        history.w.append(params[0].item())
        if b0 is not None:
            history.b.append(params[1].item())
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
        raise ValueError(f"X must be a non-empty torch tensor, got {_show(X)}")
    with_bias = _as_flag("with_bias", with_bias)
    x = _as_array("X", X)
    if not np.all(np.isfinite(x)):
        raise ValueError("X must hold finite numbers (it holds NaN or infinity)")
    if not with_bias:
        return np.array([[2.0 * np.mean(x * x)]])
    return 2.0 * np.array([[np.mean(x * x), np.mean(x)], [np.mean(x), 1.0]])


def curvatures(X, with_bias=False):
    """The loss's curvatures along its gentlest and steepest directions (the Hessian's eigenvalues).

    Used in notebook 4: on its inputs about 2 and 16.67, the curvatures along b and w, since there
    those directions lie within 0.007 of the axes; on standardised inputs 1.95 and 2.03.

    Args:
        X: the inputs.
        with_bias: ``True`` for the model w * x + b, ``False`` for w * x (one curvature, given twice).

    Returns:
        ``(gentlest, steepest)``, two floats, smallest first.
    """
    values = np.linalg.eigvalsh(hessian(X, with_bias))
    return float(values[0]), float(values[-1])


def critical_lr(X, with_bias=False):
    """Largest learning rate for which gradient descent still converges: 2 / (steepest curvature).

    For w alone this is 1 / mean(x^2), about 0.12 on the default data.
    """
    largest = curvatures(X, with_bias)[1]
    if not 0 < largest < math.inf:
        raise ValueError("X must not be all zeros (or so large that its square overflows): no learning rate is "
                         "critical then")
    return 2.0 / largest


def regime(lr, lr_critical):
    """Name what gradient descent does at ``lr``: 'smooth', 'oscillating' or 'diverging'.

    Along the steepest direction each step multiplies the error by 1 - lr * lambda_max,
    which is positive below lr*/2, between -1 and 0 up to lr*, and beyond -1 above it.
    """
    lr = _check_lr(lr)
    lr_critical = _as_float("lr_critical", lr_critical)
    if lr_critical <= 0:
        raise ValueError(f"lr_critical must be positive, got {lr_critical}")
    if lr < lr_critical / 2:
        return "smooth"
    if lr < lr_critical:
        return "oscillating"
    return "diverging"


def steps_to_reach(values, target, tol=0.01):
    """How many steps a run needs to come within ``tol`` of ``target`` and stay there.

    Used by the training explorer's readout (notebook 3) and the checks of exercises 3.4 and 4.1.

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
    values = _as_array("values", values)  # NaN and infinity are allowed: a diverging run never gets close
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
    with_bias = _as_flag("with_bias", with_bias)
    x, y = _numpy(X).astype(float), _numpy(Y).astype(float)
    if not (np.all(np.isfinite(x)) and np.all(np.isfinite(y))):
        raise ValueError("X and Y must hold finite numbers (they hold NaN or infinity)")
    if not with_bias:
        if not np.dot(x, x) > 0:
            raise ValueError("X must not be all zeros: every slope then fits equally well")
        return float(np.dot(x, y) / np.dot(x, x))
    A = np.stack([x, np.ones_like(x)], axis=1)
    (w, b), *_ = np.linalg.lstsq(A, y, rcond=None)
    return float(w), float(b)


# --------------------------------------------------------------------------
# Everything else, from the package ``course``, loaded on first use
# --------------------------------------------------------------------------

_ELSEWHERE = {
    "course.plots": ["plot_data", "plot_loss_vs_w", "plot_losses", "plot_runs", "plot_paths"],
    "course.data_explorers": ["DataExplorer", "LossExplorer"],
    "course.training_explorer": ["TrainingExplorer"],
    "course.feedback": ["Feedback"],
    "course.checks_nb1": ["check_data", "check_noise_answer"],
    "course.checks_nb2": ["check_mse"],
    "course.checks_best_w": ["check_best_w"],
    "course.checks_nb3": ["check_finite_difference", "check_divergence_prediction", "check_fastest_lr"],
    "course.checks_step": ["check_step"],
    "course.checks_nb4": ["check_shifted_inputs", "check_iterations_for_b", "check_momentum_beta"],
    "course.checks_loop": ["check_training_loop"],
    "course.style": ["COLORS", "STYLE"],
}
_WHERE = {name: module for module, names in _ELSEWHERE.items() for name in names}


def __getattr__(name):
    """Load a plot, explorer or check from ``course`` the first time it is asked for."""
    if name not in _WHERE:
        raise AttributeError(f"module 'helpers' has no attribute {name!r}")
    value = getattr(importlib.import_module(_WHERE[name]), name)
    globals()[name] = value
    return value


def __dir__():
    return sorted(set(globals()) | set(_WHERE))


# --------------------------------------------------------------------------
# Argument checks (not part of the course: they turn bad input into a clear error)
# --------------------------------------------------------------------------
# Every public function above raises ValueError (or TypeError) naming the argument.


# The longest run ``train`` accepts: about ten seconds of training. On this data gradient descent settles
# within a few hundred iterations at the learning rates the notebooks use; a bound turns a typo such as
# iterations=10**30 into an error at once instead of a kernel that never answers.
MAX_ITERATIONS = 100_000
MAX_POINTS = 1_000_000  # the most points ``make_data`` makes (a step of 0.1 gives 100)


def _show(value):
    """A short description of a value for an error message."""
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _as_float(name, value, finite=True):
    """Return ``value`` as a float (finite unless ``finite`` is False), or raise ValueError naming ``name``."""
    if isinstance(value, torch.Tensor):
        if value.numel() != 1:
            raise ValueError(f"{name} must be a single number, got a tensor of shape {tuple(value.shape)}")
        value = value.detach().cpu().item()
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Real):
        raise ValueError(f"{name} must be a number, got {_show(value)}")
    try:
        value = float(value)
    except OverflowError:
        raise ValueError(f"{name} is too large to be a number here, got {_show(value)}") from None
    if finite and not math.isfinite(value):
        raise ValueError(f"{name} must be a finite number, got {value}")
    return value


def _as_flag(name, value):
    """Return ``value`` as a bool if it is True or False, or raise TypeError naming ``name``."""
    if not isinstance(value, (bool, np.bool_)):
        raise TypeError(f"{name} must be True or False, got {_show(value)}")
    return bool(value)


def _as_operand(name, value):
    """``value`` if it is a number or a real-valued tensor, the things the model and loss compute with."""
    if isinstance(value, torch.Tensor):
        if value.is_complex() or value.dtype == torch.bool:
            raise TypeError(f"{name} must hold real numbers, got a tensor of {value.dtype}")
        return value
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a number or a torch tensor, got {_show(value)}")
    return float(value)


def _as_array(name, values):
    """``values`` (a list, array or tensor of real numbers) as a flat float NumPy array, or TypeError naming it."""
    if isinstance(values, (str, bytes, dict)) or values is None:
        raise TypeError(f"{name} must be a list, array or tensor of numbers, got {_show(values)}")
    if isinstance(values, torch.Tensor):
        values = values.detach().cpu()
        if values.is_complex():
            raise TypeError(f"{name} must hold real numbers, got a tensor of {values.dtype}")
    try:
        array = np.asarray(values)
        if np.iscomplexobj(array):
            raise TypeError("complex")
        return array.astype(float).reshape(-1)
    except (TypeError, ValueError, OverflowError):
        raise TypeError(f"{name} must be a list, array or tensor of real numbers, got {_show(values)}") from None


def _check_lr(lr):
    """Return the learning rate as a float if it is finite and positive."""
    lr = _as_float("lr", lr)
    if lr <= 0:
        raise ValueError(f"lr (the learning rate) must be positive, got {lr}")
    return lr


def _check_iterations(iterations, limit=MAX_ITERATIONS):
    """Return the iteration count if it is a whole number from 0 to ``limit``."""
    if isinstance(iterations, (bool, np.bool_)) or not isinstance(iterations, numbers.Integral):
        raise ValueError(f"iterations must be a whole number, got {_show(iterations)}")
    if iterations < 0:
        raise ValueError(f"iterations must be 0 or more, got {iterations}")
    if iterations > limit:
        raise ValueError(f"iterations must be at most {limit:,}, got {_show(iterations)}"
                         + (": a run that long would keep the kernel busy for minutes or forever"
                            if limit == MAX_ITERATIONS else ""))
    return int(iterations)


def _check_momentum(momentum):
    """Return the momentum β as a float if it is at least 0 and below 1."""
    momentum = _as_float("momentum", momentum)
    if not 0 <= momentum < 1:
        raise ValueError(f"momentum must be at least 0 and below 1 (0 is plain gradient descent), got {momentum:g}")
    return momentum


def _check_xy(X, Y):
    """Check that X and Y are tensors of one shape; return them as float tensors."""
    for name, t in (("X", X), ("Y", Y)):
        if not isinstance(t, torch.Tensor):
            raise ValueError(f"{name} must be a torch tensor, got {type(t).__name__}")
        if t.numel() == 0:
            raise ValueError(f"{name} must not be empty")
        if t.is_complex() or t.dtype == torch.bool:
            raise TypeError(f"{name} must hold real numbers, got a tensor of {t.dtype}")
    if X.shape != Y.shape:
        raise ValueError(f"X and Y must have the same shape, got X {tuple(X.shape)} and Y {tuple(Y.shape)}")
    return X.float(), Y.float()


def _numpy(t):
    """Return a tensor (on any device) or sequence as a flat NumPy array on the CPU."""
    if isinstance(t, torch.Tensor):
        return t.detach().cpu().numpy().reshape(-1)
    return np.asarray(t, dtype=float).reshape(-1)
