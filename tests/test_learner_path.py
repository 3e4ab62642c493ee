"""The required path fits one sitting, and a learner who skips the optional sections loses nothing.

The required path of a notebook is its markdown without the optional sections. A section is optional when its
heading says so ("## Optional: ..."); it runs to the next heading of the same or a higher level. Notebook 4 is
two sittings, its "# Part 1" and "# Part 2" (the notebook's opening counts with part 1): each is held to the limit.
Notebooks 1 to 3 are a sitting each.
"""

import json
import re
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

NOTEBOOKS = {p.name[:2]: p for p in sorted((Path(__file__).parent.parent / "notebooks").glob("*.ipynb"))}
# The most words a required path (or a part of notebook 4) may hold: about 45 minutes for a novice,
# who also runs the code, reads the output and tries the exercises.
WORD_LIMIT = {"01": 2200, "02": 2200, "03": 2200, "04": 1500}  # notebook 4: each of its two parts
HEADING = re.compile(r"^(#+) (.*)$")


def heading(cell):
    """(level, title) of a markdown cell that opens with a heading, else None."""
    match = HEADING.match("".join(cell["source"]).lstrip("\n").split("\n", 1)[0]) if cell["cell_type"] == "markdown" else None
    return (len(match.group(1)), match.group(2)) if match else None


def is_optional(title):
    return title.lower().startswith("optional")


def sections(cells):
    """Each cell with the optional section it belongs to (the heading cell's index), or None."""
    inside, level = None, None
    for i, cell in enumerate(cells):
        found = heading(cell)
        if found and inside is not None and found[0] <= level:
            inside = None
        if found and inside is None and is_optional(found[1]):
            inside, level = i, found[0]
        yield cell, inside


def parts(nb_id, cells):
    """The cells of each sitting, by name: the whole notebook, or each part of one that opens parts with a
    top-level heading "# Part N · ..." (the cells before the first part belong to it)."""
    starts = [i for i, cell in enumerate(cells) if (heading(cell) or (0, ""))[0] == 1
              and heading(cell)[1].startswith("Part ")]
    if not starts:
        return {nb_id: cells}
    bounds = [0] + starts[1:] + [len(cells)]
    return {f"{nb_id} part {k + 1}": cells[a:b] for k, (a, b) in enumerate(zip(bounds, bounds[1:]))}


def required_words(cells):
    return sum(len("".join(c["source"]).split()) for c, optional in sections(cells)
               if c["cell_type"] == "markdown" and optional is None)


def load(nb_id):
    return json.loads(NOTEBOOKS[nb_id].read_text(encoding="utf-8"))


@pytest.mark.parametrize("nb_id", sorted(WORD_LIMIT))
def test_the_required_path_fits_a_sitting(nb_id):
    for part, cells in parts(nb_id, load(nb_id)["cells"]).items():
        words = required_words(cells)
        assert words <= WORD_LIMIT[nb_id], f"{part}: the required path holds {words} words, more than {WORD_LIMIT[nb_id]}"


def test_the_counting_leaves_out_optional_sections_and_only_them():
    cells = [{"cell_type": "markdown", "source": "# Title\none two"},
             {"cell_type": "markdown", "source": "## Optional: deep\nthree four five"},
             {"cell_type": "markdown", "source": "### Inside it\nsix"},
             {"cell_type": "code", "source": "x = 1"},
             {"cell_type": "markdown", "source": "## Back on the path\nseven"}]
    # "# Title one two" (4) + "## Back on the path seven" (6): the optional heading and the cell under it are out
    assert required_words(cells) == 10


@pytest.mark.parametrize("nb_id", sorted(NOTEBOOKS))
def test_optional_sections_are_marked_and_start_folded(nb_id):
    for cell in load(nb_id)["cells"]:
        found = heading(cell)
        if found and "optional" in found[1].lower():
            assert is_optional(found[1]), f"put 'Optional:' first in the heading {found[1]!r}"
            assert cell["metadata"].get("jp-MarkdownHeadingCollapsed") is True, f"{found[1]!r} should start folded"
            # folding hides the cells below a heading, not the rest of its own cell: the heading stands alone
            assert "".join(cell["source"]).strip().count("\n") == 0, f"{found[1]!r}: put its text in the next cell"


@pytest.mark.parametrize("nb_id", ["01", "02", "03"])
def test_notebooks_1_to_3_are_one_sitting_of_at_most_45_minutes(nb_id):
    """A notebook of one sitting has no parts, and its opening says how long its required path takes."""
    cells = load(nb_id)["cells"]
    assert list(parts(nb_id, cells)) == [nb_id]
    minutes = re.search(r"[Aa]bout (\d+) minutes", "".join(cells[0]["source"]))
    assert minutes and int(minutes.group(1)) <= 45, "the opening should say about how long, at most 45 minutes"


@pytest.mark.parametrize("nb_id", ["04"])
def test_notebook_4_is_two_sittings_each_saying_what_and_how_long(nb_id):
    """Each part opens with what you will do and about how long it takes; part 2 recaps part 1 and says how to get
    the kernel ready after a break."""
    cells = load(nb_id)["cells"]
    sittings = parts(nb_id, cells)
    assert list(sittings) == [f"{nb_id} part 1", f"{nb_id} part 2"]
    opening = "".join(cells[0]["source"])
    assert re.search(r"Part 1 · .*\(about \d+ minutes", opening) and re.search(r"Part 2 · .*\(about \d+ minutes", opening)
    for name, part in sittings.items():
        first = next(c for c in part if (heading(c) or (0, ""))[1].startswith("Part "))
        assert re.search(r"[Aa]bout \d+ minutes", "".join(first["source"])), f"{name} does not say how long it takes"
    part2 = "".join(sittings[f"{nb_id} part 2"][0]["source"])
    assert part2.startswith("# Part 2 · ")
    assert "Run All Above Selected Cell" in part2 and "Part 1 in brief" in part2
    assert sum(required_words(cells) for cells in sittings.values()) == required_words(cells)


def test_parts_split_at_part_headings_only():
    cells = [{"cell_type": "markdown", "source": "# Title"}, {"cell_type": "markdown", "source": "# Part 1 · A"},
             {"cell_type": "code", "source": "x = 1"}, {"cell_type": "markdown", "source": "## Part of it"},
             {"cell_type": "markdown", "source": "# Part 2 · B"}, {"cell_type": "code", "source": "y = 2"}]
    assert {name: len(c) for name, c in parts("09", cells).items()} == {"09 part 1": 4, "09 part 2": 2}
    assert parts("09", cells[2:4]) == {"09": cells[2:4]}


@pytest.mark.parametrize("nb_id", ["02", "03", "04"])
def test_skipping_the_optional_sections_loses_nothing(nb_id):
    """Every code cell outside the optional sections runs without the code inside them."""
    nb = nbformat.read(NOTEBOOKS[nb_id], as_version=4)
    skipped = [c for c, optional in sections(nb.cells) if optional is not None and c.cell_type == "code"]
    assert skipped, "this notebook has optional code to skip"
    nb.cells = [c for c, optional in sections(nb.cells) if optional is None]
    NotebookClient(nb, kernel_name="python3", timeout=120,
                   resources={"metadata": {"path": str(NOTEBOOKS[nb_id].parent)}}).execute()
