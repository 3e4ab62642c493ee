"""Presenter mode: Voila serves the explorers without code; a slider moved by keyboard redraws the picture."""

import re

import pytest

from tools.browser.jlab import Explorer, console_problems
from tools.browser.labserver import ARTIFACTS, running_voila


@pytest.fixture
def voila_page(browser):
    with running_voila() as url:
        context = browser.new_context(viewport={"width": 1600, "height": 1400})
        page = context.new_page()
        page.console_errors = []
        page.on("console", lambda m: page.console_errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: page.console_errors.append(f"page error: {e}"))
        page.failed_requests = []
        page.on("requestfailed", lambda r: page.failed_requests.append(r.url))
        page.set_default_timeout(90_000)
        page.goto(url)
        yield page
        context.close()


def test_presenter_mode_serves_the_explorers_for_a_projector(voila_page):
    page = voila_page
    e = Explorer(page, within="body")  # notebook 3's explorer is shown first
    assert page.locator(".jp-InputArea, .jp-CodeMirrorEditor, .cm-editor").count() == 0, "no code on the page"
    assert "learning rate" in e.readout()
    # sized for a projector: the readout's text and the slider labels are large
    size = e.root.locator(".explorer-readout div").first.evaluate("d => parseFloat(getComputedStyle(d).fontSize)")
    label = e.slider("iterations").locator("label").evaluate("l => parseFloat(getComputedStyle(l).fontSize)")
    assert size >= 20 and label >= 20, (size, label)
    # predict first: a change hides the run (only its start is drawn, the readout asks), ▶ play draws it step by step
    text = e.press("iterations", "ArrowRight", times=3, expect="23 iterations from w = -10")
    landscape = e.root.locator("img.explorer-panel").nth(1)
    assert "Predict first" in text and "in 0 of its 23 steps so far" in landscape.get_attribute("title")
    assert "oscillating" not in e.readout() and "After 23" not in page.inner_text("body")  # (a preset is named so)
    page.screenshot(path=str(ARTIFACTS / "present-predict-hidden.png"))
    page.click("button:text-is('▶ play')")
    page.wait_for_function("img => /in ([3-9]|1[0-9]) of its 23 steps so far/.test(img.title)",
                           arg=landscape.element_handle(), timeout=20_000)
    early = int(re.search(r"in (\d+) of its 23", landscape.get_attribute("title")).group(1))
    page.screenshot(path=str(ARTIFACTS / "present-predict-playing.png"))
    text = e.wait_readout("After 23 of 23")
    assert early < 23 and "oscillating" in text and "in 23 steps" in landscape.get_attribute("title")
    page.screenshot(path=str(ARTIFACTS / "present-training-w.png"))
    # the chooser brings up notebook 4's explorer, with its contour map
    page.locator("button:text-is('4 · training w and b')").click()
    page.locator("label.widget-label:text-is('initial b')").first.wait_for()
    page.screenshot(path=str(ARTIFACTS / "present-training-wb.png"))
    errors = page.locator("[data-mime-type='application/vnd.jupyter.stderr'], .jp-OutputArea-output pre.error")
    assert errors.count() == 0
    # Voila's page asks a CDN for Font Awesome; this machine has no internet, a classroom usually has.
    # Nothing else may fail: the explorers use no icon font (their play and stop buttons are labelled in text).
    cdn = [url for url in page.failed_requests if url.startswith("https://cdn.jsdelivr.net/npm/@fortawesome/")]
    assert len(cdn) == len(page.failed_requests), page.failed_requests
    offline = "Failed to load resource: net::ERR_NAME_NOT_RESOLVED"
    problems = console_problems(page)
    assert [m for m in problems if m != offline] == [] and problems.count(offline) == len(cdn), page.console_errors
    # jupyter_config/voila.py (as `make present` uses it): small kernel messages are not held back
    assert "Kernel websockets send small messages at once" in (ARTIFACTS / "voila.log").read_text(errors="replace")


def kernels_of(pid):
    """The kernel processes a server (by its process id) has started and that still run."""
    import psutil

    return [p for p in psutil.Process(pid).children(recursive=True)
            if p.is_running() and p.status() != psutil.STATUS_ZOMBIE and "ipykernel" in " ".join(p.cmdline())]


def test_a_reloaded_page_leaves_no_kernel_behind(browser):
    """Reload presenter mode 3 times: within a minute one kernel remains, the open page's, and it still answers."""
    import time

    with running_voila() as url:
        page = browser.new_page()
        page.set_default_timeout(90_000)
        page.goto(url)
        Explorer(page, within="body").readout()
        for _ in range(3):
            page.reload()
            Explorer(page, within="body").readout()
        assert len(kernels_of(url.pid)) >= 2  # the old pages' kernels were left running at first
        deadline = time.monotonic() + 60
        while len(kernels_of(url.pid)) > 1 and time.monotonic() < deadline:
            time.sleep(2)
        assert len(kernels_of(url.pid)) == 1, "kernels of closed pages were not ended within a minute"
        text = Explorer(page, within="body").press("iterations", "ArrowRight", expect="21 iterations from")
        assert "21 iterations from w = -10" in text  # the open page's kernel is the one that stayed
        page.close()
