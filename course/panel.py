"""``BlitPanel``: one matplotlib figure shown in one ``ipywidgets.Image``, redrawn by blitting.

The static parts (axes, grid, data, curves) are drawn once into a cached background. A render
pastes that background, draws only the artists registered as moving, and sends the PNG to the
Image widget. The panel knows nothing of what is drawn: the explorers decide that.

The picture travels as a ``data:`` URL (the Image's "url" format) rather than as raw PNG bytes:
for raw bytes the browser's widget makes a Blob and an object URL, which go through the browser's
main process and back, each time; a data URL is decoded where the picture is shown. In the browser
benchmark that took the key-to-picture time of notebook 4's explorer from 96 to 70 ms (median).
"""

import base64
import functools

import numpy as np

from course.png import encode_png
from course.style import STYLE


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


def data_url(png):
    """PNG bytes as the bytes of a ``data:image/png;base64,...`` URL, the value of an Image in "url" format."""
    return b"data:image/png;base64," + base64.b64encode(png)


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
        self._background = None
        self._key = None
        self._cache = {}  # backgrounds already drawn, by the key their static parts were drawn for
        self._labels_placed = False
        self._description = None
        self.png = b""  # the last picture sent, as PNG bytes
        self.image = described_image(format="url", layout=widgets.Layout(width="33%", min_width="280px"))
        self.image.add_class("explorer-panel")

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
        background = self.fig.canvas.copy_from_bbox(self.fig.bbox)
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
        """Draw the moving artists over the background and encode the result as PNG (``self.png``), without
        sending it: ``send`` does that."""
        canvas = self.fig.canvas
        if self._background is None:
            self._background = self._draw_background(self._key)
            if not self._labels_placed:
                self._pin_axis_labels()
        else:
            canvas.restore_region(self._background)
        for artist in self.dynamic:
            if artist.get_visible():
                self.ax.draw_artist(artist)
        self.png = encode_png(np.asarray(canvas.buffer_rgba()))

    def send(self):
        """Put the last drawn picture and its description into the Image widget."""
        with self.image.hold_sync():  # one message for the picture and its description
            self.image.value = data_url(self.png)
            if self._description is not None:
                self.image.tooltip = self._description
