"""The student edition (`make student`): the same website without the exercises' solutions.

Both editions are built here as `make book` builds them but without executing the notebooks
(tests/conftest.py's quick_book); the student one from the copy .ci/student_edition.py
makes. What a solution says is taken from the notebooks' cells tagged `solution`: each line
of its code and each stretch of its prose that no other cell of the chapter contains (the
cells that build its predict-then-check questions included: a verdict may share a phrase).
The full edition must show all of them on the chapter's page, the student edition none of
them anywhere (pages, the notebooks it offers for download, any text file), and apart from
the solutions its pages must read word for word like the full edition's.
"""

import html
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CHAPTERS = sorted((ROOT / "chapters").glob("*.ipynb"))
TEXT_FILES = {".html", ".ipynb", ".txt", ".md", ".js"}
SOLUTION = "<summary>Solution</summary>"

pytestmark = pytest.mark.slow  # two book builds (the full one shared with other tests)


def tokens(text: str, words_only: bool = False) -> str:
    """``text`` as a string of tokens: names and numbers, and (unless ``words_only``) single
    punctuation marks, so that markup, highlighting and line breaks do not matter."""
    return " ".join(re.findall(r"\w+" if words_only else r"\w+|[^\w\s]", text))


def page_text(markup: str) -> str:
    """What a page says: its HTML without tags and entities."""
    return html.unescape(re.sub(r"<[^>]+>", " ", markup))


def file_text(path: Path) -> str:
    """A text file of a site; for a notebook, its cells' sources (not JSON's escapes)."""
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".ipynb":
        return "\n".join("".join(c["source"]) for c in json.loads(text)["cells"])
    return text


def tagged(cell, tag) -> bool:
    return tag in cell["metadata"].get("tags", [])


def markers(solution: str, elsewhere: str) -> list[tuple[str, bool]]:
    """What gives ``solution`` (a solution cell's markdown) away: each line of its code and
    each stretch of prose of six words or more between maths and inline code, as
    ``(tokens, words_only)``, unless ``elsewhere`` (the chapter's other cells) has it too."""
    code = re.findall(r"```python\n(.*?)```", solution, flags=re.S)
    prose = re.sub(r"```.*?```|</?details>|<summary>.*?</summary>", " ", solution, flags=re.S)
    found = [(tokens(line), False) for block in code for line in block.splitlines()]
    found = [(line, False) for line, _ in found if len(line.split()) >= 3]
    for stretch in re.split(r"\$\$.*?\$\$|\$.*?\$|`[^`]*`", prose, flags=re.S):
        if len(tokens(stretch, words_only=True).split()) >= 6:
            found.append((tokens(stretch, words_only=True), True))
    return [
        (marker, words_only)
        for marker, words_only in found
        if f" {marker} " not in f" {tokens(elsewhere, words_only)} "
    ]


def solutions_of(path: Path) -> list[list[tuple[str, bool]]]:
    """The markers of each solution of the chapter ``path``."""
    cells = json.loads(path.read_text())["cells"]
    others = "\n".join("".join(c["source"]) for c in cells if not tagged(c, "solution"))
    return [markers("".join(c["source"]), others) for c in cells if tagged(c, "solution")]


def shows(text: str, marker: str, words_only: bool) -> bool:
    return f" {marker} " in f" {tokens(text, words_only)} "


@pytest.fixture(scope="module")
def editions(quick_book, tmp_path_factory):
    """The full and the student edition's sites, built alike."""
    copy = tmp_path_factory.mktemp("student-edition") / "book"
    command = [sys.executable, str(ROOT / ".ci" / "student_edition.py"), str(copy)]
    made = subprocess.run(command, capture_output=True, text=True, timeout=120)
    assert made.returncode == 0, made.stderr
    return quick_book(), quick_book(source=copy)


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.name)
def test_every_solution_has_words_of_its_own_to_look_for(path):
    found = solutions_of(path)
    assert found, f"{path.name}: no cell tagged 'solution'"
    for number, marks in enumerate(found, start=1):
        assert marks, f"{path.name} solution {number}: nothing in it that the chapter lacks"


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.name)
def test_the_full_edition_shows_every_solution(editions, path):
    full, _ = editions
    page = (full / "chapters" / f"{path.stem}.html").read_text(encoding="utf-8")
    found = solutions_of(path)
    assert page.count(SOLUTION) == len(found)
    text = page_text(page)
    for number, marks in enumerate(found, start=1):
        missing = [marker for marker, words_only in marks if not shows(text, marker, words_only)]
        assert missing == [], f"{path.name} solution {number} is not on the page: {missing}"


def test_the_student_edition_shows_no_solution_anywhere(editions):
    _, student = editions
    files = [f for f in student.rglob("*") if f.suffix in TEXT_FILES and f.is_file()]
    texts = {f.relative_to(student): file_text(f) for f in files}
    texts = {name: page_text(t) if name.suffix == ".html" else t for name, t in texts.items()}
    assert any(name.suffix == ".ipynb" for name in texts), "no notebook offered for download"
    leaks = [
        f"{name}: {path.name} solution {number}: {marker}"
        for path in CHAPTERS
        for number, marks in enumerate(solutions_of(path), start=1)
        for marker, words_only in marks
        for name, text in texts.items()
        if shows(text, marker, words_only)
    ]
    assert leaks == []
    assert not [f for f in files if SOLUTION in f.read_text(encoding="utf-8")]


def test_apart_from_the_solutions_the_editions_read_alike(editions):
    full, student = editions
    pages = sorted(p.relative_to(full) for p in full.rglob("*.html"))
    assert pages == sorted(p.relative_to(student) for p in student.rglob("*.html"))
    for name in pages:
        shown = (full / name).read_text(encoding="utf-8")
        # a solution is a <details> block that opens with the Solution summary
        without = re.sub(rf"<details>\s*{SOLUTION}.*?</details>", " ", shown, flags=re.S)
        expected = tokens(page_text(without))
        assert tokens(page_text((student / name).read_text(encoding="utf-8"))) == expected, name
