"""The learning-rate control: a log-scale slider paired with a box for an exact value.

The box is the one place the value is written (the slider shows no number of its own): a slider's rounded
readout beside the box once showed 0.120 next to a typed 0.119.

The slider moves in steps of 10**0.01; the box takes any value. Whichever the learner uses, the
other follows, and ``value`` is the learning rate actually used: a typed 0.125 stays 0.125 even
though the slider can only show the nearest step, 0.126.
"""

import math

from course import ranges


class LearningRateControl:
    """``slider``, ``exact`` and ``mark`` (lr* shown beside them), in one ``widget``.

    Args:
        value: the starting learning rate.
        lr_critical: the critical learning rate, shown beside the controls.
        on_change: called with no argument after the learner changed the learning rate.
        on_invalid: called with a message when the box holds no usable learning rate.
        safely: wraps each callback so that an error is shown instead of raised.
        style: the slider's description style.
    """

    def __init__(self, value, lr_critical, on_change, on_invalid, safely, style):
        import ipywidgets as widgets

        low, high, step = ranges.LR_LOG10
        self.slider = widgets.FloatLogSlider(value=value, base=10, min=low, max=high, step=step,
                                             description="learning rate", readout=False, style=style,
                                             layout=widgets.Layout(width="460px"))
        low, high, step = ranges.LR_EXACT
        self.exact = widgets.BoundedFloatText(value=value, min=low, max=high, step=step, description="exact value",
                                              style={"description_width": "80px"},
                                              layout=widgets.Layout(width="190px"))
        self.mark = widgets.HTML()
        self.show_cap(lr_critical)
        self.widget = widgets.HBox([self.slider, self.exact, self.mark])
        self.value = float(self.exact.value)
        self._on_change, self._on_invalid = on_change, on_invalid
        self._quiet = False
        self.slider.observe(lambda change: safely(self._slider_moved), names="value")
        self.exact.observe(lambda change: safely(self._typed), names="value")

    def show_cap(self, value, label="critical lr*", note="diverges at and above"):
        """Show the learning rate that caps the run beside the controls, for example ``critical lr* = 0.11997``."""
        self.mark.value = f"<span style='font-size: 14px'>{label} = <b>{value:.5f}</b> ({note})</span>"

    def _grid(self, value):
        """The position on the slider's grid (an integer) nearest to ``value``."""
        return round((math.log10(value) - self.slider.min) / self.slider.step)

    def nearest_on_slider(self, value):
        """The value on the slider's grid nearest to ``value`` (inside its range)."""
        k = min(max(self._grid(value), 0), round((self.slider.max - self.slider.min) / self.slider.step))
        return 10.0 ** (self.slider.min + k * self.slider.step)

    def set(self, value):
        """Use ``value`` (from code or a preset) without calling back: the box shows it, the slider comes near."""
        self._quiet = True
        try:
            self.slider.value = self.nearest_on_slider(value)
            self.exact.value = value
        finally:
            self._quiet = False
        self.value = value

    def _slider_moved(self):
        """The slider moved: use its value, and show it in the box."""
        if self._quiet:
            return
        if self._grid(self.slider.value) == self._grid(self.value):
            # The browser only snapped an exact value onto the slider's grid: keep the exact value.
            return
        # the value the box shows, 6 decimals: what is written is what runs (and what ``share()`` writes)
        self.value = round(float(self.slider.value), 6)
        self._quiet = True
        try:
            self.exact.value = self.value
        finally:
            self._quiet = False
        self._on_change()

    def _typed(self):
        """An exact value was typed: use it as it is, and move the slider near it."""
        if self._quiet:
            return
        value = float(self.exact.value)
        if not math.isfinite(value) or value <= 0:  # the box clamps to its range; this is a last guard
            self._on_invalid(f"The learning rate must be a positive number; keeping {self.value:g}.")
            return
        self.value = value
        self._quiet = True
        try:
            self.slider.value = self.nearest_on_slider(value)
        finally:
            self._quiet = False
        self._on_change()
