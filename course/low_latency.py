"""A server setting for the explorers: the kernel's small messages reach the browser at once.

jupyter_server leaves Nagle's algorithm on for a kernel's websocket. A small message (the kernel's
"busy" and "idle", a slider's echo) then waits until the browser has acknowledged the one before,
and browsers delay that acknowledgement by up to 40 ms. Measured in Chromium on this project's
JupyterLab: a kernel_info request answered in 48 ms with Nagle on and in 4 ms with it off.

Used by the config files of the servers this project starts (``make lab``: jupyter_config/,
``make present``: present/voila.py, and the browser tests). A server started otherwise still works,
with that delay.
"""


def without_nagle(open_websocket):
    """Wrap a websocket handler's ``open`` so that it turns Nagle's algorithm off (TCP_NODELAY) first."""

    async def open(self, *args, **kwargs):
        self.set_nodelay(True)
        return await open_websocket(self, *args, **kwargs)

    open.without_nagle = True
    return open


def send_small_messages_at_once(log=None):
    """Turn Nagle's algorithm off for every kernel websocket this server opens (JupyterLab and Voila).

    Args:
        log: a logger to say so in the server's log, or None.

    Returns:
        True when the setting was made now, False when it was already made.
    """
    from jupyter_server.services.kernels.websocket import KernelWebsocketHandler

    if getattr(KernelWebsocketHandler.open, "without_nagle", False):
        return False
    KernelWebsocketHandler.open = without_nagle(KernelWebsocketHandler.open)
    if log is not None:
        log.info("Kernel websockets send small messages at once (TCP_NODELAY on; see course/low_latency.py).")
    return True
