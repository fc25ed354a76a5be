"""Input checks shared by every module of ``lib``.

Each check either returns a clean value or raises an error whose message names the
argument, says what it received and what was expected, so a reader never gets a
silently wrong number or a numpy broadcasting surprise.
"""

from __future__ import annotations

import numbers

import numpy as np


def _describe(value) -> str:
    if isinstance(value, np.ndarray):
        return f"an array of shape {value.shape} and dtype {value.dtype}"
    return f"{type(value).__name__} {value!r}"


def as_real_array(value, name: str, *, ndim=None, finite: bool = True) -> np.ndarray:
    """Return ``value`` as a float64 array; refuse non-real data, wrong ndim or NaN/inf.

    ``ndim`` is an int or a tuple of allowed ints.
    """
    if type(value) is np.ndarray and value.dtype == np.float64:
        array = value  # the common case, without the dtype inspection below (hot loops)
    elif isinstance(value, (str, bytes)) or value is None:
        raise TypeError(f"{name} must be a real numeric array, got {_describe(value)}")
    else:
        try:
            array = np.asarray(value)
        except (ValueError, TypeError) as err:  # ragged nested lists, for instance
            raise TypeError(
                f"{name} must be a real numeric array, got {_describe(value)}"
            ) from err
        if array.dtype == object or not (
            np.issubdtype(array.dtype, np.integer)
            or np.issubdtype(array.dtype, np.floating)
            or array.dtype == np.bool_
        ):
            raise TypeError(f"{name} must be a real numeric array, got dtype {array.dtype}")
        array = array.astype(np.float64, copy=False)
    if ndim is not None:
        allowed = (ndim,) if isinstance(ndim, int) else tuple(ndim)
        if array.ndim not in allowed:
            expected = " or ".join(str(d) for d in allowed)
            raise ValueError(f"{name} must have {expected} dimension(s), got shape {array.shape}")
    if finite:
        require_finite(array, name)
    return array


def require_finite(array: np.ndarray, name: str) -> np.ndarray:
    """Return the float array ``array`` after checking it holds no NaN or inf."""
    if not np.isfinite(array).all():
        raise ValueError(f"{name} must contain only finite numbers, got NaN or inf")
    return array


def positive_real(value, name: str) -> float:
    """Return ``value`` as a float after checking it is a finite number > 0."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a positive real number, got {_describe(value)}")
    value = float(value)
    if not np.isfinite(value) or value <= 0:
        raise ValueError(f"{name} must be a finite number > 0, got {value!r}")
    return value


def nonnegative_int(value, name: str) -> int:
    """Return ``value`` as an int after checking it is an integer >= 0."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name} must be a non-negative integer, got {_describe(value)}")
    if value < 0:
        raise ValueError(f"{name} must be a non-negative integer, got {value!r}")
    return int(value)


def callable_(value, name: str):
    """Return ``value`` after checking it can be called."""
    if not callable(value):
        raise TypeError(f"{name} must be callable, got {_describe(value)}")
    return value


def finite_result(value, culprits: str):
    """Return ``value`` after checking it is finite.

    Called on results computed from finite inputs under ``np.errstate(all="ignore")``:
    a NaN or inf there means float64 overflowed, which is reported as one clear error
    about the inputs instead of a stream of numpy warnings.
    """
    if not np.isfinite(value).all():
        raise ValueError(
            f"{culprits} are too large in magnitude: the result overflowed float64 to NaN/inf"
        )
    return value
