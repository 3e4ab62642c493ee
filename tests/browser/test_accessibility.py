"""Every explorer checked with axe-core (Deque's WCAG rule engine, run by axe-playwright-python) in JupyterLab
after Run All, and driven from the keyboard alone."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from course import ranges
from tests.browser.test_lab import NOTEBOOKS, run_notebook

# What axe still finds inside the explorers comes from ipywidgets itself, which the series uses unchanged
# (no JavaScript of its own in the page). Each entry: the rule, where it fires, why, and what covers it.
UPSTREAM = {
    "aria-input-field-name": {
        "where": "noUi-handle",  # the draggable handle of every ipywidgets slider
        "why": "ipywidgets draws a slider's label as a separate element that is not tied to the handle "
               "(role slider), so a screen reader announces the handle without a name",
        "covered by": "the number box beside each slider, named after it and tied to the same value (the "
                      "learning rate: its 'exact value' box); checked below, each box has its label",
    },
}


def explorer_violations(page, explorer):
    """axe's violations inside the explorer's output, as {rule: [html of each node]}."""
    explorer.root.evaluate("el => el.setAttribute('data-axe', 'explorer')")
    results = Axe().run(page, context="[data-axe='explorer']")
    return {v["id"]: [node["html"] for node in v["nodes"]] for v in results.response["violations"]}


@pytest.mark.parametrize("name", NOTEBOOKS, ids=lambda n: n[:2])
def test_axe_finds_nothing_the_project_can_fix(page, lab, name):
    e = run_notebook(page, lab, name)
    found = explorer_violations(page, e)
    new = {rule: nodes for rule, nodes in found.items() if rule not in UPSTREAM}
    assert not new, f"axe finds new violations in the explorer of {name}: {new}"
    for rule, nodes in found.items():  # the known ones stay where they are
        assert all(UPSTREAM[rule]["where"] in html for html in nodes), (rule, nodes)
    # every picture has its text alternative, and no button is without a name
    assert "image-alt" not in found and "button-name" not in found
    # the alternative to each nameless handle: a number box with the slider's label, for every slider
    sliders = e.root.locator(".widget-slider").all()
    for slider in sliders:
        label = slider.locator("label").first.inner_text()
        box = e.box(label)  # for the learning rate, its 'exact value' box
        assert box.count() == 1, label
        assert box.evaluate("i => i.labels.length && i.labels[0].textContent") in (label, "exact value"), label


def test_keyboard_alone_reaches_and_changes_every_control(page, lab):
    """From the first control, Tab visits every control of notebook 4's explorer in reading order, and each
    one changes its value from the keyboard."""
    e = run_notebook(page, lab, NOTEBOOKS[3])
    e.slider("learning rate").locator(".noUi-handle").focus()
    visited = []
    for _ in range(60):
        label = page.evaluate("""() => {
            const el = document.activeElement;
            if (el.type === 'checkbox') return el.closest('label').textContent.trim();  // its label wraps it
            const row = el.closest('.widget-slider, .widget-text, .widget-checkbox, .widget-toggle-buttons');
            const named = row && row.querySelector('label');
            return el.tagName === 'BUTTON' ? el.textContent.trim() : (named ? named.textContent.trim() :
                   (el.getAttribute('aria-label') || el.className));
        }""")
        visited.append(label)
        if label == ranges.PRESET_LABELS["mini-batch"]:  # the last preset button
            break
        page.keyboard.press("Tab")
    order = [v for i, v in enumerate(visited) if v not in visited[:i]]
    expected = ["learning rate", "exact value", "iterations", "initial w", "initial b", "gradient descent",
                "standardise x (divide by its standard deviation)", "momentum β", "batch size", "iteration shown",
                "▶ play", "■ stop", "predict first", "tutorial"]
    assert set(expected) <= set(order), order
    positions = [order.index(name) for name in expected]
    assert positions == sorted(positions), order
    # each changes from the keyboard: arrows on a slider, typing in the box, Space on a button or checkbox
    text = e.press("initial w", "ArrowRight", expect="After 20 of 20")
    assert e.number("initial w", -9.5) == -9.5
    box = e.root.locator(".widget-text", has=page.locator("label:text-is('exact value')")).locator("input")
    box.focus()
    e.act(lambda: (page.keyboard.press("Control+A"), page.keyboard.type("0.05"), page.keyboard.press("Enter")),
          expect="learning rate 0.05 ")
    standardise = e.root.locator(".widget-checkbox input").first  # then "predict first"
    standardise.focus()
    text = e.act(lambda: page.keyboard.press("Space"), expect="Standardised x")
    play = e.root.locator("button:text-is('▶ play')")
    play.focus()
    page.keyboard.press("Enter")
    page.wait_for_function(
        "(root) => /After ([1-9]\\d*) of 20 /.test(root.querySelector('.explorer-readout').innerText)",
        arg=e.root.element_handle(), timeout=20_000)
