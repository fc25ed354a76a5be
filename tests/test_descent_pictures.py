"""Chapter 1's log-scale pictures draw only decay that is real: nothing below rounding level."""

import numpy as np
import pytest
from matplotlib.figure import Figure

import lib
from lib.explorers.step_size import FrameRenderer, step_size_grid, sweep
from lib.pictures import plot_excess_loss
from lib.pictures.descent import ROUNDING_EPSILONS, excess_above_rounding, rounding_level

pytestmark = pytest.mark.filterwarnings("error")


def chapter_1_problem():
    """The data of chapter 1 (same seed): a noisy line, its features A and targets y."""
    rng = np.random.default_rng(seed=2)
    z = rng.uniform(-1.0, 2.0, size=40)
    y = 0.5 + 1.5 * z + 0.3 * rng.standard_normal(40)
    return np.column_stack([np.ones(40), z]), y


def optimal_run(A, y, num_steps=250):
    milestones = lib.step_size_milestones(A)
    run = lib.gradient_descent(
        lambda x: lib.least_squares_gradient(x, A, y),
        np.zeros(2),
        milestones.optimal,
        num_steps,
        loss=lambda x: lib.least_squares_loss(x, A, y),
    )
    best = lib.least_squares_loss(lib.least_squares_solution(A, y), A, y)
    return run, best, milestones


def test_rounding_level_is_a_few_epsilons_of_the_minimum_loss():
    assert rounding_level(0.1) == pytest.approx(ROUNDING_EPSILONS * np.finfo(float).eps * 0.1)
    assert rounding_level(-2.0) == rounding_level(2.0)
    assert rounding_level(0.0) == np.finfo(float).tiny  # a perfect fit: no relative floor


def test_the_excess_is_cut_before_its_first_value_at_rounding_level():
    level = rounding_level(1.0)
    losses = 1.0 + np.array([1.0, 1e-3, 1e-9, level / 2, 1e-9, -1e-17])
    np.testing.assert_allclose(excess_above_rounding(losses, 1.0), [1.0, 1e-3, 1e-9], rtol=1e-6)
    with_nan = np.array([2.0, np.nan, 1.5])
    np.testing.assert_array_equal(excess_above_rounding(with_nan, 1.0), [1.0])


def test_figure_1_draws_nothing_below_rounding_level():
    A, y = chapter_1_problem()
    run, best, _ = optimal_run(A, y)
    ax = Figure().subplots()
    plot_excess_loss(ax, run, best)
    curve = ax.get_lines()[0].get_ydata()
    level = rounding_level(best)
    assert curve.min() > level
    # the curve stops: the run went on for 250 steps, far past the rounding floor
    assert 10 < curve.size < len(run.losses)
    # and the log axis starts near the floor, not 280 decades below it
    assert ax.get_ylim()[0] > level / 100


def test_what_figure_1_draws_is_geometric_decay():
    """Every drawn step shrinks the excess by the predicted factor, within rounding."""
    A, y = chapter_1_problem()
    run, best, m = optimal_run(A, y)
    ax = Figure().subplots()
    plot_excess_loss(ax, run, best)
    curve = ax.get_lines()[0].get_ydata()
    rate = ((m.lambda_max - m.lambda_min) / (m.lambda_max + m.lambda_min)) ** 2
    ratios = curve[2:] / curve[1:-1]  # from step 1 on, the error is one eigencomponent's
    np.testing.assert_allclose(ratios, rate, rtol=0.05)
    # the cut is needed: within a few steps after it, the excess is off the line by half
    after = run.losses[curve.size : curve.size + 5] - best
    on_the_line = curve[-1] * rate ** np.arange(1, 6)
    assert np.max(np.abs(after / on_the_line - 1)) > 0.5


def test_the_floor_line_is_drawn_at_rounding_level():
    A, y = chapter_1_problem()
    run, best, _ = optimal_run(A, y)
    ax = Figure().subplots()
    plot_excess_loss(ax, run, best)
    floor = ax.get_lines()[1]
    assert floor.get_label() == "rounding level"
    np.testing.assert_allclose(floor.get_ydata(), rounding_level(best))


def test_a_minimum_above_the_losses_is_refused_naming_best_loss():
    A, y = chapter_1_problem()
    run, _, _ = optimal_run(A, y, num_steps=5)
    with pytest.raises(ValueError, match="best_loss must lie below"):
        plot_excess_loss(Figure().subplots(), run, run.losses[0] + 1.0)


def test_the_step_size_explorer_draws_nothing_below_rounding_level():
    A, y = chapter_1_problem()
    milestones = lib.step_size_milestones(A)
    step_sizes = step_size_grid(milestones, 7)
    runs, excesses, final, y_limits = sweep(A, y, np.zeros(2), step_sizes, 100)
    _, best, _ = optimal_run(A, y, num_steps=1)
    assert y_limits[0] == rounding_level(best)
    renderer = FrameRenderer(step_sizes, final, milestones, y_limits, 100)
    reached_floor = 0
    for run, excess in zip(runs, excesses, strict=True):
        status = renderer.render_frame(run, excess)  # draws the frame
        drawn = np.asarray(renderer.line.get_ydata())
        assert drawn.size == 0 or drawn.min() > y_limits[0], run.step_size
        reached_floor += drawn.size < excess.size
        if not run.diverged and not excess[-1] > y_limits[0]:
            assert "at its minimum up to rounding" in status
    assert reached_floor >= 2  # the optimal step and its neighbours reach rounding level
