"""Every maths function of lib names the lecture's equation it implements and the chapter
that teaches it, so a student can open the lecture at the right place."""

import importlib
import inspect
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# every maths module, found in the folders, so a new one is checked too; lib.checks is left
# out: its input checks serve every equation alike
MATHS_MODULES = [
    f"{package}.{path.stem}"
    for package in ("lib", "lib.further")
    for path in sorted((ROOT / package.replace(".", "/")).glob("*.py"))
    if path.stem not in ("__init__", "checks")
]

# "eq. (16)", "eq. 13", "eqs. (13)-(15)", "(15)", "(GD)", "section 5"
EQUATION = re.compile(r"\beqs?\. \(?\d+|\(\d+\)|\(GD\)|\b[Ss]ection \d")
CHAPTER = re.compile(r"\b(?:[Cc]hapters?|ch\.) \d")


def public_objects():
    for name in MATHS_MODULES:
        module = importlib.import_module(name)
        for attribute, value in vars(module).items():
            if attribute.startswith("_") or getattr(value, "__module__", None) != name:
                continue
            if inspect.isfunction(value) or inspect.isclass(value):
                yield pytest.param(value, id=f"{name}.{attribute}")


@pytest.mark.parametrize("obj", list(public_objects()))
def test_the_docstring_names_an_equation_and_a_chapter(obj):
    doc = inspect.getdoc(obj) or ""
    assert EQUATION.search(doc), f"no equation, section or (GD) named: {doc[:100]!r}"
    assert CHAPTER.search(doc), f"no chapter named: {doc[:100]!r}"


def test_every_maths_module_is_looked_at():
    assert len(MATHS_MODULES) >= 12 and "lib.network" in MATHS_MODULES
    assert "lib.further.modes" in MATHS_MODULES and "lib.checks" not in MATHS_MODULES


def test_the_patterns_tell_a_reference_from_none():
    """The control: the patterns find what they look for, and only that."""
    assert EQUATION.search("σ of eq. (16)") and EQUATION.search("(GD) on the loss (4)")
    assert EQUATION.search("from the chain (15)") and EQUATION.search("section 5's recursion")
    assert not EQUATION.search("σ(w) = tanh(w), an activation") and not EQUATION.search("(x)")
    assert CHAPTER.search("(chapters 4, 7)") and CHAPTER.search("Chapter 6: the cost")
    assert not CHAPTER.search("the chapter that teaches it")
