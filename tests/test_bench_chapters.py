"""`make bench` times the execution of every chapter, the parts of _toc.yml included,
against the budget of issue 13 (all chapters together in under 40 s)."""

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import book  # noqa: E402


def test_chapter_files_walk_every_part_of_the_table_of_contents():
    listed = book.chapter_files(ROOT)
    chapters = [f"chapters/{p.stem}" for p in sorted((ROOT / "chapters").glob("*.ipynb"))]
    assert [name for name in listed if name.startswith("chapters/")] == chapters
    assert "chapters/06_forward_reverse" in listed and "chapters/07_many_layers" in listed


def test_the_execution_of_all_notebooks_is_held_to_the_budget(monkeypatch, tmp_path):
    monkeypatch.setattr(book, "_build", lambda *args: (1.0, 0, "ok"))
    for seconds, met in (({"a.ipynb": 30.0, "b.ipynb": 9.0}, True), ({"a.ipynb": 41.0}, False)):
        monkeypatch.setattr(book, "_execution_seconds", lambda out, s=seconds: s)
        row = book.build_rows(ROOT, tmp_path, timeout=1.0)[0]
        assert row.name.startswith("execute all notebooks")
        assert row.value == sum(seconds.values())
        assert row.target == ("<", 40.0) and row.met is met
