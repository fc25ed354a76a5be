"""Backpropagation against finite differences, the Jacobian chain and hand formulas."""

import re
import warnings

import numpy as np
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from lib.activations import ACTIVATIONS
from lib.dense_chain import loss_and_grad_jacobian
from lib.finite_differences import numerical_gradient
from lib.network import forward, init_weights, loss_and_grad

NAMES = sorted(ACTIVATIONS)
WORST = {"finite differences": 0.0, "jacobian chain": 0.0}


def reference_outputs(weights, Z, activation):
    """O_0..O_L and the pre-activations, written from eq. (16) with an explicit [O; 1]."""
    names = [activation] * len(weights) if isinstance(activation, str) else activation
    outputs, pre = [np.asarray(Z, float)], []
    for X, name in zip(weights, names, strict=True):
        ones = np.ones((1,) + outputs[-1].shape[1:])
        w = X @ np.concatenate([outputs[-1], ones])
        outputs.append(ACTIVATIONS[name].function(w))
        pre.append(w)
    return outputs, pre


def reference_loss(weights, Z, Y, activation):
    """(1/N) sum_i ||m(z_i) - y_i||^2, eq. (4), one sample at a time."""
    Z, Y = np.asarray(Z, float), np.asarray(Y, float)
    if Z.ndim == 1:
        Z, Y = Z[:, None], Y[:, None]
    n = Z.shape[1]
    total = 0.0
    for k in range(n):
        e = reference_outputs(weights, Z[:, k], activation)[0][-1] - Y[:, k]
        total += float(np.sum(e**2))
    return total / n


def relative_error(a, b):
    a, b = np.concatenate([x.ravel() for x in a]), np.concatenate([x.ravel() for x in b])
    return float(np.linalg.norm(a - b) / max(np.linalg.norm(b), 1e-300))


@st.composite
def problems(draw):
    depth = draw(st.integers(1, 4))
    widths = draw(st.lists(st.integers(1, 12), min_size=depth + 1, max_size=depth + 1))
    single = draw(st.booleans())
    n = 1 if single else draw(st.integers(1, 7))
    activation = draw(
        st.one_of(
            st.sampled_from(NAMES),
            st.lists(st.sampled_from(NAMES), min_size=depth, max_size=depth),
        )
    )
    scale = draw(st.sampled_from([0.5, 1.0, 2.0]))
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    weights = [
        rng.normal(scale=scale / np.sqrt(p + 1), size=(q, p + 1))
        for p, q in zip(widths[:-1], widths[1:], strict=True)
    ]
    Z = rng.normal(size=(widths[0], n))
    Y = rng.normal(size=(widths[-1], n))
    if single:
        Z, Y = Z[:, 0], Y[:, 0]
    return weights, Z, Y, activation


def kink_margin(weights, Z, activation):
    """Distance of the relu pre-activations from 0 (infinite if no layer uses relu)."""
    names = [activation] * len(weights) if isinstance(activation, str) else activation
    _, pre = reference_outputs(weights, Z, activation)
    near = [np.abs(w).min() for w, name in zip(pre, names, strict=True) if name == "relu"]
    return min(near, default=np.inf)


SETTINGS = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(problems())
def test_backprop_matches_finite_differences(problem):
    weights, Z, Y, activation = problem
    # a finite difference straddling a relu kink measures neither one-sided slope
    assume(kink_margin(weights, Z, activation) > 1e-3)
    loss, grads = loss_and_grad(weights, Z, Y, activation)
    assert loss == pytest.approx(reference_loss(weights, Z, Y, activation), rel=1e-12)
    numeric = []
    for i, X in enumerate(weights):

        def loss_of(x, i=i):
            return reference_loss(weights[:i] + [x] + weights[i + 1 :], Z, Y, activation)

        numeric.append(numerical_gradient(loss_of, X))
    for g, X in zip(grads, weights, strict=True):
        assert g.shape == X.shape and g.dtype == np.float64
    scale = max(np.linalg.norm(np.concatenate([g.ravel() for g in numeric])), 1e-3)
    diff = np.linalg.norm(
        np.concatenate([(g - h).ravel() for g, h in zip(grads, numeric, strict=True)])
    )
    assert diff <= 1e-6 * scale, f"relative error {diff / scale:.2e}"
    WORST["finite differences"] = max(WORST["finite differences"], diff / scale)


@SETTINGS
@given(problems())
def test_backprop_equals_the_jacobian_chain(problem):
    weights, Z, Y, activation = problem
    loss, grads = loss_and_grad(weights, Z, Y, activation)
    loss_j, grads_j = loss_and_grad_jacobian(weights, Z, Y, activation)
    assert loss == pytest.approx(loss_j, rel=1e-13)
    err = relative_error(grads, grads_j)
    assert err <= 1e-10
    WORST["jacobian chain"] = max(WORST["jacobian chain"], err)


def test_report_largest_relative_gradient_error(capsys):
    """Runs after the two property tests above (pytest keeps file order)."""
    with capsys.disabled():
        print(
            "\nlargest relative gradient error: "
            + ", ".join(f"vs {k} {v:.1e}" for k, v in WORST.items())
        )


@pytest.mark.parametrize("activation", NAMES + [["tanh", "relu", "sigmoid"]])
def test_batch_gradient_is_the_mean_of_per_sample_gradients(activation):
    # eq. (5): the gradient of the average loss is the average of the per-sample gradients
    weights = init_weights([3, 5, 4, 2], seed=3)
    rng = np.random.default_rng(1)
    Z, Y = rng.normal(size=(3, 6)), rng.normal(size=(2, 6))
    loss, grads = loss_and_grad(weights, Z, Y, activation)
    singles = [loss_and_grad(weights, Z[:, k], Y[:, k], activation) for k in range(6)]
    assert loss == pytest.approx(np.mean([s[0] for s in singles]), rel=1e-13)
    mean = [np.mean([s[1][i] for s in singles], axis=0) for i in range(len(grads))]
    assert relative_error(grads, mean) < 1e-12


def test_one_identity_layer_is_least_squares():
    # m(z) = X[:, :-1] z + X[:, -1]: loss and gradient (2/N) E [Z; 1]^T by hand
    rng = np.random.default_rng(2)
    X, Z, Y = rng.normal(size=(2, 4)), rng.normal(size=(3, 5)), rng.normal(size=(2, 5))
    A = np.vstack([Z, np.ones(5)])
    E = X @ A - Y
    loss, (g,) = loss_and_grad([X], Z, Y, "identity")
    assert loss == pytest.approx(np.sum(E**2) / 5, rel=1e-14)
    np.testing.assert_allclose(g, 2 / 5 * E @ A.T, rtol=1e-13)


def test_two_sigmoid_layers_by_hand():
    # one sample, widths 1-1-1: every derivative is a product of scalars
    X1, X2 = np.array([[0.7, -0.2]]), np.array([[-1.3, 0.4]])
    z, y = 0.5, 0.9
    s = lambda t: 1 / (1 + np.exp(-t))  # noqa: E731
    o1 = s(0.7 * z - 0.2)
    o2 = s(-1.3 * o1 + 0.4)
    d2 = 2 * (o2 - y) * o2 * (1 - o2)
    d1 = d2 * -1.3 * o1 * (1 - o1)
    loss, (g1, g2) = loss_and_grad([X1, X2], [z], [y])
    assert loss == pytest.approx((o2 - y) ** 2, rel=1e-14)
    np.testing.assert_allclose(g2, [[d2 * o1, d2]], rtol=1e-13)
    np.testing.assert_allclose(g1, [[d1 * z, d1]], rtol=1e-13)


@pytest.mark.parametrize("activation", NAMES + [["relu", "identity"]])
def test_forward_matches_the_reference_and_keeps_shapes(activation):
    weights = init_weights([4, 3, 2], seed=5)
    Z = np.random.default_rng(6).normal(size=(4, 7))
    outputs = forward(weights, Z, activation)
    expected, _ = reference_outputs(weights, Z, activation)
    assert [o.shape for o in outputs] == [(4, 7), (3, 7), (2, 7)]
    np.testing.assert_array_equal(outputs[0], Z)
    for o, e in zip(outputs, expected, strict=True):
        np.testing.assert_allclose(o, e, rtol=1e-13, atol=1e-15)
    single = forward(weights, Z[:, 3], activation)
    assert [o.shape for o in single] == [(4,), (3,), (2,)]
    for o, e in zip(single, outputs, strict=True):
        np.testing.assert_allclose(o, e[:, 3], rtol=1e-13, atol=1e-15)


def test_inputs_are_not_modified():
    weights = init_weights([3, 4, 2], seed=0)
    Z, Y = np.ones((3, 2)), np.zeros((2, 2))
    copies = [w.copy() for w in weights], Z.copy(), Y.copy()
    loss_and_grad(weights, Z, Y)
    loss_and_grad_jacobian(weights, Z, Y)
    forward(weights, Z)
    for w, c in zip(weights, copies[0], strict=True):
        np.testing.assert_array_equal(w, c)
    np.testing.assert_array_equal(Z, copies[1])
    np.testing.assert_array_equal(Y, copies[2])


def test_lists_and_integer_arrays_are_accepted():
    weights = [[[1, 0, 1]], [[2, -1]]]
    loss, grads = loss_and_grad(weights, [[1, 2], [3, 4]], [[0, 1]], "relu")
    expected = loss_and_grad([np.array(w, float) for w in weights], np.array([[1.0, 2], [3, 4]]),
                             np.array([[0.0, 1]]), "relu")  # fmt: skip
    assert loss == expected[0]
    assert [g.shape for g in grads] == [(1, 3), (1, 2)]


def test_init_weights_shapes_dtype_and_reproducibility():
    weights = init_weights([5, 7, 3], seed=11)
    assert [w.shape for w in weights] == [(7, 6), (3, 8)]
    assert all(w.dtype == np.float64 for w in weights)
    again = init_weights((5, 7, 3), seed=11)
    other = init_weights([5, 7, 3], seed=12)
    for a, b, c in zip(weights, again, other, strict=True):
        np.testing.assert_array_equal(a, b)
        assert not np.array_equal(a, c)
        np.testing.assert_array_equal(a[:, -1], 0.0)  # biases start at zero
    assert init_weights(np.array([2, 3]))[0].shape == (3, 3)


@pytest.mark.parametrize("activation", ["sigmoid", "tanh"])
def test_init_weights_neither_saturates_nor_vanishes(activation):
    weights = init_weights([256] * 8 + [10], seed=0)
    Z = np.random.default_rng(0).normal(size=(256, 64))
    _, pre = reference_outputs(weights, Z, activation)
    for w in pre:
        assert 0.2 < w.std() < 3.0  # w stays where sigma bends: neither flat nor tiny
    if activation == "tanh":  # (sigmoid's slope <= 1/4 shrinks delta 4x per layer anyway)
        grads = loss_and_grad(weights, Z, np.zeros((10, 64)), activation)[1]
        norms = [np.linalg.norm(g[:, :-1]) / np.sqrt(g[:, :-1].size) for g in grads]
        assert max(norms) / min(norms) < 100  # the first layer still learns


@pytest.mark.parametrize("activation", ["sigmoid", "tanh"])
def test_huge_pre_activations_saturate_without_warnings(activation):
    weights = [np.array([[1e300, -1e300, 0.0], [3.0, 1.0, 1e305]]), np.array([[1e200, 1.0, 0]])]
    Z, Y = np.array([[1.0, -2.0], [0.5, 3.0]]), np.array([[0.0, 1.0]])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        loss, grads = loss_and_grad(weights, Z, Y, activation)
        outputs = forward(weights, Z, activation)
    assert np.isfinite(loss) and all(np.all(np.isfinite(g)) for g in grads)
    assert np.isin(outputs[1], [-1.0, 0.0, 1.0]).all()


def test_numerical_gradient_is_exact_on_a_quadratic_and_leaves_x_alone():
    rng = np.random.default_rng(4)
    A = rng.normal(size=(6, 6))
    x = rng.normal(size=(2, 3))
    before = x.copy()
    g = numerical_gradient(lambda v: float(v.ravel() @ A @ v.ravel()), x)
    np.testing.assert_allclose(g.ravel(), (A + A.T) @ x.ravel(), rtol=1e-8)
    np.testing.assert_array_equal(x, before)
    assert numerical_gradient(lambda v: float(np.sin(v)), 0.3) == pytest.approx(np.cos(0.3))
    cube = numerical_gradient(lambda v: float(np.sum(v**3)), np.ones((2, 2, 2)), eps=1e-4)
    np.testing.assert_allclose(cube, 3.0, rtol=1e-7)


# --- a wide layer, one sample, bad numbers in any argument --------------------------
# (these were the checks of the fast paths lib.network once took for wide layers and few
# samples; the paths are gone, and the same answers and refusals are still owed)

WIDE = [128, 130, 3]  # X_1 is 130 x 129: wide enough that a dense chain is real work


def wide_problem(n, seed=0):
    rng = np.random.default_rng(seed)
    weights = init_weights(WIDE, seed=seed)
    return weights, rng.normal(size=(WIDE[0], n)), rng.uniform(size=(WIDE[-1], n))


@pytest.mark.parametrize("n", [1, 2])
def test_a_wide_layer_agrees_with_the_jacobian_chain(n):
    weights, Z, Y = wide_problem(n)
    loss, grads = loss_and_grad(weights, Z, Y)
    loss_j, grads_j = loss_and_grad_jacobian(weights, Z, Y)
    assert loss == pytest.approx(loss_j, rel=1e-13)
    for g, h in zip(grads, grads_j, strict=True):
        np.testing.assert_allclose(g, h, rtol=1e-10, atol=1e-15)


def test_one_sample_is_a_batch_of_one():
    weights, Z, Y = wide_problem(1)
    loss, grads = loss_and_grad(weights, Z[:, 0], Y[:, 0])
    loss2, grads2 = loss_and_grad(weights, np.hstack([Z, Z]), np.hstack([Y, Y]))
    assert loss == pytest.approx(loss2, rel=1e-14)
    for g, h in zip(grads, grads2, strict=True):
        np.testing.assert_allclose(g, h, rtol=1e-12, atol=1e-16)


def test_gradients_are_separate_arrays_of_the_weights_shapes():
    weights, Z, Y = wide_problem(1)
    _, grads = loss_and_grad(weights, Z, Y)
    for g, X in zip(grads, weights, strict=True):
        assert g.shape == X.shape and g.flags.c_contiguous
    assert not np.shares_memory(grads[0], grads[1])


@pytest.mark.parametrize("bad", [np.nan, np.inf, -np.inf])
@pytest.mark.parametrize("layer", [0, 1])
@pytest.mark.parametrize("zeros_in_input", [False, True])
def test_one_bad_weight_is_named(bad, layer, zeros_in_input):
    weights, Z, Y = wide_problem(1)
    if zeros_in_input:  # inf * 0 = NaN: a product with [z; 1] cannot vouch for X_1
        Z[::3] = 0.0
    weights[layer][1, 7] = bad
    for call in (
        lambda: loss_and_grad(weights, Z, Y),
        lambda: forward(weights, Z),
        lambda: loss_and_grad_jacobian(weights, Z, Y),
    ):
        with pytest.raises(ValueError, match=rf"weights\[{layer}\] must contain only finite"):
            call()


def test_a_bad_weight_where_the_input_is_zero_is_still_found():
    weights, Z, Y = wide_problem(1)
    Z[5] = 0.0
    weights[0][2, 5] = np.inf  # inf * 0 is NaN, but a skipped product would hide it
    with pytest.raises(ValueError, match=r"weights\[0\] must contain only finite"):
        loss_and_grad(weights, Z, Y)


def test_an_overflowing_gradient_with_a_finite_loss_is_reported():
    # finite loss (about 1e140) but dl/dX_1 = delta_1 [z; 1]^T about 1e190 * 1e200
    weights, Z, Y = wide_problem(1)
    weights[0][:] = 1e-250
    weights[1][:] = 1e120
    loss, _ = loss_and_grad(weights, Z, Y, "identity")  # moderate inputs: fine
    assert np.isfinite(loss)
    with pytest.raises(ValueError, match="too large in magnitude"):
        loss_and_grad(weights, 1e200 * Z, Y, "identity")


SMALL = init_weights([3, 4, 2], seed=0)
SMALL_Z = np.random.default_rng(0).normal(size=(3, 5))
SMALL_Y = np.random.default_rng(1).normal(size=(2, 5))


def _spoiled(argument, bad):
    """(weights, Z, Y) with one entry of ``argument`` replaced by ``bad``."""
    weights, Z, Y = [X.copy() for X in SMALL], SMALL_Z.copy(), SMALL_Y.copy()
    target = {"weights[0]": weights[0], "weights[1]": weights[1], "Z": Z, "Y": Y}[argument]
    target[1, 2] = bad
    return weights, Z, Y


@pytest.mark.parametrize("bad", [np.nan, np.inf, -np.inf])
@pytest.mark.parametrize("argument", ["weights[0]", "weights[1]", "Z", "Y"])
def test_nan_and_inf_are_refused_naming_the_argument(argument, bad):
    weights, Z, Y = _spoiled(argument, bad)
    pattern = re.escape(argument) + " must contain only finite numbers"
    with pytest.raises(ValueError, match=pattern):
        loss_and_grad(weights, Z, Y)
    with pytest.raises(ValueError, match=pattern):
        loss_and_grad_jacobian(weights, Z, Y)
    if argument != "Y":  # forward takes no targets
        with pytest.raises(ValueError, match=pattern):
            forward(weights, Z)


@pytest.mark.parametrize("scale", [1e80, 1e155, 1e200, 1e300])
def test_overflow_from_huge_weights_is_an_error_never_a_nan(scale):
    # identity layers never saturate: w_2 is about scale^2 and the loss about scale^4
    weights = [scale * X for X in SMALL]
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no RuntimeWarning from numpy either
        with pytest.raises(ValueError, match="weights, Z or Y are too large in magnitude"):
            loss_and_grad(weights, SMALL_Z, SMALL_Y, "identity")
        # the dense chain may meet the overflow in its forward pass, which has no Y
        with pytest.raises(ValueError, match=r"weights(, Z or Y| or Z) are too large"):
            loss_and_grad_jacobian(weights, SMALL_Z, SMALL_Y, "identity")
        try:
            outputs = forward(weights, SMALL_Z, "identity")
        except ValueError as err:
            assert "weights or Z are too large in magnitude" in str(err)
        else:  # the outputs alone may still fit in float64 (1e80 * 1e80)
            assert all(np.isfinite(output).all() for output in outputs)
