"""``TrainingExplorer`` (notebooks 3 and 4): sliders wired to a run and its three pictures.

The logic is in ``training_run`` (no widgets), the pictures in ``training_panels``, the learning-rate pair in
``lr_control``. This file builds the controls and says which callback each triggers: a new learning rate or
start retrains; more or fewer iterations extend or cut the run; the playback slider only redraws.
"""

import asyncio
import math

from course import ranges
from course.clicks import clamp, click_to_data, listen
from course.draw_ahead import DrawAhead
from course.explorer_base import Explorer, setting, slider_range, with_value_box
from course.lr_control import LearningRateControl
from course.share import resolve_training, share_line, tidy, training_settings
from course.training_panels import TrainingPanels
from course.training_run import TrainingRun, method_settings
from helpers import _as_flag, _check_iterations, _check_lr


class TrainingExplorer(DrawAhead, Explorer):
    """Sliders for learning rate, iterations and initial w (and b) that rerun and redraw the training.

    Args:
        X, Y: the data.
        with_bias: ``False`` trains w alone (notebook 3); ``True`` trains w and b (notebook 4).
        lr, iterations, w0, b0: the starting values of the controls.
        method, beta, batch, standardise: with bias only (notebook 4's "Going further"): "gradient descent",
            "momentum" (with momentum ``beta``) or "mini-batch" (batches of ``batch`` points), and whether
            to train on x divided by its standard deviation.
        predict: start in predict-first mode: after each change the run is hidden (only its start drawn, the
            readout asks) until ▶ play has shown it to its end.

    Controls (attributes): ``lr`` (log slider), ``lr_exact`` (type an exact value), ``iterations``, ``w0``, ``b0``
    (only with bias), ``shown`` (iteration shown) with the ``play_button`` and ``stop_button`` that replay the
    run, ``predict`` (predict first) and ``presets``; with bias also ``method``, ``beta``, ``batch``, ``standardise``.
    Drawn artists: ``fit_line``, ``loss_line``, ``path``, ``current``. ``history`` is the run;
    ``runs`` counts fresh training runs.
    """

    MAX_ITERATIONS = ranges.MAX_ITERATIONS
    PLAY_INTERVAL = 0.15  # seconds per iteration when the run is replayed
    PLAY_SECONDS = 6.0  # a longer run is replayed several iterations a step, so a class waits at most this long

    def __init__(self, X, Y, with_bias=False, lr=0.1, iterations=20, w0=-10.0, b0=-20.0,
                 method="gradient descent", beta=0.5, batch=10, standardise=False, predict=False):
        import ipywidgets as widgets

        lr = setting("lr", _check_lr(lr), ranges.LR_EXACT)
        iterations = _check_iterations(iterations, limit=ranges.MAX_ITERATIONS)
        w0, b0 = setting("w0", w0, ranges.W0), setting("b0", b0, ranges.B0)
        with_bias = _as_flag("with_bias", with_bias)
        method, beta, batch, standardise = method_settings(method, beta, batch, standardise)
        if not with_bias and (method, standardise) != ("gradient descent", False):
            raise ValueError("method and standardise need with_bias=True (notebook 4's explorer); "
                             f"got method={method!r}, standardise={standardise}")
        self.run = TrainingRun(X, Y, with_bias=with_bias)
        self.X, self.Y, self.with_bias = self.run.X, self.run.Y, self.run.with_bias
        self.lr_critical, self.optimum = self.run.lr_critical, self.run.optimum
        self.defaults = {"lr": lr, "iterations": iterations, "w0": w0, "b0": b0}
        if with_bias:
            self.defaults.update(method=method, beta=beta, batch=batch, standardise=standardise)
        self._presets = {**ranges.PRESETS, **(ranges.PRESETS_WITH_BIAS if with_bias else {})}
        self._holding = False
        self._shown_wanted = None  # the iteration to show after the next restart (``set(shown=...)``)
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
        # labelled buttons (the Play widget's are icons without names, which screen readers cannot announce);
        # the kernel steps the shown iteration, so they work wherever the sliders do
        self.play_button = widgets.Button(description="▶ play", tooltip="replay the run, one iteration every "
                                          f"{self.PLAY_INTERVAL:g} s", layout=widgets.Layout(width="90px"))
        self.stop_button = widgets.Button(description="■ stop", tooltip="stop the replay",
                                          layout=widgets.Layout(width="90px"))
        self.predict = widgets.Checkbox(value=_as_flag("predict", predict), indent=False, description="predict first",
                                        tooltip="hide each new run until ▶ play has shown it to its end")
        self.play_button.on_click(lambda _b: self._safely(self.play))
        self.stop_button.on_click(lambda _b: self._safely(self.stop))
        self._playing = None
        self._ahead, self._changed_at, self._drawn_ahead_for, self._revealed = None, 0.0, None, False
        self._trials = (None, [])  # the trial runs drawing ahead last made, and for which settings
        self.method = widgets.ToggleButtons(options=list(ranges.METHODS), value=method, description="method",
                                            style={"description_width": "110px", "button_width": "140px"},
                                            tooltips=["the loop of this notebook", "v = β v + gradient; p -= lr v",
                                                      "each step on a random batch of points"])
        self.beta = widgets.FloatSlider(value=beta, **slider_range(ranges.BETA), description="momentum β",
                                        style=style, layout=row, readout_format=".2f")
        self.batch = widgets.IntSlider(value=batch, **slider_range(ranges.BATCH), description="batch size",
                                       style=style, layout=row)
        self.standardise = widgets.Checkbox(value=standardise, description="standardise x (divide by its "
                                            "standard deviation)", indent=False,
                                            layout=widgets.Layout(width="auto", margin="0 0 0 16px"))
        self.presets = {}
        for name, (_, tip) in self._presets.items():
            button = widgets.Button(description=ranges.PRESET_LABELS.get(name, name), tooltip=tip,
                                    layout=widgets.Layout(width="auto", min_width="110px"))
            button.on_click(lambda _b, name=name: self._safely(lambda: self.apply_preset(name)))
            self.presets[name] = button

        self._observe(self.iterations, self._iterations_moved)
        self._observe(self.w0, self._restart)
        if self.with_bias:
            self._observe(self.b0, self._restart)
            self._observe(self.method, self._method_chosen)
            self._observe(self.standardise, self._restart)
            # a method's own setting retrains only while that method is chosen (its box stays typeable)
            self._observe(self.beta, lambda: self.method.value == "momentum" and self._restart())
            self._observe(self.batch, lambda: self.method.value == "mini-batch" and self._restart())
        self._observe(self.shown, self._show)
        self._observe(self.predict, self._iterations_moved)  # shows the run from its start, or all of it
        self.value_boxes = {}  # the number box beside each slider, by the slider's label
        self.widget = widgets.VBox([widgets.VBox(self._controls()), self._grid()])
        if self.with_bias:
            self._enable_method_sliders()
        # a click on the loss curve (notebook 3) or the contour map (notebook 4) starts the run there
        self.clicks = listen(self.panels[2].image, lambda event: self._safely(lambda: self.click(event)))
        self._restart()

    def _controls(self):
        import ipywidgets as widgets

        row = {}
        for slider in (self.iterations, self.w0, self.b0, self.shown, self.beta, self.batch):
            row[slider], self.value_boxes[slider.description] = with_value_box(slider)
        controls = [self.lr_control.widget, row[self.iterations], row[self.w0]] + (
            [row[self.b0]] if self.with_bias else [])
        if self.with_bias:
            controls += [widgets.HBox([self.method, self.standardise], layout=widgets.Layout(align_items="center")),
                         widgets.HBox([row[self.beta], row[self.batch]])]
        label = widgets.Label("presets:", style={"font_size": "14px"})
        return controls + [widgets.HBox([row[self.shown], self.play_button, self.stop_button, self.predict]),
                           widgets.HBox([label] + list(self.presets.values()),
                                        layout=widgets.Layout(flex_flow="row wrap"))]

    def _grid(self):
        """A 2 x 2 grid, large enough for a projector: the fit and the descent path on top,
        the loss per iteration and the readout below."""
        import ipywidgets as widgets

        data_panel, loss_panel, land_panel = self.panels
        for p in self.panels:
            p.set_width("100%")
        self.readout.layout = widgets.Layout(width="100%", align_self="center")
        return widgets.GridBox([data_panel.view, land_panel.view, loss_panel.view, self.readout],
                               layout=widgets.Layout(grid_template_columns="repeat(2, minmax(280px, 560px))",
                                                     grid_gap="4px 16px", overflow="visible"))

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
        """A setting that changes the run (lr, initial w or b, the method and its settings): train afresh."""
        if self._holding:
            return
        self.run.start(self.settings())
        if self.with_bias:
            self.lr_control.show_cap(*self.run.cap())  # the rate above which this run diverges
        self._set_shown_range()
        self._draw_run()

    def _method_chosen(self):
        """Another method: only its own slider is live; train afresh."""
        self._enable_method_sliders()
        self._restart()

    def _enable_method_sliders(self):
        """Only the chosen method's slider and number box are live; with mini-batches the sliders count steps,
        since an iteration (notebook 3) is a step on all the points."""
        for control, method in ((self.beta, "momentum"), (self.batch, "mini-batch")):
            control.disabled = self.method.value != method
            self.value_boxes[control.description].disabled = control.disabled
        steps = self.method.value == "mini-batch"
        for slider, name in ((self.iterations, "iterations"), (self.shown, "iteration shown")):
            label = name.replace("iterations", "steps").replace("iteration", "step") if steps else name
            slider.description = self.value_boxes[name].description = label  # the box names it to screen readers

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
        self.drawing.draw_shown(self.shown.value, self.run.steps(self.iterations.value), self._asked_if_hidden())
        self._render()
        self._set_readout(self._readout())

    def play(self):
        """Replay the run: the shown iteration steps forward every ``PLAY_INTERVAL`` seconds (from 0 when it is
        at the end). Returns the task that steps it, or None outside a running event loop."""
        self.stop()
        if self.shown.value >= self.shown.max:
            self.shown.value = 0
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:  # plain Python, no kernel: nothing can run in the background
            return None
        self._playing = loop.create_task(self._advance())
        return self._playing

    def stop(self):
        """Stop a replay."""
        if self._playing is not None:
            self._playing.cancel()
            self._playing = None

    async def _advance(self):
        """Step the shown iteration to the end of the run every ``PLAY_INTERVAL``: by one iteration, or by
        several when the run would take longer than ``PLAY_SECONDS`` (200 iterations: 5 a step, 6 s)."""
        stride = max(1, math.ceil(self.shown.max * self.PLAY_INTERVAL / self.PLAY_SECONDS - 1e-9))
        loop = asyncio.get_running_loop()
        start, k = loop.time(), 0
        while self.shown.value < self.shown.max:
            k += 1  # each frame at its own time: the time spent drawing does not make the replay longer
            await asyncio.sleep(max(0.0, start + k * self.PLAY_INTERVAL - loop.time()))
            with self.pacer.without_rest():  # a rest here would hold up the kernel's event loop, not a browser
                self.shown.value = min(self.shown.value + stride, self.shown.max)

    def _set_shown_range(self):
        n = self.run.steps(self.iterations.value)
        self._holding = True
        try:
            self.value_boxes["iteration shown"].max = n  # first: the box follows the slider's value
            self.shown.max = n
            if self._shown_wanted is not None:  # set(shown=k): iteration k (or the run's end, if it is shorter)
                self.shown.value = min(self._shown_wanted, n)
            else:
                self.shown.value = 0 if self.predict.value else n  # predict first: only the start is drawn
            self._revealed = self._shown_wanted is not None  # an iteration asked for by name is shown, predict or not
        finally:
            self._holding = False

    def _draw_run(self):
        self.drawing.draw_run(self.run.steps(self.iterations.value), self.shown.value, self._asked_if_hidden())
        self._render()
        self._set_readout(self._readout())
        if self._touched_in_browser():
            self._draw_ahead_soon()

    def _readout(self):
        """What the run did; in predict-first mode only what was asked, until the run has been shown to its end."""
        if self._asked_if_hidden() is not None:
            return self.run.hidden_readout(self.iterations.value)
        return self.run.readout(self.iterations.value, self.shown.value)

    def _asked_if_hidden(self):
        """Predict first, until the run has been shown to its end (moving the iteration shown back then keeps it
        shown, until a setting changes): the iterations asked for; else None."""
        self._revealed |= not self.predict.value or self.shown.value >= self.run.steps(self.iterations.value)
        return None if self._revealed else self.iterations.value

    # ---------------------------------------------------------------- presets and settings from code

    def preset_values(self, name):
        """The settings a preset button applies: a dict of lr, iterations, w0, b0 (and with bias the method,
        beta, batch and standardise)."""
        if name not in self._presets:
            raise ValueError(f"name must be one of {sorted(self._presets)}, got {name!r}")
        return {**self.defaults, **self._presets[name][0]}

    def apply_preset(self, name):
        """Set every control to a preset's values, then train and draw once."""
        self.set(**self.preset_values(name))

    def click(self, event):
        """Start the run where a click on the descent-path picture hit: at that w on the loss curve (notebook 3),
        at that (w, b) on the contour map (notebook 4), on the sliders' steps; outside a slider's range at its end.
        The sliders follow, and the readout says where the run starts (and when a click was outside a range).

        Args:
            event: ipyevents' dict for the click (see ``course.clicks.click_to_data``); one without a usable place
                is ignored.
        """
        point = click_to_data(self.panels[2].ax, event)
        if point is None:
            return
        w0, off_w = clamp("w", point[0], ranges.W0, "initial w")
        b0, off_b = clamp("b", point[1], ranges.B0, "initial b") if self.with_bias else (None, None)
        where = f"w = {w0:g}" + (f", b = {b0:g}" if self.with_bias else "")
        note = " ".join(filter(None, [f"Clicked: the run starts at {where}.", off_w, off_b]))
        self._noted(note, lambda: self.set(w0=w0, b0=b0))
        self._draw_ahead_soon()  # a click is a person's too: the backgrounds a drag from the new start needs

    def settings(self):
        """The settings of the run shown, as the explorer computes with them.

        Returns:
            A dict with lr, iterations, w0, b0, method, beta, batch, standardise and shown (the iteration shown).
        """
        return {"lr": self.lr_control.value, "iterations": self.iterations.value, "w0": tidy(self.w0.value),
                "b0": tidy(self.b0.value), "method": self.method.value, "beta": tidy(self.beta.value),
                "batch": self.batch.value, "standardise": self.standardise.value, "shown": self.shown.value}

    def share(self):
        """One line of code that gives a fresh explorer of the same notebook exactly the run shown (it is shown
        under the readout too).

        Returns:
            The line, for example ``explorer.set(lr=0.115, iterations=50, w0=-10.0)``.
        """
        steps = self.run.steps(self.iterations.value) if self.run.history is not None else 0
        settings = self.settings()
        if self._asked_if_hidden() is not None:  # hidden for a prediction: the run, not the start drawn so far
            settings["shown"] = steps
        return share_line(training_settings(settings, self.with_bias, steps))

    def set(self, lr=None, iterations=None, w0=None, b0=None, method=None, beta=None, batch=None, standardise=None,
            shown=None):
        """Set several controls at once and rerun once (what the preset buttons and ``share()``'s line do).

        Args:
            lr: the learning rate (any positive number, as the exact-value box takes it).
            iterations: 0 to 200.
            w0, b0: the starting point, clamped to the sliders' ranges.
            method, beta, batch, standardise: notebook 4's explorer only (``with_bias=True``).
            shown: the iteration shown (by default the run's end, or its start in predict-first mode).
            Each None leaves that setting as it is.
        """
        new = resolve_training(self.settings(), self.with_bias, lr=lr, iterations=iterations, w0=w0, b0=b0,
                               method=method, beta=beta, batch=batch, standardise=standardise, shown=shown)
        self._holding = True
        try:
            if self.with_bias:
                for name in ("method", "beta", "batch", "standardise"):
                    getattr(self, name).value = new[name]
                self._enable_method_sliders()
            if lr is not None:
                self.lr_control.set(new["lr"])
            self.iterations.value, self.w0.value = new["iterations"], new["w0"]
            if self.with_bias:
                self.b0.value = new["b0"]
        finally:
            self._holding = False
        self._shown_wanted = new["shown"]
        try:
            self._restart()
        finally:
            self._shown_wanted = None
