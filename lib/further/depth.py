"""Gradients through many layers: what section 5's recursion does to δ_j on its way down.

δ_j = (∂ℓ/∂m_j)ᵀ is multiplied by diag(σ′(w_j)) and X̄_jᵀ at every layer, so
‖δ_{j-1}‖ ≤ max σ′ · ‖X̄_j‖₂ · ‖δ_j‖: unless the weights' scale balances σ′, the norm shrinks
or grows geometrically with the depth. For a batch δ_j has a column per sample and the norms
are Frobenius norms, for which the same bound holds. Chapter 7 teaches this module.
"""

from __future__ import annotations

from types import MappingProxyType
from typing import NamedTuple

import numpy as np

from lib.checks import as_real_array, checked, finite_result
from lib.layers import layer_vjp
from lib.network import check_batch, forward

#: max over w of σ′(w): the sigmoid's slope peaks at w = 0, where it is σ(0)(1 − σ(0)) = 1/4.
MAX_SLOPE = MappingProxyType({"sigmoid": 0.25, "tanh": 1.0, "relu": 1.0, "identity": 1.0})


class GradientNorms(NamedTuple):
    """The norms of section 5's recursion, layer by layer (chapter 7).

    ``outputs[j]`` = ‖δ_j‖ for j = 0..L; ``weights[j - 1]`` = ‖∂ℓ/∂X_j‖ and
    ``bounds[j - 1]`` = max σ′ · ‖X̄_j‖₂, the most layer j can stretch δ_j, for j = 1..L.
    """

    outputs: np.ndarray
    weights: np.ndarray
    bounds: np.ndarray


def _norms_door(maths, weights, Z, Y, activation="sigmoid"):
    weights, Z, Y, activations = check_batch(weights, Z, Y, activation)
    if unknown := [act.name for act in activations if act.name not in MAX_SLOPE]:
        raise ValueError(f"activation must be among {sorted(MAX_SLOPE)}, got {unknown}")
    return finite_result(maths(weights, Z, Y, activations), "weights, Z or Y")


@checked(_norms_door)
def gradient_norms(weights, Z, Y, activation="sigmoid") -> GradientNorms:
    """‖∂ℓ/∂m_j‖, ‖∂ℓ/∂X_j‖ and each layer's bound, for the loss (4) (section 5, chapter 7)."""
    outputs = forward(weights, Z, activation)  # O_0 = Z, ..., O_L
    delta = (2.0 / Z.shape[1]) * (outputs[-1] - Y)  # δ_L of ℓ = (1/N) Σ_k ‖e_k‖², as in (4)
    norms_m, norms_X = [np.linalg.norm(delta)], []
    for i in range(len(weights), 0, -1):  # the recursion of section 5, one layer at a time
        X, act = weights[i - 1], activation[i - 1]
        delta, grad = layer_vjp(X, outputs[i - 1], outputs[i], delta, act)
        norms_m.append(np.linalg.norm(delta))
        norms_X.append(np.linalg.norm(grad))
    pairs = zip(weights, activation, strict=True)
    bounds = [MAX_SLOPE[act.name] * np.linalg.norm(X[:, :-1], 2) for X, act in pairs]
    return GradientNorms(np.array(norms_m[::-1]), np.array(norms_X[::-1]), np.array(bounds))


def _movement_door(maths, before, after):
    if not isinstance(before, (list, tuple)) or not isinstance(after, (list, tuple)):
        raise TypeError("before and after must be lists of weight matrices [X_1, ..., X_L]")
    if not before or len(after) != len(before):
        raise ValueError(
            f"before and after must list the same L >= 1 layers, got "
            f"{len(before)} and {len(after)}"
        )
    before = [as_real_array(X, f"before[{k}]") for k, X in enumerate(before)]
    after = [as_real_array(X, f"after[{k}]") for k, X in enumerate(after)]
    for k, (X0, X1) in enumerate(zip(before, after, strict=True)):
        if X1.shape != X0.shape or not np.any(X0):
            raise ValueError(
                f"after[{k}] must have the shape of before[{k}], {X0.shape}, got {X1.shape}, "
                f"and before[{k}] must not be all zeros (its norm divides)"
            )
    return maths(before, after)


@checked(_movement_door)
def relative_movement(before, after) -> np.ndarray:
    """‖X_j(after) − X_j(before)‖ / ‖X_j(before)‖ per layer j: how far (GD) moved it, chapter 7."""
    pairs = zip(before, after, strict=True)
    return np.array([np.linalg.norm(X1 - X0) / np.linalg.norm(X0) for X0, X1 in pairs])
