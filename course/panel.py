"""``BlitPanel``: one matplotlib figure shown in one ``ipywidgets.Image``, redrawn by blitting.

The static parts (axes, grid, data, curves) are drawn once into a cached background. A render
pastes that background, draws only the artists registered as moving, and sends the PNG to the
Image widget. The panel knows nothing of what is drawn: the explorers decide that.

The browser gets the same split. Each panel shows two pictures stacked in one place: the backdrop
(the static parts, sent once for each background) and, on top, the moving parts: a PNG that is
transparent wherever the picture equals its backdrop. A change sends only that top picture, a few
KB where the whole picture took 30. Together they show, pixel for pixel, the whole picture
(``composite`` rebuilds it, as the browser does). Both travel as a binary buffer beside the widget's message.
The backdrop goes as PNG bytes (the Image's "png" format), which the page shows through a blob: URL. The top
picture, sent on every change, goes as a data: URL (the "url" format) while a change's pictures stay within
``URL_BUDGET`` bytes, else as PNG bytes too: a data: URL is a third larger (base64), but the browser shows it
without a blob, whose storing and reading back costs Chromium's browser process a round trip each. Measured on
notebook 4's learning-rate slider: Chromium's processes spent about 48 ms per key press with blobs and 40 with
data: URLs, and the page's key-to-picture p95 fell from 80 to 42 ms (2 cores, JupyterLab, the explorer in view).
"""

import base64
import functools

import numpy as np

from course.png import encode_overlay, encode_png
from course.style import STYLE


URL_BUDGET = 24 * 1024  # a change's pictures together, in bytes, up to which its top pictures travel as data: URLs

# the explorers' tick labels, larger than the series' static plots: in presenter mode a picture is shown at about
# 0.88 of its own size on a 1280 x 800 projector, where 14 pt at 100 dpi (19.4 px) still shows 17 px
PANEL_STYLE = {**STYLE, "xtick.labelsize": 14, "ytick.labelsize": 14}


@functools.lru_cache(maxsize=None)
def _described_image_class():
    import ipywidgets as widgets
    import traitlets

    class DescribedImage(widgets.Image):
        description = traitlets.Unicode("").tag(sync=True)

    return DescribedImage


def described_image(**kwargs):
    """An ``ipywidgets.Image`` whose ``tooltip`` becomes its title, the text alternative screen readers read.

    ipywidgets 8 sets a widget's title from its tooltip only after checking the length of its
    description, which an Image does not have: the browser's view then fails and shows no picture.
    An empty ``description`` kept in sync with the browser is all the check needs.
    """
    return _described_image_class()(**kwargs)


class BlitPanel:
    """One figure, its axes ``ax``, and the ``image`` widget that shows it."""

    CACHE_SIZE = 64  # backgrounds kept per panel (each about 0.7 MB)

    def __init__(self, width=4.6, height=3.8, dpi=100):
        import ipywidgets as widgets
        import matplotlib
        from matplotlib.backends.backend_agg import FigureCanvasAgg
        from matplotlib.figure import Figure

        # a title at a fixed height: matplotlib then skips searching for a place above the axes on every draw
        with matplotlib.rc_context({**PANEL_STYLE, "axes.titley": 1.0}):
            self.fig = Figure(figsize=(width, height), dpi=dpi)
            FigureCanvasAgg(self.fig)
            self.ax = self.fig.add_subplot()
        self.fig.subplots_adjust(left=0.19, right=0.96, bottom=0.16, top=0.88)
        self.dynamic = []
        self._background = None  # the background now: a _Background
        self._key = None
        self._cache = {}  # backgrounds already drawn, by the key their static parts were drawn for
        self._labels_placed = False
        self._description = None
        self._backdrop_sent = None  # the background whose picture the backdrop shows
        self.png = b""  # the last top picture sent: the moving parts, transparent elsewhere (PNG bytes)
        self.backdrop_png = b""  # the last backdrop sent: the static parts (PNG bytes)
        stacked = dict(grid_area="1 / 1 / 2 / 2", width="100%", margin="0")  # both pictures in the grid's one cell
        # each with its CSS class from the start (the page's styles and tests find the pictures by it)
        self.backdrop = described_image(format="png", layout=widgets.Layout(**stacked),
                                        _dom_classes=["explorer-backdrop"])
        self.image = described_image(format="png", layout=widgets.Layout(**stacked), _dom_classes=["explorer-panel"])
        self.view = widgets.GridBox([self.backdrop, self.image], _dom_classes=["explorer-stack"])
        self.set_width("33%", "280px")

    def set_width(self, width, min_width=None):
        """Size the panel on the page (CSS widths, for example "50%" and "300px")."""
        import ipywidgets as widgets

        # one column that may shrink below the picture's own width: the pictures scale to it
        # (overflow hidden: a box the page could scroll would need to take the keyboard's focus)
        self.view.layout = widgets.Layout(width=width, min_width=min_width, grid_template_columns="minmax(0, 1fr)",
                                          overflow="hidden")

    def add(self, artist):
        """Register a moving artist: excluded from the background, drawn on every render."""
        artist.set_animated(True)
        self.dynamic.append(artist)
        return artist

    def describe(self, text):
        """Say in words what the next rendered picture shows: its title, which screen readers read as its text
        alternative. It travels with the picture, in the same message."""
        self._description = text

    def invalidate(self, key=None):
        """Mark the static background as stale (axes limits or static artists changed).

        ``key`` names the new static state (for example the axis limits): a background drawn before for
        the same key is reused instead of redrawing the whole figure.
        """
        self._key = key
        self._background = self._cache.get(key) if key is not None else None

    def has(self, key):
        """Whether a background for ``key`` is cached."""
        return key in self._cache

    def warm(self, key, arrange):
        """Draw and cache the background for ``key`` before it is needed, leaving the picture as it is.

        ``arrange(key)`` must set the static parts for ``key``; the caller puts back the current ones
        afterwards. Returns True if a background was drawn, False if ``key`` was cached already (or the
        cache is full).
        """
        if key in self._cache or len(self._cache) >= self.CACHE_SIZE or not self._labels_placed:
            return False
        arrange(key)
        self._draw_background(key)
        return True

    def _draw_background(self, key):
        """Draw the whole figure (its moving artists excluded) and keep the result, cached under ``key``."""
        self.fig.canvas.draw()
        background = _Background(self.fig.canvas)
        if key is not None and len(self._cache) < self.CACHE_SIZE:
            self._cache[key] = background
        return background

    def _pin_axis_labels(self):
        """Keep the axis labels where the first full draw put them.

        Left to itself, matplotlib measures every tick label to place the axis labels on each draw,
        a quarter of the time a redraw of the whole figure takes. The explorers' tick labels keep
        their width when the limits change, so the first place stays right.
        """
        ax = self.ax
        to_axes = ax.transAxes.inverted()
        for axis in (ax.xaxis, ax.yaxis):
            label = axis.label
            x, y = to_axes.transform(label.get_transform().transform(label.get_position()))
            axis.set_label_coords(x, y)
        self._labels_placed = True

    def render(self):
        """Draw the moving artists over the background and put the PNG into the Image widget."""
        self.draw()
        self.send()

    def draw(self):
        """Draw the moving artists over the background and encode them as the top picture (``self.png``),
        without sending it: ``send`` does that."""
        canvas = self.fig.canvas
        if self._background is None:
            self._background = self._draw_background(self._key)
            if not self._labels_placed:
                self._pin_axis_labels()
        else:
            np.asarray(canvas.buffer_rgba())[...] = self._background.pixels  # paste the background back
        for artist in self.dynamic:
            if artist.get_visible():
                self.ax.draw_artist(artist)
        self.png = encode_overlay(np.asarray(canvas.buffer_rgba()), self._background.pixels)

    def backdrop_bytes(self):
        """The size of the backdrop the next ``send`` sends: 0 unless the background changed since the last."""
        return 0 if self._backdrop_sent is self._background else len(self._background.png())

    def send(self, as_url=None):
        """Put the last drawn picture and its description into the Image widgets: the backdrop only when the
        background has changed since it was last sent; the top picture as a data: URL if ``as_url`` (by default,
        if it alone fits ``URL_BUDGET``), else as PNG bytes."""
        if self._backdrop_sent is not self._background:
            self.backdrop_png = self._background.png()
            with self.backdrop.hold_sync():
                self.backdrop.value = self.backdrop_png
                self.backdrop.tooltip = f"{self.ax.get_title()}: the axes and labels"
            self._backdrop_sent = self._background
        as_url = urls_within_budget([self.png], self.backdrop_bytes())[0] if as_url is None else as_url
        with self.image.hold_sync():  # one message for the picture, its format and its description
            self.image.format = "url" if as_url else "png"
            self.image.value = data_url(self.png) if as_url else self.png
            if self._description is not None:
                self.image.tooltip = self._description

    def composite(self):
        """The picture a browser shows, rebuilt from the two PNGs sent: the top picture over the backdrop.

        Returns:
            A uint8 array of shape (height, width, 3).
        """
        import io

        from PIL import Image

        backdrop = Image.open(io.BytesIO(self.backdrop_png)).convert("RGBA")
        top = Image.open(io.BytesIO(self.png)).convert("RGBA")
        return np.asarray(Image.alpha_composite(backdrop, top).convert("RGB"))


DATA_URL_PREFIX = b"data:image/png;base64,"


def data_url(png):
    """PNG bytes as a data: URL (bytes), what an Image widget in the "url" format shows."""
    return DATA_URL_PREFIX + base64.b64encode(png)


def data_url_size(png):
    """The length of ``data_url(png)``, without encoding it: base64 writes 4 characters for every 3 bytes begun."""
    return len(DATA_URL_PREFIX) + 4 * ((len(png) + 2) // 3)


def urls_within_budget(pngs, spent=0, budget=URL_BUDGET):
    """Which of a change's top pictures travel as data: URLs (a list of bools): the smallest first, while all of
    them together, as sent, and the ``spent`` bytes of backdrops sent with them stay within ``budget`` bytes. The
    others travel as PNG bytes."""
    total, chosen = spent + sum(map(len, pngs)), [False] * len(pngs)
    for i in sorted(range(len(pngs)), key=lambda i: len(pngs[i])):
        total += data_url_size(pngs[i]) - len(pngs[i])
        if total > budget:
            break
        chosen[i] = True
    return chosen


class _Background:
    """A drawn background: its pixels (pasted back before each render, and compared with the render to tell
    what the moving parts changed) and, once asked for, its PNG."""

    def __init__(self, canvas):
        self.pixels = np.asarray(canvas.buffer_rgba()).copy()
        self._png = None

    def png(self):
        if self._png is None:
            self._png = encode_png(self.pixels)
        return self._png
