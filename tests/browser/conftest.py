"""Fixtures for testing the book the way readers meet it: the built website and JupyterLab
in a real headless Chromium, driven by Playwright. Helpers are in browser_support.py.

Without Playwright, Chromium, the local CDN copies (``npm ci --prefix tests/browser``) or
a built site, these tests are skipped with the reason. With REQUIRE_BROWSER_TESTS=1 (set
by .ci/run) each of those skips is a failure instead, so CI always runs them.

Environment: BOOK_HTML (the built site, default ``<repo>/_build/html``; screenshots go to
the ``screenshots`` folder next to it) and CHROMIUM (default ``/usr/bin/chromium``).
"""

import functools
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

import pytest
from browser_support import (
    CHROMIUM,
    CHROMIUM_ARGS,
    NODE_MODULES,
    NOTEBOOKS,
    SCREENSHOTS,
    SITE,
    TOC_PAGES,
    CdnCopies,
    need,
    open_site_page,
    run_all_cells,
    start_lab,
    stop_lab,
)

# npm's copies of the CDN files: nothing to collect there (nbval would look for notebooks).
collect_ignore = ["node_modules"]


def pytest_generate_tests(metafunc):
    """A test that takes ``toc_page`` runs once per page of _toc.yml; ``notebook``, once
    per chapter notebook."""
    if "toc_page" in metafunc.fixturenames:
        metafunc.parametrize("toc_page", TOC_PAGES)
    if "notebook" in metafunc.fixturenames:
        metafunc.parametrize("notebook", NOTEBOOKS)


# --- what a person should look at, repeated at the end of the output --------------------

_REPORT = pytest.StashKey[list]()


def pytest_configure(config):
    config.stash[_REPORT] = []


def pytest_terminal_summary(terminalreporter, config):
    if config.stash.get(_REPORT, []):
        terminalreporter.section("the book in the browser")
        for line in config.stash[_REPORT]:
            terminalreporter.write_line(line)


@pytest.fixture(scope="session")
def report(pytestconfig):
    """Print a line now and again at the end (pytest hides the prints of passing tests);
    a line already reported is not repeated."""

    def add(line: str) -> None:
        if line not in pytestconfig.stash[_REPORT]:
            print(line)
            pytestconfig.stash[_REPORT].append(line)

    return add


@pytest.fixture(scope="session")
def screenshots(report):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    report(f"screenshots: {SCREENSHOTS}")
    return SCREENSHOTS


# --- Chromium, the site and the CDN copies ----------------------------------------------


# Playwright's sync API keeps an asyncio event loop running while it is open, which would
# confuse later tests that start their own (asyncio.run), so Chromium lives per module.
@pytest.fixture(scope="module")
def browser():
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        need(False, "Playwright is not installed: pip install -r tests/browser/requirements.txt")
    need(CHROMIUM.is_file(), f"no Chromium at {CHROMIUM}: apt-get install chromium")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="session")
def site():
    need((SITE / "index.html").is_file(), f"no site in {SITE}: run `make book` or set BOOK_HTML")
    return SITE


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="session")
def site_url(site):
    """The site served on 127.0.0.1 (a free port) for the whole session."""
    server = ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(_QuietHandler, directory=str(site))
    )
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()
    thread.join()


@pytest.fixture(scope="session")
def cdn():
    return CdnCopies(NODE_MODULES)


@pytest.fixture(scope="module")
def site_pages(browser, cdn, site_url):
    """Each page of the site, loaded once on first use: ``site_pages(page)``. Tests that
    move controls leave them moved; each such test starts from where it needs to be.
    """
    visits = {}

    def get(page):
        if page not in visits:
            visits[page] = open_site_page(browser, cdn, f"{site_url}/{page}.html")
        return visits[page]

    yield get
    for visit in visits.values():
        visit.close()


# --- JupyterLab ----------------------------------------------------------------------


@pytest.fixture(scope="module")
def lab(browser, tmp_path_factory):
    started = start_lab(tmp_path_factory.mktemp("lab"))
    yield started
    stop_lab(started)


@pytest.fixture(scope="module")
def lab_notebooks(browser, lab):
    """Each notebook run once in Lab, on first use: ``lab_notebooks(notebook)``."""
    runs = {}

    def get(notebook):
        if notebook not in runs:
            runs[notebook] = run_all_cells(browser, lab, notebook)
        return runs[notebook]

    yield get
    for run in runs.values():
        run.page.context.close()
