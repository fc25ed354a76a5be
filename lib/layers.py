# ruff: noqa: E741  (O is the lecture's name for a layer input, O_{i-1})
"""One layer m_i = σ(X_i [O_{i-1}; 1]) of eq. (16): its forward pass beside its VJP.

``X`` is X_i, of shape (p_i, p_{i-1} + 1); its last column multiplies the appended 1, and
X̄_i = X[:, :-1] is the rest. ``O`` is the layer input O_{i-1}: one sample of shape
(p_{i-1},) or a batch (p_{i-1}, N), one sample per column. The weight vector x_i is X_i
flattened row-major, x_i = X.ravel(), so a row vector times dm_i/dx_i reshapes back to
X's shape. Chapters 4 and 5 teach this module; ``lib.further.modes`` adds the JVP.
"""

from __future__ import annotations

import numpy as np

from lib.activations import get_activations
from lib.checks import as_real_array, finite_result


def augment(O):
    """[O; 1] of eq. (16): a 1 below a vector, or a row of ones below a batch (chapter 4)."""
    O = as_real_array(O, "O", ndim=(1, 2), finite=False)  # NaN in, NaN out: not its check
    return np.concatenate([O, np.ones((1,) + O.shape[1:])])


def check_layer(X, O, activation, **like_output):
    """Validated (X, O, σ) of a layer (16), each ``like_output`` shaped as X [O; 1] (chapter 4)."""
    X, O = as_real_array(X, "X", ndim=2), as_real_array(O, "O", ndim=(1, 2))
    if X.shape[1] != O.shape[0] + 1:
        raise ValueError(
            f"X must have shape (p_i, {O.shape[0] + 1}) to act on O with {O.shape[0]} rows "
            f"(one column per row of O plus the bias column), got X of shape {X.shape}"
        )
    shape = X.shape[:1] + O.shape[1:]
    for name, value in like_output.items():
        if (got := as_real_array(value, name).shape) != shape:
            raise ValueError(f"{name} must have shape {shape} (that of X [O; 1]), got {got}")
    return X, O, get_activations(activation, 1)[0]


def layer_forward(X, O, activation="sigmoid"):
    """Eq. (16), chapter 4: (m_i, w) with w = X_i [O_{i-1}; 1] and m_i = σ(w)."""
    X, O, act = check_layer(X, O, activation)
    with np.errstate(all="ignore"):  # overflow is reported once, by finite_result
        w = X @ augment(O)
        return finite_result(act.function(w), "X and O"), finite_result(w, "X and O")


def layer_vjp(X, O, m, delta, activation="sigmoid"):
    """Section 5, chapter 4: from δ = (∂ℓ/∂m_i)ᵀ, δ_{i-1} = X̄_iᵀ δ′ and ∂ℓ/∂X_i = δ′ [O_{i-1}; 1]ᵀ.

    Here δ′ = δ ⊙ σ′(w) = (∂ℓ/∂w)ᵀ, and σ′(w) is read off the layer's output m = m_i.
    """
    X, O, act = check_layer(X, O, activation, m=m, delta=delta)
    with np.errstate(all="ignore"):  # overflow is reported once, by finite_result
        dl_dw = np.asarray(delta, float) * act.slope(np.asarray(m, float))
        dl_dO = X[:, :-1].T @ dl_dw  # the bias column does not see O_{i-1}
        a = augment(O)  # per sample an outer product; a batch sums them (eq. 5)
        dl_dX = np.outer(dl_dw, a) if O.ndim == 1 else dl_dw @ a.T
    return finite_result(dl_dO, "X, O and delta"), finite_result(dl_dX, "X, O and delta")


def _one_sample(X, O, activation):
    X, O, act = check_layer(X, O, activation)
    if O.ndim != 1:
        raise ValueError(f"O must be one sample, a 1-D vector, got shape {O.shape}")
    with np.errstate(all="ignore"):  # w = ±inf only means σ′ = 0; NaN is caught below
        return X, augment(O), finite_result(act.derivative(X @ augment(O)), "X and O")


def layer_jacobian_input(X, O, activation="sigmoid"):
    """Dense dm_i/dm_{i-1} = diag(σ′(w)) X̄_i, p_i × p_{i-1}, one sample (eq. 15, chapter 3)."""
    X, _, slope = _one_sample(X, O, activation)
    return slope[:, None] * X[:, :-1]


def layer_jacobian_weights(X, O, activation="sigmoid"):
    """Dense dm_i/dx_i = diag(σ′(w)) (I ⊗ [O; 1]ᵀ), one sample (section 6, chapter 5)."""
    X, a, slope = _one_sample(X, O, activation)
    return np.kron(np.diag(slope), a[None, :])  # x_i = X.ravel(): row r holds a at block r
