"""Gradients through many layers (chapter 7): the norms against backpropagation and finite
differences, the bound against the singular values, and the weights' movement."""

import numpy as np
import pytest

import lib


def deep_problem(depth=12, width=6, n=5, seed=0):
    rng = np.random.default_rng(seed)
    Z = rng.normal(size=(width, n))
    Y = rng.normal(size=(1, n))
    return lib.init_weights([width] * depth + [1], seed=seed), Z, Y


@pytest.mark.parametrize("name", ["sigmoid", "tanh", "relu", "identity"])
@pytest.mark.parametrize("scale", [0.5, 1.0, 3.0])
def test_weight_gradient_norms_are_those_of_backpropagation(name, scale):
    weights, Z, Y = deep_problem()
    weights = [scale * X for X in weights]
    acts = [name] * (len(weights) - 1) + ["identity"]
    norms = lib.gradient_norms(weights, Z, Y, acts)
    grads = lib.loss_and_grad(weights, Z, Y, acts)[1]
    np.testing.assert_allclose(norms.weights, [np.linalg.norm(g) for g in grads], rtol=1e-12)
    assert norms.outputs.shape == (len(weights) + 1,) and norms.bounds.shape == (len(weights),)


@pytest.mark.parametrize("name", ["sigmoid", "tanh"])
def test_the_row_vector_norms_match_finite_differences(name):
    weights, Z, Y = deep_problem(depth=4, width=3, n=2)
    acts = [name] * 3 + ["identity"]
    norms = lib.gradient_norms(weights, Z, Y, acts)

    def loss_of_output(j, m_j):  # the loss as a function of layer j's output m_j
        outputs = [m_j]
        for X, act in zip(weights[j:], acts[j:], strict=True):
            outputs.append(lib.layer_forward(X, outputs[-1], act)[0])
        return np.mean(np.sum((outputs[-1] - Y) ** 2, axis=0))

    outputs = lib.forward(weights, Z, acts)
    for j in range(5):  # δ_0 = dl/dZ, ..., δ_L
        fd = lib.numerical_gradient(lambda m, j=j: loss_of_output(j, m), outputs[j])
        np.testing.assert_allclose(norms.outputs[j], np.linalg.norm(fd), rtol=1e-6)


@pytest.mark.parametrize("name", ["sigmoid", "tanh", "relu"])
@pytest.mark.parametrize("seed", range(4))
def test_the_bound_holds_and_is_max_slope_times_the_largest_singular_value(name, seed):
    weights, Z, Y = deep_problem(seed=seed)
    weights = [(0.5 + seed) * X for X in weights]
    acts = [name] * (len(weights) - 1) + ["identity"]
    norms = lib.gradient_norms(weights, Z, Y, acts)
    singular = [np.linalg.svd(X[:, :-1], compute_uv=False)[0] for X in weights]
    slopes = [lib.MAX_SLOPE[a] for a in acts]
    np.testing.assert_allclose(norms.bounds, np.multiply(slopes, singular), rtol=1e-12)
    assert np.all(norms.outputs[:-1] <= norms.bounds * norms.outputs[1:] * (1 + 1e-12))


def test_max_slope_is_the_largest_derivative_on_a_fine_grid():
    grid = np.linspace(-10, 10, 200_001)
    for name, largest in lib.MAX_SLOPE.items():
        assert np.isclose(lib.ACTIVATIONS[name].derivative(grid).max(), largest, rtol=1e-8)


def test_sigmoid_vanishes_and_tanh_keeps_the_scale_of_init_weights():
    weights, Z, Y = deep_problem(depth=30, width=16, n=32, seed=3)

    def factor(name):
        acts = [name] * 29 + ["identity"]
        n = lib.gradient_norms(weights, Z, Y, acts)
        return (n.outputs[0] / n.outputs[-1]) ** (1 / 30)

    assert factor("sigmoid") < 0.3
    assert 0.8 < factor("tanh") < 1.2


def test_one_sample_works_like_a_batch_of_one():
    weights, Z, Y = deep_problem()
    one = lib.gradient_norms(weights, Z[:, 0], Y[:, 0], "tanh")
    batch = lib.gradient_norms(weights, Z[:, :1], Y[:, :1], "tanh")
    np.testing.assert_allclose(one.outputs, batch.outputs, rtol=1e-13)
    np.testing.assert_allclose(one.weights, batch.weights, rtol=1e-13)


def test_relative_movement_is_the_change_over_the_size():
    rng = np.random.default_rng(0)
    before = [rng.normal(size=(3, 4)), rng.normal(size=(2, 4))]
    after = [before[0] + 0.1 * before[0], before[1].copy()]
    np.testing.assert_allclose(lib.relative_movement(before, after), [0.1, 0.0], atol=1e-15)
    run = lib.train(*deep_problem(depth=3), 0.05, 10, "tanh")
    moved = lib.relative_movement(run.xs[0], run.x)
    for k, (X0, X1) in enumerate(zip(run.xs[0], run.x, strict=True)):
        assert moved[k] == pytest.approx(np.sqrt(np.sum((X1 - X0) ** 2) / np.sum(X0**2)))


@pytest.mark.parametrize(
    ("call", "error", "pattern"),
    [
        (
            lambda w, Z, Y: lib.gradient_norms(w, Z, Y, lib.Activation("soft", abs, abs)),
            ValueError,
            "activation must be among",
        ),
        (lambda w, Z, Y: lib.gradient_norms(w, Z, Y[:, :2]), ValueError, "Y must have shape"),
        (lambda w, Z, Y: lib.gradient_norms(w, Z[None], Y), ValueError, "Z must have 1 or 2"),
        (lambda w, Z, Y: lib.relative_movement(w, w[:2]), ValueError, "same L >= 1 layers"),
        (lambda w, Z, Y: lib.relative_movement([], []), ValueError, "same L >= 1 layers"),
        (lambda w, Z, Y: lib.relative_movement(w[0], w[0]), TypeError, "lists of weight"),
        (
            lambda w, Z, Y: lib.relative_movement(w, [np.zeros((2, 2))] * len(w)),
            ValueError,
            r"after\[0\] must have the shape of before\[0\]",
        ),
        (
            lambda w, Z, Y: lib.relative_movement([np.zeros((2, 2))], [np.ones((2, 2))]),
            ValueError,
            r"before\[0\] must not be all zeros",
        ),
    ],
)
def test_bad_input_names_the_argument(call, error, pattern):
    with pytest.raises(error, match=pattern):
        call(*deep_problem(depth=3))
