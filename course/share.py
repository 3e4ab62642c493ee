"""Settings to share: one line of code that gives a fresh explorer of the same notebook exactly the run shown.

``explorer.share()`` returns, for example, ``explorer.set(lr=0.1, iterations=20, w0=-10.0)``; every explorer
shows that line under its readout, so a teacher can put it on the board. The functions here hold the logic,
without widgets: which settings make up the run, how they are written, and (for the training explorer) how
``set``'s arguments and the explorer's current settings make the settings of the next run.

The line is exact: each number is written as Python's ``repr``, the shortest text that reads back as the same
float. So that it is also short, the explorers compute with each slider's value as ``tidy`` gives it, without
the last-digit noise of the browser's arithmetic (-9.700000000000001 is computed, and shared, as -9.7).
"""

import html
import json

from course import ranges
from helpers import _as_float, _check_iterations, _check_lr

NAME = "explorer"  # what every notebook calls its explorer
SHARE_START = "<div class='explorer-share'"  # where the share line begins in the readout's HTML


def tidy(value, decimals=10):
    """A slider's value as the explorers compute with it: rounded to ``decimals`` decimals, which removes the
    noise in the last digits that the browser's arithmetic leaves (-9.700000000000001 becomes -9.7)."""
    return round(float(value), decimals)


def literal(value):
    """``value`` written as Python code that reads back as exactly the same value.

    Args:
        value: a bool, an int, a float or a str.

    Returns:
        The code, for example ``True``, ``20``, ``-10.0``, ``0.115`` or ``"momentum"``.
    """
    if isinstance(value, bool):
        return repr(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return repr(value)  # the shortest text that Python reads back as this very float
    if isinstance(value, str):
        return json.dumps(value)  # "momentum": double quotes, as the notebooks write strings
    raise TypeError(f"value must be a bool, int, float or str, got {type(value).__name__}")


def share_line(settings, name=NAME):
    """The line of code that sets an explorer called ``name`` to ``settings``.

    Args:
        settings: the keyword arguments of the explorer's ``set``, in order, for example
            ``{"lr": 0.1, "iterations": 20, "w0": -10.0}``.
        name: the explorer's variable name in the notebook.

    Returns:
        A line of code, for example ``explorer.set(lr=0.1, iterations=20, w0=-10.0)``.
    """
    return f"{name}.set({', '.join(f'{key}={literal(value)}' for key, value in settings.items())})"


def share_html(line):
    """The share line as the explorers show it under the readout: small, in a monospace font, selected whole by
    one click (to copy it)."""
    return (SHARE_START + " style='font-size: 13px; color: #404040; margin-top: 6px'>"
            "to share, run: <code style='font-family: monospace; user-select: all'>"
            f"{html.escape(line)}</code></div>")


def training_settings(settings, with_bias, steps):
    """What the training explorer's share line sets: every setting the run depends on, and the iteration shown.

    Without bias (notebook 3): lr, iterations, w0. With bias (notebook 4): also b0, the method and standardise,
    momentum's beta only with momentum and the batch size only with mini-batches (they change nothing else).
    The iteration shown only when it is not the end of the run (so in predict-first mode a shared run is hidden
    until ▶ play, as any other).

    Args:
        settings: the explorer's settings, a dict with lr, iterations, w0, b0, method, beta, batch, standardise
            and shown (as ``resolve_training`` returns them).
        with_bias: whether the explorer trains w and b.
        steps: how many steps the run has (fewer than the iterations asked for when it overflowed).

    Returns:
        The keyword arguments of ``set``, in order.
    """
    keys = ["lr", "iterations", "w0"]
    if with_bias:
        keys += ["b0", "method"] + {"momentum": ["beta"], "mini-batch": ["batch"]}.get(settings["method"], [])
        keys.append("standardise")
    if settings["shown"] != steps:
        keys.append("shown")
    return {key: settings[key] for key in keys}


def _clamped(name, value, rng):
    """``value`` as a float inside ``rng`` = (min, max, step): clamped to it, not moved to its steps."""
    low, high, _ = rng
    return min(max(_as_float(name, value), low), high)


def resolve_training(current, with_bias, lr=None, iterations=None, w0=None, b0=None, method=None, beta=None,
                     batch=None, standardise=None, shown=None):
    """The settings after ``TrainingExplorer.set``: the arguments given, checked, over the ``current`` ones.

    Args:
        current: the explorer's settings now (a dict as returned here); ``shown`` may be None.
        with_bias: whether the explorer trains w and b; method, beta, batch and standardise need it.
        lr, iterations, w0, b0, method, beta, batch, standardise, shown: as ``TrainingExplorer.set`` takes them,
            None for "as it is". iterations, w0 and b0 are clamped to their sliders' ranges. ``shown`` is the iteration
            shown; None shows the run's end (its start in predict-first mode).

    Returns:
        A dict with every setting: lr, iterations, w0, b0, method, beta, batch, standardise, and shown (None
        unless given).

    Raises:
        ValueError or TypeError naming the argument that is not usable.
    """
    from course.explorer_base import setting
    from course.training_run import method_settings

    chosen = {"method": method, "beta": beta, "batch": batch, "standardise": standardise}
    new = {**current, "shown": None}
    if any(v is not None for v in chosen.values()):
        if not with_bias:
            raise ValueError("method, beta, batch and standardise need with_bias=True (notebook 4's explorer)")
        merged = [current[key] if value is None else value for key, value in chosen.items()]
        new.update(zip(chosen, method_settings(*merged)))
    if lr is not None:
        new["lr"] = _check_lr(lr)
    if iterations is not None:
        new["iterations"] = min(_check_iterations(iterations), ranges.MAX_ITERATIONS)  # the slider's end, at most
    if w0 is not None:
        new["w0"] = _clamped("w0", w0, ranges.W0)
    if b0 is not None:
        new["b0"] = _clamped("b0", b0, ranges.B0)
    if shown is not None:
        new["shown"] = setting("shown", shown, (0, ranges.MAX_ITERATIONS, 1), whole=True)
    return new
