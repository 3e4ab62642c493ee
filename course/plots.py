"""The notebooks' static pictures: data, the loss curve, values per iteration.

Used by notebook 1 (``plot_data``), notebook 2 (``plot_loss_vs_w``) and notebooks 3-4
(``plot_losses``, ``plot_runs``); each returns a matplotlib Figure that a notebook shows
when it is a cell's last value.
"""

import itertools

import numpy as np

from course.style import COLORS, figure, style_axes
from helpers import History, _as_array, _as_flag, _show


def _text(name, value, optional=False):
    """A title or label: a string (or None where that is allowed), or TypeError naming ``name``."""
    if value is None and optional:
        return None
    if not isinstance(value, str):
        raise TypeError(f"{name} must be a string{' or None' if optional else ''}, got {_show(value)}")
    return value


def clip(values, limit=1e6):
    """Values as a float array with non-finite or huge entries clipped, safe to draw."""
    arr = np.nan_to_num(np.asarray(values, dtype=float), nan=limit, posinf=limit, neginf=-limit)
    return np.clip(arr, -limit, limit)


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
    x = _as_array("X", X)
    title = _text("title", title, optional=True)
    if Y is not None and _as_array("Y", Y).shape != x.shape:
        raise ValueError("Y must have as many values as X")
    if line is not None and _as_array("line", line).shape != x.shape:
        raise ValueError("line must have as many values as X")
    fig, (ax,) = figure()
    if Y is not None:
        ax.plot(x, _as_array("Y", Y), "o", ms=5, color=COLORS["data"], markeredgecolor="white",
                markeredgewidth=0.5, zorder=3, label="noisy data Y")
    if line is not None:
        ax.plot(x, _as_array("line", line), "--", lw=2, color=COLORS["true"], zorder=2, label="true line f(x)")
    ax.set_xlabel("x")
    ax.set_ylabel("y")
    if title:
        ax.set_title(title)
    ax.legend()
    style_axes(ax)
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
    ws, losses = _as_array("ws", ws), _as_array("losses", losses)
    title = _text("title", title)
    if ws.shape != losses.shape or ws.size == 0:
        raise ValueError("ws and losses must have the same length, at least 1")
    try:
        marks = [(float(w), float(loss)) for w, loss in (marks or [])]
    except (TypeError, ValueError, OverflowError):
        raise TypeError(f"marks must be a list of (w, loss) pairs of numbers, got {_show(marks)}") from None
    fig, (ax,) = figure()
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
    style_axes(ax)
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
    losses = history.loss if isinstance(history, History) else list(_as_array("history", history))
    return plot_runs({"loss": losses}, ylabel="loss (MSE)", title=title, log=log)


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
    runs = {str(label): _as_array("runs", values) for label, values in runs.items()}
    ylabel, title, log = _text("ylabel", ylabel), _text("title", title), _as_flag("log", log)
    fig, (ax,) = figure(width=7.6)
    styles = [("o-", COLORS["loss"]), ("s--", COLORS["model"]), ("^:", COLORS["path"]), ("D-.", COLORS["data"])]
    for (label, values), (style, colour) in zip(runs.items(), itertools.cycle(styles)):
        ax.plot(range(len(values)), clip(values, 1e30), style, ms=5, lw=1.8, color=colour, label=label)
    if log:
        ax.set_yscale("log")
    ax.set_xlabel("iteration")
    ax.set_ylabel(ylabel)
    ax.set_title(title)
    # outside the axes, on the right: a legend inside would hide some of the points
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), borderaxespad=0)
    style_axes(ax, integer_x=True)
    return fig
