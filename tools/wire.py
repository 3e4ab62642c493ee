"""The bytes a learner's browser receives for one change of an explorer, counted without a kernel.

A change makes the kernel send, on its websocket: "busy", one comm message per widget whose state
changed (the pictures with their PNGs as binary buffers, the readout, the slider's echo), and "idle".
``received_bytes`` runs a change in this process, catches every widget message it would send, and
sizes each as Jupyter Server writes it to the websocket (``serialize_binary_message`` when it has
buffers, JSON text otherwise), with the headers a kernel's messages carry. `make loadtest` measures
what a hub's websocket really carries (18-19 KB a change at the median for notebook 4's learning-rate
drags, on 2026-12-08); this count needs no kernel, so `make bench` and the tests can use it.
"""

import json
from contextlib import contextmanager


def _envelope(msg_type, content, buffers=()):
    """A message as a kernel sends it on iopub, with a parent header like the browser's."""
    from jupyter_client.session import Session

    session = Session(username="learner")
    parent = session.msg_header("comm_msg")
    msg = session.msg(msg_type, content=content, parent=None)
    msg["parent_header"] = parent
    msg["channel"] = "iopub"
    msg["buffers"] = [bytes(b) for b in buffers]
    return msg


def message_bytes(msg_type, content, buffers=()):
    """The size of one message on the browser's websocket, in bytes."""
    from jupyter_client.jsonutil import json_default
    from jupyter_server.services.kernels.connection.base import serialize_binary_message

    msg = _envelope(msg_type, content, buffers)
    if msg["buffers"]:
        return len(serialize_binary_message(msg))
    msg.pop("buffers")
    return len(json.dumps(msg, default=json_default).encode())


@contextmanager
def counting():
    """Count the bytes of every widget message sent inside the block: yields a list of sizes, one per message."""
    import ipywidgets

    sizes = []
    original = ipywidgets.Widget._send

    def send(widget, msg, buffers=None):
        sizes.append(message_bytes("comm_msg", {"comm_id": widget.model_id, "data": msg}, buffers or ()))
        return original(widget, msg, buffers)

    ipywidgets.Widget._send = send
    try:
        yield sizes
    finally:
        ipywidgets.Widget._send = original


def received_bytes(change):
    """Run ``change`` (a zero-argument function) and return the bytes the browser would receive for it:
    its widget messages and the kernel's "busy" and "idle" around them."""
    status = sum(message_bytes("status", {"execution_state": s}) for s in ("busy", "idle"))
    with counting() as sizes:
        change()
    return status + sum(sizes)
