"""Readable without a kernel: an nbconvert HTML copy of each stored notebook, opened offline, shows its explorer."""

from pathlib import Path

import nbformat
import pytest
from nbconvert import HTMLExporter

from tools.browser.labserver import ARTIFACTS

NOTEBOOKS = sorted((Path(__file__).resolve().parents[2] / "notebooks").glob("*.ipynb"))


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_html_copy_shows_the_explorer_offline(browser, path, tmp_path):
    nb = nbformat.read(path, as_version=4)
    explorer_cells = [c for c in nb.cells if c.cell_type == "code" and "Explorer(" in c.source]
    assert explorer_cells, "every notebook has an explorer"
    for cell in explorer_cells:  # the stored output carries the picture beside the live widget
        data = cell.outputs[0]["data"]
        assert {"application/vnd.jupyter.widget-view+json", "image/png", "text/plain"} <= set(data)
    html, _ = HTMLExporter(template_name="lab").from_notebook_node(nb)
    page_file = tmp_path / f"{path.stem}.html"
    page_file.write_text(html, encoding="utf-8")

    context = browser.new_context(viewport={"width": 1200, "height": 1000}, offline=True)
    page = context.new_page()
    page.route("http*://**", lambda route: route.abort())  # no network at all: only the file itself
    page.goto(page_file.as_uri())
    cell = page.locator(".jp-Cell", has_text="Explorer(").first
    picture = cell.locator(".jp-OutputArea-output img").first
    picture.scroll_into_view_if_needed()
    size = picture.evaluate("img => [img.complete, img.naturalWidth, img.naturalHeight]")
    assert size[0] and size[1] >= 600 and size[2] >= 300, f"the explorer's picture did not load: {size}"
    assert "live sliders" not in cell.locator(".jp-OutputArea").inner_text()  # the picture, not the text, shows
    cell.screenshot(path=str(ARTIFACTS / f"static-{path.stem}.png"))
    context.close()
