"""The SGD explorer of chapter 8, driven the way a reader drives it (move the sliders, read
the frame), and the chapter's pictures."""

import inspect
import re

import matplotlib
import numpy as np
import pytest
from ipywidgets.widgets.widget_link import Link
from matplotlib.figure import Figure

import lib
from lib.explorers.stochastic import SGDExplorer, sgd_explorer
from lib.further import stochastic
from lib.pictures.stochastic import plot_noise_floors, plot_progress, plot_variance_factor

matplotlib.use("Agg")
N = 16
BATCHES, FRACTIONS, EPOCHS = (1, 4, N), (0.1, 0.5, 3.0), 8


def line_fit():
    rng = np.random.default_rng(0)
    z = rng.uniform(-1, 2, N)
    return np.column_stack([np.ones(N), z]), 0.5 + 1.5 * z + 0.3 * rng.standard_normal(N)


A, Y = line_fit()
BEST = float(np.mean((A @ np.linalg.lstsq(A, Y, rcond=None)[0] - Y) ** 2))


@pytest.fixture(scope="module")
def explorer():
    built = sgd_explorer(A, Y, batch_sizes=BATCHES, fractions=FRACTIONS, num_epochs=EPOCHS)
    assert isinstance(built, SGDExplorer)
    return built


def frames_of(explorer):
    """Every (B, s) with the frame the sliders show for it."""
    for i, B in enumerate(explorer.batch_sizes):
        explorer.batch_slider.index = i
        for j, s in enumerate(explorer.step_sizes):
            explorer.step_slider.index = j
            yield B, s, explorer.fractions[j], explorer.shown


def status_text(frame):
    return re.sub("<[^>]+>", "", frame.split('<div class="explorer-panels"')[0])


def test_a_page_per_batch_size_a_frame_per_step_size_and_the_sliders_pick_them(explorer):
    pages = explorer.frames.children
    assert len(pages) == len(BATCHES) and all(len(p.children) == len(FRACTIONS) for p in pages)
    bound = lib.step_size_milestones(A).divergence_bound
    assert np.allclose(explorer.step_sizes, [f * bound for f in FRACTIONS])
    seen = set()
    for B, s, _, frame in frames_of(explorer):
        i, j = BATCHES.index(B), explorer.step_sizes.index(s)
        assert explorer.frames.selected_index == i and pages[i].selected_index == j
        assert frame == pages[i].children[j].value
        assert re.search(rf"\bB = (N = )?{B}:", frame) and f"s = {s:.3g} " in frame
        seen.add(frame)
    assert len(seen) == len(BATCHES) * len(FRACTIONS)  # every frame differs
    # the sliders are linked in the browser (jslink), one link per stack
    links = [link for link in explorer.links if isinstance(link, Link)]
    assert len(links) == 1 + len(BATCHES)


def test_each_run_is_sgd_with_the_controls_values_and_the_full_batch_is_gradient_descent(
    explorer,
):
    def gradient_on(x, batch):
        return 2 / len(batch) * A[batch].T @ (A[batch] @ x - Y[batch])  # (5) by hand

    def loss(x):
        return float(np.mean((A @ x - Y) ** 2))

    for (B, s), run in explorer.runs.items():
        again = stochastic.sgd(gradient_on, np.zeros(2), N, B, s, EPOCHS, loss=loss)
        np.testing.assert_allclose(run.losses, again.losses, rtol=1e-10)
        assert run.batch_sizes[0] == B and run.step_sizes[0] == s
    for s, plain in explorer.plain.items():
        gd = lib.gradient_descent(lambda x: gradient_on(x, np.arange(N)), np.zeros(2), s, EPOCHS)
        if plain.diverged_at is None:
            np.testing.assert_allclose(plain.xs, gd.xs, rtol=1e-10)
        else:  # past the bound: both stop, (GD) by its own test, SGD by the same one
            assert s > lib.step_size_milestones(A).divergence_bound


def test_the_status_quotes_the_floor_or_the_divergence_of_the_run_on_view(explorer):
    diverged = []
    for B, s, fraction, frame in frames_of(explorer):
        run, text = explorer.runs[B, s], status_text(frame)
        assert f"{fraction:g} × 2/λ_max" in text
        if run.diverged_at is not None:
            assert f"diverged at step {run.diverged_at}," in text
            diverged.append((B, fraction))
            continue
        excess = run.losses - BEST
        if B == N:  # plain (GD): where it ends
            assert f"the loss ends {excess[-1]:.1e} above its minimum" in text
        else:  # the mean excess over the last half of the epochs, computed here
            half = run.samples_seen >= (EPOCHS - EPOCHS // 2) * N
            assert f"stays {np.mean(excess[half]):.2e} above" in text
    # past chapter 1's bound (GD) diverges too; below it the full batch never does
    assert (N, 3.0) in diverged and all(f > 1 for b, f in diverged if b == N)


def test_every_frame_has_two_panels_each_one_picture_for_both_themes_with_alt_text(explorer):
    for _, _, _, frame in frames_of(explorer):
        pictures = re.findall(r'<img alt="([^"]+)" class="([^"]+)"', frame)
        assert len(pictures) == 2, "a panel is one picture when its colours need no change"
        assert all("dark-light" in classes for _, classes in pictures)
        assert all(len(alt) > 80 for alt, _ in pictures)
        assert "path" in pictures[1][0] and "star" in pictures[1][0]
    style = explorer.widget.children[-1].value  # the still parts, per panel and theme
    assert style.count('html[data-theme="dark"]') == 2


def test_a_diverged_run_leaves_the_picture_as_its_alt_text_says(explorer):
    """The path panel spans ``radius`` around the minimiser; a diverged run ends outside."""
    radius = inspect.signature(sgd_explorer).parameters["radius"].default
    x_star = np.linalg.lstsq(A, Y, rcond=None)[0]
    diverged = [run for run in explorer.runs.values() if run.diverged_at is not None]
    assert diverged
    for run in diverged:
        assert np.any(np.abs(run.xs[-1] - x_star) > radius)


def test_the_frames_stay_light(explorer):
    """Few frames, small pictures: the chapter's page must stay under its budget."""
    size = sum(len(f.value) for page in explorer.frames.children for f in page.children)
    assert size < 25_000 * len(BATCHES) * len(FRACTIONS)


@pytest.mark.parametrize(
    ("kwargs", "error", "words"),
    [
        ({"batch_sizes": (0, 4)}, ValueError, "batch_sizes"),
        ({"batch_sizes": (4, 1)}, ValueError, "batch_sizes"),
        ({"batch_sizes": (1, N + 1)}, ValueError, "batch_sizes"),
        ({"fractions": (0.5, 0.1)}, ValueError, "fractions"),
        ({"fractions": (0.1, -1.0)}, ValueError, "fractions"),
        ({"fractions": "0.1"}, TypeError, "fractions"),
        ({"x0": np.zeros(3)}, ValueError, "x0"),
        ({"y": np.ones(N - 1)}, ValueError, "y"),
    ],
)
def test_bad_input_is_named(kwargs, error, words):
    arguments = {"A": A, "y": Y, "batch_sizes": (1, 4), "fractions": (0.1,), "num_epochs": 1}
    with pytest.raises(error, match=words):
        sgd_explorer(**(arguments | kwargs))


# --- the chapter's pictures ----------------------------------------------------------------


def test_the_variance_picture_draws_the_formula_and_the_measured_dots():
    ax = Figure().subplots()
    plot_variance_factor(ax, 10, [1, 3, 9], [1.0, 0.26, 0.012])
    line, dots = ax.get_lines()
    np.testing.assert_allclose(line.get_xdata(), np.arange(1, 10))
    np.testing.assert_allclose(line.get_ydata(), [(10 - B) / (B * 9) for B in range(1, 10)])
    np.testing.assert_allclose(dots.get_ydata(), [1.0, 0.26, 0.012])
    assert ax.get_xscale() == ax.get_yscale() == "log"


def test_the_progress_picture_shows_each_run_at_the_end_of_every_epoch():
    gradient = lambda x, b: lib.least_squares_gradient(x, A[b], Y[b])  # noqa: E731
    loss = lambda x: lib.least_squares_loss(x, A, Y)  # noqa: E731
    runs = {B: stochastic.sgd(gradient, np.zeros(2), N, B, 0.05, 3, loss=loss) for B in (1, N)}
    ax = Figure().subplots()
    plot_progress(ax, {f"B = {B}": r for B, r in runs.items()}, N, BEST)
    for line, run in zip(ax.get_lines(), runs.values(), strict=True):
        np.testing.assert_allclose(line.get_xdata(), [0, 1, 2, 3])  # one point per epoch
        ends = [0, *(np.flatnonzero(np.diff(run.samples_seen // N)) + 1)]
        np.testing.assert_allclose(line.get_ydata(), run.losses[ends] - BEST)


def test_the_floor_picture_marks_a_diverged_run_at_the_top():
    ax = Figure().subplots()
    plot_noise_floors(ax, [0.1, 0.5, 0.9], {1: [1e-3, 1e-1, np.nan], 4: [1e-4, 1e-2, 1e-1]})
    crosses = [line for line in ax.get_lines() if line.get_marker() == "X"]
    assert len(crosses) == 1 and crosses[0].get_xdata()[0] == 0.9
    assert crosses[0].get_ydata()[0] == ax.get_ylim()[1]
    assert any(line.get_xdata()[0] == 1.0 for line in ax.get_lines())  # the bound
