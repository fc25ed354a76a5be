"""Train a small network with (GD) on the backpropagation gradient, TensorFlow-Playground style.

Two views of the same training of a network m(z; x) with one input and one output on
the loss (4), both built on :func:`lib.train`, (GD) with the gradient of section 5:

- :func:`training_replay` runs gradient descent at a few step sizes in advance and ships
  one picture per (step size, iteration) as HTML. Two sliders pick the picture in the
  browser (``jslink``), so the replay works on the built website too, where no Python
  runs. (No play button: its icon font does not load on the static site, and its pause
  button would do nothing there while the replay stands still.)
- :func:`live_trainer` trains while you watch (step size, Train / Pause, One step, Reset,
  an iteration count). Its buttons call Python, so it needs a live kernel (JupyterLab,
  Binder, Colab) and says so on its face.

A step size that makes the loss blow up, or overflow float64, is reported as a diverged
run with the iteration where it happened; it never raises.
"""

from __future__ import annotations

import asyncio
import math
from dataclasses import dataclass

import ipywidgets as widgets
import numpy as np
from matplotlib import ticker
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from lib.checks import as_real_array, nonnegative_int, positive_real
from lib.descent import BLOWUP_FACTOR, GDResult
from lib.explorers.frames import FramedExplorer, light_frames, select_with, show_explorer
from lib.explorers.painter import COLOURS, PanelPainter
from lib.network import check_network, forward
from lib.pictures.images import png
from lib.pictures.style import BLUE, DIVERGED, DIVERGED_NOTE, ORANGE
from lib.training import loss_or_inf, train


def _check_problem(weights, Z, Y, activation):
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


class _Canvas:
    """One figure reused for every picture of a widget: only the curves change.

    Left: the loss so far on a log scale. Right: the data and the model's fit. The curves
    are animated artists, left out of a full draw: the replay draws the rest once per
    theme as the backdrop of its frames (:mod:`lib.explorers.painter`), and the live
    trainer keeps it as a background on which each picture draws just the curves
    (blitting), many times faster than redrawing the figure.
    """

    def __init__(self, Z, Y, activation, losses):
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
        self._canvas = self._background = self._x_max = None

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

    def render(self, losses, weights, x_max, diverged_at=None) -> bytes:
        """The PNG of the loss curve up to ``losses[-1]`` and the fit at ``weights`` (the live
        trainer's picture, in the light rendering: JupyterLab shows it)."""
        if self._canvas is None:
            self._canvas = FigureCanvasAgg(self.figure)
        curve = self.axes[0]
        low, top = curve.get_ylim()
        smallest = float(np.min(losses))
        if self.set_x_max(x_max) or 0 < smallest < low or self._background is None:
            if 0 < smallest < low:  # a live run fell below the scale: extend it downwards
                curve.set_ylim(smallest / 3, top)
            self._canvas.draw()  # new limits: redraw the background
            self._background = self._canvas.copy_from_bbox(self.figure.bbox)
        self._canvas.restore_region(self._background)
        self.set_state(losses, weights, diverged_at)
        for artist in self.moving:
            if artist.get_visible():
                artist.axes.draw_artist(artist)
        return png(np.asarray(self._canvas.buffer_rgba()), COLOURS)


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
    weights, Z, Y = _check_problem(weights, Z, Y, activation)
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
    canvas = _Canvas(Z, Y, activation, [r.losses for r in runs])
    canvas.set_x_max(num_steps)
    painter = PanelPainter(canvas.figure, canvas.axes, canvas.moving)
    look = light_frames()

    stacks = []
    for run in runs:
        pictures = []
        for k in iterations:
            status, diverged_at = _replay_status(run, int(k))
            last = min(int(k), len(run.losses) - 1)
            canvas.set_state(run.losses[: last + 1], run.xs[last], diverged_at)
            alts = [
                f"The loss against the iteration, on a log scale, up to iteration {last} at "
                f"step size {run.step_size:.3g}. {status}",
                f"The data points and the network's prediction curve at iteration {last}"
                + (", dashed: the run diverged." if diverged_at is not None else "."),
            ]
            pictures.append(
                widgets.HTML(
                    f'<p class="playground-status">{status}</p>{painter.frame_html(alts)}', **look
                )
            )
        stacks.append(widgets.Stack(pictures, selected_index=0, layout=look["layout"]))

    step_slider = widgets.SelectionSlider(
        options=[(_step_label(s, bound), i) for i, s in enumerate(step_sizes)],
        index=selected,
        description="step size s",
        layout=widgets.Layout(width="95%"),
        style={"description_width": "6em"},
    )
    iteration_slider = widgets.SelectionSlider(
        options=[(str(int(k)), i) for i, k in enumerate(iterations)],
        index=0,
        description="iteration",
        layout=widgets.Layout(width="95%"),
        style={"description_width": "6em"},
    )
    frames = widgets.Stack(stacks, selected_index=selected, layout=look["layout"])
    select_with(step_slider, frames)
    for stack in stacks:
        select_with(iteration_slider, stack)
    note = widgets.HTML(
        "<small>Precomputed runs: drag the sliders (or focus one and use the arrow keys) to "
        "step through the training. This works without a running kernel.</small>"
    )
    box = widgets.VBox([note, step_slider, iteration_slider, frames, painter.backdrops.widget()])
    return TrainingReplay(step_sizes, runs, iterations, step_slider, iteration_slider, frames, box)


# --- the live trainer: needs a kernel ------------------------------------------------

LIVE_NOTE = (
    "<b>Live trainer.</b> These buttons run Python, so they need a live kernel "
    "(JupyterLab, Binder or Colab). On the website, use the replay above."
)


class LiveTrainer:
    """Train step by step in a live kernel: step size, Train / Pause, One step, Reset.

    ``iteration`` counts the completed steps of (GD), ``losses`` holds the loss after
    each of them (``losses[0]`` at the start) and ``diverged_at`` the iteration where the
    last attempt blew up, or None.
    """

    def __init__(self, weights, Z, Y, activation, step_size, steps_per_tick, bound):
        self._start, self.Z, self.Y = _check_problem(weights, Z, Y, activation)
        self.activation = activation
        step_size = positive_real(step_size, "step_size")
        self.steps_per_tick = nonnegative_int(steps_per_tick, "steps_per_tick")
        if self.steps_per_tick < 1:
            raise ValueError(f"steps_per_tick must be at least 1, got {steps_per_tick}")
        self.bound = None if bound is None else positive_real(bound, "bound")
        start_loss = loss_or_inf(self._start, self.Z, self.Y, activation)[0]
        self._canvas = _Canvas(self.Z, self.Y, activation, [[start_loss]])
        self._task = None

        exponent = math.log10(step_size)
        self.step_slider = widgets.FloatLogSlider(
            value=step_size,
            base=10,
            min=exponent - 2,
            max=exponent + 1.5,
            step=0.05,
            description="step size s",
            readout_format=".3g",
            style={"description_width": "initial"},
        )
        self.train_button = widgets.ToggleButton(
            value=False, description="Train", icon="play", tooltip="train until paused"
        )
        self.step_button = widgets.Button(description="One step", tooltip="one step of (GD)")
        self.reset_button = widgets.Button(description="Reset", tooltip="back to the start")
        self.count = widgets.HTML()
        self.status = widgets.HTML()
        self.picture = widgets.Image(format="png")
        self.step_button.on_click(lambda _: self.step(1))
        self.reset_button.on_click(lambda _: self.reset())
        self.train_button.observe(self._on_train, names="value")
        buttons = widgets.HBox(
            [self.train_button, self.step_button, self.reset_button, self.count]
        )
        self.widget = widgets.VBox(
            [widgets.HTML(LIVE_NOTE), self.step_slider, buttons, self.status, self.picture]
        )
        self.reset()

    def _ipython_display_(self):
        show_explorer(self.widget)

    def reset(self):
        """Back to the starting weights, iteration 0."""
        self.train_button.value = False
        self.weights = [X.copy() for X in self._start]
        self.losses = [loss_or_inf(self.weights, self.Z, self.Y, self.activation)[0]]
        self.iteration = 0
        self.diverged_at = None
        self.status.value = "Ready: press Train or One step."
        self._refresh()

    def step(self, num_steps=1) -> bool:
        """Run ``num_steps`` steps of (GD) at the slider's step size; False if it diverged."""
        num_steps = nonnegative_int(num_steps, "num_steps")
        s = self.step_slider.value
        run = train(self.weights, self.Z, self.Y, s, num_steps, self.activation)
        done = len(run.losses) - 1
        self.weights = run.x
        self.losses.extend(float(v) for v in run.losses[1:])
        self.iteration += done
        if run.diverged:
            self.diverged_at = self.iteration + 1
            hint = "" if self.bound is None else f" (the curvature bound is {self.bound:.3g})"
            self.status.value = (
                f'<span style="color:#c62828"><b>Diverged at iteration {self.diverged_at}</b>: '
                f"with s = {s:.3g} the loss grew more than {BLOWUP_FACTOR:,.0f}-fold, so "
                f"training stopped at the last good iterate. Choose a smaller step size"
                f"{hint}, then Reset or continue.</span>"
            )
            self.train_button.value = False
        else:
            self.diverged_at = None
            self.status.value = f"s = {s:.3g}: loss {self.losses[-1]:.4g}."
        self._refresh()
        return not run.diverged

    def _refresh(self):
        self.count.value = f"<b>iteration {self.iteration}</b>"
        x_max = max(50, int(1.25 * self.iteration))
        self.picture.value = self._canvas.render(
            self.losses, self.weights, x_max, self.diverged_at
        )

    def _on_train(self, change):
        self.train_button.description = "Pause" if change["new"] else "Train"
        self.train_button.icon = "pause" if change["new"] else "play"
        if not change["new"] or (self._task is not None and not self._task.done()):
            return
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:  # no event loop: not inside a kernel
            self.status.value = "Train needs a live kernel; use One step here."
            self.train_button.value = False
            return
        self._task = loop.create_task(self._train_loop())

    async def _train_loop(self):
        """Steps in ticks; between ticks the kernel handles clicks, so Pause is heard."""
        while self.train_button.value:
            if not self.step(self.steps_per_tick):
                break
            await asyncio.sleep(0.05)


def live_trainer(
    weights, Z, Y, activation="sigmoid", step_size=0.1, steps_per_tick=10, bound=None
):
    """A trainer for a live kernel: (GD) on lib.loss_and_grad, drawn as it goes (section 5)."""
    return LiveTrainer(weights, Z, Y, activation, step_size, steps_per_tick, bound)
