"""Finite differences: the independent check of every derivative in the book."""

from __future__ import annotations

import numpy as np

from lib.checks import all_finite, as_real_array, callable_, describe, positive_real


def _vector(f, x) -> np.ndarray:
    value = f(x)
    try:
        return as_real_array(value, "f's value", ndim=(0, 1), finite=False).reshape(-1)
    except (TypeError, ValueError) as err:
        message = f"f must return a real scalar or 1-D vector, got {describe(value)}"
        raise type(err)(message) from err


def numerical_jacobian(f, x, eps=1e-6):
    """Central-difference df/dx (eq. 13, chapter 3): column j is (f(x + εe_j) − f(x − εe_j))/2ε."""
    f, eps, x = callable_(f, "f"), positive_real(eps, "eps"), as_real_array(x, "x", ndim=1)
    jacobian = np.empty((_vector(f, x.copy()).size, x.size))
    for j in range(x.size):
        step = np.zeros_like(x)
        step[j] = eps
        up, down = _vector(f, x + step), _vector(f, x - step)
        if up.shape != down.shape or up.size != jacobian.shape[0]:
            raise ValueError(f"f must return the same shape at every point, not {up.shape}")
        with np.errstate(all="ignore"):  # inf − inf is reported below as one clear error
            jacobian[:, j] = (up - down) / (2 * eps)
        if not all_finite(jacobian[:, j]):
            raise ValueError(f"f is not finite near x (entry {j} of x nudged by ±eps)")
    return jacobian


def numerical_gradient(f, x, eps=1e-6):
    """∇f of eq. (7) by central differences: the one-row Jacobian of a scalar f (chapter 2)."""
    f, x = callable_(f, "f"), as_real_array(x, "x")

    def scalar(flat):
        value = f(flat.reshape(x.shape))
        if np.ndim(value) != 0:
            raise ValueError(f"f must return a scalar, got {describe(np.asarray(value))}")
        return value

    return numerical_jacobian(scalar, x.reshape(-1), eps)[0].reshape(x.shape)
