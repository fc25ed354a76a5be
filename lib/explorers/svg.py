"""Small SVG pictures written by hand for the explorers of chapters 6 and 7: sharp at any
zoom, and a frame costs microseconds where a matplotlib figure costs tens of milliseconds
(the width explorer of chapter 3 draws its chart the same way, with its own helpers)."""

from __future__ import annotations

import math

FONT = "DejaVu Sans, Arial, sans-serif"
# class "halo": a white outline behind a label keeps it legible where it crosses a line
STYLE = ".halo{paint-order:stroke;stroke:#fff;stroke-width:6px;stroke-linejoin:round}"


def document(width: int, height: int, body: list[str]) -> str:
    """An SVG document on a white ground (its alt text goes on the <img> that shows it)."""
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" font-family="{FONT}" font-size="13">'
        f"<style>{STYLE}</style>"
        f'<rect width="{width}" height="{height}" fill="white"/>' + "".join(body) + "</svg>"
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
    """Grey grid lines at ``positions`` with a tick label each, across ``top``..``bottom``
    (vertical lines labelled below, or horizontal lines labelled on the left)."""
    if horizontal:
        path = "".join(f"M{top:.0f} {y:.1f}H{bottom:.0f}" for y in positions)
        texts = "".join(
            f'<text x="{top - 6:.0f}" y="{y + 4:.1f}">{t}</text>'
            for y, t in zip(positions, labels, strict=True)
        )
        anchor = "end"
    else:
        path = "".join(f"M{x:.1f} {top:.0f}V{bottom:.0f}" for x in positions)
        texts = "".join(
            f'<text x="{x:.1f}" y="{bottom + 15:.0f}">{t}</text>'
            for x, t in zip(positions, labels, strict=True)
        )
        anchor = "middle"
    return (
        f'<path d="{path}" stroke="#ddd"/>'
        f'<g font-size="11" fill="#444" text-anchor="{anchor}">{texts}</g>'
    )
