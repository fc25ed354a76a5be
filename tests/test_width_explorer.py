"""The layer-width explorer (chapter 3): the sizes it shows, its sliders and its SVG chart."""

import math
import xml.etree.ElementTree as ET

import numpy as np
import pytest
from ipywidgets.widgets.widget_link import Link

from lib.explorers import WidthExplorer, width_explorer
from lib.explorers.widths import SizeRow, format_bytes, size_chart_svg, width_rows
from lib.pictures.style import BLUE, VERMILLION

pytestmark = pytest.mark.filterwarnings("error")
SVG = "{http://www.w3.org/2000/svg}"


@pytest.mark.parametrize(
    ("num_bytes", "text"),
    [(0, "0 B"), (8, "8 B"), (1000, "1000 B"), (1536, "1.5 KiB"), (16 * 1024**3, "16 GiB")],
)
def test_format_bytes(num_bytes, text):
    assert format_bytes(num_bytes) == text


@pytest.mark.parametrize(("p", "L"), [(1, 1), (4, 3), (1000, 7), (2**20, 32)])
def test_width_rows_count_what_the_formulas_say(p, L):
    entries = [row.entries for row in width_rows(p, L)]
    assert entries == [p, p * p, L * p * p, p * p, p * p * (p + 1), p * L * p * (p + 1)]


@pytest.fixture(scope="module")
def explorer():
    built = width_explorer(widths=(2, 64, 4096, 2**18), depths=(1, 3, 10))
    assert isinstance(built, WidthExplorer)
    return built


def _svg(frame_html):
    """The frame's chart: an inline SVG after the status line."""
    return ET.fromstring(frame_html[frame_html.index("<svg") :])


def test_sliders_select_the_frame_of_that_width_and_depth(explorer):
    for d, depth in enumerate(explorer.depths):
        for w, width in enumerate(explorer.widths):
            explorer.width_slider.index = w
            explorer.depth_slider.index = d
            assert f"p = {width:,}, L = {depth}:" in explorer.shown
            total = width * depth * width * (width + 1)
            assert f"{total:,} numbers" in explorer.shown


def test_sliders_are_linked_in_the_browser(explorer):
    # jslink keeps the sliders working on the static site, where no kernel runs
    pairs = {
        (link.source[0].model_id, link.source[1], link.target[0].model_id, link.target[1])
        for link in explorer.links
    }
    stack = explorer.frames
    assert (explorer.depth_slider.model_id, "index", stack.model_id, "selected_index") in pairs
    for page in stack.children:
        assert (explorer.width_slider.model_id, "index", page.model_id, "selected_index") in pairs
    assert all(isinstance(link, Link) for link in explorer.links)


def test_bars_are_red_exactly_past_the_memory_line(explorer):
    for page, depth in zip(explorer.frames.children, explorer.depths, strict=True):
        for frame, width in zip(page.children, explorer.widths, strict=True):
            svg = _svg(frame.value)
            bars = [e for e in svg.iter(f"{SVG}rect") if e.find(f"{SVG}title") is not None]
            rows = width_rows(width, depth)
            assert len(bars) == len(rows)
            labels = [t for t in svg.iter(f"{SVG}text") if t.text in {r.label for r in rows}]
            for bar, row, label in zip(bars, rows, labels, strict=True):
                red = bar.get("fill") == VERMILLION
                assert red == (8 * row.entries > explorer.memory_bytes)
                # and said without colour too, after the bar's label
                assert red == ("too big" in "".join(label.itertext()))
            over = 8 * rows[-1].entries > explorer.memory_bytes
            assert ("more than a laptop" in frame.value) == over


def test_bar_lengths_follow_the_logarithm_of_the_memory(explorer):
    frame = explorer.frames.children[1].children[2].value
    bars = [e for e in _svg(frame).iter(f"{SVG}rect") if e.find(f"{SVG}title") is not None]
    rows = width_rows(explorer.widths[2], explorer.depths[1])
    lengths = np.array([float(b.get("width")) for b in bars])
    logs = np.array([math.log(8 * row.entries) for row in rows])
    # bars start at 1 byte, so length is proportional to log(bytes)
    np.testing.assert_allclose(lengths / logs, lengths[0] / logs[0], rtol=1e-3)


def test_every_frame_has_alt_text_and_a_status(explorer):
    for page in explorer.frames.children:
        for frame in page.children:
            assert '<p class="explorer-status">p = ' in frame.value
            alt = _svg(frame.value).get("aria-label")
            assert alt.startswith("Horizontal bars") and "dashed line" in alt
            assert _svg(frame.value).get("role") == "img"


def test_size_chart_colours_a_bar_red_as_soon_as_it_passes_the_line():
    rows = [SizeRow("just below", "1 × 10", 10), SizeRow("just above", "1 × 11", 11)]
    svg = ET.fromstring(size_chart_svg(rows, 85.0, (1.0, 1024.0**2)))  # 80 B and 88 B
    fills = [
        bar.get("fill") for bar in svg.iter(f"{SVG}rect") if bar.find(f"{SVG}title") is not None
    ]
    assert fills == [BLUE, VERMILLION]


def test_size_chart_svg_is_well_formed():
    svg = size_chart_svg(width_rows(16, 2), 1024.0**3, (1.0, 1024.0**4))
    root = ET.fromstring(svg)
    assert root.tag == f"{SVG}svg"


@pytest.mark.parametrize(
    ("kwargs", "error", "pattern"),
    [
        ({"widths": (4, 4)}, ValueError, "widths must be strictly increasing"),
        ({"widths": (4,)}, ValueError, "widths must list at least two"),
        ({"widths": (0, 4)}, ValueError, r"widths\[0\] must be an integer >= 1, got 0"),
        ({"depths": (1, 2.5)}, TypeError, r"depths\[1\] must be an integer >= 1, got float 2.5"),
        ({"depths": "12"}, ValueError, "depths must list at least two"),
        ({"memory_bytes": -1}, ValueError, "memory_bytes must be a finite number > 0"),
    ],
)
def test_width_explorer_refuses_bad_input(kwargs, error, pattern):
    with pytest.raises(error, match=pattern):
        width_explorer(**kwargs)
