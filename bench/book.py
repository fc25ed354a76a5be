"""Section 4: the book. Run each chapter in a fresh kernel (its run time and the kernel's
peak memory: what a JupyterHub must give each student), build cold into an empty
--path-output, rebuild warm from the execution cache, and weigh every built page."""

from __future__ import annotations

import re
import subprocess
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

import yaml

from bench.report import Result

BOOK_FLAGS = ["-W", "-n", "--keep-going"]  # those of `make book`
EXECUTION_BUDGET_S = 40.0  # every chapter notebook executed, in total, on a 2-core machine


def _build(root: Path, out: Path, extra: list[str], timeout: float) -> tuple[float, int, str]:
    """Seconds, exit code and the end of the log of one `jupyter-book build`."""
    jupyter_book = Path(sys.executable).with_name("jupyter-book")
    command = [str(jupyter_book), "build", str(root), *BOOK_FLAGS, "--path-output", str(out)]
    start = time.perf_counter()
    try:
        done = subprocess.run(command + extra, capture_output=True, text=True, timeout=timeout)
        code, log = done.returncode, done.stdout + done.stderr
    except subprocess.TimeoutExpired as err:
        code, log = -1, f"timed out after {timeout:.0f} s: {err}"
    return time.perf_counter() - start, code, log[-2000:]


def _execution_seconds(out: Path) -> dict[str, float]:
    """Per notebook, the execution time the build recorded in its jupyter-cache."""
    from jupyter_cache import get_cache

    cache = get_cache(out / "_build" / ".jupyter_cache")
    return {
        Path(record.uri).name: float(record.data.get("execution_seconds", float("nan")))
        for record in cache.list_cache_records()
    }


def chapter_files(root: Path) -> list[str]:
    """The chapter entries of _toc.yml, in order, as paths without suffix."""
    toc = yaml.safe_load((root / "_toc.yml").read_text(encoding="utf-8"))
    files = []

    def walk(entries):
        for entry in entries or []:
            if "file" in entry:
                files.append(entry["file"])
            walk(entry.get("sections"))
            for part in entry.get("parts", []):
                walk(part.get("chapters"))

    walk(toc.get("chapters"))
    for part in toc.get("parts", []):
        walk(part.get("chapters"))
    return files


# Appended to each chapter: the kernel's peak resident memory, in bytes. On Linux that is
# VmHWM, the high-water mark of the kernel's own address space; getrusage's ru_maxrss would
# not do there, since it keeps the resident size of the process that started the kernel
# (Linux carries it over at exec), so a kernel started by a large process looked large.
# Elsewhere (macOS: no /proc) ru_maxrss, which counts bytes there.
_PEAK_RSS_CELL = """\
import resource, sys
try:
    with open("/proc/self/status") as status:
        kb = [line.split()[1] for line in status if line.startswith("VmHWM:")][0]
    print(int(kb) * 1024)
except OSError:
    print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""


def run_in_fresh_kernel(notebook: Path, timeout: float = 170.0) -> tuple[float, int]:
    """Run All of ``notebook`` in a new kernel started in its folder, as in JupyterLab.

    Returns the seconds from the first cell starting to the last one finishing (kernel
    start-up left out) and the kernel's peak resident memory in bytes, read by a cell
    appended after the chapter's own.
    """
    import nbformat
    from nbclient import NotebookClient

    notebook = Path(notebook)
    nb = nbformat.read(notebook, as_version=4)
    nb.cells.append(nbformat.v4.new_code_cell(_PEAK_RSS_CELL))
    resources = {"metadata": {"path": str(notebook.parent)}}
    NotebookClient(nb, timeout=timeout, kernel_name="python3", resources=resources).execute()
    code = [cell for cell in nb.cells if cell.cell_type == "code"]
    stamps = [cell.metadata["execution"] for cell in code[:-1]]
    if stamps:
        started = datetime.fromisoformat(stamps[0]["iopub.status.busy"].replace("Z", "+00:00"))
        ended = datetime.fromisoformat(stamps[-1]["shell.execute_reply"].replace("Z", "+00:00"))
        seconds = (ended - started).total_seconds()
    else:
        seconds = 0.0
    peak = int("".join(out.get("text", "") for out in code[-1].outputs).strip())
    return seconds, peak


def kernel_rows(root: Path, timeout: float = 170.0) -> list[Result]:
    """Per chapter notebook: Run All in a fresh kernel, and that kernel's peak memory."""
    rows = []
    for name in chapter_files(root):
        notebook = root / f"{name}.ipynb"
        if not notebook.is_file():
            continue
        try:
            seconds, peak = run_in_fresh_kernel(notebook, timeout)
        except Exception as err:  # a failing chapter is reported, not fatal for the bench
            note = f"FAILED: {type(err).__name__}: {str(err).strip().splitlines()[-1:]}"
            rows.append(
                Result("4 book", f"{name}: Run All in a fresh kernel", None, "s", note=note)
            )
            continue
        extra = {"run_all_s": seconds, "kernel_peak_rss_bytes": peak}
        rows.append(
            Result(
                "4 book",
                f"{name}: Run All in a fresh kernel",
                seconds,
                "s",
                note="first cell started to last cell done; kernel start-up not counted",
                extra=extra,
            )
        )
        rows.append(
            Result(
                "4 book",
                f"{name}: kernel peak memory",
                peak / 1e6,
                "MB",
                note="peak resident set size of the kernel process (VmHWM) after Run All",
                extra=extra,
            )
        )
    return rows


WIDGET_STATE = re.compile(
    r'<script type="application/vnd\.jupyter\.widget-state\+json">.*?</script>', re.DOTALL
)
# What a page loads from the site itself: scripts, images, style sheets, preloads.
LOCAL_REFERENCE = re.compile(r'<(?:script|img|link)\b[^>]*?\b(?:src|href)="([^"]+)"[^>]*>')
PAGE_BUDGET_KB = 600.0  # issue 14: a chapter page with all it embeds, for phones and slow Wi-Fi


def _is_shared(html_root: Path, path: Path) -> bool:
    """The theme's files (_static/) and Sphinx's search index, which every page loads and
    a browser caches after the first: not a page's own weight."""
    relative = path.relative_to(html_root)
    return relative.parts[0] == "_static" or relative.as_posix() == "searchindex.js"


def local_files(html_root: Path, page: Path) -> set[Path]:
    """The files of the site that ``page`` loads (not the CDN's, not data: URLs, not the
    pages it merely links to)."""
    html_root = html_root.resolve()
    text = page.read_text(encoding="utf-8", errors="replace")
    found = set()
    for tag in LOCAL_REFERENCE.finditer(text):
        if tag.group(0).startswith("<link") and not re.search(
            r'rel="(?:stylesheet|preload|icon)"', tag.group(0)
        ):
            continue  # <link rel="next">, "search", "index": pages, not loaded
        url = tag.group(1)
        if url.startswith(("data:", "http:", "https:", "//", "#")):
            continue
        path = (page.parent / url.split("#")[0].split("?")[0]).resolve()
        if html_root in path.parents and path.is_file():
            found.add(path)
    return found


def page_weight(html_root: Path, page: Path) -> tuple[int, int, int, int]:
    """Bytes of the page's HTML, of the widget state embedded in it (the precomputed
    frames), the number of its own local images and their bytes (files every page shares,
    the theme's and the search index, are left out)."""
    html_root = html_root.resolve()
    own = {path for path in local_files(html_root, page) if not _is_shared(html_root, path)}
    text = page.read_text(encoding="utf-8", errors="replace")
    state = sum(len(m.encode("utf-8")) for m in WIDGET_STATE.findall(text))
    return page.stat().st_size, state, len(own), sum(p.stat().st_size for p in own)


def shared_weight(html_root: Path, pages: list[Path]) -> tuple[int, int]:
    """The number and bytes of the shared files (the theme's, the search index) that
    ``pages`` load: what a first visit adds once."""
    html_root = html_root.resolve()
    shared = {
        path
        for page in pages
        for path in local_files(html_root, page)
        if _is_shared(html_root, path)
    }
    return len(shared), sum(path.stat().st_size for path in shared)


def page_files(root: Path) -> list[str]:
    """Every page of _toc.yml, the root page first, as paths without suffix."""
    toc = yaml.safe_load((root / "_toc.yml").read_text(encoding="utf-8"))
    return [re.sub(r"\.(md|ipynb)$", "", toc["root"]), *chapter_files(root)]


def build_rows(root: Path, out: Path, timeout: float) -> list[Result]:
    """Cold build (which executes every notebook), then a warm rebuild of every page."""
    cold, code, log = _build(root, out, [], timeout)
    note = "" if code == 0 else f"FAILED (exit {code}): {log.strip().splitlines()[-1:]}"
    try:
        executed = _execution_seconds(out)
    except Exception as err:  # no cache when the build failed early
        executed = {}
        note += f" no execution records ({type(err).__name__})"
    total = sum(executed.values()) if executed else None
    per_notebook = ", ".join(f"{k} {v:.1f} s" for k, v in executed.items())
    rows = [
        Result(
            "4 book",
            f"execute all notebooks ({len(executed)})",
            total,
            "s",
            target=("<", EXECUTION_BUDGET_S),  # issue 13: all seven chapters under 40 s
            note=f"recorded by the cold build's execution cache: {per_notebook}",
            extra={"per_notebook_s": executed},
        ),
        Result(
            "4 book",
            "cold build into an empty --path-output",
            cold,
            "s",
            note=note,
            extra={"exit_code": code, "log_tail": log},
        ),
    ]
    warm, code, log = _build(root, out, ["--all"], timeout)
    rows.append(
        Result(
            "4 book",
            "warm rebuild (--all, notebooks from the cache)",
            warm,
            "s",
            note="" if code == 0 else f"FAILED (exit {code})",
            extra={"exit_code": code, "log_tail": log},
        )
    )
    return rows


def page_rows(root: Path, html_root: Path) -> list[Result]:
    """The weight of every page as built: its HTML (with the widget state, the frames,
    embedded) and its own images, held to PAGE_BUDGET_KB; then, once, the theme's files
    that every page shares. Scripts from CDNs (MathJax, the widget manager) are left out:
    shared by every page too, and cached across sites."""
    rows, built = [], []
    for name in page_files(root):
        page = html_root / f"{name}.html"
        if not page.is_file():
            rows.append(Result("4 book", f"page weight {name}", None, "kB", note="not built"))
            continue
        built.append(page)
        html, state, count, images = page_weight(html_root, page)
        note = f"HTML {html / 1e3:,.0f} kB"
        if state:
            note += f", of which embedded widget state (the frames) {state / 1e3:,.0f} kB"
        if count:
            note += f"; {count} images {images / 1e3:,.0f} kB"
        extra = {
            "html_bytes": html,
            "widget_state_bytes": state,
            "images": count,
            "image_bytes": images,
        }
        total = (html + images) / 1e3
        target = ("<=", PAGE_BUDGET_KB)
        rows.append(Result("4 book", f"page weight {name}", total, "kB", "", target, note, extra))
    if built:
        count, size = shared_weight(html_root, built)
        rows.append(
            Result(
                "4 book",
                "theme files every page shares",
                size / 1e3,
                "kB",
                note=f"{count} files in _static/ and the search index, loaded by the first "
                "page a reader opens and cached for the others (not in the figures above)",
                extra={"files": count, "bytes": size},
            )
        )
    return rows


def run(root: Path, timeout: float = 170.0) -> list[Result]:
    root = Path(root)
    rows = kernel_rows(root, timeout)
    with tempfile.TemporaryDirectory(prefix="bench-book-") as tmp:
        out = Path(tmp)
        rows += build_rows(root, out, timeout)
        rows += page_rows(root, out / "_build" / "html")
    return rows
