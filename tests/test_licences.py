"""The licences: text and figures under CC BY 4.0, code under MIT. The files exist and
say so, pyproject.toml declares the code's licence, and every page's footer names both."""

from __future__ import annotations

import re
import tomllib
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
CONFIG = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))


def test_code_licence_is_mit_with_the_books_copyright():
    text = (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert text.startswith("MIT License")
    assert "Permission is hereby granted, free of charge" in text
    assert f"Copyright (c) {CONFIG['copyright']} {CONFIG['author']}" in text


def test_content_licence_is_cc_by_4_with_its_legal_code():
    text = (ROOT / "LICENSE-CONTENT").read_text(encoding="utf-8")
    assert "CC BY 4.0" in text and "https://creativecommons.org/licenses/by/4.0/" in text
    assert f"Copyright (c) {CONFIG['copyright']} {CONFIG['author']}" in text
    assert "Creative Commons Attribution 4.0 International Public License" in text
    for section in range(1, 9):  # the whole legal code, not an excerpt
        assert f"Section {section} -- " in text
    assert "see LICENSE" in text  # and it sends code to the MIT licence


def test_pyproject_declares_the_code_licence():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert project["license"] == "MIT"
    assert project["license-files"] == ["LICENSE"]


class _Footer(HTMLParser):
    """The text and link targets inside the page's <footer> elements."""

    def __init__(self):
        super().__init__()
        self.depth, self.text, self.hrefs = 0, [], []

    def handle_starttag(self, tag, attrs):
        if tag == "footer":
            self.depth += 1
        elif self.depth and tag == "a":
            self.hrefs.append(dict(attrs).get("href", ""))

    def handle_endtag(self, tag):
        if tag == "footer":
            self.depth -= 1

    def handle_data(self, data):
        if self.depth:
            self.text.append(data)


@pytest.mark.slow  # one book build (shared with the launch-button tests)
def test_every_pages_footer_names_both_licences(quick_book):
    site = quick_book({"launch_buttons": {"jupyterhub_url": ""}})
    pages = []
    for page in sorted(site.glob("**/*.html")):
        text = page.read_text(encoding="utf-8")
        # theme templates under _static/, and index.html, a bare redirect to the root page
        if page.relative_to(site).parts[0].startswith("_") or 'http-equiv="Refresh"' in text:
            continue
        pages.append((page, text))
    assert any(page.parent.name == "chapters" for page, _ in pages), "no chapter page built"
    for page, text in pages:
        footer = _Footer()
        footer.feed(text)
        words = re.sub(r"\s+", " ", "".join(footer.text))
        assert "CC BY 4.0" in words and "LICENSE-CONTENT" in words, page
        assert "MIT licence" in words and "(file LICENSE)" in words, page
        assert "https://creativecommons.org/licenses/by/4.0/" in footer.hrefs, page
        assert "https://opensource.org/license/mit" in footer.hrefs, page
