"""Browser latency: from a key press on a slider to the new picture shown, per explorer.

Starts a private JupyterLab (tools/browser/labserver.py) and Debian's Chromium, runs each
notebook, then presses ArrowRight/ArrowLeft on one slider of its explorer 40 times. The time is
measured in the page: from the keydown event to the moment every picture the change redraws has
its new PNG decoded. Prints `browser <explorer> p50=<ms> p95=<ms>`.
"""

import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tools.browser import jlab  # noqa: E402
from tools.browser.labserver import CHROMIUM, chromium, running_lab  # noqa: E402

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


def main():
    if not Path(CHROMIUM).exists():
        print(f"browser benchmark skipped: no Chromium at {CHROMIUM} (apt-get install chromium)")
        return
    with running_lab() as lab, chromium() as browser:
        for name, notebook, slider in CASES:
            page = browser.new_page(viewport={"width": 1400, "height": 1500})
            page.console_errors = []
            jlab.open_notebook(page, lab, notebook)
            jlab.run_all(page)
            explorer = jlab.Explorer(page)
            page.evaluate(MEASURE, explorer.root.element_handle())
            handle = explorer.slider(slider).locator(".noUi-handle")
            handle.focus()
            for i in range(PRESSES):
                page.keyboard.press("ArrowRight" if i % 2 == 0 else "ArrowLeft")
                page.wait_for_function(f"window.__latency.length > {i}", timeout=20_000)
            times = page.evaluate("window.__latency")
            print(f"browser {name} p50={np.percentile(times, 50):.1f} p95={np.percentile(times, 95):.1f}"
                  f"  ({len(times)} presses on '{slider}')")
            page.close()
            lab.shutdown_kernels()


if __name__ == "__main__":
    main()
