"""Section 3: how fast the widgets answer: one update = recompute + redraw (both widgets
draw on matplotlib's Agg canvas), over 50 slider values, for the step-size explorer and
the training widget."""

from __future__ import annotations

import time

import numpy as np

from bench.report import Result
from bench.timing import summary

TARGET_MS = ("<=", 100.0)


def chapter1_problem(n=40):
    """The least-squares data of chapter 1 (same recipe and seed)."""
    rng = np.random.default_rng(seed=2)
    z = rng.uniform(-1.0, 2.0, size=n)
    y = 0.5 + 1.5 * z + 0.3 * rng.standard_normal(n)
    return np.column_stack([np.ones(n), z]), y


def explorer_updates(values: int = 50, num_steps: int = 100) -> tuple[np.ndarray, float]:
    """Seconds per update over ``values`` step sizes, and the first frame's (layout)."""
    import lib
    from lib.explorers.step_size import FrameRenderer, least_squares_run, step_size_grid, sweep

    A, y = chapter1_problem()
    x0 = np.zeros(A.shape[1])
    milestones = lib.step_size_milestones(A)
    best = lib.least_squares_loss(lib.least_squares_solution(A, y), A, y)
    step_sizes = step_size_grid(milestones, values)
    # the right-hand panel shows every step size's outcome: computed once, as the explorer does
    runs, excesses, final, y_limits = sweep(A, y, x0, step_sizes, num_steps)

    start = time.perf_counter()
    renderer = FrameRenderer(step_sizes, final, milestones, y_limits, num_steps)
    renderer.render_frame(runs[0], excesses[0])
    first = time.perf_counter() - start

    times = []
    for s in step_sizes:
        start = time.perf_counter()
        run = least_squares_run(A, y, x0, s, num_steps)
        renderer.render_frame(run, np.maximum(run.losses - best, 0.0))
        times.append(time.perf_counter() - start)
    return np.array(times), first


def trainer_updates(values: int = 50) -> np.ndarray:
    """Seconds per 'One step' of the live trainer at ``values`` slider positions."""
    import lib
    from lib.explorers import live_trainer

    rng = np.random.default_rng(seed=1)  # the training data of chapter 4
    z = np.sort(rng.uniform(-2.0, 2.0, 40))
    y = np.sin(1.6 * z) + 0.1 * rng.standard_normal(40)
    weights = lib.init_weights([1, 12, 1], seed=3)
    trainer = live_trainer(weights, z[None, :], y[None, :], ["tanh", "identity"], step_size=0.1)
    slider = trainer.step_slider
    times = []
    for exponent in np.linspace(slider.min, slider.max, values):
        slider.value = 10.0**exponent
        start = time.perf_counter()
        trainer.step(1)
        times.append(time.perf_counter() - start)
    return np.array(times)


def _latency_row(name, times, note="", extra=None) -> Result:
    s = summary(1e3 * times)
    return Result(
        "3 widgets",
        name,
        s["median"],
        "ms",
        f"p95 {s['p95']:.0f} ms",
        TARGET_MS,
        note,
        {**(extra or {}), "summary_ms": s},
    )


def run(values: int = 50) -> list[Result]:
    times, first = explorer_updates(values)
    rows = [
        _latency_row(
            f"step-size explorer: recompute + redraw, {values} step sizes",
            times,
            f"first frame {1e3 * first:.0f} ms (builds the figure and its layout once)",
            {"first_frame_ms": 1e3 * first},
        )
    ]
    name = f"training widget: one step + redraw, {values} step sizes"
    try:
        rows.append(_latency_row(name, trainer_updates(values)))
    except Exception as err:  # the widget is young: report, do not sink the other figures
        rows.append(
            Result(
                "3 widgets",
                name,
                None,
                "ms",
                target=TARGET_MS,
                note=f"not measured: {type(err).__name__}: {err}",
            )
        )
    return rows
