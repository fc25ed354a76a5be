"""Finite differences, the independent check of every gradient in the book."""

from __future__ import annotations

import numpy as np

from lib._validate import as_real_array, callable_, positive_real


def _value(f, x) -> float:
    value = f(x)
    if np.ndim(value) != 0:
        raise ValueError(f"f must return a scalar, got shape {np.shape(value)}")
    try:
        value = as_real_array(value, "f's return value", finite=False)
    except TypeError as err:
        raise TypeError(f"f must return a real number, got {value!r}") from err
    return float(value)


def numerical_gradient(f, x, eps=1e-6):
    """Central differences (f(x + eps e_k) - f(x - eps e_k)) / (2 eps) for each entry k.

    The gradient of a scalar f is the one-row Jacobian: this is :func:`numerical_jacobian`
    on x flattened, reshaped back to x's shape.
    """
    f = callable_(f, "f")
    eps = positive_real(eps, "eps")
    x = as_real_array(x, "x")
    row = numerical_jacobian(lambda flat: _value(f, flat.reshape(x.shape)), x.reshape(-1), eps)
    return row[0].reshape(x.shape)


def _vector_value(f, x, expected_shape=None) -> np.ndarray:
    value = f(x)
    try:
        value = as_real_array(value, "f's return value", ndim=(0, 1), finite=False)
    except TypeError as err:
        raise TypeError(f"f must return a real vector, got {value!r}") from err
    except ValueError as err:
        raise ValueError(
            f"f must return a scalar or a 1-D vector, got shape {np.shape(value)}"
        ) from err
    value = value.reshape(-1)
    if expected_shape is not None and value.shape != expected_shape:
        raise ValueError(
            f"f must return the same shape at every point: {expected_shape} at x, "
            f"but {value.shape} at a nudged x"
        )
    return value


def numerical_jacobian(f, x, eps=1e-6):
    """Central-difference df/dx (eq. 13): column j = (f(x + eps e_j) - f(x - eps e_j))/2eps."""
    f = callable_(f, "f")
    eps = positive_real(eps, "eps")
    x = as_real_array(x, "x", ndim=1).copy()  # nudged in place; the caller's x stays put
    shape = _vector_value(f, x.copy()).shape
    jacobian = np.empty((shape[0], x.size))
    for j in range(x.size):
        old = x[j]
        x[j] = old + eps
        up = _vector_value(f, x.copy(), shape)
        x[j] = old - eps
        down = _vector_value(f, x.copy(), shape)
        x[j] = old
        with np.errstate(all="ignore"):  # inf - inf is reported below as one clear error
            jacobian[:, j] = (up - down) / (2 * eps)
        if not np.all(np.isfinite(jacobian[:, j])):
            raise ValueError(f"f is not finite near x (entry {j} of x nudged by +/- eps)")
    return jacobian
