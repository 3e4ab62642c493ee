"""``encode_png``: an RGB(A) pixel array as PNG bytes, fast, for the explorers' pictures.

Pillow chooses a filter for every row of pixels before compressing; on flat-coloured plots that
costs more than it saves. Writing the rows unfiltered and compressing them with zlib's fastest level
takes a third of the time and gives files a third smaller (measured on the training explorer's three
panels: 4.1 ms against 13.0 ms, 100 KB against 149 KB). Still lossless: a decoder gets the same pixels.
"""

import struct
import zlib

import numpy as np

SIGNATURE = b"\x89PNG\r\n\x1a\n"


def _chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def encode_png(pixels):
    """Encode an image as PNG, dropping any alpha channel.

    Args:
        pixels: a uint8 array of shape (height, width, 3) or (height, width, 4), as
            ``np.asarray(canvas.buffer_rgba())`` gives.

    Returns:
        The PNG file as bytes (8-bit RGB, unfiltered rows, zlib level 1).
    """
    pixels = np.asarray(pixels)
    if pixels.dtype != np.uint8:
        raise TypeError(f"encode_png: pixels must be uint8, not {pixels.dtype}")
    if pixels.ndim != 3 or pixels.shape[2] not in (3, 4) or 0 in pixels.shape:
        raise ValueError(f"encode_png: pixels must have shape (height, width, 3 or 4), not {pixels.shape}")
    height, width = pixels.shape[:2]
    rows = np.empty((height, 1 + 3 * width), np.uint8)
    rows[:, 0] = 0  # each row starts with its filter type: 0, none
    rgb = rows[:, 1:].reshape(height, width, 3)
    for channel in range(3):  # one channel at a time: numpy copies these strided views 5 times faster
        rgb[:, :, channel] = pixels[:, :, channel]
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)  # 8 bits per channel, RGB
    return SIGNATURE + _chunk(b"IHDR", header) + _chunk(b"IDAT", zlib.compress(rows, 1)) + _chunk(b"IEND", b"")
