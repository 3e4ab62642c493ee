"""Click to start there: a click on an explorer's picture moves its start (or its w) to the point clicked.

ipyevents reports a click on the ``ipywidgets.Image`` that shows a panel, with the pointer's place in the picture
as displayed (``offsetX``, ``offsetY``) and the size it is displayed at (``boundingRectWidth``,
``boundingRectHeight``). ``click_to_data`` turns that into the axes' data coordinates through matplotlib's own
transform of the figure, so it stays right at any size the page shows the picture at; ``clamp`` keeps a value
inside its slider's range, on its steps, and says when it had to move it. Only ``listen`` touches widgets.
"""

import math

from course.explorer_base import on_grid

EVENT_KEYS = ("offsetX", "offsetY", "boundingRectWidth", "boundingRectHeight")


def click_to_data(ax, event):
    """The data coordinates (x, y) of ``ax`` at the point a click hit, or None when the event has no usable place.

    Args:
        ax: the matplotlib axes of the picture clicked (its figure drawn at least once).
        event: ipyevents' dict for the click: ``offsetX`` and ``offsetY`` (CSS pixels from the picture's top left
            corner), ``boundingRectWidth`` and ``boundingRectHeight`` (the size it is displayed at).

    Returns:
        (x, y) in the axes' data units, which may lie outside the axes (a click on a label), or None.

    The picture keeps its aspect ratio inside the element (``object-fit: contain`` in presenter mode): when the
    element is wider or taller than the picture, the picture is centred in it, and a click beside it is None.
    """
    try:
        x, y, box_w, box_h = (float(event[key]) for key in EVENT_KEYS)
    except (KeyError, TypeError, ValueError):
        return None
    width, height = ax.figure.canvas.get_width_height()  # the picture's own pixels, as encoded in its PNG
    if not all(map(math.isfinite, (x, y, box_w, box_h))) or box_w <= 0 or box_h <= 0:
        return None
    scale = min(box_w / width, box_h / height)
    px, py = (x - (box_w - width * scale) / 2) / scale, (y - (box_h - height * scale) / 2) / scale
    if not (0 <= px <= width and 0 <= py <= height):
        return None
    # matplotlib's display coordinates count pixels from the bottom left corner, the page's from the top left
    w, v = ax.transData.inverted().transform((px, height - py))
    return float(w), float(v)


def clamp(name, value, rng, slider):
    """``value`` moved into the slider's range and onto its steps, and a sentence when it was outside the range.

    Args:
        name: the value's name in the readout ("w", "b").
        value: where the click was.
        rng: the slider's (min, max, step), from ``course.ranges``.
        slider: the slider's label, for the sentence ("initial w").

    Returns:
        (the value the slider takes, the sentence or None).
    """
    low, high, _ = rng
    taken = on_grid(value, rng)
    if low <= value <= high:
        return taken, None
    return taken, (f"The click at {name} = {value:.2f} is outside the {slider} slider's range ({low:g} to {high:g}): "
                   f"{name} = {taken:g}, its end, is taken instead.")


def listen(image, handler):
    """Call ``handler(event)`` with ipyevents' dict for each click (or tap) on ``image``, an ``ipywidgets.Image``.

    Returns:
        The ipyevents ``Event`` widget (kept by the caller: it lives as long as the explorer).
    """
    from ipyevents import Event

    events = Event(source=image, watched_events=["click"])
    events.on_dom_event(handler)
    return events
