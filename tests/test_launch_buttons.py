"""The JupyterHub launch button. With `launch_buttons.jupyterhub_url` set in _config.yml,
each chapter page links to an nbgitpuller URL on that hub which pulls the repository and
branch of `repository:` and opens the chapter's notebook in JupyterLab; unset, no page
has a hub button. Both sites are built from this tree, without executing notebooks.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
CONFIG = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
HUB = "https://hub.example.edu/"  # a trailing slash, as an instructor may well type it

pytestmark = pytest.mark.slow  # two book builds


def toc_pages() -> list[str]:
    """Every page of _toc.yml (the root, chapters, parts, sections), without suffix."""

    def walk(node):
        if isinstance(node, dict):
            for key in ("root", "file"):
                if key in node:
                    yield re.sub(r"\.(md|ipynb)$", "", node[key])
            for value in node.values():
                yield from walk(value)
        elif isinstance(node, list):
            for item in node:
                yield from walk(item)

    return list(walk(yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))))


PAGES = toc_pages()
NOTEBOOKS = [page for page in PAGES if (ROOT / f"{page}.ipynb").is_file()]


class _Links(HTMLParser):
    """Each <a>'s href and title."""

    def __init__(self):
        super().__init__()
        self.links = []

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            attrs = dict(attrs)
            self.links.append((attrs.get("href") or "", attrs.get("title") or ""))


def hub_links(page: Path) -> list[str]:
    """The page's links that launch on a JupyterHub (by the button's title or by the
    nbgitpuller endpoint, so that neither can slip through alone)."""
    parser = _Links()
    parser.feed(page.read_text(encoding="utf-8"))
    return [href for href, title in parser.links if "JupyterHub" in title or "git-pull" in href]


@pytest.fixture(scope="module")
def with_hub(quick_book):
    return quick_book({"launch_buttons": {"jupyterhub_url": HUB}})


@pytest.fixture(scope="module")
def without_hub(quick_book):
    return quick_book({"launch_buttons": {"jupyterhub_url": ""}})


def test_the_toc_has_chapter_notebooks():
    assert NOTEBOOKS, "no notebook in _toc.yml"


@pytest.mark.parametrize("notebook", NOTEBOOKS)
def test_chapter_links_to_its_notebook_in_jupyterlab_on_the_hub(with_hub, notebook):
    links = hub_links(with_hub / f"{notebook}.html")
    assert len(links) == 1, f"expected one JupyterHub button, found {links}"
    url = urlsplit(links[0])
    hub = urlsplit(HUB)
    assert (url.scheme, url.netloc) == (hub.scheme, hub.netloc)
    # JupyterHub sends the student to their own server, where nbgitpuller answers
    assert url.path == "/hub/user-redirect/git-pull"
    query = {key: values[0] for key, values in parse_qs(url.query, strict_parsing=True).items()}
    repository = CONFIG["repository"]
    assert query["repo"] == repository["url"]
    assert query["branch"] == repository["branch"]
    # nbgitpuller clones into a folder named after the repository, in the student's home;
    # lab/tree/ opens the file in JupyterLab (the classic interface would be tree/)
    folder = repository["url"].rstrip("/").removesuffix(".git").rsplit("/", 1)[-1]
    book = repository.get("path_to_book", "").strip("/")
    in_repository = f"{book}/{notebook}.ipynb" if book else f"{notebook}.ipynb"
    assert query["urlpath"] == f"lab/tree/{folder}/{in_repository}"
    assert (ROOT / in_repository).is_file()  # the link names a file the pull brings


def test_pages_that_are_not_notebooks_have_no_hub_button(with_hub):
    others = [page for page in PAGES if page not in NOTEBOOKS]
    assert others, "expected at least the introduction"
    for page in others:
        assert hub_links(with_hub / f"{page}.html") == [], page


def test_no_hub_button_when_the_setting_is_empty(with_hub, without_hub):
    for page in PAGES:
        assert hub_links(without_hub / f"{page}.html") == [], page
    # the same pages built with the hub set do have the button, so the check can see it
    assert all(hub_links(with_hub / f"{page}.html") for page in NOTEBOOKS)
