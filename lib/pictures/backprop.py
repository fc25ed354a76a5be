"""Pictures for chapters 4 and 5: the backward pass, its measured cost, a Jacobian's sparsity.

Kept out of the chapters so that a cell shows the idea, not the styling.
"""

from __future__ import annotations

import numpy as np
from matplotlib import colormaps, colors
from matplotlib.layout_engine import ConstrainedLayoutEngine
from matplotlib.patches import Patch, Rectangle

from lib.checks import as_real_array
from lib.measure.gradient_cost import CostCurve
from lib.pictures.style import BLUE, GREEN, VERMILLION

_DELTA_CMAP = "RdBu_r"


def _vectors(values, name: str) -> list:
    if not isinstance(values, (list, tuple)) or len(values) < 2:
        raise TypeError(f"{name} must be a list of at least two 1-D vectors, got {values!r}")
    return [
        None if v is None else as_real_array(v, f"{name}[{j}]", ndim=1)
        for j, v in enumerate(values)
    ]


def _strip(ax, x, values, height, width, *, cmap=None, face="0.85", edge="0.35", ls="-"):
    """A column of cells centred on (x, 0.5), one cell per entry of ``values``."""
    n = len(values)
    bottom = 0.5 - n * height / 2
    scale = np.max(np.abs(values)) if cmap is not None else 0.0
    norm = colors.Normalize(-scale, scale) if scale > 0 else colors.Normalize(-1, 1)
    for r, value in enumerate(values[::-1]):  # entry 0 on top
        color = cmap(norm(value)) if cmap is not None else face
        ax.add_patch(
            Rectangle(
                (x - width / 2, bottom + r * height),
                width,
                height,
                facecolor=color,
                edgecolor=edge,
                lw=0.8,
                ls=ls,
            )
        )
    return bottom


def plot_backward_pass(fig, outputs, deltas):
    """One panel per step of the section-5 recursion dl/dm_{j-1} = dl/dm_j dm_j/dm_{j-1}.

    ``outputs`` are O_0..O_L of one sample (grey: kept from the forward pass, they give
    sigma'(w) and [O_{j-1}; 1]); ``deltas`` are the row vectors dl/dm_0..dl/dm_L (colour:
    sign and size within each vector). At step j only dl/dm_j (read) and dl/dm_{j-1}
    (written) are held; the vectors already used are freed (dashed outline).
    """
    outputs = _vectors(outputs, "outputs")
    deltas = _vectors(deltas, "deltas")
    if len(deltas) != len(outputs):
        raise ValueError(
            f"deltas must hold one vector per layer output ({len(outputs)}, dl/dm_0..dl/dm_L;"
            f" dl/dm_0 may be None), got {len(deltas)}"
        )
    for j, (o, d) in enumerate(zip(outputs, deltas, strict=True)):
        if d is not None and d.shape != o.shape:
            raise ValueError(
                f"deltas[{j}] must have the shape of outputs[{j}], {o.shape}, got {d.shape}"
            )
    if deltas[-1] is None:
        raise ValueError("deltas[-1] must be dl/dm_L, the start of the backward pass, got None")
    num_layers = len(outputs) - 1
    height = 0.8 / max(len(o) for o in outputs)
    cmap = colormaps[_DELTA_CMAP]
    axes = fig.subplots(1, num_layers, sharey=True)
    axes = np.atleast_1d(axes)
    for ax, j in zip(axes, range(num_layers, 0, -1), strict=True):
        held = 0
        for i, (o, d) in enumerate(zip(outputs, deltas, strict=True)):
            _strip(ax, i - 0.15, o, height, 0.22)
            if d is None:
                if i == j - 1:
                    ax.text(i + 0.15, 0.5, "not\nneeded", ha="center", va="center", fontsize=8)
                continue
            if i in (j, j - 1):
                _strip(ax, i + 0.15, d, height, 0.22, cmap=cmap, edge="k")
                held += d.size
                role = "read" if i == j else "written"
                ax.text(i + 0.15, 0.03, role, ha="center", va="bottom", fontsize=9)
            elif i > j:
                _strip(ax, i + 0.15, d, height, 0.22, face="none", edge="0.6", ls="--")
        rows, cols = outputs[j].size, outputs[j - 1].size + 1
        ax.set_title(
            f"step {num_layers - j + 1}: layer {j}\n"
            f"writes $\\partial \\ell / \\partial X_{j}$ ({rows}×{cols})",
            fontsize=10,
        )
        ax.set_xlabel(f"vectors held: {held} numbers", fontsize=10)
        ax.set_xticks(range(num_layers + 1), [f"$m_{i}$" for i in range(num_layers + 1)])
        ax.set(xlim=(-0.6, num_layers + 0.6), ylim=(0, 1), yticks=[])
        for side in ("left", "right", "top"):
            ax.spines[side].set_visible(False)
    handles = [
        Patch(facecolor="0.85", edgecolor="0.35", label="$O_i$, kept from the forward pass"),
        Patch(facecolor=cmap(0.85), edgecolor="k", label=r"$\partial \ell / \partial m_i$, held"),
        Patch(facecolor="none", edgecolor="0.6", ls="--", label="freed"),
    ]
    constrained = isinstance(fig.get_layout_engine(), ConstrainedLayoutEngine)
    where = "outside lower center" if constrained else "lower center"
    fig.legend(handles=handles, loc=where, ncols=3, fontsize=10, frameon=False)
    return axes


def plot_costs(ax_memory, ax_time, curves, min_width=0, extrapolate_to=None):
    """Peak memory and time against the width p on log-log axes, each with its fitted line.

    The legend gives each fitted slope, the exponent k in cost ~ p^k (section 5's
    memory argument). ``min_width`` is one width, or one per curve, below which points
    are drawn but not fitted; with ``extrapolate_to`` the fits continue (dotted) that far.
    """
    if isinstance(curves, CostCurve) or not isinstance(curves, (list, tuple)) or not curves:
        raise TypeError(f"curves must be a non-empty list of CostCurve, got {curves!r}")
    for curve in curves:
        if not isinstance(curve, CostCurve):
            raise TypeError(f"curves must hold CostCurve objects, got {type(curve).__name__}")
    limits = as_real_array(min_width, "min_width", ndim=(0, 1))
    limits = np.broadcast_to(limits, (len(curves),)) if limits.ndim == 0 else limits
    if limits.shape != (len(curves),):
        raise ValueError(
            f"min_width must be one width or one per curve ({len(curves)}), got {limits.shape}"
        )
    # colour, marker and line style: the methods differ in each
    looks = {"backprop": (BLUE, "o", "-"), "jacobian": (VERMILLION, "s", "--")}
    for curve, limit in zip(curves, limits, strict=True):
        color, marker, style = looks.get(curve.method, (GREEN, "^", "-."))
        fitted = curve.widths[curve.widths >= limit]
        for ax, values, law in (
            (ax_memory, curve.peak_bytes, curve.memory_law(limit)),
            (ax_time, curve.seconds, curve.time_law(limit)),
        ):
            ax.loglog(curve.widths, values, marker, color=color, label=curve.method)
            grid = np.geomspace(fitted.min(), fitted.max(), 50)
            ax.loglog(
                grid, law(grid), style, color=color, lw=1.5, label=f"slope {law.exponent:.2f}"
            )
            if extrapolate_to is not None and extrapolate_to > fitted.max():
                far = np.geomspace(fitted.max(), extrapolate_to, 20)
                ax.loglog(far, law(far), ":", color=color, lw=1.5)
    ax_memory.set(xlabel="layer width p", ylabel="peak memory (bytes)")
    ax_time.set(xlabel="layer width p", ylabel="time per gradient (s)")
    for ax in (ax_memory, ax_time):
        ax.legend(fontsize=9, loc="upper left")
        ax.grid(True, which="major", alpha=0.3)
    return ax_memory, ax_time


def plot_sparsity(ax, matrix, label="matrix"):
    """Black where ``matrix`` is nonzero, white where it is zero; the title counts both."""
    matrix = as_real_array(matrix, "matrix", ndim=2)
    nonzero = matrix != 0
    ax.imshow(nonzero, cmap="Greys", aspect="auto", interpolation="nearest", vmin=0, vmax=1)
    ax.set(xlabel="column (entry of x_j)", ylabel="row (entry of w)")
    ax.set_title(
        f"{label}: {matrix.shape[0]}×{matrix.shape[1]}, "
        f"{nonzero.sum()} of {matrix.size} entries nonzero ({nonzero.mean():.0%})",
        fontsize=10,
    )
    return ax
