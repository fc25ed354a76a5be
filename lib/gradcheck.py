"""Finite differences, the independent check of every gradient in the book."""

from __future__ import annotations

import math

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
    """Central differences (f(x + eps e_k) - f(x - eps e_k)) / (2 eps) for each entry k."""
    f = callable_(f, "f")
    eps = positive_real(eps, "eps")
    x = as_real_array(x, "x").copy()  # we nudge entries in place; the caller's x stays put
    grad = np.empty_like(x)
    flat, flat_grad = x.reshape(-1), grad.reshape(-1)
    for k in range(flat.size):
        old = flat[k]
        flat[k] = old + eps
        up = _value(f, x)
        flat[k] = old - eps
        down = _value(f, x)
        flat[k] = old
        flat_grad[k] = (up - down) / (2 * eps)  # Python floats: overflow gives inf, no warning
        if not math.isfinite(flat_grad[k]):
            raise ValueError(
                f"f is not finite near x (f = {up!r} and {down!r} at entry {k} +/- eps)"
            )
    return grad
