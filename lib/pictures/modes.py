"""Pictures for chapter 6: forward and reverse mode, counted and measured.

Kept out of the chapter so that a cell shows the idea, not the styling.
"""

from __future__ import annotations

import numpy as np
from matplotlib import ticker

from lib.measure.modes import ModeCosts
from lib.pictures.style import BLUE, ORANGE

_STYLE = {
    "reverse": (BLUE, "o", "from the left (reverse)"),
    "forward": (ORANGE, "s", "from the right (forward)"),
}


def plot_mode_sweep(ax_counts, ax_time, costs: ModeCosts, varied, name: str, cross=None):
    """Multiply–adds (top) and measured time (bottom) of both modes against the width
    ``varied`` (called ``name``, e.g. "p_0"); a dotted line marks ``cross``, where counts meet."""
    varied = np.asarray(varied, dtype=float)
    for mode, (colour, marker, label) in _STYLE.items():
        ax_counts.loglog(varied, costs.counts[mode], marker=marker, color=colour, label=label)
        if costs.seconds is not None:
            ax_time.loglog(
                varied, 1e3 * costs.seconds[mode], marker=marker, color=colour, label=label
            )
    for ax in (ax_counts, ax_time):
        if cross is not None:
            ax.axvline(cross, color="0.4", ls=":", lw=1.5)
        ax.grid(True, which="major", color="0.9")
    ax_time.yaxis.set_major_locator(ticker.LogLocator(subs=(1.0, 2.0, 5.0)))
    ax_time.yaxis.set_major_formatter(ticker.FormatStrFormatter("%g"))
    ax_time.yaxis.set_minor_formatter(ticker.NullFormatter())
    ax_counts.set(ylabel="multiply–adds")
    ax_time.set(xlabel=f"${name}$", ylabel="time per Jacobian (ms)")
    ax_counts.legend(fontsize=8)


def plot_mode_memory(ax, costs: ModeCosts, depths):
    """Peak memory of both modes (beyond the weights) against the depth L."""
    depths = np.asarray(depths, dtype=float)
    for mode, (colour, marker, label) in _STYLE.items():
        ax.plot(depths, costs.peak_bytes[mode] / 1e3, marker=marker, color=colour, label=label)
    ax.set(xlabel="number of layers $L$", ylabel="peak memory (kB)", ylim=(0, None))
    ax.grid(True, color="0.9")
    ax.legend(fontsize=8)
