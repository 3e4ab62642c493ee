"""Presenter mode on a projector: every explorer's readout is on the first screen, without scrolling.

Screens as a teacher meets them: 1920 x 1080 at 125% and 150% browser zoom, and a 1280 x 800 projector at 100%.
A zoom of z shows (width / z) x (height / z) CSS pixels, each drawn z device pixels wide.
"""

import inspect

import pytest

from course.panel import PANEL_STYLE, BlitPanel
from tools.browser.jlab import Explorer
from tools.browser.labserver import ARTIFACTS, running_voila

SCREENS = {"1920x1080@125": (1920, 1080, 1.25), "1920x1080@150": (1920, 1080, 1.5), "1280x800@100": (1280, 800, 1.0)}
# each explorer, a control label only it shows, and its number of pictures
CHOICES = {"1 · the data": ("noise", 1), "2 · the loss": ("w (slope)", 2), "3 · training w": ("initial w", 3),
           "4 · training w and b": ("initial b", 3)}
# a tick label's height in the picture's own pixels
TICK_PX = PANEL_STYLE["xtick.labelsize"] * inspect.signature(BlitPanel).parameters["dpi"].default / 72


@pytest.fixture(scope="module")
def voila_url():
    with running_voila() as url:
        yield url


@pytest.mark.parametrize("screen", SCREENS)
def test_every_readout_is_on_the_first_screen(browser, voila_url, screen):
    width, height, zoom = SCREENS[screen]
    context = browser.new_context(viewport={"width": round(width / zoom), "height": round(height / zoom)},
                                  device_scale_factor=zoom)
    page = context.new_page()
    page.set_default_timeout(90_000)
    page.goto(voila_url)
    e = Explorer(page, within="body")
    e.readout()
    for choice, (label, pictures) in CHOICES.items():
        page.locator(f"button:text-is('{choice}')").click()
        page.wait_for_function("""([label, pictures]) => {  // the chosen explorer, not the one before it
            const shown = [...document.querySelectorAll('img.explorer-panel')].filter(i => i.offsetParent);
            const labels = [...document.querySelectorAll('.widget-label')].filter(l => l.offsetParent);
            return shown.length === pictures && shown.every(i => i.naturalHeight > 0) &&
                   labels.some(l => l.textContent.trim() === label) &&
                   (label !== 'initial w' || !labels.some(l => l.textContent.trim() === 'initial b'));
        }""", arg=[label, pictures])
        readout = page.locator(".explorer-readout:visible").first
        readout.wait_for()
        page.wait_for_timeout(300)  # the layout settles after the explorer is swapped in
        box = readout.bounding_box()
        view = page.viewport_size
        page.screenshot(path=str(ARTIFACTS / f"projector-{screen}-{choice[0]}.png"))
        assert page.evaluate("window.scrollY") == 0
        assert box["y"] >= 0 and box["y"] + box["height"] <= view["height"], (choice, box, view)
        assert box["x"] >= 0 and box["x"] + box["width"] <= view["width"] + 1, (choice, box, view)
        assert len(readout.inner_text().strip()) > 40  # a readout with words in it, not an empty box
        # readable from the back: each picture's tick labels at least 16 px high on the screen
        scales = page.evaluate("""() => [...document.querySelectorAll('img.explorer-panel')].filter(i => i.offsetParent)
            .map(i => Math.min(i.clientWidth / i.naturalWidth, i.clientHeight / i.naturalHeight) * devicePixelRatio)""")
        assert len(scales) == pictures
        assert min(scales) * TICK_PX >= 16, (choice, [round(scale * TICK_PX, 1) for scale in scales])
    context.close()
