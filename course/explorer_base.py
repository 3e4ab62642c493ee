"""What every explorer shares: panels, a readout, callbacks that never raise, a text summary.

Also the small pieces the explorers' drawing and readouts have in common.
"""

import html
import math
import re

import numpy as np

from course import ranges
from course.pacing import Pacer
from course.panel import urls_within_budget
from course.share import SHARE_START, share_html
from course.style import COLORS, style_axes
from helpers import _as_float, _show

TEXT = "font-size: 16px; line-height: 1.5;"


class Explorer:
    """The base of the explorers: ``panels`` (BlitPanels), the ``readout`` widget and ``errors``."""

    def __init__(self, panels):
        import ipywidgets as widgets

        self.panels = panels
        self.readout = widgets.HTML(layout=widgets.Layout(width="100%"))
        self.readout.add_class("explorer-readout")
        self.errors = []
        self._start, self._resetting = {}, False
        self.note = None  # what a click on a picture did, said in the readout it redraws
        self.pacer = Pacer()

    @staticmethod
    def _label_style(width="130px"):
        """Style that shows a description in full (ipywidgets cuts long ones by default)."""
        return {"description_width": width}

    def _safely(self, handler):
        """Run a callback; show any error in the readout (and keep it for the tests) instead of raising. A change
        from a browser that had to wait for the processor rests afterwards (``course.pacing``)."""
        with self.pacer.change():
            try:
                handler()
            except Exception as exc:  # a callback must never crash the explorer or lose the learner's place
                self.errors.append(exc)
                self.readout.value = (f"<div style='{TEXT} color: #D55E00'>Something went wrong: "
                                      f"{type(exc).__name__}: {exc}. Move a slider to try again.</div>")

    def _observe(self, widget, handler):
        """Call ``handler`` (safely) when ``widget.value`` changes (not while ``reset`` sets several at once)."""
        widget.observe(lambda change: None if self._resetting else self._safely(handler), names="value")

    def _reset_button(self, controls):
        """A '↺ reset' button that puts ``controls`` back to the values they hold now, the starting values."""
        import ipywidgets as widgets

        self._start = {control: control.value for control in controls}
        button = widgets.Button(description="↺ reset", tooltip="back to the starting values",
                                layout=widgets.Layout(width="110px", align_self="flex-start"))
        button.on_click(lambda _: self._safely(self.reset))
        return button

    def reset(self):
        """Every control back to the explorer's starting values, drawn once (the ↺ reset button; an explorer
        with presets uses its "defaults" preset)."""
        if hasattr(self, "apply_preset"):
            return self.apply_preset("defaults")
        self._set_quietly(self._start)

    def _set_quietly(self, values):
        """Set each control of ``values`` (a dict control: value) without a redraw per control, then redraw once."""
        self._resetting = True
        try:
            for control, value in values.items():
                control.value = value
        finally:
            self._resetting = False
        self.update()

    def _render(self):
        """Re-render every panel (each one only redraws what moved)."""
        render_together(self.panels)

    def _set_readout(self, text):
        """Show ``text`` (HTML) in the readout, then what a click did (``note``, once), and under them the line of
        code that shares these settings."""
        note = f"<br><i>{self.note}</i>" if self.note else ""
        self.readout.value = f"<div style='{TEXT}'>{text}{note}</div>" + share_html(self.share())

    def _noted(self, note, change):
        """Make ``change`` (a function that redraws), with ``note`` said in the readout it writes."""
        self.note = note
        try:
            change()
        finally:
            self.note = None

    def share(self):
        """One line of code that gives a fresh explorer of the same notebook exactly what this one shows.

        Returns:
            The line, for example ``explorer.set(lr=0.115, iterations=50, w0=-10.0)``; the same line is shown
            under the readout.
        """
        raise NotImplementedError

    def summary(self):
        """The readout's words as plain text (without the share line under them)."""
        return _plain(self.readout.value.split(SHARE_START)[0])

    SNAPSHOT_FONT = 11  # points, the readout's text in the snapshot
    SNAPSHOT_LINE = SNAPSHOT_FONT * 1.2 * 100 / 72  # pixels per line of it at 100 dpi (matplotlib's line spacing 1.2)
    SNAPSHOT_PAD = 16  # pixels above and below the readout when it has a row of its own

    def snapshot(self):
        """A PNG of what the explorer shows now: its pictures and its readout, laid out as on screen.

        Stored with the notebook beside the live widget, so that readers without a kernel (GitHub,
        nbviewer, ``nbconvert --to html``, print) see the explorer's state instead of nothing.
        """
        import io
        import textwrap

        from matplotlib.figure import Figure

        pictures = [p.composite() for p in self._snapshot_order()]
        columns = 1 if len(pictures) == 1 else 2
        cells = pictures + [None]  # None: the readout
        alone = len(pictures) % columns == 0  # the readout has a row of its own, as wide as the picture rows
        span = columns if alone else 1
        shown = _plain(self.readout.value.replace(SHARE_START, "<br>" + SHARE_START))  # the share line too
        text = "\n".join(textwrap.fill(line, 48 * span) for line in shown.splitlines())
        height, width = pictures[0].shape[:2]
        # each row as tall as a picture; a row with only the readout as tall as its lines of text
        rows = [height] * (-(-len(pictures) // columns))
        if alone:
            rows.append(round((text.count("\n") + 1) * self.SNAPSHOT_LINE + 2 * self.SNAPSHOT_PAD))
        total = sum(rows)
        fig = Figure(figsize=(columns * width / 100, total / 100), dpi=100)
        for i, cell in enumerate(cells):
            row = i // columns
            top = sum(rows[:row])
            wide = span if cell is None else 1
            ax = fig.add_axes([(i % columns) / columns, 1 - (top + rows[row]) / total, wide / columns,
                               rows[row] / total])
            ax.set_axis_off()
            if cell is None:
                ax.text(0.04, 0.5, text, fontsize=self.SNAPSHOT_FONT, va="center", ha="left", wrap=False)
            else:
                ax.imshow(cell, interpolation="none")
        buffer = io.BytesIO()
        fig.savefig(buffer, format="png", metadata={"Software": None})
        return buffer.getvalue()

    def _snapshot_order(self):
        """The panels in the order the page shows them (left to right, top to bottom)."""
        return self.panels

    def _repr_mimebundle_(self, **kwargs):
        bundle = self.widget._repr_mimebundle_(**kwargs)
        bundle["text/plain"] = f"{type(self).__name__} (live sliders: they need a running kernel)"
        bundle["image/png"] = self.snapshot()
        return bundle


def _plain(markup):
    """HTML as plain text, a line for each <br>."""
    text = re.sub(r"<br\s*/?>", "\n", markup)
    return html.unescape(re.sub(r"<[^>]+>", "", text)).strip()


def render_together(panels):
    """Draw every panel first, then send their pictures one right after the other: the page gets them back
    to back and can show them together, instead of one panel a few milliseconds ahead of the others."""
    for panel in panels:
        panel.draw()
    backdrops = sum(panel.backdrop_bytes() for panel in panels)
    for panel, as_url in zip(panels, urls_within_budget([panel.png for panel in panels], backdrops)):
        panel.send(as_url)


def setting(name, value, rng, whole=False):
    """A starting value for a slider: a number inside its range ``rng``, or ValueError naming ``name``."""
    low, high, _ = rng
    number = _as_float(name, value)
    if whole and number != int(number):
        raise ValueError(f"{name} must be a whole number, got {_show(value)}")
    if not low <= number <= high:
        raise ValueError(f"{name} must be between {low:g} and {high:g} (the slider's range), got {number:g}")
    return int(number) if whole else number


def with_value_box(slider):
    """``slider`` in a row with a number box tied to the same value; returns (row, box).

    The box is the control screen readers can name (ipywidgets leaves the slider's handle without a
    name) and the keyboard route where the arrow keys move between cells instead (Notebook 7). It
    replaces the slider's own readout, so each value shows once.
    """
    import ipywidgets as widgets

    kind = widgets.BoundedIntText if isinstance(slider, widgets.IntSlider) else widgets.BoundedFloatText
    # named by a label of its own, as wide as nothing: the slider's label beside it already says it on screen
    box = kind(value=slider.value, min=slider.min, max=slider.max, step=slider.step, description=slider.description,
               style={"description_width": "0px"}, tooltip="type a value, then press Enter",
               layout=widgets.Layout(width="90px"))
    box.add_class("value-box")
    # in the kernel, so code and tests see both move together; rounded to the slider's step, so that the box
    # shows -9.7 where the browser's arithmetic sent -9.700000000000001
    decimals = max(0, -math.floor(math.log10(slider.step))) if slider.step < 1 else 0
    widgets.link((slider, "value"), (box, "value"), transform=(lambda v: round(v, decimals), lambda v: v))
    slider.readout = False
    return widgets.HBox([slider, box], layout=widgets.Layout(align_items="center")), box


def slider_range(rng):
    """The min, max and step keywords of an ipywidgets slider for a range from ``course.ranges``."""
    low, high, step = rng
    return {"min": low, "max": high, "step": step}


def fmt(value):
    """A number for the readout: 4 decimals when moderate, scientific notation when huge."""
    if not math.isfinite(value):
        return "overflow"
    return f"{value:.4f}" if abs(value) < 1e4 else f"{value:.3e}"


def count(n, noun="iteration"):
    """'1 iteration', '20 iterations'."""
    return f"{n} {noun}" + ("" if n == 1 else "s")


def on_grid(value, rng):
    """``value`` clamped to the range ``rng`` = (min, max, step) and rounded to its step, as a slider shows it."""
    low, high, step = rng
    k = round((min(max(value, low), high) - low) / step)
    return round(low + k * step, 10)


def draw_data_axes(ax, x, y, title):
    """Draw the data points on fixed axes (the static part of an explorer's data panel)."""
    ax.plot(x, y, "o", ms=4, color=COLORS["data"], label="data")
    ax.set_xlim(*ranges.X_LIMITS)
    ax.set_ylim(*ranges.Y_LIMITS)
    ax.set_xlabel("x")
    ax.set_ylabel("y")
    ax.set_title(title)
    style_axes(ax)
    return ax
