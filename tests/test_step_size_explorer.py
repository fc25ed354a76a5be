"""The step-size explorer, driven the way a reader drives it: move the slider, read the frame."""

import warnings

import numpy as np
import pytest

import lib.explorers
from lib.explorers.step_size import step_size_grid


def line_fit():
    rng = np.random.default_rng(0)
    z = rng.uniform(0, 3, 30)
    A = np.column_stack([np.ones(30), z])
    y = 1 + 2 * z + 0.2 * rng.standard_normal(30)
    return A, y


@pytest.fixture(scope="module")
def explorer():
    return lib.explorers.step_size_explorer(*line_fit(), num_steps=40, num_frames=9)


def test_grid_contains_both_milestones_and_crosses_the_bound(explorer):
    m = explorer.milestones
    s = explorer.step_sizes
    assert m.optimal in s and m.divergence_bound in s
    assert s.min() < m.optimal < m.divergence_bound < s.max()
    assert np.all(np.diff(s) > 0)
    assert len(explorer.slider.options) == len(s) == len(explorer.frames.children)


def test_moving_the_slider_changes_what_is_shown(explorer):
    explorer.slider.index = 0
    before = explorer.shown
    explorer.slider.index = 3
    assert explorer.frames.selected_index == 3
    assert explorer.shown != before
    assert f"s = {explorer.step_sizes[3]:.3g}" in explorer.shown


def test_past_the_bound_the_run_is_reported_as_diverged(explorer):
    for index, s in enumerate(explorer.step_sizes):
        explorer.slider.index = index
        diverged = "diverged at step" in explorer.shown
        assert diverged == (s > explorer.milestones.divergence_bound), s
        assert diverged == explorer.runs[index].diverged


def test_every_frame_has_a_picture_with_alt_text(explorer):
    for frame in explorer.frames.children:
        assert '<img alt="' in frame.value and 'alt=""' not in frame.value
        assert "data:image/png;base64," in frame.value


def test_bad_input_names_the_argument():
    with pytest.raises(ValueError, match="y"):
        lib.explorers.step_size_explorer(np.ones((5, 2)), np.ones(4))
    with pytest.raises(ValueError, match="num_frames"):
        lib.explorers.step_size_explorer(np.eye(3), np.ones(3), num_frames=2)
    with pytest.raises(ValueError, match="x0 must have 1 dimension"):
        lib.explorers.step_size_explorer(np.eye(3), np.ones(3), x0=np.ones((3, 1)))


def test_zero_steps_is_refused_naming_num_steps():
    A, y = line_fit()
    with pytest.raises(ValueError, match=r"num_steps must be an integer >= 1, got 0"):
        lib.explorers.step_size_explorer(A, y, num_steps=0)
    with pytest.raises(TypeError, match="num_steps"):
        lib.explorers.step_size_explorer(A, y, num_steps=2.5)


def test_one_step_builds_without_a_warning():
    A, y = line_fit()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        explorer = lib.explorers.step_size_explorer(A, y, num_steps=1, num_frames=5)
    assert all(len(run.losses) <= 2 for run in explorer.runs)
    assert len(explorer.frames.children) == len(explorer.step_sizes)


def test_the_grid_holds_both_milestones_in_order(explorer):
    grid = step_size_grid(explorer.milestones, 9)
    np.testing.assert_array_equal(grid, explorer.step_sizes)
    with pytest.raises(ValueError, match="num_frames must be at least 3"):
        step_size_grid(explorer.milestones, 2)


def test_each_frame_draws_its_own_run(explorer):
    """The pictures differ frame to frame, not only the status line above them."""
    pictures = [frame.value.split("base64,")[1] for frame in explorer.frames.children]
    assert len(set(pictures)) == len(pictures)
