"""`make pdf` (book_pdf.py): the whole book as one PDF, read back with pypdf. The PDF is
written next to the screenshots (``<site>/../pdf/book.pdf``, where `make pdf` puts it)."""

import re
import unicodedata

import book_pdf
import pytest
from browser_support import NOTEBOOKS, ROOT, SITE, TOC_PAGES, need

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
