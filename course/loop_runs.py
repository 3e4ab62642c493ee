"""Running a learner's training loop (notebook 4's closing exercise) and reading what it returned.

``call`` runs the learner's ``fit_line`` safely and quietly, ``pair`` turns what it returned into (w, b), and
``reference`` and ``variant`` are the notebooks' loop as it is and with one thing changed, to name a mistake by
the path it leaves. Used by course/checks_loop.py.
"""

import contextlib
import io
import math
import numbers
import warnings

import numpy as np
import torch
from torch.overrides import TorchFunctionMode

from course.code_reading import clears_before_update, rebound_in_loop
from helpers import forward, train


def zero_step_reason(fit_line):
    """Why fit_line's updates left w and b at 0 although backward() ran: in words, for a check."""
    if clears_before_update(fit_line) and not rebound_in_loop(fit_line):
        return ("your loop clears the gradients after backward() and before the update uses them, so every step "
                "moves w and b by the learning rate times 0. Update w and b first, then clear their gradients for "
                "the next iteration.")
    return ("the updates never changed the w and b fit_line returns. Either the gradients were cleared before the "
            "update used them (a step of 0), or it updates something else.")


def none_gradient_reason(fit_line, exc=None):
    """Why a gradient of fit_line's loop was None at its update, after backward() had run: in words, for a check.
    ``exc``, the exception it raised, shows which of w and b had no gradient when it was raised."""
    rebound = [n for n in ("w", "b") if n in rebound_in_loop(fit_line)]
    if rebound:
        made = " and ".join(f"{n} = {n} - ..." for n in rebound) + (" each make" if len(rebound) > 1 else " makes")
        return (f"{made} a new tensor, with no gradient of its own, in place of the one autograd follows: change "
                "w and b in place instead (w -= ... inside torch.no_grad()).")
    missing = _without_gradient(fit_line, exc)
    if len(missing) == 1:
        name = missing[0]
        return (f"{name}.grad is None, so the loss does not depend on {name}: backward() fills only the gradients of "
                f"tensors the loss was computed from. Is {name} in your prediction? The model is w x + b. (Or was {name}.grad set "
                "to None between backward() and the update?)")
    return ("backward() fills only the gradients of tensors the loss depends on. Does w = w - ... (or b = b - ...) "
            "replace a parameter by a new tensor, which has no gradient of its own? Change it in place instead (w -= "
            "... inside torch.no_grad()). Otherwise: is b in your prediction, and w? Or was a gradient cleared (set to "
            "None) between backward() and the update?")


def _without_gradient(fit_line, exc):
    """Which of fit_line's w and b, as they were when it raised exc, require a gradient and have none (the other has
    one): read from the frame of fit_line in the exception's traceback; [] when that cannot be told."""
    tb, names = getattr(exc, "__traceback__", None), []
    while tb is not None:
        if tb.tb_frame.f_code is getattr(fit_line, "__code__", None):
            found = {n: tb.tb_frame.f_locals.get(n) for n in ("w", "b")}
            # leaves only: a w made anew by w = w - ... has no .grad of its own to read
            if all(isinstance(t, torch.Tensor) and t.requires_grad and t.is_leaf for t in found.values()):
                names = [n for n, t in found.items() if t.grad is None]
        tb = tb.tb_next
    return names


class Watch(TorchFunctionMode):
    """Watches what PyTorch does during a call: which functions run, and how many times backward() does."""

    def __init__(self):
        super().__init__()
        self.ops = set()
        self.backwards = 0

    def __torch_function__(self, func, types, args=(), kwargs=None):
        if func is torch.Tensor.backward or func is torch.autograd.backward:
            self.backwards += 1
        self.ops.add(getattr(func, "__name__", repr(func)))
        return func(*args, **(kwargs or {}))


def call_quietly(fit_line, X, Y, lr, iterations, watch=None):
    """fit_line(X, Y, lr, iterations) on copies of X and Y: (what it returned, None) or (None, the exception).

    What it prints is dropped (a loop that prints each step would print thousands of lines here), and so are
    PyTorch's warnings.
    """
    X, Y = X.clone(), Y.clone()
    try:
        with contextlib.redirect_stdout(io.StringIO()), warnings.catch_warnings():
            warnings.simplefilter("ignore")
            with watch if watch is not None else contextlib.nullcontext():
                return fit_line(X, Y, lr, iterations), None
    except Exception as exc:  # the learner's code may raise anything: the check says what
        return None, exc


def single_number(value):
    """``value`` as a float (NaN and infinity allowed) if it is a single number, else None."""
    try:
        if isinstance(value, torch.Tensor):
            return float(value.detach().cpu().reshape(-1)[0]) if value.numel() == 1 else None
        if isinstance(value, np.ndarray):
            return float(value.reshape(-1)[0]) if value.size == 1 else None
        if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Real):
            return None
        return float(value)
    except OverflowError:
        return math.copysign(math.inf, value)
    except (TypeError, ValueError, RuntimeError):
        return None


def short(value):
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def as_pair(result):
    """What fit_line returned as (w, b), two floats, or a sentence saying why it is not two numbers."""
    if isinstance(result, (torch.Tensor, np.ndarray)) and np.prod(result.shape) == 2:
        result = [result.reshape(-1)[0], result.reshape(-1)[1]]
    if result is None:
        return ("it returned None: it should return the trained w and b, two numbers (the stub's last line does "
                "that).")
    if isinstance(result, (tuple, list)):
        if len(result) != 2:
            return f"it returned {len(result)} values; it should return two, w then b."
        values = []
        for which, name, value in zip(("first", "second"), "wb", result):
            number = single_number(value)
            if number is None:
                return (f"the {which} value it returned, which should be {name}, is {type(value).__name__} "
                        f"{short(value)}, not a single number.")
            values.append(number)
        return tuple(values)
    if single_number(result) is not None:
        return f"it returned a single number, {short(result)}; it should return two, w then b."
    return f"it returned {type(result).__name__} {short(result)}; it should return two numbers, w then b."


def exercise_data():
    """The exercise's new data: 100 points around y = 3x + 2, x from 0 to 9.9, exactly as the notebook makes them."""
    X_new = torch.arange(0, 10, 0.1).view(-1, 1)
    Y_new = 3 * X_new + 2 + 0.4 * torch.randn(X_new.shape, generator=torch.Generator().manual_seed(1))
    return X_new, Y_new


def same_pair(p, q):
    """True if two (w, b) pairs agree to float32 rounding (both finite)."""
    return all(math.isfinite(a) and math.isfinite(b) and math.isclose(a, b, rel_tol=1e-4, abs_tol=1e-4)
               for a, b in zip(p, q))


def show(p):
    return f"w = {p[0]:.4g}, b = {p[1]:.4g}"


# --------------------------------------------------------------------------
# The loop
# --------------------------------------------------------------------------


def reference(X, Y, lr, steps):
    """The notebooks' loop from w = 0, b = 0: (w, b) before the first step and after each of ``steps`` steps."""
    return train(X, Y, w0=0.0, b0=0.0, lr=lr, iterations=steps).path()


def variant(X, Y, lr, steps, zero="wb", trained="wb", sign=1.0, loss="mean", start=(0.0, 0.0), grads="own",
            no_lr="", model="wx+b"):
    """The notebooks' loop with one thing changed: which gradients are zeroed, which parameters are updated, the
    direction of the step, the loss ("mean", "sum", "abs": the mean absolute difference, "mean first": the square
    of the mean difference, or "flat": a mean over a prediction of shape (100,) broadcast against Y), the start,
    the gradient each parameter steps with ("own";
    "first", the first step's gradients every time; "w" or "b", that parameter's gradient for both), or which
    parameters step by their whole gradient, without the learning rate (``no_lr``), or the model ("wx+b", or
    "w(x+b)": b added to x before the product). Returns (w, b) before and after each step."""
    w = torch.tensor(start[0], requires_grad=True)
    b = torch.tensor(start[1], requires_grad=True)
    params = {"w": w, "b": b}
    path, first = [(w.item(), b.item())], None
    for _ in range(steps):
        y_pred = forward(X.reshape(-1) if loss == "flat" else X, w, b)  # "flat": (100,) against Y's (100, 1)
        y_pred = w * (X + b) if model == "w(x+b)" else y_pred
        miss = (y_pred - Y).abs() if loss == "abs" else (y_pred - Y) ** 2
        value = miss.sum() if loss == "sum" else (y_pred - Y).mean() ** 2 if loss == "mean first" else miss.mean()
        value.backward()
        if first is None:
            first = {name: p.grad.clone() for name, p in params.items()}
        with torch.no_grad():
            for name in trained:
                gradient = first[name] if grads == "first" else params[name if grads == "own" else grads].grad
                params[name] -= sign * (1.0 if name in no_lr else lr) * gradient
        for name in zero:
            params[name].grad.zero_()
        path.append((w.item(), b.item()))
    return path


