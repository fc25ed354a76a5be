"""Least squares (lecture eqs. 3-5): loss, gradients, solution, step-size milestones."""

import numpy as np
import pytest

import lib

pytestmark = pytest.mark.filterwarnings("error")


@pytest.fixture
def problem():
    rng = np.random.default_rng(7)
    A = np.column_stack([np.ones(30), rng.uniform(-1, 2, 30), rng.standard_normal(30)])
    y = A @ np.array([0.3, -1.0, 2.0]) + 0.1 * rng.standard_normal(30)
    return A, y, rng.standard_normal(3)


def finite_difference(f, x, eps=1e-6):
    return np.array([(f(x + eps * e) - f(x - eps * e)) / (2 * eps) for e in np.eye(len(x))])


def test_loss_is_the_mean_of_squared_errors(problem):
    A, y, x = problem
    expected = sum((A[i] @ x - y[i]) ** 2 for i in range(len(y))) / len(y)
    assert lib.least_squares_loss(x, A, y) == pytest.approx(expected, rel=1e-12)


def test_gradient_matches_finite_differences(problem):
    A, y, x = problem
    fd = finite_difference(lambda v: lib.least_squares_loss(v, A, y), x)
    np.testing.assert_allclose(lib.least_squares_gradient(x, A, y), fd, rtol=1e-6)


def test_gradient_is_the_average_of_sample_gradients(problem):
    """Equation (5): the two functions are computed differently and must agree."""
    A, y, x = problem
    rows = lib.sample_gradients(x, A, y)
    assert rows.shape == A.shape
    for i in range(3):  # each row is the gradient of that sample's sub-loss
        fd = finite_difference(lambda v, i=i: (A[i] @ v - y[i]) ** 2, x)
        np.testing.assert_allclose(rows[i], fd, rtol=1e-6, atol=1e-8)
    np.testing.assert_allclose(rows.mean(axis=0), lib.least_squares_gradient(x, A, y))


def test_solution_zeroes_the_gradient(problem):
    A, y, _ = problem
    x_star = lib.least_squares_solution(A, y)
    np.testing.assert_allclose(lib.least_squares_gradient(x_star, A, y), 0, atol=1e-12)


def test_milestones_come_from_the_hessian(problem):
    A, _, _ = problem
    m = lib.step_size_milestones(A)
    eig = np.linalg.eigvalsh(2 / len(A) * A.T @ A)
    assert m.lambda_min == pytest.approx(eig[0])
    assert m.lambda_max == pytest.approx(eig[-1])
    assert m.divergence_bound == pytest.approx(2 / eig[-1])
    assert m.optimal == pytest.approx(2 / (eig[0] + eig[-1]))
    assert m.optimal < m.divergence_bound


def test_gradient_descent_diverges_exactly_past_the_bound(problem):
    A, y, _ = problem
    m = lib.step_size_milestones(A)

    def run(s):
        return lib.gradient_descent(
            lambda x: lib.least_squares_gradient(x, A, y),
            np.zeros(3),
            s,
            3000,
            loss=lambda x: lib.least_squares_loss(x, A, y),
        )

    assert run(0.98 * m.divergence_bound).diverged_at is None
    assert run(1.02 * m.divergence_bound).diverged_at is not None


@pytest.mark.parametrize(
    ("args", "error", "match"),
    [
        ((np.ones(2), np.ones((4, 3)), np.ones(4)), ValueError, "x"),
        ((np.ones(3), np.ones((4, 3)), np.ones(5)), ValueError, "y"),
        ((np.ones(3), np.ones(4), np.ones(4)), ValueError, "A"),
        ((np.ones(3), np.ones((4, 3)), np.ones((4, 1))), ValueError, "y"),
        ((np.ones(3), np.full((4, 3), np.inf), np.ones(4)), ValueError, "A"),
        ((np.ones(3), np.ones((4, 3)), np.array([1, 2, np.nan, 4])), ValueError, "y"),
        ((np.ones(3), np.ones((4, 3), dtype=complex), np.ones(4)), TypeError, "A"),
        ((np.ones(3), np.ones((0, 3)), np.ones(0)), ValueError, "A"),
    ],
)
def test_bad_input_names_the_argument(args, error, match):
    for function in (lib.least_squares_loss, lib.least_squares_gradient, lib.sample_gradients):
        with pytest.raises(error, match=match):
            function(*args)
