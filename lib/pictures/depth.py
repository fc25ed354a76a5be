"""Pictures for chapter 7: gradient norms layer by layer, and how far training moved each layer.

Kept out of the chapter so that a cell shows the idea, not the styling.
"""

from __future__ import annotations

import numpy as np

from lib.further.depth import GradientNorms
from lib.pictures.style import CYCLE, MARKERS


def plot_gradient_norms(fig, norms: dict, activations, scales):
    """A column per activation: ‖δ_j‖ (top) and ‖∂ℓ/∂X_j‖ (bottom) against the layer j, on a
    log scale, one line per weight scale; ``norms[(activation, scale)]`` is a GradientNorms."""
    axes = fig.subplots(2, len(activations), sharex=True, sharey="row", squeeze=False)
    for column, activation in enumerate(activations):
        top, bottom = axes[0, column], axes[1, column]
        for k, scale in enumerate(scales):
            n: GradientNorms = norms[activation, scale]
            look = {
                "color": CYCLE[k % len(CYCLE)],
                "marker": MARKERS[k % len(MARKERS)],
                "ms": 3,
                "label": f"weights × {scale:g}",
            }
            top.semilogy(np.arange(len(n.outputs)), n.outputs, **look)
            bottom.semilogy(np.arange(1, len(n.weights) + 1), n.weights, **look)
        top.set_title(activation)
        bottom.set_xlabel("layer $j$")
        for ax in (top, bottom):
            ax.grid(True, which="major", color="0.9")
    axes[0, 0].set_ylabel(r"$\|\delta_j\| = \|\partial\ell/\partial m_j\|$")
    axes[1, 0].set_ylabel(r"$\|\partial\ell/\partial X_j\|$")
    axes[0, 0].legend(fontsize=8)
    return axes


def plot_weight_movement(ax, movements: dict):
    """‖X_j(after) − X_j(before)‖ / ‖X_j(before)‖ against the layer j, one line per run."""
    for k, (label, moved) in enumerate(movements.items()):
        ax.semilogy(
            np.arange(1, len(moved) + 1),
            moved,
            marker=MARKERS[k % len(MARKERS)],
            ms=3,
            color=CYCLE[k % len(CYCLE)],
            label=label,
        )
    ax.set(xlabel="layer $j$", ylabel="relative change of $X_j$ during training")
    ax.grid(True, which="major", color="0.9")
    ax.legend(fontsize=8)
