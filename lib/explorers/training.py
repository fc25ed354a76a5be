"""Train a small network with (GD) on the backpropagation gradient, TensorFlow-Playground style.

Two views of the same training of a network m(z; x) with one input and one output on
the loss (4), both built on :func:`lib.train`, (GD) with the gradient of section 5, and
both drawn on :class:`TrainingFigure`:

- :func:`training_replay` (here) runs gradient descent at a few step sizes in advance and
  ships one picture per (step size, iteration) as HTML. Two sliders pick the picture in
  the browser, so the replay works on the built website too, where no Python runs. (No
  play button: its icon font does not load on the static site, and its pause button
  would do nothing there while the replay stands still.)
- :func:`lib.explorers.live.live_trainer` trains while you watch; it needs a kernel.

A step size that makes the loss blow up, or overflow float64, is reported as a diverged
run with the iteration where it happened; it never raises.
"""

from __future__ import annotations

from dataclasses import dataclass

import ipywidgets as widgets
import numpy as np
from matplotlib import ticker
from matplotlib.figure import Figure

from lib.checks import as_real_array, nonnegative_int, positive_real
from lib.descent import BLOWUP_FACTOR, GDResult
from lib.explorers.frames import Control, FramedExplorer, explorer_frames
from lib.explorers.painter import PanelPainter
from lib.network import check_network, forward
from lib.pictures.style import BLUE, DIVERGED, DIVERGED_NOTE, ORANGE
from lib.training import train


def check_problem(weights, Z, Y, activation):
    """Validated copies of (weights, Z, Y) with one input and one output per sample."""
    weights, Z, Y, _ = check_network(weights, Z, Y, activation)
    Z, Y = Z.reshape(Z.shape[0], -1), Y.reshape(Y.shape[0], -1)
    if Z.shape[0] != 1 or Y.shape[0] != 1:
        raise ValueError(
            "Z and Y must each have one row (one input z and one output y per sample) to "
            f"draw the fit, got Z of shape {Z.shape} and Y of shape {Y.shape}"
        )
    return [X.copy() for X in weights], Z, Y


# --- pictures ------------------------------------------------------------------------


class TrainingFigure:
    """One figure reused for every picture of a training: only the curves change.

    Left: the loss so far on a log scale. Right: the data and the model's fit. The curves
    are the animated artists ``moving`` of a :class:`lib.explorers.painter.PanelPainter`
    over the two panels ``axes``, which draws everything else once (``painter``).
    """

    def __init__(self, Z, Y, activation, losses, x_max):
        self.activation = activation
        z, y = Z[0], Y[0]
        self.grid = np.linspace(z.min(), z.max(), 200)
        # A diverging run climbs off the top; the scale follows the starting losses.
        top = 10.0 * max(float(v[0]) for v in losses)
        finite = np.concatenate([np.asarray(v, float) for v in losses])
        finite = finite[np.isfinite(finite) & (finite > 0)]
        low = min(0.5 * finite.min(), top / 10) if finite.size else top / 1e3
        span = float(np.ptp(y)) or 1.0

        self.figure = Figure(figsize=(8.4, 3.0), dpi=80)
        self.figure.subplots_adjust(left=0.08, right=0.98, bottom=0.16, top=0.9, wspace=0.22)
        curve, fit = self.figure.subplots(1, 2)
        (self._loss_line,) = curve.semilogy([], [], color=BLUE, lw=2, animated=True)
        (self._loss_dot,) = curve.plot([], [], "o", color=BLUE, animated=True)
        curve.set(
            ylim=(low, top), xlabel="iteration k", ylabel="loss (4)", title="the loss so far"
        )
        # plain tick labels: log-axis mathtext labels would dominate the drawing time
        curve.yaxis.set_major_formatter(ticker.FuncFormatter(lambda v, _: f"{v:g}"))
        curve.yaxis.set_minor_formatter(ticker.NullFormatter())
        self._diverged = curve.text(
            0.5,
            0.5,
            "",
            transform=curve.transAxes,
            fontsize=14,
            **DIVERGED_NOTE,
        )
        fit.plot(z, y, "o", ms=4, alpha=0.6, color="0.4", label="data")
        (self._fit_line,) = fit.plot([], [], lw=2.5, color=ORANGE, label="model", animated=True)
        fit.set(
            xlim=(z.min(), z.max()),
            ylim=(y.min() - 0.3 * span, y.max() + 0.3 * span),
            xlabel="input z",
            ylabel="output y",
            title="the model's fit",
        )
        fit.legend(loc="upper left", fontsize=8)
        self._curve, self._fit = curve, fit
        self.axes = [curve, fit]
        self.moving = [self._loss_line, self._loss_dot, self._fit_line, self._diverged]
        self._x_max = None
        self.set_x_max(x_max)
        self.painter = PanelPainter(self.figure, self.axes, self.moving)

    def set_x_max(self, x_max) -> bool:
        """Let the loss panel span iterations 0..x_max; True if that changed the axes."""
        if x_max == self._x_max:
            return False
        self._x_max = x_max
        self.axes[0].set_xlim(0, x_max)
        return True

    def set_state(self, losses, weights, diverged_at=None):
        """Put the curves where the run is: the loss up to ``losses[-1]``, the fit at ``weights``
        (dashed, in the colour of divergence, if the run diverged at ``diverged_at``)."""
        k = np.arange(len(losses))
        self._loss_line.set_data(k, losses)
        self._loss_dot.set_data(k[-1:], np.asarray(losses)[-1:])
        prediction = forward(weights, self.grid[None, :], self.activation)[-1][0]
        self._fit_line.set_data(self.grid, prediction)
        diverged = diverged_at is not None
        self._fit_line.set(
            color=DIVERGED["color"] if diverged else ORANGE, ls=DIVERGED["ls"] if diverged else "-"
        )
        self._diverged.set_text(f"diverged at iteration {diverged_at}")
        self._diverged.set_visible(diverged)

    def picture(self, losses, weights, x_max, diverged_at=None) -> bytes:
        """The PNG of the loss curve up to ``losses[-1]`` and the fit at ``weights`` (the live
        trainer's picture, in the light rendering: JupyterLab shows it)."""
        curve = self.axes[0]
        low, top = curve.get_ylim()
        smallest = float(np.min(losses))
        still_changed = self.set_x_max(x_max)
        if 0 < smallest < low:  # a live run fell below the scale: extend it downwards
            curve.set_ylim(smallest / 3, top)
            still_changed = True
        self.set_state(losses, weights, diverged_at)
        return self.painter.picture(still_changed)


# --- the replay: works on the static website ----------------------------------------


def _iterations(num_steps: int, num_frames: int) -> np.ndarray:
    """0 and roughly log-spaced iterations up to num_steps: early progress is fastest."""
    later = np.geomspace(1, num_steps, num_frames - 1) if num_steps else np.zeros(0)
    return np.unique(np.concatenate([[0], np.round(later)]).astype(int))


def _step_sizes(step_sizes) -> np.ndarray:
    step_sizes = as_real_array(step_sizes, "step_sizes", ndim=1)
    if step_sizes.size == 0 or np.any(step_sizes <= 0):
        raise ValueError(f"step_sizes must be a non-empty list of numbers > 0, got {step_sizes}")
    return step_sizes


def _step_label(s: float, bound) -> str:
    return f"{s:.3g}" if bound is None else f"{s:.3g} ({s / bound:.2g}× bound)"


def _replay_status(run: GDResult, k: int) -> tuple[str, int | None]:
    """The frame's sentence, and the iteration where the run diverged if k is past it."""
    if run.diverged and k >= run.diverged_at:
        return (
            f"s = {run.step_size:.3g}: diverged at iteration {run.diverged_at}; the loss grew "
            f"more than {BLOWUP_FACTOR:,.0f}-fold, so training stopped. The picture shows the "
            f"last iterate before that.",
            run.diverged_at,
        )
    return f"s = {run.step_size:.3g}, iteration {k}: loss {run.losses[k]:.4g}.", None


@dataclass
class TrainingReplay(FramedExplorer):
    """Precomputed runs at several step sizes, scrubbed by two sliders.

    ``frames`` is a Stack with one Stack per step size, each holding one HTML picture per
    entry of ``iterations``. ``shown`` is the HTML currently selected, so a test can
    drive the sliders the way a reader does.
    """

    step_sizes: np.ndarray
    runs: list
    iterations: np.ndarray
    step_slider: widgets.SelectionSlider
    iteration_slider: widgets.SelectionSlider
    frames: widgets.Stack
    widget: widgets.VBox


def training_replay(
    weights,
    Z,
    Y,
    step_sizes,
    num_steps=500,
    activation="sigmoid",
    num_frames=12,
    bound=None,
    selected=0,
) -> TrainingReplay:
    """Train at each step size for ``num_steps`` steps of (GD) and build the scrubbable replay."""
    weights, Z, Y = check_problem(weights, Z, Y, activation)
    step_sizes = _step_sizes(step_sizes)
    num_steps = nonnegative_int(num_steps, "num_steps")
    num_frames = nonnegative_int(num_frames, "num_frames")
    if num_frames < 2:
        raise ValueError(f"num_frames must be at least 2, got {num_frames}")
    if bound is not None:
        bound = positive_real(bound, "bound")
    selected = nonnegative_int(selected, "selected")
    if selected >= step_sizes.size:
        raise ValueError(
            f"selected must index one of the {step_sizes.size} step_sizes, got {selected}"
        )
    runs = [train(weights, Z, Y, s, num_steps, activation) for s in step_sizes]
    iterations = _iterations(num_steps, num_frames)
    figure = TrainingFigure(Z, Y, activation, [r.losses for r in runs], x_max=num_steps)

    def frame(i: int, j: int) -> str:
        run, k = runs[i], int(iterations[j])
        status, diverged_at = _replay_status(run, k)
        last = min(k, len(run.losses) - 1)
        figure.set_state(run.losses[: last + 1], run.xs[last], diverged_at)
        alts = [
            f"The loss against the iteration, on a log scale, up to iteration {last} at "
            f"step size {run.step_size:.3g}. {status}",
            f"The data points and the network's prediction curve at iteration {last}"
            + (", dashed: the run diverged." if diverged_at is not None else "."),
        ]
        return f'<p class="playground-status">{status}</p>{figure.painter.frame_html(alts)}'

    step_labels = tuple(_step_label(s, bound) for s in step_sizes)
    controls = [
        Control("step size s", step_labels, selected, label_width="6em"),
        Control("iteration", tuple(str(int(k)) for k in iterations), label_width="6em"),
    ]
    made = explorer_frames(controls, frame)
    step_slider, iteration_slider = made.controls
    note = widgets.HTML(
        "<small>Precomputed runs: drag the sliders (or focus one and use the arrow keys) to "
        "step through the training. This works without a running kernel.</small>"
    )
    backdrops = figure.painter.backdrops.widget()
    box = widgets.VBox([note, step_slider, iteration_slider, made.stack, backdrops])
    sliders = (step_slider, iteration_slider)
    return TrainingReplay(step_sizes, runs, iterations, *sliders, made.stack, box)
