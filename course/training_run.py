"""The training explorer's logic, without any widget: settings in, a ``History`` and a readout out.

``TrainingRun`` trains with ``descend`` (the notebooks' loop, as ``helpers.train``, without autograd), extends a run only past its
end when more iterations are asked for, gives the parameters after k steps, and writes the
readout that says in words what the run did. ``TrainingExplorer`` (notebooks 3 and 4) wires
sliders to it; the tests drive it directly.
"""

import math

import numpy as np
import torch

from course.explorer_base import count, fmt
from helpers import History, _check_xy, critical_lr, hessian, least_squares, loss_curve, regime, steps_to_reach


def descend(X, Y, w0, lr, iterations, b0=None):
    """``helpers.train`` without autograd: the same float32 operations in the same order, so the same numbers.

    The explorer reruns training on every slider change; writing out the gradient that autograd would
    compute, d mean((w*x + b - y)^2) / dw = sum(2 (w*x + b - y) / n * x), skips the bookkeeping of the
    graph and makes a 200-step run about three times faster. tests/test_training_run.py checks that the
    result is identical, bit for bit, to ``helpers.train`` over the sliders' ranges.

    Returns:
        A ``History``, as ``helpers.train`` returns it.
    """
    history = History(lr=lr, w0=w0, b0=b0, b=None if b0 is None else [])
    n = X.numel()
    w = torch.tensor(w0)
    b = None if b0 is None else torch.tensor(b0)
    with torch.no_grad():
        for i in range(iterations):
            residual = (w * X if b is None else w * X + b) - Y
            loss = torch.mean(residual ** 2).item()
            if not math.isfinite(loss):
                history.diverged_at = i
                break
            slope = residual * (2.0 / n)  # the gradient of the mean of squares, point by point
            w = w - lr * (slope * X).sum()
            history.loss.append(loss)
            history.w.append(w.item())
            if b is not None:
                b = b - lr * slope.sum()
                history.b.append(b.item())
    return history


class TrainingRun:
    """One training run on fixed data, restarted when a setting changes and extended on demand.

    Args:
        X, Y: the data.
        with_bias: ``False`` trains w alone (notebook 3); ``True`` trains w and b (notebook 4).

    Attributes: ``history`` (the ``History`` so far), ``runs`` (how many fresh runs were trained),
    ``lr_critical``, ``optimum`` (w, or (w, b)) and ``best_loss``.
    """

    def __init__(self, X, Y, with_bias=False):
        X, Y = _check_xy(X, Y)
        self.X, self.Y = X.detach().cpu(), Y.detach().cpu()
        self.with_bias = bool(with_bias)
        self.lr_critical = critical_lr(X, with_bias=self.with_bias)
        self.curvature_min = float(np.linalg.eigvalsh(hessian(X, with_bias=self.with_bias)).min())
        self.optimum = least_squares(X, Y, with_bias=self.with_bias)
        w, b = self.optimum if self.with_bias else (self.optimum, 0.0)
        self.best_loss = float(loss_curve(self.X, self.Y, [w], b=b)[0])
        self.history = None
        self.runs = 0
        self.lr = self.w0 = self.b0 = None

    def restart(self, lr, w0, b0, iterations):
        """Train afresh from (w0, b0) at learning rate ``lr`` for ``iterations`` steps (b0 ignored without bias)."""
        self.lr, self.w0, self.b0 = lr, w0, (b0 if self.with_bias else None)
        self.history = None
        self.ensure(iterations)

    def ensure(self, n):
        """Make sure the run has at least ``n`` steps (or has diverged), extending it from where it ended."""
        h = self.history
        if h is None:
            self.history = descend(self.X, self.Y, self.w0, self.lr, n, self.b0)
            self.runs += 1
            return
        if h.diverged_at is not None or h.iterations >= n:
            return
        w_start = h.w[-1] if h.w else h.w0
        b_start = (h.b[-1] if h.b else h.b0) if self.with_bias else None
        more = descend(self.X, self.Y, w_start, self.lr, n - h.iterations, b_start)
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
        """What the run did, in words (HTML), with ``asked`` iterations asked for and iteration ``k`` shown."""
        lr, lr_star = self.lr, self.lr_critical
        kind = regime(lr, lr_star)
        factor = abs(1 - lr * 2 / lr_star)
        shown_factor = f"{factor:.2f}" if factor >= 0.1 else f"{factor:.2g}"  # 0.67, 1.17; 0.0024
        n = self.steps(asked)
        k = min(k, n)
        w, b = self.state(k)
        params = f"w = {fmt(w)}" + (f", b = {fmt(b)}" if self.with_bias else "")
        along = " along the steepest direction" if self.with_bias else ""
        if kind == "smooth":
            words = (f"<b>smooth</b>: each step closes {1 - factor:.0%} of the remaining distance to the "
                     f"minimum{along}, without overshooting.")
        elif kind == "oscillating":
            words = (f"<b>oscillating</b>: each step overshoots the minimum, so w zig-zags towards it "
                     f"(its distance to the minimum{along} shrinks ×{shown_factor} per step).")
        else:
            words = (f"<b>diverging</b>: every step overshoots further than the last "
                     f"(the distance to the minimum{along} grows ×{shown_factor} per step).")
        lines = [f"learning rate <b>{lr:.4g}</b> (critical lr* = {lr_star:.5f}; smooth below "
                 f"{lr_star / 2:.5f}) → {words}"]
        if self.with_bias and kind != "diverging":
            lines.append(f"Along the shallow direction (mostly b) each step closes only "
                         f"{lr * self.curvature_min:.1%} of the remaining distance.")
        stopped = self.history.diverged_at is not None and self.history.diverged_at < asked
        if stopped:
            lines.append(f"<b>Stopped early</b>: you asked for {asked} iterations, but the run stopped after {n}, "
                         f"because the loss had grown too large to store as a number (it overflowed).")
        elif not self.with_bias:
            reached = steps_to_reach(self.history.w[:n], self.optimum)
            best = f"the best w ({self.optimum:.4f})"
            lines.append(f"w gets within 0.01 of {best} after {count(reached)} and stays there."
                         if reached else f"w is not within 0.01 of {best} after {count(n)}.")
        ran = f"the {count(n)} that ran" if stopped else count(n)
        lines.append(f"After {k} of {ran}: {params}, loss = {fmt(self.loss_at(w, b))}.")
        return "<br>".join(lines)
