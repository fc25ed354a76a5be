"""The benchmark's machinery on a tiny configuration, so that bench/ cannot rot.

No timing is asserted: only that every section runs, the table prints every figure and
the JSON file holds the same figures.
"""

import json
import sys
from pathlib import Path

import numpy as np
import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # bench/ lives at the root

from bench import book, report, run  # noqa: E402


def test_quick_run_prints_the_table_and_writes_the_same_figures(tmp_path, capsys):
    path = tmp_path / "latest.json"
    assert (
        run.main(["--quick", "--no-book", "--no-torch", "--default-malloc", "--json", str(path)])
        == 0
    )
    printed = capsys.readouterr().out
    document = json.loads(path.read_text())
    figures = document["figures"]
    assert {f["section"] for f in figures} == {"1 backprop", "2 memory", "3 widgets"}
    assert "BLAS:" in printed and "PyTorch: left out" in printed
    for f in figures:
        assert f["name"] in printed
        assert f["met"] in (True, False, None)
        assert f["value"] is None or isinstance(f["value"], float)
    torch_rows = [f for f in figures if "PyTorch" in f["name"]]
    assert torch_rows and all(f["value"] is None for f in torch_rows)


def test_table_marks_targets_and_notes():
    rows = [
        report.Result("s", "fast enough", 0.5, "×", "IQR 0.4–0.6", ("<", 1.0)),
        report.Result("s", "too slow", 150.0, "ms", "p95 200 ms", ("<=", 100.0), note="why"),
        report.Result("s", "slope", 2.1, "", target=("~", 2.0)),
        report.Result("s", "absent", None, "ms", target=("<=", 1.0), note="not installed"),
    ]
    assert [r.met for r in rows] == [True, False, True, None]
    text = report.table(rows, ["header line"])
    lines = text.splitlines()
    assert lines[0] == "header line"
    assert any("fast enough" in line and "0.50×" in line and "met" in line for line in lines)
    assert any("too slow" in line and "150 ms" in line and "MISSED" in line for line in lines)
    assert "↳ why" in text and "↳ not installed" in text


def test_page_weight_counts_html_frames_and_own_images(tmp_path):
    html = tmp_path / "html"
    (html / "chapters").mkdir(parents=True)
    (html / "_images").mkdir()
    (html / "_static").mkdir()
    (html / "_images" / "a.png").write_bytes(b"x" * 100)
    (html / "_static" / "theme.js").write_bytes(b"y" * 1000)
    (html / "_static" / "theme.css").write_bytes(b"z" * 10)
    (html / "searchindex.js").write_bytes(b"s" * 7)
    (html / "chapters" / "two.html").write_bytes(b"t" * 5000)
    state = '<script type="application/vnd.jupyter.widget-state+json">{"f": 1}</script>'
    page = html / "chapters" / "one.html"
    page.write_text(
        f'<link rel="stylesheet" href="../_static/theme.css?v=1"><link rel="next" '
        f'href="two.html"><img src="../_images/a.png"><img alt="" src="../_images/a.png">'
        f'<script src="../_static/theme.js"></script><script src="../searchindex.js"></script>'
        f'<script src="https://cdn.jsdelivr.net/npm/x.js"></script>'
        f'<img src="data:image/png;base64,AAAA">{state}'
    )
    size, state_bytes, count, images = book.page_weight(html, page)
    assert size == page.stat().st_size and state_bytes == len(state)
    assert (count, images) == (1, 100)  # the next page is linked, not loaded
    assert book.shared_weight(html, [page]) == (3, 1000 + 10 + 7)


def test_page_rows_hold_every_page_to_the_budget(tmp_path):
    html = tmp_path / "html"
    pages = book.page_files(ROOT)
    assert pages[0] == "intro" and "chapters/01_gradient_descent" in pages
    for name in pages:
        (html / name).parent.mkdir(parents=True, exist_ok=True)
        (html / f"{name}.html").write_bytes(b"p" * (700_000 if "01_" in name else 1000))
    rows = {row.name: row for row in book.page_rows(ROOT, html)}
    assert rows["page weight chapters/01_gradient_descent"].met is False
    assert rows["page weight intro"].met is True
    assert rows["page weight intro"].target == ("<=", 600.0)


@pytest.mark.slow  # two kernels
def test_fresh_kernel_runs_in_the_notebooks_folder_and_sees_its_memory(tmp_path):
    import nbformat

    def notebook(name, *sources):
        path = tmp_path / f"{name}.ipynb"
        cells = [nbformat.v4.new_code_cell(source) for source in sources]
        nbformat.write(nbformat.v4.new_notebook(cells=cells), path)
        return path

    small = notebook("small", "import numpy as np")
    # 160 MB written to, so its pages are resident; the last cell shows where it ran
    big = notebook(
        "big",
        "import numpy as np",
        "block = np.ones(20_000_000)",
        "open('ran-here.txt', 'w').close()",
    )
    # This process grows first: a kernel it starts must not count that as its own memory
    # (Linux's ru_maxrss would, as it keeps the starting process's size across exec).
    ballast = np.ones(40_000_000)  # 320 MB, written to
    seconds_small, peak_small = book.run_in_fresh_kernel(small)
    seconds_big, peak_big = book.run_in_fresh_kernel(big)
    del ballast
    assert (tmp_path / "ran-here.txt").is_file()
    assert 120e6 < peak_big - peak_small < 200e6
    assert peak_small > 10e6  # a Python kernel's own footprint, not a unit slip (kB vs bytes)
    assert seconds_small >= 0 and seconds_big >= 0
