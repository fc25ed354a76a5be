"""Input checks shared by every module of ``lib``: each returns a clean value or raises an
error that names the argument, what it received and what was expected."""

from __future__ import annotations

import contextvars
import functools
import numbers

import numpy as np

#: Whether the code running now was called by a reader (True) or by lib's own maths.
_from_outside = contextvars.ContextVar("from_outside", default=True)


def checked(door):
    """Check a maths function's arguments once, at the door where a reader calls it.

    ``door(maths, *args, **kwargs)`` validates the arguments, calls ``maths`` with clean
    values and checks what it returns. A maths function that calls another goes straight
    to its body: its arguments are clean already. No numpy warning escapes the door: an
    overflow is reported by the door's checks, as an error that names the arguments.
    """

    def decorate(maths):
        @functools.wraps(maths)
        def function(*args, **kwargs):
            if not _from_outside.get():
                return maths(*args, **kwargs)
            token = _from_outside.set(False)
            try:
                with np.errstate(all="ignore"):
                    return door(maths, *args, **kwargs)
            finally:
                _from_outside.reset(token)

        return function

    return decorate


def from_outside(function):
    """``function`` (a reader's callback) run as a reader's call: lib functions it calls
    check their arguments, since the reader's code chose them."""

    @functools.wraps(function)
    def call(*args, **kwargs):
        token = _from_outside.set(True)
        try:
            return function(*args, **kwargs)
        finally:
            _from_outside.reset(token)

    return call


def describe(value) -> str:
    """How an error message names a value: an array by its shape and dtype."""
    if isinstance(value, np.ndarray):
        return f"an array of shape {value.shape} and dtype {value.dtype}"
    return f"{type(value).__name__} {value!r}"


def as_real_array(value, name: str, *, ndim=None, finite: bool = True) -> np.ndarray:
    """``value`` as a float64 array; refuse non-real data, a wrong ndim, NaN or inf."""
    if isinstance(value, (str, bytes)) or value is None:
        raise TypeError(f"{name} must be a real numeric array, got {describe(value)}")
    try:
        array = np.asarray(value)
    except (ValueError, TypeError) as err:  # ragged nested lists, for instance
        raise TypeError(f"{name} must be a real numeric array, got {describe(value)}") from err
    if array.dtype.kind not in "biuf":  # bool, signed and unsigned int, float
        raise TypeError(f"{name} must be a real numeric array, got dtype {array.dtype}")
    array = array.astype(np.float64, copy=False)
    allowed = (ndim,) if isinstance(ndim, int) else ndim
    if allowed is not None and array.ndim not in allowed:
        expected = " or ".join(str(d) for d in allowed)
        raise ValueError(f"{name} must have {expected} dimension(s), got shape {array.shape}")
    if finite and not all_finite(array):
        raise ValueError(f"{name} must contain only finite numbers, got NaN or inf")
    return array


def positive_real(value, name: str) -> float:
    """``value`` as a float after checking it is a finite number > 0."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a positive real number, got {describe(value)}")
    if not np.isfinite(value) or value <= 0:
        raise ValueError(f"{name} must be a finite number > 0, got {value!r}")
    return float(value)


def nonnegative_int(value, name: str, *, minimum: int = 0) -> int:
    """``value`` as an int after checking it is an integer >= ``minimum`` (default 0)."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name} must be an integer >= {minimum}, got {describe(value)}")
    if value < minimum:
        raise ValueError(f"{name} must be an integer >= {minimum}, got {value!r}")
    return int(value)


def callable_(value, name: str):
    """``value`` after checking it can be called."""
    if not callable(value):
        raise TypeError(f"{name} must be callable, got {describe(value)}")
    return value


def callback(value, name: str):
    """A reader's function handed to a maths function, checked callable and run as the
    reader's own call: the lib functions it calls check their arguments at their doors."""
    return from_outside(callable_(value, name))


def layer_widths(widths, name: str = "widths") -> tuple[int, ...]:
    """The layer widths p_0, ..., p_L of eq. (16): at least two positive integers."""
    if isinstance(widths, (str, bytes)) or not hasattr(widths, "__len__"):
        raise TypeError(f"{name} must be a list of layer widths p_0..p_L, got {widths!r}")
    if len(widths) < 2:
        raise ValueError(f"{name} must list at least p_0 and p_1, got {list(widths)!r}")
    return tuple(nonnegative_int(p, f"{name}[{i}]", minimum=1) for i, p in enumerate(widths))


def all_finite(array) -> bool:
    """Whether no entry is NaN or inf: a finite sum of squares ‖a‖² (one fast BLAS pass)
    proves it; only when ‖a‖² is not finite are the entries looked at one by one. A list
    or tuple (of arrays, of lists) is finite when every item is."""
    if isinstance(array, (list, tuple)):
        return all(all_finite(item) for item in array)
    array = np.asarray(array)
    return bool(np.isfinite(np.vdot(array, array)) or np.isfinite(array).all())


def finite_result(value, culprits: str):
    """``value``, if finite; computed from finite inputs, NaN or inf means float64 overflowed."""
    if not all_finite(value):
        raise ValueError(
            f"{culprits} are too large in magnitude: the result overflowed float64 to NaN/inf"
        )
    return value
