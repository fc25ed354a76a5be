"""Gradient descent (lecture eq. GD): convergence, divergence reporting and bad input."""

import numpy as np
import pytest

import lib

pytestmark = pytest.mark.filterwarnings("error")


def quadratic(diagonal):
    """f(x) = 1/2 sum d_j x_j^2, whose Hessian has the eigenvalues ``diagonal``."""
    d = np.asarray(diagonal, dtype=float)
    return (lambda x: 0.5 * np.sum(d * x**2)), (lambda x: d * x)


def test_one_step_is_the_update_formula():
    f, grad = quadratic([1.0, 4.0])
    x0 = np.array([1.0, -2.0])
    result = lib.gradient_descent(grad, x0, step_size=0.1, num_steps=1, loss=f)
    np.testing.assert_allclose(result.xs[1], x0 - 0.1 * grad(x0))
    np.testing.assert_allclose(result.losses, [f(x0), f(result.xs[1])])


def test_converges_on_a_quadratic_at_the_optimal_step():
    f, grad = quadratic([1.0, 4.0])
    result = lib.gradient_descent(grad, np.array([3.0, 3.0]), 2 / (1 + 4), 200, loss=f)
    assert result.diverged_at is None
    assert result.xs.shape == (201, 2)
    np.testing.assert_allclose(result.x, 0.0, atol=1e-12)
    assert result.losses[0] == f(np.array([3.0, 3.0]))


def test_without_loss_records_only_iterates():
    _, grad = quadratic([2.0])
    result = lib.gradient_descent(grad, np.array([1.0]), 0.25, 3)
    assert result.losses is None
    np.testing.assert_allclose(result.xs[:, 0], [1.0, 0.5, 0.25, 0.125])


def test_zero_steps_returns_the_start():
    _, grad = quadratic([2.0])
    result = lib.gradient_descent(grad, [1.0, 2.0], 0.1, 0)
    np.testing.assert_array_equal(result.x, [1.0, 2.0])
    assert len(result.xs) == 1


def test_does_not_modify_x0():
    _, grad = quadratic([1.0, 1.0])
    x0 = np.array([1.0, 1.0])
    lib.gradient_descent(grad, x0, 0.5, 3)
    np.testing.assert_array_equal(x0, [1.0, 1.0])


@pytest.mark.parametrize("with_loss", [True, False])
def test_divergence_is_reported_not_raised(with_loss):
    # above 2 / lambda_max = 0.5 the error is multiplied by |1 - 4s| > 1 at every step
    f, grad = quadratic([1.0, 4.0])
    result = lib.gradient_descent(
        grad, np.array([1.0, 1.0]), 0.6, 100_000, loss=f if with_loss else None
    )
    assert result.diverged and result.diverged_at is not None
    assert result.diverged_at < 100_000
    assert len(result.xs) == result.diverged_at  # only the good iterates are kept
    assert np.all(np.isfinite(result.xs))
    if with_loss:
        assert len(result.losses) == result.diverged_at
        assert np.all(np.isfinite(result.losses))


def test_just_below_the_bound_converges():
    f, grad = quadratic([1.0, 4.0])
    result = lib.gradient_descent(grad, np.array([1.0, 1.0]), 0.49, 5000, loss=f)
    assert result.diverged_at is None
    np.testing.assert_allclose(result.x, 0.0, atol=1e-8)


def test_a_list_of_arrays_as_parameters():
    shapes = [(2, 3), (1, 3)]
    grad = lambda xs: [2 * x for x in xs]  # noqa: E731 - gradient of sum of squares
    x0 = [np.ones(s) for s in shapes]
    result = lib.gradient_descent(grad, x0, 0.25, 2)
    for x in result.x:
        np.testing.assert_allclose(x, 0.25)
    assert len(result.xs) == 3


@pytest.mark.parametrize(
    ("kwargs", "error", "match"),
    [
        ({"step_size": 0.0}, ValueError, "step_size"),
        ({"step_size": -0.1}, ValueError, "step_size"),
        ({"step_size": float("nan")}, ValueError, "step_size"),
        ({"step_size": float("inf")}, ValueError, "step_size"),
        ({"step_size": "0.1"}, TypeError, "step_size"),
        ({"num_steps": -1}, ValueError, "num_steps"),
        ({"num_steps": 2.5}, TypeError, "num_steps"),
        ({"x0": np.array([np.nan, 1.0])}, ValueError, "x0"),
        ({"x0": np.array([1j, 1.0])}, TypeError, "x0"),
        ({"x0": "abc"}, TypeError, "x0"),
        ({"grad": 3}, TypeError, "grad"),
        ({"loss": "f"}, TypeError, "loss"),
    ],
)
def test_bad_input_names_the_argument(kwargs, error, match):
    f, grad = quadratic([1.0, 1.0])
    args = {"grad": grad, "x0": np.ones(2), "step_size": 0.1, "num_steps": 3, "loss": f}
    args.update(kwargs)
    with pytest.raises(error, match=match):
        lib.gradient_descent(**args)


def test_gradient_of_the_wrong_shape_is_refused():
    pattern = r"grad must return arrays shaped like x0, \[\(2,\)\], got \[\(3,\)\]"
    with pytest.raises(ValueError, match=pattern):
        lib.gradient_descent(lambda x: np.ones(3), np.ones(2), 0.1, 1)


def test_loss_that_is_not_a_scalar_is_refused():
    with pytest.raises(ValueError, match="loss"):
        lib.gradient_descent(lambda x: x, np.ones(2), 0.1, 1, loss=lambda x: x)


def test_a_readers_grad_is_checked_as_the_readers_own_call():
    """The door of (GD) runs ``grad`` as the reader's call: lib functions inside it check
    their arguments (a nested call from lib's own maths would not)."""
    weights = lib.init_weights([2, 3, 1], seed=0)
    Z, Y_wrong = np.ones((2, 4)), np.ones((1, 5))
    with pytest.raises(ValueError, match="Y must have shape"):
        lib.gradient_descent(lambda ws: lib.loss_and_grad(ws, Z, Y_wrong)[1], weights, 0.1, 2)
