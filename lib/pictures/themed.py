"""Show a chapter's figure in a light and a dark rendering: ``lib.pictures.show(fig)`` where
a chapter would call ``plt.show()``.

The output holds the light rendering as ``image/png`` and both renderings in ``text/html``:
two ``<img>``, classed ``only-light`` and ``only-dark`` (the website's theme shows one of
them), the dark one ``hidden`` so that JupyterLab and Colab, which do not know these
classes, show the light one. On the website the book's Sphinx extension
(``_ext/themed_figures.py``) turns both into image files with the cell's alt text and
caption (cell metadata ``mystnb.image.alt`` and ``mystnb.figure.caption``).
"""

from __future__ import annotations

import base64
import html

from matplotlib.figure import Figure

from lib.pictures.images import figure_pixels, png
from lib.pictures.style import dark

#: marks the HTML of a figure drawn in both renderings (``_ext/themed_figures.py`` looks for it)
MARK = "data-themed-figure"


def describe(figure: Figure) -> str:
    """A short description of ``figure`` from its titles and axis labels, for the HTML's alt
    text where no other is at hand (JupyterLab, Colab); the website uses the cell's."""
    parts = []
    for ax in figure.get_axes():
        title = ax.get_title() or ax.get_title("left") or ax.get_title("right")
        axes = " against ".join(label for label in (ax.get_ylabel(), ax.get_xlabel()) if label)
        text = "; ".join(part for part in (title, axes) if part)
        if text and text not in parts:
            parts.append(text)
    heading = figure.get_suptitle() if hasattr(figure, "get_suptitle") else ""
    summary = ". ".join(p for p in [heading, *parts] if p)
    return f"Figure: {summary}." if summary else "Figure."


def renderings(figure: Figure, dpi: float = 100, colours: int = 256) -> dict:
    """PNG bytes of ``figure`` in each theme: {"light": ..., "dark": ...}."""
    light = png(figure_pixels(figure, dpi), colours)
    with dark(figure):
        night = png(figure_pixels(figure, dpi), colours)
    return {"light": light, "dark": night}


def themed_html(images: dict, alt: str, mime: str = "image/png") -> str:
    """Both renderings as ``<img>`` elements with the theme classes and alt text."""
    tags = []
    for theme, hidden in (("light", ""), ("dark", " hidden")):
        data = base64.b64encode(images[theme]).decode("ascii")
        tags.append(
            f'<img alt="{html.escape(alt)}" class="only-{theme}"{hidden} '
            f'src="data:{mime};base64,{data}" style="max-width:100%">'
        )
    return f'<div class="themed-figure" {MARK}>{"".join(tags)}</div>'


def show(figure: Figure, dpi: float = 100) -> None:
    """Display ``figure`` in its light and dark renderings, then close it (like ``plt.show``)."""
    if not isinstance(figure, Figure):
        raise TypeError(f"figure must be a matplotlib Figure, got {type(figure).__name__}")
    from IPython.display import display
    from matplotlib import pyplot

    images = renderings(figure, dpi)
    bundle = {
        "text/plain": repr(figure),
        "image/png": base64.b64encode(images["light"]).decode("ascii"),
        "text/html": themed_html(images, describe(figure)),
    }
    display(bundle, raw=True)
    pyplot.close(figure)
