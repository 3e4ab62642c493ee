"""The set-up is `pip install -r requirements.txt` from the root, as VS Code, Binder and hubs do it."""

import os
import re
from pathlib import Path

import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parent.parent


def test_requirements_install_the_series_itself_and_make_installs_exactly_that():
    lines = [l.strip() for l in (ROOT / "requirements.txt").read_text(encoding="utf-8").splitlines()]
    assert "-e ." in lines, "requirements.txt must install the series itself (helpers, course)"
    assert any(l.startswith("torch==") for l in lines), "torch must stay pinned"
    recipe = (ROOT / "Makefile").read_text(encoding="utf-8").split("$(STAMP):", 1)[1].split("\n\n", 1)[0]
    installs = [l for l in recipe.splitlines() if "pip install" in l]
    assert len(installs) == 1 and re.search(r"pip install (--quiet )?-r requirements\.txt$", installs[0]), installs


def test_a_kernel_started_in_notebooks_imports_helpers_with_nothing_added_to_sys_path():
    """What a user hits: the kernel's working directory is notebooks/, and no PYTHONPATH is set."""
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(
        "import os, sys\n"
        "print(os.getcwd())\n"
        "print(os.environ.get('PYTHONPATH', '-'))\n"
        "import helpers\n"
        "print(helpers.__file__)\n"
        "print(type(helpers.TrainingExplorer(*helpers.make_data()[:2])).__name__)")]
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    saved = os.environ.copy()
    os.environ.clear()
    os.environ.update(env)
    try:
        NotebookClient(nb, kernel_name="python3", timeout=120,
                       resources={"metadata": {"path": str(ROOT / "notebooks")}}).execute()
    finally:
        os.environ.clear()
        os.environ.update(saved)
    out = "".join(o.get("text", "") for o in nb.cells[0].outputs).splitlines()
    assert out[0] == str(ROOT / "notebooks") and out[1] == "-"
    assert Path(out[2]) == ROOT / "helpers.py" and out[3] == "TrainingExplorer"
