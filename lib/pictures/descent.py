"""Pictures of gradient descent on least squares (chapter 1), kept out of the chapter's cells."""

from __future__ import annotations

import numpy as np

from lib.checks import as_real_array
from lib.least_squares import check_least_squares, least_squares_loss
from lib.pictures.style import BLUE, CYCLE, MARKERS, ORANGE

#: Below this many machine epsilons of the minimum loss, loss − minimum is rounding noise:
#: each loss is rounded to a multiple of ulp(minimum) ≈ ε·minimum, and its own rounding
#: errors are a few such units, so 16 of them leave the drawn excess within a few percent.
ROUNDING_EPSILONS = 16


def rounding_level(best_loss) -> float:
    """The smallest excess loss a log axis may show: ROUNDING_EPSILONS · ε · |minimum loss|.

    A minimum of exactly 0 (a perfect fit) has no rounding floor of this kind; the
    smallest normal float64 stands in for it.
    """
    best_loss = as_real_array(best_loss, "best_loss", ndim=0)
    level = ROUNDING_EPSILONS * np.finfo(float).eps * abs(float(best_loss))
    return max(level, np.finfo(float).tiny)


def excess_above_rounding(losses, best_loss) -> np.ndarray:
    """loss − minimum along a run, cut before its first value at or below rounding level.

    What a log axis may draw of geometric decay: everything after that point is rounding
    noise (and 0 or negative values would have no logarithm at all).
    """
    losses = as_real_array(losses, "losses", ndim=1, finite=False)
    excess = losses - float(best_loss)
    low = np.flatnonzero(~(excess > rounding_level(best_loss)))  # NaN counts as low too
    return excess[: low[0]] if low.size else excess


def plot_excess_loss(ax, run, best_loss, label=None):
    """The loss above its minimum along a run of (GD), on a log scale, down to rounding level.

    The curve stops where the excess reaches :func:`rounding_level`; a dotted line marks
    that level, so the axis spans only the decay that is real.
    """
    excess = excess_above_rounding(run.losses, best_loss)
    if excess.size == 0:
        raise ValueError(
            f"best_loss must lie below the run's first loss by more than rounding level "
            f"{rounding_level(best_loss):.2g}, got best_loss {best_loss!r} and first loss "
            f"{run.losses[0]!r}"
        )
    level = rounding_level(best_loss)
    ax.semilogy(
        np.arange(excess.size), excess, color=BLUE, label=label or f"s = {run.step_size:.3g}"
    )
    ax.axhline(level, color="0.5", ls=":", lw=1, label="rounding level")
    ax.text(
        0.99,
        level,
        "rounding level",
        transform=ax.get_yaxis_transform(),
        ha="right",
        va="bottom",
        fontsize=8,
        color="0.4",
    )
    ax.set(xlabel="step k", ylabel="loss − minimum loss")
    return ax


def plot_fit(ax, z, y, predict, label="model"):
    """The data (z_i, y_i) and a model's predictions on a fine grid of inputs."""
    ax.plot(z, y, "o", ms=4, alpha=0.7, color=BLUE, label="data")
    grid = np.linspace(np.min(z), np.max(z), 200)
    ax.plot(grid, predict(grid), lw=2, color=ORANGE, label=label)
    ax.set(xlabel="input z", ylabel="output y")
    ax.legend()
    return ax


def plot_iterates_on_contours(ax, A, y, runs, center, radius):
    """Level sets of the loss over two weights, with the path of each run of (GD)."""
    A, y = check_least_squares(A, y)
    if A.shape[1] != 2:
        raise ValueError(f"A must have exactly 2 columns (two weights), got shape {A.shape}")
    x1 = np.linspace(center[0] - radius[0], center[0] + radius[0], 160)
    x2 = np.linspace(center[1] - radius[1], center[1] + radius[1], 160)
    grid = np.stack(np.meshgrid(x1, x2), axis=-1)
    residual = grid @ A.T - y  # (160, 160, N): the loss at every grid point at once
    loss = np.mean(residual**2, axis=-1)
    best = least_squares_loss(center, A, y)
    levels = best + (loss.max() - best) * np.geomspace(1e-4, 1, 14)
    ax.contour(x1, x2, loss, levels=levels, colors="0.6", linewidths=0.8)
    for k, run in enumerate(runs):  # a colour and a marker per run
        path = np.asarray(run.xs)
        ax.plot(
            *path.T,
            marker=MARKERS[k % len(MARKERS)],
            color=CYCLE[k % len(CYCLE)],
            ms=3,
            lw=1,
            label=f"s = {run.step_size:.3g}",
        )
    ax.plot(*center, "k*", ms=12, label="closed-form solution")
    ax.set(
        xlim=(x1[0], x1[-1]),
        ylim=(x2[0], x2[-1]),
        xlabel="$x_1$ (intercept)",
        ylabel="$x_2$ (slope)",
    )
    ax.legend(loc="upper right", fontsize=8)
    return ax
