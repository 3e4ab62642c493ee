"""``TrainingExplorer`` (notebooks 3 and 4): sliders wired to a run and its three pictures.

The logic is in ``training_run`` (no widgets), the pictures in ``training_panels``, the
learning-rate pair in ``lr_control``. This file only builds the controls, lays them out and
says which callback each one triggers: a new learning rate or starting point retrains; more
or fewer iterations extend or cut the same run; the playback slider only redraws.
"""

from course import ranges
from course.explorer_base import Explorer, on_grid, setting, slider_range
from course.lr_control import LearningRateControl
from course.training_panels import TrainingPanels
from course.training_run import TrainingRun
from helpers import _as_flag, _as_float, _check_iterations, _check_lr


class TrainingExplorer(Explorer):
    """Sliders for learning rate, iterations and initial w (and b) that rerun and redraw the training.

    Args:
        X, Y: the data.
        with_bias: ``False`` trains w alone (notebook 3); ``True`` trains w and b (notebook 4).
        lr, iterations, w0, b0: the starting values of the controls.

    Controls (attributes): ``lr`` (log slider), ``lr_exact`` (type an exact value), ``iterations``,
    ``w0``, ``b0`` (only with bias), ``shown`` (iteration shown) with ``play``, and ``presets``.
    Drawn artists: ``fit_line``, ``loss_line``, ``path``, ``current``. ``history`` is the run;
    ``runs`` counts fresh training runs.
    """

    MAX_ITERATIONS = ranges.MAX_ITERATIONS

    def __init__(self, X, Y, with_bias=False, lr=0.1, iterations=20, w0=-10.0, b0=-20.0):
        import ipywidgets as widgets

        lr = setting("lr", _check_lr(lr), ranges.LR_EXACT)
        iterations = _check_iterations(iterations, limit=ranges.MAX_ITERATIONS)
        w0, b0 = setting("w0", w0, ranges.W0), setting("b0", b0, ranges.B0)
        self.run = TrainingRun(X, Y, with_bias=_as_flag("with_bias", with_bias))
        self.X, self.Y, self.with_bias = self.run.X, self.run.Y, self.run.with_bias
        self.lr_critical, self.optimum = self.run.lr_critical, self.run.optimum
        self.defaults = {"lr": lr, "iterations": iterations, "w0": w0, "b0": b0}
        self._holding = False
        drawing = TrainingPanels(self.run)
        super().__init__(drawing.panels)
        self.drawing = drawing
        for name in ("fit_line", "loss_line", "loss_marker", "path", "current"):
            setattr(self, name, getattr(drawing, name))

        style = self._label_style("110px")
        row = widgets.Layout(width="460px")
        self.lr_control = LearningRateControl(lr, self.lr_critical, on_change=self._restart,
                                              on_invalid=self._set_readout, safely=self._safely, style=style)
        self.lr, self.lr_exact, self.lr_mark = self.lr_control.slider, self.lr_control.exact, self.lr_control.mark
        self.iterations = widgets.IntSlider(value=iterations, min=0, max=self.MAX_ITERATIONS,
                                            description="iterations", style=style, layout=row)
        self.w0 = widgets.FloatSlider(value=w0, **slider_range(ranges.W0), description="initial w",
                                      style=style, layout=row, readout_format=".1f")
        self.b0 = widgets.FloatSlider(value=b0, **slider_range(ranges.B0), description="initial b",
                                      style=style, layout=row, readout_format=".1f")
        self.shown = widgets.IntSlider(value=iterations, min=0, max=iterations, description="iteration shown",
                                       style=style, layout=row)
        self.play = widgets.Play(value=iterations, min=0, max=iterations, interval=150,
                                 description="play", layout=widgets.Layout(width="auto"))
        widgets.jslink((self.play, "value"), (self.shown, "value"))
        self.presets = {}
        for name, (_, tip) in ranges.PRESETS.items():
            button = widgets.Button(description=name, tooltip=tip, layout=widgets.Layout(width="110px"))
            button.on_click(lambda _b, name=name: self._safely(lambda: self.apply_preset(name)))
            self.presets[name] = button

        self._observe(self.iterations, self._iterations_moved)
        self._observe(self.w0, self._restart)
        if self.with_bias:
            self._observe(self.b0, self._restart)
        self._observe(self.shown, self._show)
        self.widget = widgets.VBox([widgets.VBox(self._controls()), self._grid()])
        self._restart()

    def _controls(self):
        import ipywidgets as widgets

        controls = [self.lr_control.widget, self.iterations, self.w0] + ([self.b0] if self.with_bias else [])
        label = widgets.Label("presets:", style={"font_size": "14px"})
        return controls + [widgets.HBox([self.shown, self.play]), widgets.HBox([label] + list(self.presets.values()))]

    def _grid(self):
        """A 2 x 2 grid, large enough for a projector: the fit and the descent path on top,
        the loss per iteration and the readout below."""
        import ipywidgets as widgets

        data_panel, loss_panel, land_panel = self.panels
        for p in self.panels:
            p.image.layout = widgets.Layout(width="100%")
        self.readout.layout = widgets.Layout(width="100%", align_self="center")
        return widgets.GridBox([data_panel.image, land_panel.image, loss_panel.image, self.readout],
                               layout=widgets.Layout(grid_template_columns="repeat(2, minmax(280px, 560px))",
                                                     grid_gap="4px 16px"))

    def _snapshot_order(self):
        data_panel, loss_panel, land_panel = self.panels
        return [data_panel, land_panel, loss_panel]

    # ---------------------------------------------------------------- what the run is

    @property
    def history(self):
        """The run as a ``History``: the loss before each step, w (and b) after it."""
        return self.run.history

    @property
    def runs(self):
        """How many fresh training runs the explorer has trained."""
        return self.run.runs

    def state(self, k=None):
        """The parameters (w, b) after ``k`` steps of the run (the shown iteration by default)."""
        return self.run.state(self.shown.value if k is None else k)

    # ---------------------------------------------------------------- callbacks

    def _restart(self):
        """A setting that changes the run (lr, initial w or b): train afresh."""
        if self._holding:
            return
        b0 = self.b0.value if self.with_bias else None
        self.run.restart(self.lr_control.value, self.w0.value, b0, self.iterations.value)
        self._set_shown_range()
        self._draw_run()

    def _iterations_moved(self):
        """More or fewer iterations: reuse the run, extending it only past its end."""
        if self._holding:
            return
        self.run.ensure(self.iterations.value)
        self._set_shown_range()
        self._draw_run()

    def _show(self):
        """The playback slider moved: redraw from the stored history, never retrain."""
        if self._holding:
            return
        self.drawing.draw_shown(self.shown.value, self.run.steps(self.iterations.value))
        self._render()
        self._set_readout(self.run.readout(self.iterations.value, self.shown.value))

    def _set_shown_range(self):
        n = self.run.steps(self.iterations.value)
        self._holding = True
        try:
            for w in (self.shown, self.play):
                w.max = n
                w.value = n
        finally:
            self._holding = False

    def _draw_run(self):
        self.drawing.draw_run(self.run.steps(self.iterations.value), self.shown.value)
        self._render()
        self._set_readout(self.run.readout(self.iterations.value, self.shown.value))

    # ---------------------------------------------------------------- presets and settings from code

    def preset_values(self, name):
        """The settings a preset button applies: a dict of lr, iterations, w0, b0."""
        if name not in ranges.PRESETS:
            raise ValueError(f"name must be one of {sorted(ranges.PRESETS)}, got {name!r}")
        return {**self.defaults, **ranges.PRESETS[name][0]}

    def apply_preset(self, name):
        """Set every control to a preset's values, then train and draw once."""
        self.set(**self.preset_values(name))

    def set(self, lr=None, iterations=None, w0=None, b0=None):
        """Set several controls at once and rerun once (what the preset buttons do)."""
        self._holding = True
        try:
            if lr is not None:
                self.lr_control.set(_check_lr(lr))
            if iterations is not None:
                self.iterations.value = _check_iterations(iterations)
            if w0 is not None:
                self.w0.value = on_grid(self.w0, _as_float("w0", w0))
            if b0 is not None:
                self.b0.value = on_grid(self.b0, _as_float("b0", b0))
        finally:
            self._holding = False
        self._restart()
