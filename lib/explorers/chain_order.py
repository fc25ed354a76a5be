"""The chain-order explorer (chapter 6): what J_L ⋯ J_1 costs from either end, and at best.

Three sliders (inputs p_0, outputs p_L, hidden width p) pick a precomputed frame in the
browser (``jslink``), so it works in JupyterLab and on the static website alike. Each frame
counts the multiply–adds of the chain p_0, p, ..., p, p_L from the left (reverse mode),
from the right (forward mode) and in the cheapest order, found by dynamic programming.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import ipywidgets as widgets

from lib.checks import nonnegative_int
from lib.explorers import svg
from lib.explorers.frames import Control, FramedExplorer, explorer_frames, increasing_values
from lib.explorers.svg import decades, document, grid, log_position, power_of_ten
from lib.further.chain_order import chain_costs, cheapest_order, order_text
from lib.pictures.style import BLUE, GREEN, ORANGE

_COLOURS = {"reverse": BLUE, "forward": ORANGE, "best": GREEN}
_LEFT, _RIGHT, _ROW, _TOP = 20, svg.WIDTH - 24, 44, 10  # room for the end ticks


def chain_widths(inputs: int, outputs: int, hidden: int, depth: int) -> list[int]:
    """p_0, p, ..., p, p_L: a chain of ``depth`` factors whose inner widths are all ``hidden``."""
    return [inputs] + [hidden] * (depth - 1) + [outputs]


def _verdict(reverse: int, forward: int, best: int) -> str:
    if reverse < forward:
        text = f"Reverse mode is {forward / reverse:.3g}× cheaper than forward mode."
    elif forward < reverse:
        text = f"Forward mode is {reverse / forward:.3g}× cheaper than reverse mode."
    else:
        text = "Both ends cost the same."
    if best < min(reverse, forward):
        text += f" The cheapest order saves another {min(reverse, forward) / best:.3g}×."
    return text


def order_chart_svg(rows, limits, label: str = "") -> str:
    """Horizontal bars of multiply–adds on a log axis, each under its label; ``rows`` are
    (key, label, count). An inline SVG named ``label``."""
    bottom = _TOP + _ROW * len(rows)
    ticks = decades(limits, most=6)
    positions = [log_position(tick, limits, _LEFT, _RIGHT) for tick in ticks]
    body = [grid(positions, [power_of_ten(t) for t in ticks], _TOP, bottom)]
    labels, inside = [], []
    for k, (key, name, count) in enumerate(rows):
        y = _TOP + k * _ROW
        end = log_position(max(count, 1), limits, _LEFT, _RIGHT)
        labels.append(svg.text(_LEFT, y + 15, name))
        body.append(
            f'<rect class="chart-bar" x="{_LEFT}" y="{y + 20}" width="{svg.num(end - _LEFT)}" '
            f'height="18" fill="{_COLOURS[key]}"/>'
        )
        value, outside = svg.bar_value(end, y + 34, f"{count:,}", _COLOURS[key], _RIGHT)
        (labels if outside else inside).append(value)
    body += [svg.haloed(labels), *inside]
    body.append(svg.muted([svg.text(svg.WIDTH / 2, bottom + 36, "multiply–adds (log scale)")]))
    return document(svg.WIDTH, bottom + 44, body, label)


def _frame(inputs, outputs, hidden, depth, limits) -> str:
    widths = chain_widths(inputs, outputs, hidden, depth)
    costs, best = chain_costs(widths), cheapest_order(widths)
    shapes = " ".join(f"J{i} ({widths[i]:,}×{widths[i - 1]:,})" for i in range(depth, 0, -1))
    status = (
        f"p<sub>0</sub> = {inputs:,} inputs, p<sub>L</sub> = {outputs:,} outputs, hidden "
        f"width {hidden:,}, L = {depth} layers: {shapes}. From the left (reverse mode): "
        f"{costs.reverse:,} multiply–adds; from the right (forward mode): "
        f"{costs.forward:,}; cheapest order {order_text(best.order)}: {best.cost:,}. "
        + _verdict(costs.reverse, costs.forward, best.cost)
    )
    rows = [
        ("reverse", "from the left (reverse mode)", costs.reverse),
        ("forward", "from the right (forward mode)", costs.forward),
        ("best", f"cheapest: {order_text(best.order)}", best.cost),
    ]
    alt = (
        f"Bars on a log axis: {costs.reverse:,} multiply–adds from the left, "
        f"{costs.forward:,} from the right, {best.cost:,} in the cheapest order."
    )
    return f'<p class="explorer-status">{status}</p>' + order_chart_svg(rows, limits, alt)


@dataclass
class ChainOrderExplorer(FramedExplorer):
    """Sliders over p_0, p_L and the hidden width p, and one precomputed frame per triple.

    ``frames`` is a Stack over hidden widths of Stacks over p_L of Stacks over p_0;
    ``shown`` is the HTML of the frame the sliders select, so a test can drive it.
    """

    inputs: tuple[int, ...]
    outputs: tuple[int, ...]
    hidden: tuple[int, ...]
    depth: int
    input_slider: widgets.SelectionSlider
    output_slider: widgets.SelectionSlider
    hidden_slider: widgets.SelectionSlider
    frames: widgets.Stack
    widget: widgets.VBox
    links: list  # the browser-side links (jslink) from the sliders to the stacks


def chain_order_explorer(  # 5 × 5 × 3 frames keep chapter 6 within the 600 kB page budget
    inputs=(1, 4, 32, 256, 1024),
    outputs=(1, 4, 32, 256, 1024),
    hidden=(16, 128, 1024),
    depth=4,
):
    """Sliders over p_0, p_L and p: the multiply–adds of both ends of the chain and the best."""
    inputs, outputs = increasing_values(inputs, "inputs"), increasing_values(outputs, "outputs")
    hidden = increasing_values(hidden, "hidden")
    depth = nonnegative_int(depth, "depth", minimum=2)
    largest = max(chain_costs(chain_widths(inputs[-1], outputs[-1], hidden[-1], depth)))
    limits = (1.0, 10.0 ** math.ceil(math.log10(largest) + 1.5))  # room for the last label
    start = (len(inputs) - 1, 0, min(1, len(hidden) - 1))  # many inputs, one output: a loss

    def control(values, description: str, at: int) -> Control:
        return Control(description, tuple(f"{v:,}" for v in values), at, width="70%")

    controls = [  # the hidden width outermost, the inputs innermost
        control(hidden, "hidden width p", start[2]),
        control(outputs, "outputs p<sub>L</sub>", start[1]),
        control(inputs, "inputs p<sub>0</sub>", start[0]),
    ]

    def frame(h: int, o: int, i: int) -> str:
        return _frame(inputs[i], outputs[o], hidden[h], depth, limits)

    made = explorer_frames(controls, frame)
    hidden_slider, output_slider, input_slider = made.controls
    sliders = (input_slider, output_slider, hidden_slider)
    box = widgets.VBox([*sliders, made.stack])
    stack, links = made.stack, made.links
    return ChainOrderExplorer(inputs, outputs, hidden, depth, *sliders, stack, box, links)
