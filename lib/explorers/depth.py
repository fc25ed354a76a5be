"""The gradient-norm explorer (chapter 7): per-layer gradient norms for an activation and a
weight scale, chosen in the browser.

A drop-down (the activation of the hidden layers) and a slider (the weights as a multiple of
those ``init_weights`` draws) pick a precomputed frame with ``jslink``, so the explorer works
on the static website, where no kernel runs. Each frame draws, layer by layer and on a log
scale, ‖∂ℓ/∂X_j‖, ‖δ_j‖ = ‖∂ℓ/∂m_j‖ and the bound on ‖δ_j‖ that max σ′ · ‖X̄_j‖₂ gives.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import ipywidgets as widgets
import numpy as np

from lib.checks import positive_real
from lib.explorers import svg
from lib.explorers.frames import Control, FramedExplorer, explorer_frames
from lib.explorers.svg import REFERENCE, decades, document, grid, log_position, power_of_ten
from lib.further.depth import MAX_SLOPE, GradientNorms, gradient_norms
from lib.network import check_network, init_weights
from lib.pictures.style import BLUE, ORANGE

_LEFT, _RIGHT, _TOP, _BOTTOM = 58, svg.WIDTH - 14, 12, 222
_HEIGHT = _BOTTOM + 96  # the x-axis, its caption and a legend of two rows below the plot
_FLOOR = 1e-300  # a norm of exactly 0 (every unit switched off) is drawn at the floor


def bound_curve(norms: GradientNorms) -> np.ndarray:
    """‖δ_L‖ ∏_{i>j} max σ′ ‖X̄_i‖₂ for j = 0..L: what ‖δ_j‖ can be at most, from the top."""
    factors = np.concatenate([norms.bounds, [1.0]])  # bounds[i - 1] is layer i's factor
    return norms.outputs[-1] * np.cumprod(factors[::-1])[::-1]


def per_layer_factor(norms: GradientNorms) -> float:
    """(‖δ_0‖ / ‖δ_L‖)^(1/L): the factor by which ‖δ_j‖ changes per layer on average."""
    first, last = norms.outputs[0], norms.outputs[-1]
    return (first / last) ** (1 / (len(norms.outputs) - 1)) if first > 0 and last > 0 else 0.0


def _marks(shape: str, points) -> str:
    """A small circle or square at each point, one path for all: the lines differ by marker
    as well as by colour."""
    if shape == "circle":
        one = "M{} {}m-3 0a3 3 0 1 0 6 0a3 3 0 1 0-6 0"
    else:
        one = "M{} {}m-3-3h6v6h-6z"
    return "".join(one.format(svg.num(x), svg.num(y)) for x, y in points)


def norms_chart_svg(norms: GradientNorms, limits, label: str = "") -> str:
    """‖∂ℓ/∂X_j‖, ‖δ_j‖ and the bound on ‖δ_j‖ against the layer j, on a log axis; an
    inline SVG named ``label``."""
    depth = len(norms.weights)

    def x(j):
        return _LEFT + j / depth * (_RIGHT - _LEFT)

    def y(value):
        return log_position(max(value, _FLOOR), limits, _BOTTOM, _TOP)

    ticks = decades(limits, most=7)
    body = [grid([y(t) for t in ticks], [power_of_ten(t) for t in ticks], _LEFT, _RIGHT, True)]
    step = max(1, round(depth / 8))
    layers = list(range(0, depth + 1, step))
    body.append(grid([x(j) for j in layers], [str(j) for j in layers], _BOTTOM, _BOTTOM + 4))
    lines = [  # (legend, layers, values, colour, class, dashes, marker)
        ("bound on ‖δⱼ‖", range(depth + 1), bound_curve(norms), REFERENCE, "chart-ref",
         ' stroke-dasharray="6 4"', None),
        ("‖δⱼ‖ = ‖∂ℓ/∂mⱼ‖", range(depth + 1), norms.outputs, ORANGE, "", "", "circle"),
        ("‖∂ℓ/∂Xⱼ‖", range(1, depth + 1), norms.weights, BLUE, "", "", "square"),
    ]  # fmt: skip
    legend = [(_LEFT, _BOTTOM + 58), (_LEFT + 190, _BOTTOM + 58), (_LEFT, _BOTTOM + 80)]
    names = []
    for (name, js, values, colour, cls, dash, marker), (lx, ly) in zip(lines, legend, strict=True):
        points = [(x(j), y(v)) for j, v in zip(js, values, strict=True)]
        kind = f' class="{cls}"' if cls else ""
        path = " ".join(f"{svg.num(a)},{svg.num(b)}" for a, b in points)
        body.append(
            f'<polyline{kind} points="{path}" '
            f'fill="none" stroke="{colour}" stroke-width="2"{dash}/>'
            f'<path{kind} d="M{lx} {ly - 4}h26" stroke="{colour}" stroke-width="2"{dash}/>'
        )
        if marker:
            marks = _marks(marker, [*points, (lx + 13, ly - 4)])
            body.append(f'<path d="{marks}" fill="{colour}"/>')
        names.append(svg.text(lx + 32, ly, name))
    body.append(f'<g font-size="13">{"".join(names)}</g>')
    caption = f"layer j (1 = next to the input, {depth} = the output)"
    body.append(svg.muted([svg.text((_LEFT + _RIGHT) / 2, _BOTTOM + 36, caption)]))
    return document(svg.WIDTH, _HEIGHT, body, label)


def _ratio(first: float, last: float) -> str:
    return f"{first / last:.2g}" if last > 0 else "undefined (0 at the top)"


def _frame(activation: str, scale: float, norms: GradientNorms, limits) -> str:
    depth = len(norms.weights)
    status = (
        f"{activation}, weights × {scale:g} (max σ′ = {MAX_SLOPE[activation]:g}): on the way "
        f"down through {depth} layers, ‖δ<sub>j</sub>‖ changes by a factor "
        f"{per_layer_factor(norms):.3g} per layer on average; ‖δ<sub>0</sub>‖ / ‖δ<sub>L</sub>‖ "
        f"= {_ratio(norms.outputs[0], norms.outputs[-1])} and ‖∂ℓ/∂X<sub>1</sub>‖ / "
        f"‖∂ℓ/∂X<sub>L</sub>‖ = {_ratio(norms.weights[0], norms.weights[-1])}."
    )
    plain = status.replace("<sub>", "").replace("</sub>", "")
    alt = (
        f"Log-scale lines against the layer number j for {activation} with weights times "
        f"{scale:g}: the norm of the weight gradient of each layer, the norm of the row vector "
        f"δ_j, and the dashed bound on it. {plain}"
    )
    return f'<p class="explorer-status">{status}</p>' + norms_chart_svg(norms, limits, alt)


@dataclass
class GradientNormExplorer(FramedExplorer):
    """A drop-down over activations, a slider over weight scales, a frame per pair.

    ``norms[(activation, scale)]`` holds the numbers each frame draws; ``shown`` is the HTML
    of the frame the controls select, so a test can drive it.
    """

    activations: tuple[str, ...]
    scales: tuple[float, ...]
    norms: dict
    activation_menu: widgets.Dropdown
    scale_slider: widgets.SelectionSlider
    frames: widgets.Stack
    widget: widgets.VBox
    links: list


def gradient_norm_explorer(
    widths,
    Z,
    Y,
    activations=("sigmoid", "tanh", "relu"),
    scales=(0.25, 0.5, 0.75, 1.0, 1.5, 2.0, 3.0),
    output_activation="identity",
    seed=0,
):
    """Per-layer gradient norms of the network ``widths`` on (Z, Y), for each hidden
    activation and each multiple of the weights ``init_weights(widths, seed)`` draws."""
    base = init_weights(widths, seed)
    check_network(base, Z, Y, output_activation)
    names = sorted(MAX_SLOPE)
    if isinstance(activations, str) or not activations or not set(activations) <= set(names):
        raise ValueError(f"activations must list names among {names}, got {activations!r}")
    activations = tuple(activations)
    if isinstance(scales, (str, bytes)) or not hasattr(scales, "__len__") or len(scales) < 2:
        raise ValueError(f"scales must list at least two positive numbers, got {scales!r}")
    scales = tuple(positive_real(s, f"scales[{k}]") for k, s in enumerate(scales))
    if any(b <= a for a, b in zip(scales, scales[1:], strict=False)):
        raise ValueError(f"scales must be strictly increasing, got {scales!r}")
    hidden = len(base) - 1
    norms = {}
    for act in activations:
        for c in scales:
            scaled = [c * X for X in base]
            norms[act, c] = gradient_norms(scaled, Z, Y, [act] * hidden + [output_activation])
    values = [v for n in norms.values() for v in (*n.weights, *n.outputs, *bound_curve(n))]
    positive = [v for v in values if v > 0 and math.isfinite(v)]
    low, high = math.floor(math.log10(min(positive))), math.ceil(math.log10(max(positive)))
    limits = (10.0**low, 10.0**high)
    start = scales.index(1.0) if 1.0 in scales else 0
    labels = tuple(f"{c:g}" for c in scales)
    controls = [
        Control("activation σ", activations, menu=True, width=None, label_width=None),
        Control("weights × (1 = init_weights)", labels, start, width="70%"),
    ]

    def frame(a: int, c: int) -> str:
        act, scale = activations[a], scales[c]
        return _frame(act, scale, norms[act, scale], limits)

    made = explorer_frames(controls, frame)
    menu, slider = made.controls
    box = widgets.VBox([menu, slider, made.stack])
    return GradientNormExplorer(
        activations, scales, norms, menu, slider, made.stack, box, made.links
    )
