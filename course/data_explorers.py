"""The explorers of notebooks 1 and 2: the data (slope, noise, seed) and the loss of one slope w."""

import numpy as np

from course import ranges
from course.clicks import clamp, click_to_data, listen
from course.explorer_base import Explorer, draw_data_axes, setting, slider_range, with_value_box
from course.panel import BlitPanel
from course.share import share_line, tidy
from course.style import COLORS, style_axes
from helpers import _as_flag, _check_xy, _numpy, least_squares, loss_curve, make_data


class DataExplorer(Explorer):
    """Sliders for slope, noise and seed that redraw the data and the true line (notebook 1).

    Args:
        slope, noise, seed: the starting values of the sliders.

    The controls are attributes (``slope``, ``noise``, ``seed``); ``points`` and
    ``true_line`` are the drawn artists; ``data`` is the data shown.
    """

    def __init__(self, slope=-5.0, noise=0.4, seed=0):
        import ipywidgets as widgets

        slope, noise = setting("slope", slope, ranges.SLOPE), setting("noise", noise, ranges.NOISE)
        seed = setting("seed", seed, ranges.SEED, whole=True)
        panel = BlitPanel(width=7.0, height=4.2)
        super().__init__([panel])
        panel.set_width("70%", "360px")
        style = self._label_style("90px")
        box = widgets.Layout(width="420px")
        self.slope = widgets.FloatSlider(value=slope, **slider_range(ranges.SLOPE), description="slope",
                                         style=style, layout=box, readout_format=".1f")
        self.noise = widgets.FloatSlider(value=noise, **slider_range(ranges.NOISE), description="noise",
                                         style=style, layout=box, readout_format=".1f")
        self.seed = widgets.IntSlider(value=seed, **slider_range(ranges.SEED), description="seed", style=style,
                                      layout=box)
        ax = panel.ax
        ax.set_xlim(*ranges.X_LIMITS)
        ax.set_ylim(*ranges.Y_LIMITS)
        ax.set_xlabel("x")
        ax.set_ylabel("y")
        ax.set_title("Data: y = slope · x + noise")
        style_axes(ax)
        self.points = panel.add(ax.plot([], [], "o", ms=5, color=COLORS["data"], markeredgecolor="white",
                                        markeredgewidth=0.5, label="noisy data Y")[0])
        self.true_line = panel.add(ax.plot([], [], "--", lw=2, color=COLORS["true"], label="true line f(x)")[0])
        ax.legend(handles=[self.points, self.true_line], loc="upper right")
        for w in (self.slope, self.noise, self.seed):
            self._observe(w, self.update)
        rows = [with_value_box(w)[0] for w in (self.slope, self.noise, self.seed)]
        rows.append(self._reset_button([self.slope, self.noise, self.seed]))
        self.widget = widgets.VBox([widgets.VBox(rows), panel.view, self.readout])
        self.update()

    def settings(self):
        """The settings of the picture shown, as the explorer computes with them: a dict with slope, noise, seed."""
        return {"slope": tidy(self.slope.value), "noise": tidy(self.noise.value), "seed": self.seed.value}

    def share(self):
        """One line of code that gives a fresh explorer of notebook 1 exactly these data (shown under the readout).

        Returns:
            The line, for example ``explorer.set(slope=-5.0, noise=0.4, seed=0)``.
        """
        return share_line(self.settings())

    def set(self, slope=None, noise=None, seed=None):
        """Set several sliders at once and redraw once; None leaves a slider as it is.

        Args:
            slope, noise, seed: values inside the sliders' ranges (ValueError naming the argument otherwise).
        """
        new = {"slope": slope if slope is None else setting("slope", slope, ranges.SLOPE),
               "noise": noise if noise is None else setting("noise", noise, ranges.NOISE),
               "seed": seed if seed is None else setting("seed", seed, ranges.SEED, whole=True)}
        self._set_quietly({getattr(self, name): value for name, value in new.items() if value is not None})

    def update(self):
        """Redraw for the current slider values."""
        s = self.settings()
        self.data = make_data(slope=s["slope"], noise=s["noise"], seed=s["seed"])
        x = _numpy(self.data.X)
        self.points.set_data(x, _numpy(self.data.Y))
        self.true_line.set_data(x, _numpy(self.data.line))
        fitted = least_squares(self.data.X, self.data.Y)
        spread = float(np.std(_numpy(self.data.Y - self.data.line)))
        self._set_readout(
            f"True line f(x) = {self.slope.value:.1f}·x, noise {self.noise.value:.1f}, seed {self.seed.value}.<br>"
            f"The points scatter around the line with a spread of {spread:.2f}; "
            f"the best-fitting slope for these points is {fitted:.2f}.")
        self.panels[0].describe(
            f"Scatter plot of {self.data.X.numel()} points y = {self.slope.value:.1f}·x + noise (noise "
            f"{self.noise.value:.1f}, seed {self.seed.value}) around the true line f(x) = {self.slope.value:.1f}·x, "
            f"drawn for x from -5 to 5; the points scatter around the line by {spread:.2f}.")
        self._render()


class LossExplorer(Explorer):
    """A slider for w that moves the model line over the data and a marker along the loss curve (notebook 2).

    Args:
        X, Y: the data.
        w: the starting value of the slider.
        predict: start in "predict first" mode (presenter mode does): the loss is drawn only at the w values
            visited so far, and neither the picture nor the readout tells where the minimum is, until the
            "predict first" box is unticked.

    Attributes: ``w`` (the slider), ``predict`` (the box), ``model_line``, ``residuals``, ``marker`` and
    ``visited`` (the drawn artists). The dots count the w values visited since "predict first" was last ticked.
    """

    def __init__(self, X, Y, w=-10.0, predict=False):
        import ipywidgets as widgets
        from matplotlib.collections import LineCollection

        X, Y = _check_xy(X, Y)
        w = setting("w", w, ranges.W)
        self.predict = widgets.Checkbox(value=_as_flag("predict", predict), description="predict first",
                                        indent=False, layout=widgets.Layout(width="auto", margin="0 0 0 16px"))
        self._visited = {}  # loss at each w visited, drawn as dots in predict-first mode
        self.X, self.Y = X, Y
        self._x, self._y = _numpy(X), _numpy(Y)
        data_panel, loss_panel = BlitPanel(width=5.6), BlitPanel(width=5.6)
        super().__init__([data_panel, loss_panel])
        for p in self.panels:
            p.set_width("50%", "300px")
        self.w = widgets.FloatSlider(value=w, **slider_range(ranges.W), description="w (slope)",
                                     style=self._label_style("90px"), layout=widgets.Layout(width="520px"),
                                     readout_format=".1f")

        ax = draw_data_axes(data_panel.ax, self._x, self._y, "Model w·x and its residuals")
        self.residuals = data_panel.add(LineCollection([], colors=COLORS["residual"], linewidths=1.2,
                                                       label="residuals"))
        ax.add_collection(self.residuals)
        self.model_line = data_panel.add(ax.plot([], [], "-", lw=2.5, color=COLORS["model"], label="model w·x")[0])
        ax.legend(handles=[ax.lines[0], self.model_line, self.residuals], loc="upper right", fontsize=10)

        w_low, w_high, _ = ranges.W
        ws = np.linspace(w_low, w_high, 401)
        self._w_star = least_squares(X, Y)
        self._best_loss = float(loss_curve(X, Y, [self._w_star])[0])
        ax = loss_panel.ax
        self._bowl = [ax.plot(ws, loss_curve(X, Y, ws), "-", lw=2.5, color=COLORS["loss"], label="loss L(w)")[0],
                      ax.axvline(self._w_star, color=COLORS["true"], ls=":", lw=1.5,
                                 label=f"minimum, w = {self._w_star:.2f}")]
        self._dots = loss_panel.add(ax.plot([], [], "o", ms=5, color=COLORS["loss"], label="loss where w has been")[0])
        self._bowl_hidden = None  # whether the background drawn shows the bowl
        ax.set_xticks(np.arange(w_low, w_high + 1, 5))
        ax.set_xlabel("w")
        ax.set_ylabel("loss (MSE)")
        ax.set_title("Loss for each w")
        style_axes(ax)
        self.marker = loss_panel.add(ax.plot([], [], "D", ms=10, color=COLORS["mark"], markeredgecolor="black")[0])
        self.marker_text = loss_panel.add(ax.annotate("", (0, 0), textcoords="offset points", xytext=(10, 10),
                                                      fontsize=12))
        self._observe(self.w, self.update)
        # a click on the loss curve sets w there
        self.clicks = listen(loss_panel.image, lambda event: self._safely(lambda: self.click(event)))
        self._observe(self.predict, self.update)
        controls = widgets.HBox([with_value_box(self.w)[0], self._reset_button([self.w, self.predict]),
                                 self.predict], layout=widgets.Layout(align_items="center"))
        self.widget = widgets.VBox([controls, widgets.HBox([p.view for p in self.panels]), self.readout])
        self.update()

    def reset(self):
        """w and "predict first" back to their starting values, and no w visited yet."""
        self._visited.clear()
        super().reset()

    def _show_bowl(self, hidden):
        """The whole loss curve and its minimum, or (predict first) only the dots where w has been."""
        self._dots.set_visible(hidden)  # before the legend is made: its entry copies the dots' visibility
        if hidden != self._bowl_hidden:
            for artist in self._bowl:
                artist.set_visible(not hidden)
            loss_panel = self.panels[1]
            loss_panel.ax.legend(handles=[self._dots] if hidden else self._bowl, loc="upper center", fontsize=10)
            loss_panel.invalidate(key=hidden)  # each background is drawn once, then reused
            self._bowl_hidden = hidden
        if hidden:
            ws = sorted(self._visited)
            self._dots.set_data(ws, [self._visited[v] for v in ws])

    def settings(self):
        """The setting of the picture shown, as the explorer computes with it: a dict with w."""
        return {"w": tidy(self.w.value)}

    def share(self):
        """One line of code that gives a fresh explorer of notebook 2 the same w (shown under the readout).

        Returns:
            The line, for example ``explorer.set(w=-7.3)``. "predict first" and the dots of the w's visited are
            the room's, not the setting's: they are not in it.
        """
        return share_line(self.settings())

    def set(self, w=None):
        """Set w and redraw once.

        Args:
            w: a value inside the slider's range (ValueError naming w otherwise); None leaves it as it is.
        """
        self._set_quietly({} if w is None else {self.w: setting("w", w, ranges.W)})

    def click(self, event):
        """Set w where a click on the loss curve hit (on the slider's steps; outside its range at its end), as the
        slider would; the readout says so.

        Args:
            event: ipyevents' dict for the click (see ``course.clicks.click_to_data``); one without a usable place
                is ignored.
        """
        point = click_to_data(self.panels[1].ax, event)
        if point is None:
            return
        w, off = clamp("w", point[0], ranges.W, "w (slope)")
        self._noted(" ".join(filter(None, [f"Clicked: w = {w:g}.", off])), lambda: self.set(w=w))

    def update(self):
        """Redraw for the current w."""
        w = self.settings()["w"]
        hidden = self.predict.value
        pred = w * self._x
        self.model_line.set_data(self._x, pred)
        self.residuals.set_segments([[(x, y), (x, p)] for x, y, p in zip(self._x, self._y, pred)])
        loss = float(np.mean((pred - self._y) ** 2))
        if hidden and self._bowl_hidden is not True:  # "predict first" just ticked: only the w's from now on count,
            self._visited.clear()  # or a dot left at the bottom from before would give the answer away
        if hidden:
            self._visited[round(w, 6)] = loss
        self._show_bowl(hidden)
        self.marker.set_data([w], [loss])
        self.marker_text.xy = (w, loss)
        shown = f"{loss:.2f}" if loss < 10 else f"{loss:.1f}"  # 0.17 at the bottom (not 0.2), 208.5 at w = -10
        self.marker_text.set_text(f"L = {shown}")
        self.marker_text.set_horizontalalignment("right" if w > -2 else "left")
        self.marker_text.set_position((-10, 10) if w > -2 else (10, 10))
        gap = w - self._w_star
        if abs(gap) < 0.05:
            advice = "This is the bottom of the bowl: the residuals are just the noise."
        elif w * self._w_star < 0:  # the line rises where the data fall, or the other way round
            way = "rises where the data fall" if w > 0 else "falls where the data rise"
            advice = (f"The line slopes the wrong way: it {way}. {'Decrease' if w > 0 else 'Increase'} w towards "
                      f"{self._w_star:.2f}, past 0.")
        elif gap < 0:
            advice = f"The line is too steep; increase w towards {self._w_star:.2f} to shrink the residuals."
        else:
            advice = f"The line is too flat; decrease w towards {self._w_star:.2f} to shrink the residuals."
        data_panel, loss_panel = self.panels
        data_panel.describe(f"The data points and the model line y = {w:.1f}·x, with a vertical residual from each "
                            f"point to the line.")
        if hidden:
            self._set_readout(f"w = {w:.1f}: loss = {loss:.3f}.<br><b>Predict first</b>: for which w is the loss "
                              "lowest, and how low can it go? Decide, drag w to test it (a dot stays at each w "
                              "you visit), then untick <i>predict first</i> to see the whole curve.")
            loss_panel.describe(f"Loss for each w, drawn only where w has been: {len(self._visited)} "
                                f"{'dot' if len(self._visited) == 1 else 'dots'}; the marker at w = {w:.1f} shows "
                                f"a loss of {shown}. Click it to set w there.")
        else:
            self._set_readout(f"w = {w:.1f}: loss = {loss:.3f} (the lowest possible is "
                              f"{self._best_loss:.3f} at w = {self._w_star:.2f}).<br>{advice}")
            loss_panel.describe(f"Loss for each w: a bowl whose lowest point, {self._best_loss:.3f}, is at "
                                f"w = {self._w_star:.2f}; the marker at w = {w:.1f} shows a loss of {shown}. Click it "
                                "to set w there.")
        self._render()
