"""Click to start there, in the kernel: ipyevents' click events (as dicts) on the explorers' pictures."""

import math

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import helpers
from course import ranges
from course.clicks import clamp, click_to_data

DATA = helpers.make_data()


def event(ax, x, y, shown=(460, 380), box=None):
    """ipyevents' dict for a click on data point (x, y) of ``ax``, its picture shown ``shown`` pixels large,
    centred in an element of size ``box`` (by default just as large)."""
    width, height = ax.figure.canvas.get_width_height()
    px, py = ax.transData.transform((x, y))
    scale = shown[0] / width
    box = box or shown
    return {"offsetX": (box[0] - shown[0]) / 2 + px * scale, "offsetY": (box[1] - shown[1]) / 2 + (height - py) * scale,
            "boundingRectWidth": box[0], "boundingRectHeight": box[1], "type": "click"}


@pytest.fixture(params=["w", "wb"])
def explorer(request):
    return helpers.TrainingExplorer(DATA.X, DATA.Y, with_bias=request.param == "wb")


@pytest.mark.parametrize("scale, box", [(1, None), (2, None), (0.5, None), (400 / 380, (512.7, 400)),
                                        (300 / 460, (300, 400))])
def test_a_click_maps_to_the_data_point_under_it_at_any_size(explorer, scale, box):
    """At the picture's own size, larger, smaller, and centred in a wider or taller element (object-fit: contain)."""
    ax = explorer.panels[2].ax
    shown = (460 * scale, 380 * scale)
    for point in [(-7.0, 5.0), (-14.0, -20.0), (3.0, 12.0)]:
        w, v = click_to_data(ax, event(ax, *point, shown=shown, box=box))
        assert (w, v) == pytest.approx(point, abs=1e-6)
    if box:  # beside the picture, in the element's empty margin: no place in the picture, ignored
        assert click_to_data(ax, {"offsetX": 1, "offsetY": 1, "boundingRectWidth": box[0] + 40 * (box[0] > shown[0]),
                                  "boundingRectHeight": box[1] + 40 * (box[1] > shown[1])}) is None


def test_a_click_on_the_contour_map_starts_the_run_there(data=DATA):
    e = helpers.TrainingExplorer(data.X, data.Y, with_bias=True)
    runs = e.runs
    e.click(event(e.panels[2].ax, -7.1, 4.9))
    assert (e.w0.value, e.b0.value) == (-7.0, 5.0) and e.history.path()[0] == (-7.0, 5.0)
    assert e.runs == runs + 1 and "Clicked: the run starts at w = -7, b = 5." in e.summary()
    assert e.value_boxes["initial w"].value == -7.0 and e.value_boxes["initial b"].value == 5.0
    assert "w0=-7.0, b0=5.0" in e.share()
    e.set(iterations=21)  # the note is about the click only: the next change drops it
    assert "Clicked" not in e.summary()
    e.click(event(e.panels[2].ax, -28.0, 17.0))  # left of the w range, above the map
    assert (e.w0.value, e.b0.value) == (ranges.W0[0], ranges.B0[1])
    text = e.summary()
    assert "The click at w = -28.00 is outside the initial w slider's range (-15 to 5): w = -15, its end" in text
    assert "The click at b = 17.00 is outside the initial b slider's range (-25 to 15): b = 15, its end" in text
    assert e.errors == []


def test_a_click_on_the_loss_curve_starts_the_run_at_that_w():
    e = helpers.TrainingExplorer(DATA.X, DATA.Y)
    e.click(event(e.panels[2].ax, -3.2, 500.0))
    assert e.w0.value == -3.0 and e.history.w0 == -3.0 and "Clicked: the run starts at w = -3." in e.summary()
    assert "Click the curve to start the run at that w." in e.panels[2].image.tooltip
    e.click(event(e.panels[2].ax, 6.0, -20.0))  # right of the axes, on no curve: the end of the range
    assert e.w0.value == ranges.W0[1] and "outside the initial w slider's range" in e.summary()


def test_a_click_on_notebook_2s_loss_curve_sets_w():
    e = helpers.LossExplorer(DATA.X, DATA.Y)
    e.click(event(e.panels[1].ax, -7.3, 100.0))
    assert e.w.value == -7.3 and e.summary().startswith("w = -7.3: loss") and "Clicked: w = -7.3." in e.summary()
    assert e.marker.get_xdata()[0] == -7.3 and "Click it to set w there." in e.panels[1].image.tooltip
    e.click(event(e.panels[1].ax, -15.9, 100.0))
    assert e.w.value == -15.0 and "outside the w (slope) slider's range (-15 to 5): w = -15, its end" in e.summary()
    assert e.errors == []


def test_the_landscape_says_it_can_be_clicked():
    e = helpers.TrainingExplorer(DATA.X, DATA.Y, with_bias=True)
    assert "Click the map to start the run at that (w, b)." in e.panels[2].image.tooltip


def test_clamp_keeps_a_value_on_the_slider_and_says_when_it_moved_it():
    assert clamp("w", -7.26, ranges.W0, "initial w") == (-7.5, None)
    assert clamp("b", 0.24, ranges.B0, "initial b") == (0.0, None)
    value, note = clamp("w", 5.3, ranges.W, "w (slope)")
    assert value == 5.0 and "5.30 is outside the w (slope) slider's range (-15 to 5)" in note


NONSENSE = st.one_of(st.none(), st.text(max_size=3), st.floats(allow_nan=True, allow_infinity=True),
                     st.integers(-10**6, 10**6), st.lists(st.integers(), max_size=2))
EVENTS = st.dictionaries(st.sampled_from(["offsetX", "offsetY", "boundingRectWidth", "boundingRectHeight", "type"]),
                         NONSENSE, max_size=5)
EXPLORERS = {"w": helpers.TrainingExplorer(DATA.X, DATA.Y), "wb": helpers.TrainingExplorer(DATA.X, DATA.Y, with_bias=True),
             "loss": helpers.LossExplorer(DATA.X, DATA.Y)}


@settings(max_examples=300, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(kind=st.sampled_from(list(EXPLORERS)), event=EVENTS)
def test_nothing_a_click_sends_breaks_an_explorer(kind, event):
    """Whatever the page sends (a missing field, text, NaN, a box of size 0, a place far outside the picture):
    the click is taken inside the sliders' ranges, or ignored."""
    e = EXPLORERS[kind]
    e.click(event)
    assert e.errors == [] and "Something went wrong" not in e.readout.value
    values = [e.w.value] if kind == "loss" else [e.w0.value, e.b0.value]
    assert all(math.isfinite(v) for v in values)
    assert ranges.W[0] <= values[0] <= ranges.W[1]
