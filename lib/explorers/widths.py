"""The layer-width explorer (chapter 3): how many numbers the Jacobians of eq. (15) hold.

Two sliders (width p, depth L) pick a precomputed frame in the browser (``jslink``), so
it works the same in JupyterLab and on the static website, where no kernel runs.
"""

from __future__ import annotations

import html
import math
from dataclasses import dataclass
from typing import NamedTuple

import ipywidgets as widgets

from lib.chain_rule import chain_shapes
from lib.checks import nonnegative_int, positive_real
from lib.explorers.frames import picture, select_with, shown

_UNITS = ["B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB", "ZiB", "YiB"]
_BYTES_PER_NUMBER = 8  # float64


def format_bytes(num_bytes) -> str:
    """A byte count in binary units, e.g. 1536 -> '1.5 KiB'."""
    value = float(num_bytes)
    unit = 0
    while value >= 1024 and unit < len(_UNITS) - 1:
        value /= 1024
        unit += 1
    return f"{value:.3g} {_UNITS[unit]}" if value < 1000 else f"{value:.0f} {_UNITS[unit]}"


class SizeRow(NamedTuple):
    """One bar of the width explorer: what it is, its shape for this p and L, its entries."""

    label: str
    shape: str
    entries: int


def width_rows(width: int, depth: int) -> list[SizeRow]:
    """The matrices the explorer compares, for a network of L layers that all have width p."""
    shapes = chain_shapes([width] * (depth + 1))
    factor, product = shapes.input_jacobians[0], shapes.model_input
    weights, total = shapes.weight_jacobians[0], shapes.model_weights

    def text(shape):
        return f"{shape[0]:,} × {shape[1]:,}"

    return [
        SizeRow("a vector of p numbers:  1 × p", f"1 × {width:,}", width),
        SizeRow(
            "one factor dmᵢ/dmᵢ₋₁:  p × p",
            text(factor),
            factor[0] * factor[1],
        ),
        SizeRow(
            "all L factors of (15):  L·p²",
            f"{depth} × ({text(factor)})",
            sum(a * b for a, b in shapes.input_jacobians),
        ),
        SizeRow(
            "their product dm/dz:  p × p",
            text(product),
            product[0] * product[1],
        ),
        SizeRow(
            "one layer's dmᵢ/dxᵢ:  p × p(p+1)",
            text(weights),
            weights[0] * weights[1],
        ),
        SizeRow(
            "dm/dx, all weights:  p × Lp(p+1)",
            text(total),
            total[0] * total[1],
        ),
    ]


def _status(width, depth, rows, memory_bytes) -> str:
    factor, everything = rows[1], rows[5]
    size = _BYTES_PER_NUMBER * everything.entries
    return (
        f"p = {width:,}, L = {depth}: one factor dm_i/dm_(i−1) is {factor.shape}, "
        f"{factor.entries:,} numbers ({format_bytes(_BYTES_PER_NUMBER * factor.entries)}), "
        f"and so is their product dm/dz. The Jacobian dm/dx with respect to all weights is "
        f"{everything.shape}: {everything.entries:,} numbers ({format_bytes(size)})"
        + (f", more than a laptop's {format_bytes(memory_bytes)}." if size > memory_bytes else ".")
        + f" A vector of p numbers takes {format_bytes(_BYTES_PER_NUMBER * width)}."
    )


# The chart is written as SVG by hand: 60 frames drawn by matplotlib would take longer
# than the whole rest of a chapter, and an SVG stays sharp at any zoom.
_SVG_WIDTH, _SVG_LEFT, _SVG_RIGHT, _SVG_ROW, _SVG_TOP = 720, 260, 690, 30, 28
# a white outline behind a label keeps it legible where it crosses a line
_HALO = 'paint-order="stroke" stroke="white" stroke-width="8" stroke-linejoin="round"'


def _x_position(num_bytes, x_limits) -> float:
    """Horizontal pixel of a byte count on the chart's logarithmic axis."""
    low, high = (math.log(v) for v in x_limits)
    fraction = (math.log(max(num_bytes, x_limits[0])) - low) / (high - low)
    return _SVG_LEFT + fraction * (_SVG_RIGHT - _SVG_LEFT)


def size_chart_svg(rows, memory_bytes, x_limits) -> str:
    """Bars of the rows' memory on a log axis, red past ``memory_bytes``, as an SVG document."""
    bottom = _SVG_TOP + _SVG_ROW * len(rows)
    height = bottom + 40
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{_SVG_WIDTH}" height="{height}" '
        f'viewBox="0 0 {_SVG_WIDTH} {height}" font-family="DejaVu Sans, Arial, sans-serif" '
        'font-size="13">',
        f'<rect width="{_SVG_WIDTH}" height="{height}" fill="white"/>',
    ]
    k = 0
    while 1024.0**k <= x_limits[1]:  # a grid line at every binary unit
        if 1024.0**k >= x_limits[0]:
            x = _x_position(1024.0**k, x_limits)
            parts.append(
                f'<line x1="{x:.1f}" y1="{_SVG_TOP - 6}" x2="{x:.1f}" y2="{bottom}" '
                'stroke="#ddd"/>'
                f'<text x="{x:.1f}" y="{bottom + 16}" text-anchor="middle" font-size="11" '
                f'fill="#444">{format_bytes(1024.0**k)}</text>'
            )
        k += 1
    memory_x = _x_position(memory_bytes, x_limits)
    parts.append(
        f'<line x1="{memory_x:.1f}" y1="{_SVG_TOP - 10}" x2="{memory_x:.1f}" y2="{bottom}" '
        'stroke="#d62728" stroke-width="2" stroke-dasharray="6 4"/>'
    )
    for k, row in enumerate(rows):
        size = _BYTES_PER_NUMBER * row.entries
        y = _SVG_TOP + k * _SVG_ROW
        end = _x_position(size, x_limits)
        colour = "#d62728" if size > memory_bytes else "#1f77b4"
        parts.append(
            f'<text x="{_SVG_LEFT - 8}" y="{y + 19}" text-anchor="end">'
            f"{html.escape(row.label)}</text>"
            f'<rect x="{_SVG_LEFT}" y="{y + 5}" width="{end - _SVG_LEFT:.1f}" height="20" '
            f'fill="{colour}"><title>{html.escape(row.shape)}</title></rect>'
            f'<text x="{end + 6:.1f}" y="{y + 19}" font-size="12" {_HALO}>'
            f"{format_bytes(size)}</text>"
        )
    parts.append(
        f'<text x="{memory_x + 5:.1f}" y="{_SVG_TOP - 12}" fill="#d62728" font-size="12" '
        f"{_HALO}>a laptop's memory, {format_bytes(memory_bytes)}</text>"
        f'<text x="{(_SVG_LEFT + _SVG_RIGHT) / 2}" y="{bottom + 34}" text-anchor="middle" '
        'font-size="12" fill="#444">memory at 8 bytes per number (log scale; red: more than '
        "the laptop holds)</text></svg>"
    )
    return "".join(parts)


@dataclass
class WidthExplorer:
    """Two sliders (layer width p, depth L) and one precomputed frame per pair.

    ``frames`` is a Stack over depths whose children are Stacks over widths; ``shown`` is
    the HTML of the frame the sliders currently select, so a test can drive it.
    """

    widths: tuple[int, ...]
    depths: tuple[int, ...]
    memory_bytes: float
    width_slider: widgets.SelectionSlider
    depth_slider: widgets.SelectionSlider
    frames: widgets.Stack
    widget: widgets.VBox
    links: list  # the browser-side links (jslink) from the sliders to the stacks

    @property
    def shown(self) -> str:
        return shown(self.frames)

    def _repr_mimebundle_(self, **kwargs):
        return self.widget._repr_mimebundle_(**kwargs)


def _options(values, name: str) -> tuple[int, ...]:
    if isinstance(values, (str, bytes)) or not hasattr(values, "__len__") or len(values) < 2:
        raise ValueError(f"{name} must list at least two positive integers, got {values!r}")
    values = tuple(nonnegative_int(v, f"{name}[{k}]", minimum=1) for k, v in enumerate(values))
    if any(b <= a for a, b in zip(values, values[1:], strict=False)):
        raise ValueError(f"{name} must be strictly increasing, got {values!r}")
    return values


def width_explorer(
    widths=tuple(4**k for k in range(1, 11)),
    depths=(1, 2, 4, 8, 16, 32),
    memory_bytes=16 * 1024**3,
):
    """Sliders over layer width p and depth L: the sizes of the Jacobians of eq. (15) as bars."""
    widths = _options(widths, "widths")
    depths = _options(depths, "depths")
    memory_bytes = positive_real(memory_bytes, "memory_bytes")
    largest = _BYTES_PER_NUMBER * max(row.entries for row in width_rows(widths[-1], depths[-1]))
    x_limits = (1.0, 1024.0 ** math.ceil(math.log(largest * 50, 1024)))
    start_width, start_depth = min(2, len(widths) - 1), min(1, len(depths) - 1)
    pages = []
    for depth in depths:
        frames = []
        for width in widths:
            rows = width_rows(width, depth)
            status = _status(width, depth, rows, memory_bytes)
            described = "; ".join(
                f"{row.label.replace('  ', ' ')}, here {row.shape}, "
                f"{format_bytes(_BYTES_PER_NUMBER * row.entries)}"
                for row in rows
            )
            alt = (
                f"Horizontal bars on a logarithmic memory axis for {depth} layers of width "
                f"{width:,}: {described}. A dashed line marks a laptop's "
                f"{format_bytes(memory_bytes)}; bars beyond it are red."
            )
            svg = size_chart_svg(rows, memory_bytes, x_limits).encode()
            frames.append(
                widgets.HTML(
                    f'<p class="explorer-status">{status}</p>'
                    + picture(svg, alt, mime="image/svg+xml")
                )
            )
        pages.append(widgets.Stack(frames, selected_index=start_width))
    style = {"description_width": "initial"}
    width_slider = widgets.SelectionSlider(
        options=[(f"{p:,}", i) for i, p in enumerate(widths)],
        index=start_width,
        description="layer width p",
        layout=widgets.Layout(width="95%"),
        style=style,
    )
    depth_slider = widgets.SelectionSlider(
        options=[(str(d), i) for i, d in enumerate(depths)],
        index=start_depth,
        description="number of layers L",
        layout=widgets.Layout(width="60%"),
        style=style,
    )
    stack = widgets.Stack(pages, selected_index=start_depth)
    links = [select_with(depth_slider, stack)]
    links += [select_with(width_slider, page) for page in pages]
    box = widgets.VBox([width_slider, depth_slider, stack])
    return WidthExplorer(
        widths, depths, memory_bytes, width_slider, depth_slider, stack, box, links
    )
