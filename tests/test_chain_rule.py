"""Jacobians and the matrix chain rule against hand formulas, loops and finite differences."""

import numpy as np
import pytest

from lib.activations import ACTIVATIONS
from lib.chain_rule import (
    chain_factors,
    chain_product,
    chain_shapes,
    channel_terms,
)
from lib.finite_differences import numerical_jacobian
from lib.layers import layer_jacobian_input, layer_jacobian_weights
from lib.network import forward, init_weights

pytestmark = pytest.mark.filterwarnings("error")

NAMES = ["identity", "sigmoid", "tanh"]  # smooth everywhere, so finite differences apply


def test_numerical_jacobian_of_a_linear_map_is_its_matrix():
    rng = np.random.default_rng(0)
    A = rng.normal(size=(4, 3))
    b = rng.normal(size=4)
    J = numerical_jacobian(lambda x: A @ x + b, rng.normal(size=3))
    np.testing.assert_allclose(J, A, rtol=1e-8, atol=1e-9)


def test_numerical_jacobian_matches_a_hand_written_jacobian():
    def f(x):
        return np.array([x[0] * x[1] ** 2, np.sin(x[0]) + x[2], np.exp(x[1] * x[2])])

    def jacobian(x):
        e = np.exp(x[1] * x[2])
        return np.array(
            [
                [x[1] ** 2, 2 * x[0] * x[1], 0.0],
                [np.cos(x[0]), 0.0, 1.0],
                [0.0, x[2] * e, x[1] * e],
            ]
        )

    for x in np.random.default_rng(1).normal(size=(5, 3)):
        np.testing.assert_allclose(numerical_jacobian(f, x), jacobian(x), rtol=1e-7, atol=1e-8)


def test_numerical_jacobian_of_a_scalar_function_is_one_row_and_leaves_x_alone():
    x = np.array([1.0, -2.0, 0.5])
    before = x.copy()
    J = numerical_jacobian(lambda v: v @ v, x)
    assert J.shape == (1, 3)
    np.testing.assert_allclose(J[0], 2 * before, rtol=1e-8)
    np.testing.assert_array_equal(x, before)


def test_numerical_jacobian_uses_eps():
    # f(x) = x^3 has central difference 3x^2 + eps^2 exactly
    J = numerical_jacobian(lambda v: v**3, np.array([1.0]), eps=0.1)
    np.testing.assert_allclose(J, [[3.01]], rtol=1e-12)


@pytest.mark.parametrize(
    ("kwargs", "error", "pattern"),
    [
        ({"f": 3.0, "x": [1.0]}, TypeError, "f must be callable"),
        ({"f": np.sin, "x": [[1.0, 2.0]]}, ValueError, r"x must have 1 dimension.*\(1, 2\)"),
        ({"f": np.sin, "x": [np.nan]}, ValueError, "x must contain only finite"),
        ({"f": np.sin, "x": "abc"}, TypeError, "x must be a real numeric array"),
        ({"f": np.sin, "x": [1.0], "eps": 0.0}, ValueError, "eps must be a finite number > 0"),
        ({"f": np.sin, "x": [1.0], "eps": "small"}, TypeError, "eps must be a positive real"),
        ({"f": lambda v: np.ones((2, 2)), "x": [1.0]}, ValueError, r"f must return.*\(2, 2\)"),
        (
            {"f": lambda v: "text", "x": [1.0]},
            TypeError,
            "f must return a real scalar or 1-D vector, got str 'text'",
        ),
        (
            {"f": lambda v: np.ones(int(v[0] > 1) + 1), "x": [1.0]},
            ValueError,
            "f must return the same shape",
        ),  # noqa: E501
        (
            {"f": lambda v: np.array([np.inf if v[0] > 1 else 0.0]), "x": [1.0]},
            ValueError,
            "f is not finite near x",
        ),
    ],
)
def test_numerical_jacobian_refuses_bad_input(kwargs, error, pattern):
    with pytest.raises(error, match=pattern):
        numerical_jacobian(**kwargs)


def test_channel_terms_are_the_products_of_eq_14():
    rng = np.random.default_rng(2)
    dg_df, df_dx = rng.normal(size=(2, 5)), rng.normal(size=(5, 3))
    for i in range(2):
        for j in range(3):
            terms = channel_terms(dg_df, df_dx, i, j)
            assert terms.shape == (5,)
            for k in range(5):
                assert terms[k] == dg_df[i, k] * df_dx[k, j]
            # summed, they are the entry of the matrix product, computed by numpy
            assert abs(terms.sum() - (dg_df @ df_dx)[i, j]) < 1e-12


@pytest.mark.parametrize(
    ("args", "error", "pattern"),
    [
        (
            (np.ones((2, 3)), np.ones((4, 2)), 0, 0),
            ValueError,
            r"df_dx must have 3 rows.*\(4, 2\)",
        ),
        ((np.ones(3), np.ones((3, 2)), 0, 0), ValueError, "dg_df must have 2 dimension"),
        ((np.ones((2, 3)), np.ones((3, 2)), 2, 0), ValueError, "i must be an index below 2"),
        (
            (np.ones((2, 3)), np.ones((3, 2)), 0, -1),
            ValueError,
            r"j must be an integer >= 0, got -1",
        ),
        (
            (np.ones((2, 3)), np.ones((3, 2)), 0.5, 0),
            TypeError,
            r"i must be an integer >= 0, got float 0.5",
        ),
    ],
)
def test_channel_terms_refuses_bad_input(args, error, pattern):
    with pytest.raises(error, match=pattern):
        channel_terms(*args)


def test_chain_product_multiplies_left_to_right():
    rng = np.random.default_rng(3)
    factors = [rng.normal(size=s) for s in [(2, 4), (4, 5), (5, 3)]]
    # written out entry by entry, with no matrix product
    expected = np.zeros((2, 3))
    for i in range(2):
        for j in range(3):
            for a in range(4):
                for b in range(5):
                    expected[i, j] += factors[0][i, a] * factors[1][a, b] * factors[2][b, j]
    np.testing.assert_allclose(chain_product(factors), expected, rtol=1e-12)
    np.testing.assert_array_equal(chain_product(factors[:1]), factors[0])


@pytest.mark.parametrize(
    ("factors", "error", "pattern"),
    [
        # an empty list is refused as a TypeError now (it was a ValueError): either will do
        ([], (TypeError, ValueError), r"factors must be a non-empty list of 2-D arrays, got \[\]"),
        (np.ones((2, 2)), TypeError, "factors must be a non-empty list of 2-D arrays"),
        (
            [np.ones((2, 3)), np.ones((2, 3))],
            ValueError,
            r"factors\[1\] must have 3 rows.*\(2, 3\)",
        ),
        ([np.ones((2, 3)), np.ones(3)], ValueError, r"factors\[1\] must have 2 dimension"),
    ],
)
def test_chain_product_refuses_bad_input(factors, error, pattern):
    with pytest.raises(error, match=pattern):
        chain_product(factors)


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("widths", [[3, 2], [3, 5, 4, 2], [1, 6, 1], [2, 3, 3, 3, 4]])
def test_chain_with_respect_to_the_input_matches_finite_differences(name, widths):
    weights = init_weights(widths, seed=len(widths))
    z = np.random.default_rng(4).normal(size=widths[0])
    factors = chain_factors(weights, z, name)
    assert [J.shape for J in factors] == chain_shapes(widths).input_jacobians
    numeric = numerical_jacobian(lambda v: forward(weights, v, name)[-1], z)
    np.testing.assert_allclose(chain_product(factors), numeric, rtol=1e-6, atol=1e-9)


def test_one_layer_chain_is_diag_sigma_prime_times_the_weight_block():
    rng = np.random.default_rng(5)
    X, z = rng.normal(size=(3, 5)), rng.normal(size=4)
    w = X[:, :-1] @ z + X[:, -1]
    expected = np.diag(ACTIVATIONS["tanh"].derivative(w)) @ X[:, :-1]
    (factor,) = chain_factors([X], z, "tanh")
    np.testing.assert_allclose(factor, expected, rtol=1e-12)


@pytest.mark.parametrize("name", NAMES)
def test_chain_with_respect_to_each_layers_weights_matches_finite_differences(name):
    widths = [3, 4, 5, 2]
    weights = init_weights(widths, seed=6)
    z = np.random.default_rng(6).normal(size=3)
    for j in range(1, len(weights) + 1):
        factors = chain_factors(weights, z, name, wrt=j)
        assert len(factors) == len(weights) - j + 1
        assert factors[-1].shape == (widths[j], weights[j - 1].size)

        def model(x, j=j):
            trial = list(weights)
            trial[j - 1] = x.reshape(weights[j - 1].shape)
            return forward(trial, z, name)[-1]

        numeric = numerical_jacobian(model, weights[j - 1].ravel())
        np.testing.assert_allclose(chain_product(factors), numeric, rtol=1e-6, atol=1e-9)


def test_chain_factors_evaluates_each_layer_at_its_own_input():
    weights = init_weights([2, 3, 2], seed=7)
    z = np.array([0.3, -1.2])
    outputs = forward(weights, z, "sigmoid")
    factors = chain_factors(weights, z, "sigmoid", wrt=1)
    np.testing.assert_array_equal(factors[0], layer_jacobian_input(weights[1], outputs[1]))
    np.testing.assert_array_equal(factors[1], layer_jacobian_weights(weights[0], outputs[0]))


W = init_weights([3, 4, 2], seed=0)


@pytest.mark.parametrize(
    ("args", "kwargs", "error", "pattern"),
    [
        ((W, np.ones((3, 2))), {}, ValueError, r"z must be one sample.*\(3, 2\)"),
        ((W, np.ones(4)), {}, ValueError, "Z must have 3 rows"),
        (
            (W, np.ones(3)),
            {"wrt": 0},
            ValueError,
            r"wrt must be 'input' or a layer number j in 1..2",
        ),
        ((W, np.ones(3)), {"wrt": 3}, ValueError, "wrt must be"),
        ((W, np.ones(3)), {"wrt": True}, ValueError, "wrt must be"),
        ((W, np.ones(3)), {"wrt": "weights"}, ValueError, "wrt must be"),
        (
            ([W[0], np.ones((2, 3))], np.ones(3)),
            {},
            ValueError,
            r"weights\[1\] must have shape \(p_2, p_1 \+ 1\).*to follow the layer before it",
        ),
        ((W, np.ones(3), "softmax"), {}, ValueError, "activation must be one of"),
    ],
)
def test_chain_factors_refuses_bad_input(args, kwargs, error, pattern):
    with pytest.raises(error, match=pattern):
        chain_factors(*args, **kwargs)


def test_chain_shapes_are_the_shapes_lib_builds():
    widths = [3, 5, 1, 4]
    weights = init_weights(widths, seed=8)
    z = np.ones(3)
    shapes = chain_shapes(widths)
    assert shapes.depth == 3
    assert shapes.input_jacobians == [J.shape for J in chain_factors(weights, z)]
    assert shapes.weight_jacobians == [
        chain_factors(weights, z, wrt=j)[-1].shape for j in range(len(weights), 0, -1)
    ]
    assert shapes.num_weights == sum(X.size for X in weights)
    assert shapes.model_input == chain_product(chain_factors(weights, z)).shape
    assert shapes.model_weights == (4, sum(X.size for X in weights))


def test_chain_shapes_count_exactly_for_huge_widths():
    p = 10**6
    shapes = chain_shapes([p, p, p])
    assert shapes.num_weights == 2 * p * (p + 1)  # Python ints: no float64 rounding
    assert shapes.model_weights[0] * shapes.model_weights[1] == 2 * p**2 * (p + 1)


@pytest.mark.parametrize(
    ("widths", "error", "pattern"),
    [
        ("34", TypeError, "widths must be a list of layer widths"),
        (7, TypeError, "widths must be a list"),
        ([3], ValueError, r"widths must list at least p_0 and p_1, got \[3\]"),
        ([3, 0], ValueError, r"widths\[1\] must be an integer >= 1, got 0"),
        ([3, 2.5], TypeError, r"widths\[1\] must be an integer >= 1, got float 2.5"),
        ([True, 2], TypeError, r"widths\[0\] must be an integer >= 1, got bool True"),
    ],
)
def test_chain_shapes_refuses_bad_widths(widths, error, pattern):
    with pytest.raises(error, match=pattern):
        chain_shapes(widths)
