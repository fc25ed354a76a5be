"""Kernel-free widgets: every picture computed in Python, the choice made in the browser.

On the built website no Python runs, so a control wired to a Python callback would sit
there dead. The explorers of this book therefore compute every frame a control can show
when the notebook runs, ship them as HTML in an ipywidgets ``Stack``, and let the control
pick one with ``jslink``, which runs in the browser, in JupyterLab and on the site alike.
"""

from __future__ import annotations

import base64
import html

import ipywidgets as widgets
import traitlets


def picture(image: bytes, alt: str, mime: str = "image/png") -> str:
    """An ``<img>`` holding ``image`` inline, with alt text for readers who cannot see it."""
    data = base64.b64encode(image).decode("ascii")
    return f'<img alt="{html.escape(alt)}" src="data:{mime};base64,{data}" style="max-width:100%">'


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
