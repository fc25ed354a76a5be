"""The live trainer: (GD) on the backpropagation gradient of a small network, step by step
while you watch (step size, Train / Pause, One step, Reset, an iteration count).

Its buttons call Python, so it needs a live kernel (JupyterLab, Binder, Colab) and says so
on its face; the replay of :mod:`lib.explorers.training` is the website's view of the same
training, drawn on the same :class:`~lib.explorers.training.TrainingFigure`. Train runs as
an asyncio task on the kernel's event loop, a few steps per tick, so that the kernel hears
Pause between ticks.
"""

from __future__ import annotations

import asyncio
import math

import ipywidgets as widgets

from lib.checks import nonnegative_int, positive_real
from lib.descent import BLOWUP_FACTOR
from lib.explorers.frames import show_explorer
from lib.explorers.training import TrainingFigure, check_problem
from lib.training import loss_or_inf, train


def _x_max(iteration: int) -> int:
    """The last iteration the loss panel spans: room ahead of the run, at least 50."""
    return max(50, int(1.25 * iteration))


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
        self._start, self.Z, self.Y = check_problem(weights, Z, Y, activation)
        self.activation = activation
        step_size = positive_real(step_size, "step_size")
        self.steps_per_tick = nonnegative_int(steps_per_tick, "steps_per_tick")
        if self.steps_per_tick < 1:
            raise ValueError(f"steps_per_tick must be at least 1, got {steps_per_tick}")
        self.bound = None if bound is None else positive_real(bound, "bound")
        start_loss = loss_or_inf(self._start, self.Z, self.Y, activation)[0]
        self.figure = TrainingFigure(self.Z, self.Y, activation, [[start_loss]], _x_max(0))
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
        self.picture.value = self.figure.picture(
            self.losses, self.weights, _x_max(self.iteration), self.diverged_at
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
