"""The solutions shown in the notebooks pass their own checks, run inside the notebooks themselves."""

import re
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

NOTEBOOKS = sorted((Path(__file__).parent.parent / "notebooks").glob("*.ipynb"))


def with_solutions(nb):
    """A copy of the notebook whose exercise stubs hold the solutions; returns it and the check cells."""
    nb = nbformat.from_dict(nb)
    checks = []
    for i, cell in enumerate(nb.cells):
        if cell.cell_type != "markdown" or "<summary>Show a solution" not in cell.source:
            continue
        above = i - 1 if nb.cells[i - 1].source.startswith("<details><summary>Hint") else i  # the hints between
        stub, check = nb.cells[above - 2], nb.cells[above - 1]
        assert stub.cell_type == check.cell_type == "code" and "helpers.check_" in check.source
        code = re.search(r"```python\n(.*?)```", cell.source, re.S)
        if code:
            stub.source = code.group(1)
        else:  # a choice: the solution opens with the answer in bold
            answer = re.search(r"\*\*(\w+)\*\*", cell.source).group(1)
            stub.source = re.sub(r"= None", f"= {answer!r}", stub.source)
        checks.append(check)
    return nb, checks


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_solutions_pass_their_checks(path):
    nb, checks = with_solutions(nbformat.read(path, as_version=4))
    assert 2 <= len(checks) <= 4, "each notebook ends with 2 to 4 exercises"
    NotebookClient(nb, kernel_name="python3", timeout=120, resources={"metadata": {"path": str(path.parent)}}
                   ).execute()
    for check in checks:
        text = "".join(o.get("data", {}).get("text/plain", "") for o in check.outputs)
        assert text.startswith("✔ correct"), f"{check.source!r} said: {text}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_stored_notebooks_leave_exercises_unanswered(path):
    nb = nbformat.read(path, as_version=4)
    _, checks = with_solutions(nb)
    for check in checks:
        text = "".join(o.get("data", {}).get("text/plain", "") for o in check.outputs)
        assert text.startswith("✎ not answered yet"), text
