"""Least squares, the running example of the lecture's Motivation section (chapter 1).

The model is linear in its weights, m(z_i; x) = a_iᵀ x: row a_i of the feature matrix
``A`` holds the features of input z_i. The sub-loss is ℓ(e) = e².
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from lib.checks import as_real_array, checked


def check_least_squares(A, y, x=None):
    """Validated (A, y) or (A, y, x) of the loss (4): a row of A and a y per sample (chapter 1)."""
    A = as_real_array(A, "A", ndim=2)
    y = as_real_array(y, "y", ndim=1)
    if A.shape[0] == 0 or y.shape[0] != A.shape[0]:
        raise ValueError(f"A and y must hold one sample per row, >= 1, got {A.shape}, {y.shape}")
    if x is None:
        return A, y
    x = as_real_array(x, "x", ndim=1)
    if x.shape[0] != A.shape[1]:
        raise ValueError(f"x must have one weight per column of A, {A.shape[1]}, got {x.shape}")
    return A, y, x


def _door(maths, x, A, y):
    A, y, x = check_least_squares(A, y, x)
    return maths(x, A, y)


@checked(_door)
def least_squares_loss(x, A, y) -> float:
    """The loss (1/N) Σ_i (a_iᵀ x − y_i)², eq. (4) with ℓ(e) = e² (chapter 1)."""
    return float(np.mean((A @ x - y) ** 2))


@checked(_door)
def sample_gradients(x, A, y) -> np.ndarray:
    """Row i is the per-sample gradient ∇ℓ(m(z_i; x) − y_i) = 2 e_i a_i (eq. 8, chapter 2)."""
    return 2.0 * (A @ x - y)[:, None] * A


@checked(_door)
def least_squares_gradient(x, A, y) -> np.ndarray:
    """The gradient (2/N) Aᵀ(A x − y): the per-sample sum of eq. (5) in one product (chapter 1)."""
    return (2.0 / A.shape[0]) * (A.T @ (A @ x - y))


@checked(lambda maths, A, y: maths(*check_least_squares(A, y)))
def least_squares_solution(A, y) -> np.ndarray:
    """The minimiser x* of the loss (4), from the normal equations via lstsq (chapter 1)."""
    return np.linalg.lstsq(A, y, rcond=None)[0]


@dataclass(frozen=True)
class StepSizes:
    """Eigenvalues of the Hessian (2/N) A^T A and the step sizes they set for (GD) (chapter 1)."""

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


def _rows_door(maths, A):
    if (A := as_real_array(A, "A", ndim=2)).shape[0] == 0:
        raise ValueError("A must have at least one row (one sample), got shape (0, ...)")
    return maths(A)


@checked(_rows_door)
def step_size_milestones(A) -> StepSizes:
    """The Hessian's extreme eigenvalues, which set the milestone step sizes of (GD), chapter 1."""
    hessian = (2.0 / A.shape[0]) * (A.T @ A)
    eigenvalues = np.linalg.eigvalsh(hessian)
    lam_min = max(float(eigenvalues[0]), 0.0)  # round-off can make a zero slightly negative
    return StepSizes(lambda_min=lam_min, lambda_max=float(eigenvalues[-1]))
