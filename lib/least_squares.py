"""Least-squares data fitting, the running example of the lecture's Motivation section.

The model is linear in its weights, m(z_i; x) = a_i^T x, where row a_i of the feature
matrix ``A`` holds the features of input z_i, and the sub-loss is l(e) = e^2.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from lib._validate import as_real_array


def _check_problem(A, y, x=None):
    A = as_real_array(A, "A", ndim=2)
    y = as_real_array(y, "y", ndim=1)
    if y.shape[0] != A.shape[0]:
        raise ValueError(
            f"y must have one entry per row of A ({A.shape[0]} samples), got shape {y.shape}"
        )
    if A.shape[0] == 0:
        raise ValueError("A must have at least one row (one sample), got shape (0, ...)")
    if x is None:
        return A, y
    x = as_real_array(x, "x", ndim=1)
    if x.shape[0] != A.shape[1]:
        raise ValueError(
            f"x must have one weight per column of A ({A.shape[1]}), got shape {x.shape}"
        )
    return A, y, x


def residuals(x, A, y) -> np.ndarray:
    """The errors e_i = m(z_i; x) - y_i, one per sample."""
    A, y, x = _check_problem(A, y, x)
    return A @ x - y


def sample_losses(x, A, y) -> np.ndarray:
    """The sub-losses l(m(z_i; x) - y_i) = e_i^2 of eq. (4), one per sample."""
    return residuals(x, A, y) ** 2


def least_squares_loss(x, A, y) -> float:
    """The loss (1/N) sum_i (a_i^T x - y_i)^2, eq. (4) with l(e) = e^2."""
    return float(np.mean(sample_losses(x, A, y)))


def sample_gradients(x, A, y) -> np.ndarray:
    """Row i is the per-sample gradient grad_x l(m(z_i; x) - y_i) = 2 e_i a_i (eq. 8)."""
    A, y, x = _check_problem(A, y, x)
    return 2.0 * (A @ x - y)[:, None] * A


def least_squares_gradient(x, A, y) -> np.ndarray:
    """The full gradient (2/N) A^T (A x - y), written without the per-sample sum of eq. (5)."""
    A, y, x = _check_problem(A, y, x)
    return (2.0 / A.shape[0]) * (A.T @ (A @ x - y))


def least_squares_solution(A, y) -> np.ndarray:
    """The minimiser x* of the loss, from the normal equations (via a stable lstsq)."""
    A, y = _check_problem(A, y)
    return np.linalg.lstsq(A, y, rcond=None)[0]


@dataclass(frozen=True)
class StepSizes:
    """Eigenvalues of the Hessian (2/N) A^T A and the step sizes they set for (GD)."""

    lambda_min: float
    lambda_max: float

    @property
    def divergence_bound(self) -> float:
        """GD diverges for every step s > 2 / lambda_max (unless x0 is special)."""
        return 2.0 / self.lambda_max

    @property
    def optimal(self) -> float:
        """s = 2 / (lambda_min + lambda_max) gives the fastest worst-case convergence."""
        return 2.0 / (self.lambda_min + self.lambda_max)


def step_size_milestones(A) -> StepSizes:
    """The Hessian's extreme eigenvalues, from which the two milestone step sizes follow."""
    A = as_real_array(A, "A", ndim=2)
    if A.shape[0] == 0:
        raise ValueError("A must have at least one row (one sample), got shape (0, ...)")
    hessian = (2.0 / A.shape[0]) * (A.T @ A)
    eigenvalues = np.linalg.eigvalsh(hessian)
    lam_min = max(float(eigenvalues[0]), 0.0)  # round-off can make a zero slightly negative
    return StepSizes(lambda_min=lam_min, lambda_max=float(eigenvalues[-1]))
