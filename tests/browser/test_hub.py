"""`make hub`'s JupyterHub with a learner in Chromium: log in, open notebook 3 in their own server, run it, drag the
explorer; afterwards no process the hub started is left running."""

import pytest

from tests.browser.test_lab import run_notebook
from tools.browser.labserver import ARTIFACTS
from tools.hub import running_hub


def test_a_learner_on_the_hub_runs_notebook_3_and_drags_its_explorer(browser):
    with running_hub(log_path=ARTIFACTS / "jupyterhub.log") as hub:
        context = browser.new_context(viewport={"width": 1400, "height": 1500})
        page = context.new_page()
        page.set_default_timeout(90_000)
        page.goto(f"{hub.url}/hub/login")
        page.fill("input[name=username]", "ada")
        page.fill("input[name=password]", hub.password)
        page.click("input[type=submit], button[type=submit]")
        page.wait_for_url("**/user/ada/lab/**")  # the hub started ada's server and sent her there
        e = run_notebook(page, hub.lab_of("ada"), "03_training_one_parameter.ipynb")
        e.drag("learning rate", 0.0)  # the bottom of the slider: 0.001, smooth and slow
        assert e.number("learning rate", 0.001, rel=1e-6) == pytest.approx(0.001)
        assert "smooth" in e.wait_readout("learning rate 0.001 ")
        page.screenshot(path=str(ARTIFACTS / "hub-learner-notebook-3.png"))
        context.close()
        started = hub.processes()
        commands = [" ".join(p.cmdline()) for p in started]
        assert any("configurable-http-proxy" in c for c in commands), commands
        assert any("jupyterhub-singleuser" in c for c in commands), commands
        assert any("ipykernel" in c for c in commands), commands
    assert [p.pid for p in started if p.is_running() and p.status() != "zombie"] == []
