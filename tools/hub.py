"""`make hub`: the series' JupyterHub (hub/jupyterhub_config.py) on 127.0.0.1; Ctrl+C stops every process it started.

``running_hub()`` starts the same hub for the tests and the load test: on free ports, with a random password and
service token, its state (database, cookie secret, learners' homes) in a temporary folder. On the way out it
stops the hub, which stops the proxy and the learners' servers, and then ends, by process id, any process the
hub started (proxy, servers, kernels) that is still running.
"""

import contextlib
import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parents[1]
CONFIG = ROOT / "hub" / "jupyterhub_config.py"
PROXY = ROOT / ".hub" / "node_modules" / ".bin" / "configurable-http-proxy"


class Hub:
    """A running hub: its address, the learners' password, the admin service's token, its process and log."""

    def __init__(self, url, password, token, proc, log):
        self.url, self.password, self.token, self.proc, self.log = url, password, token, proc, log

    def api(self, method, path, body=None, timeout=30):
        """Call the hub's REST API as the load-test service; returns the decoded JSON (or None)."""
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(f"{self.url}/hub/api{path}", data=data, method=method,
                                         headers={"Authorization": f"token {self.token}"})
        with urllib.request.urlopen(request, timeout=timeout) as r:
            text = r.read()
        return json.loads(text) if text else None

    def lab_of(self, name):
        """A learner's JupyterLab behind the hub, addressed as the browser helpers address a lab (``page_url``)."""
        return LearnersLab(f"{self.url}/user/{name}")

    def processes(self):
        """Every process the hub started and that still runs (proxy, learners' servers, their kernels)."""
        try:
            return [p for p in psutil.Process(self.proc.pid).children(recursive=True) if _alive(p)]
        except psutil.NoSuchProcess:
            return []

    def log_tail(self, lines=40):
        return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])


class LearnersLab:
    """A learner's server behind the hub: ``page_url(path)`` (the hub's login cookie does the rest)."""

    def __init__(self, url):
        self.url = url

    def page_url(self, path):
        return f"{self.url}{path}"


def _alive(p):
    try:
        return p.is_running() and p.status() != psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return False


def free_ports(count=3):
    """A first port such that it and the next ``count - 1`` are free on 127.0.0.1 (hub, its API, the proxy's API)."""
    for _ in range(100):
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            first = s.getsockname()[1]
        if first + count < 65536 and all(_free(first + k) for k in range(count)):
            return first
    raise RuntimeError("no free block of ports on 127.0.0.1")


def _free(port):
    with socket.socket() as s:
        return s.connect_ex(("127.0.0.1", port)) != 0


def end(processes, grace=10):
    """End ``processes`` by their ids: SIGTERM, then SIGKILL for any still running after ``grace`` seconds."""
    for p in processes:
        with contextlib.suppress(psutil.NoSuchProcess):
            p.terminate()
    _, still = psutil.wait_procs(processes, timeout=grace)
    for p in still:
        with contextlib.suppress(psutil.NoSuchProcess):
            p.kill()
    psutil.wait_procs(still, timeout=grace)


@contextlib.contextmanager
def running_hub(port=None, log_path=None, timeout=60, nice=0):
    """Start the hub; yield a ``Hub``; stop it and every process it started afterwards. ``nice`` lowers the
    priority of the hub and of everything it starts, against the processes of the same session (the load test's
    simulated learners; with Linux's autogroup scheduling, a process in another session, such as Playwright's
    Chromium, shares the processor with this session equally, whatever the nice values)."""
    if not PROXY.exists():
        raise RuntimeError(f"the hub's proxy is missing ({PROXY}): `make hub` or `make test` installs it")
    with tempfile.TemporaryDirectory(prefix="hub-") as tmp:
        state = Path(tmp)
        port = port or free_ports()
        password, token = secrets.token_urlsafe(12), secrets.token_hex(32)
        env = dict(os.environ, SERIES_HUB_STATE=str(state), SERIES_HUB_PORT=str(port),
                   SERIES_HUB_PASSWORD=password, SERIES_HUB_SERVICE_TOKEN=token)
        log = Path(log_path) if log_path else state / "jupyterhub.log"
        log.parent.mkdir(parents=True, exist_ok=True)
        with open(log, "w") as out:
            proc = subprocess.Popen([sys.executable, "-m", "jupyterhub", "-f", str(CONFIG)], cwd=state, env=env,
                                    stdout=out, stderr=subprocess.STDOUT,
                                    preexec_fn=(lambda: os.nice(nice)) if nice else None)
        hub = Hub(f"http://127.0.0.1:{port}", password, token, proc, log)
        try:
            deadline = time.monotonic() + timeout
            while not _ready(hub):
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"the hub did not start:\n{hub.log_tail()}")
                time.sleep(0.3)
            yield hub
        finally:
            started = hub.processes()  # before the hub goes: afterwards its children lose their parent
            with contextlib.suppress(ProcessLookupError):
                proc.send_signal(signal.SIGTERM)  # the hub stops the learners' servers and its proxy itself
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
            end([p for p in started + _own_proxy(port) if _alive(p)])


def _own_proxy(port):
    """This hub's proxy, found by its API port (the hub's port + 2, unique to this run): a hub that exits early, for
    example when it cannot bind its port, leaves its proxy running, no longer its child."""
    found = []
    for p in psutil.process_iter(["cmdline"]):
        command = " ".join(p.info["cmdline"] or [])
        if "configurable-http-proxy" in command and f"--api-port {port + 2}" in command:
            found.append(p)
    return found


def _ready(hub):
    try:
        with urllib.request.urlopen(f"{hub.url}/hub/api/", timeout=2) as r:
            return r.status == 200
    except (OSError, urllib.error.URLError):
        return False


def _interrupt(signum, frame):
    raise KeyboardInterrupt  # a SIGTERM (from `timeout`, a service manager) stops the hub as Ctrl+C does


def main():
    signal.signal(signal.SIGTERM, _interrupt)
    port = int(os.environ.get("HUB_PORT", "8000"))
    with running_hub(port=port, log_path=ROOT / ".hub" / "jupyterhub.log") as hub:
        print(f"JupyterHub for the series: open {hub.url}/ and log in with any name and the password "
              f"{hub.password}\n(each name gets its own server with notebooks 1-4; log: .hub/jupyterhub.log). "
              "Ctrl+C stops the hub and every process it started.", flush=True)
        try:
            while hub.proc.poll() is None:
                time.sleep(1)
        except KeyboardInterrupt:
            print("\nStopping the hub ...", flush=True)
    print("Stopped.")


if __name__ == "__main__":
    main()
