"""The prose tells the truth: every number it states is recomputed (the table is in tests/claims.py)."""

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

import helpers
from tests.claims import CLAIMS, SETTINGS

ROOT = Path(__file__).parent.parent
NOTEBOOKS = {p.name[:2]: p for p in sorted((ROOT / "notebooks").glob("*.ipynb"))}
GUIDE = ROOT / "TEACHING.md"  # the teacher's guide quotes the notebooks' numbers: they are claims too

# A number as it is written in prose or inline maths: -0.667, 1,000, 95%, +1.4, 20 %.
NUMBER = re.compile(r"(?<![\w.^_{])[-+−]?\d+(?:,\d{3})*(?:\.\d+)?(?: ?%)?")
# Structure, not statements: code, display formulas, link targets, exercise and notebook numbers,
# list markers, exponents and subscripts, fractions' numerators.
STRUCTURE = [r"```.*?```", r"`[^`\n]*`", r"\]\([^)]*\)", r"\$\$.*?\$\$", r"[Ee]xercises? \d+\.\d+",
             r"[Nn]otebooks? \d(?: and \d)?", r"part \d of \d", r"^# \d ·", r"\[\d ·", r"^\d+\. ",
             r"\\frac\{\d+\}", r"\*\*Step \d+:", r"\^\{?\d+\}?", r"_\{?\d+\}?",
             # the guide's timings, zoom and address
             r"\b\d+(?:-\d+)? minutes\b", r"^\| \d+-\d+ \|", r"\d+-minute", r"\d+-hour", r"[Ee]xplorer \d",
             r"127\.0\.0\.1:\d+", r"\d+% to \d+%", r"\(\d+ with the exercises\)"]


def markdown(nb_id):
    """The prose of a notebook, one markdown cell each; for "guide", the guide's paragraphs and tables."""
    if nb_id == "guide":
        return GUIDE.read_text(encoding="utf-8").split("\n\n")
    nb = json.loads(NOTEBOOKS[nb_id].read_text(encoding="utf-8"))
    return ["".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "markdown"]


def blank_structure(text):
    for pattern in STRUCTURE:
        text = re.sub(pattern, lambda m: " " * len(m.group(0)), text, flags=re.S | re.M)
    return text


def parse(written):
    """The number and the tolerance its written digits promise (half a unit in the last place)."""
    plain = written.replace("−", "-").replace(",", "").replace("%", "").replace("+", "").strip()
    decimals = len(plain.split(".")[1]) if "." in plain else 0
    return float(plain), 0.5 * 10 ** -decimals * (1 + 1e-9)


@pytest.mark.parametrize("claim", CLAIMS, ids=lambda c: f"{c.notebook}:{c.words[:40]}")
def test_claim_is_true(claim):
    cells = [text for text in markdown(claim.notebook) if claim.words in text]
    assert cells, f"notebook {claim.notebook} no longer says {claim.words!r}: update tests/claims.py"
    value = claim.value()
    if claim.written is None:
        assert value is True, f"{claim.words!r} is not true of the computation"
        return
    assert claim.words.count(claim.written) >= 1
    number, tolerance = parse(claim.written)
    value = float(value)
    if claim.kind == "at most":
        assert value <= number, f"{claim.words!r}: the true value {value:.6g} exceeds {claim.written}"
    elif claim.kind == "at least":
        assert value >= number, f"{claim.words!r}: the true value {value:.6g} is below {claim.written}"
    else:
        assert abs(value - number) <= tolerance, (
            f"{claim.words!r} says {claim.written}, but the computation gives {value:.6g}")


@pytest.mark.parametrize("nb_id", sorted(NOTEBOOKS) + ["guide"])
def test_every_number_in_the_prose_is_a_claim_or_a_setting(nb_id):
    uncovered = []
    claims = [c for c in CLAIMS if c.notebook == nb_id and c.written is not None]
    for text in markdown(nb_id):
        covered = set()
        for claim in claims:
            for quote in re.finditer(re.escape(claim.words), text):
                start = quote.start() + claim.words.index(claim.written)
                covered.update(range(start, start + len(claim.written)))
        for match in NUMBER.finditer(blank_structure(text)):
            token = match.group(0).replace("−", "-").replace(" ", "")
            if match.start() in covered or token.lstrip("+") in SETTINGS[nb_id]:
                continue
            uncovered.append(f"{token!r} in …{text[max(0, match.start() - 50):match.end() + 20]!r}…")
    assert not uncovered, ("numbers in the prose of notebook " + nb_id + " that no claim checks and that are "
                           "not settings (add them to tests/claims.py):\n" + "\n".join(uncovered))


def code_cells(nb_id):
    nb = json.loads(NOTEBOOKS[nb_id].read_text(encoding="utf-8"))
    return [c for c in nb["cells"] if c["cell_type"] == "code"]


# The settings the claims recompute with, as the notebooks' own code sets them. If a notebook's
# code changes one, the claims above are recomputed with the wrong setting: this test says so.
SETTINGS_IN_CODE = {
    "02": ["helpers.make_data(slope=-5.0, noise=0.4, seed=0)"],
    "03": ["helpers.make_data(slope=-5.0, noise=0.4, seed=0)", "w = torch.tensor(-10.0, requires_grad=True)",
           "lr = 0.1", "iterations = 20"],
    "04": ["helpers.make_data(slope=-5.0, noise=0.4, seed=0)", "w = torch.tensor(-10.0, requires_grad=True)",
           "b = torch.tensor(-20.0, requires_grad=True)", "lr = 0.1", "iterations = 20"],
}


@pytest.mark.parametrize("nb_id", sorted(SETTINGS_IN_CODE))
def test_claims_use_the_notebooks_settings(nb_id):
    code = "\n".join("".join(c["source"]) for c in code_cells(nb_id))
    for snippet in SETTINGS_IN_CODE[nb_id]:
        assert snippet in code, f"notebook {nb_id} no longer runs {snippet!r}; the claims assume it"
    assert helpers.make_data().Y.shape == (100, 1)


def whole_program(nb_id):
    cells = [c for c in code_cells(nb_id) if "".join(c["source"]).startswith("import matplotlib.pyplot as plt")]
    assert len(cells) == 1, f"notebook {nb_id} should end with one 'whole program' cell"
    return "".join(cells[0]["source"])


@pytest.mark.parametrize("nb_id, with_bias", [("03", False), ("04", True)])
def test_the_whole_program_runs_on_its_own(nb_id, with_bias, tmp_path):
    """The last cell needs neither helpers nor the notebook, and trains exactly as the series does."""
    source = whole_program(nb_id)
    assert "helpers" not in source
    script = tmp_path / "whole_program.py"
    # helpers is made unimportable, and no figure window is opened
    script.write_text("import sys\nsys.modules['helpers'] = None\nimport matplotlib\nmatplotlib.use('Agg')\n"
                      + source, encoding="utf-8")
    out = subprocess.run([sys.executable, str(script)], cwd=tmp_path, capture_output=True, text=True,
                         timeout=120, check=True).stdout.splitlines()
    run = helpers.train(*helpers.make_data()[:2], w0=-10.0, lr=0.1, iterations=20, b0=-20.0 if with_bias else None)
    assert len(out) == 20
    last = out[-1]
    assert f"loss {run.loss[-1]:8.3f}" in last and f"w {run.w[-1]:8.4f}" in last
    if with_bias:
        assert f"b {run.b[-1]:8.4f}" in last
