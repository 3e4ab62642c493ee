"""The explorers' pictures: palette PNGs in the series' colours, a backdrop and a top picture per panel, sent as
PNG bytes or (the top picture, within a budget) as a data: URL; together they show the panel as drawn, and a change
costs a browser at most 35 KB."""

import io
import random

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from PIL import Image

import helpers
from course import ranges
from course.panel import URL_BUDGET, data_url, data_url_size, urls_within_budget
from course.png import encode_overlay, encode_png, series_palette
from tools.bench import sliders_for_data, sweep, training_sliders
from tools.wire import received_bytes

COLORS = np.array(series_palette().getpalette(), np.uint8).reshape(-1, 3)
KB = 1024


def decoded(png, mode="RGB"):
    image = Image.open(io.BytesIO(png))
    assert image.format == "PNG" and image.mode == "P"
    return np.asarray(image.convert(mode))


def in_palette(indices, alpha=None):
    pixels = COLORS[indices]
    return pixels if alpha is None else np.dstack([pixels, np.full(indices.shape, alpha, np.uint8)])


@settings(max_examples=200, derandomize=True, deadline=None)
@given(arrays(np.int64, st.tuples(st.integers(1, 40), st.integers(1, 40)), elements=st.integers(0, len(COLORS) - 1)),
       st.booleans())
def test_pixels_in_the_series_colours_come_back_within_a_few_steps(indices, with_alpha):
    """Pillow's search for the nearest palette colour is approximate: among the greys, which lie 4 apart in places,
    it may take the neighbour."""
    pixels = in_palette(indices, 255 if with_alpha else None)
    assert np.abs(decoded(encode_png(pixels)).astype(int) - pixels[:, :, :3]).max() <= 4


@settings(max_examples=100, derandomize=True, deadline=None)
@given(arrays(np.uint8, st.tuples(st.integers(1, 30), st.integers(1, 30), st.just(3))))
def test_any_pixels_become_colours_of_the_series(pixels):
    colours = {tuple(c) for c in COLORS}
    assert {tuple(p) for p in decoded(encode_png(pixels)).reshape(-1, 3)} <= colours


@settings(max_examples=150, derandomize=True, deadline=None)
@given(st.data())
def test_the_top_picture_over_its_backdrop_gives_the_picture_back(data):
    shape = data.draw(st.tuples(st.integers(1, 30), st.integers(1, 30)))
    index = st.integers(0, len(COLORS) - 1)
    back = data.draw(arrays(np.int64, shape, elements=index))
    changed = data.draw(arrays(np.bool_, shape))
    front = np.where(changed, data.draw(arrays(np.int64, shape, elements=index)), back)
    picture, backdrop = in_palette(front, 255), in_palette(back, 255)
    top = decoded(encode_overlay(picture, backdrop), "RGBA")
    assert np.array_equal(top[:, :, 3] == 0, np.all(picture == backdrop, axis=2))  # transparent where equal
    # what the browser shows, the top picture over the backdrop as sent, is the picture as one PNG would show it
    shown = Image.alpha_composite(Image.fromarray(decoded(encode_png(backdrop), "RGBA")), Image.fromarray(top))
    assert np.array_equal(np.asarray(shown)[:, :, :3], decoded(encode_png(picture)))


def test_a_non_contiguous_view_is_encoded_as_its_pixels():
    pixels = in_palette(np.random.default_rng(0).integers(0, len(COLORS), (30, 50)), 255)
    view = pixels[::2, 5:45]
    whole = decoded(encode_png(np.ascontiguousarray(view)))
    assert np.array_equal(decoded(encode_png(view)), whole)
    elsewhere = np.full_like(view, 1)  # a backdrop that no pixel equals: nothing transparent
    assert np.array_equal(decoded(encode_overlay(view, elsewhere), "RGBA")[:, :, :3], whole)


def explorers():
    data = helpers.make_data()
    yield "data", helpers.DataExplorer(), sliders_for_data
    yield "loss", helpers.LossExplorer(data.X, data.Y), lambda e: [(e.w, ranges.values(ranges.W))]
    yield "train-w", helpers.TrainingExplorer(data.X, data.Y), training_sliders
    yield "train-wb", helpers.TrainingExplorer(data.X, data.Y, with_bias=True), training_sliders


@pytest.mark.parametrize("name", ["data", "loss", "train-w", "train-wb"])
def test_each_panel_shows_what_was_drawn_to_the_eye_and_travels_as_png(name):
    """The browser's picture (the top picture over the backdrop) is the canvas as drawn, each pixel at most 40 of 255
    off in a channel and at most 0.1% of them more than 24 off (the palette's in-between shades)."""
    _, explorer, sliders = next(e for e in explorers() if e[0] == name)
    for change in sweep(random.Random(0), sliders(explorer), 12):
        change()
        for panel in explorer.panels:
            sent = {"png": panel.png, "url": data_url(panel.png)}[panel.image.format]
            assert bytes(panel.image.value) == sent
            assert panel.backdrop.format == "png" and bytes(panel.backdrop.value) == panel.backdrop_png
            canvas = np.asarray(panel.fig.canvas.buffer_rgba())[:, :, :3].astype(int)
            error = np.abs(panel.composite().astype(int) - canvas).max(axis=2)
            assert error.max() <= 40 and (error > 24).mean() <= 0.001, (name, error.max(), (error > 24).sum())


@pytest.mark.parametrize("name", ["data", "loss", "train-w", "train-wb"])
def test_a_change_costs_a_browser_at_most_35_kb(name):
    """Over changes of every slider, the median and the 95th percentile of the bytes a browser receives per change
    (pictures, readout, echoes and the kernel's busy and idle) stay under 35 KB; a change that also sends a new
    backdrop (the axes rescaled) may cost more, at most 60 KB."""
    _, explorer, sliders = next(e for e in explorers() if e[0] == name)
    sizes = [received_bytes(change) for change in sweep(random.Random(1), sliders(explorer), 60)]
    assert np.percentile(sizes, 95) <= 35 * KB and max(sizes) <= 60 * KB, (name, sorted(sizes)[-5:])
    assert explorer.errors == []


def test_top_pictures_go_as_data_urls_smallest_first_within_the_budget():
    """A data: URL is a third larger than its PNG: the smallest pictures go as URLs while the change's pictures
    (backdrops included) together stay within URL_BUDGET; a change already over it sends PNG bytes only."""
    assert data_url(b"\x89PNG") == b"data:image/png;base64,iVBORw=="
    assert all(data_url_size(b"x" * n) == len(data_url(b"x" * n)) for n in range(10))
    small, middle, large = b"s" * 3000, b"m" * 6000, b"l" * 12000
    assert urls_within_budget([large, small, middle]) == [False, True, True]  # 3000 + 6000 grow by a third to fit, 15000 does not
    assert urls_within_budget([small, middle]) == [True, True]
    assert urls_within_budget([b"x" * (URL_BUDGET - 10)]) == [False]  # over with its base64
    assert urls_within_budget([b"x" * URL_BUDGET, small]) == [False, False]  # the PNGs alone fill the budget
    assert urls_within_budget([small], spent=URL_BUDGET - 3500) == [False]  # a backdrop sent with it counts too
    assert urls_within_budget([small], spent=URL_BUDGET - 4500) == [True]
    assert urls_within_budget([]) == []


def test_an_explorer_sends_data_urls_within_the_budget():
    """Over changes of notebook 4's sliders, some top pictures travel as data: URLs, and a change's pictures as
    sent stay within URL_BUDGET whenever the PNGs alone do."""
    _, explorer, sliders = next(e for e in explorers() if e[0] == "train-wb")
    formats = []
    for change in sweep(random.Random(2), sliders(explorer), 20):
        change()
        sent = [len(bytes(panel.image.value)) for panel in explorer.panels]
        pngs = [len(panel.png) for panel in explorer.panels]
        formats += [panel.image.format for panel in explorer.panels]
        assert sum(sent) <= max(URL_BUDGET, sum(pngs)), (sent, pngs)
    assert "url" in formats


@pytest.mark.parametrize("bad, error, says", [
    (np.zeros((4, 4, 3), dtype=np.float32), TypeError, "uint8"),
    (np.zeros((4, 4), dtype=np.uint8), ValueError, "shape"),
    (np.zeros((4, 4, 2), dtype=np.uint8), ValueError, "shape"),
    (np.zeros((0, 4, 3), dtype=np.uint8), ValueError, "shape"),
])
def test_wrong_pixels_are_refused_by_name(bad, error, says):
    with pytest.raises(error, match=f"pixels.*{says}"):
        encode_png(bad)
    with pytest.raises(error, match=f"encode_overlay.*pixels.*{says}"):
        encode_overlay(bad, bad)


def test_a_backdrop_of_another_size_is_refused_by_name():
    with pytest.raises(ValueError, match="backdrop must have the picture's shape"):
        encode_overlay(np.zeros((4, 4, 4), np.uint8), np.zeros((4, 5, 4), np.uint8))
