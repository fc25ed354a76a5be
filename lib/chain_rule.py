"""Jacobian matrices and the matrix chain rule of eqs. (13)-(15), with their sizes (chapter 3).

A Jacobian dh/dx of h: R^n -> R^m is the m x n matrix whose row i is the transposed
gradient of h_i. The chain rule multiplies them: dh/dx = dg/df . df/dx (eq. 13), entry
(i, j) being a sum over the p channels f_1..f_p (eq. 14); for a network of L layers the
factors line up as dm_L/dm_{L-1} ... dm_1/dx (eq. 15). Weights are flattened row-major,
x_j = X_j.ravel(), as in :mod:`lib.layers`. Their finite-difference counterpart is
:func:`lib.finite_differences.numerical_jacobian`.
"""

from __future__ import annotations

import numbers
from functools import reduce
from typing import NamedTuple

import numpy as np

from lib.checks import as_real_array, checked, finite_result, layer_widths, nonnegative_int
from lib.layers import layer_jacobian_input, layer_jacobian_weights
from lib.network import check_network, forward


def _channels_door(maths, dg_df, df_dx, i, j):
    dg_df = as_real_array(dg_df, "dg_df", ndim=2)
    df_dx = as_real_array(df_dx, "df_dx", ndim=2)
    if dg_df.shape[1] != df_dx.shape[0]:
        raise ValueError(
            f"df_dx must have {dg_df.shape[1]} rows (one per column of dg_df, shape "
            f"{dg_df.shape}), got shape {df_dx.shape}"
        )
    for name, index, size in (("i", i, dg_df.shape[0]), ("j", j, df_dx.shape[1])):
        if nonnegative_int(index, name) >= size:
            raise ValueError(f"{name} must be an index below {size}, got {index}")
    return maths(dg_df, df_dx, int(i), int(j))


@checked(_channels_door)
def channel_terms(dg_df, df_dx, i, j) -> np.ndarray:
    """The p terms (dg_i/df_k)(df_k/dx_j) of eq. (14), one per channel k (chapter 3).

    They sum to (dh/dx)_ij.
    """
    return dg_df[i, :] * df_dx[:, j]


def check_chain(factors) -> list[np.ndarray]:
    """The factors of a chain (15), left to right, each as wide as the next is tall (chapter 3)."""
    if not isinstance(factors, (list, tuple)) or not factors:
        error = ValueError if isinstance(factors, (list, tuple)) else TypeError
        raise error(f"factors must be a non-empty list of 2-D arrays, got {factors!r:.80}")
    factors = [as_real_array(J, f"factors[{k}]", ndim=2) for k, J in enumerate(factors)]
    for k in range(1, len(factors)):
        if factors[k - 1].shape[1] != factors[k].shape[0]:
            raise ValueError(
                f"factors[{k}] must have {factors[k - 1].shape[1]} rows to follow factors"
                f"[{k - 1}] of shape {factors[k - 1].shape}, got shape {factors[k].shape}"
            )
    return factors


@checked(lambda maths, factors: maths(check_chain(factors)))
def chain_product(factors) -> np.ndarray:
    """The product dm_L/dm_{L-1} ... dm_1/dx of eq. (15), factors left to right (chapter 3)."""
    return reduce(np.matmul, factors)  # left to right, as (15) is written


def _factors_door(maths, weights, z, activation="sigmoid", wrt="input"):
    weights, z, _, activations = check_network(weights, z, None, activation)
    if z.ndim != 1:
        raise ValueError(f"z must be one sample, a 1-D vector, got shape {z.shape}")
    depth = len(weights)
    layer = isinstance(wrt, numbers.Integral) and not isinstance(wrt, bool) and 1 <= wrt <= depth
    if not layer and not (isinstance(wrt, str) and wrt == "input"):
        raise ValueError(f"wrt must be 'input' or a layer number j in 1..{depth}, got {wrt!r}")
    return finite_result(maths(weights, z, activations, int(wrt) if layer else 0), "weights or z")


@checked(_factors_door)
def chain_factors(weights, z, activation="sigmoid", wrt="input"):
    """The factors of eq. (15) for one sample z, dm_L/dm_{L-1}, ..., dm_1/dz (chapters 3, 4).

    ``wrt="input"`` ends the chain with dm_1/dm_0 = dm_1/dz; an integer j in 1..L gives
    dm/dx_j = dm_L/dm_{L-1} ... dm_{j+1}/dm_j . dm_j/dx_j instead (section 5).
    """
    j = 0 if wrt == "input" else wrt  # the input z plays the part of layer 0's output
    outputs = [m[:, 0] for m in forward(weights, z[:, None], activation)]  # O_0 = z, ..., O_L
    # dm_i/dm_{i-1} for i = L, ..., j + 1 (weights[i - 1] is X_i, outputs[i - 1] its input)
    factors = [
        layer_jacobian_input(weights[i - 1], outputs[i - 1], activation[i - 1])
        for i in range(len(weights), j, -1)
    ]
    if j:  # the chain for x_j ends with dm_j/dx_j
        factors.append(layer_jacobian_weights(weights[j - 1], outputs[j - 1], activation[j - 1]))
    return factors


class ChainShapes(NamedTuple):
    """The shapes of the Jacobians of eq. (15), in the order (15) writes them (chapter 3)."""

    widths: tuple[int, ...]  # p_0, ..., p_L
    depth: int  # L
    input_jacobians: list[tuple[int, int]]  # dm_i/dm_{i-1}: p_i × p_{i-1}, i = L, ..., 1
    weight_jacobians: list[tuple[int, int]]  # dm_i/dx_i: p_i × p_i(p_{i-1} + 1), i = L, ..., 1
    num_weights: int  # n = Σ_i p_i(p_{i-1} + 1), the length of x = (x_1, ..., x_L)
    model_input: tuple[int, int]  # dm/dz, the product of all input Jacobians: p_L × p_0
    model_weights: tuple[int, int]  # dm/dx with respect to every weight: p_L × n


@checked(lambda maths, widths: maths(layer_widths(widths)))
def chain_shapes(widths) -> ChainShapes:
    """The shapes of every Jacobian in eq. (15) for layer widths p_0..p_L (chapter 3)."""
    p = widths
    down = range(len(p) - 1, 0, -1)  # i = L, ..., 1
    weight_jacobians = [(p[i], p[i] * (p[i - 1] + 1)) for i in down]
    n = sum(columns for _, columns in weight_jacobians)
    inputs = [(p[i], p[i - 1]) for i in down]
    return ChainShapes(p, len(p) - 1, inputs, weight_jacobians, n, (p[-1], p[0]), (p[-1], n))
