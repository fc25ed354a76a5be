"""`make pdf`: the whole book as one PDF, printed by Debian's Chromium from the built site.

Every page of _toc.yml is opened as the browser tests open it (the site served on
127.0.0.1, the files it loads from CDNs answered from tests/browser/node_modules, the
widgets and the maths rendered) and printed with the site's own print style sheet
(_static/print.css: an explorer prints as its default frame with a line saying that it is
interactive on the website). pypdf then puts the pages behind a title and contents page,
so every chapter starts on a new sheet, numbers the pages, turns links between the book's
pages into jumps inside the PDF and adds bookmarks for the parts, chapters and sections.

    python tests/browser/book_pdf.py [--html _build/html] [--out _build/pdf/book.pdf]

It needs what the browser tests need (README.md) and says what is missing. No internet:
Jupyter Book's own `pdfhtml` builder would download a browser; this uses Chromium.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import html
import importlib.util
import io
import json
import sys
import threading
from dataclasses import dataclass, field
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

import yaml
from browser_support import (
    CHROMIUM,
    CHROMIUM_ARGS,
    CONFIG,
    HERE,
    NODE_MODULES,
    ROOT,
    CdnCopies,
    open_site_page,
)

PAPER = {"A4": ("210mm", "297mm"), "Letter": ("8.5in", "11in")}
# Room at the foot of every sheet for the running title and the page number.
MARGIN = {"top": "16mm", "bottom": "20mm", "left": "16mm", "right": "16mm"}


# --- what it needs --------------------------------------------------------------------


def missing(site: Path) -> list[str]:
    """What `make pdf` lacks, each with how to get it (empty: all there)."""
    problems = []
    for module, how in (
        ("playwright", "pip install -r tests/browser/requirements.txt"),
        ("pypdf", "pip install -r tests/browser/requirements.txt"),
    ):
        if importlib.util.find_spec(module) is None:
            problems.append(f"the Python package {module}: {how}")
    if not CHROMIUM.is_file():
        problems.append(f"Chromium at {CHROMIUM}: sudo apt-get install chromium (or set CHROMIUM)")
    wanted = json.loads((HERE / "package.json").read_text())["dependencies"]
    absent = [name for name in wanted if not (NODE_MODULES / name / "package.json").is_file()]
    if absent:
        problems.append(
            f"the local copies of {', '.join(absent)} in {NODE_MODULES}: "
            "npm ci --prefix tests/browser --ignore-scripts"
        )
    if not (site / "index.html").is_file():
        problems.append(f"the built site in {site}: make book")
    return problems


# --- the pages, in the order and parts of _toc.yml --------------------------------------


def toc_parts(toc: dict) -> list[tuple[str | None, list[str]]]:
    """[(part caption or None, [page, ...]), ...]; the root page is a part of its own."""

    def files(entries):
        for entry in entries or []:
            if "file" in entry:
                yield entry["file"]
            yield from files(entry.get("sections"))

    parts = [(None, [toc["root"]])]
    if "chapters" in toc:
        parts.append((None, list(files(toc["chapters"]))))
    for part in toc.get("parts", []):
        parts.append((part.get("caption"), list(files(part.get("chapters")))))
    return [
        (caption, [page.removesuffix(".md").removesuffix(".ipynb") for page in pages])
        for caption, pages in parts
        if pages
    ]


@dataclass
class Printed:
    """One page of the site as a PDF of its own."""

    page: str
    title: str
    pdf: bytes
    sections: list = field(default_factory=list)  # (level, element id, heading) in order
    errors: list = field(default_factory=list)  # what the page reported while loading
    start: int = 0  # its first sheet in the book, from 0


# The page's title and its section headings (level 0 for h2, 1 for h3) with the id of their
# section, which Chromium keeps as a named destination in the PDF. A formula in a heading
# is read from MathJax's MathML copy.
_HEADINGS = """() => {
  const text = heading => {
    const copy = heading.cloneNode(true);
    copy.querySelectorAll(".headerlink").forEach(link => link.remove());
    copy.querySelectorAll("mjx-container").forEach(maths => maths.replaceWith(
      maths.querySelector("mjx-assistive-mml")?.textContent ?? ""));
    return copy.textContent.replace(/\\s+/g, " ").trim();
  };
  const title = text(document.querySelector("article h1, main h1"));
  const sections = [...document.querySelectorAll("article section[id] > :is(h2, h3)")]
    .map(h => [h.tagName === "H2" ? 0 : 1, h.parentElement.id, text(h)]);
  return [title, sections];
}"""


def print_page(browser, cdn: CdnCopies, base: str, page: str, paper: str) -> Printed:
    """Open ``page`` as a reader would (light theme), wait for the widgets, the maths and
    its fonts, and print it. Maths that MathJax could not typeset stops the print."""
    visit = open_site_page(browser, cdn, f"{base}/{page}.html", color_scheme="light")
    try:
        tab = visit.page
        problems = tab.evaluate(
            "() => [...__bookTest.untypesetMath(), ...__bookTest.mathProblems()]"
        )
        if problems:
            raise RuntimeError(f"{page}: maths not typeset: {problems[:3]}")
        tab.evaluate("() => document.fonts.ready.then(() => true)")
        title, sections = tab.evaluate(_HEADINGS)
        width, height = PAPER[paper]
        pdf = tab.pdf(width=width, height=height, margin=MARGIN, print_background=True)
        return Printed(page, title, pdf, sections, errors=list(visit.errors))
    finally:
        visit.close()


# --- the front matter, the page numbers -------------------------------------------------


def front_matter(parts, printed: dict, base: str, numbers: dict | None) -> str:
    """The title and contents page: each page of the book with the sheet it starts on,
    linked to it (the link to the site becomes a jump inside the PDF, see link_pages)."""
    rows = []
    for caption, pages in parts:
        if caption:
            rows.append(f'<li class="part">{html.escape(caption)}</li>')
        for page in pages:
            number = numbers[page] if numbers else "000"
            rows.append(
                f'<li><a href="{base}/{page}.html">{html.escape(printed[page].title)}</a>'
                f"<span>{number}</span></li>"
            )
    licence = (
        "Text and figures: CC BY 4.0. Code: MIT licence. Printed from the book's website; "
        "its explorers are interactive there."
    )
    # It flows onto a second sheet if the book ever has that many pages.
    return f"""<!doctype html><html lang="en"><head><meta charset="utf-8"><style>
@page {{ margin: 28mm 24mm 24mm; }}
body {{ margin: 0; font-family: "DejaVu Sans", "Liberation Sans", sans-serif; }}
h1 {{ font-size: 26pt; font-weight: 500; margin: 0 0 4mm; }}
.by {{ font-size: 13pt; color: #333; margin: 0 0 16mm; }}
h2 {{ font-size: 15pt; font-weight: 500; margin: 0 0 4mm; }}
ol {{ list-style: none; padding: 0; margin: 0; font-size: 11.5pt; line-height: 1.9; }}
li {{ display: flex; break-inside: avoid; }}
li a {{ color: inherit; text-decoration: none; flex: 1; }}
li.part {{ font-weight: 600; margin-top: 3mm; break-after: avoid; }}
li:not(.part) {{ padding-left: 6mm; }}
.licence {{ margin-top: 14mm; font-size: 9pt; color: #555; }}
</style></head><body>
<h1>{html.escape(CONFIG["title"])}</h1>
<p class="by">{html.escape(str(CONFIG.get("author", "")))}, {CONFIG.get("copyright", "")}</p>
<h2>Contents</h2><ol>{"".join(rows)}</ol>
<p class="licence">{licence}</p>
</body></html>"""


def footers(running: list[str], paper: str) -> str:
    """One sheet per page of the book: its running title on the left, its number on the
    right, to be laid over the printed pages."""
    sheets = "".join(
        f'<div class="sheet"><div class="foot"><span>{html.escape(title)}</span>'
        f"<span>{number}</span></div></div>"
        for number, title in enumerate(running, start=1)
    )
    return f"""<!doctype html><html lang="en"><head><meta charset="utf-8"><style>
@page {{ margin: 0; }}
body {{ margin: 0; font-family: "DejaVu Sans", "Liberation Sans", sans-serif; }}
.sheet {{ position: relative; height: calc({PAPER[paper][1]} - 1mm); break-after: page; }}
.foot {{ position: absolute; left: {MARGIN["left"]}; right: {MARGIN["right"]}; bottom: 9mm;
         display: flex; justify-content: space-between; font-size: 8.5pt; color: #555; }}
</style></head><body>{sheets}</body></html>"""


def print_html(browser, markup: str, paper: str) -> bytes:
    width, height = PAPER[paper]
    context = browser.new_context()
    try:
        tab = context.new_page()
        tab.set_content(markup)
        return tab.pdf(width=width, height=height, print_background=True)
    finally:
        context.close()


# --- putting the book together ------------------------------------------------------------


def _annotations(sheet) -> list:
    """The sheet's annotations (links among them), as the list the sheet holds."""
    found = sheet.get("/Annots")
    return [] if found is None else found.get_object()


def _explicit_destinations(reader) -> dict[str, tuple[int, float | None]]:
    """Chromium names a destination after each element id; every page has its own names
    (an "exercises" in each chapter), so the links inside a page are pointed at explicit
    sheets before the pages are joined. Returns {id: (sheet in the page, top)}."""
    from pypdf.generic import ArrayObject, FloatObject, NameObject, NullObject

    named = reader.named_destinations
    targets = {}
    for name, dest in named.items():
        top = dest.top if isinstance(dest.top, int | float) else None
        targets[name.lstrip("/")] = (reader.get_destination_page_number(dest), top)
    for sheet in reader.pages:
        for annotation in _annotations(sheet):
            link = annotation.get_object()
            name = link.get("/Dest")
            if link.get("/Subtype") != "/Link" or not isinstance(name, str):
                continue
            index, top = targets.get(str(name).lstrip("/"), (None, None))
            if index is None:
                del link["/Dest"]  # a link to an id that is not in the page
                continue
            link[NameObject("/Dest")] = ArrayObject(
                [
                    reader.pages[index].indirect_reference,
                    NameObject("/XYZ"),
                    NullObject(),
                    NullObject() if top is None else FloatObject(top),
                    NullObject(),
                ]
            )
    return targets


def link_pages(writer, base: str, printed: dict, targets: dict) -> int:
    """Links to the site's own pages (127.0.0.1) become jumps to the sheet in the book
    that holds their target; returns how many links were changed."""
    from pypdf.generic import ArrayObject, FloatObject, NameObject, NullObject

    changed = 0
    for sheet in writer.pages:
        annotations = _annotations(sheet)
        for annotation in list(annotations):
            link = annotation.get_object()
            uri = str(link.get("/A", {}).get("/URI", ""))
            if not uri.startswith(f"{base}/"):
                continue
            parts = urlsplit(uri)
            page = unquote(parts.path).lstrip("/").removesuffix(".html")
            if page not in printed:  # a page of the site that is not in the book (the index)
                annotations.remove(annotation)  # a link to 127.0.0.1 would lead nowhere
                continue
            index, top = targets[page].get(unquote(parts.fragment), (0, None))
            goal = writer.pages[printed[page].start + index]
            del link["/A"]
            link[NameObject("/Dest")] = ArrayObject(
                [
                    goal.indirect_reference,
                    NameObject("/XYZ"),
                    NullObject(),
                    NullObject() if top is None else FloatObject(top),
                    NullObject(),
                ]
            )
            changed += 1
    return changed


def assemble(browser, parts, printed: dict, base: str, paper: str) -> bytes:
    """The front matter, then every page on new sheets, numbered, linked, bookmarked."""
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import Fit

    readers = {page: PdfReader(io.BytesIO(p.pdf)) for page, p in printed.items()}
    order = [page for _, pages in parts for page in pages]
    # the contents page twice: once to count its sheets, once with the numbers
    front_sheets = len(
        PdfReader(
            io.BytesIO(print_html(browser, front_matter(parts, printed, base, None), paper))
        ).pages
    )
    start = front_sheets
    for page in order:
        printed[page].start = start
        start += len(readers[page].pages)
    numbers = {page: printed[page].start + 1 for page in order}
    front = PdfReader(
        io.BytesIO(print_html(browser, front_matter(parts, printed, base, numbers), paper))
    )
    if len(front.pages) != front_sheets:
        raise RuntimeError("the contents page changed length once numbered")

    writer = PdfWriter()
    writer.append(front, import_outline=False)
    targets = {}
    for page in order:
        targets[page] = _explicit_destinations(readers[page])
        writer.append(readers[page], import_outline=False)
    link_pages(writer, base, printed, targets)

    running = ["Contents"] * front_sheets
    for page in order:
        running += [printed[page].title] * len(readers[page].pages)
    overlay = PdfReader(io.BytesIO(print_html(browser, footers(running, paper), paper)))
    if len(overlay.pages) != len(writer.pages):
        raise RuntimeError(f"{len(overlay.pages)} footers for {len(writer.pages)} sheets")
    for sheet, foot in zip(writer.pages, overlay.pages, strict=True):
        sheet.merge_page(foot)
        sheet.compress_content_streams()  # merging leaves the joined stream uncompressed

    writer.add_outline_item(title="Contents", page_number=0)
    for caption, pages in parts:
        parent = None
        if caption:
            parent = writer.add_outline_item(title=caption, page_number=printed[pages[0]].start)
        for page in pages:
            chapter = writer.add_outline_item(
                title=printed[page].title, page_number=printed[page].start, parent=parent
            )
            stack = [chapter]
            for level, target, title in printed[page].sections:
                if target not in targets[page]:
                    continue  # no destination: Chromium printed no element with that id
                sheet, top = targets[page][target]
                del stack[level + 1 :]
                item = writer.add_outline_item(
                    title=title,
                    page_number=printed[page].start + sheet,
                    parent=stack[-1],
                    fit=Fit.xyz(top=top),
                )
                stack.append(item)
    writer.page_mode = "/UseOutlines"
    writer.add_metadata({"/Title": CONFIG["title"], "/Author": str(CONFIG.get("author", ""))})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def write_book(
    browser, cdn: CdnCopies, base: str, out: Path, paper: str = "A4", log=print
) -> Path:
    """Print every page of the site served at ``base`` and write the book to ``out``."""
    parts = toc_parts(yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8")))
    printed = {}
    for _, pages in parts:
        for page in pages:
            printed[page] = print_page(browser, cdn, base, page, paper)
            log(f"printed {page}: {_sheets(printed[page].pdf)} sheets")
            for error in printed[page].errors:
                log(f"  {page}: {error[:160]}")
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(assemble(browser, parts, printed, base, paper))
    return out


def _sheets(pdf: bytes) -> int:
    from pypdf import PdfReader

    return len(PdfReader(io.BytesIO(pdf)).pages)


# --- the command ----------------------------------------------------------------------


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@contextlib.contextmanager
def served(site: Path):
    """The site on 127.0.0.1 at a free port, for as long as the block runs."""
    server = ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(_QuietHandler, directory=str(site))
    )
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--html",
        type=Path,
        default=ROOT / "_build" / "html",
        help="the built site (default: _build/html)",
    )
    parser.add_argument(
        "--out",
        type=Path,
        default=ROOT / "_build" / "pdf" / "book.pdf",
        help="the PDF to write (default: _build/pdf/book.pdf)",
    )
    parser.add_argument("--paper", choices=sorted(PAPER), default="A4")
    args = parser.parse_args(argv)
    site = args.html.resolve()
    if problems := missing(site):
        print(
            "make pdf needs what the browser tests need (README.md); missing:",
            *problems,
            sep="\n  ",
            file=sys.stderr,
        )
        return 2
    from playwright.sync_api import sync_playwright

    with served(site) as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            out = write_book(browser, CdnCopies(NODE_MODULES), base, args.out, args.paper)
        finally:
            browser.close()
    from pypdf import PdfReader

    print(f"{out}: {len(PdfReader(out).pages)} pages, {out.stat().st_size / 1e6:.1f} MB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
