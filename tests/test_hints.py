"""Every exercise has folded hints just above its folded solution: the first to the idea, the second to the step,
neither with the solution's code."""

import re
from pathlib import Path

import nbformat
import pytest

from tests.test_exercises import SOLUTION_CODE

NOTEBOOKS = sorted((Path(__file__).resolve().parent.parent / "notebooks").glob("*.ipynb"))
EXERCISE = re.compile(r"^#+ (?:Optional: )?[Ee]xercise (\d\.\d)", re.M)


def exercises(path):
    """(number, hint cell source or None, solution cell source) for each exercise of a notebook."""
    cells = nbformat.read(path, as_version=4).cells
    found = []
    for i, cell in enumerate(cells):
        heading = EXERCISE.search(cell.source) if cell.cell_type == "markdown" else None
        if heading:
            solution = next(k for k in range(i, len(cells)) if cells[k].source.startswith("<details><summary>Show a"))
            above = cells[solution - 1].source
            found.append((heading.group(1), above if above.startswith("<details><summary>Hint 1") else None,
                          cells[solution].source))
    return found


def code_lines(solution):
    """The lines of a solution's code blocks, stripped, that say something (not a bare bracket or a blank)."""
    blocks = re.findall(r"```python\n(.*?)```", solution, re.S)
    return [line.strip() for block in blocks for line in block.splitlines() if len(line.strip()) > 8]


def test_every_exercise_of_the_series_is_found():
    assert [n for path in NOTEBOOKS for n, _, _ in exercises(path)] == [
        "1.1", "1.2", "2.1", "2.2", "3.1", "3.2", "3.3", "3.4", "4.1", "4.2", "4.3", "4.4"]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_each_exercise_has_hints_above_its_solution_and_none_gives_its_code(path):
    for number, hint, solution in exercises(path):
        assert hint is not None, f"exercise {number} has no hint above its solution"
        titles = re.findall(r"<summary>(Hint \d · [^<]+)</summary>", hint)
        assert titles[:1] == ["Hint 1 · the idea"] and len(titles) <= 2, (number, titles)
        assert hint.count("<details>") == hint.count("</details>") == len(titles), number  # each one folded
        for line in code_lines(solution) + SOLUTION_CODE:
            assert line not in hint, f"a hint of exercise {number} holds the solution's code {line!r}"
