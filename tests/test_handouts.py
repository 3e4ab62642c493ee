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
    # stored clean: no execution numbers from the run that made the outputs (which stay, to read before running)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert all(c.execution_count is None for c in code)
    assert all(o.get("execution_count") is None for c in code for o in c.outputs)
    assert any(c.outputs for c in code)
    original = nbformat.read(path, as_version=4)
    solutions = [c.source for c in original.cells if "<summary>Show a solution" in c.source]
    assert solutions, "the original has solutions to remove"
    text = "\n".join(c.source for c in nb.cells)
    assert "Show a solution" not in text
    hints = [c.source for c in original.cells if c.source.startswith("<details><summary>Hint 1")]
    assert len(hints) == len(solutions) and all(hint in text for hint in hints)  # every exercise keeps its hints
    rest = "\n".join(c.source for c in original.cells if "<summary>Show a solution" not in c.source)
    for solution in solutions:  # no line of a solution's code is left, unless the notebook itself shows it
        for line in solution.splitlines():
            if line.startswith("    ") and len(line.strip()) > 25 and line.strip() not in rest:
                assert line.strip() not in text, line
    # everything else is kept, in order
    assert len(nb.cells) == len(original.cells) - len(solutions)
    assert [c.cell_type for c in nb.cells] == [c.cell_type for c in original.cells
                                               if "<summary>Show a solution" not in c.source]
    NotebookClient(nb, kernel_name="python3", timeout=120, resources={"metadata": {"path": str(ROOT / "notebooks")}}
                   ).execute()
    checks = [c for c in nb.cells if c.cell_type == "code" and "\nhelpers.check_" in c.source]
    assert len(checks) >= 2
    for cell in checks:
        said = "".join(o.get("data", {}).get("text/plain", "") for o in cell.outputs)
        assert said.startswith("✎ not answered yet"), said


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_each_exercise_checks_before_the_first_cell_has_run(path):
    """In class the handouts' exercises are done in pairs, often without the notebook's first cell run: each stub
    and its check, alone in a fresh kernel, give the check's answer, not a NameError."""
    original = nbformat.read(path, as_version=4)
    cells = original.cells
    pairs = [(cells[i - 1], cell) for i, cell in enumerate(cells) if cell.cell_type == "code"
             and "\nhelpers.check_" in cell.source]
    assert len(pairs) >= 2
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(c.source) for pair in pairs for c in pair]
    NotebookClient(nb, kernel_name="python3", timeout=120, resources={"metadata": {"path": str(ROOT / "notebooks")}}
                   ).execute()
    for cell in nb.cells[1::2]:
        said = "".join(o.get("data", {}).get("text/plain", "") for o in cell.outputs)
        # the check's answer, or (exercise 4.2's stub makes tensors with torch) the cell to run, in one line
        assert said.startswith("✎ not answered yet") or (
            "name 'torch' is not defined" in said and "first code cell: run that cell" in said), said


def test_a_name_from_the_first_cell_that_has_not_run_is_named():
    """A learner's function that uses mse before the first cell ran: the check says which cell to run."""
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell("def my_mse(y_pred, y):\n    return mse(y_pred, y)"),
                nbformat.v4.new_code_cell("import helpers\nhelpers.check_mse(my_mse)")]
    NotebookClient(nb, kernel_name="python3", timeout=120, resources={"metadata": {"path": str(ROOT / "notebooks")}}
                   ).execute()
    said = "".join(o.get("data", {}).get("text/plain", "") for o in nb.cells[1].outputs)
    assert "NameError: name 'mse' is not defined" in said and "first code cell: run that cell" in said, said
