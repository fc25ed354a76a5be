"""(GD) on a network: the loss (4) and its backprop gradient handed to gradient descent.

(GD) moves the lecture's one weight vector x = (x_1, ..., x_L); a step that makes float64
overflow gives a loss that is not finite, which ``gradient_descent`` reports as divergence.
Chapter 4 trains with it and with the step-size bound 2/λ_max that chapter 1 derived.
"""

from __future__ import annotations

import math

import numpy as np

from lib.checks import all_finite, checked, nonnegative_int, positive_real
from lib.descent import GDResult, as_parts, as_vector, gradient_descent, in_parts
from lib.finite_differences import numerical_jacobian
from lib.network import check_batch, loss_and_grad

#: Hessians are formed densely by finite differences, so only small networks qualify.
MAX_HESSIAN_WEIGHTS = 2000


def _network_door(maths, weights, Z, Y, activation="sigmoid"):
    return maths(*check_batch(weights, Z, Y, activation))


@checked(_network_door)
def loss_or_inf(weights, Z, Y, activation="sigmoid"):
    """``loss_and_grad`` (section 5), an overflow returned as (inf, NaN) for (GD) (chapter 4)."""
    loss, grads = loss_and_grad(weights, Z, Y, activation)
    return (loss, grads) if all_finite([loss, grads]) else (math.inf, [g * np.nan for g in grads])


def _train_door(maths, weights, Z, Y, step_size, num_steps, activation="sigmoid"):
    weights, Z, Y, activation = check_batch(weights, Z, Y, activation)
    s, num_steps = positive_real(step_size, "step_size"), nonnegative_int(num_steps, "num_steps")
    return in_parts(maths(weights, Z, Y, s, num_steps, activation), weights)


@checked(_train_door)
def train(weights, Z, Y, step_size, num_steps, activation="sigmoid") -> GDResult:
    """(GD) on the loss (4) with the gradient of section 5; divergence is reported (chapter 4)."""
    last = {}  # (GD) asks for the loss and the gradient at the same x: one backprop pass

    def at(x):  # the loss (4) and its gradient at x = (x_1, ..., x_L)
        if last.get("x") is not x:
            last.update(x=x, value=loss_or_inf(as_parts(x, weights), Z, Y, activation))
        return last["value"]

    x0, loss = as_vector(weights), lambda x: at(x)[0]
    return gradient_descent(lambda x: as_vector(at(x)[1]), x0, step_size, num_steps, loss)


def _bound_door(maths, weights, Z, Y, activation="sigmoid", eps=1e-5):
    weights, Z, Y, activation = check_batch(weights, Z, Y, activation)
    if (size := sum(X.size for X in weights)) > MAX_HESSIAN_WEIGHTS:
        raise ValueError(f"weights must hold <= {MAX_HESSIAN_WEIGHTS} numbers, got {size}")
    return maths(weights, Z, Y, activation, positive_real(eps, "eps"))


@checked(_bound_door)
def divergence_bound(weights, Z, Y, activation="sigmoid", eps=1e-5) -> float:
    """2/λ_max of the Hessian of the loss (4) at ``weights``: chapter 1's bound on s (chapter 4).

    The Hessian is the Jacobian of the backprop gradient, by central differences: exact
    for a quadratic loss, accurate to O(eps²) otherwise.
    """

    def gradient(x):  # the backprop gradient at x = (x_1, ..., x_L)
        return as_vector(loss_and_grad(as_parts(x, weights), Z, Y, activation)[1])

    hessian = numerical_jacobian(gradient, as_vector(weights), eps)
    lambda_max = np.linalg.eigvalsh((hessian + hessian.T) / 2)[-1]
    return 2.0 / lambda_max if lambda_max > 0 else math.inf
