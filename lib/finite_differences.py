"""Finite differences: the independent check of every derivative in the book."""

from __future__ import annotations

import numpy as np

from lib.checks import all_finite, as_real_array, callback, checked, describe, positive_real


def _real_value(value) -> np.ndarray:
    """f's value as a 1-D vector, refused unless it is a real scalar or 1-D vector."""
    try:
        return as_real_array(value, "f's value", ndim=(0, 1), finite=False).reshape(-1)
    except (TypeError, ValueError) as err:
        message = f"f must return a real scalar or 1-D vector, got {describe(value)}"
        raise type(err)(message) from err


def _as_vectors(f):
    """``f`` returning its value as a 1-D vector, refused unless real and of one size."""
    sizes = []

    def vector(x):
        value = _real_value(f(x))
        if sizes and value.size != sizes[0]:
            raise ValueError(f"f must return the same shape at every point, not {value.shape}")
        sizes.append(value.size)
        return value

    return vector


def _finite(jacobian):
    """``jacobian`` if finite, else the error that names the entry of x whose nudge broke f."""
    if not all_finite(jacobian):
        j = int(np.flatnonzero(~np.isfinite(jacobian).all(axis=0))[0])
        raise ValueError(f"f is not finite near x (entry {j} of x nudged by ±eps)")
    return jacobian


def _jacobian_door(maths, f, x, eps=1e-6):
    f, eps = _as_vectors(callback(f, "f")), positive_real(eps, "eps")
    x = as_real_array(x, "x", ndim=1)
    return _finite(maths(f, x, eps) if x.size else np.empty((f(x).size, 0)))


@checked(_jacobian_door)
def numerical_jacobian(f, x, eps=1e-6):
    """Central-difference df/dx (eq. 13, chapter 3): column j is (f(x + εe_j) − f(x − εe_j))/2ε."""
    columns = []
    for j in range(x.size):
        e = np.zeros_like(x)
        e[j] = eps  # the nudge εe_j
        columns.append((f(x + e) - f(x - e)) / (2 * eps))
    return np.column_stack(columns)


def _gradient_door(maths, f, x, eps=1e-6):
    f, x, eps = callback(f, "f"), as_real_array(x, "x"), positive_real(eps, "eps")

    def scalar(point):
        if np.ndim(value := f(point)) != 0:
            raise ValueError(f"f must return a scalar, got {describe(np.asarray(value))}")
        return _real_value(value)[0]

    return _finite(maths(scalar, x, eps).reshape(1, -1)).reshape(x.shape) if x.size else x * 0


@checked(_gradient_door)
def numerical_gradient(f, x, eps=1e-6):
    """∇f of eq. (7) by central differences: the one-row Jacobian of a scalar f (chapter 2)."""

    def along(flat):  # f of the entries of x, as one vector
        return f(flat.reshape(x.shape))

    return numerical_jacobian(along, x.reshape(-1), eps).reshape(x.shape)
