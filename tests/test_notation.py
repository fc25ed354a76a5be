"""The notation page lists every symbol the chapters write, and every chapter links to it.

A symbol counts as used when its LaTeX pattern occurs in a chapter's maths (``$...$`` or
``$$...$$`` in a markdown cell); the page must then show the symbol's canonical LaTeX.
"""

import json
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PAGE = ROOT / "notation.md"
CHAPTERS = sorted((ROOT / "chapters").glob("*.ipynb"))
# written in parallel with the notation page (issue 12); add the link as the other chapters do
NOT_YET_LINKED: set[str] = set()  # 06 and 07 link it since issue 13

# (what the notation page shows, the pattern that finds the symbol in a chapter's maths)
SYMBOLS = [
    (r"\vv x^{(k)}", r"\\vv x\^\{\(k\)\}"),
    (r"$s$", r"(?m)(?<![\\\w])s(?:\\,|\s*[<>=]|$)"),
    (r"$N$", r"(?<![\\\w])N(?!\w)"),
    (r"\ell", r"\\ell(?!\w)"),
    (r"\text{loss}", r"\\text\{loss\}"),
    (r"\nabla f", r"\\nabla"),
    (r"$H$", r"(?<![\\\w])H(?![\w])"),
    (r"\lambda_{\min}", r"\\lambda_\{\\min\}"),
    (r"\lambda_{\max}", r"\\lambda_\{\\max\}"),
    (r"\mathrm{var}(z)", r"\\mathrm\{var\}"),
    (r"\vv a_i", r"\\vv a_i"),
    (r"$A$", r"(?<![\\\w])A(?:\\vv|\^T|\s|$)"),
    (r"\Delta x", r"\\Delta\s*[xfg]"),
    (r"\varepsilon", r"\\varepsilon"),
    (r"\frac{d\vv f}{d\vv x}", r"\\frac\{d\\vv f\}\{d\\vv x\}"),
    (r"\vv e_j", r"\\vv e_j"),
    (r"$L$", r"(?<![\\\w{])L(?![\w}])"),
    (r"$p_j$", r"(?<![\\\w])p_"),
    (r"$X_j$", r"(?<![\\\w])X_"),
    (r"\bar X_j", r"\\bar X"),
    (r"\vv x_j", r"\\vv x_"),
    (r"\vv O_j = \vv m_j", r"\\vv O_"),
    (r"\vv m_j", r"\\vv m_"),
    (r"\vv w_j", r"\\vv w"),
    (r"\sigma'", r"\\sigma'"),
    (r"$\sigma$", r"\\sigma(?!')"),
    (r"\boldsymbol\delta_j", r"\\boldsymbol\\delta"),
    (r"\odot", r"\\odot"),
    (r"\operatorname{diag}", r"\\operatorname\{diag\}"),
    (r"\otimes", r"\\otimes"),
    (r"\operatorname{vec}", r"\\operatorname\{vec\}"),
    (r"$I$, $I_{p}$", r"(?<![\\\w])I(?![\w])|I_\{"),
    (r"\Delta_j", r"\\Delta_"),
    (r"\hat O_{j-1}", r"\\hat O"),
    (r"$J_i$", r"(?<![\\\w])J_"),
    (r"\dot{\vv O}_{i}", r"\\dot\{\\vv O\}"),
    (r"\lVert \bar X_j \rVert_2", r"\\\|_2|\\rVert_2"),
]


def maths(markdown: str) -> str:
    return "\n".join(a or b for a, b in re.findall(r"\$\$(.*?)\$\$|\$(.*?)\$", markdown, re.S))


def chapter_maths(path: Path) -> str:
    cells = json.loads(path.read_text())["cells"]
    return maths("\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown"))


def missing_from(page: str, used_in: str) -> list[str]:
    """The canonical forms of the symbols ``used_in`` writes that ``page`` does not show."""
    return [
        shown for shown, pattern in SYMBOLS if re.search(pattern, used_in) and shown not in page
    ]


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.name)
def test_every_symbol_a_chapter_writes_is_on_the_notation_page(path):
    assert missing_from(PAGE.read_text(), chapter_maths(path)) == []


def test_the_check_would_see_a_symbol_missing_from_the_page():
    page = PAGE.read_text()
    used = chapter_maths(ROOT / "chapters" / "04_backpropagation.ipynb")
    assert missing_from(page.replace(r"\boldsymbol\delta_j", "delta"), used) == [
        r"\boldsymbol\delta_j"
    ]
    assert missing_from(page.replace(r"\bar X_j", "Xbar"), used) == [r"\bar X_j"]


def test_every_pattern_finds_its_own_symbol_on_the_page():
    page_maths = maths(PAGE.read_text())
    unused = [shown for shown, pattern in SYMBOLS if not re.search(pattern, page_maths)]
    assert unused == []


def test_delta_is_defined_once_as_a_column():
    page = PAGE.read_text()
    assert r"$\boldsymbol\delta_j$ | $(\partial \ell / \partial \vv m_j)^T$" in page
    assert "**column**" in page.split(r"$\boldsymbol\delta_j$ |", 1)[1].split("\n", 1)[0]


@pytest.mark.parametrize(
    "path", [p for p in CHAPTERS if p.name not in NOT_YET_LINKED], ids=lambda p: p.name
)
def test_every_chapter_links_to_the_notation_page(path):
    cells = json.loads(path.read_text())["cells"]
    markdown = "".join("".join(c["source"]) for c in cells[:4] if c["cell_type"] == "markdown")
    assert "](../notation.md)" in markdown, f"{path.name}: no link near its objectives"


def test_the_notation_page_follows_the_introduction_in_the_table_of_contents():
    toc = (ROOT / "_toc.yml").read_text()
    entries = re.findall(r"-\s*file:\s*(\S+)", toc)
    assert entries[0] == "notation", entries[:3]


def test_the_list_of_chapters_not_yet_linked_is_current():
    for name in NOT_YET_LINKED:
        path = ROOT / "chapters" / name
        if path.is_file():
            cells = json.loads(path.read_text())["cells"]
            text = "".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")
            assert "](../notation.md)" not in text, f"{name} links the page: drop it from the list"


# --- index letters -------------------------------------------------------------------------
# The page's table "Index letters, chapter by chapter" says which letters number layers and
# which number samples in each chapter. The chapters' maths must keep to it: every single
# letter subscript of a layer symbol (p_j, X_j, m_j, O_j, δ_j, J_j, w_j as a vector) and of
# a sample symbol (z_i, y_i, and in chapters 1 and 2 the feature vector a_i) is one the page
# lists for that chapter. L (the last layer) and digits are always allowed.
ROLES = {
    "layers": [
        r"(?<![\\\w])p_",
        r"(?<![\\\w])X_",
        r"\\vv m_",
        r"\\vv O_",
        r"\\boldsymbol\\delta_",
        r"(?<![\\\w])J_",
        r"\\vv w_",
    ],
    "samples": [r"\\vv z_", r"(?<![\\\w])z_", r"\\vv y_", r"(?<![\\\w])y_"],
}
# a single letter, alone or first before a non-letter: X_j, X_{j-1}, δ_{j,k}; not X_{rs}
INDEX = r"(?:\{([a-zA-Z])(?![a-zA-Z])|([a-zA-Z])(?![a-zA-Z]))"


def index_letters(chapter_text: str, role: str) -> set[str]:
    found = set()
    for symbol in ROLES[role]:
        for braced, bare in re.findall(symbol + INDEX, chapter_text):
            found.add(braced or bare)
    return found - {"L"}


def declared_letters(page: str) -> dict[str, dict[str, set[str]]]:
    """{chapter number: {"layers": letters, "samples": letters}} from the page's table."""
    table = page.split("## Index letters, chapter by chapter", 1)[1].split("\n## ", 1)[0]
    declared = {}
    for row in re.findall(r"^\|\s*\{doc\}`(\d) <[^`]*>`\s*\|(.*)$", table, re.M):
        number, rest = row
        layers, samples = [c.strip() for c in rest.split("|")[:2]]
        declared[number] = {
            "layers": set(re.findall(r"\$([a-zA-Z])\$", layers)),
            "samples": set(re.findall(r"\$([a-zA-Z])\$", samples)),
        }
    return declared


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.name)
@pytest.mark.parametrize("role", sorted(ROLES))
def test_a_chapter_numbers_layers_and_samples_with_the_letters_the_page_gives(path, role):
    declared = declared_letters(PAGE.read_text())
    number = str(int(path.name[:2]))
    assert number in declared, f"the notation page's index table has no row for {path.name}"
    used = index_letters(chapter_maths(path), role)
    assert used <= declared[number][role], (
        f"{path.name} numbers {role} with {sorted(used - declared[number][role])}, which the "
        f"notation page does not list for it (it lists {sorted(declared[number][role])})"
    )


def test_the_index_check_sees_a_letter_the_page_does_not_give():
    used = chapter_maths(ROOT / "chapters" / "07_many_layers.ipynb") + r" $X_q$"
    assert "q" in index_letters(used, "layers")
    assert "q" not in declared_letters(PAGE.read_text())["7"]["layers"]
