"""The training replay and the live trainer, driven the way a reader drives them: press
buttons, move sliders."""

import asyncio

import numpy as np
import pytest

import lib
from lib.explorers import live_trainer, training_replay
from lib.training import divergence_bound

pytestmark = pytest.mark.filterwarnings("error")

ACTIVATION = ["tanh", "identity"]


@pytest.fixture(scope="module")
def bound(sine_fit):
    return divergence_bound(*sine_fit, ACTIVATION)


# --- the replay: works on the static site --------------------------------------------


@pytest.fixture(scope="module")
def replay(sine_fit, bound):
    return training_replay(
        *sine_fit,
        step_sizes=[0.5 * bound, 5 * bound],
        num_steps=60,
        activation=ACTIVATION,
        num_frames=6,
        bound=bound,
        selected=0,
    )


def test_replay_has_one_frame_per_step_size_and_iteration(replay):
    assert replay.iterations[0] == 0 and replay.iterations[-1] == 60
    assert np.all(np.diff(replay.iterations) > 0)
    assert len(replay.frames.children) == 2
    for stack in replay.frames.children:
        assert len(stack.children) == len(replay.iterations)
    assert len(replay.iteration_slider.options) == len(replay.iterations)


def test_sliders_select_the_frame(replay):
    replay.step_slider.index = 0
    replay.iteration_slider.index = 0
    first = replay.shown
    assert "iteration 0:" in first
    replay.iteration_slider.index = 3
    assert all(stack.selected_index == 3 for stack in replay.frames.children)
    k = replay.iterations[3]
    assert f"iteration {k}:" in replay.shown and replay.shown != first
    loss = replay.runs[0].losses[k]
    assert f"loss {loss:.4g}" in replay.shown


def test_replay_reports_divergence_plainly(replay):
    diverging = replay.runs[1]
    assert diverging.diverged
    replay.step_slider.index = 1
    for index, k in enumerate(replay.iterations):
        replay.iteration_slider.index = index
        said = "diverged at iteration" in replay.shown
        assert said == (k >= diverging.diverged_at), k
    replay.step_slider.index = 0
    assert "diverged" not in replay.shown


def test_every_replay_frame_has_a_picture_with_alt_text(replay):
    for stack in replay.frames.children:
        for frame in stack.children:
            assert '<img alt="' in frame.value and 'alt=""' not in frame.value
            assert "data:image/png;base64," in frame.value


def test_replay_links_work_in_the_browser(replay):
    # each jslink is a widget of its own, stored in the page: one per linked pair
    from ipywidgets.widgets.widget import _instances
    from ipywidgets.widgets.widget_link import Link

    links = [w for w in list(_instances.values()) if isinstance(w, Link)]
    ends = {(link.source[0].model_id, link.target[0].model_id) for link in links}
    assert (replay.step_slider.model_id, replay.frames.model_id) in ends
    for stack in replay.frames.children:
        assert (replay.iteration_slider.model_id, stack.model_id) in ends


# --- the live trainer: needs a kernel ------------------------------------------------


@pytest.fixture
def trainer(sine_fit, bound):
    return live_trainer(
        *sine_fit, ACTIVATION, step_size=0.5 * bound, steps_per_tick=5, bound=bound
    )


def test_pressing_one_step_changes_the_iteration_count_and_the_loss(trainer):
    assert trainer.iteration == 0 and len(trainer.losses) == 1
    picture = trainer.picture.value
    trainer.step_button.click()
    assert trainer.iteration == 1 and len(trainer.losses) == 2
    assert trainer.losses[1] != trainer.losses[0]
    assert "iteration 1" in trainer.count.value
    assert trainer.picture.value != picture
    np.testing.assert_allclose(
        trainer.losses[1], lib.loss_and_grad(trainer.weights, trainer.Z, trainer.Y, ACTIVATION)[0]
    )


def test_the_live_loss_scale_follows_the_loss_down(trainer):
    low_before = trainer.figure.axes[0].get_ylim()[0]
    trainer.step(300)
    assert min(trainer.losses) < low_before  # the run went below the first scale...
    assert trainer.figure.axes[0].get_ylim()[0] <= min(trainer.losses)  # ...which followed


def test_reset_goes_back_to_the_start(trainer):
    trainer.step(7)
    assert trainer.iteration == 7
    trainer.reset_button.click()
    assert trainer.iteration == 0 and len(trainer.losses) == 1
    assert "iteration 0" in trainer.count.value


def test_too_large_a_step_is_reported_as_divergence(trainer, bound):
    trainer.step_slider.value = 5 * bound
    assert trainer.step(300) is False
    assert trainer.diverged_at is not None and trainer.iteration == trainer.diverged_at - 1
    assert "Diverged at iteration" in trainer.status.value
    assert np.all(np.isfinite(trainer.losses))
    # an absurd step overflows inside lib.loss_and_grad: still a report, not a crash
    trainer.reset()
    trainer.step_slider.value = trainer.step_slider.max
    trainer.weights = [1e200 * np.ones_like(X) for X in trainer.weights]
    assert trainer.step(3) is False and "Diverged" in trainer.status.value


def test_train_and_pause_run_in_an_event_loop(trainer):
    async def press_train_then_pause():
        trainer.train_button.value = True  # what a click on "Train" does
        assert trainer.train_button.description == "Pause"
        for _ in range(200):
            await asyncio.sleep(0.01)
            if trainer.iteration >= 15:
                break
        trainer.train_button.value = False  # "Pause"
        await asyncio.sleep(0.1)
        return trainer.iteration

    paused_at = asyncio.run(press_train_then_pause())
    assert paused_at >= 15 and paused_at % trainer.steps_per_tick == 0
    assert trainer.train_button.description == "Train"
    assert trainer.iteration == paused_at  # nothing runs after the pause


def test_train_stops_by_itself_when_it_diverges(trainer, bound):
    trainer.step_slider.value = 5 * bound

    async def press_train():
        trainer.train_button.value = True
        for _ in range(300):
            await asyncio.sleep(0.01)
            if not trainer.train_button.value:
                break

    asyncio.run(press_train())
    assert trainer.train_button.value is False
    assert "Diverged at iteration" in trainer.status.value


def test_train_without_an_event_loop_says_it_needs_a_kernel(trainer):
    trainer.train_button.value = True
    assert trainer.train_button.value is False
    assert "live kernel" in trainer.status.value


def test_the_trainer_says_it_needs_a_live_kernel(trainer):
    text = trainer.widget.children[0].value
    assert "live kernel" in text


# --- bad input ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("call", "error", "pattern"),
    [
        (
            lambda w, Z, Y: training_replay(w, Z, Y, [], activation=ACTIVATION),
            ValueError,
            "step_sizes must be a non-empty",
        ),
        (
            lambda w, Z, Y: training_replay(w, Z, Y, [0.1, -1], activation=ACTIVATION),
            ValueError,
            "step_sizes",
        ),
        (
            lambda w, Z, Y: training_replay(w, Z, Y, [0.1], activation=ACTIVATION, num_frames=1),
            ValueError,
            "num_frames",
        ),
        (
            lambda w, Z, Y: training_replay(w, Z, Y, [0.1], activation=ACTIVATION, selected=1),
            ValueError,
            "selected",
        ),
        (
            lambda w, Z, Y: training_replay(w, Z, Y, [0.1], activation=ACTIVATION, bound=-1),
            ValueError,
            "bound",
        ),
        (
            lambda w, Z, Y: training_replay(
                lib.init_weights([2, 3, 1]), np.vstack([Z, Z]), Y, [0.1], activation=ACTIVATION
            ),
            ValueError,
            "Z and Y must each have one row",
        ),
        (
            lambda w, Z, Y: live_trainer(w, Z, Y, ACTIVATION, step_size=-0.1),
            ValueError,
            "step_size",
        ),
        (
            lambda w, Z, Y: live_trainer(w, Z, Y, ACTIVATION, steps_per_tick=0),
            ValueError,
            "steps_per_tick",
        ),
        (lambda w, Z, Y: live_trainer("weights", Z, Y, ACTIVATION), TypeError, "weights"),
    ],
)
def test_bad_input_names_the_argument(sine_fit, call, error, pattern):
    with pytest.raises(error, match=pattern):
        call(*sine_fit)
