"""Fixtures for the browser tests: a private JupyterLab (see labserver.py) and headless Chromium."""

import os
from pathlib import Path

import pytest

from tools.browser.labserver import ARTIFACTS, CHROMIUM, chromium, running_lab

ON_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")


def _require_chromium():
    """Skip without Chromium (saying how to enable the tests); on CI (CI=true) fail instead."""
    if Path(CHROMIUM).exists():
        return
    if ON_CI:
        pytest.fail(f"CI=true but Chromium is missing at {CHROMIUM}; .ci/run installs it with apt-get")
    pytest.skip(f"browser tests need Chromium at {CHROMIUM}: `sudo apt-get install chromium` enables them")


@pytest.fixture(scope="session")
def lab():
    """A private JupyterLab over a copy of the notebooks, stopped at the end of the session."""
    _require_chromium()
    with running_lab() as server:
        yield server


@pytest.fixture
def lab7():
    """A second private server for the Notebook 7 interface, so no JupyterLab workspace state reaches it."""
    _require_chromium()
    with running_lab(log_path=ARTIFACTS / "notebook7.log") as server:
        yield server


@pytest.fixture(scope="session")
def browser():
    _require_chromium()
    with chromium() as b:
        yield b


@pytest.fixture
def page(browser, lab, request):
    """A fresh browser page; console errors are collected in ``page.console_errors``."""
    context = browser.new_context(viewport={"width": 1400, "height": 1500})
    pg = context.new_page()
    pg.console_errors = []
    pg.on("console", lambda m: pg.console_errors.append(m.text) if m.type == "error" else None)
    pg.on("response", lambda r: pg.console_errors.append(f"HTTP {r.status} {r.request.method} {r.url.split('?')[0]}")
          if r.status >= 400 else None)
    pg.on("pageerror", lambda e: pg.console_errors.append(f"page error: {e}"))
    pg.set_default_timeout(60_000)
    yield pg
    report = getattr(request.node, "rep_call", None)
    if report is not None and report.failed:
        pg.screenshot(path=str(ARTIFACTS / f"FAILED-{request.node.name}.png"))
        print("JupyterLab log (tail):\n" + lab.log_tail())
    context.close()
    lab.shutdown_kernels()


@pytest.hookimpl(hookwrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"rep_{report.when}", report)
