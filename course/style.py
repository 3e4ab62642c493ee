"""The series' look: the Okabe-Ito palette, matplotlib settings and a styled figure."""

# The Okabe-Ito palette: safe for the common kinds of colour blindness.
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


def figure(ncols=1, width=6.4, height=4.4):
    """A new matplotlib Figure (not pyplot: nothing is shown by accident) with ``ncols`` styled axes."""
    import matplotlib
    from matplotlib.figure import Figure

    with matplotlib.rc_context(STYLE):
        fig = Figure(figsize=(width * ncols, height), layout="constrained")
        axes = fig.subplots(1, ncols, squeeze=False)[0]
    return fig, list(axes)


def style_axes(ax, integer_x=False):
    """Apply the series' grid to an axes; ``integer_x`` for an iteration axis (whole-number ticks)."""
    ax.grid(True, alpha=STYLE["grid.alpha"], linestyle=STYLE["grid.linestyle"])
    if integer_x:
        from matplotlib.ticker import MaxNLocator

        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
