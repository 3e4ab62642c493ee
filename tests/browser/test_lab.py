"""The series in a real browser: JupyterLab in headless Chromium runs every notebook and moves every control."""

import json
import re
import urllib.request

import pytest

from course import ranges
from tools.browser.jlab import ACTIVE, Explorer, answer_exercise, console_problems, error_outputs, open_notebook, prompts, \
    run_all
from tests.browser.clicks import check_clicks
from tools.browser.labserver import ARTIFACTS

NOTEBOOKS = ["01_preparing_data.ipynb", "02_model_and_loss.ipynb", "03_training_one_parameter.ipynb",
             "04_training_two_parameters.ipynb"]


def run_notebook(page, lab, name, ui="lab"):
    open_notebook(page, lab, name, ui=ui)
    run_all(page)
    counts = prompts(page)
    assert counts == list(range(1, len(counts) + 1)), counts
    assert error_outputs(page) == []
    return Explorer(page)


def shot(page, name, locator=None):
    path = ARTIFACTS / f"{name}.png"
    (locator or page).screenshot(path=str(path))
    return path


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_notebook_runs_clean_in_lab(page, lab, name):
    explorer = run_notebook(page, lab, name)
    # the top pictures arrive as data: URLs within course/panel.py's budget, else as PNG bytes (the widget makes
    # each a blob: URL); the backdrops, sent rarely, always as PNG bytes
    tops = explorer.pictures()
    assert len(tops) >= 1 and all(p.startswith(("data:image/png;base64,", "blob:")) for p in tops), tops
    backdrops = [img.get_attribute("src") for img in explorer.root.locator("img.explorer-backdrop").all()]
    assert len(backdrops) == len(tops) and all(p.startswith("blob:") for p in backdrops)
    # each picture and its backdrop decoded and shown at full size (460 or more pixels wide), in the same place
    boxes = """imgs => imgs.map(i => { const r = i.getBoundingClientRect();
                                 return [i.complete, i.naturalWidth, r.x, r.y, r.width, r.height]; })"""
    tops = explorer.root.locator("img.explorer-panel").evaluate_all(boxes)
    backdrops = explorer.root.locator("img.explorer-backdrop").evaluate_all(boxes)
    assert len(tops) == len(backdrops) and all(complete and width >= 460 for complete, width, *_ in tops + backdrops)
    assert all(top[2:] == pytest.approx(back[2:], abs=0.5) for top, back in zip(tops, backdrops)), (tops, backdrops)
    assert console_problems(page) == []
    # the exercises' hints and solutions are collapsed until asked for: two hints above each solution; any other
    # folded box (notebook 3's "Why so high?", an answer to open after the explorer) is collapsed too
    details = page.locator(f"{ACTIVE} .jp-MarkdownCell details")
    exercise_boxes = page.locator(f"{ACTIVE} .jp-MarkdownCell details:has(summary:text-matches('^(Hint|Show a solution)'))")
    solutions = page.locator(f"{ACTIVE} .jp-MarkdownCell details:has(summary:text('Show a solution'))")
    assert 2 <= solutions.count() <= 4 and exercise_boxes.count() == 3 * solutions.count()
    assert all(d.get_attribute("open") is None for d in details.all())
    visible = page.locator(f"{ACTIVE} .jp-MarkdownCell details >> visible=true")  # not those in folded sections
    if visible.count() == 0:  # notebook 3: every exercise sits in a folded optional section; unfold, as a learner would
        page.evaluate("() => window.jupyterapp.commands.execute('notebook:expand-all-headings')")
    shown = visible.first
    shown.locator("summary").click()
    shown.locator("p, pre").first.wait_for(state="visible")
    # the whole notebook, top to bottom, in one tall picture
    outer = f"document.querySelector('{ACTIVE} .jp-WindowedPanel-outer')"
    before = page.evaluate(f"{outer}.clientHeight")
    height = page.evaluate(f"{outer}.scrollHeight")
    page.set_viewport_size({"width": 1400, "height": min(int(height) + 250, 16000)})
    page.wait_for_function(f"() => {{ const o = {outer}; o.scrollTop = 0; return o.clientHeight > {before}; }}")
    shot(page, f"notebook-{name[:2]}")


def test_data_explorer(page, lab):
    e = run_notebook(page, lab, NOTEBOOKS[0])
    assert "-5.0·x" in e.readout()
    text = e.press("slope", "ArrowRight", times=2, expect="-4.0·x")  # -5.0 -> -4.0 in steps of 0.5
    assert e.number("slope", -4.0) == -4.0 and "f(x) = -4.0·x" in text
    e.drag("noise", 0.6)  # about 3 on a 0..5 track
    assert 2.5 <= float(e.value("noise")) <= 3.5
    e.wait_readout(f"noise {float(e.value('noise')):.1f},")
    text = e.type("seed", "7")
    assert "seed 7" in text
    shot(page, "explorer-data", e.root)
    assert console_problems(page) == []


def test_loss_explorer(page, lab):
    e = run_notebook(page, lab, NOTEBOOKS[1])
    text = e.press("w (slope)", "ArrowRight", times=3, expect="w = -9.7")
    assert e.number("w (slope)", -9.7) == -9.7 and text.startswith("w = -9.7") and "too steep" in text
    text = e.type("w (slope)", "-5")
    assert "bottom of the bowl" in text
    e.drag("w (slope)", 0.9)  # w near 3: the line rises where the data fall
    text = e.wait_readout(f"w = {float(e.value('w (slope)')):.1f}:")
    assert "slopes the wrong way" in text and "too flat" not in text
    shot(page, "explorer-loss", e.root)
    assert console_problems(page) == []


@pytest.mark.parametrize("name", NOTEBOOKS[2:], ids=["one-parameter", "two-parameters"])
def test_training_explorer(page, lab, name):
    e = run_notebook(page, lab, name)
    tag = "w" if name.startswith("03") else "wb"
    assert "learning rate 0.1 " in e.readout() and "oscillating" in e.readout()
    shot(page, f"explorer-{tag}-defaults", e.root)

    # keyboard: one step right on the log slider is x10^0.01
    text = e.press("learning rate", "ArrowRight")
    assert e.number("learning rate", 0.1023, rel=5e-4) == pytest.approx(0.1023, abs=5e-5) and "learning rate 0.1023" in text
    # one value on screen: the box; the slider writes no rounded number of its own beside it
    assert e.slider("learning rate").locator(".widget-readout").is_hidden()

    # each picture carries its text alternative (the title screen readers read), updated with the picture
    titles = [img.get_attribute("title") for img in e.root.locator("img.explorer-panel").all()]
    assert titles[0].startswith("Data and fitted line") and "after 20 of 20 iterations" in titles[0]
    # on the page: the fit and the path on top, the loss per iteration below
    assert re.search(r"^(Loss landscape|Gradient descent on the loss curve)", titles[1]), titles[1]
    assert titles[2].startswith("Loss per iteration, log scale, over 20 iterations")
    e.press("iterations", "ArrowRight", expect="After 21 of 21")
    page.wait_for_function("(img) => img.title.includes('after 21 of 21 iterations')",
                           arg=e.root.locator("img.explorer-panel").first.element_handle(), timeout=20_000)

    # typing past the critical learning rate: the readout says the run diverges
    text = e.type_exact_lr("0.13")
    assert "learning rate 0.13 " in text and "diverging" in text

    # dragging the learning rate to the top of its range (1) makes the loss overflow
    e.press("iterations", "End", expect="of 200 iterations")
    e.drag("learning rate", 1.0)
    assert e.number("learning rate", 1.0) == 1.0
    text = e.wait_readout("learning rate 1 ")
    assert re.search(r"you asked for 200 iterations, but the run stopped after \d+,", text), text

    # iterations by keyboard, initial w (and b) by typing
    e.preset("tutorial")
    text = e.press("iterations", "ArrowRight", times=5, expect="After 25 of 25")
    assert "After 25 of 25 iterations" in text
    text = e.type("initial w", "-2")
    assert e.number("initial w", -2.0) == -2.0
    if tag == "wb":
        text = e.type("initial b", "10")
        assert e.number("initial b", 10.0) == 10.0 and "b = " in text

    # presets move the controls and the readout
    for preset, word in [("slow", "smooth"), ("oscillating", "oscillating"), ("diverging", "diverging"),
                         ("defaults", "oscillating")]:
        lr = ranges.PRESETS[preset][0].get("lr", 0.1)  # "defaults" goes back to the notebook's lr, 0.1
        text = e.preset(preset)
        assert e.number("learning rate", lr, rel=0.03) == pytest.approx(lr, rel=0.03)
        assert word in text
        if preset != "defaults":
            shot(page, f"explorer-{tag}-{preset}", e.root)

    # Play replays the run: the shown iteration advances without retraining
    e.press("iteration shown", "Home")
    assert e.number("iteration shown", 0.0) == 0.0  # once the box shows it: it may lag the keypress under load
    e.root.locator("button:text-is('▶ play')").click()
    page.wait_for_function(
        """(root) => [...root.querySelectorAll('.widget-slider')].some(s =>
               s.querySelector('label').textContent === 'iteration shown' &&
               Number(s.querySelector('.widget-readout').textContent) >= 5)""",
        arg=e.root.element_handle(), timeout=20_000)
    # the readout follows the replay too
    page.wait_for_function(
        """(root) => { const m = root.querySelector('.explorer-readout').innerText.match(/After (\\d+) of 20 /);
                       return m && Number(m[1]) >= 5; }""", arg=e.root.element_handle(), timeout=20_000)
    assert console_problems(page) == []


@pytest.mark.parametrize("name, kind", [(NOTEBOOKS[1], "loss"), (NOTEBOOKS[2], "train-w"), (NOTEBOOKS[3], "train-wb")],
                         ids=["loss", "one-parameter", "two-parameters"])
def test_a_click_on_the_picture_starts_there(page, lab, name, kind):
    """A click on the loss curve or the contour map moves w (or the start) there, sliders and readout too; a click
    outside a slider's range takes its end, and the readout says so."""
    e = run_notebook(page, lab, name)
    check_clicks(e, kind)
    shot(page, f"explorer-{kind}-clicked", e.root)
    assert console_problems(page) == []


def test_notebook7_runs_and_slider_works(page, lab7):
    # Notebook 7 binds the arrow keys to cell navigation even on a focused slider, so a person there
    # drags the handle or types the value (the README says so); both must work.
    e = run_notebook(page, lab7, NOTEBOOKS[2], ui="notebook")
    e.drag("learning rate", 0.0)  # the bottom of the range, 0.001: smooth and slow
    assert e.number("learning rate", 0.001, rel=1e-6) == pytest.approx(0.001)
    text = e.wait_readout("learning rate 0.001 ")
    assert "smooth" in text
    text = e.type("iterations", "50")
    assert "After 50 of 50 iterations" in text
    shot(page, "notebook7-explorer", e.root)
    assert console_problems(page) == [], "\n".join(page.console_errors)


def test_a_click_on_the_picture_starts_there_in_notebook7(page, lab7):
    """Clicks work in Notebook 7 too (ipyevents' front end is installed there as in JupyterLab)."""
    e = run_notebook(page, lab7, NOTEBOOKS[3], ui="notebook")
    check_clicks(e, "train-wb")
    assert console_problems(page) == [], "\n".join(page.console_errors)


def test_exercise_feedback_wrong_then_right(page, lab):
    """A learner types a wrong answer, reads the hint, fixes it and sees it accepted."""
    run_notebook(page, lab, NOTEBOOKS[1])
    text = answer_exercise(page, "def my_mse", "helpers.check_mse",
                           "def my_mse(y_pred, y):\n    return ((y_pred - y) ** 2).sum()\n")
    assert "not quite" in text and "sum of the squares" in text
    text = answer_exercise(page, "def my_mse", "helpers.check_mse",
                           "def my_mse(y_pred, y):\n    return ((y_pred - y) ** 2).mean()\n")
    assert "correct" in text and "not quite" not in text
    shot(page, "exercise-2.1-answered", page.locator(f"{ACTIVE} .jp-CodeCell", has_text="helpers.check_mse").first)
    assert console_problems(page) == []


def test_bad_input_never_breaks_the_explorer(page, lab):
    """Nonsense typed into the value boxes is clamped or ignored; the explorer keeps working and keeps its place."""
    e = run_notebook(page, lab, NOTEBOOKS[2])
    # (value typed, then the key that must still move the slider from wherever the value landed)
    for label, text, key in [("learning rate", "-5", "ArrowRight"), ("learning rate", "abc", "ArrowRight"),
                             ("iterations", "1e9", "ArrowLeft"), ("initial w", "nan", "ArrowLeft"),
                             ("learning rate", "5", "ArrowLeft")]:
        e.type_only(label, text)
        before = e.value(label)
        text = e.press(label, key)  # the explorer still answers, from a value inside the range
        assert "Something went wrong" not in text
        assert e.value_other_than(label, before) != before
    assert "Something went wrong" not in e.type_exact_lr("0")  # clamped to the box's minimum, 0.0001
    assert "learning rate 0.0001 " in e.readout()
    assert console_problems(page) == []


def test_the_server_sends_small_messages_at_once(lab):
    # jupyter_config/ (as `make lab` uses it) turns Nagle's algorithm off for kernel websockets; without it
    # every small message can wait up to 40 ms for the browser's acknowledgement (course/low_latency.py).
    assert "Kernel websockets send small messages at once" in lab.log.read_text(errors="replace")


def test_no_news_pop_up_and_no_update_check(lab):
    # jupyter_config/ (as `make lab` uses it): JupyterLab's "get notified about official Jupyter news?" pop-up
    # covered part of a projected screen. The test's lab has no settings of its own, so this is the project's.
    url = lab.page_url("/lab/api/settings/@jupyterlab/apputils-extension:notification")
    with urllib.request.urlopen(url, timeout=10) as response:
        defaults = {k: v.get("default") for k, v in json.load(response)["schema"]["properties"].items()}
    assert defaults["fetchNews"] == "false" and defaults["checkForUpdates"] is False  # JupyterLab's: "none", True
    with urllib.request.urlopen(lab.page_url("/lab/api/news"), timeout=10) as response:
        assert json.load(response)["news"] == []


def test_the_busy_circle_is_in_the_status_bar_beside_the_kernel_state(page, lab):
    # jupyter_config/lab_settings/overrides.json (as `make lab` uses it): in the notebook's toolbar every busy
    # and idle of the kernel made the toolbar lay out the whole page again, on every slider change.
    open_notebook(page, lab, "01_preparing_data.ipynb")
    circle = ".jp-Notebook-ExecutionIndicator"
    assert page.locator(f"{ACTIVE} .jp-NotebookPanel-toolbar {circle}").count() == 0
    status_bar = page.locator("#jp-main-statusbar")
    status_bar.locator(circle).wait_for()
    assert re.search(r"\| (Idle|Busy)", status_bar.inner_text())  # the kernel's state in words, beside it


def test_the_tab_icon_stays_still_while_the_kernel_is_busy(page, lab):
    # jupyter_config/labconfig/page_config.json (as `make lab` uses it) turns off JupyterLab's busy tab icon: it
    # swapped the page's icon links, and the browser fetched the busy icon from the server, on every busy and
    # idle of the kernel, twice per slider change.
    open_notebook(page, lab, "01_preparing_data.ipynb")
    seen = page.evaluate("""async () => {
        const kernel = jupyterapp.shell.currentWidget.sessionContext.session.kernel;
        const future = kernel.requestExecute({code: 'import time; time.sleep(8.0)', store_history: false});
        const start = Date.now();  // on a loaded machine the kernel may take seconds to report busy (CI failed at 2.5)
        while (kernel.status !== 'busy' && Date.now() - start < 7500) await new Promise(r => setTimeout(r, 50));
        await new Promise(r => setTimeout(r, 200));  // the page's own reaction to the new status
        const icon = document.querySelector('link[rel="icon"]');
        const during = {status: kernel.status, icon: icon ? icon.className : null,
                        statusBar: document.querySelector('#jp-main-statusbar').innerText};
        await future.done;
        return during;
    }""")
    assert seen["status"] == "busy" and "Busy" in seen["statusBar"]  # the status bar still says so, in words
    assert seen["icon"] == "idle favicon"


def test_two_parameter_methods(page, lab):
    """Notebook 4's methods in the browser: buttons, keys, a drag, typing, the switch and the presets."""
    e = run_notebook(page, lab, NOTEBOOKS[3])
    text = e.choose("momentum", expect="momentum β = 0.50")
    assert "within 0.01 of its best value (0.0149) after" in text
    text = e.press("momentum β", "ArrowLeft", expect="momentum β = 0.45")  # keys move the live slider
    assert e.number("momentum β", 0.45) == 0.45
    shot(page, "explorer-wb-momentum", e.root)
    text = e.choose("mini-batch", expect="mini-batches of 10 points")
    assert "10 steps per epoch" in text
    text = e.type("batch size", "20")  # typing into the slider's box
    assert "mini-batches of 20 points: 5 steps per epoch" in text
    e.drag("batch size", 0.0)  # the mouse: one point per step
    text = e.wait_readout("mini-batches of 1 point:")
    assert e.number("batch size", 1.0) == 1.0 and "100 steps per epoch" in text
    shot(page, "explorer-wb-mini-batch", e.root)
    e.choose("gradient descent", expect="critical lr* = 0.11997")
    text = e.tick("standardise x", expect="Standardised x")
    assert "lr* = 0.987 instead of 0.120" in text
    for preset, words in [("standardised", "after 3 iterations and stays there"),
                          ("momentum", "momentum β = 0.50"), ("mini-batch", "mini-batches of 10 points"),
                          ("tutorial", "oscillating")]:
        lr = {**ranges.PRESETS, **ranges.PRESETS_WITH_BIAS}[preset][0]["lr"]
        text = e.preset(ranges.PRESET_LABELS.get(preset, preset), expect=words)
        assert e.number("learning rate", lr, rel=0.03) == pytest.approx(lr, rel=0.03)
        if preset != "tutorial":
            shot(page, f"explorer-wb-preset-{preset}", e.root)
    assert "Standardised" not in text  # the notebook's own presets go back to x as it is
    assert console_problems(page) == []


@pytest.mark.parametrize("name", NOTEBOOKS[2:])
def test_optional_sections_open_folded(page, lab, name):
    """A learner sees each optional section's heading and a count of hidden cells, none of its text or code."""
    open_notebook(page, lab, name)
    headings = page.locator(f"{ACTIVE} .jp-MarkdownCell:has(:is(h2, h3, h4):text-matches('^Optional'))")
    assert headings.count() >= 2
    shown = [heading for heading in headings.all() if heading.is_visible()]  # the rest sit inside a folded one
    assert len(shown) >= 2
    for heading in shown:
        assert "jp-MarkdownHeadingCollapsed" in heading.get_attribute("class")
        assert re.match(r"\d+ cells? hidden", heading.locator(".jp-showHiddenCellsButton").inner_text())
    hidden_text = {"03_training_one_parameter.ipynb": "complete the square", "04_training_two_parameters.ipynb":
                   "torch.linalg.lstsq"}[name]
    assert not page.locator(f"{ACTIVE} .jp-Cell:has-text('{hidden_text}')").first.is_visible()


@pytest.mark.parametrize("name, last_check, part_2_cell, expect", [
    (NOTEBOOKS[3], "helpers.check_iterations_for_b", "s = X.std()",
     "s^2 = 8.417, mean(x^2) = 8.335"),
], ids=["notebook-4"])
def test_part_2_resumes_after_a_break(page, lab, name, last_check, part_2_cell, expect):
    """What part 2's first cell says to do on a fresh kernel works: Run > Run All Above Selected Cell, then part 2."""
    open_notebook(page, lab, name)
    page.click(".lm-MenuBar-itemLabel:text-is('Edit')")  # no stored output left to mistake for a new one
    page.click(".lm-Menu-itemLabel:text-is('Clear Outputs of All Cells')")
    part_2 = page.locator(f"{ACTIVE} .jp-MarkdownCell:has(h1:has-text('Part 2'))").first
    menu, item = re.search(r"choose (\w+) → (.+?) to get", part_2.inner_text()).groups()  # as the cell words it
    part_2.click()
    page.click(f".lm-MenuBar-itemLabel:text-is('{menu}')")
    page.click(f".lm-Menu-itemLabel:text-is('{item}')")
    first_of_part_2 = page.locator(f"{ACTIVE} .jp-CodeCell", has_text=part_2_cell).first
    above = page.locator(f"{ACTIVE} .jp-CodeCell", has_text=last_check).first
    # the last check may sit in a folded optional section: its output is there, though hidden
    above.locator(".jp-OutputArea").get_by_text("not answered yet").wait_for(state="attached", timeout=90_000)
    assert first_of_part_2.locator(".jp-InputPrompt").inner_text().strip() in ("[ ]:", "")  # part 2 has not run
    assert first_of_part_2.locator(".jp-OutputArea-output").count() == 0
    first_of_part_2.click()
    page.keyboard.press("Shift+Enter")
    first_of_part_2.locator(".jp-OutputArea").get_by_text(expect).wait_for(timeout=30_000)
    assert error_outputs(page) == []
