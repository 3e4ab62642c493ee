"""`make handouts`: the notebooks without solutions, still running top to bottom, every check unanswered."""

import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))


@pytest.fixture(scope="module")
def handouts(tmp_path_factory):
    out = tmp_path_factory.mktemp("handouts")
    subprocess.run([sys.executable, str(ROOT / "tools" / "make_handouts.py"), str(out)], check=True,
                   capture_output=True)
    return out


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_handout_has_no_solution_and_runs_with_every_check_unanswered(handouts, path):
    nb = nbformat.read(handouts / path.name, as_version=4)
    original = nbformat.read(path, as_version=4)
    solutions = [c.source for c in original.cells if "<details>" in c.source]
    assert solutions, "the original has solutions to remove"
    text = "\n".join(c.source for c in nb.cells)
    assert "<details>" not in text and "Show a solution" not in text
    rest = "\n".join(c.source for c in original.cells if "<details>" not in c.source)
    for solution in solutions:  # no line of a solution's code is left, unless the notebook itself shows it
        for line in solution.splitlines():
            if line.startswith("    ") and len(line.strip()) > 25 and line.strip() not in rest:
                assert line.strip() not in text, line
    # everything else is kept, in order
    assert len(nb.cells) == len(original.cells) - len(solutions)
    assert [c.cell_type for c in nb.cells] == [c.cell_type for c in original.cells if "<details>" not in c.source]
    NotebookClient(nb, kernel_name="python3", timeout=120, resources={"metadata": {"path": str(ROOT / "notebooks")}}
                   ).execute()
    checks = [c for c in nb.cells if c.cell_type == "code" and c.source.startswith("helpers.check_")]
    assert len(checks) >= 2
    for cell in checks:
        said = "".join(o.get("data", {}).get("text/plain", "") for o in cell.outputs)
        assert said.startswith("✎ not answered yet"), said
