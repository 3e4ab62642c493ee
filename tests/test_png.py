"""The explorers' pictures: ``encode_png`` is lossless, and the Image widget gets a data URL of that PNG."""

import base64
import io

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from PIL import Image

import helpers
from course.png import encode_png


def decoded(png):
    image = Image.open(io.BytesIO(png))
    assert image.format == "PNG" and image.mode == "RGB"
    return np.asarray(image)


@settings(max_examples=200, derandomize=True, deadline=None)
@given(arrays(np.uint8, st.tuples(st.integers(1, 40), st.integers(1, 40), st.sampled_from([3, 4]))))
def test_any_pixels_come_back_exactly(pixels):
    assert np.array_equal(decoded(encode_png(pixels)), pixels[:, :, :3])


def test_a_non_contiguous_view_is_encoded_as_its_pixels():
    pixels = np.random.default_rng(0).integers(0, 256, (30, 50, 4), dtype=np.uint8)
    view = pixels[::2, 5:45]
    assert np.array_equal(decoded(encode_png(view)), view[:, :, :3])


@pytest.mark.parametrize("with_bias", [False, True])
def test_each_explorer_picture_is_the_panel_drawn_and_travels_as_a_data_url(with_bias):
    data = helpers.make_data()
    explorer = helpers.TrainingExplorer(data.X, data.Y, with_bias=with_bias)
    explorer.lr.value = 0.05
    for panel in explorer.panels:
        canvas = np.asarray(panel.fig.canvas.buffer_rgba())
        assert np.array_equal(decoded(panel.png), canvas[:, :, :3])
        assert panel.image.format == "url"
        prefix, url = b"data:image/png;base64,", bytes(panel.image.value)
        assert url.startswith(prefix)
        assert base64.b64decode(url[len(prefix):]) == panel.png


@pytest.mark.parametrize("bad, error, says", [
    (np.zeros((4, 4, 3), dtype=np.float32), TypeError, "uint8"),
    (np.zeros((4, 4), dtype=np.uint8), ValueError, "shape"),
    (np.zeros((4, 4, 2), dtype=np.uint8), ValueError, "shape"),
    (np.zeros((0, 4, 3), dtype=np.uint8), ValueError, "shape"),
])
def test_wrong_pixels_are_refused_by_name(bad, error, says):
    with pytest.raises(error, match=f"pixels.*{says}"):
        encode_png(bad)
