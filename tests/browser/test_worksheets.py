"""`make worksheets`: one page per notebook's lesson, on A4 and on Letter, with the guide's questions and no answers."""

import html
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tools.browser.labserver import ARTIFACTS
from tools.make_worksheets import GUIDE, lessons

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def sheets(tmp_path_factory):
    out = tmp_path_factory.mktemp("worksheets")
    subprocess.run([sys.executable, str(ROOT / "tools" / "make_worksheets.py"), str(out)], check=True,
                   capture_output=True)
    return out


def pages(pdf):
    """The number of pages in a PDF (its page objects, not the /Pages tree)."""
    return len(re.findall(rb"/Type\s*/Page[^s]", pdf))


@pytest.mark.parametrize("number", [1, 2, 3, 4])
def test_each_worksheet_prints_on_one_page(browser, sheets, number):
    sheet = sheets / f"notebook-{number}.html"
    page = browser.new_page()
    page.goto(sheet.as_uri())
    for paper in ("A4", "Letter"):
        assert pages(page.pdf(format=paper)) == 1, f"notebook {number}'s worksheet is more than a page on {paper}"
    page.screenshot(path=str(ARTIFACTS / f"worksheet-{number}.png"), full_page=True)
    page.close()


def test_worksheets_hold_the_guides_questions_and_none_of_its_answers(sheets):
    guide = GUIDE.read_text(encoding="utf-8")
    found = lessons(guide)
    assert [stem for stem, *_ in found] == [f"notebook-{n}" for n in range(1, 5)]
    for stem, title, goal, asks, questions in found:
        text = (sheets / f"{stem}.html").read_text(encoding="utf-8")
        assert len(asks) >= 2 and len(questions) >= 2
        assert text.count('class="ask"') == len(asks) and text.count("<li>") == len(questions)
        # the answers column and the folded answers of the guide are not on the sheet's words
        words = html.unescape(re.sub(r"<[^>]+>", " ", re.sub(r"<style>.*?</style>", "", text, flags=re.S)))
        table = guide.split(f"## {title}", 1)[1].split("**Prediction points**", 1)[1].split("\n\n", 2)[1]
        for row in table.splitlines()[2:]:
            answer = row.split(" | ")[1]
            assert answer not in words, answer
        assert "Answers" not in text and "<details>" not in text
