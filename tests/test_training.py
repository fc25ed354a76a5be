"""(GD) on a network: training with the backprop gradient, and the step-size bound 2/λ_max."""

import numpy as np
import pytest

import lib
from lib.training import MAX_HESSIAN_WEIGHTS, divergence_bound, loss_or_inf, train

pytestmark = pytest.mark.filterwarnings("error")

ACTIVATION = ["tanh", "identity"]


@pytest.fixture(scope="module")
def bound(sine_fit):
    return divergence_bound(*sine_fit, ACTIVATION)


# --- the divergence bound and training ----------------------------------------------


def test_divergence_bound_of_a_linear_layer_is_chapter_1s_bound():
    # one identity layer is least squares: m(z) = x_1 z + x_2, the model of chapter 1
    rng = np.random.default_rng(0)
    z = rng.uniform(-1, 2, 25)
    y = 0.5 + 1.5 * z + 0.2 * rng.standard_normal(25)
    A = np.column_stack([z, np.ones(25)])  # columns in the order of X = [slope, bias]
    expected = lib.step_size_milestones(A).divergence_bound
    got = divergence_bound([np.array([[0.3, -0.1]])], z[None, :], y[None, :], "identity")
    assert got == pytest.approx(expected, rel=1e-6)


def test_divergence_bound_is_infinite_without_curvature():
    # a layer whose output does not depend on its weights near here: relu never active
    weights = [np.array([[0.0, -5.0]])]
    z = np.linspace(-1, 1, 5)[None, :]
    assert divergence_bound(weights, z, np.zeros((1, 5)), "relu") == np.inf


def test_training_below_the_bound_lowers_the_loss(sine_fit, bound):
    run = train(*sine_fit, 0.5 * bound, 300, ACTIVATION)
    assert not run.diverged
    assert run.losses[-1] < 0.2 * run.losses[0]
    assert np.all(np.diff(run.losses) <= 0)


def test_training_far_above_the_bound_is_reported_not_raised(sine_fit, bound):
    run = train(*sine_fit, 5 * bound, 300, ACTIVATION)
    assert run.diverged and run.diverged_at < 300
    assert len(run.losses) == run.diverged_at and np.all(np.isfinite(run.losses))


def test_an_overflowing_gradient_is_reported_not_raised(sine_fit):
    # a step so large that lib.loss_and_grad itself overflows (it raises ValueError there)
    weights, Z, Y = sine_fit
    huge = [100 * X + 1e200 for X in weights]
    with pytest.raises(ValueError, match="overflow"):
        lib.loss_and_grad(huge, Z, Y, ACTIVATION)
    run = train(weights, Z, Y, 1e300, 5, ACTIVATION)
    assert run.diverged and run.diverged_at == 1


def test_train_leaves_the_starting_weights_alone(sine_fit, bound):
    weights = sine_fit[0]
    before = [X.copy() for X in weights]
    train(*sine_fit, bound, 5, ACTIVATION)
    for X, Xb in zip(weights, before, strict=True):
        np.testing.assert_array_equal(X, Xb)


def test_loss_or_inf_is_loss_and_grad_or_a_reported_overflow(sine_fit):
    weights, Z, Y = sine_fit
    loss, grads = loss_or_inf(weights, Z, Y, ACTIVATION)
    expected = lib.loss_and_grad(weights, Z, Y, ACTIVATION)
    assert loss == expected[0]
    for g, h in zip(grads, expected[1], strict=True):
        np.testing.assert_array_equal(g, h)
    huge = [1e200 * np.ones_like(X) for X in weights]
    loss, grads = loss_or_inf(huge, Z, Y, ACTIVATION)
    assert loss == np.inf
    assert [g.shape for g in grads] == [X.shape for X in weights]
    assert all(np.isnan(g).all() for g in grads)


def test_divergence_bound_refuses_a_network_too_large_for_a_dense_hessian(sine_fit):
    _, Z, Y = sine_fit
    weights = lib.init_weights([1, 50, 50, 1])
    assert sum(X.size for X in weights) > MAX_HESSIAN_WEIGHTS
    with pytest.raises(ValueError, match=f"weights must hold <= {MAX_HESSIAN_WEIGHTS} numbers"):
        divergence_bound(weights, Z, Y)


# --- bad input ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("call", "error", "pattern"),
    [
        (lambda w, Z, Y: train(w, Z, Y, 0.0, 5, ACTIVATION), ValueError, "step_size"),
        (lambda w, Z, Y: train(w, Z, Y, 0.1, -1, ACTIVATION), ValueError, "num_steps"),
        (lambda w, Z, Y: train(w, Z[:, :3], Y, 0.1, 5, ACTIVATION), ValueError, "Y must have"),
        (lambda w, Z, Y: train(w, Z, Y, 0.1, 5, "softmax"), ValueError, "activation"),
        (lambda w, Z, Y: train(w, Z * np.nan, Y, 0.1, 5, ACTIVATION), ValueError, "Z must"),
        (lambda w, Z, Y: divergence_bound(w, Z, Y, ACTIVATION, eps=0), ValueError, "eps"),
        (lambda w, Z, Y: divergence_bound(w, Z, Y * np.inf, ACTIVATION), ValueError, "Y must"),
        (lambda w, Z, Y: divergence_bound("weights", Z, Y), TypeError, "weights"),
    ],
)
def test_bad_input_names_the_argument(sine_fit, call, error, pattern):
    with pytest.raises(error, match=pattern):
        call(*sine_fit)
