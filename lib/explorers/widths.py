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
from lib.checks import positive_real
from lib.explorers import svg
from lib.explorers.frames import Control, FramedExplorer, explorer_frames, increasing_values
from lib.pictures.style import BLUE, VERMILLION

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
# than the whole rest of a chapter, and an SVG stays sharp at any zoom. Each row is a label
# with its bar below it, so that the chart keeps its size on a phone (lib/explorers/svg.py).
_LEFT, _RIGHT, _ROW, _TOP = 20, svg.WIDTH - 24, 44, 34  # room for the end ticks


def _x_position(num_bytes, x_limits) -> float:
    """Horizontal pixel of a byte count on the chart's logarithmic axis."""
    low, high = (math.log(v) for v in x_limits)
    fraction = (math.log(max(num_bytes, x_limits[0])) - low) / (high - low)
    return _LEFT + fraction * (_RIGHT - _LEFT)


def size_chart_svg(rows, memory_bytes, x_limits, label: str = "") -> str:
    """Bars of the rows' memory on a log axis, past ``memory_bytes`` in the colour of too much
    and marked "too big", as an inline SVG named ``label``."""
    bottom = _TOP + _ROW * len(rows)
    units = [1024.0**k for k in range(12) if x_limits[0] <= 1024.0**k <= x_limits[1]]
    body = [  # a grid line at every binary unit, labelled at every other one
        svg.grid(
            [_x_position(u, x_limits) for u in units],
            [format_bytes(u) if k % 2 == 0 else "" for k, u in enumerate(units)],
            _TOP - 4,
            bottom,
        )
    ]
    memory_x = _x_position(memory_bytes, x_limits)
    body.append(
        f'<path d="M{svg.num(memory_x)} {_TOP - 12}V{bottom}" stroke="{VERMILLION}" '
        'stroke-width="2" stroke-dasharray="6 4"/>'
    )
    labels = [
        svg.text(
            memory_x + 5,
            _TOP - 14,
            f"a laptop's memory, {format_bytes(memory_bytes)}",
            f'fill="{VERMILLION}" font-size="12"',
        )
    ]
    inside = []
    for k, row in enumerate(rows):
        size = _BYTES_PER_NUMBER * row.entries
        too_big = size > memory_bytes
        colour = VERMILLION if too_big else BLUE
        y = _TOP + k * _ROW
        end = _x_position(size, x_limits)
        mark = (
            f'<tspan fill="{VERMILLION}" font-weight="bold"> (too big)</tspan>' if too_big else ""
        )
        labels.append(f'<text x="{_LEFT}" y="{y + 15}">{html.escape(row.label)}{mark}</text>')
        body.append(
            f'<rect class="chart-bar" x="{_LEFT}" y="{y + 20}" width="{svg.num(end - _LEFT)}" '
            f'height="16" fill="{colour}"><title>{html.escape(row.shape)}</title></rect>'
        )
        value, outside = svg.bar_value(end, y + 33, format_bytes(size), colour)
        (labels if outside else inside).append(value)
    body += [svg.haloed(labels), *inside]
    body.append(
        svg.muted(
            [svg.text(svg.WIDTH / 2, bottom + 36, "memory at 8 bytes per number (log scale)")]
        )
    )
    return svg.document(svg.WIDTH, bottom + 44, body, label)


@dataclass
class WidthExplorer(FramedExplorer):
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


def width_explorer(
    widths=tuple(4**k for k in range(1, 11)),
    depths=(1, 2, 4, 8, 16, 32),
    memory_bytes=16 * 1024**3,
):
    """Sliders over layer width p and depth L: the sizes of the Jacobians of eq. (15) as bars."""
    widths = increasing_values(widths, "widths")
    depths = increasing_values(depths, "depths")
    memory_bytes = positive_real(memory_bytes, "memory_bytes")
    largest = _BYTES_PER_NUMBER * max(row.entries for row in width_rows(widths[-1], depths[-1]))
    x_limits = (1.0, 1024.0 ** math.ceil(math.log(largest * 50, 1024)))
    start_width, start_depth = min(2, len(widths) - 1), min(1, len(depths) - 1)

    def frame(d: int, w: int) -> str:
        width, depth = widths[w], depths[d]
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
            f"{format_bytes(memory_bytes)}; bars beyond it are marked too big."
        )
        chart = size_chart_svg(rows, memory_bytes, x_limits, alt)
        return f'<p class="explorer-status">{status}</p>{chart}'

    depth_control = Control(
        "number of layers L", tuple(map(str, depths)), start_depth, width="60%"
    )
    width_control = Control("layer width p", tuple(f"{p:,}" for p in widths), start_width)
    made = explorer_frames([depth_control, width_control], frame)  # depth outermost
    depth_slider, width_slider = made.controls
    box = widgets.VBox([width_slider, depth_slider, made.stack])
    return WidthExplorer(
        widths, depths, memory_bytes, width_slider, depth_slider, made.stack, box, made.links
    )
