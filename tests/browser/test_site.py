"""The built website as a reader meets it: served on 127.0.0.1, opened in Chromium, with
the CDN files (MathJax, require.js, the ipywidgets HTML manager) answered from npm copies.
"""

import json
import re
import statistics
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from browser_support import (
    BUILT_WITH,
    CONFIG,
    EXPLORER_PAGES,
    FRAME_EXPLORER_PAGES,
    NOTEBOOKS,
    ROOT,
    WITHOUT_LISTINGS,
    check_explorer_walk,
    check_key_presses,
    check_shown_sources,
    explorer_handles,
    frame_explorers,
    screenshot_name,
    time_key_presses,
    walk_explorer,
)


def test_the_site_has_the_current_static_files(site):
    """Sphinx 7 skips copying _static/ when no page changed (sphinx-doc/sphinx#1810, fixed
    in Sphinx 8.2), so an edit to _static/*.js can miss an incremental `make book`."""
    copies = {source: site / source.relative_to(ROOT) for source in (ROOT / "_static").rglob("*")}
    stale = [
        str(source.relative_to(ROOT))
        for source, copy in copies.items()
        if source.is_file() and not (copy.is_file() and copy.read_bytes() == source.read_bytes())
    ]
    assert stale == [], "the built site has old copies: `make clean book` rebuilds it"


def test_every_page_loads_without_a_javascript_error(site_pages, toc_page, report):
    visit = site_pages(toc_page)
    for warning in visit.warnings:
        # Seen and harmless: the widget manager's bundled JSON-schema validator (ajv) warns
        # "strict mode: use allowUnionTypes" about the schema it ships; no setting reaches it.
        report(f"console warning (not an error) on pages with widgets: {warning[:110]}")
    assert visit.errors == []


def test_maths_is_typeset_without_errors(site_pages, toc_page):
    page = site_pages(toc_page).page
    assert page.evaluate("() => __bookTest.untypesetMath()") == []
    assert page.evaluate("() => __bookTest.mathProblems()") == []


def test_the_maths_check_would_see_an_undefined_macro(site_pages):
    """The check above is only worth something if this MathJax marks bad TeX as expected."""
    problems = site_pages(EXPLORER_PAGES[0]).page.evaluate(
        r"""async () => {
          const box = document.createElement("div");
          box.className = "math";
          box.textContent = "\\(\\nosuchmacro x + \\vv{y}\\)";
          document.body.append(box);
          await MathJax.typesetPromise([box]);
          const problems = __bookTest.mathProblems(box);
          box.remove();
          return problems;
        }"""
    )
    assert problems == ["undefined macro \\nosuchmacro"]  # and \vv, from _config.yml, is fine


def test_every_image_shown_has_alt_text(site_pages, toc_page):
    assert site_pages(toc_page).page.evaluate("() => __bookTest.imagesWithoutAlt()") == []


class _Tags(HTMLParser):
    """The ids, the link targets, the <img> and the <svg> tags of an HTML document."""

    def __init__(self, html: str):
        super().__init__()
        self.ids, self.targets, self.images, self.charts = set(), [], [], []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.ids.update(attrs[key] for key in ("id", "name") if attrs.get(key))
        key = {"a": "href", "link": "href", "img": "src", "script": "src"}.get(tag)
        if key and attrs.get(key):
            self.targets.append(attrs[key])
        if tag == "img":
            self.images.append(attrs)
        if tag == "svg":
            self.charts.append(attrs)


def test_every_widget_frame_has_alt_text(site, toc_page):
    """An explorer shows one frame at a time; the others exist only in the widget state.
    A frame's picture is an <img> with alt text or an inline SVG chart (lib/explorers/svg.py)
    that is an image named by its aria-label."""
    html = (site / f"{toc_page}.html").read_text()
    state_json = r'<script type="application/vnd.jupyter.widget-state\+json">(.*?)</script>'
    states = re.findall(state_json, html, flags=re.S)
    frames = [
        _Tags(model["state"].get("value") or "")
        for state in states
        for model in json.loads(state)["state"].values()
        if model["model_name"] in {"HTMLModel", "HTMLMathModel"}
    ]
    missing = [
        (image.get("src") or "")[:60]
        for frame in frames
        for image in frame.images
        if not (image.get("alt") or "").strip()
    ]
    missing += [
        f"<svg> {chart.get('class')}"
        for frame in frames
        for chart in frame.charts
        if chart.get("role") != "img" or not (chart.get("aria-label") or "").strip()
    ]
    assert missing == []


def test_every_internal_link_and_anchor_resolves(site):
    pages = [p for p in site.rglob("*.html") if not p.relative_to(site).parts[0].startswith("_")]
    assert {f"{page}.html" for page in NOTEBOOKS} <= {str(p.relative_to(site)) for p in pages}
    parsed: dict[Path, _Tags] = {}

    def tags(path: Path) -> _Tags:
        if path not in parsed:
            parsed[path] = _Tags(path.read_text())
        return parsed[path]

    broken = []
    for page in pages:
        for link in tags(page).targets:
            parts = urlsplit(link)
            if parts.scheme or parts.netloc:
                continue  # external: the launch-link test checks the ones that matter
            target = (page.parent / unquote(parts.path)).resolve() if parts.path else page
            target = target / "index.html" if target.is_dir() else target
            where = f"{page.relative_to(site)} -> {link}"
            if not target.is_file():
                broken.append(f"{where}: no such file")
            elif parts.fragment and target.suffix == ".html":
                if unquote(parts.fragment) not in tags(target).ids:
                    broken.append(f"{where}: no such anchor")
    assert broken == []


def _expected_launch_links(notebook: str) -> set[str]:
    """The URL forms mybinder.org and Colab document, for the repository in _config.yml."""
    repository, buttons = CONFIG["repository"], CONFIG["launch_buttons"]
    owner_repo = urlsplit(repository["url"]).path.strip("/").removesuffix(".git")
    branch = repository.get("branch", "main")
    path = "/".join(p for p in [repository.get("path_to_book", "").strip("/"), notebook] if p)
    interface = {"jupyterlab": "lab/tree", "classic": "tree"}[buttons["notebook_interface"]]
    binder = buttons["binderhub_url"].rstrip("/")
    colab = buttons["colab_url"].rstrip("/")
    return {
        f"{binder}/v2/gh/{owner_repo}/{branch}?urlpath={interface}/{path}.ipynb",
        f"{colab}/github/{owner_repo}/blob/{branch}/{path}.ipynb",
    }


def test_binder_and_colab_links_have_the_expected_form(site, notebook):
    assert urlsplit(CONFIG["repository"]["url"]).netloc == "github.com"
    assert (ROOT / f"{notebook}.ipynb").is_file()  # the file both links open
    services = (CONFIG["launch_buttons"]["binderhub_url"], CONFIG["launch_buttons"]["colab_url"])
    targets = _Tags((site / f"{notebook}.html").read_text()).targets
    assert {link for link in targets if link.startswith(services)} == _expected_launch_links(
        notebook
    )


def test_screenshot_of_every_page(site_pages, toc_page, screenshots):
    path = screenshots / screenshot_name("site", toc_page)
    site_pages(toc_page).page.screenshot(path=path, full_page=True)
    assert path.stat().st_size > 10_000


def _operate(page, control):
    """Use a control as a reader would: slide it, pick another option, type, click, or
    press play. Returns how many milliseconds its effect may take, and what to do after.
    """
    kind = control.evaluate(
        """e => e.classList.contains("widget-play") ? "play"
              : e.getAttribute("role") === "slider" ? "slider" : `${e.tagName}:${e.type}`"""
    ).lower()
    if kind == "play":
        play, pause = control.query_selector_all("button")[:2]
        play.click()
        return 3000, pause.click  # a frame every `interval` (0.1 s by default)
    if kind == "slider":
        control.focus()
        before = control.get_attribute("aria-valuenow")
        page.keyboard.press("ArrowRight")
        if control.get_attribute("aria-valuenow") == before:  # it was at the end
            page.keyboard.press("ArrowLeft")
    elif kind.startswith("select"):
        count, index = control.evaluate("e => [e.options.length, e.selectedIndex]")
        control.select_option(index=(index + 1) % count)
    elif kind.startswith(("input:text", "input:number", "textarea")):
        control.fill("1")
        control.press("Enter")
    else:
        control.click()
    return 1000, None


def test_no_control_is_dead(site_pages, toc_page):
    """Every control in a widget area changes something else a reader sees, with no kernel
    (a slider wired to a Python callback would only move its own readout)."""
    visit = site_pages(toc_page)
    page, errors_before = visit.page, len(visit.errors)
    controls = page.evaluate_handle("() => __bookTest.controls()")
    dead = []
    for index in range(controls.evaluate("list => list.length")):
        control = controls.evaluate_handle("(list, i) => list[i]", index).as_element()
        own_widget = control.evaluate_handle("e => e.closest('.lm-Widget') || e")
        before = page.evaluate("w => __bookTest.widgetAreaView(w)", own_widget)
        timeout, then = _operate(page, control)
        changed = page.evaluate(
            """([w, before, timeout]) => new Promise(resolve => {
                 const start = performance.now();
                 const poll = () => __bookTest.widgetAreaView(w) !== before ? resolve(true)
                   : performance.now() - start > timeout ? resolve(false)
                   : requestAnimationFrame(poll);
                 poll();
               })""",
            [own_widget, before, timeout],
        )
        if then:
            then()
        if not changed:
            label = own_widget.evaluate("w => w.querySelector('.widget-label')?.textContent")
            dead.append(f"{own_widget.evaluate('w => w.className')} {label or ''}".strip())
    assert dead == []
    assert visit.errors[errors_before:] == []  # and nothing broke while they moved


def test_pages_with_an_explorer_show_one(site_pages):
    for page in EXPLORER_PAGES:
        assert explorer_handles(site_pages(page).page), f"no explorer on {page}"


def test_explorer_slider_changes_the_picture_and_diverges_past_the_bound(
    site_pages, toc_page, screenshots, report
):
    visit = site_pages(toc_page)
    page, errors_before = visit.page, len(visit.errors)
    for index, (box, handle) in enumerate(explorer_handles(page)):
        frames, latencies, refocused = walk_explorer(page, box, handle)
        box.screenshot(path=screenshots / screenshot_name("site", toc_page, f"-explorer{index}"))
        check_explorer_walk(frames, latencies)
        assert refocused == [], "the slider lost the keyboard focus on the site"
        report(
            f"site {toc_page} explorer {index}: key press to new picture, median "
            f"{statistics.median(latencies):.0f} ms over {len(latencies)} moves"
        )
    assert visit.errors[errors_before:] == []


@pytest.mark.parametrize("explorer_page", FRAME_EXPLORER_PAGES)
def test_a_key_press_shows_the_next_picture_within_100_ms(site_pages, explorer_page, report):
    """The same three presses as in JupyterLab (test_lab.py), here with no kernel at all."""
    visit = site_pages(explorer_page)
    page, errors_before = visit.page, len(visit.errors)
    boxes = frame_explorers(page)
    assert boxes, f"no explorer of frames on {explorer_page}: {BUILT_WITH}"
    for index, box in enumerate(boxes):
        where = f"site {explorer_page} explorer {index}"
        check_key_presses(where, time_key_presses(page, box), report)
    assert visit.errors[errors_before:] == []


def test_every_slider_is_named_and_reads_out_its_value(site_pages, toc_page):
    """ipywidgets leaves a slider's handle (role="slider") unnamed and announces the index of
    its option; lib/explorers/controls.js names it after the slider's label and gives it the
    readout as its value text, again after each move."""
    page = site_pages(toc_page).page
    before = page.evaluate("() => __bookTest.sliderSpeech()")
    for slider in before:
        assert slider["label"] and slider["name"] == slider["label"], slider
        assert slider["value"] == slider["readout"], slider
    if before:  # moved with the keyboard, the first slider says its new value
        page.locator(".widget-slider .noUi-handle").first.focus()
        heard = []
        for key in ("End", "ArrowLeft"):
            page.keyboard.press(key)
            heard.append(page.evaluate("() => __bookTest.sliderSpeech()")[0])
        assert heard[0]["readout"] != heard[1]["readout"]
        assert all(h["value"] == h["readout"] for h in heard), heard


def test_a_chapter_shows_the_lib_code_it_teaches_as_it_is_in_lib(site_pages, notebook):
    """Chapter 4 shows loss_and_grad, chapter 1 gradient_descent, ...: line for line."""
    checked = check_shown_sources(site_pages(notebook).page, notebook)
    assert checked or notebook in WITHOUT_LISTINGS, f"{notebook} shows no lib source"
