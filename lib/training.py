"""(GD) on a network: the loss (4) and its backprop gradient handed to gradient descent.

A step that makes float64 overflow shows up as ``loss_and_grad`` refusing the weights;
here that becomes loss = inf, which ``gradient_descent`` reports as divergence. Chapter 4
trains with it and with the step-size bound 2/λ_max that chapter 1 derived.
"""

from __future__ import annotations

import math

import numpy as np

from lib.checks import positive_real
from lib.descent import GDResult, gradient_descent
from lib.finite_differences import numerical_jacobian
from lib.network import check_network, loss_and_grad

#: Hessians are formed densely by finite differences, so only small networks qualify.
MAX_HESSIAN_WEIGHTS = 2000


def loss_or_inf(weights, Z, Y, activation="sigmoid"):
    """``loss_and_grad`` (section 5), an overflow returned as (inf, NaN) for (GD) (chapter 4)."""
    try:
        return loss_and_grad(weights, Z, Y, activation)
    except ValueError:
        return math.inf, [np.full_like(X, np.nan) for X in weights]


def train(weights, Z, Y, step_size, num_steps, activation="sigmoid") -> GDResult:
    """(GD) on the loss (4) with the gradient of section 5; divergence is reported (chapter 4)."""
    weights, Z, Y, _ = check_network(weights, Z, Y, activation)
    last = {}  # (GD) asks for the loss and the gradient at the same iterate: one pass

    def at(ws):
        if last.get("weights") is not ws:
            last.update(weights=ws, value=loss_or_inf(ws, Z, Y, activation))
        return last["value"]

    return gradient_descent(
        lambda ws: at(ws)[1], weights, step_size, num_steps, loss=lambda ws: at(ws)[0]
    )


def divergence_bound(weights, Z, Y, activation="sigmoid", eps=1e-5) -> float:
    """2/λ_max of the Hessian of the loss (4) at ``weights``: chapter 1's bound on s (chapter 4).

    The Hessian is the Jacobian of the backprop gradient, by central differences: exact
    for a quadratic loss, accurate to O(eps²) otherwise.
    """
    weights, Z, Y, _ = check_network(weights, Z, Y, activation)
    eps = positive_real(eps, "eps")
    sizes = [X.size for X in weights]
    if sum(sizes) > MAX_HESSIAN_WEIGHTS:
        raise ValueError(f"weights must hold <= {MAX_HESSIAN_WEIGHTS} numbers, got {sum(sizes)}")

    def gradient(x):
        parts = np.split(x, np.cumsum(sizes)[:-1])
        ws = [p.reshape(X.shape) for p, X in zip(parts, weights, strict=True)]
        return np.concatenate([g.ravel() for g in loss_and_grad(ws, Z, Y, activation)[1]])

    hessian = numerical_jacobian(gradient, np.concatenate([X.ravel() for X in weights]), eps)
    lambda_max = np.linalg.eigvalsh((hessian + hessian.T) / 2)[-1]
    return 2.0 / lambda_max if lambda_max > 0 else math.inf
