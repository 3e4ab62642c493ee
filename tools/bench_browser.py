"""Browser latency: from a key press on a slider to the new picture shown, per explorer.

Starts a private JupyterLab (tools/browser/labserver.py) and Debian's Chromium, runs each
notebook, then presses ArrowRight/ArrowLeft on one slider of its explorer 40 times. The time is
measured in the page: from the keydown event to the moment every picture the change redraws has
its new PNG decoded. Prints `browser <explorer> p50=<ms> p95=<ms>`, and the processor time all of Chromium's
processes spent per press (on a hub's machine shared with the browser, as in `make loadtest`, that competes
with the kernels); per notebook, the time Kernel > Restart
Kernel and Run All Cells takes in the open notebook until every cell has run (kernel restart included), and
the time of the first Run All with and without opening the notebook and starting its kernel; the round
trip of a kernel_info request from the page (what any message to the kernel and back costs at least);
for each clickable picture (notebook 2's and 3's loss curves, notebook 4's contour map), from a click on it to
every picture's new PNG decoded (`browser <explorer> click p50=… p95=…`, 20 clicks at two data points in turn);
and, for the training explorers, how many pictures a one-second drag of the learning-rate handle
shows and how long after release the last one arrives. It drags three ways, five times each, and prints the
median and the range. Two drags move Playwright's mouse: each move waits until the page has handled the one
before, so the count is also bounded by how fast the page handles a move (the bench prints how many moves the
page handled: a drag cannot show more pictures than that); once with a 15 ms pause after each move, once
with the moves back to back. The third makes the moves in the page itself, one per animation frame, as the
browser hands a hand's moves to a page, without a round trip to Playwright (whose driver shares the two
cores) between them. Last, the same drags in presenter mode (`make present`, Voila), whose page holds the
explorers alone.

The notebook opens with JupyterLab's own windowing setting, as `make lab` opens it for a learner
("contentVisibility": cells out of view are not drawn); `--windowing none` measures the heavier page
the browser tests use, with every cell drawn.
"""

import argparse
import contextlib
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tools.browser import jlab  # noqa: E402
from tools.browser.labserver import CHROMIUM, chromium, running_lab, running_voila  # noqa: E402

CASES = [("data", "01_preparing_data.ipynb", "slope"), ("loss", "02_model_and_loss.ipynb", "w (slope)"),
         ("train-w", "03_training_one_parameter.ipynb", "learning rate"),
         ("train-wb", "04_training_two_parameters.ipynb", "learning rate")]
PRESSES = 40

MEASURE = """(root) => {
    window.__latency = [];
    const images = [...root.querySelectorAll('img.explorer-panel')];
    let start = null, pending = null;
    root.addEventListener('keydown', () => { start = performance.now(); pending = new Set(images); }, true);
    const observer = new MutationObserver(mutations => {
        for (const m of mutations) {
            const img = m.target;
            if (!pending || !pending.has(img)) continue;
            img.decode().then(() => {
                if (!pending) return;
                pending.delete(img);
                if (pending.size === 0) { window.__latency.push(performance.now() - start); pending = null; }
            });
        }
    });
    images.forEach(i => observer.observe(i, {attributes: true, attributeFilter: ['src']}));
}"""


# The same from a click on a picture (a pointerdown in the capture phase) to every picture's new PNG decoded.
MEASURE_CLICKS = MEASURE.replace("window.__latency", "window.__clicks").replace("'keydown'", "'pointerdown'")
CLICKS = 20  # clicks per clickable explorer, alternating between two points
# the clickable picture of each explorer: its place among img.explorer-panel, and two data points to click
CLICK_POINTS = {"loss": [(-7.3, 150.0), (-3.1, 150.0)], "train-w": [(-3.0, 300.0), (-8.0, 300.0)],
                "train-wb": [(-7.0, 5.0), (-2.0, -5.0)]}


def chromium_cpu():
    """Seconds of processor time used so far by the Chromium processes this program started (a browser's work
    for a key press: its scripts, style, layout, paint and raster), for the figures a key press costs here."""
    import psutil

    used = 0.0
    for p in psutil.Process().children(recursive=True):
        with contextlib.suppress(psutil.Error):
            if "chrom" in p.name().lower():
                times = p.cpu_times()
                used += times.user + times.system
    return used


def clicks(page, explorer, name):
    """Click the explorer's clickable picture ``CLICKS`` times at two data points in turn; print p50 and p95 of
    the time from the click to every picture's new PNG decoded."""
    from tests.browser.clicks import CLICKS as PICTURES, PANEL, picture_pixel

    index, make, _ = PICTURES[name]
    ax = make().panels[PANEL[name]].ax
    points = [explorer.picture_point(index, picture_pixel(ax, *p)) for p in CLICK_POINTS[name]]
    page.evaluate(MEASURE_CLICKS, explorer.root.element_handle())
    for i in range(CLICKS):
        page.mouse.click(*points[i % 2])
        page.wait_for_function(f"window.__clicks.length > {i}", timeout=20_000)
    times = page.evaluate("window.__clicks")
    print(f"browser {name} click p50={np.percentile(times, 50):.1f} p95={np.percentile(times, 95):.1f}"
          f"  ({len(times)} clicks on its picture, click to every new picture shown)")


# A message to the kernel and its answer, timed in the page: the floor under every slider change.
ROUND_TRIP = """async () => {
    const kernel = jupyterapp.shell.currentWidget.sessionContext.session.kernel;
    const times = [];
    for (let i = 0; i < 20; i++) {
        const start = performance.now();
        await kernel.requestKernelInfo();
        times.push(performance.now() - start);
    }
    return times;
}"""


# Counts the pictures one panel shows, with their times, while a handle is dragged.
WATCH = """(root) => {
    window.__shown = [];
    window.__moves = 0;
    const img = root.querySelector('img.explorer-panel');
    if (window.__watch) window.__watch.disconnect();  // one observer: a second drag must not count twice
    if (!window.__counting) {  // the pointer moves the page handled: no drag can show more pictures than that
        window.__counting = true;
        document.addEventListener('pointermove', () => window.__moves++, true);
    }
    window.__watch = new MutationObserver(() => img.decode().then(() => window.__shown.push(performance.now())));
    window.__watch.observe(img, {attributes: true, attributeFilter: ['src']});
}"""


def drag_for_one_second(page, explorer, slider, pause_ms=15):
    """Drag ``slider``'s handle across most of its track in one second, pausing ``pause_ms`` after each move;
    return (pictures during the drag, ms from release to the last picture, ms the drag lasted, pointer moves
    the page handled)."""
    page.evaluate(WATCH, explorer.root.element_handle())
    handle = explorer.slider(slider).locator(".noUi-handle").bounding_box()
    track = explorer.slider(slider).locator(".noUi-base").bounding_box()
    y = handle["y"] + handle["height"] / 2
    mouse = page.mouse
    mouse.move(handle["x"] + handle["width"] / 2, y)
    mouse.down()
    start = page.evaluate("performance.now()")
    began = time.perf_counter()
    while (elapsed := time.perf_counter() - began) < 1.0:  # the handle moves steadily for one second
        mouse.move(track["x"] + track["width"] * (0.1 + 0.8 * elapsed), y)
        if pause_ms:
            page.wait_for_timeout(pause_ms)
    released = page.evaluate("performance.now()")
    mouse.up()
    return (*_pictures_shown(page, start, released), page.evaluate("window.__moves"))


def _pictures_shown(page, start, released):
    """After a drag from ``start`` to ``released`` (page times): (pictures shown during it, ms from release to the
    last picture, 0 when it had arrived before the release, ms the drag lasted)."""
    page.wait_for_timeout(2000)  # long enough for every update the drag queued to arrive
    shown = page.evaluate("window.__shown")
    during = [t for t in shown if start <= t <= released]
    return len(during), max([t - released for t in shown] + [0.0]), released - start


# Moves made in the page itself: the handle follows the same path, one mouse move per animation frame (as the
# browser hands a hand's moves to the page: at most one per frame, the rest merged), with no round trip to
# Playwright between moves. Returns the same four numbers as drag_for_one_second.
IN_PAGE = """async ([handle, track]) => {
    const h = handle.getBoundingClientRect(), t = track.getBoundingClientRect();
    const y = h.top + h.height / 2;
    const event = (type, x, buttons) => new MouseEvent(type, {bubbles: true, cancelable: true, view: window,
                                                              clientX: x, clientY: y, button: 0, buttons});
    handle.dispatchEvent(event('mousedown', h.left + h.width / 2, 1));
    const start = performance.now();
    let moves = 0;
    await new Promise(done => {
        const step = now => {
            const elapsed = now - start;
            if (elapsed >= 1000) return done();
            const x = t.left + t.width * (0.1 + 0.8 * elapsed / 1000);  // the path drag_for_one_second takes
            document.documentElement.dispatchEvent(event('mousemove', x, 1));
            moves++;
            requestAnimationFrame(step);
        };
        requestAnimationFrame(step);
    });
    const released = performance.now();
    document.documentElement.dispatchEvent(event('mouseup', t.left + t.width * 0.9, 0));
    return [start, released, moves];
}"""


def drag_in_page(page, explorer, slider, _pause_ms=None):
    """The one-second drag of ``drag_for_one_second``, with the moves made by the page itself (``IN_PAGE``)."""
    page.evaluate(WATCH, explorer.root.element_handle())
    handle = explorer.slider(slider).locator(".noUi-handle").element_handle()
    track = explorer.slider(slider).locator(".noUi-base").element_handle()
    start, released, moves = page.evaluate(IN_PAGE, [handle, track])
    return (*_pictures_shown(page, start, released), moves)


DRAGS = ((drag_for_one_second, 15, "Playwright's mouse, 15 ms pause after each move"),
         (drag_for_one_second, 0, "Playwright's mouse, moves back to back"),
         (drag_in_page, None, "moves made in the page, one per animation frame, as a hand's moves reach it"))


DRAG_REPEATS = 5  # one drag varies by a few pictures from the next: the median of five, and the range


def drags(page, explorer, name, slider="learning rate"):
    """Print what each kind of one-second drag of ``slider`` shows, over ``DRAG_REPEATS`` drags."""
    for drag, pause, how in DRAGS:
        runs = [drag(page, explorer, slider, pause) for _ in range(DRAG_REPEATS)]
        pictures, last, held, moves = (np.array(column) for column in zip(*runs))
        print(f"browser {name} drag: {np.median(pictures):.0f} pictures (median of {len(runs)} drags of "
              f"{held.mean() / 1000:.1f} s: {', '.join(str(p) for p in pictures)}), last picture at most "
              f"{last.max():.0f} ms after release ({how}; the page handled {', '.join(str(m) for m in moves)} "
              f"pointer moves)")


def presenter_drags(browser):
    """The same drags in presenter mode (`make present`: Voila, the explorers alone on a lighter page)."""
    with running_voila() as url:
        page = browser.new_page(viewport={"width": 1600, "height": 1400})
        page.set_default_timeout(90_000)
        page.goto(url)
        explorer = jlab.Explorer(page, within="body")  # notebook 3's explorer comes first
        drags(page, explorer, "present train-w")
        page.locator("button:text-is('4 · training w and b')").click()
        page.locator("label.widget-label:text-is('initial b')").first.wait_for()
        explorer = jlab.Explorer(page, within="body")
        explorer.root = page.locator(".jp-OutputArea-output:has(.explorer-readout):visible").first
        drags(page, explorer, "present train-wb")
        page.close()


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--windowing", default=None, choices=["none", "full", "defer", "contentVisibility"],
                        help="the notebook's windowing mode (default: JupyterLab's own, as `make lab` opens it)")
    parser.add_argument("--only", nargs="*", help="explorers to measure, 'present' for presenter mode (default: all)")
    args = parser.parse_args(argv)
    if not Path(CHROMIUM).exists():
        print(f"browser benchmark skipped: no Chromium at {CHROMIUM} (apt-get install chromium)")
        return
    with running_lab(windowing=args.windowing) as lab, chromium() as browser:
        for name, notebook, slider in CASES:
            if args.only and name not in args.only:
                continue
            page = browser.new_page(viewport={"width": 1400, "height": 1500})
            page.console_errors = []
            opened = time.perf_counter()
            jlab.open_notebook(page, lab, notebook)  # starts the notebook's kernel
            began = time.perf_counter()
            jlab.run_all(page)
            explorer = jlab.Explorer(page)  # waits for the explorer's first picture
            run_all, with_start = time.perf_counter() - began, time.perf_counter() - opened
            restart = jlab.restart_and_run_all(page)  # as a learner does it, in the open notebook
            counts = jlab.prompts(page)
            assert counts == list(range(1, len(counts) + 1)), f"{notebook}: not every cell ran again: {counts}"
            explorer = jlab.Explorer(page)
            page.evaluate(MEASURE, explorer.root.element_handle())
            handle = explorer.slider(slider).locator(".noUi-handle")
            handle.focus()
            cpu_before = chromium_cpu()
            for i in range(PRESSES):
                page.keyboard.press("ArrowRight" if i % 2 == 0 else "ArrowLeft")
                page.wait_for_function(f"window.__latency.length > {i}", timeout=20_000)
            cpu_per_press = (chromium_cpu() - cpu_before) / PRESSES * 1000
            times = page.evaluate("window.__latency")
            trips = page.evaluate(ROUND_TRIP)
            print(f"browser {name} p50={np.percentile(times, 50):.1f} p95={np.percentile(times, 95):.1f}"
                  f"  ({len(times)} presses on '{slider}')")
            print(f"browser {name} chromium cpu per press={cpu_per_press:.0f} ms (all of Chromium's processes, "
                  "with Playwright's waits)")
            print(f"browser {name} kernel round trip p50={np.percentile(trips, 50):.1f} ms "
                  f"({len(trips)} kernel_info requests)")
            print(f"browser {notebook} restart-and-run-all={restart:.1f} s (Kernel > Restart Kernel and Run All "
                  f"Cells, from the confirming click until every cell has run and the kernel is idle)")
            print(f"browser {notebook} first run-all={run_all:.1f} s, with opening the notebook and starting its "
                  f"kernel {with_start:.1f} s")
            if name in CLICK_POINTS:
                clicks(page, explorer, name)
            if name.startswith("train"):
                drags(page, explorer, name, slider)
            page.close()
            lab.shutdown_kernels()
    if not args.only or any(name.startswith("present") for name in args.only):
        with chromium() as browser:
            presenter_drags(browser)


if __name__ == "__main__":
    main()
