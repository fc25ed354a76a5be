"""The predict-then-check questions and the exercise reference of chapters 6 and 7."""

import numpy as np
import pytest

import lib
from lib.teaching import answers, questions


def every_cost(widths):
    """The multiply-adds of every bracketing of the chain, by brute force."""

    def orders(top, bottom):
        if top == bottom:
            yield top
        for k in range(bottom, top):
            for upper in orders(top, k + 1):
                for lower in orders(k, bottom):
                    yield (upper, lower)

    return [lib.order_cost(widths, order) for order in orders(len(widths) - 1, 1)]


@pytest.mark.parametrize(
    ("widths", "right"),
    [
        ([256, 256, 8, 256, 256], "Neither end"),
        ([784, 256, 256, 10, 1], "From the left"),
        ([1, 256, 256, 784], "From the right"),
        ([3, 4, 3], "All orders cost the same"),
    ],
)
def test_chapter_6_the_cheapest_order_is_the_brute_force_minimum(widths, right):
    q = questions.cheapest_order_of_a_chain(widths)
    assert q.right.text.startswith(right)
    assert f"{min(every_cost(widths)):,} in the cheapest order" in q.right.why
    assert "<details" in q._repr_html_() and "Neither end" not in repr(q).split("\n")[0]


def test_chapter_7_the_sigmoid_factor_is_measured_on_the_network():
    rng = np.random.default_rng(0)
    widths = [8] * 20 + [1]
    weights = lib.init_weights(widths, seed=1)
    Z, Y = rng.normal(size=(8, 16)), rng.normal(size=(1, 16))
    q = questions.sigmoid_factor_per_layer(weights, Z, Y)
    # the factor, from the recursion run by hand with lib.layer_vjp
    acts = ["sigmoid"] * 19 + ["identity"]
    outputs = lib.forward(weights, Z, acts)
    delta = 2 / 16 * (outputs[-1] - Y)
    top = np.linalg.norm(delta)
    for i in range(20, 0, -1):
        delta, _ = lib.layer_vjp(weights[i - 1], outputs[i - 1], outputs[i], delta, acts[i - 1])
    factor = (np.linalg.norm(delta) / top) ** (1 / 20)
    assert factor < 0.3 and q.right.text.startswith("About 1/4")
    assert f"a factor {factor:.3f} per layer" in q.right.why
    with pytest.raises(ValueError, match="Z must have 8 rows"):
        questions.sigmoid_factor_per_layer(weights, Z[:3], Y)


def test_chapter_7_exercise_3_reference_is_the_first_layers_movement():
    rng = np.random.default_rng(1)
    weights = lib.init_weights([3, 4, 4, 1], seed=2)
    Z, Y = rng.normal(size=(3, 10)), rng.normal(size=(1, 10))
    got = answers.first_layer_movement(weights, Z, Y, 0.05, 20, "tanh")

    def grad(ws):
        return lib.loss_and_grad(ws, Z, Y, "tanh")[1]

    run = lib.gradient_descent(grad, weights, 0.05, 20)
    expected = np.linalg.norm(run.x[0] - weights[0]) / np.linalg.norm(weights[0])
    assert got == pytest.approx(expected, rel=1e-12)
