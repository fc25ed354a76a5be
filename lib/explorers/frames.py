"""Kernel-free widgets: every picture computed in Python, the choice made in the browser.

On the built website no Python runs, so a control wired to a Python callback would sit
there dead. The explorers of this book therefore compute every frame a control can show
when the notebook runs, ship them as HTML in an ipywidgets ``Stack``, and let the control
pick one with a link that runs in the browser, in JupyterLab and on the site alike.
:func:`explorer_frames` builds all of it from a list of :class:`Control` and a function
that draws one frame. In JupyterLab a key press then moves the picture as fast as on the
site: the browser moves it alone, and the kernel, which hears of the move, answers with
nothing but its busy/idle status (no echo of the index, no copy sent back).

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
from dataclasses import dataclass
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


class FrameStack(widgets.Stack):
    """A Stack whose frame only the browser moves: the kernel sends no echo of
    ``selected_index`` back (ipywidgets 8 echoes every update it receives, unless the
    trait says ``echo_update=False``: jupyter-widgets/ipywidgets#3394)."""

    selected_index = traitlets.CInt(None, allow_none=True).tag(sync=True, echo_update=False)


class _Slider(widgets.SelectionSlider):
    """A SelectionSlider whose moves the kernel does not echo back (see FrameStack)."""

    index = traitlets.Int(None, allow_none=True).tag(sync=True, echo_update=False)


class _Menu(widgets.Dropdown):
    """A Dropdown whose choices the kernel does not echo back (see FrameStack)."""

    index = traitlets.Int(None, allow_none=True).tag(sync=True, echo_update=False)


def select_with(control, stack: widgets.Stack):
    """Let ``control.index`` choose the frame ``stack`` shows; return the browser link.

    The link runs in the browser alone (``jsdlink``: JupyterLab and the website, where no
    kernel runs), so a key press moves the picture without a word to the kernel and back.
    Python's copy of ``stack.selected_index`` follows the control too (tests, scripts and
    the page's stored state see the frame on view), but silently: the browser has moved
    its own copy already, and a copy sent back late would show an old frame again.
    """
    link = widgets.jsdlink((control, "index"), (stack, "selected_index"))
    control.observe(functools.partial(_follow, stack), names="index")
    return link


def _follow(stack: widgets.Stack, change) -> None:
    # Set under the property lock: ipywidgets' own mark for "the browser has this value",
    # under which it sends nothing (tests/test_frames.py checks that nothing is sent).
    with stack._lock_property(selected_index=change["new"]):
        stack.selected_index = change["new"]


def shown(stack: widgets.Stack) -> str:
    """The HTML of the frame on view, following nested stacks down to it."""
    while isinstance(stack, widgets.Stack):
        stack = stack.children[stack.selected_index]
    return stack.value


@dataclass(frozen=True)
class Control:
    """One control of an explorer: a slider, or a drop-down (``menu``), over the options
    ``labels``, at ``start`` to begin with. ``width`` and ``label_width`` are the widget's
    width and its description's (None: ipywidgets' own); a description with a tag in it
    (``p<sub>0</sub>``) is shown as HTML."""

    description: str
    labels: tuple[str, ...]
    start: int = 0
    menu: bool = False
    width: str | None = "95%"
    label_width: str | None = "initial"

    def widget(self) -> widgets.Widget:
        options = dict(
            options=[(label, k) for k, label in enumerate(self.labels)],
            index=self.start,
            description=self.description,
            description_allow_html="<" in self.description,
        )
        if self.width:
            options["layout"] = widgets.Layout(width=self.width)
        if self.label_width:
            options["style"] = {"description_width": self.label_width}
        return (_Menu if self.menu else _Slider)(**options)


@dataclass
class Frames:
    """What :func:`explorer_frames` builds: one widget per control, in the order given; the
    frames in a Stack nested one level per control (the first control's is the outermost);
    and the browser links, the outermost first."""

    controls: list
    stack: FrameStack
    links: list


def explorer_frames(controls, frame) -> Frames:
    """Every frame ``frame(i, j, ...)`` (HTML) for the options i, j, ... of ``controls``,
    shown one at a time as the controls choose, in the browser.

    Each frame is an HTML widget classed ``explorer-frame`` and ``explorer-frame-i-j``, and
    each control ``explorer-control-d`` for its level d: a browser test reads from the page
    which frame the controls ask for and waits until that one is on view. The frames are
    made in order, the last control's options innermost, so ``frame`` may draw them one
    after the other on one figure.
    """
    look = light_frames()
    made = [control.widget() for control in controls]
    for level, widget in enumerate(made):
        widget.add_class(f"explorer-control-{level}")
    levels = [[] for _ in controls]  # the stacks of each level, for the links

    def build(indices: tuple) -> widgets.Widget:
        level = len(indices)
        if level == len(controls):
            html = widgets.HTML(frame(*indices), **look)
            html.add_class("explorer-frame")
            html.add_class("explorer-frame-" + "-".join(map(str, indices)))
            return html
        children = [build((*indices, k)) for k in range(len(controls[level].labels))]
        stack = FrameStack(children, selected_index=controls[level].start, layout=look["layout"])
        levels[level].append(stack)
        return stack

    stack = build(())
    links = [select_with(made[d], s) for d, stacks in enumerate(levels) for s in stacks]
    return Frames(made, stack, links)


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
