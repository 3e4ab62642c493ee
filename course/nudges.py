"""How a learner's exercise 3.1 nudges w, when its slope does not use the h it is given: read from its code (an
assignment to h) and from one watched call (the numbers added to or subtracted from w). Used by course/checks_nb3.py."""

import contextlib
import dis
import io
import math
import numbers

import numpy as np
import torch

from course.feedback import Feedback, as_number, call


def finite_at_nan_h(my_gradient, data):
    """True if my_gradient returns a finite number when h is NaN: it cannot be using that h."""
    with contextlib.redirect_stdout(io.StringIO()):
        result, error = call(my_gradient, -10.0, data.X.clone(), data.Y.clone(), math.nan)
    value = None if error else as_number(result, "")
    return value is not None and not isinstance(value, Feedback)


def _assigns_h(fn):
    """True if ``fn`` assigns to its fourth parameter (h) anywhere in its body, or in a function inside it."""
    code = getattr(fn, "__code__", None)
    if code is None or code.co_argcount < 4:
        return False
    h = code.co_varnames[3]
    codes = [code]
    while codes:
        c = codes.pop()
        if c is code or h in c.co_freevars:
            if any(i.opname.startswith("STORE") and i.argval == h for i in dis.get_instructions(c)):
                return True
        codes.extend(k for k in c.co_consts if hasattr(k, "co_code"))
    return False


class _Watched(float):
    """The number w, noting every number added to it or subtracted from it: the nudges a slope makes."""

    def __new__(cls, value, seen):
        self = super().__new__(cls, value)
        self.seen = seen
        return self

    def _note(self, other, sign):
        if isinstance(other, numbers.Real) and not isinstance(other, (bool, np.bool_)) and other != 0:
            self.seen.append(sign * float(other))

    def __add__(self, other):
        self._note(other, 1)
        return float(self) + other

    def __radd__(self, other):
        self._note(other, 1)
        return other + float(self)

    def __sub__(self, other):
        self._note(other, -1)
        return float(self) - other


def _nudges(my_gradient, data):
    """The sizes of the nudges my_gradient makes to w (numbers added to or subtracted from w, or from a tensor made
    of it), sorted; [] if none are seen (the formula, say)."""
    from torch.overrides import TorchFunctionMode

    seen = []

    class Watch(TorchFunctionMode):  # w turned into a tensor first: tensor(-10.) + 0.001
        def __torch_function__(self, func, types, args=(), kwargs=None):
            name = getattr(func, "__name__", "")
            if name.strip("_").lstrip("r") in ("add", "sub") and len(args) == 2:
                a, b = args
                if isinstance(a, torch.Tensor) and a.numel() == 1 and a.dtype.is_floating_point \
                        and float(a.detach().reshape(-1)[0]) == -10.0 and isinstance(b, numbers.Real) \
                        and not isinstance(b, bool) and b != 0 and not name.startswith("__r"):
                    seen.append(float(b))
            return func(*args, **(kwargs or {}))

    with contextlib.redirect_stdout(io.StringIO()), Watch():
        call(my_gradient, _Watched(-10.0, seen), data.X.clone(), data.Y.clone(), 0.5)
    return sorted({abs(v) for v in seen})


def own_step(my_gradient, data):
    """What my_gradient nudges w by instead of its argument h, as a sentence, or None if neither an assignment to h
    nor a nudge of its own is seen."""
    steps = _nudges(my_gradient, data)
    size = f" ({steps[0]:g})" if len(steps) == 1 else ""
    if _assigns_h(my_gradient):
        return f"it sets its own h inside the function{size.replace('(', '(h = ')}."
    if steps:
        return f"it nudges w by a number written into the function{size} instead."
    return None
