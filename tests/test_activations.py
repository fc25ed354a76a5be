"""Activations: values against independent formulas, derivatives against finite differences."""

import math
import warnings

import numpy as np
import pytest

from lib.activations import (
    ACTIVATIONS,
    Activation,
    get_activations,
    identity_derivative,
    relu,
    relu_derivative,
    sigmoid,
    sigmoid_derivative,
    tanh,
    tanh_derivative,
)

NAMES = ["identity", "relu", "sigmoid", "tanh"]


def _points(name):
    w = np.linspace(-8.0, 8.0, 401)
    if name == "relu":  # the kink at 0 has no derivative; stay away from it
        w = w[np.abs(w) > 1e-3]
    return w


@pytest.mark.parametrize("name", NAMES)
def test_derivative_matches_central_differences(name):
    act = ACTIVATIONS[name]
    w, h = _points(name), 1e-6
    numeric = (act.function(w + h) - act.function(w - h)) / (2 * h)
    np.testing.assert_allclose(act.derivative(w), numeric, rtol=1e-7, atol=1e-9)


def _central_difference(function, w, h=1e-6):
    return (function(w + h) - function(w - h)) / (2 * h)


@pytest.mark.parametrize("name", NAMES)
def test_slope_at_the_output_matches_central_differences(name):
    # slope(o) is sigma'(w) written through o = sigma(w): the form backpropagation uses
    act = ACTIVATIONS[name]
    w = _points(name)
    numeric = _central_difference(act.function, w)
    np.testing.assert_allclose(act.slope(act.function(w)), numeric, rtol=1e-7, atol=1e-9)


@pytest.mark.parametrize(
    ("name", "closed_form"),
    [
        # sigma'(w) = e^(-|w|) / (1 + e^(-|w|))^2, the form that never overflows
        ("sigmoid", lambda w: np.exp(-np.abs(w)) / (1 + np.exp(-np.abs(w))) ** 2),
        ("tanh", lambda w: 1 - np.tanh(w) ** 2),
        ("relu", lambda w: np.where(w > 0, 1.0, 0.0)),
        ("identity", np.ones_like),
    ],
)
def test_derivative_is_the_closed_form(name, closed_form):
    act = ACTIVATIONS[name]
    w = np.concatenate([np.linspace(-30.0, 30.0, 241), [-1.0, 0.0, 1.0]])
    # atol: where sigma is near 1, o (1 - o) is exact only to the round-off of o (~1e-16)
    np.testing.assert_allclose(act.derivative(w), closed_form(w), rtol=1e-12, atol=3e-16)
    assert act.derivative(w).shape == w.shape


def test_sigmoid_at_plus_and_minus_a_thousand_gives_no_warning():
    w = np.array([-1000.0, 1000.0])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        values = sigmoid(w)
        slopes = sigmoid_derivative(w)
        slopes_at_output = ACTIVATIONS["sigmoid"].slope(values)
    np.testing.assert_array_equal(values, [0.0, 1.0])
    np.testing.assert_array_equal(slopes, 0.0)
    np.testing.assert_array_equal(slopes_at_output, 0.0)


def test_values_match_textbook_formulas():
    w = np.linspace(-30.0, 30.0, 121)
    np.testing.assert_allclose(sigmoid(w), [1 / (1 + math.exp(-v)) for v in w], rtol=1e-14)
    np.testing.assert_allclose(tanh(w), [math.tanh(v) for v in w], rtol=1e-14)
    np.testing.assert_array_equal(relu(w), [max(v, 0.0) for v in w])
    np.testing.assert_allclose(ACTIVATIONS["identity"].function(w), w)


def test_sigmoid_keeps_relative_precision_in_the_far_negative_tail():
    w = np.array([-40.0, -300.0, -700.0])
    exact = [math.exp(v) / (1 + math.exp(v)) for v in w]
    np.testing.assert_allclose(sigmoid(w), exact, rtol=1e-14)
    np.testing.assert_allclose(sigmoid_derivative(w), exact, rtol=1e-13)  # sigma' ~ e^w here


@pytest.mark.parametrize("name", NAMES)
def test_huge_and_infinite_inputs_give_no_warning(name):
    act = ACTIVATIONS[name]
    w = np.array([-np.inf, -1e308, -800.0, -710.0, 0.0, 710.0, 800.0, 1e308, np.inf])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        values, slopes = act.function(w), act.derivative(w)
        act.slope(values)
    if name in ("sigmoid", "tanh"):
        low = 0.0 if name == "sigmoid" else -1.0
        np.testing.assert_array_equal(values[[0, 1, 2, -3, -2, -1]], [low] * 3 + [1.0] * 3)
        np.testing.assert_array_equal(slopes[[0, 1, 2, -3, -2, -1]], 0.0)
    assert not np.isnan(values).any()


def test_tanh_derivative_is_one_minus_square():
    w = np.array([-3.0, -0.5, 0.0, 0.25, 2.0])
    np.testing.assert_allclose(tanh_derivative(w), 1 / np.cosh(w) ** 2, rtol=1e-13)


@pytest.mark.parametrize("name", NAMES)
def test_function_returns_a_new_array_and_leaves_w_alone(name):
    act = ACTIVATIONS[name]
    w = np.linspace(-3, 3, 7)
    before = w.copy()
    values = act.function(w)
    assert values is not w and not np.shares_memory(values, w)
    np.testing.assert_array_equal(w, before)


def test_the_named_derivatives_are_the_registry_methods():
    w = np.linspace(-4, 4, 9)
    for name, derivative in [
        ("sigmoid", sigmoid_derivative),
        ("tanh", tanh_derivative),
        ("relu", relu_derivative),
        ("identity", identity_derivative),
    ]:
        np.testing.assert_array_equal(derivative(w), ACTIVATIONS[name].derivative(w))


def test_scalars_and_lists_are_accepted():
    assert float(sigmoid(0)) == 0.5
    np.testing.assert_allclose(tanh([0.0, 1.0]), [0.0, math.tanh(1.0)])


def test_get_activations_resolves_a_name_for_every_layer():
    acts = get_activations("tanh", 3)
    assert [a.name for a in acts] == ["tanh"] * 3
    assert all(isinstance(a, Activation) for a in acts)


def test_get_activations_resolves_a_per_layer_list():
    acts = get_activations(["relu", "sigmoid", ACTIVATIONS["identity"]], 3)
    assert [a.name for a in acts] == ["relu", "sigmoid", "identity"]
    assert acts[1].function is sigmoid


def test_unknown_name_lists_the_valid_ones():
    with pytest.raises(ValueError, match="activation") as info:
        get_activations("softmax", 2)
    for name in NAMES:
        assert name in str(info.value)
    with pytest.raises(ValueError, match=r"activation\[1\].*'sigmoid'"):
        get_activations(["tanh", "Sigmoid"], 2)


def test_wrong_length_or_type_names_activation():
    expected = r"activation must be a name or a list of 3 names.*got \['tanh', 'relu'\]"
    with pytest.raises(ValueError, match=expected):
        get_activations(["tanh", "relu"], 3)
    # neither a name nor a list: lib reports it with the list-length message (a ValueError)
    with pytest.raises((TypeError, ValueError), match="activation must be a name or a list"):
        get_activations(3, 2)
    with pytest.raises(TypeError, match=r"activation\[0\]"):
        get_activations([None], 1)
    with pytest.raises((TypeError, ValueError), match="num_layers"):
        get_activations("tanh", -1)


def test_registry_is_read_only():
    with pytest.raises(TypeError):
        ACTIVATIONS["sigmoid"] = ACTIVATIONS["relu"]


def test_activation_rejects_non_numeric_input():
    with pytest.raises(TypeError, match="w"):
        sigmoid("abc")
    with pytest.raises(TypeError, match="w"):
        tanh(np.array([1j]))
