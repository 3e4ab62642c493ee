"""The set-up is `pip install -r requirements.txt` from the root, as VS Code, Binder and hubs do it."""

import os
import re
from importlib import metadata
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parent.parent


def test_requirements_install_the_series_itself_and_make_installs_exactly_that():
    lines = [l.strip() for l in (ROOT / "requirements.txt").read_text(encoding="utf-8").splitlines()]
    assert "-e ." in lines, "requirements.txt must install the series itself (helpers, course)"
    assert any(l.startswith("torch==") for l in lines), "torch must stay pinned"
    recipe = (ROOT / "Makefile").read_text(encoding="utf-8").split("$(STAMP):", 1)[1].split("\n\n", 1)[0]
    installs = [l for l in recipe.splitlines() if "pip install" in l]
    assert len(installs) == 1 and re.search(r"pip install (--quiet )?-r requirements\.txt$", installs[0]), installs


TEST_TOOLS = {"playwright", "axe-playwright-python", "hypothesis"}


def pins(path):
    """The package names a requirements file pins, in order (its other lines: comments, -r, -e)."""
    lines = [l.split("#")[0].strip() for l in path.read_text(encoding="utf-8").splitlines()]
    return [canonicalize_name(l.split("==")[0]) for l in lines if "==" in l]


def test_the_test_tools_are_apart_and_make_test_adds_them():
    assert not TEST_TOOLS & set(pins(ROOT / "requirements.txt")), "the test tools belong in requirements-dev.txt"
    dev = ROOT / "requirements-dev.txt"
    assert dev.read_text(encoding="utf-8").count("-r requirements.txt") == 1
    assert TEST_TOOLS <= set(pins(dev))
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    recipe = makefile.split("$(DEV_STAMP):", 1)[1].split("\n\n", 1)[0]
    assert re.search(r"pip install (--quiet )?-r requirements-dev\.txt$", recipe.splitlines()[1])
    for target in ("test", "bench"):
        assert re.search(rf"^{target}: \$\(DEV_STAMP\)$", makefile, re.M), f"make {target} needs the test tools"


def test_a_learners_install_pulls_in_no_test_tool():
    """Not even as a dependency of a dependency: the closure of what requirements.txt names, read from the
    installed packages' metadata."""
    todo, seen = pins(ROOT / "requirements.txt") + ["linreg-pytorch-series"], set()
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        for text in metadata.requires(name) or []:
            requirement = Requirement(text)
            if requirement.marker is None or requirement.marker.evaluate({"extra": ""}):
                todo.append(canonicalize_name(requirement.name))
    assert len(seen) > 50  # the closure was really followed (torch, jupyterlab, ... and theirs)
    assert not TEST_TOOLS & seen, sorted(TEST_TOOLS & seen)


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
