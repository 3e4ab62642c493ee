"""Write copies of the notebooks for learners: solutions removed, exercises unanswered.

Usage: python tools/make_handouts.py [OUT_DIR]    (default: handouts/, which git ignores)

Each copy keeps the stored outputs (tables, pictures, explorer snapshots) so it reads well
before it is run, without the execution numbers of the run that stored them, drops every "Show a solution" cell (the
hints stay), and keeps the exercise cells exactly as
stored: stubs that say None and checks that say "not answered yet".
"""

import sys
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[1]


def is_solution(cell):
    """A folded solution: a markdown cell that opens with <details> and the summary "Show a solution" (the folded
    hints above it open with "Hint" and stay)."""
    return cell.cell_type == "markdown" and cell.source.lstrip().startswith("<details><summary>Show a solution")


# What the notebooks say about the solutions, and what a copy without them says instead.
NO_SOLUTIONS = {
    "and a solution hidden behind **Show a solution**. Try first, check, open a hint if you are stuck, then peek.":
        "and, in this copy, no solution: read the check's message, open a hint, and try again.",
    ", and open **Show a solution** only after trying.":
        ". This copy has no solutions: when a check says what to look at, look there and try again.",
}


def handout(path):
    """The notebook at ``path`` without its solutions, and without sentences that point to them."""
    nb = nbformat.read(path, as_version=4)
    nb.cells = [cell for cell in nb.cells if not is_solution(cell)]
    for cell in nb.cells:
        # clean for a class: no execution numbers from the run that stored the outputs (the outputs stay)
        if cell.cell_type == "code":
            cell.execution_count = None
            for output in cell.outputs:
                if "execution_count" in output:
                    output.execution_count = None
        for says, instead in NO_SOLUTIONS.items():
            cell.source = cell.source.replace(says, instead)
    return nb


def main(out_dir):
    out_dir.mkdir(parents=True, exist_ok=True)
    for path in sorted((ROOT / "notebooks").glob("*.ipynb")):
        nbformat.write(handout(path), out_dir / path.name)
        print(f"{out_dir / path.name}: {path.stem} without its solutions")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "handouts")
