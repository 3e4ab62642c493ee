"""Clicks on the explorers' pictures at known data coordinates, shared by the JupyterLab and presenter-mode tests.

Where a data point is drawn comes from the same figure built here, in the test's process (the same code and data
as in the kernel): its axes' transform gives the point's pixel in the picture, and the page's size of the picture
gives the place to click.
"""

import pytest

import helpers

DATA = helpers.make_data()

# per explorer: the picture clicked (its place among img.explorer-panel), the explorer built as the page builds
# it, and the clicks: the data point, the value each slider must take, and the words the readout must say
CLICKS = {
    "loss": (1, lambda: helpers.LossExplorer(DATA.X, DATA.Y), [
        ((-7.3, 150.0), {"w (slope)": -7.3}, "Clicked: w = -7.3."),
        ((5.8, 150.0), {"w (slope)": 5.0}, "outside the w (slope) slider's range (-15 to 5): w = 5, its end"),
    ]),
    "train-w": (1, lambda: helpers.TrainingExplorer(DATA.X, DATA.Y), [
        ((-3.0, 300.0), {"initial w": -3.0}, "Clicked: the run starts at w = -3."),
        ((-17.5, 300.0), {"initial w": -15.0}, "outside the initial w slider's range (-15 to 5): w = -15, its end"),
    ]),
    "train-wb": (1, lambda: helpers.TrainingExplorer(DATA.X, DATA.Y, with_bias=True), [
        ((-7.0, 5.0), {"initial w": -7.0, "initial b": 5.0}, "Clicked: the run starts at w = -7, b = 5."),
        ((-25.0, -10.0), {"initial w": -15.0, "initial b": -10.0},
         "outside the initial w slider's range (-15 to 5): w = -15, its end"),
    ]),
}
PANEL = {"loss": 1, "train-w": 2, "train-wb": 2}  # the clicked picture's panel in the explorer's ``panels``


def picture_pixel(ax, x, y):
    """The pixel of the picture (from its top left corner) where the axes ``ax`` draw the data point (x, y)."""
    px, py = ax.transData.transform((x, y))
    return px, ax.figure.canvas.get_width_height()[1] - py  # matplotlib counts from the bottom


def check_clicks(e, kind):
    """Click each known point of ``kind``'s picture in the page's explorer ``e``; read the sliders and readout."""
    index, make, clicks = CLICKS[kind]
    ax = make().panels[PANEL[kind]].ax
    title = e.root.locator("img.explorer-panel").nth(index).get_attribute("title")
    assert "Click" in title, title  # the text alternative says that a click does something
    e.settle()  # an explorer just shown (presenter mode's buttons) is laid out and quiet before the first click
    for (x, y), sliders, words in clicks:
        text = e.click_picture(index, picture_pixel(ax, x, y), expect=words)
        for label, value in sliders.items():
            assert e.number(label, value, rel=1e-6) == pytest.approx(value), (label, e.value(label))
        assert "Something went wrong" not in text
