"""What every exercise check shares: the ``Feedback`` it returns and the ways it reads an answer.

A check never raises on what a learner can type: it returns a Feedback whose ``status`` is
"correct", "wrong", "not answered" or "invalid", shown as a coloured box when it is a cell's
last value. Hints point to the idea, never to the code of the solution.
"""

import math
import numbers
import re
import warnings
from dataclasses import dataclass

import numpy as np
import torch


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
        message = re.sub(r"`([^`]+)`", r"<code>\1</code>", html.escape(self.message))  # `code` as code, not ticks
        return (f"<div style='border-left: 6px solid {colour}; padding: 6px 12px; font-size: 15px'>"
                f"{icon} <b>{label}</b>: {message}</div>")


def unanswered(how):
    return Feedback("not answered", how)


def forgot_return(name):
    """What to say to a function whose body works something out but has no return statement."""
    return Feedback("wrong", f"{name} runs, but gives back None: its body works something out and never returns it. "
                             f"A function without a return statement returns None; end {name} with return and the "
                             "value.")


def as_number(value, name, how=None):
    """``value`` as a finite float, or a Feedback saying why it is not one.

    Python and NumPy numbers count, and so do tensors and NumPy arrays holding a single number.
    With ``how`` given, None means "not answered yet" and ``how`` says what to do.
    """
    if value is None and how is not None:
        return unanswered(how)
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
    if callable(value) and not isinstance(value, type):  # a method named but not called: .mean instead of .mean()
        what = getattr(value, "__name__", "a function")
        return Feedback("invalid", f"{name} is the method {what} itself, not its result: a method runs only when "
                                   f"it is called, with brackets, as in .{what}().")
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Real):
        return Feedback("invalid", f"{name} should be a number, but it is {type(value).__name__} {value!r}.")
    try:
        value = float(value)
    except (OverflowError, ValueError):
        return Feedback("invalid", f"{name} is too large to be stored as a number.")
    if not math.isfinite(value):
        return Feedback("invalid", f"{name} is {value}; it should be a finite number.")
    return value


def choice(answer, options, how):
    """Normalise a multiple-choice answer, or a Feedback saying what is wrong with it.

    Case, spaces, brackets and punctuation around the answer do not matter ("(B)", "b." and " b " are "b"),
    nor a missing ending when only one option starts that way ("diverge" is "diverges").
    """
    if answer is None:
        return unanswered(how)
    if not isinstance(answer, str):  # answer = b without quotes: notebook 4's b, the bias, is a tensor
        bias = " (in notebook 4, b is the model's bias)" if hasattr(answer, "requires_grad") else ""
        letters = (f"Without quotes, Python reads a letter such as b as the name of a variable{bias} and hands over "
                   "its value. " if all(len(o) == 1 for o in options) else "")
        return Feedback("invalid", f"the answer should be one of {', '.join(repr(o) for o in options)}; got "
                                   f"{answer!r}, which is not text. {letters}Put your choice in quotes. {how}")
    text = answer.strip().lower().strip("()[]{}.,;:!?'\" ") if isinstance(answer, str) else None
    if text not in options and text:
        starting = [o for o in options if len(o) > 1 and o.startswith(text) and len(text) >= len(o) - 2]
        text = starting[0] if len(starting) == 1 else text
    if text not in options:
        return Feedback("invalid", f"the answer should be one of {', '.join(repr(o) for o in options)}; "
                                   f"got {answer!r}.")
    return text


def call(function, *args, result_needed=False):
    """Call a learner's function; return (result, None) or (None, Feedback) if it raised.

    With ``result_needed``, a function that printed something and returned None gets (None, Feedback) that
    says so: it printed its answer instead of returning it. What it printed still reaches the notebook.
    """
    import contextlib
    import io
    import sys

    printed = io.StringIO()
    try:
        with contextlib.redirect_stdout(printed), warnings.catch_warnings():
            # w = w - ... makes a new tensor, and reading its .grad makes PyTorch warn at length before the
            # check can say in plain words what happened: the check's message says it instead
            warnings.filterwarnings("ignore", message="The .grad attribute of a Tensor that is not a leaf")
            result = function(*args)
    except Exception as exc:  # the learner's code may raise anything; say what and where
        return None, Feedback("wrong", f"your function raised {type(exc).__name__}: {exc}. {name_hint(exc)}"
                                       "Run it on its own in a new cell to see where.")
    finally:
        sys.stdout.write(printed.getvalue())
    text = printed.getvalue().strip()
    if result_needed and result is None and text:
        shown = text if len(text) <= 40 else text[:37] + "..."
        return None, Feedback("wrong", f"your function printed {shown} but returned None. print only shows a value "
                                       "on the screen; return hands it back to the code that called the function "
                                       "(here, the check). Replace print(...) with return ...")
    return result, None


# The names the notebooks' first code cell imports or makes.
FIRST_CELL = {"torch", "helpers", "forward", "mse", "X", "Y", "f"}
# Names notebook 2 makes in its own cells, which a learner carries into notebooks 3 and 4 (each has its own kernel).
NOTEBOOK_2 = {"criterion": "notebook 2's name for the mean squared error",
              "my_mse": "your mean squared error from notebook 2's exercise 2.1"}


def name_hint(exc):
    """What to say when ``exc`` came from ^, which school algebra reads as a power and Python does not, from a
    name the notebook's first cell defines (torch, forward, mse, X, Y) when that cell has not run, or from notebook
    2's name for the loss carried into notebook 3 or 4."""
    text = str(exc).lower()
    if isinstance(exc, NameError) and getattr(exc, "name", None) in FIRST_CELL:
        return (f"{exc.name} comes from the notebook's first code cell: run that cell, which imports and makes "
                "torch, helpers, forward, mse, X and Y, then your answer cell and this check again. ")
    if isinstance(exc, NameError) and getattr(exc, "name", None) in NOTEBOOK_2:
        return (f"{exc.name} is {NOTEBOOK_2[exc.name]}, made in a cell of that notebook, and each notebook has a "
                "kernel of its own. In notebooks 3 and 4 the same loss is mse(prediction, Y), which the first code "
                "cell imports from helpers: write mse where you wrote " + exc.name + ". ")
    if isinstance(exc, AttributeError) and getattr(exc, "name", None) in ("backward", "grad") \
            and isinstance(getattr(exc, "obj", None), (int, float)):
        return (f"The loss was a plain Python number, which has no {exc.name}: .item() (or float(...)) turns a "
                "tensor into a number that autograd cannot trace back. Keep the loss a tensor for backward(); use "
                ".item() only to print or store it. ")
    if isinstance(exc, AttributeError) and getattr(exc, "name", None) and hasattr(torch.Tensor, exc.name + "_") \
            and not hasattr(torch.Tensor, exc.name):
        return (f"A tensor has no method {exc.name}: the methods that change a tensor in place end with an "
                "underscore, like the one the notebook's loop empties the gradient with. ")
    if "assigned grad expected to be a tensor or none" in text:
        return ("w.grad holds a tensor (or None), never a plain number such as 0: empty the tensor it holds, in "
                "place, as the notebook's loop does. ")
    if isinstance(exc, RuntimeError) and "does not require grad" in text and torch.is_grad_enabled():
        return ("backward() found nothing to trace back: autograd was not recording when the loss was computed. "
                "Is the loss (or the prediction) inside `with torch.no_grad():`? That block pauses the recording; "
                "only the update belongs in it. (A w made without requires_grad=True, or replaced by a new tensor "
                "with w = w - ..., does the same.) ")
    if "xor" in text or "for ^:" in text:
        return ("In Python ^ is not a power: it is 'exclusive or', an operation on the bits of whole numbers. A power "
                "is written with **, as in x ** 2. ")
    return ""


OPTIMISERS = {"optim", "SGD", "Adam", "AdamW", "RMSprop", "Adagrad"}  # names that mean torch.optim does the step
DATA_ASIDE = (" Your update goes through .data, which works; notebook 3's optional section \"an older way to write "
              "the update\" says why current PyTorch prefers torch.no_grad(): .data hides the change from autograd, "
              "so a mistake there would give wrong gradients and no error.")  # added to a right answer using .data
OTHER_DATA = "7 points of the check's own (not from the notebook's data)"  # how messages name other_data()


def other_data():
    """Seven made-up points around the line y = 3x: a learner's function must work here too, not only on X, Y."""
    X = torch.tensor([-3.0, -2.0, -1.0, 0.5, 1.0, 2.0, 4.0]).view(-1, 1)
    Y = 3.0 * X + torch.tensor([0.3, -0.5, 0.2, 0.1, -0.4, 0.6, -0.2]).view(-1, 1)
    return X, Y


def loss64(w, X, Y):
    """The MSE of the model w * x in float64, the reference the checks compare with."""
    x, y = X.detach().double(), Y.detach().double()
    return float(((w * x - y) ** 2).mean())


def same_run(a, b):
    """True if two lists of parameter values agree step by step (to float32 rounding)."""
    return len(a) == len(b) and all(math.isclose(u, v, rel_tol=1e-4, abs_tol=1e-4) for u, v in zip(a, b))
