"""Write a one-page printable worksheet for each notebook's lesson, from the teacher's guide.

Usage: python tools/make_worksheets.py [OUT_DIR]    (default: worksheets/, which git ignores)

Each sheet is one HTML page that prints on A4 and on Letter: the notebook's title, what the learner
will be able to do, the guide's prediction points with room to write "I predict" and "I saw", and its
discussion questions with room for an answer. Everything comes from TEACHING.md (one source): the
answers, the misconceptions and the teacher's notes stay out.
"""

import html
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
GUIDE = ROOT / "TEACHING.md"

PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{title}</title>
<style>
  @page {{ margin: 14mm; }}
  body {{ font-family: "DejaVu Sans", Arial, sans-serif; font-size: 10.5pt; line-height: 1.35; margin: 0; }}
  h1 {{ font-size: 15pt; margin: 0 0 2mm; }}
  .name {{ float: right; font-size: 10pt; }}
  p.goal {{ margin: 0 0 4mm; }}
  h2 {{ font-size: 12pt; margin: 4mm 0 2mm; }}
  table {{ width: 100%; border-collapse: collapse; }}
  th, td {{ border: 1px solid #555; padding: 1.5mm 2mm; vertical-align: top; text-align: left; }}
  th {{ background: #eee; }}
  td.ask {{ width: 40%; }}
  td.write {{ height: 15mm; }}
  li {{ margin-bottom: 13mm; }}
  code {{ font-size: 9.5pt; }}
</style></head>
<body>
<div class="name">Name: ____________________</div>
<h1>{title}</h1>
<p class="goal">{goal}</p>
<h2>Predict, then look</h2>
<p>Write your prediction before the answer is shown, then what you saw.</p>
<table><tr><th>question</th><th>I predict</th><th>I saw</th></tr>
{rows}
</table>
<h2>Think it over</h2>
<ol>
{questions}
</ol>
</body></html>
"""


def inline(text):
    """Markdown's inline code and emphasis as HTML, everything else escaped."""
    text = html.escape(text.strip())
    text = re.sub(r"`([^`]+)`", r"<code>\1</code>", text)
    return re.sub(r"\*([^*]+)\*", r"<em>\1</em>", text)


def lessons(guide_text):
    """Each notebook's lesson in the guide: (file stem, title, goal, prediction questions, discussion questions)."""
    found = []
    sections = re.findall(r"^## Notebook (\d) · (.+?)\n(.*?)(?=^## )", guide_text + "\n## ", re.S | re.M)
    for number, title, body in sections:
        goal = re.search(r"\*Afterwards learners can\* (.*?)\n\n", body, re.S).group(1)
        table = body.split("**Prediction points**", 1)[1].split("\n\n", 2)[1]
        asks = [row.split(" | ")[0].lstrip("| ") for row in table.splitlines()[2:]]
        discussion = body.split("**Discussion**", 1)[1].split("<details>", 1)[0]
        questions = [line[2:] for line in discussion.strip().splitlines() if line.startswith("- ")]
        goal = " ".join(goal.split()).replace("their own", "your own").replace("they can", "you can")
        found.append((f"notebook-{number}", f"Notebook {number} · {title}", "Afterwards you can " + goal, asks,
                      questions))
    return found


def worksheet(title, goal, asks, questions):
    rows = "\n".join(f'<tr><td class="ask">{inline(a)}</td><td class="write"></td><td class="write"></td></tr>'
                     for a in asks)
    items = "\n".join(f"<li>{inline(q)}</li>" for q in questions)
    return PAGE.format(title=html.escape(title), goal=inline(goal), rows=rows, questions=items)


def main(out_dir):
    out_dir.mkdir(parents=True, exist_ok=True)
    for stem, title, goal, asks, questions in lessons(GUIDE.read_text(encoding="utf-8")):
        (out_dir / f"{stem}.html").write_text(worksheet(title, goal, asks, questions), encoding="utf-8")
        print(f"{out_dir / stem}.html: {len(asks)} predictions, {len(questions)} questions")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "worksheets")
