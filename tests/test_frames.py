"""Kernel-free widgets: frames chosen by a control, in Python as in the browser."""

import base64

import ipywidgets as widgets

from lib.explorers.frames import picture, select_with, shown


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
