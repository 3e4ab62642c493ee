"""Start a private JupyterLab (or Voila, for presenter mode) and Debian's Chromium: used by the browser tests and by `make bench`.

The server runs from this project's environment on 127.0.0.1, on a free port,
with a random token, over a copy of the notebooks (a run never changes the
stored ones), and contacts nothing outside the machine.
"""

import contextlib
import json
import os
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
ARTIFACTS = ROOT / "tests" / "artifacts"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]

# The learner's own settings start empty, as on a fresh machine: what the lab shows comes from the project's
# jupyter_config/ (its news and update checks are off there, and a test checks it).
SETTINGS = {}
# The tests attach every cell to the page so they can see it ("none"); None keeps JupyterLab's default
# ("contentVisibility": the browser skips drawing cells out of view), which is what `make lab` gives a learner.
TRACKER = "@jupyterlab/notebook-extension/tracker.jupyterlab-settings"


class Lab:
    """A running JupyterLab server: base URL, token, folder and log file."""

    def __init__(self, url, token, root, log):
        self.url, self.token, self.root, self.log = url, token, root, log

    def page_url(self, path):
        sep = "&" if "?" in path else "?"
        return f"{self.url}{path}{sep}token={self.token}"

    def shutdown_kernels(self):
        """End every session and its kernel, so the next test starts from a fresh kernel."""
        with urllib.request.urlopen(self.page_url("/api/sessions"), timeout=10) as r:
            sessions = json.load(r)
        for session in sessions:
            request = urllib.request.Request(self.page_url(f"/api/sessions/{session['id']}"), method="DELETE")
            urllib.request.urlopen(request, timeout=30).close()

    def log_tail(self, lines=40):
        return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def _serving(cmd, log, env, cwd, ready, name, timeout):
    """Run ``cmd`` (a server) with its output in ``log``; wait until ``ready()``; stop it afterwards."""
    with open(log, "w") as out:
        proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT, env=env, cwd=cwd)
    try:
        deadline = time.monotonic() + timeout
        while not ready():
            if proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"{name} did not start:\n{log.read_text(errors='replace')[-3000:]}")
            time.sleep(0.2)
        yield proc
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()


@contextlib.contextmanager
def running_lab(log_path=None, timeout=60, windowing="none"):
    """Start JupyterLab over a temporary copy of notebooks/; yield a ``Lab``; stop it afterwards.

    ``windowing`` is the notebook's windowing mode; None leaves JupyterLab's default."""
    with tempfile.TemporaryDirectory(prefix="lab-") as tmp:
        base = Path(tmp)
        root = base / "notebooks"
        shutil.copytree(ROOT / "notebooks", root, ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
        settings = dict(SETTINGS, **({TRACKER: {"windowingMode": windowing}} if windowing else {}))
        for name, value in settings.items():
            path = base / "settings" / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(json.dumps(value))
        env = dict(os.environ, JUPYTERLAB_SETTINGS_DIR=str(base / "settings"),
                   JUPYTERLAB_WORKSPACES_DIR=str(base / "workspaces"),
                   JUPYTER_CONFIG_DIR=str(base / "config"), JUPYTER_RUNTIME_DIR=str(base / "runtime"),
                   JUPYTER_CONFIG_PATH=str(ROOT / "jupyter_config"))  # the project's server settings, as `make lab`
        port, token = _free_port(), secrets.token_hex(16)
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        log = Path(log_path) if log_path else ARTIFACTS / "jupyterlab.log"
        cmd = [sys.executable, "-m", "jupyterlab", "--no-browser", "--ip=127.0.0.1", f"--port={port}",
               f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={root}",
               "--LabApp.extension_manager=readonly",
               # lets the tests ask the page whether its kernel is connected (window.jupyterapp)
               "--LabApp.expose_app_in_browser=True", "--JupyterNotebookApp.expose_app_in_browser=True"]
        if hasattr(os, "getuid") and os.getuid() == 0:
            cmd.append("--allow-root")
        lab = Lab(f"http://127.0.0.1:{port}", token, root, log)

        def ready():
            try:
                with urllib.request.urlopen(lab.page_url("/api/status"), timeout=2) as r:
                    return r.status == 200
            except OSError:
                return False

        with _serving(cmd, log, env, root, ready, "JupyterLab", timeout):
            yield lab


@contextlib.contextmanager
def running_voila(notebook=ROOT / "present" / "explorers.ipynb", log_path=None, timeout=60):
    """Start Voila on ``notebook`` (presenter mode) on a free port with a random token; yield the page URL."""
    with tempfile.TemporaryDirectory(prefix="voila-") as tmp:
        base = Path(tmp)
        env = dict(os.environ, JUPYTER_CONFIG_DIR=str(base / "config"), JUPYTER_RUNTIME_DIR=str(base / "runtime"),
                   JUPYTER_CONFIG_PATH=str(ROOT / "jupyter_config"))  # the project's server settings, as `make present`
        port, token = _free_port(), secrets.token_hex(16)
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        log = Path(log_path) if log_path else ARTIFACTS / "voila.log"
        cmd = [sys.executable, "-m", "voila", str(notebook), "--no-browser", "--Voila.ip=127.0.0.1",
               f"--port={port}", f"--token={token}"]

        def ready():
            with socket.socket() as s:
                return s.connect_ex(("127.0.0.1", port)) == 0

        with _serving(cmd, log, env, Path(notebook).parent, ready, "Voila", timeout) as proc:
            yield ServedPage(f"http://127.0.0.1:{port}/?token={token}", proc.pid)


class ServedPage(str):
    """A page's URL, with the process id of the server that serves it (``pid``)."""

    def __new__(cls, url, pid):
        page = super().__new__(cls, url)
        page.pid = pid
        return page


@contextlib.contextmanager
def chromium():
    """Debian's Chromium, headless, driven by Playwright."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()
