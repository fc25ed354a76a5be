"""Chapters 6 and 7 below the maths: counting and measuring the two modes, and the pictures."""

import numpy as np
import pytest
from matplotlib.figure import Figure

import lib
from lib.measure import crossover, measure_modes
from lib.pictures import (
    plot_gradient_norms,
    plot_mode_memory,
    plot_mode_sweep,
    plot_weight_movement,
)

pytestmark = pytest.mark.filterwarnings("error")


@pytest.fixture(scope="module")
def sweep():
    return measure_modes([[p0, 8, 8, 3] for p0 in (1, 3, 9)], repeat=1, rounds=1)


def test_measure_modes_counts_with_chain_costs_and_times_both_modes(sweep):
    for k, widths in enumerate(sweep.widths):
        costs = lib.chain_costs(widths)
        assert sweep.counts["forward"][k] == costs.forward
        assert sweep.counts["reverse"][k] == costs.reverse
    for mode in ("forward", "reverse"):
        assert np.all(sweep.seconds[mode] > 0) and np.all(np.isfinite(sweep.seconds[mode]))
        assert np.all(sweep.peak_bytes[mode] > 0)


def test_measure_modes_without_timing_only_counts_and_weighs():
    untimed = measure_modes([[1, 4, 1], [1, 4, 4, 1]], timing=False)
    assert untimed.seconds is None
    assert untimed.peak_bytes["reverse"][1] > untimed.peak_bytes["reverse"][0]


@pytest.mark.parametrize(
    ("values", "first", "second", "expected"),
    [
        ([1, 2, 4, 8], [1, 2, 4, 8], [4, 4, 4, 4], 4.0),  # meets a measured point exactly
        ([1, 4], [1, 16], [4, 4], 2.0),  # halfway on log axes: sqrt(1 * 4)
        ([1, 2, 4], [1, 1, 1], [2, 2, 2], None),  # never
        ([1, 2], [2, 1], [1, 2], np.sqrt(2)),  # crossing downwards
    ],
)
def test_crossover_interpolates_on_log_axes(values, first, second, expected):
    got = crossover(values, first, second)
    assert got is None if expected is None else np.isclose(got, expected)


@pytest.mark.parametrize(
    ("kwargs", "error", "pattern"),
    [
        ({"networks": []}, TypeError, "networks must be a non-empty list"),
        ({"networks": [[3]]}, ValueError, r"networks\[0\] must list at least p_0"),
        ({"networks": [[2, 2]], "repeat": 0}, ValueError, "repeat must be an integer >= 1"),
        ({"networks": [[2, 2]], "rounds": 0}, ValueError, "rounds must be an integer >= 1"),
        ({"networks": [[2, 2]], "seed": -1}, ValueError, "seed must be an integer >= 0"),
    ],
)
def test_measure_modes_refuses_bad_input(kwargs, error, pattern):
    with pytest.raises(error, match=pattern):
        measure_modes(**kwargs)


@pytest.mark.parametrize(
    ("args", "pattern"),
    [
        (([1, 2], [1, 2, 3], [1, 1]), "first must hold one number > 0 per value"),
        (([1, 2], [1, 2], [0, 1]), "second must hold one number > 0 per value"),
        (([-1, 2], [1, 2], [1, 1]), "values must hold one number > 0 per value"),
    ],
)
def test_crossover_refuses_bad_input(args, pattern):
    with pytest.raises(ValueError, match=pattern):
        crossover(*args)


def test_mode_sweep_draws_both_counts_and_times_and_the_crossing(sweep):
    fig = Figure()
    top, bottom = fig.subplots(2, 1)
    plot_mode_sweep(top, bottom, sweep, [1, 3, 9], "p_0", cross=3.0)
    assert len(top.get_lines()) == len(bottom.get_lines()) == 3  # two modes and the crossing
    reverse = top.get_lines()[0]
    np.testing.assert_array_equal(reverse.get_ydata(), sweep.counts["reverse"])
    np.testing.assert_allclose(bottom.get_lines()[1].get_ydata(), 1e3 * sweep.seconds["forward"])
    assert top.get_lines()[2].get_xdata()[0] == 3.0


def test_mode_memory_draws_kilobytes_per_mode(sweep):
    ax = Figure().subplots()
    plot_mode_memory(ax, sweep, [1, 3, 9])
    np.testing.assert_allclose(ax.get_lines()[0].get_ydata(), sweep.peak_bytes["reverse"] / 1e3)


def test_gradient_norm_pictures_draw_one_line_per_scale_and_the_movement():
    weights = lib.init_weights([3, 3, 3, 1], seed=0)
    Z, Y = np.ones((3, 2)), np.zeros((1, 2))
    norms = {
        (a, c): lib.gradient_norms([c * X for X in weights], Z, Y, a)
        for a in ("tanh", "relu")
        for c in (0.5, 2.0)
    }
    axes = plot_gradient_norms(Figure(), norms, ["tanh", "relu"], [0.5, 2.0])
    assert axes.shape == (2, 2)
    assert [len(ax.get_lines()) for ax in axes.ravel()] == [2, 2, 2, 2]
    np.testing.assert_array_equal(
        axes[1, 1].get_lines()[1].get_ydata(), norms["relu", 2.0].weights
    )
    ax = Figure().subplots()
    plot_weight_movement(ax, {"a": np.array([1e-3, 1e-1]), "b": np.array([1.0, 2.0])})
    np.testing.assert_array_equal(ax.get_lines()[1].get_xdata(), [1, 2])
