"""The notebooks as files: committed clean, listed in the book, and set up for Lab and Colab.

nbval (run by the README's test command) executes them; these checks cover what
execution cannot see.
"""

import json
import re
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
CHAPTERS = sorted((ROOT / "chapters").glob("*.ipynb"))
NOTEBOOKS = CHAPTERS + sorted((ROOT / "templates").glob("*.ipynb"))
CONFIG = yaml.safe_load((ROOT / "_config.yml").read_text())
TEMPLATE = "templates/chapter_template.ipynb"


def load(path):
    return json.loads(path.read_text())


def test_there_are_notebooks():
    assert CHAPTERS, "no notebooks found in chapters/"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_committed_without_outputs_or_execution_counts(path):
    for index, cell in enumerate(load(path)["cells"]):
        if cell["cell_type"] == "code":
            assert cell["outputs"] == [], f"{path.name} cell {index} has outputs: strip them"
            assert cell["execution_count"] is None, f"{path.name} cell {index} has a count"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_first_cell_defines_the_config_macros_for_jupyterlab(path):
    first = load(path)["cells"][0]
    assert first["cell_type"] == "markdown"
    assert "remove-cell" in first["metadata"].get("tags", [])
    source = "".join(first["source"])
    for name in CONFIG["sphinx"]["config"]["mathjax3_config"]["tex"]["macros"]:
        assert f"\\newcommand{{\\{name}}}" in source, f"{path.name} does not define \\{name}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_install_cell_is_hidden_the_same_everywhere_and_uses_the_configured_repository(path):
    """The second cell installs lib where it is missing (tests/test_install_cell.py runs it)."""
    setup, template = (load(p)["cells"][1] for p in (path, ROOT / TEMPLATE))
    assert setup["cell_type"] == "code", f"{path.name}: the second cell must install lib"
    assert "remove-cell" in setup["metadata"].get("tags", [])
    match = re.search(r'REPOSITORY = "([^"]+)"', "".join(setup["source"]))
    assert match, f"{path.name}: the second cell must name the REPOSITORY to install lib from"
    assert match.group(1) == CONFIG["repository"]["url"]
    assert setup["source"] == template["source"], f"{path.name}: not the template's cell"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_has_hidden_assert_cells_and_imports_lib(path):
    cells = load(path)["cells"]
    checks = [
        c
        for c in cells
        if c["cell_type"] == "code"
        and "remove-cell" in c["metadata"].get("tags", [])
        and "assert " in "".join(c["source"])
    ]
    assert checks, f"{path.name} has no hidden assert cell"
    assert any("import lib" in "".join(c["source"]) for c in cells if c["cell_type"] == "code")
    assert not any("sys.path" in "".join(c["source"]) for c in cells), "no sys.path edits"


def _toc_files(node):
    """Every ``file:`` entry anywhere in the table of contents (chapters, parts, sections)."""
    if isinstance(node, dict):
        if "file" in node:
            yield node["file"]
        for value in node.values():
            yield from _toc_files(value)
    elif isinstance(node, list):
        for item in node:
            yield from _toc_files(item)


def test_every_chapter_is_in_the_table_of_contents():
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text())
    listed = set(_toc_files(toc))
    assert {f"chapters/{p.stem}" for p in CHAPTERS} <= listed
