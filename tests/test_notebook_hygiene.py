"""The notebooks are stored executed, in order, clean and portable."""

import json
import re
from pathlib import Path

import pytest

NOTEBOOKS = sorted((Path(__file__).parent.parent / "notebooks").glob("*.ipynb"))
EXPECTED = ["01_preparing_data", "02_model_and_loss", "03_training_one_parameter", "04_training_two_parameters"]


def test_the_four_notebooks_exist():
    assert [p.stem for p in NOTEBOOKS] == EXPECTED


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_stored_executed_in_order_and_clean(path):
    nb = json.loads(path.read_text(encoding="utf-8"))
    assert nb["metadata"]["kernelspec"]["name"] == "python3"
    code = [c for c in nb["cells"] if c["cell_type"] == "code"]
    assert [c["execution_count"] for c in code] == list(range(1, len(code) + 1))
    for cell in code:
        for out in cell["outputs"]:
            assert out["output_type"] != "error", f"error output in: {''.join(cell['source'])[:60]}"
            assert out.get("name") != "stderr", f"stderr output in: {''.join(cell['source'])[:60]}"
    text = path.read_text(encoding="utf-8")
    assert not re.search(r"(/root/|/home/|/work/|/tmp/|[A-Z]:\\\\)", text), "absolute path stored"
    assert "sys.path" not in text
    assert path.stat().st_size < 1_500_000, "notebook too large to store"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_every_ignored_cell_says_why(path):
    nb = json.loads(path.read_text(encoding="utf-8"))
    for cell in nb["cells"]:
        src = "".join(cell["source"])
        for line in src.splitlines():
            if "NBVAL_IGNORE_OUTPUT" in line or "NBVAL_SKIP" in line:
                reason = line.split("NBVAL_", 1)[1].split(None, 1)
                assert len(reason) == 2 and len(reason[1]) > 10, f"no reason given: {line!r}"


def names_set(source):
    """The names a code cell assigns or defines (IPython magics left out)."""
    import ast

    tree = ast.parse("\n".join(line for line in source.splitlines() if not line.lstrip().startswith(("%", "!"))))
    names = {n.id for n in ast.walk(tree) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store)}
    return names | {n.name for n in ast.walk(tree) if isinstance(n, (ast.FunctionDef, ast.ClassDef))}


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_no_exercise_answer_is_a_name_the_notebook_set_before(path):
    """Run the check without running the answer cell, and an earlier value of the same name would be graded as
    the learner's answer (notebook 4 once set beta = 0.5 before exercise 4.3 asked for beta)."""
    nb = json.loads(path.read_text(encoding="utf-8"))
    earlier = {}
    for i, cell in enumerate(c for c in nb["cells"] if c["cell_type"] == "code"):
        source = "".join(cell["source"])
        names = names_set(source)
        if source.startswith("# Exercise"):
            reused = {n: earlier[n] for n in names if n in earlier}
            assert not reused, f"{source.splitlines()[0]!r} asks for names set earlier (code cell {reused})"
        for name in names:
            earlier.setdefault(name, i + 1)
