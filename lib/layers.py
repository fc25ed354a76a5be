# ruff: noqa: E741  (O is the lecture's name for a layer input, O_{i-1})
"""One layer m_i = σ(X_i [O_{i-1}; 1]) of eq. (16): its forward pass beside its VJP.

``X`` is X_i, of shape (p_i, p_{i-1} + 1); its last column multiplies the appended 1, and
X̄_i = X[:, :-1] is the rest. ``O`` is the layer input O_{i-1}: one sample of shape
(p_{i-1},) or a batch (p_{i-1}, N), one sample per column. The weight vector x_i is X_i
flattened row-major, x_i = X.ravel(), so a row vector times dm_i/dx_i reshapes back to
X's shape. Chapters 4 and 5 teach this module; ``lib.further.modes`` adds the JVP.
Each function checks its arguments once, at the door (``lib.checks.checked``): its body
is the maths, on a batch; the door turns one sample into a batch of one and back.
"""

from __future__ import annotations

import numpy as np

from lib.activations import get_activations
from lib.checks import as_real_array, checked, finite_result


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


def _batch(a):
    """One sample (a vector) as a batch of one (a column); a batch as it is."""
    return a[:, None] if a.ndim == 1 else a


def _augment_door(maths, O):
    return maths(as_real_array(O, "O", ndim=(1, 2), finite=False))  # NaN in, NaN out


@checked(_augment_door)
def augment(O):
    """[O; 1] of eq. (16): a 1 below a vector, or a row of ones below a batch (chapter 4)."""
    return np.concatenate([O, np.ones((1,) + O.shape[1:])])


def _forward_door(maths, X, O, activation="sigmoid"):
    X, O, act = check_layer(X, O, activation)
    m, w = finite_result(maths(X, _batch(O), act), "X and O")
    return (m, w) if O.ndim == 2 else (m[:, 0], w[:, 0])


@checked(_forward_door)
def layer_forward(X, O, activation="sigmoid"):
    """Eq. (16), chapter 4: (m_i, w) with w = X_i [O_{i-1}; 1] and m_i = σ(w)."""
    w = X @ augment(O)
    return activation.function(w), w


def _vjp_door(maths, X, O, m, delta, activation="sigmoid", input_gradient=True):
    X, O, act = check_layer(X, O, activation, m=m, delta=delta)
    m, delta = as_real_array(m, "m"), as_real_array(delta, "delta")
    dl_dO, dl_dX = maths(X, _batch(O), _batch(m), _batch(delta), act, bool(input_gradient))
    if dl_dO is not None:
        dl_dO = finite_result(dl_dO if O.ndim == 2 else dl_dO[:, 0], "X, O and delta")
    return dl_dO, finite_result(dl_dX, "X, O and delta")


@checked(_vjp_door)
def layer_vjp(X, O, m, delta, activation="sigmoid", input_gradient=True):
    """Section 5, chapter 4: from δ = (∂ℓ/∂m_i)ᵀ, δ_{i-1} = X̄_iᵀ δ′ and ∂ℓ/∂X_i = δ′ [O_{i-1}; 1]ᵀ.

    Here δ′ = δ ⊙ σ′(w) = (∂ℓ/∂w)ᵀ, σ′(w) read off the layer's output m = m_i; a batch sums
    its samples' gradients (eq. 5). ``input_gradient=False`` skips δ_{i-1} (returns None).
    """
    dl_dw = delta * activation.slope(m)
    dl_dO = X[:, :-1].T @ dl_dw if input_gradient else None  # the bias column does not see O
    return dl_dO, dl_dw @ augment(O).T


def _one_sample_door(maths, X, O, activation="sigmoid"):
    X, O, act = check_layer(X, O, activation)
    if O.ndim != 1:
        raise ValueError(f"O must be one sample, a 1-D vector, got shape {O.shape}")
    return finite_result(maths(X, O, act), "X and O")  # w = ±inf only means σ′ = 0


@checked(_one_sample_door)
def layer_jacobian_input(X, O, activation="sigmoid"):
    """Dense dm_i/dm_{i-1} = diag(σ′(w)) X̄_i, p_i × p_{i-1}, one sample (eq. 15, chapter 3)."""
    slope = activation.derivative(X @ augment(O))
    return slope[:, None] * X[:, :-1]


@checked(_one_sample_door)
def layer_jacobian_weights(X, O, activation="sigmoid"):
    """Dense dm_i/dx_i = diag(σ′(w)) (I ⊗ [O; 1]ᵀ), one sample (section 6, chapter 5)."""
    slope = activation.derivative(X @ augment(O))
    return np.kron(np.diag(slope), augment(O)[None, :])  # x_i = X.ravel(): row r holds [O; 1]
