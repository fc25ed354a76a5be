"""The input checks every module shares: clean values in, errors that name the argument out."""

import numpy as np
import pytest

from lib.checks import (
    all_finite,
    as_real_array,
    callable_,
    callback,
    checked,
    describe,
    finite_result,
    layer_widths,
    nonnegative_int,
    positive_real,
)

pytestmark = pytest.mark.filterwarnings("error")


# --- layer_widths -----------------------------------------------------------------------


def test_layer_widths_returns_a_tuple_of_ints():
    assert layer_widths([3, 5, 1]) == (3, 5, 1)
    widths = layer_widths(np.array([2, 4]))
    assert widths == (2, 4) and all(type(p) is int for p in widths)
    assert layer_widths((1, 1)) == (1, 1)


@pytest.mark.parametrize(
    ("widths", "error", "pattern"),
    [
        ("34", TypeError, "widths must be a list of layer widths p_0..p_L, got '34'"),
        (b"34", TypeError, "widths must be a list of layer widths"),
        ([3], ValueError, r"widths must list at least p_0 and p_1, got \[3\]"),
        ([], ValueError, r"widths must list at least p_0 and p_1, got \[\]"),
        # a bare number is not a list of widths
        (0, TypeError, "widths must be a list of layer widths p_0..p_L, got 0"),
        (-1, TypeError, "widths must be a list of layer widths p_0..p_L, got -1"),
        (2.5, TypeError, "widths must be a list of layer widths p_0..p_L, got 2.5"),
        (True, TypeError, "widths must be a list of layer widths p_0..p_L, got True"),
        # nor is a list with one bad width in it
        ([3, 0], ValueError, r"widths\[1\] must be an integer >= 1, got 0"),
        ([3, -1], ValueError, r"widths\[1\] must be an integer >= 1, got -1"),
        ([3, 2.5], TypeError, r"widths\[1\] must be an integer >= 1, got float 2.5"),
        ([True, 2], TypeError, r"widths\[0\] must be an integer >= 1, got bool True"),
        ([3, 4, "5"], TypeError, r"widths\[2\] must be an integer >= 1, got str '5'"),
    ],
)
def test_layer_widths_refuses_and_names_the_width(widths, error, pattern):
    with pytest.raises(error, match=pattern):
        layer_widths(widths)


def test_layer_widths_uses_the_callers_name():
    with pytest.raises(ValueError, match=r"depths\[1\] must be an integer >= 1"):
        layer_widths([1, 0], name="depths")
    with pytest.raises(ValueError, match="depths must list at least"):
        layer_widths([1], name="depths")


# --- nonnegative_int --------------------------------------------------------------------


def test_nonnegative_int_accepts_integers_at_or_above_the_minimum():
    assert nonnegative_int(0, "n") == 0
    assert nonnegative_int(7, "n") == 7
    value = nonnegative_int(np.int64(5), "n")
    assert value == 5 and type(value) is int
    assert nonnegative_int(3, "n", minimum=3) == 3
    assert nonnegative_int(-2, "n", minimum=-2) == -2


@pytest.mark.parametrize(
    ("value", "minimum", "error", "pattern"),
    [
        (-1, 0, ValueError, "n must be an integer >= 0, got -1"),
        (2, 3, ValueError, "n must be an integer >= 3, got 2"),
        (0, 1, ValueError, "n must be an integer >= 1, got 0"),
        (1.0, 0, TypeError, "n must be an integer >= 0, got float 1.0"),
        (True, 0, TypeError, "n must be an integer >= 0, got bool True"),
        ("3", 1, TypeError, "n must be an integer >= 1, got str '3'"),
        (None, 0, TypeError, "n must be an integer >= 0, got NoneType None"),
    ],
)
def test_nonnegative_int_refuses_and_names_the_argument(value, minimum, error, pattern):
    with pytest.raises(error, match=pattern):
        nonnegative_int(value, "n", minimum=minimum)


# --- the other checks -------------------------------------------------------------------


def test_as_real_array_converts_and_refuses():
    array = as_real_array([[1, 2], [3, 4]], "A", ndim=2)
    assert array.dtype == np.float64 and array.shape == (2, 2)
    assert as_real_array(np.array([True, False]), "b").dtype == np.float64
    assert np.isnan(as_real_array([np.nan], "w", finite=False)).all()
    with pytest.raises(ValueError, match="A must contain only finite numbers"):
        as_real_array([1.0, np.inf], "A")
    with pytest.raises(ValueError, match=r"A must have 1 or 2 dimension\(s\), got shape \(\)"):
        as_real_array(1.0, "A", ndim=(1, 2))
    with pytest.raises(TypeError, match="A must be a real numeric array, got dtype complex128"):
        as_real_array([1j], "A")
    with pytest.raises(TypeError, match="A must be a real numeric array, got str 'x'"):
        as_real_array("x", "A")
    with pytest.raises(TypeError, match="A must be a real numeric array"):
        as_real_array([[1, 2], [3]], "A")


def test_positive_real_and_callable():
    assert positive_real(2, "s") == 2.0 and type(positive_real(2, "s")) is float
    for bad in (0, -1.0, np.inf, np.nan):
        with pytest.raises(ValueError, match="s must be a finite number > 0"):
            positive_real(bad, "s")
    for bad in (True, "1", None):
        with pytest.raises(TypeError, match="s must be a positive real number"):
            positive_real(bad, "s")
    assert callable_(len, "f") is len
    with pytest.raises(TypeError, match="f must be callable, got int 3"):
        callable_(3, "f")


def test_describe_names_arrays_by_shape_and_dtype():
    assert describe(np.zeros((2, 3))) == "an array of shape (2, 3) and dtype float64"
    assert describe(2.5) == "float 2.5"


def test_finite_result_names_the_culprits():
    values = np.array([1.0, 2.0])
    assert finite_result(values, "X") is values
    with pytest.raises(ValueError, match="X and O are too large in magnitude"):
        finite_result(np.array([1.0, np.inf]), "X and O")
    with pytest.raises(ValueError, match="weights are too large"):
        finite_result(np.nan, "weights")


# --- all_finite -------------------------------------------------------------------------


@pytest.mark.parametrize("size", [1, 2, 7, 8, 9, 31, 64, 1000, 4099])
@pytest.mark.parametrize("bad", [np.nan, np.inf, -np.inf])
def test_all_finite_finds_one_bad_entry_anywhere(size, bad):
    # the sum of squares runs in SIMD blocks with a tail, so every position is tried,
    # including the tail, and beside huge finite numbers whose squares overflow
    rng = np.random.default_rng(size)
    for values in (rng.normal(size=size), np.full(size, 1e200)):
        assert all_finite(values)
        for position in sorted({0, size // 2, size - 1, *rng.integers(0, size, 5)}):
            spoiled = values.copy()
            spoiled[position] = bad
            assert not all_finite(spoiled), (size, position)
            assert not all_finite(spoiled.reshape(1, -1)[:, ::-1])  # a non-contiguous view


def test_all_finite_takes_any_real_array_and_agrees_with_isfinite():
    assert all_finite(3.0) and all_finite(np.array(2.0)) and all_finite([[1, 2], [3, 4]])
    assert all_finite(np.array([True, False])) and all_finite(np.zeros((0, 3)))
    assert all_finite(np.array([1e308, -1e308, 1e-320]))  # ‖a‖² overflows, entries are fine
    assert not all_finite(float("nan")) and not all_finite([1e308, np.inf, -np.inf])
    rng = np.random.default_rng(0)
    for _ in range(200):
        a = rng.choice([0.0, 1.0, -2.5, 1e300, np.nan, np.inf, -np.inf], size=rng.integers(1, 20))
        assert all_finite(a) == bool(np.isfinite(a).all()), a


def test_a_door_checks_a_readers_call_once_and_a_nested_call_not_at_all():
    """``checked``: the door runs for a reader's call; a maths function calling another goes
    straight to its body; a reader's callback (through ``callback``) is a reader's call."""
    doors = []

    def door(maths, x):
        doors.append(x)
        return maths(as_real_array(x, "x"))

    @checked(door)
    def double(x):
        return 2 * x

    @checked(lambda maths, x, f=None: maths(x, None if f is None else callback(f, "f")))
    def twice(x, f=None):
        return double(double(x)) if f is None else f(x)

    assert twice(1.0) == 4.0 and doors == []  # nested: both calls skip the door
    assert double(1.0) == 2.0 and doors == [1.0]
    assert twice(3.0, lambda x: double(x)) == 6.0 and doors == [1.0, 3.0]  # the callback's
    with pytest.raises(ValueError, match="x must contain only finite numbers"):
        double(np.nan)
    assert double.__wrapped__(np.inf) == np.inf  # the body itself checks nothing


@pytest.mark.filterwarnings("error")
def test_no_numpy_warning_escapes_a_door():
    @checked(lambda maths, x: finite_result(maths(np.asarray(x)), "x"))
    def exp(x):
        return np.exp(x)

    before = np.geterr()
    with pytest.raises(ValueError, match="x are too large in magnitude"):
        exp(1e3)  # np.exp overflows inside: no RuntimeWarning (an error here), a ValueError
    assert np.geterr() == before  # and numpy's error state is the reader's again
