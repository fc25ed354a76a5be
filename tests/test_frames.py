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
    Control,
    FrameStack,
    controls_script,
    explorer_frames,
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


def _messages_to_the_browser():
    """Patch every widget's send: the list collects (widget class, method, state)."""
    sent = []

    def send(widget, msg, buffers=None):
        sent.append((type(widget).__name__, msg["method"], msg.get("state")))

    return sent, mock.patch.object(widgets.Widget, "_send", send)


def _from_the_browser(widget, **state):
    """What the kernel receives when the browser changes ``widget``."""
    data = {"method": "update", "state": state, "buffer_paths": []}
    widget._handle_msg({"content": {"data": data}, "buffers": []})


def _two_controls(calls=None):
    def frame(i, j):
        if calls is not None:
            calls.append((i, j))
        return f"<p>menu {i}, slider {j}</p>"

    controls = [
        Control("pick", ("a", "b"), menu=True, width=None, label_width=None),
        Control("p<sub>0</sub>", ("1", "2", "3"), start=2, width="70%"),
    ]
    return explorer_frames(controls, frame)


def test_explorer_frames_nests_one_stack_per_control_and_links_each_in_the_browser():
    calls = []
    made = _two_controls(calls)
    assert calls == [(i, j) for i in range(2) for j in range(3)]  # in order, last innermost
    menu, slider = made.controls
    assert isinstance(menu, widgets.Dropdown) and isinstance(slider, widgets.SelectionSlider)
    assert slider.label == "3" and slider.layout.width == "70%"
    assert slider.description_allow_html and not menu.description_allow_html
    assert slider.style.description_width == "initial" and menu.layout.width is None
    assert isinstance(made.stack, FrameStack) and len(made.stack.children) == 2
    pages = made.stack.children
    assert all(isinstance(page, FrameStack) and page.selected_index == 2 for page in pages)
    frame = pages[1].children[0]
    assert frame.value == "<p>menu 1, slider 0</p>"
    assert frame._dom_classes == ("explorer-frame", "explorer-frame-1-0")
    assert slider._dom_classes == ("explorer-control-1",)
    ends = [(link.source, link.target) for link in made.links]
    assert ends == [((menu, "index"), (made.stack, "selected_index"))] + [
        ((slider, "index"), (page, "selected_index")) for page in pages
    ]
    assert all(isinstance(link, widgets.widget_link.DirectionalLink) for link in made.links)
    # the frames share one layout and one style (page weight)
    frames = [f for page in pages for f in page.children]
    assert len({id(f.layout) for f in frames}) == len({id(f.style) for f in frames}) == 1


def test_python_follows_the_controls_without_a_word_to_the_browser():
    made = _two_controls()
    menu, slider = made.controls
    sent, patch = _messages_to_the_browser()
    with patch:
        slider.index = 0  # a notebook cell moves the slider: the browser must hear of it
        assert sent == [("_Slider", "update", {"index": 0})]
        assert shown(made.stack) == "<p>menu 0, slider 0</p>"
        sent.clear()
        _from_the_browser(menu, index=1)  # a reader picks "b"
        _from_the_browser(made.stack, selected_index=1)  # ... and the browser's link follows
        _from_the_browser(slider, index=1)
        assert shown(made.stack) == "<p>menu 1, slider 1</p>"
        assert sent == []  # no echo, no copy of the frame index sent back


def test_select_with_links_a_plain_stack_and_python_follows_silently():
    stack = widgets.Stack([widgets.HTML("P"), widgets.HTML("Q")], selected_index=0)
    control = widgets.SelectionSlider(options=["p", "q"], index=0)
    sent, patch = _messages_to_the_browser()
    with patch:
        link = select_with(control, stack)
        sent.clear()
        _from_the_browser(control, index=1)
    assert isinstance(link, widgets.widget_link.DirectionalLink)
    assert stack.selected_index == 1 and shown(stack) == "Q"
    assert [m for m in sent if m[0] == "Stack"] == []  # the stack's copy is not sent back


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


def test_the_painter_draws_a_whole_picture_over_its_still_part_drawn_once():
    fig, axes, moving = _two_panel_figure()
    painter = PanelPainter(fig, axes, [moving])
    with mock.patch.object(painter.canvas, "draw", wraps=painter.canvas.draw) as draw:
        first = painter.picture()
        moving.set_data([0, 1], [1, 0])
        second = painter.picture()
        assert draw.call_count == 1  # the still part once, then only the moving line
        axes[1].set_ylim(-5, 5)
        third = painter.picture(still_changed=True)
        assert draw.call_count == 2
    images = [Image.open(io.BytesIO(p)).convert("RGB") for p in (first, second, third)]
    pixels = [np.asarray(image, dtype=float) for image in images]
    assert pixels[0].shape == (100, 300, 3)
    left, right = (slice(a, b) for a, b in painter.columns)

    def change(a, b, panel):  # mean difference per pixel, 0-255 (colours are quantised)
        return np.abs(pixels[a][:, panel] - pixels[b][:, panel]).mean()

    assert change(0, 1, left) > 5 * change(0, 1, right)  # the line moved, the panel stayed
    assert change(1, 2, right) > 5 * change(0, 1, right)  # ... until its limits changed
    assert pixels[0][:, right].min() < 100  # the still part's ink, on a white ground


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
