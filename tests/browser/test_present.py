"""Presenter mode: Voila serves the explorers without code; a slider moved by keyboard redraws the picture."""

import re

import pytest

from tests.browser.clicks import check_clicks
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
    # explorer 2 keeps the bottom of the bowl to itself until "predict first" is unticked
    page.locator("button:text-is('2 · the loss')").click()
    e.wait_readout("Predict first: for which w is the loss lowest")
    assert "lowest possible" not in e.readout() and "-5.00" not in page.inner_text("body")
    page.screenshot(path=str(ARTIFACTS / "present-loss-predict.png"))
    assert "the lowest possible is 0.168 at w = -5.00" in e.tick("predict first", expect="lowest possible")
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


def test_a_click_on_a_picture_starts_there_in_presenter_mode(voila_page):
    """The clicks of the JupyterLab test, on the presenter page in a short window: there the pictures are limited
    to half its height and shown centred in their boxes (object-fit: contain), so a click's place must be mapped
    through that too."""
    page = voila_page
    page.set_viewport_size({"width": 1600, "height": 800})
    e = Explorer(page, within="body")  # notebook 3's explorer comes first
    img = e.root.locator("img.explorer-panel").nth(1)
    box = img.evaluate("i => [i.getBoundingClientRect().width, i.getBoundingClientRect().height]")
    assert box[0] / box[1] > 460 / 380 + 0.05, box  # the element is wider than the picture it shows
    check_clicks(e, "train-w")
    assert "Predict first" in e.readout()  # the class still predicts before it sees the run from the new start
    for button, kind in (("4 · training w and b", "train-wb"), ("2 · the loss", "loss")):
        page.locator(f"button:text-is('{button}')").click()
        page.locator(".explorer-readout:visible").first.wait_for()
        e = Explorer(page, within="body")
        e.root = page.locator(".jp-OutputArea-output:has(.explorer-readout:visible)").first
        check_clicks(e, kind)
    page.screenshot(path=str(ARTIFACTS / "present-clicked-loss.png"))
    assert page.locator("[data-mime-type='application/vnd.jupyter.stderr']").count() == 0


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


# what would answer a prediction: the readout's verdict, its count, and the numbers of the run's end
VERDICT_WORDS = ("→", "oscillating", "smooth", "diverging", "zig-zags", "within 0.01", "Stopped early")


def path_pixels(png):
    """How many pixels of a screenshot have the descent path's colour."""
    import io

    import numpy as np
    from PIL import Image

    from course.style import COLORS

    rgb = np.asarray(Image.open(io.BytesIO(png)).convert("RGB")).astype(int)
    target = np.array([int(COLORS["path"][i:i + 2], 16) for i in (1, 3, 5)])
    return int((np.abs(rgb - target).max(axis=2) < 40).sum())


def test_the_50_minute_lesson_in_predict_mode(browser):
    """TEACHING.md's 50-minute lesson, its presenter-mode steps in order, on a projector (1920 x 1080 at 125%):
    before each reveal neither the path nor the verdict is on the page; ▶ play draws the path growing; then the
    verdict the guide's table gives is there."""
    with running_voila() as url:
        context = browser.new_context(viewport={"width": 1536, "height": 864}, device_scale_factor=1.25)
        page = context.new_page()
        page.set_default_timeout(90_000)
        page.goto(url)
        e = Explorer(page, within="body")
        e.readout()
        landscape = e.root.locator("img.explorer-panel").nth(1)

        def change(action, expect):
            """A setting changed the way the guide says (preset, typed iterations or learning rate)."""
            action()
            e.wait_readout(expect)

        def predict_then_reveal(n, verdict, step, grows=True):
            text = e.readout()
            assert text.startswith("Predict first") and not any(w in text for w in VERDICT_WORDS), (step, text)
            assert f"in 0 of its {n} steps so far" in landscape.get_attribute("title"), step
            assert f"After {n} of" not in page.inner_text("body")
            hidden = path_pixels(landscape.screenshot())
            page.screenshot(path=str(ARTIFACTS / f"lesson-{step}-predict.png"))
            page.click("button:text-is('▶ play')")
            page.wait_for_function(f"img => /in [1-9][0-9]* of its {n} steps so far/.test(img.title) && "
                                   f"!/in {n} of its/.test(img.title)", arg=landscape.element_handle(),
                                   timeout=20_000)
            early = path_pixels(landscape.screenshot())
            page.screenshot(path=str(ARTIFACTS / f"lesson-{step}-playing.png"))
            text = e.wait_readout(verdict)
            end = path_pixels(landscape.screenshot())
            page.screenshot(path=str(ARTIFACTS / f"lesson-{step}-revealed.png"))
            assert hidden < early, (step, hidden, early)  # the path is drawn as the run plays
            # and grows (at lr 0.06 the first step lands on the minimum: the rest of the path stays on the spot)
            assert early < end or not grows, (step, hidden, early, end)
            assert "→" in text, (step, text)
            return text

        # 15-25: creep or zig-zag? (the page opens at the tutorial's settings); then the slow and oscillating presets
        predict_then_reveal(20, "oscillating: each step overshoots", "15-zigzag")
        change(lambda: e.root.locator("button:text-is('slow')").click(), "learning rate 0.01, 100 iterations")
        predict_then_reveal(100, "smooth", "20-slow")
        change(lambda: e.root.locator("button:text-is('oscillating')").click(), "learning rate 0.11, 60 iterations")
        predict_then_reveal(60, "zig-zags towards it", "22-oscillating")
        # 25-35: which learning rate is fastest? 200 iterations, the class's values typed into the exact box
        change(lambda: e.type_only("iterations", "200"), "learning rate 0.11, 200 iterations")
        for lr, count in (("0.06", "after 1 iteration and stays"), ("0.1", "after 16 iterations"),
                          ("0.119", "is not within 0.01 of the best w (-5.0002) after 200")):
            change(lambda: e.type_only("learning rate", lr), f"learning rate {lr}, 200 iterations")
            predict_then_reveal(200, count, f"25-lr-{lr}", grows=lr != "0.06")
        # 35-42: the diverging preset, then 0.3 over 200 iterations
        change(lambda: e.root.locator("button:text-is('diverging')").click(), "learning rate 0.13, 60 iterations")
        predict_then_reveal(60, "grows ×1.17 per step", "35-diverging")
        change(lambda: e.type_only("iterations", "200"), "learning rate 0.13, 200 iterations")
        change(lambda: e.type_only("learning rate", "0.3"), "learning rate 0.3, 200 iterations")
        text = e.readout()
        assert text.startswith("Predict first") and "Stopped early" not in text
        page.click("button:text-is('▶ play')")
        assert "the run stopped after 29" in e.wait_readout("Stopped early")
        context.close()
