# ruff: noqa: E741  (O is the lecture's name for a layer input)
"""Forward mode (chapter 6): the layer's JVP and the Jacobian from either end of the chain,
against finite differences, the dense Jacobians and the VJP."""

import numpy as np
import pytest

import lib
from lib.layers import augment
from lib.measure import peak_memory

NAMES = ["identity", "relu", "sigmoid", "tanh"]


def _layer(seed, p_in=4, p_out=3, n=None, name="sigmoid"):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(p_out, p_in + 1))
    O = rng.normal(size=(p_in,) if n is None else (p_in, n))
    if name == "relu":  # keep every pre-activation away from the kink at 0
        w = X @ augment(O)
        w = w if w.ndim == 2 else w[:, None]
        X[:, -1] += np.where(np.abs(w).min(axis=1) < 0.05, 0.3, 0.0)
    return X, O, lib.layer_forward(X, O, name)[0]


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("seed", range(4))
def test_jvp_matches_finite_differences_along_the_direction(name, seed):
    X, O, m = _layer(seed, name=name)
    rng = np.random.default_rng(100 + seed)
    dO, dX = rng.normal(size=O.shape), rng.normal(size=X.shape)

    def along(t):  # the layer's output when O and X move along (dO, dX) by t
        return lib.layer_forward(X + t[0] * dX, O + t[0] * dO, name)[0]

    expected = lib.numerical_jacobian(along, np.zeros(1))[:, 0]
    got = lib.layer_jvp(X, O, m, dO, name, dX=dX)
    np.testing.assert_allclose(got, expected, rtol=1e-6, atol=1e-8)


@pytest.mark.parametrize("name", NAMES)
def test_jvp_is_the_dense_jacobians_times_the_directions(name):
    X, O, m = _layer(1, p_in=5, p_out=4, name=name)
    rng = np.random.default_rng(2)
    dO, dX = rng.normal(size=O.shape), rng.normal(size=X.shape)
    J_in, J_w = lib.layer_jacobian_input(X, O, name), lib.layer_jacobian_weights(X, O, name)
    np.testing.assert_allclose(lib.layer_jvp(X, O, m, dO, name), J_in @ dO, rtol=1e-13)
    np.testing.assert_allclose(
        lib.layer_jvp(X, O, m, np.zeros_like(O), name, dX=dX), J_w @ dX.ravel(), rtol=1e-13
    )
    block = rng.normal(size=(5, 3))  # three directions at once, one per column
    np.testing.assert_allclose(lib.layer_jvp(X, O, m, block, name), J_in @ block, rtol=1e-13)


@pytest.mark.parametrize("name", NAMES)
def test_jvp_and_vjp_are_transposes_of_each_other(name):
    # u . (J v) = (u J) . v for every u, v: the two products of one matrix
    X, O, m = _layer(3, name=name)
    rng = np.random.default_rng(4)
    for _ in range(5):
        u, v = rng.normal(size=m.shape), rng.normal(size=O.shape)
        left = u @ lib.layer_jvp(X, O, m, v, name)
        right = lib.layer_vjp(X, O, m, u, name)[0] @ v
        np.testing.assert_allclose(left, right, rtol=1e-12)


def test_jvp_of_a_batch_is_one_direction_per_sample():
    X, O, M = _layer(5, n=6)
    dO = np.random.default_rng(6).normal(size=O.shape)
    got = lib.layer_jvp(X, O, M, dO)
    for k in range(6):
        m = lib.layer_forward(X, O[:, k])[0]
        np.testing.assert_allclose(
            got[:, k], lib.layer_jvp(X, O[:, k], m, dO[:, k]), rtol=1e-12, atol=1e-16
        )


@pytest.mark.parametrize(
    ("change", "error", "pattern"),
    [
        ({"dO": np.zeros(3)}, ValueError, r"dO must have shape \(4,\) \(that of O\) or \(4, k\)"),
        ({"dO": np.zeros((3, 2))}, ValueError, "dO must have shape"),
        ({"dO": "up"}, TypeError, "dO must be a real numeric array"),
        ({"dO": np.full(4, np.nan)}, ValueError, "dO must contain only finite numbers"),
        ({"dX": np.zeros((3, 4))}, ValueError, r"dX must have shape \(3, 5\)"),
        ({"dO": np.zeros((4, 2)), "dX": np.zeros((3, 5))}, ValueError, "dO must have shape"),
        ({"m": np.zeros(2)}, ValueError, r"m must have shape \(3,\)"),
        ({"activation": "softsign"}, ValueError, "activation must be one of"),
    ],
)
def test_jvp_refuses_bad_input_naming_the_argument(change, error, pattern):
    X, O, m = _layer(0)
    kwargs = {"X": X, "O": O, "m": m, "dO": np.zeros(4)} | change
    with pytest.raises(error, match=pattern):
        lib.layer_jvp(**kwargs)


# --- the whole Jacobian dm_L/dz from either end -------------------------------------


@pytest.mark.parametrize("name", ["sigmoid", "tanh", "identity", ["tanh", "relu", "identity"]])
@pytest.mark.parametrize("widths", [[3, 5, 4, 2], [1, 6, 1], [4, 2], [2, 7, 7, 7, 3]])
def test_both_ends_give_the_dense_chain_and_the_finite_differences(name, widths):
    if isinstance(name, list) and len(name) != len(widths) - 1:
        name = (name * 3)[: len(widths) - 1]
    weights = lib.init_weights(widths, seed=len(widths))
    z = np.random.default_rng(7).normal(size=widths[0])
    dense = lib.chain_product(lib.chain_factors(weights, z, name))
    numeric = lib.numerical_jacobian(lambda x: lib.forward(weights, x, name)[-1], z)
    for jacobian in (lib.jacobian_forward, lib.jacobian_reverse):
        got = jacobian(weights, z, name)
        assert got.shape == (widths[-1], widths[0])
        np.testing.assert_allclose(got, dense, rtol=1e-12, atol=1e-15)
        np.testing.assert_allclose(got, numeric, rtol=1e-6, atol=1e-9)


def test_reverse_rows_are_backpropagation_of_single_outputs():
    widths = [3, 6, 5, 4]
    weights = lib.init_weights(widths, seed=2)
    z = np.random.default_rng(8).normal(size=3)
    outputs = lib.forward(weights, z)
    rows = lib.jacobian_reverse(weights, z)
    for r, row in enumerate(np.eye(widths[-1])):
        for i in range(len(weights), 0, -1):
            row, _ = lib.layer_vjp(weights[i - 1], outputs[i - 1], outputs[i], row)
        np.testing.assert_allclose(rows[r], row, rtol=1e-13, atol=1e-16)


def test_reverse_mode_keeps_every_layer_and_forward_mode_does_not():
    # tracemalloc counts bytes exactly: each further layer adds one stored O_i (64 floats)
    # to reverse mode's peak, and nothing to forward mode's
    z = np.ones(1)
    peaks = {}
    for mode in (lib.jacobian_forward, lib.jacobian_reverse):
        peaks[mode.__name__] = [
            peak_memory(mode, lib.init_weights([1] + [64] * (L - 1) + [1], seed=0), z)
            for L in (16, 48)
        ]
    grown_reverse = peaks["jacobian_reverse"][1] - peaks["jacobian_reverse"][0]
    grown_forward = peaks["jacobian_forward"][1] - peaks["jacobian_forward"][0]
    assert 32 * 8 * 64 <= grown_reverse <= 32 * 2 * 8 * 65
    assert grown_forward < 0.1 * grown_reverse


@pytest.mark.parametrize("jacobian", [lib.jacobian_forward, lib.jacobian_reverse])
@pytest.mark.parametrize(
    ("args", "error", "pattern"),
    [
        (([np.ones((2, 3))], np.ones((2, 4))), ValueError, "z must be one sample"),
        (([np.ones((2, 3))], np.ones(3)), ValueError, "Z must have 2 rows"),
        (("weights", np.ones(2)), TypeError, "weights must be a non-empty list"),
        (([np.ones((2, 3))], np.ones(2), "cubic"), ValueError, "activation must be one of"),
        ([[np.full((2, 3), 1e308)] * 2, np.ones(2), "identity"], ValueError, "overflowed"),
    ],
)
def test_jacobians_refuse_bad_input_naming_the_argument(jacobian, args, error, pattern):
    with pytest.raises(error, match=pattern):
        jacobian(*args)
