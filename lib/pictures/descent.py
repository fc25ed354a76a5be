"""Pictures of gradient descent on least squares (chapter 1), kept out of the chapter's cells."""

from __future__ import annotations

import numpy as np

from lib.least_squares import check_least_squares, least_squares_loss


def plot_excess_loss(ax, run, best_loss, label=None):
    """The loss above its minimum along a run of (GD), on a log scale."""
    k = np.arange(len(run.losses))
    excess = np.maximum(run.losses - best_loss, np.finfo(float).tiny)
    ax.semilogy(k, excess, label=label or f"s = {run.step_size:.3g}")
    ax.set(xlabel="step k", ylabel="loss − minimum loss")
    return ax


def plot_fit(ax, z, y, predict, label="model"):
    """The data (z_i, y_i) and a model's predictions on a fine grid of inputs."""
    ax.plot(z, y, "o", ms=4, alpha=0.7, label="data")
    grid = np.linspace(np.min(z), np.max(z), 200)
    ax.plot(grid, predict(grid), lw=2, label=label)
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
    for run in runs:
        path = np.asarray(run.xs)
        ax.plot(path[:, 0], path[:, 1], ".-", ms=4, lw=1, label=f"s = {run.step_size:.3g}")
    ax.plot(*center, "k*", ms=12, label="closed-form solution")
    ax.set(
        xlim=(x1[0], x1[-1]),
        ylim=(x2[0], x2[-1]),
        xlabel="$x_1$ (intercept)",
        ylabel="$x_2$ (slope)",
    )
    ax.legend(loc="upper right", fontsize=8)
    return ax
