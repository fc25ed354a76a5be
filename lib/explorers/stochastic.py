"""The SGD explorer (chapter 8): choose the batch size B and the step size s of stochastic
gradient descent on chapter 1's line fit, and watch the loss fall, with noise, and the
path wander on the loss landscape.

Every run is computed when the notebook runs and every frame shipped as HTML; the two
sliders pick a frame in the browser (``jslink``): the batch size a page of a ``Stack``, the
step size a frame of that page. The explorer therefore works on the static website too.
"""

from __future__ import annotations

from dataclasses import dataclass

import ipywidgets as widgets
import numpy as np

import lib.least_squares as ls
from lib.checks import as_real_array, positive_real
from lib.explorers.frames import Control, FramedExplorer, explorer_frames, increasing_values
from lib.explorers.painter import PanelPainter
from lib.further.stochastic import SGDResult, noise_floor, sgd
from lib.pictures.descent import rounding_level
from lib.pictures.stochastic import ExplorerFigure


@dataclass
class SGDExplorer(FramedExplorer):
    """A slider over batch sizes, a slider over step sizes, and a frame for each pair.

    ``runs[(B, s)]`` is the SGD run a frame shows, ``plain[s]`` plain (GD) at that step
    size (an SGD run with B = N); ``shown`` is the HTML of the frame the sliders select.
    """

    batch_sizes: tuple[int, ...]
    step_sizes: tuple[float, ...]
    fractions: tuple[float, ...]
    runs: dict
    plain: dict
    milestones: ls.StepSizes
    best_loss: float
    batch_slider: widgets.SelectionSlider
    step_slider: widgets.SelectionSlider
    frames: widgets.Stack
    widget: widgets.VBox
    links: list


def status(run: SGDResult, plain: SGDResult, fraction, best_loss, num_samples) -> str:
    """What one frame shows, in words and the run's numbers."""
    N, B, s = num_samples, run.batch_sizes[0], run.step_sizes[0]
    epochs = round(run.samples_seen[-1] / N) if run.diverged_at is None else len(run.step_sizes)
    who = (
        f"B = N = {N}: plain (GD), one step with all samples per epoch"
        if B == N
        else f"B = {B}: {-(-N // B)} steps per epoch, each with {B} of the {N} samples"
    )
    head = f"{who}; s = {s:.3g} = {fraction:g} × 2/λ_max. "
    if run.diverged_at is not None:
        return head + f"The run diverged at step {run.diverged_at}, in epoch {epochs}."
    end = plain.losses[-1] - best_loss
    gd = "reaches" if not end > rounding_level(best_loss) else f"ends {end:.1e} above"
    if B == N:
        return head + f"After {epochs} epochs, that is {epochs} steps, the loss {gd} its minimum."
    floor = noise_floor(run, best_loss, N, epochs // 2)
    return (
        head + f"Over the last {epochs - epochs // 2} epochs the loss stays {floor:.2e} above "
        f"its minimum on average; plain (GD) at this s {gd} it."
    )


def _alts(run, x_star, text):
    place = (
        "leaves the picture as it diverges"
        if run.diverged_at is not None
        else f"ends {np.linalg.norm(run.xs[-1] - x_star):.2g} from the star"
    )
    return [
        f"The loss above its minimum against the epochs, on a log scale: the run (blue) and "
        f"plain gradient descent at the same step size (orange, dashed). {text}",
        f"Contour lines of chapter 1's loss over intercept and slope, with the minimiser as a "
        f"star; the run's path from the origin (blue dots) {place}, and plain gradient "
        f"descent's path is orange and dashed.",
    ]


def sgd_explorer(
    A,
    y,
    batch_sizes=(1, 8, 40),
    fractions=(0.05, 0.2, 0.5, 0.9),
    num_epochs=20,
    x0=None,
    radius=(1.6, 1.8),
    seed=0,
) -> SGDExplorer:
    """SGD on the least-squares loss (4) of ``A`` and ``y`` for every batch size of
    ``batch_sizes`` and every step size ``fractions`` × 2/λ_max, each frame precomputed."""
    A, y = ls.check_least_squares(A, y)
    N = A.shape[0]
    batch_sizes = increasing_values(batch_sizes, "batch_sizes")
    if batch_sizes[-1] > N:
        raise ValueError(f"batch_sizes must be at most N = {N}, got {batch_sizes!r}")
    if isinstance(fractions, (str, bytes)) or not hasattr(fractions, "__len__"):
        raise TypeError(f"fractions must list positive numbers, got {fractions!r}")
    fractions = tuple(positive_real(f, f"fractions[{k}]") for k, f in enumerate(fractions))
    if not fractions or any(b <= a for a, b in zip(fractions, fractions[1:], strict=False)):
        raise ValueError(f"fractions must be strictly increasing, got {fractions!r}")
    x0 = np.zeros(A.shape[1]) if x0 is None else as_real_array(x0, "x0", ndim=1)
    if x0.shape != (A.shape[1],):
        raise ValueError(f"x0 must have one weight per column of A, {A.shape[1]}, got {x0.shape}")
    milestones = ls.step_size_milestones(A)
    step_sizes = tuple(f * milestones.divergence_bound for f in fractions)
    x_star = ls.least_squares_solution(A, y)
    best = ls.least_squares_loss(x_star, A, y)

    def run(B, s):
        return sgd(
            lambda x, batch: ls.least_squares_gradient(x, A[batch], y[batch]),
            x0, N, B, s, num_epochs, loss=lambda x: ls.least_squares_loss(x, A, y), seed=seed,
        )  # fmt: skip

    runs = {(B, s): run(B, s) for B in batch_sizes for s in step_sizes}
    plain = {s: runs[N, s] if (N, s) in runs else run(N, s) for s in step_sizes}
    drawn = [r.losses[r.losses - best > rounding_level(best)] - best for r in runs.values()]
    lowest = min(np.min(d) for d in drawn if d.size)  # the axis spans what a frame draws
    y_limits = (10 ** np.floor(np.log10(lowest)), 10 * (ls.least_squares_loss(x0, A, y) - best))
    picture = ExplorerFigure(A, y, x_star, radius, num_epochs, y_limits)
    painter = PanelPainter(picture.figure, picture.panels, picture.moving)

    def frame(i: int, j: int) -> str:
        B, s = batch_sizes[i], step_sizes[j]
        picture.show(runs[B, s], plain[s], best, N)
        text = status(runs[B, s], plain[s], fractions[j], best, N)
        html = painter.frame_html(_alts(runs[B, s], x_star, text))
        return f'<p class="explorer-status">{text}</p>' + html

    start, first = min(1, len(step_sizes) - 1), len(batch_sizes) // 2
    batch_labels = tuple(f"{B} (all)" if B == N else str(B) for B in batch_sizes)
    step_labels = tuple(
        f"{s:.3g} ({f:g} × bound)" for s, f in zip(step_sizes, fractions, strict=True)
    )
    controls = [
        Control("batch size B", batch_labels, first, width="70%"),
        Control("step size s", step_labels, start, width="70%"),
    ]
    made = explorer_frames(controls, frame)
    batch_slider, step_slider = made.controls
    stack, links = made.stack, made.links
    box = widgets.VBox([batch_slider, step_slider, stack, painter.backdrops.widget()])
    return SGDExplorer(
        batch_sizes, step_sizes, fractions, runs, plain, milestones, best,
        batch_slider, step_slider, stack, box, links,
    )  # fmt: skip
