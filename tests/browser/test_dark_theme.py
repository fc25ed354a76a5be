"""The site in the dark theme: every figure and every explorer (its controls, status line
and frame) reads as part of the dark page instead of a light box on it. Screenshots of
each page and explorer in the dark theme are saved with the others (dark-*.png)."""

import io
import re

import numpy as np
from browser_support import open_site_page, screenshot_name
from PIL import Image

# A figure is a light box when the luminance of most of its pixels (the median: its own
# background) stands out from the page's by this contrast ratio or more, WCAG's least for
# telling a part of the interface apart. The mean is reported too; it is not the test, as a
# dark figure of black-and-white cells (chapter 5's matrix) can be a third white.
# Measured: a light figure on the dark page is about 12:1.
LIGHT_BOX_RATIO = 3.0

# Each figure of the article (the pictures of cell outputs and the visible frame of each
# explorer), at least 48 px a side, so icons are left out.
_FIGURES = """() => [...document.querySelectorAll("main img, main svg, main canvas")].filter(
  f => f.checkVisibility() && f.getBoundingClientRect().width >= 48
    && f.getBoundingClientRect().height >= 48 && !f.parentElement.closest("svg"))"""


def relative_luminance(rgb: np.ndarray) -> np.ndarray:
    """WCAG 2's relative luminance of sRGB colours given as 0-255 values (last axis RGB)."""
    c = np.asarray(rgb, dtype=float) / 255
    linear = np.where(c <= 0.04045, c / 12.92, ((c + 0.055) / 1.055) ** 2.4)
    return linear @ np.array([0.2126, 0.7152, 0.0722])


def contrast(a: float, b: float) -> float:
    return (max(a, b) + 0.05) / (min(a, b) + 0.05)


def test_the_luminance_of_black_white_and_the_page_colours():
    assert relative_luminance([0, 0, 0]) == 0 and relative_luminance([255, 255, 255]) == 1
    assert abs(contrast(relative_luminance([119, 119, 119]), 1.0) - 4.48) < 0.01  # #777


def _shown(page) -> list[str]:
    """What the figures on view say they show (alt text), in order."""
    return page.evaluate(
        f"() => ({_FIGURES})().map(f => f.getAttribute('alt') || f.tagName.toLowerCase())"
    )


def _luminance(element) -> tuple[float, float]:
    """The median and the mean relative luminance of an element's pixels on screen."""
    element.scroll_into_view_if_needed()
    pixels = np.asarray(Image.open(io.BytesIO(element.screenshot())).convert("RGB"))
    luminance = relative_luminance(pixels.reshape(-1, 3))
    return float(np.median(luminance)), float(luminance.mean())


def test_no_figure_is_a_light_box_on_the_dark_page(
    browser, cdn, site_pages, site_url, toc_page, screenshots, report
):
    """Every figure of the light theme is on view in the dark theme too (a dark rendering
    replaces the light one, none goes missing), and no figure and no explorer (its
    controls and status line with its frame) is a light box there."""
    in_light = _shown(site_pages(toc_page).page)
    visit = open_site_page(browser, cdn, f"{site_url}/{toc_page}.html", color_scheme="dark")
    try:
        page = visit.page
        assert page.evaluate("() => document.documentElement.dataset.theme") == "dark"
        page.screenshot(path=screenshots / screenshot_name("dark", toc_page), full_page=True)
        background = page.evaluate(
            """() => { for (let e = document.body; e; e = e.parentElement) {
                         const c = getComputedStyle(e).backgroundColor;
                         if (!/rgba\\(.*, 0\\)$|transparent/.test(c)) return c; }
                       return "rgb(255, 255, 255)"; }"""
        )
        rgb = [float(v) for v in re.findall(r"[\d.]+", background)[:3]]
        page_luminance = float(relative_luminance(rgb))
        assert page_luminance < 0.05, f"the dark theme's page is not dark: {background}"
        parts = {}  # what is measured: each explorer as a whole, then each figure
        boxes = page.evaluate_handle("() => __bookTest.explorerBoxes()")
        for index in range(boxes.evaluate("list => list.length")):
            box = boxes.evaluate_handle("(list, i) => list[i]", index).as_element()
            name = screenshot_name("dark", toc_page, f"-explorer{index}")
            box.scroll_into_view_if_needed()
            box.screenshot(path=screenshots / name)
            parts[f"explorer {index} (controls, status and frame; {name})"] = box
        figures = page.evaluate_handle(_FIGURES)
        for index in range(figures.evaluate("list => list.length")):
            figure = figures.evaluate_handle("(list, i) => list[i]", index).as_element()
            alt = figure.evaluate("f => f.getAttribute('alt') || f.tagName")
            parts[f"figure {index} ({alt[:50]})"] = figure
        light, measured = [], []
        for name, element in parts.items():
            median, mean = _luminance(element)
            ratio = contrast(median, page_luminance)
            measured.append(f"{ratio:.1f} (mean {contrast(mean, page_luminance):.1f})")
            if ratio >= LIGHT_BOX_RATIO:
                light.append(
                    f"{name}: luminance {median:.2f} (mean {mean:.2f}) on a page of "
                    f"{page_luminance:.3f}, {ratio:.1f}:1"
                )
        report(
            f"dark {toc_page}: {len(parts)} explorers and figures, {len(light)} light boxes; "
            f"each against the page: {', '.join(measured) or '-'}"
        )
        in_dark = _shown(page)
        missing = [alt[:60] for alt in in_light if alt not in in_dark]
        assert in_dark == in_light, (
            f"{len(in_dark)} figures in dark, {len(in_light)} in light; not in dark: {missing}"
        )
        assert light == []
    finally:
        visit.close()
