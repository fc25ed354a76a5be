"""Pictures for chapter 8: the spread of batch gradients, SGD's progress per epoch, its
noise floors, and the figure the chapter's explorer draws its frames on.

Kept out of the chapter so that a cell shows the idea, not the styling.
"""

from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure

from lib.further.stochastic import batch_variance_factor
from lib.pictures.descent import excess_above_rounding, plot_iterates_on_contours, rounding_level
from lib.pictures.style import BLUE, CYCLE, DIVERGED, DIVERGED_NOTE, MARKERS, ORANGE


def plot_variance_factor(ax, num_samples, batch_sizes, measured):
    """The measured spread of batch gradients over one sample's (dots) against the batch
    size B, with the formula (N − B) / (B (N − 1)) (line), on log scales."""
    every = np.arange(1, num_samples)
    formula = [batch_variance_factor(num_samples, B) for B in every]
    ax.loglog(every, formula, color=BLUE, lw=2, label="$(N - B) / (B(N - 1))$")
    ax.loglog(
        batch_sizes,
        measured,
        "o",
        color=CYCLE[1],
        ms=7,
        mfc="none",
        mew=2,
        label="measured over random batches",
    )
    ax.set(xlabel="batch size $B$", ylabel="spread of $g_B$ / spread of one sample's")
    ax.grid(True, which="major", color="0.9")
    ax.legend(fontsize=9)
    return ax


def plot_progress(ax, runs: dict, num_samples, best_loss=None):
    """The loss (or, given ``best_loss``, its excess) at the end of every epoch of each SGD
    run of ``runs`` ({label: SGDResult}), against the epochs, on a log scale."""
    for k, (label, run) in enumerate(runs.items()):
        ends = np.flatnonzero(run.samples_seen % num_samples == 0)  # where epochs end
        values = run.losses[ends] if best_loss is None else run.losses[ends] - best_loss
        ax.semilogy(
            run.samples_seen[ends] / num_samples,
            values,
            color=CYCLE[k % len(CYCLE)],
            marker=MARKERS[k % len(MARKERS)],
            ms=4,
            lw=1.2,
            label=label,
        )
    ylabel = "loss" if best_loss is None else "loss − minimum loss"
    ax.set(xlabel="epoch (samples processed / $N$)", ylabel=f"{ylabel} at the epoch's end")
    ax.grid(True, which="major", color="0.9")
    ax.legend(fontsize=8)
    return ax


def plot_noise_floors(ax, fractions, floors: dict):
    """Each batch size's noise floor (``floors[B]``, one per step size, NaN where the run
    diverged) against s as a multiple of chapter 1's bound 2/λ_max, on log scales."""
    fractions = np.asarray(fractions, dtype=float)
    top = np.nanmax([np.nanmax(f) for f in floors.values()]) * 3
    for k, (B, heights) in enumerate(floors.items()):
        heights = np.asarray(heights, dtype=float)
        look = {"color": CYCLE[k % len(CYCLE)], "ms": 5}
        ax.loglog(fractions, heights, marker=MARKERS[k % len(MARKERS)], label=f"$B = {B}$", **look)
        gone = np.isnan(heights)
        if gone.any():  # a diverged run: a cross at the top, in the batch size's colour
            ax.plot(
                fractions[gone],
                np.full(gone.sum(), top),
                ls="none",
                marker=DIVERGED["marker"],
                ms=9,
                clip_on=False,
                color=look["color"],
            )
    ax.axvline(1.0, color=DIVERGED["color"], ls="-.", label="bound $2/\\lambda_{\\max}$ of (GD)")
    ax.set(
        xlim=(fractions[0] / 1.3, 1.3),
        ylim=(None, top),
        xlabel="step size $s$ / (2/λ$_{\\max}$)",
        ylabel="noise floor: mean loss − minimum",
    )
    ax.grid(True, which="major", color="0.9")
    ax.legend(fontsize=8, loc="upper left")
    return ax


class ExplorerFigure:
    """The two panels of the SGD explorer's frames (chapter 8): the excess loss against the
    epochs (left) and the path on the loss landscape of chapter 1 (right). Axes, contours
    and the minimiser are still; the run, plain (GD) at its step size and the "diverged"
    note are ``animated`` artists that :meth:`show` moves for each frame."""

    def __init__(self, A, y, center, radius, num_epochs, y_limits):
        fig = Figure(figsize=(8.6, 3.3), dpi=80, layout="constrained")
        self.curve, self.path = fig.subplots(1, 2)
        self.curve.set(xlim=(0, num_epochs), ylim=y_limits, yscale="log")
        self.curve.set_title("the run, and (GD) at the same $s$")
        self.curve.set_xlabel("epochs (samples processed / $N$)")
        self.curve.set_ylabel("loss − minimum loss")
        self.curve.grid(True, which="major", color="0.9")
        plot_iterates_on_contours(self.path, A, y, [], center, radius)
        self.path.set_title("the path on the loss landscape")

        def moving(ax, *style, **look):
            return ax.plot([], [], *style, animated=True, **look)[0]

        plain = {"color": ORANGE, "ls": "--", "lw": 1.5}
        self.lines = {
            "run": moving(self.curve, color=BLUE, lw=1),
            "plain": moving(self.curve, **plain),
            "run path": moving(self.path, color=BLUE, lw=0.7, marker=".", ms=2),
            "plain path": moving(self.path, **plain),
            "end": moving(self.path, "o", color=BLUE, ms=7),
        }
        self.note = self.curve.text(
            0.5, 0.5, "", transform=self.curve.transAxes, fontsize=14, **DIVERGED_NOTE
        )
        self.figure, self.panels = fig, [self.curve, self.path]
        self.moving = [*self.lines.values(), self.note]

    def show(self, run, plain, best_loss, num_samples):
        """Put the animated artists where the SGD ``run`` and the (GD) run ``plain`` (an
        SGDResult with B = N) have them; ``best_loss`` is the minimum of the loss (4)."""
        level = rounding_level(best_loss)
        for key, r in (("run", run), ("plain", plain)):
            excess = excess_above_rounding(r.losses, best_loss)  # stops at rounding level
            epochs = r.samples_seen[: excess.size] / num_samples
            self.lines[key].set_data(epochs, np.maximum(excess, level))
            self.lines[key + " path"].set_data(*np.asarray(r.xs).T)
        self.lines["end"].set_data(*np.asarray(run.xs[-1:]).T)
        self.note.set_text(f"diverged at step {run.diverged_at}")
        self.note.set_visible(run.diverged_at is not None)
