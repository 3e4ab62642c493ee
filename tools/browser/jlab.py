"""Drive JupyterLab and the explorers in a browser page as a person would."""

import re

ACTIVE = ".jp-NotebookPanel:not(.lm-mod-hidden)"

# Console messages JupyterLab itself may print that say nothing about the notebooks or their widgets.
CONSOLE_ALLOW = [
    # JupyterLab's debugger extension asks a kernel for its debug state; a kernel shut down cancels that request.
    re.compile(r"^Could not restore the debugger state: Canceled future for debug_request"),
    # Notebook 7.6.5's settings loader throws this on every page load, before any notebook code runs
    # (seen without any settings overrides too); it is not about the series or its widgets.
    re.compile(r"^page error: Cannot read properties of undefined \(reading 'schema'\)$"),
]


def open_notebook(page, lab, name, ui="lab"):
    """Open a notebook in JupyterLab (ui='lab') or Notebook 7 (ui='notebook'); wait for an idle kernel."""
    path = f"/lab/tree/{name}?reset" if ui == "lab" else f"/notebooks/{name}"
    page.goto(lab.page_url(path))
    page.wait_for_selector(f"{ACTIVE} .jp-CodeCell" if ui == "lab" else ".jp-NotebookPanel .jp-CodeCell")
    wait_kernel_idle(page)


def wait_kernel_idle(page, timeout=60_000):
    """Wait until the notebook's kernel is connected and idle (its status before it connects can read idle too)."""
    page.wait_for_function(
        """() => {
            const widget = window.jupyterapp && window.jupyterapp.shell.currentWidget;
            const kernel = widget && widget.sessionContext && widget.sessionContext.session
                && widget.sessionContext.session.kernel;
            return !!kernel && kernel.connectionStatus === 'connected' && kernel.status === 'idle';
        }""", timeout=timeout, polling=100)


def run_all(page, timeout=90_000):
    """Run > Run All Cells on a fresh kernel, and wait until every code cell has run and the kernel is idle."""
    page.click(".lm-MenuBar-itemLabel:text-is('Run')")
    page.click(".lm-Menu-itemLabel:text-is('Run All Cells')")
    _wait_all_run(page, timeout)


def restart_and_run_all(page, timeout=90_000):
    """Kernel > Restart Kernel and Run All Cells…, confirmed; wait until every code cell has run again and the
    kernel is idle. Returns the seconds from the confirming click to then."""
    import time

    page.click(".lm-MenuBar-itemLabel:text-is('Kernel')")
    page.click(".lm-Menu-itemLabel:text-is('Restart Kernel and Run All Cells…')")
    confirm = page.locator(".jp-Dialog button:has-text('Restart')")
    confirm.wait_for()
    began = time.perf_counter()
    confirm.click()
    _wait_all_run(page, timeout)
    return time.perf_counter() - began


def _wait_all_run(page, timeout):
    """Wait until a run of every cell has started (a prompt shows *), then until every code cell shows its
    execution count and the kernel is idle."""
    page.wait_for_function(
        "() => [...document.querySelectorAll('.jp-CodeCell .jp-InputPrompt')].some(e => e.textContent.includes('*'))",
        timeout=timeout)
    page.wait_for_function(
        """() => {
            const p = [...document.querySelectorAll('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-CodeCell .jp-InputPrompt')]
                .map(e => e.textContent);
            return p.length > 0 && p.every(t => /\\[\\d+\\]/.test(t));
        }""", timeout=timeout)
    wait_kernel_idle(page, timeout)


def prompts(page):
    """The execution counts shown in the active notebook, in order."""
    texts = page.locator(f"{ACTIVE} .jp-CodeCell .jp-InputPrompt").all_text_contents()
    return [int(m.group(1)) for t in texts if (m := re.search(r"\[(\d+)\]", t))]


def error_outputs(page):
    """Texts of error or stderr outputs in the active notebook."""
    return page.locator(f"{ACTIVE} [data-mime-type='application/vnd.jupyter.stderr']").all_text_contents()


def console_problems(page):
    """Console errors that are not on the allow-list."""
    return [m for m in page.console_errors if not any(p.search(m) for p in CONSOLE_ALLOW)]


class Explorer:
    """The explorer in the active notebook (or in the page part ``within`` selects): its sliders, buttons,
    pictures and readout."""

    def __init__(self, page, within=ACTIVE):
        self.page = page
        self.root = page.locator(f"{within} .jp-OutputArea-output:has(.explorer-readout)").first
        self.root.locator(".explorer-panel").first.wait_for()
        self.root.scroll_into_view_if_needed()

    def slider(self, label):
        return self.root.locator(".widget-slider", has=self.page.locator(f"label.widget-label:text-is('{label}')"))

    def box(self, label):
        """The number box beside the slider (the explorers' named, typeable twin of a slider), if it has one;
        for the learning rate, its 'exact value' box."""
        if label == "learning rate":
            return self.root.locator(".widget-text", has=self.page.locator("label:text-is('exact value')")).locator("input")
        return self.slider(label).locator("xpath=following-sibling::*[contains(@class, 'value-box')][1]//input")

    def value(self, label):
        """The slider's value as the box beside it (or else its own readout) shows it."""
        box = self.box(label)
        if box.count():
            return box.input_value()
        text = self.slider(label).locator(".widget-readout").inner_text().strip()
        return text.replace("\u2212", "-")  # ipywidgets shows a typographic minus sign

    def number(self, label, expected, rel=1e-9, timeout=20):
        """The slider's value as a number, once its box shows ``expected`` (within ``rel``), or as it stands after
        ``timeout`` s: the box may be updated a moment after the readout and the pictures, on a busy machine."""
        import time

        deadline = time.monotonic() + timeout
        while True:
            value = float(self.value(label))
            if abs(value - expected) <= rel * abs(expected) + 1e-12 or time.monotonic() > deadline:
                return value
            time.sleep(0.1)

    def value_other_than(self, label, before, timeout=20):
        """The slider's value once its box shows something other than ``before``, or as it stands after ``timeout``
        s (the box may be updated a moment after the readout and the pictures, on a busy machine)."""
        import time

        deadline = time.monotonic() + timeout
        while (value := self.value(label)) == before and time.monotonic() < deadline:
            time.sleep(0.1)
        return value

    def readout(self):
        return self.root.locator(".explorer-readout").inner_text()

    def pictures(self):
        return [img.get_attribute("src") for img in self.root.locator("img.explorer-panel").all()]

    def _shown(self):
        """Each picture as the page shows it: its address and its title (the description sent with it). A top
        picture sent as a data: URL keeps its address when it is drawn the same: then its title tells the change."""
        return self.root.locator("img.explorer-panel").evaluate_all("imgs => imgs.map(i => i.src + '\\n' + i.title)")

    def _changed(self, before_text, before_pictures, expect):
        """Wait until the readout text and at least one picture (or its title) differ from before,
        and the readout contains ``expect`` (when given)."""
        from playwright.sync_api import TimeoutError as PlaywrightTimeout

        try:
            self.page.wait_for_function(
                """([root, text, pics, expect]) => {
                    const now = root.querySelector('.explorer-readout').innerText;
                    const srcs = [...root.querySelectorAll('img.explorer-panel')].map(i => i.src + '\\n' + i.title);
                    return now !== text && srcs.some((s, i) => s !== pics[i]) && (!expect || now.includes(expect));
                }""", arg=[self.root.element_handle(), before_text, before_pictures, expect], timeout=20_000)
        except PlaywrightTimeout:
            raise AssertionError(
                f"the explorer did not respond within 20 s (expected a new readout and picture"
                f"{f' containing {expect!r}' if expect else ''}); readout now:\n{self.readout()}") from None

    def act(self, action, expect=None):
        """Run ``action``; wait until the readout and the picture have changed (and the readout shows ``expect``)."""
        text, pics = self.readout(), self._shown()
        action()
        self._changed(text, pics, expect)
        return self.readout()

    def settle(self, quiet_ms=800, timeout=20_000):
        """Wait until the readout and the pictures have stayed the same for ``quiet_ms`` (after input whose
        effect, if any, is not known in advance: a change still on its way would otherwise land later)."""
        self.page.wait_for_function(
            """([root, quiet]) => {
                const now = root.querySelector('.explorer-readout').innerText
                    + [...root.querySelectorAll('img.explorer-panel')].map(i => i.src).join('');
                const seen = window.__explorerSettle;
                if (!seen || seen.state !== now) { window.__explorerSettle = {state: now, since: Date.now()}; return false; }
                return Date.now() - seen.since >= quiet;
            }""", arg=[self.root.element_handle(), quiet_ms], timeout=timeout, polling=100)
        self.page.evaluate("() => { delete window.__explorerSettle; }")

    def wait_readout(self, expect):
        """Wait until the readout contains ``expect`` (after a drag, the last of several updates); return it."""
        self.page.wait_for_function(
            "([root, expect]) => root.querySelector('.explorer-readout').innerText.includes(expect)",
            arg=[self.root.element_handle(), expect], timeout=20_000)
        return self.readout()

    def press(self, label, key="ArrowRight", times=1, expect=None):
        """Focus the slider's handle and press a key, as a keyboard user would."""
        handle = self.slider(label).locator(".noUi-handle")

        def action():
            handle.focus()
            for _ in range(times):
                self.page.keyboard.press(key)
        return self.act(action, expect)

    def drag(self, label, fraction):
        """Drag the slider's handle with the mouse to ``fraction`` (0..1) of its track."""
        slider = self.slider(label)

        def action():
            # measured just before the drag, in view: output still arriving above can move the page
            slider.scroll_into_view_if_needed()
            handle = slider.locator(".noUi-handle").bounding_box()
            track = slider.locator(".noUi-base").bounding_box()
            mouse = self.page.mouse
            mouse.move(handle["x"] + handle["width"] / 2, handle["y"] + handle["height"] / 2)
            mouse.down()
            target = track["x"] + fraction * track["width"]
            mouse.move(target, handle["y"] + handle["height"] / 2, steps=8)
            mouse.up()
        self.act(action)
        return self.settled(label)

    def settled(self, label, quiet_ms=800, timeout=30):
        """Wait until the slider's value and the readout have not changed for ``quiet_ms`` (a drag sends several
        values, which the kernel answers one after another); return the readout."""
        import time

        deadline, last, since = time.monotonic() + timeout, None, time.monotonic()
        while time.monotonic() < deadline:
            now = (self.value(label), self.readout())
            if now != last:
                last, since = now, time.monotonic()
            elif time.monotonic() - since >= quiet_ms / 1000:
                return now[1]
            time.sleep(0.1)
        raise TimeoutError(f"the {label} slider and the readout kept changing for {timeout} s")

    def type(self, label, text):
        """Type a value into the number box beside the slider (or its readout) and press Enter."""
        return self.act(lambda: self.type_only(label, text))

    def type_only(self, label, text):
        """Type into the slider's value box and press Enter, without waiting for any change
        (for input the explorer should ignore or clamp)."""
        box = self.box(label)
        if not box.count():
            box = self.slider(label).locator(".widget-readout")
        box.click()
        self.page.keyboard.press("Control+A")
        self.page.keyboard.type(text)
        self.page.keyboard.press("Enter")
        self.settle()  # whatever the explorer makes of it has arrived before the next step

    def type_exact_lr(self, text):
        """Type an exact learning rate into the 'exact value' box."""
        box = self.root.locator(".widget-text", has=self.page.locator("label:text-is('exact value')")).locator("input")

        def action():
            box.fill(text)
            box.press("Enter")
        return self.act(action)

    def picture_point(self, index, xy):
        """Where on the page pixel ``xy`` of picture ``index`` (the ``img.explorer-panel`` elements in page order)
        is shown: ``xy`` counts the picture's own pixels from its top left corner, as matplotlib draws it; the
        page may show it at any size, centred in its element when that is wider or taller (``object-fit:
        contain``)."""
        img = self.root.locator("img.explorer-panel").nth(index)
        img.scroll_into_view_if_needed()
        x, y, width, height, natural_w, natural_h = img.evaluate(
            "i => { const r = i.getBoundingClientRect(); return [r.x, r.y, r.width, r.height, i.naturalWidth, "
            "i.naturalHeight]; }")
        scale = min(width / natural_w, height / natural_h)
        return x + (width - natural_w * scale) / 2 + xy[0] * scale, y + (height - natural_h * scale) / 2 + xy[1] * scale

    def click_picture(self, index, xy, expect=None):
        """Click picture ``index`` at its pixel ``xy`` (see ``picture_point``); wait for the new readout and picture."""
        return self.act(lambda: self.page.mouse.click(*self.picture_point(index, xy)), expect)

    def preset(self, name, expect=None):
        """Press a preset button."""
        return self.act(lambda: self.root.locator(f"button:not(.widget-toggle-button):text-is('{name}')").click(),
                        expect)

    def choose(self, option, expect=None):
        """Click one of the toggle buttons (notebook 4's method buttons)."""
        return self.act(lambda: self.root.locator(f"button.widget-toggle-button:text-is('{option}')").click(),
                        expect)

    def tick(self, label, expect=None):
        """Click a checkbox by its label."""
        box = self.root.locator(".widget-checkbox", has=self.page.locator(f"text={label}")).locator("input")
        return self.act(lambda: box.click(), expect)


def code_cell(page, containing):
    """The first code cell of the active notebook whose source contains ``containing``."""
    return page.locator(f"{ACTIVE} .jp-CodeCell", has=page.locator(".cm-content", has_text=containing)).first


def answer_exercise(page, stub_text, check_text, code):
    """Type ``code`` into the stub cell, run it and the check below it, as a learner would; return the feedback."""
    stub = code_cell(page, stub_text)
    stub.locator(".cm-content").click()
    page.keyboard.press("Control+A")
    page.keyboard.insert_text(code)
    page.keyboard.press("Shift+Enter")  # runs the stub and selects the check cell
    check = code_cell(page, check_text)
    before = check.locator(".jp-InputPrompt").inner_text()
    page.keyboard.press("Shift+Enter")  # runs the check
    page.wait_for_function(
        "([cell, before]) => { const p = cell.querySelector('.jp-InputPrompt').textContent;"
        " return p !== before && /\\[\\d+\\]/.test(p); }", arg=[check.element_handle(), before])
    return check.locator(".jp-OutputArea-output").inner_text()
