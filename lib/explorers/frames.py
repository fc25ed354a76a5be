"""Kernel-free widgets: every picture computed in Python, the choice made in the browser.

On the built website no Python runs, so a control wired to a Python callback would sit
there dead. The explorers of this book therefore compute every frame a control can show
when the notebook runs, ship them as HTML in an ipywidgets ``Stack``, and let the control
pick one with ``jslink``, which runs in the browser, in JupyterLab and on the site alike.

Every picture comes in a light and a dark rendering, two ``<img>`` classed ``only-light``
and ``only-dark``: the website's theme shows one of them (``_static/figures.css``), and the
dark one is ``hidden`` for JupyterLab and Colab, which show the light one.

A frame drawn with matplotlib is cut into one picture per panel, so that on a narrow screen
the panels stack instead of shrinking, and holds only what moves from frame to frame: the
still part of each panel (axes, ticks, the data that never change) is drawn once per
theme, by :class:`Backdrops`, and shown behind it as a CSS background that follows the
theme. The moving part, drawn in the palette's colours, is then usually the same picture
in both themes. That keeps a chapter with dozens of frames light to load.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import html
from pathlib import Path

import ipywidgets as widgets
import traitlets
from ipywidgets.widgets.widget_string import HTMLStyle

from lib.checks import nonnegative_int
from lib.pictures.style import THEMES


def picture(
    image: bytes, alt: str, mime: str = "image/png", classes: str = "", hidden: bool = False
) -> str:
    """An ``<img>`` holding ``image`` inline, with alt text for readers who cannot see it."""
    data = base64.b64encode(image).decode("ascii")
    extra = f' class="{classes}"' if classes else ""
    extra += " hidden" if hidden else ""
    return (
        f'<img alt="{html.escape(alt)}"{extra} src="data:{mime};base64,{data}" '
        'style="max-width:100%;height:auto">'
    )


def themed_picture(images: dict, alt: str, mime: str = "image/png", classes=None) -> str:
    """The light and the dark rendering of one picture (``images[theme]``), each an
    ``<img>`` with the theme's class and the same alt text; ``classes[theme]`` adds more."""
    classes = classes or {}
    return "".join(
        picture(
            images[theme],
            alt,
            mime,
            f"only-{theme} {classes.get(theme, '')}".strip(),
            hidden=theme != "light",
        )
        for theme in THEMES
    )


class Backdrops:
    """The still parts of an explorer's pictures, one per panel, shown behind the moving
    parts of every frame: a CSS background, in the light or the dark rendering as the
    page's theme asks, that one ``<style>`` element carries for the whole explorer."""

    def __init__(self):
        self.rules: dict[str, str] = {}

    def add(self, images: dict) -> str:
        """The class that puts ``images[theme]`` (PNGs) behind an ``<img>`` of their size."""
        light, dark = (f"url(data:image/png;base64,{base64.b64encode(images[t]).decode()})"
                       for t in THEMES)  # fmt: skip
        name = "explorer-backdrop-" + hashlib.sha256(images["light"]).hexdigest()[:16]
        self.rules[name] = (
            f".{name}{{background:{light} 0 0/100% 100% no-repeat}}"
            f'html[data-theme="dark"] .{name}{{background-image:{dark}}}'
        )
        return name

    def widget(self) -> widgets.HTML:
        """An invisible widget holding the style sheet; put it in the explorer's box."""
        return widgets.HTML(
            "<style>" + "".join(self.rules.values()) + "</style>",
            layout=widgets.Layout(display="none"),
        )


def panels(pictures: list, alts: list, backdrops: list) -> str:
    """The panels of one frame side by side, wrapping onto new lines on a narrow screen.
    ``pictures[i][theme]``: the moving part of panel i (PNG); ``backdrops[i]``: the class of
    its still part; ``alts[i]``: what the panel shows, still and moving parts. Where the
    moving part is the same in both themes (lines in the palette's colours), one ``<img>``
    serves both: its class ``dark-light`` tells the theme to leave its colours alone."""
    tags = []
    for images, alt, backdrop in zip(pictures, alts, backdrops, strict=True):
        if images["light"] == images["dark"]:
            tags.append(picture(images["light"], alt, classes=f"dark-light {backdrop}"))
        else:
            tags.append(themed_picture(images, alt, classes=dict.fromkeys(THEMES, backdrop)))
    return (
        '<div class="explorer-panels" style="display:flex;flex-wrap:wrap;'
        f'align-items:flex-start">{"".join(tags)}</div>'
    )


def light_frames():
    """One Layout and one HTMLStyle for all the frames of an explorer: the page embeds every
    widget's model, and a pair per frame would add about a third to its weight."""
    return {"layout": widgets.Layout(), "style": HTMLStyle()}


@functools.cache
def controls_script() -> str:
    """The script that names the sliders for screen readers (``controls.js`` beside this)."""
    return Path(__file__).with_name("controls.js").read_text(encoding="utf-8")


def show_explorer(widget: widgets.Widget) -> None:
    """Display an explorer's ``widget`` and, below it, :func:`controls_script`: ipywidgets
    leaves its sliders unnamed for screen readers, and no widget can run a script itself."""
    from IPython.display import Javascript, display

    display(widget)
    display(Javascript(controls_script()))


def select_with(control, stack: widgets.Stack):
    """Let ``control.index`` choose the frame ``stack`` shows; return the browser link.

    ``jslink`` works without a kernel (the website); the kernel-side ``dlink`` keeps
    Python's view in step when no browser is attached (tests, scripts).
    """
    link = widgets.jslink((control, "index"), (stack, "selected_index"))
    traitlets.dlink((control, "index"), (stack, "selected_index"))
    return link


def shown(stack: widgets.Stack) -> str:
    """The HTML of the frame on view, following nested stacks down to it."""
    while isinstance(stack, widgets.Stack):
        stack = stack.children[stack.selected_index]
    return stack.value


class FramedExplorer:
    """What every frame-stack explorer shares: its ``frames`` Stack and ``widget``.

    ``shown`` is the HTML of the frame on view, so a test can drive the controls the way a
    reader does; displayed in a notebook, the explorer shows ``widget`` (show_explorer).
    """

    frames: widgets.Stack
    widget: widgets.Widget

    @property
    def shown(self) -> str:
        return shown(self.frames)

    def _ipython_display_(self):
        show_explorer(self.widget)


def increasing_values(values, name: str) -> tuple[int, ...]:
    """The positive integers a slider steps through, refused unless strictly increasing."""
    if isinstance(values, (str, bytes)) or not hasattr(values, "__len__") or len(values) < 2:
        raise ValueError(f"{name} must list at least two positive integers, got {values!r}")
    values = tuple(nonnegative_int(v, f"{name}[{k}]", minimum=1) for k, v in enumerate(values))
    if any(b <= a for a, b in zip(values, values[1:], strict=False)):
        raise ValueError(f"{name} must be strictly increasing, got {values!r}")
    return values
