"""Exercise check of notebook 2 (the model and the loss): 2.1 ``check_mse``; 2.2 is in ``checks_best_w``."""

import math

import numpy as np
import torch

from course.code_reading import inside_loop, names_used, uses_matrix_product, works_without_returning
from course.feedback import OTHER_DATA, Feedback, as_number, call, forgot_return, other_data
from helpers import _numpy, forward, least_squares, make_data


def _ready_made(value):
    """How a message names ``value`` if it is a loss exercise 2.1 asks you to do without, else None."""
    import functools

    import torch

    from helpers import mse

    while isinstance(value, functools.partial):
        value = value.func
    if value is mse:
        return "helpers.mse"
    if value is torch.nn.functional.mse_loss:
        return "mse_loss"
    if isinstance(value, torch.nn.MSELoss):
        return "MSELoss"
    if callable(value) and getattr(value, "__name__", None) == "criterion":  # the notebook's, under any name
        return "criterion"
    return None


def _ready_made_losses(fn):
    """The ready-made losses ``fn`` is, or reaches in its code: by a global or enclosing name (``criterion``,
    ``hmse`` for helpers.mse, ``loss_fn`` for an nn.MSELoss), as an attribute of a module (``helpers.mse``), or
    as PyTorch's ``mse_loss`` or ``MSELoss`` however reached. A function of the learner's own, whatever its name,
    is not one of them."""
    import types

    found = [_ready_made(fn)]
    code = getattr(fn, "__code__", None)
    names, codes = set(), [code]
    while codes:  # the function's code and the code of the functions and lambdas inside it
        c = codes.pop()
        if c is not None:
            names.update(c.co_names)
            codes.extend(k for k in c.co_consts if hasattr(k, "co_names"))
    scope = dict(getattr(fn, "__globals__", {}))
    if code is not None and getattr(fn, "__closure__", None):
        scope.update((name, cell.cell_contents) for name, cell in zip(code.co_freevars, fn.__closure__)
                     if cell.cell_contents is not None)
        names.update(code.co_freevars)
    for name in sorted(names):
        if name in ("mse_loss", "MSELoss"):
            found.append(name)
        value = scope.get(name)
        found.append(_ready_made(value))
        if isinstance(value, types.ModuleType):
            found.extend(_ready_made(getattr(value, attr, None)) for attr in names)
    return list(dict.fromkeys(name for name in found if name))


def check_mse(my_mse):
    """Check exercise 2.1: a hand-written mean squared error, on the notebook's data and on 7 points of its own.

    Right values from a ready-made loss (the notebook's ``criterion``, ``helpers.mse``, PyTorch's
    ``mse_loss`` or ``MSELoss``), called or handed in as it is, are told that the exercise asks to write it out.
    A value that comes from y_pred and y of different shapes broadcast together (one side reshaped by view(-1),
    squeeze(), flatten() or .T: 100 x 100 differences) is told so, with the shapes where they met.

    Args:
        my_mse: a function (y_pred, y) -> a single number (a tensor of one element, a float, a NumPy value).

    Returns:
        Feedback.
    """
    if not callable(my_mse):
        return Feedback("invalid", f"my_mse should be a function, but it is {type(my_mse).__name__}.")
    data = make_data()
    y_pred = forward(data.X, -7.0)
    result, error = call(my_mse, y_pred.clone(), data.Y.clone(), result_needed=True)
    if error:
        return error
    squares = ((y_pred - data.Y).double() ** 2).reshape(-1)
    if isinstance(result, torch.Tensor) and result.dim() == 1 and result.numel() == squares.numel() and \
            torch.allclose(result.detach().double(), squares, rtol=1e-4, atol=1e-6):
        return Feedback("wrong", f"my_mse returns a tensor of shape {tuple(result.shape)}: one squared difference "
                                 "per point, not their mean (a mean along dim=1 averages each row, and each row here "
                                 "holds a single point). Take the mean over all the points: torch.mean without "
                                 "dim.")
    if isinstance(result, torch.Tensor) and result.shape == data.Y.shape:
        pred, target = y_pred.double(), data.Y.double()  # one number per point: which ones says what went wrong
        squares, n = (pred - target) ** 2, len(target)
        for per_point, what in ((squares, "the squared difference of every point: the mean of them is missing. Take "
                                 "the mean of the squares (torch.mean)"),
                                (pred - target ** 2, "y_pred - y² for every point: only y was squared, and no mean "
                                 "taken. Put the difference in brackets before squaring it, then take the mean"),
                                (squares / n, f"each point's squared difference divided by {n}: the sum over the "
                                 "points is missing. Add them up first, or take torch.mean of the squares")):
            if torch.allclose(result.detach().double(), per_point, rtol=1e-4, atol=1e-6):
                return Feedback("wrong", f"my_mse returns a tensor of shape {tuple(result.shape)}, {what}.")
    if result is None and works_without_returning(my_mse):
        return forgot_return("my_mse")
    value = as_number(result, "my_mse's result",
                      how="Replace 'return None' in my_mse with the mean of the squared differences.")
    if isinstance(value, Feedback):
        return value
    diff = (y_pred - data.Y).double()
    right = float((diff ** 2).mean())
    if not math.isclose(value, right, rel_tol=1e-4):
        broadcast = _broadcast_message(my_mse, value, right, y_pred, data.Y)
        if broadcast:
            return broadcast
        if inside_loop(my_mse) == "return":
            return Feedback("wrong", f"my_mse gives {value:.3f}, not the mean squared error: its return sits inside "
                                     "the loop, so it returns after the first point. Unindent it to run after the "
                                     "loop.")
        if math.isclose(value, float((diff ** 2).sum()), rel_tol=1e-4):
            by_one = (" (len(y[0]) and y.shape[1] are 1 for a column of 100 rows, so dividing by them changes nothing: "
                      "the number of points is len(y) or y.shape[0])") if {"shape", "len"} & names_used(my_mse) else ""
            return Feedback("wrong", f"you get {value:.1f}, {diff.numel()} times the right value: that is the sum "
                                     f"of the squares. Divide by the number of points (torch.mean does it){by_one}.")
        if math.isclose(value, float(diff.mean()), rel_tol=1e-4, abs_tol=1e-6) or \
                math.isclose(value, float(diff.sum()), rel_tol=1e-4, abs_tol=1e-6):
            return Feedback("wrong", "the square is missing: without it, misses above and below the line cancel "
                                     "out. Square the differences before averaging.")
        if math.isclose(value, 2 * float(diff.mean()), rel_tol=1e-4, abs_tol=1e-6):
            return Feedback("wrong", f"my_mse gives {value:.4g}, the mean of twice the differences: * 2 doubles a "
                                     "number, ** 2 squares it. Square each difference, then take the mean.")
        if math.isclose(value, float((diff ** 2).sum()) / (diff.numel() - 1), rel_tol=1e-4):
            n = diff.numel()
            return Feedback("wrong", f"my_mse gives {value:.3f}: the sum of the squares divided by {n - 1}, one less "
                                     f"than the number of points, as a sample variance divides. The mean squared "
                                     f"error is their mean: the sum divided by all {n} of them.")
        centred = float(((diff - diff.mean()) ** 2).sum())
        for divisor, how in ((diff.numel() - 1, "torch.var's way"), (diff.numel(), "the variance's way")):
            if math.isclose(value, centred / divisor, rel_tol=1e-4):
                return Feedback("wrong", f"my_mse gives {value:.4g}, the variance of the differences ({how}): it "
                                         "subtracts their mean from each difference before squaring, so a line that "
                                         "misses every point by the same amount would score 0. The mean squared "
                                         "error squares the differences themselves, then takes their mean.")
        if math.isclose(value, float(diff.abs().mean()), rel_tol=1e-4):
            return Feedback("wrong", "that is the mean absolute error: square the differences instead of taking "
                                     "their absolute value.")
        if math.isclose(value, math.sqrt(right), rel_tol=1e-4):
            return Feedback("wrong", "that is the root of the mean squared error; leave out the square root.")
        if math.isclose(value, float(diff.mean()) ** 2, rel_tol=1e-4) and uses_matrix_product(my_mse):
            return Feedback("wrong", f"my_mse gives {value:.4g}, the square of the mean difference: a matrix product "
                                     "(@, matmul) of the differences with themselves multiplies every difference by "
                                     "every other, a 100 x 100 table whose mean is that. Square each difference on "
                                     "its own, with ** 2, then take the mean.")
        if math.isclose(value, float(diff.mean()) ** 2, rel_tol=1e-4):
            return Feedback("wrong", f"my_mse gives {value:.4g}, the square of the mean difference: the mean was taken "
                                     "first and then squared, so misses above and below the line cancelled out "
                                     "before the squaring. Square each difference first, then take the mean of the "
                                     "squares.")
        pred, target = y_pred.double(), data.Y.double()
        if math.isclose(value, float((pred - target ** 2).mean()), rel_tol=1e-4):
            return Feedback("wrong", f"my_mse gives {value:.4g}, the mean of y_pred - y²: only y was squared, not the "
                                     "difference. Python squares before it subtracts (** binds more tightly than -), "
                                     "so the difference needs brackets of its own before it is squared.")
        if math.isclose(value, float((pred ** 2 - target ** 2).mean()), rel_tol=1e-4, abs_tol=1e-6):
            return Feedback("wrong", f"my_mse gives {value:.4g}, the mean of y_pred² - y²: you squared the "
                                     "predictions and the targets separately, then subtracted. The square of a "
                                     "difference is not the difference of the squares: subtract first, then square.")
        if math.isclose(value, right / 2, rel_tol=1e-4):
            return Feedback("wrong", f"my_mse gives {value:.4g}, half the mean squared error ({right:.3f}). Some texts "
                                     "put a factor 1/2 in front of a squared error; this course's loss, like the "
                                     "notebook's criterion, is the plain mean of the squares.")
        n = diff.numel()
        for ratio, what in ((2, "twice the mean squared error: a factor 2 too many"),
                            (1 / n, f"the mean squared error divided by {n} once more: a mean already divides by "
                                    "the number of points")):
            if math.isclose(value, ratio * right, rel_tol=1e-4):
                return Feedback("wrong", f"my_mse gives {value:.4g}, {what}.")
        moved, _ = call(my_mse, y_pred.clone() + 1.0, data.Y.clone(), result_needed=True)
        if isinstance(moved, (torch.Tensor, float, int)) and math.isclose(float(moved), value, rel_tol=1e-9):
            return Feedback("wrong", f"my_mse gives {value:.4g} whatever the predictions are (the same with every "
                                     "prediction 1 higher): it never uses y_pred. The loss measures how far each "
                                     "prediction y_pred is from its target y.")
        skipped = _one_point_left_out(value, (diff ** 2).flatten())
        if skipped:
            return Feedback("wrong", f"my_mse gives {value:.3f}: {skipped}. Every one of the {diff.numel()} points "
                                     "counts, each squared difference once, then their mean.")
        return Feedback("wrong", f"my_mse gives {value:.3f} for the predictions of w = -7 on the notebook's data, "
                                 f"but their mean squared error is {right:.3f}. Square each difference between "
                                 "prediction and target, then take the mean of the squares.")
    # Right on the notebook's data: it must also be right on other data, so it cannot lean on X, Y or n = 100.
    X7, Y7 = other_data()
    pred7 = forward(X7, 2.0)
    result7, error = call(my_mse, pred7.clone(), Y7.clone(), result_needed=True)
    if error:
        return Feedback("wrong", f"right on the notebook's data, but on {OTHER_DATA} {error.message} "
                                 "A function that uses only its arguments y_pred and y works for any number of "
                                 "points; one that uses the notebook's Y (100 points) fails here.")
    value7 = as_number(result7, f"my_mse's result on {OTHER_DATA}")
    if isinstance(value7, Feedback):
        return value7
    squares7 = ((pred7 - Y7).double() ** 2)
    right7 = float(squares7.mean())
    if not math.isclose(value7, right7, rel_tol=1e-4):
        seen = (f"right on the notebook's data, but on {OTHER_DATA}, my_mse gave "
                f"{value7:.4g} instead of {right7:.4g}")
        if math.isclose(value7, float(squares7.sum()) / 100, rel_tol=1e-4):
            return Feedback("wrong", f"{seen}: that is the sum of their squares divided by 100, the notebook's "
                                     "number of points, instead of by 7. Divide by the number of points that "
                                     "y_pred and y hold.")
        if math.isclose(value7, value, rel_tol=1e-6):
            return Feedback("wrong", f"{seen}, the same value it gave on the notebook's data: does it use only its "
                                     "arguments y_pred and y?")
        return Feedback("wrong", f"{seen}: does it use only its arguments y_pred and y, and divide by their count?")
    used = _ready_made_losses(my_mse)
    if used:
        what = "a loss that is" if len(used) == 1 else "losses that are"
        return Feedback("wrong", f"my_mse gives the right values, but it uses {' and '.join(used)}, {what} "
                                 "already written: this exercise asks you to write it out yourself. Square each "
                                 "difference between prediction and target, then take the mean (torch.mean may do "
                                 "that last part).")
    plain = "" if isinstance(result, torch.Tensor) else (
        f" It returns a plain number ({type(result).__name__}), not a tensor: fine for reading a loss, but "
        "loss.backward() needs the tensor, so a loss you train with (notebook 3) stays a tensor"
        + (": leave out .item()." if "item" in names_used(my_mse) else ", computed with torch throughout."))
    if not plain:  # a tensor: does autograd still follow it back to y_pred?
        traced, _ = call(my_mse, torch.zeros(3, 1, requires_grad=True), torch.ones(3, 1))
        plain = "" if not isinstance(traced, torch.Tensor) or traced.requires_grad else (
            " It returns a tensor that autograd no longer follows back to y_pred (.detach() or .data inside it): "
            "fine for reading a loss, but loss.backward() needs the trail back to w, so leave that out.")
    return Feedback("correct", f"my_mse gives {value:.3f} at w = -7, the same as the criterion, and it is right "
                               f"on 7 points of the check's own too.{plain}")


def _one_point_left_out(value, squares):
    """How ``value`` left out the first or the last squared difference (a loop that starts at 1 or stops one
    early), or None."""
    n = squares.numel()
    for part, which in ((squares[1:], "the first point (index 0) is left out: a loop over range(1, n) starts at "
                                      "the second point, since Python counts from 0"),
                        (squares[:-1], "the last point is left out: range(n - 1) stops one before n")):
        if any(math.isclose(value, float(part.sum()) / d, rel_tol=1e-5) for d in (n, n - 1)):
            return which
    return None


def _broadcast_message(my_mse, value, right, y_pred, y):
    """Feedback if ``value`` is what my_mse gives when y_pred and y of different shapes were broadcast together
    (every prediction paired with every target: a 100 x 100 matrix of differences), else None."""
    n = y.numel()
    pairs = (y_pred.double().reshape(-1, 1) - y.double().reshape(1, -1)) ** 2
    found = [how for total, how in ((float(pairs.mean()), "the mean of"),
                                    (float(pairs.sum()) / n, f"the sum, divided by {n}, of"),
                                    (float(pairs.sum()), "the sum of"))
             if math.isclose(value, total, rel_tol=1e-4)]
    if not found:
        return None
    shapes = _shapes_broadcast(my_mse, y_pred, y)
    if shapes:
        (first, a), (second, b) = shapes
        met = f"In your function {first} has shape {a} where it meets {second}, of shape {b}."
    else:
        met = (f"Somewhere in your function y_pred and y have different shapes, such as ({n},) and ({n}, 1), or "
               f"(1, {n}) and ({n}, 1): reshaping one of them alone (view(-1), squeeze(), flatten(), ravel() or .T) "
               "does that.")
    return Feedback("wrong", f"my_mse gives {value:.1f}, but the mean squared error of these {n} predictions is "
                             f"{right:.3f}: yours is {found[0]} {n} × {n} = {n * n} squared differences, every "
                             f"prediction paired with every target instead of with its own. {met} That is "
                             f"broadcasting: subtracting a ({n}, 1) tensor and a tensor of shape ({n},) or (1, {n}) "
                             f"pairs every row with every entry and gives a ({n}, {n}) matrix. The check passes "
                             f"y_pred and y in the same shape, ({n}, 1), as the notebook's predictions and Y are: keep "
                             "the two the same shape where you subtract them.")


def _shapes_broadcast(fn, y_pred, y):
    """Run ``fn(y_pred, y)`` and return the first two tensors it combined by broadcasting into a larger one, as
    ((name, shape), (name, shape)) with the names "y_pred", "y" or "a tensor"; None if none was seen (NumPy, say)."""
    import contextlib
    import io

    import torch
    from torch.overrides import TorchFunctionMode

    def name(t):
        flat = t.detach().reshape(-1)
        for label, given in (("y_pred", y_pred), ("y", y)):
            if flat.numel() == given.numel() and torch.equal(flat.to(given.dtype), given.reshape(-1)):
                return label
        return "a tensor"

    seen = []

    class Watch(TorchFunctionMode):
        def __torch_function__(self, func, types, args=(), kwargs=None):
            out = func(*args, **(kwargs or {}))
            tensors = [a for a in args if isinstance(a, torch.Tensor)]
            if (not seen and len(tensors) == 2 and isinstance(out, torch.Tensor)
                    and tensors[0].shape != tensors[1].shape and out.numel() > max(t.numel() for t in tensors)):
                seen.append(tuple((name(t), tuple(t.shape)) for t in tensors))
            return out

    try:
        with contextlib.redirect_stdout(io.StringIO()), Watch():
            fn(y_pred.clone(), y.clone())
    except Exception:  # it ran once already; whatever it does here, the value told enough
        pass
    return seen[0] if seen else None
