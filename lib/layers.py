# ruff: noqa: E741  (O is the lecture's name for a layer input, O_{i-1})
"""One layer m_i(O_{i-1}; x_i) = sigma(X_i [O_{i-1}; 1]) (eq. 16), forward and backward.

``X`` is X_i, of shape (p_i, p_{i-1} + 1); its last column multiplies the appended 1.
``O`` is the layer input O_{i-1}: one sample of shape (p_{i-1},) or a batch of shape
(p_{i-1}, N) with one sample per column. The parameter vector x_i of the lecture is
X_i flattened ROW-MAJOR, x_i = X.ravel(): entry (r, c) of X_i is x_i[r * (p_{i-1} + 1) + c].
So the Jacobian dm_i/dx_i has p_i * (p_{i-1} + 1) columns in X.ravel() order, and a row
vector times it reshapes back to X's shape with ``.reshape(X.shape)``.
"""

from __future__ import annotations

import numpy as np

from lib._validate import as_real_array, finite_result
from lib.activations import get_activations


def augment(O):
    """[O; 1] of eq. (16): append a 1 to a vector, or a row of ones to a batch (p, N)."""
    O = as_real_array(O, "O", ndim=(1, 2))
    return np.concatenate([O, np.ones((1,) + O.shape[1:])])


def _check(X, O, activation):
    X = as_real_array(X, "X", ndim=2)
    O = as_real_array(O, "O", ndim=(1, 2))
    if X.shape[1] != O.shape[0] + 1:
        raise ValueError(
            f"X must have shape (p_i, {O.shape[0] + 1}) to act on O with {O.shape[0]} rows "
            f"(one column per row of O plus the bias column), got X of shape {X.shape}"
        )
    return X, O, get_activations(activation, 1)[0]


def _check_like(value, name: str, shape):
    value = as_real_array(value, name)
    if value.shape != shape:
        raise ValueError(f"{name} must have shape {shape} (that of X @ [O; 1]), got {value.shape}")
    return value


def layer_forward(X, O, activation="sigmoid"):
    """Eq. (16): return (m_i, w) with w = X_i [O_{i-1}; 1] and m_i = sigma(w)."""
    X, O, act = _check(X, O, activation)
    with np.errstate(all="ignore"):  # overflow is reported once, by finite_result
        w = X @ augment(O)
        m = act.function(w)
    return finite_result(m, "X and O"), finite_result(w, "X and O")


def layer_vjp(X, O, w, delta, activation="sigmoid"):
    """One backprop step (section 5): from delta = dl/dm_i return (dl/dO_{i-1}, dl/dX_i)."""
    X, O, act = _check(X, O, activation)
    shape = (X.shape[0],) + O.shape[1:]
    w = _check_like(w, "w", shape)
    delta = _check_like(delta, "delta", shape)
    # dm_i/dm_{i-1} = diag(sigma'(w)) X_i[:, :-1] and dm_i/dx_i = diag(sigma'(w)) dw/dx_i
    # (section 6), so both products start with delta * sigma'(w).
    with np.errstate(all="ignore"):  # overflow is reported once, by finite_result
        dw = delta * act.derivative(w)
        dO = X[:, :-1].T @ dw  # the bias column does not see O_{i-1}
        # dw_r / dX[r, c] = [O; 1]_c; for a batch the per-sample gradients add up (eq. 5).
        a = augment(O)
        dX = np.outer(dw, a) if O.ndim == 1 else dw @ a.T
    return finite_result(dO, "X, O and delta"), finite_result(dX, "X, O and delta")


def _one_sample(X, O, activation):
    X, O, act = _check(X, O, activation)
    if O.ndim != 1:
        raise ValueError(f"O must be one sample, a 1-D vector, got shape {O.shape}")
    a = augment(O)
    with np.errstate(all="ignore"):  # w = inf just means sigma' = 0; NaN is caught below
        return X, a, finite_result(act.derivative(X @ a), "X and O")


def layer_jacobian_input(X, O, activation="sigmoid"):
    """Dense dm_i/dm_{i-1} = diag(sigma'(w)) X_i[:, :-1], p_i x p_{i-1}, for one sample."""
    X, _, s = _one_sample(X, O, activation)
    return s[:, None] * X[:, :-1]


def layer_jacobian_weights(X, O, activation="sigmoid"):
    """Dense dm_i/dx_i = diag(sigma'(w)) dw/dx_i (section 6), p_i x p_i(p_{i-1}+1), one sample."""
    X, a, s = _one_sample(X, O, activation)
    # With x_i = X.ravel(), w_r = sum_c X[r, c] a_c gives dw/dx_i = kron(I, a^T).
    return np.kron(np.diag(s), a[None, :])
