"""The book's colours, set once for every figure and explorer frame, and their dark rendering.

Lines take the Okabe-Ito palette (Okabe & Ito, "Color Universal Design", 2008), whose
colours stay apart for readers with any of the common colour-vision deficiencies
(tests/test_style.py simulates them). Where colour carries meaning, a marker or a line style
carries it too (``MARKERS``, ``DIVERGED``).

The dark rendering of a figure is its own drawing, not an inverted picture: :func:`dark`
repaints a finished matplotlib figure for the website's dark page, on the page's own
background colour. Neutral greys run from the light page's white and black to the dark
page's background and text colours; other colours keep their hue, lines and text are
lightened until they stand out from the dark ground, and areas (heat maps, filled cells)
are mirrored in lightness, so that white cells become dark ones. The palette itself reads on
both pages and stays as it is.
"""

from __future__ import annotations

import colorsys
import contextlib
from collections.abc import Iterator

import numpy as np
from matplotlib import colors
from matplotlib.collections import Collection
from matplotlib.colors import Colormap, ListedColormap
from matplotlib.figure import Figure
from matplotlib.image import AxesImage
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.text import Text

#: Okabe-Ito, in the order in which the figures use them: C0, C1, ... of the book.
PALETTE = {
    "blue": "#0072B2",
    "orange": "#E69F00",
    "green": "#009E73",
    "vermillion": "#D55E00",
    "purple": "#CC79A7",
    "sky": "#56B4E9",
    "yellow": "#F0E442",
}
BLUE, ORANGE, GREEN, VERMILLION, PURPLE, SKY, YELLOW = PALETTE.values()
#: The line colours in order, for one line per item.
CYCLE = (BLUE, ORANGE, GREEN, VERMILLION, PURPLE, SKY)
#: A marker per line, so that lines told apart by colour are told apart without it too.
MARKERS = ("o", "s", "^", "D", "v", "P")
#: A run that diverged: its colour and the line style and marker that say so without it.
DIVERGED = {"color": VERMILLION, "ls": "--", "marker": "X"}
#: The "diverged" note an explorer writes across a run's axes, hidden until a run diverges.
DIVERGED_NOTE = {
    "ha": "center",
    "va": "center",
    "color": VERMILLION,
    "bbox": {"facecolor": "none", "edgecolor": VERMILLION, "ls": "--"},
    "visible": False,
    "animated": True,
}
GREY = "0.45"  # reference lines and marks that are not data

#: The page behind a figure, and its text, in each theme. The dark pair is the dark theme's
#: of the website (sphinx-book-theme 1.3 on pydata-sphinx-theme 0.17:
#: --pst-color-background, --pst-color-text-base).
BACKGROUND = {"light": "#ffffff", "dark": "#121212"}
INK = {"light": "#000000", "dark": "#ced6dd"}
THEMES = ("light", "dark")

# Least contrast with the dark page (WCAG's ratio): lines and marks, then text.
_LINE_CONTRAST, _TEXT_CONTRAST = 3.0, 4.5


def relative_luminance(colour) -> float:
    """WCAG 2's relative luminance of a matplotlib colour (0 for black, 1 for white)."""
    rgb = np.asarray(colors.to_rgb(colour))
    linear = np.where(rgb <= 0.04045, rgb / 12.92, ((rgb + 0.055) / 1.055) ** 2.4)
    return float(linear @ [0.2126, 0.7152, 0.0722])


def contrast(a, b) -> float:
    """WCAG 2's contrast ratio of two colours, from 1 (the same) to 21 (black on white)."""
    la, lb = sorted((relative_luminance(a), relative_luminance(b)))
    return (lb + 0.05) / (la + 0.05)


_PALETTE_RGB = {colors.to_rgb(c) for c in PALETTE.values()}
_DARK_BG, _DARK_INK = colors.to_rgb(BACKGROUND["dark"]), colors.to_rgb(INK["dark"])


def _neutral(rgb) -> bool:
    return max(rgb) - min(rgb) < 0.06


def _grey_ramp(level: float) -> tuple:
    """White (1) to the dark page's background, black (0) to its text colour."""
    return tuple(i + level * (b - i) for i, b in zip(_DARK_INK, _DARK_BG, strict=True))


def _lighten_until(rgb, least: float) -> tuple:
    h, lightness, s = colorsys.rgb_to_hls(*rgb)
    while contrast(rgb, _DARK_BG) < least and lightness < 1:
        lightness = min(1.0, lightness + 0.02)
        rgb = colorsys.hls_to_rgb(h, lightness, s)
    return tuple(rgb)


def dark_colour(colour, role: str = "line"):
    """``colour`` as the dark rendering paints it. ``role``: "line" (lines, marks, edges),
    "text", or "area" (faces of patches and cells, colour maps). Alpha is kept."""
    if role not in ("line", "text", "area"):
        raise ValueError(f"role must be 'line', 'text' or 'area', got {role!r}")
    rgba = colors.to_rgba(colour)
    rgb, alpha = tuple(float(v) for v in rgba[:3]), rgba[3]
    if alpha == 0:
        return rgba
    if rgb in _PALETTE_RGB:
        return (*rgb, alpha)
    h, lightness, s = colorsys.rgb_to_hls(*rgb)
    if _neutral(rgb):
        return (*_grey_ramp(lightness), alpha)
    if role == "area":  # mirror the lightness onto the dark page's range
        low, high = (colorsys.rgb_to_hls(*c)[1] for c in (_DARK_BG, _DARK_INK))
        return (*colorsys.hls_to_rgb(h, high - lightness * (high - low), s), alpha)
    least = _TEXT_CONTRAST if role == "text" else _LINE_CONTRAST
    return (*_lighten_until(rgb, least), alpha)


def dark_colormap(cmap: Colormap) -> ListedColormap:
    """A colour map whose every colour is :func:`dark_colour` of ``cmap``'s, as an area."""
    samples = cmap(np.linspace(0, 1, cmap.N))
    mapped = [dark_colour(c, "area") for c in samples]
    dark = ListedColormap(mapped, name=f"{cmap.name}_dark")
    return dark.with_extremes(bad=dark_colour(cmap.get_bad(), "area"))


def _is_auto(colour) -> bool:
    return isinstance(colour, str) and colour == "auto"


def _colour_setters(artist, dark_maps: dict) -> Iterator[tuple]:
    """(value, setter, role) for each colour property of ``artist``. ``dark_maps`` maps the
    id of each colour map met so far to its dark rendering (a dark map to itself)."""
    if isinstance(artist, Line2D):
        yield artist.get_color(), artist.set_color, "line"
        # a marker colour left at "auto" follows the line's colour; setting it would fix it
        # (matplotlib has no public way to ask, hence the private attributes)
        if not _is_auto(getattr(artist, "_markeredgecolor", None)):
            yield artist.get_markeredgecolor(), artist.set_markeredgecolor, "line"
        if not _is_auto(getattr(artist, "_markerfacecolor", None)):
            yield artist.get_markerfacecolor(), artist.set_markerfacecolor, "line"
    elif isinstance(artist, Text):
        yield artist.get_color(), artist.set_color, "text"
        box = artist.get_bbox_patch()
        if box is not None:
            yield box.get_facecolor(), box.set_facecolor, "area"
            yield box.get_edgecolor(), box.set_edgecolor, "line"
    elif isinstance(artist, Patch):
        yield artist.get_facecolor(), artist.set_facecolor, "area"
        yield artist.get_edgecolor(), artist.set_edgecolor, "line"
    elif isinstance(artist, Collection) and artist.get_array() is None:
        if len(artist.get_facecolor()):
            yield artist.get_facecolor().copy(), artist.set_facecolor, "area"
        if len(artist.get_edgecolor()):
            yield artist.get_edgecolor().copy(), artist.set_edgecolor, "line"
    if isinstance(artist, (AxesImage, Collection)) and artist.get_array() is not None:
        # coloured by a colour map (images, contours, colour bars): repaint the map, once
        cmap = artist.get_cmap()
        if id(cmap) not in dark_maps:
            night = dark_colormap(cmap)
            dark_maps[id(cmap)] = dark_maps[id(night)] = night
        yield cmap, artist.set_cmap, "map"


def _map(value, role: str, dark_maps: dict):
    if role == "map":
        return dark_maps[id(value)]
    if isinstance(value, np.ndarray) and value.ndim == 2:
        return np.array([dark_colour(c, role) for c in value])
    return dark_colour(value, role)


@contextlib.contextmanager
def dark(figure: Figure):
    """Repaint ``figure`` in its dark rendering inside the ``with`` block, then restore it."""
    if not isinstance(figure, Figure):
        raise TypeError(f"figure must be a matplotlib Figure, got {type(figure).__name__}")
    undo, dark_maps = [], {}
    try:
        for artist in figure.findobj(include_self=False):
            for value, setter, role in list(_colour_setters(artist, dark_maps)):
                setter(_map(value, role, dark_maps))
                undo.append((setter, value))
        yield figure
    finally:
        for setter, value in reversed(undo):
            setter(value)
