"""The notebooks' static pictures: data, the loss curve, values per iteration.

Used by notebook 1 (``plot_data``), notebook 2 (``plot_loss_vs_w``), notebooks 3-4
(``plot_losses``, ``plot_runs``) and notebook 4's "Going further" (``plot_paths``); each returns a matplotlib Figure that a notebook shows
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
        marks = [(float(w), float(loss)) for w, loss in ([] if marks is None else marks)]
    except (TypeError, ValueError, OverflowError, RuntimeError):  # RuntimeError: a tensor row of the wrong size
        raise TypeError(f"marks must be a list of (w, loss) pairs of numbers, got {_show(marks)}") from None
    fig, (ax,) = figure()
    ax.plot(ws, losses, "-", lw=2.5, color=COLORS["loss"], label="loss L(w)")
    for w, loss in marks:
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
    """Draw the loss of each iteration of a run, iteration 1 first (the loss it computed before its step).

    Args:
        history: a ``History`` from ``train``, or a plain list of losses.
        log: ``True`` for a logarithmic loss axis.
        title: the title.

    Returns:
        A matplotlib Figure.
    """
    losses = history.loss if isinstance(history, History) else list(_as_array("history", history))
    return plot_runs({"loss": losses}, ylabel="loss (MSE)", title=title, log=log, first=1)


def plot_runs(runs, ylabel, title, log=False, xlabel="iteration", first=0):
    """Draw several runs' values per iteration on one axes, each with its own marker and line style.

    Args:
        runs: a dict from label to a list of values.
        ylabel: the label of the value axis.
        title: the title.
        log: ``True`` for a logarithmic value axis.
        xlabel: the label of the step axis ("iteration", or "epoch" for notebook 4's mini-batches).
        first: the number of the first value on that axis: 1 for one value per iteration (as the tables
            count them), 0 for a list that starts before the first step.

    Returns:
        A matplotlib Figure.
    """
    if not isinstance(runs, dict) or not runs:
        raise ValueError("runs must be a non-empty dict from label to a list of values")
    runs = {str(label): _as_array("runs", values) for label, values in runs.items()}
    ylabel, title, log = _text("ylabel", ylabel), _text("title", title), _as_flag("log", log)
    xlabel = _text("xlabel", xlabel)
    if isinstance(first, bool) or not isinstance(first, int) or first < 0:
        raise ValueError(f"first must be a whole number from 0 up (the number of the first step), not {first!r}")
    fig, (ax,) = figure(width=7.6)
    styles = [("o-", COLORS["loss"]), ("s--", COLORS["model"]), ("^:", COLORS["path"]), ("D-.", COLORS["data"])]
    for (label, values), (style, colour) in zip(runs.items(), itertools.cycle(styles)):
        ax.plot(range(first, first + len(values)), clip(values, 1e30), style, ms=5, lw=1.8, color=colour, label=label)
    if log:
        ax.set_yscale("log")
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.set_title(title)
    # outside the axes, on the right: a legend inside would hide some of the points
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), borderaxespad=0)
    style_axes(ax, integer_x=True)
    return fig


def plot_paths(X, Y, runs, title="Paths through the loss valley"):
    """Draw the loss over (w, b) as contour rings and each run's path of (w, b) on it, at equal scale.

    Args:
        X, Y: the data whose loss the rings show (the original, unscaled inputs).
        runs: a dict from label to a ``History`` of a run with a bias (``b0`` set), or to a list of
            (w, b) pairs, the parameters before the first step and after each step.
        title: the title.

    Returns:
        A matplotlib Figure.
    """
    from helpers import _check_xy, least_squares

    X, Y = _check_xy(X, Y)
    title = _text("title", title)
    if not isinstance(runs, dict) or not runs:
        raise ValueError("runs must be a non-empty dict from label to a History or a list of (w, b) pairs")
    paths = {}
    for label, run in runs.items():
        if isinstance(run, History):
            if run.b is None:
                raise ValueError(f"runs[{label!r}] trains w alone: plot_paths needs runs with a bias (b0 set)")
            run = run.path()
        pairs = _as_array("runs", run)
        if pairs.size < 2 or pairs.size % 2:
            raise ValueError(f"runs[{label!r}] must hold (w, b) pairs, got {_show(run)}")
        paths[str(label)] = clip(pairs.reshape(-1, 2), 1e6)
    w_best, b_best = least_squares(X, Y, with_bias=True)
    every = np.vstack(list(paths.values()) + [np.array([[w_best, b_best]])])
    low, high = every.min(axis=0), every.max(axis=0)
    pad = 0.08 * max(high - low) + 0.5
    (w_lo, b_lo), (w_hi, b_hi) = low - pad, high + pad
    fig, (ax,) = figure(width=7.6, height=5.6)
    # the rings cover a square around the paths: equal scale widens one of the two ranges to fill the axes
    centre, half = (low + high) / 2, 1.5 * max(high - low) / 2 + 2 * pad
    W, B = np.meshgrid(np.linspace(centre[0] - half, centre[0] + half, 301),
                       np.linspace(centre[1] - half, centre[1] + half, 301))
    x, y = X.detach().cpu().double().reshape(-1).numpy(), Y.detach().cpu().double().reshape(-1).numpy()
    Z = (W**2 * np.mean(x * x) + 2 * W * B * np.mean(x) + B**2 - 2 * W * np.mean(x * y)
         - 2 * B * np.mean(y) + np.mean(y * y))
    ax.contour(W, B, Z, levels=np.geomspace(max(Z.min(), 0.05) * 1.5, Z.max(), 12),
               colors=COLORS["loss"], linewidths=1.0, alpha=0.6)
    styles = [("o-", COLORS["path"]), ("s--", COLORS["model"]), ("^:", COLORS["data"]), ("D-.", COLORS["mark"])]
    for (label, path), (style, colour) in zip(paths.items(), itertools.cycle(styles)):
        ax.plot(path[:, 0], path[:, 1], style, ms=5, lw=1.6, color=colour, label=f"{label} ({len(path) - 1} steps)")
    ax.plot([w_best], [b_best], "*", ms=16, color=COLORS["optimum"], markeredgecolor="black",
            label="least-squares optimum")
    # the view: the paths and the star with a margin (not the rings, which reach further), widened along one
    # axis at draw time so that one unit of w is as long as one unit of b: the valley's true shape
    ax.dataLim.set_points(np.array([[w_lo, b_lo], [w_hi, b_hi]]))
    ax.autoscale_view(tight=True)
    ax.set_aspect("equal", adjustable="datalim")
    ax.set_xlabel("w")
    ax.set_ylabel("b")
    ax.set_title(title)
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), borderaxespad=0)
    style_axes(ax)
    return fig
