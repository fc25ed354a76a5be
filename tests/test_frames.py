"""Kernel-free widgets: frames chosen by a control, in Python as in the browser."""

import base64
import io
import re
from unittest import mock

import ipywidgets as widgets
import numpy as np
from matplotlib.figure import Figure
from PIL import Image

from lib.explorers.frames import (
    Backdrops,
    controls_script,
    panels,
    picture,
    select_with,
    show_explorer,
    shown,
    themed_picture,
)
from lib.explorers.painter import PanelPainter
from lib.pictures.style import BLUE


def test_picture_inlines_the_image_and_escapes_the_alt_text():
    tag = picture(b"\x89PNG fake", 'a "quoted" <alt>')
    assert 'alt="a &quot;quoted&quot; &lt;alt&gt;"' in tag
    data = tag.split("base64,")[1].split('"')[0]
    assert base64.b64decode(data) == b"\x89PNG fake"
    assert "data:image/svg+xml;base64," in picture(b"<svg/>", "chart", mime="image/svg+xml")


def test_a_control_selects_the_frame_of_nested_stacks():
    pages = [
        widgets.Stack([widgets.HTML(f"page {p} frame {f}") for f in range(3)], selected_index=0)
        for p in range(2)
    ]
    outer = widgets.Stack(pages, selected_index=0)
    page_slider = widgets.SelectionSlider(options=["a", "b"], index=0)
    frame_slider = widgets.SelectionSlider(options=["x", "y", "z"], index=0)
    link = select_with(page_slider, outer)
    for page in pages:
        select_with(frame_slider, page)
    assert link.source == (page_slider, "index") and link.target == (outer, "selected_index")
    assert shown(outer) == "page 0 frame 0"
    frame_slider.index = 2
    page_slider.index = 1
    assert shown(outer) == "page 1 frame 2"


# --- two renderings, backdrops and panels ----------------------------------------------


def test_themed_picture_gives_each_theme_its_image_and_hides_the_dark_one_outside_the_site():
    tag = themed_picture({"light": b"L", "dark": b"D"}, "a chart", classes={"dark": "extra"})
    light, dark = re.findall(r"<img [^>]*>", tag)
    assert 'class="only-light"' in light and "hidden" not in light
    assert 'class="only-dark extra" hidden' in dark
    assert all('alt="a chart"' in t for t in (light, dark))
    assert base64.b64decode(re.search(r"base64,([^\"]+)", dark).group(1)) == b"D"


def test_backdrops_follow_the_theme_from_one_style_element():
    backdrops = Backdrops()
    name = backdrops.add({"light": b"L", "dark": b"D"})
    css = backdrops.widget().value
    assert css.startswith("<style>") and css.endswith("</style>")
    light_url = f"url(data:image/png;base64,{base64.b64encode(b'L').decode()})"
    dark_url = f"url(data:image/png;base64,{base64.b64encode(b'D').decode()})"
    assert f".{name}{{background:{light_url}" in css
    assert f'html[data-theme="dark"] .{name}{{background-image:{dark_url}}}' in css
    assert backdrops.widget().layout.display == "none"


def test_panels_share_one_picture_when_both_themes_draw_the_same():
    same, differ = {"light": b"S", "dark": b"S"}, {"light": b"L", "dark": b"D"}
    page = panels([same, differ], ["left", "right"], ["bg-a", "bg-b"])
    tags = re.findall(r"<img [^>]*>", page)
    assert len(tags) == 3 and 'class="dark-light bg-a"' in tags[0]
    assert 'class="only-light bg-b"' in tags[1] and 'class="only-dark bg-b" hidden' in tags[2]
    assert "flex-wrap:wrap" in page  # panels stack on a narrow screen


def _two_panel_figure():
    fig = Figure(figsize=(6, 2), dpi=50)
    left, right = fig.subplots(1, 2)
    right.plot([0, 1], [1, 0], color="0.5")  # still
    (moving,) = left.plot([0, 1], [0, 1], color=BLUE, lw=3, animated=True)
    return fig, [left, right], moving


def test_the_painter_cuts_one_picture_per_panel_with_the_still_part_behind():
    fig, axes, moving = _two_panel_figure()
    painter = PanelPainter(fig, axes, [moving])
    assert painter.columns[0][0] == 0 and painter.columns[-1][1] == 300
    assert all(a < b for a, b in painter.columns)
    pictures = painter.frame()
    left = np.asarray(Image.open(io.BytesIO(pictures[0]["light"])).convert("RGBA"))
    right = np.asarray(Image.open(io.BytesIO(pictures[1]["light"])).convert("RGBA"))
    assert left.shape[:2] == (100, painter.columns[0][1])
    assert left[..., 3].max() > 200 and right[..., 3].max() == 0  # only the moving line
    assert left[..., 3].min() == 0  # on a clear ground: the backdrop shows through
    # the line is in the palette, so one picture serves both themes ...
    assert pictures[0]["light"] == pictures[0]["dark"]
    # ... while each theme has its own backdrop
    css = painter.backdrops.widget().value
    assert css.count("url(data:image/png;base64,") == 2 * len(painter.columns)
    moving.set_data([0, 1], [1, 0])  # moved: a new picture
    assert painter.frame()[0]["light"] != pictures[0]["light"]


def test_show_explorer_displays_the_widget_and_the_script_that_names_its_sliders():
    box = widgets.VBox([widgets.SelectionSlider(options=["a", "b"], description="step size s")])
    with mock.patch("IPython.display.display") as display:
        show_explorer(box)
    (shown_widget,), (script,) = (c.args for c in display.call_args_list)
    assert shown_widget is box
    code = script.data
    assert code == controls_script()
    assert 'setAttribute("aria-label"' in code and 'setAttribute("aria-valuetext"' in code
    assert ".widget-readout" in code and ".widget-label" in code
