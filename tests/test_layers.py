# ruff: noqa: E741  (O is the lecture's name for a layer input)
"""One layer: forward against sums written out, Jacobians against finite differences."""

import numpy as np
import pytest

from lib.activations import ACTIVATIONS
from lib.finite_differences import numerical_gradient
from lib.layers import (
    augment,
    layer_forward,
    layer_jacobian_input,
    layer_jacobian_weights,
    layer_vjp,
)

NAMES = ["identity", "relu", "sigmoid", "tanh"]


def _layer(seed, p_in=4, p_out=3, n=None):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(p_out, p_in + 1))
    O = rng.normal(size=(p_in,) if n is None else (p_in, n))
    return X, O


def _away_from_kink(X, O, name):
    """For relu, shift the bias column so no pre-activation sits within 0.05 of the kink."""
    if name == "relu":
        w = X @ augment(O)
        w = w if w.ndim == 2 else w[:, None]
        X = X.copy()
        X[:, -1] += np.where(np.abs(w).min(axis=1) < 0.05, 0.3, 0.0)
    return X


def test_augment_appends_a_one_or_a_row_of_ones():
    np.testing.assert_array_equal(augment([2.0, 3.0]), [2.0, 3.0, 1.0])
    np.testing.assert_array_equal(augment([[1, 2], [3, 4]]), [[1, 2], [3, 4], [1, 1]])
    assert augment(np.zeros((3, 5))).shape == (4, 5)


@pytest.mark.parametrize("name", NAMES)
def test_forward_is_sigma_of_the_written_out_sum(name):
    X, O = _layer(0, n=5)
    m, w = layer_forward(X, O, name)
    # w_rk = sum_c X[r, c] O[c, k] + X[r, -1], entry by entry
    expected_w = np.array(
        [[sum(X[r, c] * O[c, k] for c in range(4)) + X[r, 4] for k in range(5)] for r in range(3)]
    )
    np.testing.assert_allclose(w, expected_w, rtol=1e-13)
    np.testing.assert_allclose(m, ACTIVATIONS[name].function(expected_w), rtol=1e-13)
    m1, w1 = layer_forward(X, O[:, 2], name)  # one sample gives 1-D results, same numbers
    assert m1.shape == w1.shape == (3,)
    np.testing.assert_allclose(m1, m[:, 2], rtol=1e-14)


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("seed", range(5))
def test_jacobian_input_matches_finite_differences(name, seed):
    X, O = _layer(seed, p_in=1 + seed, p_out=1 + (seed * 3) % 5)
    X = _away_from_kink(X, O, name)
    J = layer_jacobian_input(X, O, name)
    assert J.shape == (X.shape[0], O.size)
    for r in range(X.shape[0]):
        numeric = numerical_gradient(lambda o, r=r: layer_forward(X, o, name)[0][r], O)
        np.testing.assert_allclose(J[r], numeric, rtol=1e-6, atol=1e-8)


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("seed", range(5))
def test_jacobian_weights_matches_finite_differences_in_row_major_order(name, seed):
    X, O = _layer(seed, p_in=1 + seed, p_out=1 + (seed * 3) % 5)
    X = _away_from_kink(X, O, name)
    J = layer_jacobian_weights(X, O, name)
    assert J.shape == (X.shape[0], X.size)
    for r in range(X.shape[0]):
        # row r of dm/dx_i, with x_i = X.ravel(): the gradient of m_r reshaped like X
        numeric = numerical_gradient(lambda x, r=r: layer_forward(x, O, name)[0][r], X)
        np.testing.assert_allclose(J[r], numeric.ravel(), rtol=1e-6, atol=1e-8)


def test_jacobian_weights_has_the_kronecker_pattern():
    X, O = _layer(1, p_in=2, p_out=2)
    J = layer_jacobian_weights(X, O, "identity")
    a = np.append(O, 1.0)
    np.testing.assert_allclose(J, [[*a, 0, 0, 0], [0, 0, 0, *a]])


@pytest.mark.parametrize("name", NAMES)
def test_vjp_of_one_sample_is_delta_times_the_jacobians(name):
    X, O = _layer(3, p_in=5, p_out=4)
    X = _away_from_kink(X, O, name)
    m, _ = layer_forward(X, O, name)  # the VJP reads sigma'(w) off the layer's output m
    delta = np.random.default_rng(9).normal(size=4)
    dO, dX = layer_vjp(X, O, m, delta, name)
    np.testing.assert_allclose(dO, delta @ layer_jacobian_input(X, O, name), rtol=1e-12)
    expected = (delta @ layer_jacobian_weights(X, O, name)).reshape(X.shape)
    np.testing.assert_allclose(dX, expected, rtol=1e-12)


@pytest.mark.parametrize("name", NAMES)
def test_vjp_of_a_batch_sums_weight_gradients_and_keeps_input_gradients_per_sample(name):
    X, O = _layer(4, p_in=3, p_out=2, n=6)
    X = _away_from_kink(X, O, name)
    m, _ = layer_forward(X, O, name)
    delta = np.random.default_rng(5).normal(size=(2, 6))
    dO, dX = layer_vjp(X, O, m, delta, name)
    singles = [layer_vjp(X, O[:, k], m[:, k], delta[:, k], name) for k in range(6)]
    np.testing.assert_allclose(dO, np.stack([s[0] for s in singles], axis=1), rtol=1e-12)
    np.testing.assert_allclose(dX, sum(s[1] for s in singles), rtol=1e-12)


@pytest.mark.parametrize("name", ["identity", "sigmoid", "tanh"])  # smooth: no kink
def test_vjp_matches_finite_differences_of_a_scalar_loss(name):
    X, O = _layer(7, p_in=3, p_out=3, n=4)
    delta = np.random.default_rng(8).normal(size=(3, 4))

    def loss_X(x):  # <delta, m>: its gradient is exactly the vector-Jacobian product
        return float(np.sum(delta * layer_forward(x, O, name)[0]))

    def loss_O(o):
        return float(np.sum(delta * layer_forward(X, o, name)[0]))

    m, _ = layer_forward(X, O, name)
    dO, dX = layer_vjp(X, O, m, delta, name)
    np.testing.assert_allclose(dX, numerical_gradient(loss_X, X), rtol=1e-6, atol=1e-9)
    np.testing.assert_allclose(dO, numerical_gradient(loss_O, O), rtol=1e-6, atol=1e-9)


def test_shape_mismatches_name_the_argument():
    X, O = _layer(0, p_in=4, p_out=3, n=2)
    with pytest.raises(ValueError, match=r"X must have shape \(p_i, 6\).*\(3, 5\)"):
        layer_forward(X, np.zeros((5, 2)))
    with pytest.raises(ValueError, match=r"delta must have shape \(3, 2\)"):
        layer_vjp(X, O, np.zeros((3, 2)), np.zeros((3, 3)))
    with pytest.raises(ValueError, match=r"m must have shape \(3, 2\)"):
        layer_vjp(X, O, np.zeros(3), np.zeros((3, 2)))
    with pytest.raises(ValueError, match="O must be one sample"):
        layer_jacobian_input(X, O)
    with pytest.raises(ValueError, match="O must be one sample"):
        layer_jacobian_weights(X, O)
    with pytest.raises(ValueError, match="X must have 2"):
        layer_forward(X[0], O)
    with pytest.raises(ValueError, match="O must have 1 or 2"):
        augment(np.zeros((2, 2, 2)))
    with pytest.raises(ValueError, match="X must contain only finite"):
        layer_forward(np.full((3, 5), np.nan), O)
    with pytest.raises(ValueError, match="activation"):
        layer_forward(X, O, "swish")
    with pytest.raises(ValueError, match="O must contain only finite"):
        layer_jacobian_weights(X, np.array([1.0, np.inf, 0.0, 0.0]))
    with pytest.raises(TypeError, match="X must be a real numeric array"):
        layer_jacobian_input(X + 0j, O[:, 0])
    with pytest.raises(TypeError, match="O must be a real numeric array"):
        augment(["a", "b"])
    with pytest.raises(ValueError, match="delta must contain only finite"):
        layer_vjp(X, O, np.zeros((3, 2)), np.full((3, 2), np.nan))
    with pytest.raises(ValueError, match="m must contain only finite"):
        layer_vjp(X, O, np.full((3, 2), np.inf), np.zeros((3, 2)))


def test_overflow_is_an_error_not_a_warning():
    X = np.full((2, 3), 1e200)
    with pytest.raises(ValueError, match="X and O are too large"):
        layer_forward(X, np.array([1e200, -1e200]), "relu")
    with pytest.raises(ValueError, match="X, O and delta are too large"):
        layer_vjp(X, np.ones((2, 1)), np.zeros((2, 1)), np.full((2, 1), 1e300), "identity")
    # a huge but finite pre-activation just saturates sigma
    m, w = layer_forward(X, np.array([1e100, 1e100]), "sigmoid")
    np.testing.assert_array_equal(m, 1.0)
