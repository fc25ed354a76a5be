"""Pictures for chapter 9: what reverse mode on a graph costs, against the paths it sums.

Kept out of the chapter so that a cell shows the idea, not the styling.
"""

from __future__ import annotations

import numpy as np

from lib.pictures.style import BLUE, ORANGE


def plot_paths_and_edges(ax, blocks, paths, edges):
    """Paths from the loss to a weight (the terms of the chain rule written out) and edges
    (the VJPs backward evaluates) against the number of residual blocks, on a log scale."""
    blocks = np.asarray(blocks)
    ax.semilogy(blocks, paths, marker="o", color=ORANGE, label="paths from the loss to $X_1$")
    ax.semilogy(blocks, edges, marker="s", color=BLUE, ls="--", label="edges of the graph")
    ax.set(xlabel="residual blocks $d$", ylabel="how many (log scale)")
    ax.grid(True, which="major", color="0.9")
    ax.legend(fontsize=8)


def plot_multiply_adds(ax, blocks, forward, backward):
    """Multiply–adds of the matrix products, forward and backward, against the blocks."""
    blocks = np.asarray(blocks)
    forward, backward = np.asarray(forward) / 1e6, np.asarray(backward) / 1e6
    ax.plot(blocks, forward, marker="o", color=ORANGE, label="forward pass")
    ax.plot(blocks, backward, marker="s", color=BLUE, ls="--", label="backward pass")
    ax.set(xlabel="residual blocks $d$", ylabel="multiply–adds (millions)", ylim=(0, None))
    ax.grid(True, color="0.9")
    ax.legend(fontsize=8)
