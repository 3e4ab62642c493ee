"""The servers this project starts turn Nagle's algorithm off for kernel websockets (course/low_latency.py)."""

import runpy
from pathlib import Path

import pytest
from jupyter_server.services.kernels.websocket import KernelWebsocketHandler

from course import low_latency

ROOT = Path(__file__).resolve().parents[1]


class FakeHandler:
    def __init__(self):
        self.calls = []

    def set_nodelay(self, value):
        self.calls.append(("nodelay", value))


def test_the_wrapped_open_turns_nagle_off_before_opening():
    async def open_websocket(handler, kernel_id):
        handler.calls.append(("open", kernel_id))
        return "opened"

    handler = FakeHandler()
    coroutine = low_latency.without_nagle(open_websocket)(handler, "k1")
    with pytest.raises(StopIteration) as finished:  # nothing in it waits: one step runs it to the end
        coroutine.send(None)  # (no event loop: the suite may already be running one)
    assert finished.value.value == "opened"
    assert handler.calls == [("nodelay", True), ("open", "k1")]


@pytest.fixture
def original_open(monkeypatch):
    monkeypatch.setattr(KernelWebsocketHandler, "open", KernelWebsocketHandler.open)  # restored afterwards
    return KernelWebsocketHandler.open


@pytest.mark.parametrize("config", ["jupyter_server_config.py", "voila.py"])
def test_each_config_file_makes_the_setting_once(original_open, config):
    assert not getattr(original_open, "without_nagle", False)
    runpy.run_path(str(ROOT / "jupyter_config" / config))
    patched = KernelWebsocketHandler.open
    assert patched.without_nagle
    # a second server setup in the same process does not wrap it twice
    assert low_latency.send_small_messages_at_once() is False
    assert KernelWebsocketHandler.open is patched
