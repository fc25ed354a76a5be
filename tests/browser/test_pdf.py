"""`make pdf` (book_pdf.py): the whole book as one PDF, read back with pypdf. The PDF is
written next to the screenshots (``<site>/../pdf/book.pdf``, where `make pdf` puts it)."""

import re
import unicodedata

import book_pdf
import pytest
from browser_support import NOTEBOOKS, ROOT, SITE, TOC_PAGES, need, open_site_page
from test_exercises import cells_of, source
from test_page_text import shown_code
from test_reading import CAPACITY_JS, CUT_MATHS_JS, SIDEWAYS_JS, too_narrow

# TeX that MathJax would have turned into maths: a page printed before it had typeset.
UNRENDERED_TEX = [r"\frac", "$$", r"\vv{", r"\begin{"]


def _flat(text: str) -> str:
    """Text compared without spaces or line breaks, ligatures undone (ﬁ → fi)."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def _source_title(page: str) -> str:
    """The page's title as its source writes it: the first level-1 heading."""
    path = ROOT / f"{page}.ipynb"
    if path.is_file():
        import nbformat

        cells = nbformat.read(path, as_version=4).cells
        text = "\n".join(cell.source for cell in cells if cell.cell_type == "markdown")
    else:
        text = (ROOT / f"{page}.md").read_text(encoding="utf-8")
    return re.search(r"^# (.+)$", text, flags=re.M).group(1).strip()


@pytest.fixture(scope="module")
def book(browser, cdn, site_url, report):
    need(not book_pdf.missing(SITE), f"make pdf lacks {book_pdf.missing(SITE)}")
    from pypdf import PdfReader

    path = book_pdf.write_book(browser, cdn, site_url, SITE.parent / "pdf" / "book.pdf", log=print)
    reader = PdfReader(path)
    report(f"pdf: {path}: {len(reader.pages)} pages, {path.stat().st_size / 1e6:.1f} MB")
    return reader


@pytest.mark.slow  # prints every page of the site (about a minute)
def test_the_pdf_has_every_chapter_with_a_contents_page_and_bookmarks(book):
    texts = [page.extract_text() for page in book.pages]
    assert len(book.pages) > len(TOC_PAGES)
    lines = (re.fullmatch(r"(.*\S)\s+(\d+)", line.strip()) for line in texts[0].splitlines())
    contents = {_flat(line.group(1)): int(line.group(2)) for line in lines if line}
    bookmarks = {}

    def walk(items):
        for item in items:
            if isinstance(item, list):
                walk(item)
            else:
                bookmarks.setdefault(_flat(item.title), book.get_destination_page_number(item))

    walk(book.outline)
    for page in TOC_PAGES:
        title = _flat(_source_title(page))
        assert title in bookmarks, f"no bookmark for {page}"
        first = bookmarks[title]
        # its title opens the sheet: every page of the site starts on a new one
        assert _flat(texts[first]).startswith(title), f"{page} does not start a sheet"
        assert contents.get(title) == first + 1, f"the contents page misnumbers {page}"


@pytest.mark.slow
def test_the_pdf_has_no_unrendered_tex(book):
    found = [
        f"page {number}: {tex}"
        for number, page in enumerate(book.pages, start=1)
        for tex in UNRENDERED_TEX
        if tex in page.extract_text()
    ]
    assert found == []


@pytest.mark.slow
def test_every_explorer_is_printed_with_a_pointer_to_the_website(book, site_pages):
    line = _flat("Interactive on the website")
    printed = sum(_flat(page.extract_text()).count(line) for page in book.pages)
    on_site = sum(
        site_pages(page).page.evaluate("() => __bookTest.explorerBoxes().length")
        for page in NOTEBOOKS
    )
    assert on_site > 0
    assert printed == on_site


def _css_px(length: str) -> float:
    """A length of book_pdf's paper and margins ("210mm", "8.5in") in CSS px."""
    number, unit = float(length[:-2]), length[-2:]
    return number * {"mm": 96 / 25.4, "in": 96.0}[unit]


def _shown_code_lines(notebook: str) -> list[str]:
    """The lines of the notebook's code cells that the book shows, blank lines left out."""
    cells = cells_of(ROOT / f"{notebook}.ipynb")
    return [
        line for c in cells if shown_code(c) for line in source(c).splitlines() if line.strip()
    ]


def test_in_print_no_code_box_or_display_equation_is_cut(browser, cdn, site_url, toc_page):
    """The page laid out as `make pdf` prints it (print media, the text width of the
    narrower of its papers): paper does not scroll, so every code box and every display
    equation must fit, and a chapter's code box holds a 79-character line whole."""
    width = min(
        _css_px(paper) - _css_px(book_pdf.MARGIN["left"]) - _css_px(book_pdf.MARGIN["right"])
        for paper, _ in book_pdf.PAPER.values()
    )
    visit = open_site_page(
        browser,
        cdn,
        f"{site_url}/{toc_page}.html",
        viewport={"width": int(width), "height": 1000},
        color_scheme="light",
    )
    try:
        page = visit.page
        page.emulate_media(media="print")
        page.evaluate("() => document.fonts.ready.then(() => true)")
        problems = page.evaluate(SIDEWAYS_JS) + page.evaluate(CUT_MATHS_JS)
        problems += too_narrow(page.evaluate(CAPACITY_JS))
    finally:
        visit.close()
    assert problems == [], f"{toc_page} in print, {int(width)} px wide"


@pytest.mark.slow
def test_no_code_line_is_cut_in_the_pdf(book):
    """Every line of every chapter's shown code is in the PDF's text whole (spaces and line
    breaks aside, so a line that wraps counts). Chromium leaves out the glyphs that a box
    clips, so a line cut at the edge of its box is missing here: with the print style's
    wrapping switched off, 17 of chapter 1's lines were."""
    text = _flat("".join(page.extract_text() for page in book.pages))
    missing = [
        f"{notebook}: {line.strip()[:70]}"
        for notebook in NOTEBOOKS
        for line in _shown_code_lines(notebook)
        if _flat(line) not in text
    ]
    assert missing == []
