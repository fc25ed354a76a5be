# ruff: noqa: E741  (O is the lecture's name for a layer output)
"""Forward and reverse mode: a layer's JVP, and dm_L/dz = J_L ⋯ J_1 from either end.

J_i = dm_i/dm_{i-1} = diag(σ′(w_i)) X̄_i; the chain is eq. (15) with the input z in place of
the weights x. Forward mode forms J_1 and carries its p_0 columns (one per direction of z)
up through the layers, alongside the forward pass, dropping each O_{i-1} once it has
served: a JVP per column (``layer_jvp``, below). Reverse mode runs the
forward pass first and keeps every O_i, then forms J_L and carries its p_L rows down: a VJP
per row (``lib.layer_vjp``), as backpropagation carries ∂ℓ/∂m_L. Their multiply–adds are
what :func:`lib.further.chain_order.chain_costs` counts. Chapter 6 teaches this module.
"""

from __future__ import annotations

import numpy as np

from lib.checks import as_real_array, checked, finite_result
from lib.layers import augment, check_layer
from lib.network import check_network


def _jvp_door(maths, X, O, m, dO, activation="sigmoid", dX=None):
    X, O, act = check_layer(X, O, activation, m=m)
    m, dO = as_real_array(m, "m"), as_real_array(dO, "dO", ndim=(1, 2))
    dX = None if dX is None else as_real_array(dX, "dX")
    many = O.ndim == 1 and dO.ndim == 2 and dX is None  # k directions of one sample
    if dO.shape != O.shape and not (many and dO.shape[0] == O.shape[0]):
        more = f" or ({O.size}, k), k directions" if O.ndim == 1 and dX is None else ""
        raise ValueError(f"dO must have shape {O.shape} (that of O){more}, got {dO.shape}")
    if dX is not None and dX.shape != X.shape:
        raise ValueError(f"dX must have shape {X.shape} (that of X), got {dX.shape}")
    one = O.ndim == 1 and not many  # one sample, one direction: a batch of one
    if O.ndim == 1:  # one sample: its k directions (or its one) are the columns of a batch
        O, m, dO = O[:, None], m[:, None], dO if many else dO[:, None]
    dm = finite_result(maths(X, O, m, dO, act, dX), "X, O, dO and dX")
    return dm[:, 0] if one else dm


@checked(_jvp_door)
def layer_jvp(X, O, m, dO, activation="sigmoid", dX=None):
    """The JVP of a layer (16), chapter 6: ṁ_i = σ′(w) ⊙ (X̄_i Ȯ_{i-1} + Ẋ_i [O_{i-1}; 1]).

    ``dO`` = Ȯ_{i-1} has O's shape, or is (p_{i-1}, k), k directions at once, for one sample;
    ``dX`` = Ẋ_i (optional) has X's shape. σ′(w) is read off m = m_i, as in ``layer_vjp``.
    """
    dw = X[:, :-1] @ dO  # the bias column multiplies the constant 1, which does not move
    if dX is not None:
        dw = dw + dX @ augment(O)
    return activation.slope(m) * dw


def _one_sample_door(maths, weights, z, activation="sigmoid"):
    weights, z, _, activations = check_network(weights, z, None, activation)
    if z.ndim != 1:
        raise ValueError(f"z must be one sample, a 1-D vector, got shape {z.shape}")
    return finite_result(maths(weights, z, activations), "weights or z")


@checked(_one_sample_door)
def jacobian_forward(weights, z, activation="sigmoid"):
    """dm_L/dz (the chain (15) for z) from the right, J_L (⋯ (J_2 J_1)): p_0 JVPs (chapter 6).

    Column j of ``columns`` is dm_i/dz e_j, the direction ``layer_jvp`` would carry alone.
    """
    O = z
    for i, (X, act) in enumerate(zip(weights, activation, strict=True)):
        O = act.function(X @ np.append(O, 1.0))  # m_i = σ(X_i [O_{i-1}; 1]); O_{i-1} dropped
        slope = act.slope(O)[:, None]  # σ′(w_i), read off m_i
        if i == 0:  # J_1 itself
            columns = slope * X[:, :-1]
        else:  # diag(σ′(w_i)) X̄_i columns: every column through layer i's JVP
            columns = slope * (X[:, :-1] @ columns)
    return columns


@checked(_one_sample_door)
def jacobian_reverse(weights, z, activation="sigmoid"):
    """dm_L/dz (the chain (15) for z) from the left, ((J_L J_{L-1}) ⋯) J_1: p_L VJPs (chapter 6).

    Row r of ``rows`` is e_rᵀ dm_L/dm_i, the row vector ``layer_vjp`` would carry alone.
    """
    outputs = [z]  # O_0 = z, ..., O_L: all kept for the way back
    for X, act in zip(weights, activation, strict=True):
        outputs.append(act.function(X @ np.append(outputs[-1], 1.0)))  # m_i = σ(X_i [O; 1])
    for i in range(len(weights), 0, -1):
        X, slope = weights[i - 1], activation[i - 1].slope(outputs[i])  # σ′(w_i), from O_i
        if i == len(weights):  # J_L itself
            rows = slope[:, None] * X[:, :-1]
        else:  # rows diag(σ′(w_i)) X̄_i: every row through layer i's VJP
            rows = (rows * slope) @ X[:, :-1]
    return rows
