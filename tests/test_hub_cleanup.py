"""A hub that cannot start leaves no process behind: once the hub has exited, its proxy is no longer its child, and
``running_hub`` finds it by the proxy's API port, unique to the run (tools/hub.py, ``_own_proxy``)."""

import socket

import psutil
import pytest

from tools.hub import PROXY, free_ports, running_hub


def proxies_on(api_port):
    """The configurable-http-proxy processes listening for the API on ``api_port``."""
    found = []
    for p in psutil.process_iter(["cmdline"]):
        command = " ".join(p.info["cmdline"] or [])
        if "configurable-http-proxy" in command and f"--api-port {api_port}" in command:
            found.append(p)
    return found


@pytest.mark.skipif(not PROXY.exists(), reason="the hub's proxy is missing: `make test` installs it into .hub/")
def test_a_hub_that_cannot_bind_its_port_leaves_no_proxy_running():
    port = free_ports()  # the proxy's public port; the hub itself listens on port + 1, the proxy's API on port + 2
    left = []
    try:
        with socket.socket() as blocker:
            blocker.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            blocker.bind(("127.0.0.1", port + 1))  # taken: the hub exits early, after starting its proxy
            blocker.listen()
            with pytest.raises(RuntimeError, match="did not start"):
                with running_hub(port=port, timeout=40):
                    pass
        left = proxies_on(port + 2)
    finally:
        for p in left or proxies_on(port + 2):  # never leave one running, even when the test fails
            p.kill()
    assert [p.pid for p in left] == []
