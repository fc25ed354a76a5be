"""The step-size explorer: scrub the step size s of (GD) and watch the loss respond.

Every frame is computed in Python when the notebook runs and shipped as HTML; the
slider selects a frame in the browser (``jslink``). The control therefore works in
JupyterLab and equally on the built website, where no kernel runs.
"""

from __future__ import annotations

from dataclasses import dataclass

import ipywidgets as widgets
import numpy as np
from matplotlib.figure import Figure

from lib.checks import as_real_array, nonnegative_int
from lib.descent import GDResult, gradient_descent
from lib.explorers.frames import Control, FramedExplorer, explorer_frames
from lib.explorers.painter import PanelPainter
from lib.least_squares import (
    StepSizes,
    check_least_squares,
    least_squares_gradient,
    least_squares_loss,
    least_squares_solution,
    step_size_milestones,
)
from lib.pictures.descent import rounding_level
from lib.pictures.style import BLUE, DIVERGED, DIVERGED_NOTE, GREEN, VERMILLION


def step_size_grid(milestones: StepSizes, num_frames: int = 25) -> np.ndarray:
    """Log-spaced step sizes from bound/100 to 1.3 x bound, with both milestones included."""
    num_frames = nonnegative_int(num_frames, "num_frames")
    if num_frames < 3:
        raise ValueError(f"num_frames must be at least 3, got {num_frames}")
    bound = milestones.divergence_bound
    grid = np.geomspace(bound / 100, 1.3 * bound, num_frames - 2)
    return np.unique(np.concatenate([grid, [milestones.optimal, bound]]))


def _status(run: GDResult, excess: np.ndarray, milestones: StepSizes, floor: float) -> str:
    s = run.step_size
    if run.diverged:
        return (
            f"s = {s:.3g}: diverged at step {run.diverged_at}, because s is above "
            f"the bound 2/λ_max = {milestones.divergence_bound:.3g}."
        )
    if not excess[-1] > floor:  # what is left is rounding noise, not a distance to go
        return (
            f"s = {s:.3g}: after {run.num_steps} steps the loss is at its minimum up to "
            f"rounding (less than {floor:.1e} above it)."
        )
    return (
        f"s = {s:.3g}: after {run.num_steps} steps the loss is {excess[-1]:.2e} above its minimum."
    )


class FrameRenderer:
    """Draws the explorer's frames. Left: the excess loss along one run. Right: where its
    step size sits among all of them.

    Everything but the run (the sweep panel, axes, ticks, legend and the layout) is the
    same in every frame: it is drawn once per theme as each panel's backdrop, and a frame
    draws only the curve, the marker and the "diverged" note (:mod:`lib.explorers.painter`).
    """

    def __init__(self, step_sizes, final_excess, milestones: StepSizes, y_limits, num_steps):
        self.milestones, self.y_limits, self.num_steps = milestones, y_limits, num_steps
        fig = Figure(figsize=(8.4, 3.0), dpi=80, layout="constrained")
        self.curve, self.sweep = fig.subplots(1, 2)
        (self.line,) = self.curve.semilogy(
            [0, num_steps], y_limits, color=BLUE, lw=2, animated=True
        )
        self.curve.set(
            xlim=(0, num_steps),
            ylim=y_limits,
            xlabel="step k",
            ylabel="loss − minimum loss",
            title="the run at this step size",
        )
        self.note = self.curve.text(
            0.5,
            0.5,
            "",
            transform=self.curve.transAxes,
            fontsize=15,
            **DIVERGED_NOTE,
        )
        finite = np.isfinite(final_excess)
        # a run that ended at rounding level sits on the floor: "at least this close"
        self.sweep.loglog(
            step_sizes[finite],
            np.maximum(final_excess[finite], y_limits[0]),
            "o-",
            color="0.6",
            ms=3,
            lw=1,
        )
        for ax in (self.curve, self.sweep):
            ax.axhline(y_limits[0], color="0.5", ls=":", lw=1)
        self.curve.text(
            num_steps, y_limits[0], "rounding level ", ha="right", va="bottom", fontsize=8
        )
        self.sweep.axvline(
            milestones.optimal, color=GREEN, ls="--", label="optimal 2/(λ_min+λ_max)"
        )
        self.sweep.axvline(
            milestones.divergence_bound, color=VERMILLION, ls="-.", label="bound 2/λ_max"
        )
        self.sweep.axvspan(
            milestones.divergence_bound, step_sizes[-1] * 1.1, color=VERMILLION, alpha=0.1
        )
        # placed on a point the panel already spans, so it never widens the x-axis
        (self.marker,) = self.sweep.plot(
            [milestones.optimal], [y_limits[1]], "o", ms=10, clip_on=False, animated=True
        )
        self.sweep.set(
            ylim=y_limits,
            xlabel="step size s",
            ylabel=f"excess loss after {num_steps}",
            title="every step size (shaded: diverges)",
        )
        self.sweep.legend(loc="lower left", fontsize=8)
        self.figure = fig
        moving = [self.line, self.marker, self.note]
        self.painter = PanelPainter(fig, [self.curve, self.sweep], moving)

    def _draw(self, run: GDResult, excess):
        """Put the moving artists where ``run`` has them (``excess``: loss above the minimum)."""
        low, high = self.y_limits
        at_floor = np.flatnonzero(~(np.asarray(excess) > low))  # rounding level (or NaN)
        drawn = excess[: at_floor[0]] if at_floor.size else excess
        self.line.set_data(np.arange(len(drawn)), drawn)  # the curve stops at rounding level
        self.note.set_text(f"diverged at step {run.diverged_at}")
        self.note.set_visible(run.diverged)
        last = np.nan_to_num(excess[-1], nan=high) if not run.diverged else high
        self.marker.set_data([run.step_size], [min(max(last, low), high)])
        # diverged: a cross in the bound's colour; converged: a disc in the curve's
        self.marker.set(
            color=DIVERGED["color"] if run.diverged else BLUE,
            marker=DIVERGED["marker"] if run.diverged else "o",
        )

    def render_frame(self, run: GDResult, excess) -> str:
        """One frame's HTML: the status line above the two panels, each with alt text."""
        status = _status(run, excess, self.milestones, self.y_limits[0])
        self._draw(run, excess)
        s = f"{run.step_size:.3g}"
        alts = [
            f"The loss above its minimum against the step number k, on a log scale, for "
            f"step size s = {s}. {status}",
            f"The excess loss after {self.num_steps} steps against the step size, on log "
            f"scales, for every step size, with the optimal step 2/(λ_min+λ_max) and the "
            f"bound 2/λ_max marked and the diverging step sizes shaded; a large "
            f"{'cross' if run.diverged else 'dot'} marks s = {s}.",
        ]
        return f'<p class="explorer-status">{status}</p>' + self.painter.frame_html(alts)


def least_squares_run(A, y, x0, step_size, num_steps: int) -> GDResult:
    """(GD) on the least-squares loss (4) from ``x0``: the run one frame shows."""
    return gradient_descent(
        lambda x: least_squares_gradient(x, A, y),
        x0,
        step_size,
        num_steps,
        loss=lambda x: least_squares_loss(x, A, y),
    )


@dataclass
class StepSizeExplorer(FramedExplorer):
    """A slider over step sizes and one precomputed frame per step size.

    ``widget`` is what a notebook displays; ``slider.index`` selects the frame and
    ``shown`` is the HTML of the frame currently selected, so a test can drive it.
    """

    step_sizes: np.ndarray
    runs: list
    milestones: StepSizes
    slider: widgets.SelectionSlider
    frames: widgets.Stack
    widget: widgets.VBox


def _label(s: float, milestones: StepSizes) -> str:
    if s == milestones.optimal:
        return f"{s:.3g} (optimal)"
    if s == milestones.divergence_bound:
        return f"{s:.3g} (bound)"
    return f"{s:.3g}"


def sweep(A, y, x0, step_sizes, num_steps: int):
    """(GD) at every step size: the runs, their losses above the minimum, each run's final
    excess (NaN where it diverged) and the loss range that all frames share, from rounding
    level up."""
    best = least_squares_loss(least_squares_solution(A, y), A, y)
    runs = [least_squares_run(A, y, x0, s, num_steps) for s in step_sizes]
    excesses = [run.losses - best for run in runs]
    final = np.array(
        [np.nan if r.diverged else e[-1] for r, e in zip(runs, excesses, strict=True)]
    )
    top = max(e[0] for e in excesses) * 10
    return runs, excesses, final, (rounding_level(best), top)


def step_size_explorer(A, y, x0=None, num_steps: int = 60, num_frames: int = 25):
    """Build the explorer for least squares on features ``A`` and targets ``y`` (eqs. GD, 4)."""
    A, y = check_least_squares(A, y)
    x0 = np.zeros(A.shape[1]) if x0 is None else as_real_array(x0, "x0", ndim=1)
    if x0.shape != (A.shape[1],):
        raise ValueError(f"x0 must have one weight per column of A, {A.shape[1]}, got {x0.shape}")
    num_steps = nonnegative_int(num_steps, "num_steps", minimum=1)  # a run to draw
    milestones = step_size_milestones(A)
    step_sizes = step_size_grid(milestones, num_frames)
    runs, excesses, final, y_limits = sweep(A, y, x0, step_sizes, num_steps)
    renderer = FrameRenderer(step_sizes, final, milestones, y_limits, num_steps)
    start = int(np.flatnonzero(step_sizes == milestones.optimal)[0]) // 2
    control = Control("step size s", tuple(_label(s, milestones) for s in step_sizes), start)
    made = explorer_frames([control], lambda i: renderer.render_frame(runs[i], excesses[i]))
    (slider,) = made.controls
    box = widgets.VBox([slider, made.stack, renderer.painter.backdrops.widget()])
    return StepSizeExplorer(step_sizes, runs, milestones, slider, made.stack, box)
