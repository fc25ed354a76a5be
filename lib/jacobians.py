"""Jacobian matrices and the matrix chain rule of eqs. (13)-(15), with their sizes.

A Jacobian dh/dx of h: R^n -> R^m is the m x n matrix whose row i is the transposed
gradient of h_i. The chain rule multiplies them: dh/dx = dg/df . df/dx (eq. 13), entry
(i, j) being a sum over the p channels f_1..f_p (eq. 14); for a network of L layers the
factors line up as dm_L/dm_{L-1} ... dm_1/dx (eq. 15). Weights are flattened row-major,
x_j = X_j.ravel(), as in :mod:`lib.layers`. Their finite-difference counterpart,
``numerical_jacobian``, lives with the other finite differences in :mod:`lib.gradcheck`.
"""

from __future__ import annotations

import numbers
from dataclasses import dataclass

import numpy as np

from lib._validate import as_real_array, nonnegative_int
from lib.layers import layer_jacobian_input, layer_jacobian_weights
from lib.network import _check_inputs, forward


def _matrix(value, name: str) -> np.ndarray:
    return as_real_array(value, name, ndim=2)


def _index(value, name: str, size: int) -> int:
    value = nonnegative_int(value, name)
    if value >= size:
        raise ValueError(f"{name} must be an index below {size}, got {value}")
    return value


def channel_terms(dg_df, df_dx, i, j) -> np.ndarray:
    """The p terms (dg_i/df_k)(df_k/dx_j) of eq. (14), one per channel k, summing to (dh/dx)_ij."""
    dg_df = _matrix(dg_df, "dg_df")
    df_dx = _matrix(df_dx, "df_dx")
    if dg_df.shape[1] != df_dx.shape[0]:
        raise ValueError(
            f"df_dx must have {dg_df.shape[1]} rows (one per column of dg_df, shape "
            f"{dg_df.shape}), got shape {df_dx.shape}"
        )
    i = _index(i, "i", dg_df.shape[0])
    j = _index(j, "j", df_dx.shape[1])
    return dg_df[i, :] * df_dx[:, j]


def chain_product(factors) -> np.ndarray:
    """The product dm_L/dm_{L-1} ... dm_1/dx of eq. (15), factors listed left to right."""
    if isinstance(factors, np.ndarray) or not isinstance(factors, (list, tuple)):
        raise TypeError(
            f"factors must be a list of 2-D arrays (the Jacobians of eq. 15, left to right), "
            f"got {type(factors).__name__}"
        )
    if not factors:
        raise ValueError("factors must hold at least one Jacobian, got an empty list")
    factors = [_matrix(J, f"factors[{k}]") for k, J in enumerate(factors)]
    for k in range(1, len(factors)):
        if factors[k - 1].shape[1] != factors[k].shape[0]:
            raise ValueError(
                f"factors[{k}] must have {factors[k - 1].shape[1]} rows to follow factors"
                f"[{k - 1}] of shape {factors[k - 1].shape}, got shape {factors[k].shape}"
            )
    product = factors[0]
    for J in factors[1:]:
        product = product @ J
    return product


def chain_factors(weights, z, activation="sigmoid", wrt="input"):
    """The factors of eq. (15) for one sample z, left to right: dm_L/dm_{L-1}, ..., dm_1/dz.

    ``wrt="input"`` ends the chain with dm_1/dm_0 = dm_1/dz; an integer j in 1..L gives
    dm/dx_j = dm_L/dm_{L-1} ... dm_{j+1}/dm_j . dm_j/dx_j instead (section 5).
    """
    weights, z, _, activations = _check_inputs(weights, z, None, activation)
    if z.ndim != 1:
        raise ValueError(f"z must be one sample, a 1-D vector, got shape {z.shape}")
    depth = len(weights)
    if isinstance(wrt, str) and wrt == "input":
        j = 0  # the input z plays the part of layer 0's output
    elif isinstance(wrt, numbers.Integral) and not isinstance(wrt, bool) and 1 <= wrt <= depth:
        j = int(wrt)
    else:
        raise ValueError(
            f"wrt must be 'input' or a layer number j in 1..{depth} (weights x_j), got {wrt!r}"
        )
    outputs = forward(weights, z, activations)  # O_0 = z, O_1, ..., O_L
    # dm_i/dm_{i-1} for i = L, ..., j + 1 (weights[i - 1] is X_i, outputs[i - 1] its input)
    factors = [
        layer_jacobian_input(weights[i - 1], outputs[i - 1], activations[i - 1])
        for i in range(depth, j, -1)
    ]
    if j:  # the chain for x_j ends with dm_j/dx_j
        factors.append(layer_jacobian_weights(weights[j - 1], outputs[j - 1], activations[j - 1]))
    return factors


def _widths(widths) -> tuple[int, ...]:
    if isinstance(widths, (str, bytes)) or not hasattr(widths, "__len__"):
        raise TypeError(f"widths must be a list of layer widths p_0..p_L, got {widths!r}")
    widths = list(widths)
    if len(widths) < 2:
        raise ValueError(f"widths must list at least p_0 and p_1, got {widths!r}")
    for k, p in enumerate(widths):
        if isinstance(p, bool) or not isinstance(p, numbers.Integral) or p < 1:
            raise ValueError(f"widths[{k}] must be a positive integer, got {p!r} in {widths!r}")
    return tuple(int(p) for p in widths)


@dataclass(frozen=True)
class ChainShapes:
    """Shapes of the Jacobians of eq. (15) for widths p_0..p_L, in the order (15) lists them."""

    widths: tuple[int, ...]

    @property
    def depth(self) -> int:
        return len(self.widths) - 1

    @property
    def input_jacobians(self) -> list[tuple[int, int]]:
        """dm_i/dm_{i-1} is p_i x p_{i-1}, for i = L, ..., 1."""
        p = self.widths
        return [(p[i], p[i - 1]) for i in range(self.depth, 0, -1)]

    @property
    def weight_jacobians(self) -> list[tuple[int, int]]:
        """dm_i/dx_i is p_i x p_i(p_{i-1} + 1), for i = L, ..., 1."""
        p = self.widths
        return [(p[i], p[i] * (p[i - 1] + 1)) for i in range(self.depth, 0, -1)]

    @property
    def num_weights(self) -> int:
        """n = sum_i p_i (p_{i-1} + 1), the length of x = (x_1, ..., x_L)."""
        return sum(cols for _, cols in self.weight_jacobians)

    @property
    def model_input(self) -> tuple[int, int]:
        """dm/dz, the product of all the input Jacobians: p_L x p_0."""
        return (self.widths[-1], self.widths[0])

    @property
    def model_weights(self) -> tuple[int, int]:
        """dm/dx with respect to every weight: p_L x n."""
        return (self.widths[-1], self.num_weights)


def chain_shapes(widths) -> ChainShapes:
    """The shapes of every Jacobian in eq. (15) for a network with layer widths p_0..p_L."""
    return ChainShapes(_widths(widths))
