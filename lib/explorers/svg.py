"""Small SVG charts written by hand for the explorers of chapters 3, 6 and 7: sharp at any
zoom, and a frame costs microseconds where a matplotlib figure costs tens of milliseconds.

Each chart is an inline ``<svg role="img">`` named by its ``aria-label`` (its alt text),
laid out for a phone first: about 420 px wide, labels above their bars, so that its text
stays readable when a narrow screen scales it down. Its colours are the book's (the
Okabe-Ito palette of :mod:`lib.pictures.style`), and every element that the page's theme
must repaint carries a class: the website's dark theme gives these classes their dark
colours (``_static/figures.css``), and anywhere else (JupyterLab, Colab) the light colours
written on the elements themselves apply.
"""

from __future__ import annotations

import html
import math

from lib.pictures.style import contrast

FONT = "DejaVu Sans, Arial, sans-serif"
WIDTH = 420
#: the light rendering's neutral colours, by class; figures.css holds the dark ones
INK, MUTED, GRID, GROUND, REFERENCE = "#222", "#555", "#ddd", "#fff", "#777"


def num(value: float) -> str:
    """A coordinate to a tenth of a pixel, without trailing zeros: a lighter page."""
    return f"{value:.1f}".rstrip("0").rstrip(".")


def text(x: float, y: float, content: str, attributes: str = "") -> str:
    """A ``<text>`` at (x, y); ``content`` is escaped, ``attributes`` written as given."""
    extra = f" {attributes}" if attributes else ""
    return f'<text x="{num(x)}" y="{num(y)}"{extra}>{html.escape(content)}</text>'


def haloed(elements: list[str]) -> str:
    """Labels with a ground-coloured outline, which keeps them legible where they cross a
    line or a bar's end."""
    return (
        f'<g class="chart-halo" paint-order="stroke" stroke="{GROUND}" stroke-width="5" '
        f'stroke-linejoin="round">{"".join(elements)}</g>'
    )


def muted(elements: list[str], anchor: str = "middle", size: int = 12) -> str:
    """Secondary labels (tick values, an axis's caption) in the muted colour."""
    return (
        f'<g class="chart-muted" fill="{MUTED}" font-size="{size}" text-anchor="{anchor}">'
        f"{''.join(elements)}</g>"
    )


def document(width: int, height: int, body: list[str], label: str) -> str:
    """An inline SVG chart on the page's ground, named ``label`` for screen readers."""
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="explorer-chart" role="img" '
        f'aria-label="{html.escape(label)}" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" style="max-width:100%;height:auto" '
        f'font-family="{FONT}" font-size="14" fill="{INK}">'
        f'<rect class="chart-ground" width="{width}" height="{height}" fill="{GROUND}"/>'
        + "".join(body)
        + "</svg>"
    )


def log_position(value: float, limits: tuple[float, float], start: float, end: float) -> float:
    """Where ``value`` sits between pixels ``start`` and ``end`` on a log axis over ``limits``
    (values outside the limits are pinned to the nearest end)."""
    low, high = (math.log10(v) for v in limits)
    x = math.log10(min(max(value, limits[0]), limits[1]))
    return start + (x - low) / (high - low) * (end - start)


def decades(limits: tuple[float, float], most: int = 8) -> list[float]:
    """Powers of ten inside ``limits`` for grid lines: every k-th one, k chosen so that at
    most ``most`` remain, and always at exponents divisible by k (so 1 is among them)."""
    low, high = (math.log10(v) for v in limits)
    first, last = math.ceil(low - 1e-9), math.floor(high + 1e-9)
    step = max(1, math.ceil((last - first + 1) / most))
    return [10.0**k for k in range(first, last + 1) if k % step == 0]


def power_of_ten(value: float) -> str:
    """10^k written for a tick label: 1, 10, 100, 1000, then 10⁴, 10⁵, ..., 10⁻³."""
    k = round(math.log10(value))
    if 0 <= k <= 3:
        return f"{10**k:,}"
    superscript = str(k).translate(str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹"))
    return f"10{superscript}"


def grid(positions, labels, top: float, bottom: float, horizontal: bool = False) -> str:
    """Grey grid lines at ``positions`` across ``top``..``bottom``, with a tick label each
    (vertical lines labelled below, horizontal lines labelled on the left); a label of
    "" leaves its line unlabelled."""
    pairs = [(p, t) for p, t in zip(positions, labels, strict=True)]
    if horizontal:
        path = "".join(f"M{num(top)} {num(y)}H{num(bottom)}" for y, _ in pairs)
        ticks = muted([text(top - 6, y + 4, t) for y, t in pairs if t], anchor="end")
    else:
        path = "".join(f"M{num(x)} {num(top)}V{num(bottom)}" for x, _ in pairs)
        ticks = muted([text(x, bottom + 16, t) for x, t in pairs if t])
    return f'<path class="chart-grid" d="{path}" stroke="{GRID}"/>' + ticks


def bar_value(end: float, y: float, value: str, bar_colour: str, right: float = WIDTH):
    """The value of a bar ending at ``end``, and whether it needs a halo: after the bar
    where it fits before ``right``, else inside the bar's end, in black or white, whichever
    stands out more on the bar."""
    width = 7.2 * len(value)  # DejaVu Sans at 12 px: about 0.6 em per character
    if end + 5 + width <= right:
        return text(end + 5, y, value, 'font-size="12"'), True
    ink = max(("#000", "#fff"), key=lambda c: contrast(c, bar_colour))
    return text(end - 5, y, value, f'font-size="12" fill="{ink}" text-anchor="end"'), False
