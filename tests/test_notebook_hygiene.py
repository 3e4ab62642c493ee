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
    names, todo = set(), list(tree.body)
    while todo:  # the cell's own names: not those local to a function it defines (exercise 4.2's w and b)
        node = todo.pop()
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.add(node.name)
            continue
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            names.add(node.id)
        if not isinstance(node, (ast.Lambda, ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp)):
            todo.extend(ast.iter_child_nodes(node))
    return names


def test_names_set_are_the_cells_own():
    source = ("%matplotlib inline\nx, (y, z) = 1, (2, 3)\nfor i in range(3):\n    total = i\n"
              "def fit(X):\n    w = 0\n    return [v for v in X]\nclass Model:\n    size = 1\nf = lambda q: q\n")
    assert names_set(source) == {"x", "y", "z", "i", "total", "fit", "Model", "f"}


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_no_exercise_answer_is_a_name_the_notebook_set_before(path):
    """Run the check without running the answer cell, and an earlier value of the same name would be graded as
    the learner's answer (notebook 4 once set beta = 0.5 before the momentum exercise asked for beta)."""
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


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_every_plotting_cell_shows_its_picture(path):
    """A figure is drawn under its cell only if the plot call is the cell's last line (or is shown): notebook 4
    once printed after plot_runs, and the picture the next cell describes was missing."""
    nb = json.loads(path.read_text(encoding="utf-8"))
    for cell in nb["cells"]:
        source = "".join(cell["source"])
        if cell["cell_type"] != "code" or "helpers.plot_" not in source or is_answer(cell):
            continue
        pictures = [o for o in cell["outputs"] if "image/png" in o.get("data", {})]
        assert pictures, f"no picture under the cell {source.splitlines()[0]!r}"


def is_answer(cell):
    return "answer-after-prediction" in cell.get("metadata", {}).get("tags", [])


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_no_answer_is_stored_under_a_prediction(path):
    """A learner reading the notebook meets each "Predict first" line before its answer: the code cells right after
    it (up to the next text) are stored without their outputs, tagged so that nbval leaves those unchecked, and
    only those."""
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    answers = set()
    for i, cell in enumerate(cells):
        if cell["cell_type"] == "markdown" and "**Predict first:**" in "".join(cell["source"]):
            k = i + 1
            while k < len(cells) and cells[k]["cell_type"] == "code":
                answers.add(k)
                k += 1
            assert k > i + 1, f"no code cell answers the prediction in cell {i}"
    for k, cell in enumerate(cells):
        tags = cell.get("metadata", {}).get("tags", [])
        if k in answers:
            assert {"answer-after-prediction", "nbval-ignore-output"} <= set(tags) and cell["outputs"] == [], k
        else:
            assert "answer-after-prediction" not in tags, k
