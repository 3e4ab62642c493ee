"""The servers this project starts turn Nagle's algorithm off for kernel websockets (course/low_latency.py)."""

import runpy
from pathlib import Path

import pytest
from traitlets.config import Config
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
    runpy.run_path(str(ROOT / "jupyter_config" / config), init_globals={"c": Config()})  # as traitlets runs it
    patched = KernelWebsocketHandler.open
    assert patched.without_nagle
    # a second server setup in the same process does not wrap it twice
    assert low_latency.send_small_messages_at_once() is False
    assert KernelWebsocketHandler.open is patched


def test_jupyterlab_reads_the_series_defaults_and_they_are_valid_settings():
    """`make lab`'s JupyterLab takes its defaults from jupyter_config/lab_settings/overrides.json; each one names
    a real setting of an installed plugin with a value its schema allows (a typo would be ignored silently)."""
    import json

    import jsonschema
    from jupyterlab.commands import get_app_dir

    c = Config()
    runpy.run_path(str(ROOT / "jupyter_config" / "jupyter_server_config.py"), init_globals={"c": c})
    folder = Path(c.LabApp.app_settings_dir)
    assert folder == ROOT / "jupyter_config" / "lab_settings"
    overrides = json.loads((folder / "overrides.json").read_text())
    assert overrides["@jupyterlab/notebook-extension:tracker"]["kernelStatus"]["showOnStatusBar"] is True
    schemas = Path(get_app_dir()) / "schemas"
    for plugin, values in overrides.items():
        package, name = plugin.split(":")
        schema = json.loads((schemas / package / f"{name}.json").read_text())
        for key, value in values.items():
            assert key in schema["properties"], (plugin, key)
            definition = dict(schema["properties"][key], definitions=schema.get("definitions", {}))
            jsonschema.validate(value, definition)


def test_jupyterlab_turns_off_its_busy_tab_icon_and_that_plugin_exists(monkeypatch):
    """jupyter_config/labconfig/page_config.json, found through JUPYTER_CONFIG_PATH as `make lab` sets it, turns
    off one plugin: the busy tab icon. A name JupyterLab does not know would be ignored silently."""
    from jupyterlab.commands import get_app_dir
    from jupyterlab_server.config import get_page_config

    import json

    plugin = "@jupyterlab/application-extension:faviconbusy"
    own = json.loads((ROOT / "jupyter_config" / "labconfig" / "page_config.json").read_text())
    assert own == {"disabledExtensions": {plugin: True}}
    monkeypatch.setenv("JUPYTER_CONFIG_PATH", str(ROOT / "jupyter_config"))
    assert plugin in get_page_config([])["disabledExtensions"]  # JupyterLab's own reader finds it
    bundles = (Path(get_app_dir()) / "static").glob("*.js")
    assert any(f'id:"{plugin}"' in b.read_text(errors="replace") for b in bundles)
