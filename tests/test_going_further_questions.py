"""The predict-then-check questions and the exercise reference of chapters 6 and 7."""

import numpy as np
import pytest
from test_chain_order import every_order  # the brute force both files check against

import lib
from lib.teaching import answers, questions


def every_cost(widths):
    """The multiply-adds of every bracketing of the chain, by brute force."""
    return [lib.order_cost(widths, order) for order in every_order(len(widths) - 1, 1)]


def holds(order, product):
    """Whether ``order`` multiplies ``product`` (a pair of layer numbers) on its way."""
    return order == product or (
        isinstance(order, tuple) and (holds(order[0], product) or holds(order[1], product))
    )


@pytest.mark.parametrize(
    ("widths", "right"),
    [
        ([256, 256, 8, 256, 256], "From both ends towards the narrow layer"),
        ([10, 1000, 10, 1000, 10], "From both ends towards the narrow layer"),
        ([784, 256, 256, 10, 1], "From the left"),
        ([2, 1, 1000, 3], "From the left"),  # fewer inputs than outputs, yet the left wins
        ([1, 256, 256, 784], "From the right"),
        ([3, 4, 3], "All orders cost the same"),
    ],
)
def test_chapter_6_the_cheapest_order_is_the_brute_force_minimum(widths, right):
    q = questions.cheapest_order_of_a_chain(widths)
    assert q.right.text.startswith(right)
    assert f"costs {min(every_cost(widths)):,}, as the dynamic programming" in q.right.why
    assert "<details" in q._repr_html_() and right not in repr(q).split("\n")[0]


def test_chapter_6_the_bottleneck_is_crossed_last_not_first():
    widths = [256, 256, 8, 256, 256]
    q = questions.cheapest_order_of_a_chain(widths)
    orders = list(every_order(4, 1))
    # the cheapest bracketing, by brute force, first forms J4 J3 and J2 J1 (each holds an
    # end of the chain) and joins them across p_2 = 8 last
    best = min(orders, key=lambda order: lib.order_cost(widths, order))
    assert best == ((4, 3), (2, 1))
    # every order that multiplies J3 J2 first costs more than either end
    middle = [o for o in orders if holds(o, (3, 2))]
    ends = 256 * (256 * 256 + 8 * 256 + 256 * 8)  # p_L(p_1 p_0 + ...), forward the same
    assert all(lib.order_cost(widths, o) > ends for o in middle)
    first = next(c for c in q.choices if c.text.startswith("Start at the narrow layer"))
    assert not first.right
    assert f"costs {min(lib.order_cost(widths, o) for o in middle):,}." in first.why
    assert "256 × 256 block" in first.why


def test_chapter_6_a_cheapest_order_the_question_does_not_offer_is_refused():
    widths = [2, 2, 2, 100, 20, 100]  # the narrowest inner width sits next to an end
    best = min(every_cost(widths))
    assert best < min(lib.chain_costs(widths))
    with pytest.raises(ValueError, match="is none of the offered orders"):
        questions.cheapest_order_of_a_chain(widths)


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
    # the mean slope it quotes: σ′ of the pre-activations w of the hidden layers, by lib
    layer_input, slopes = Z, []
    for X in weights[:-1]:
        layer_input, w = lib.layer_forward(X, layer_input, "sigmoid")
        slopes.append(lib.sigmoid_derivative(w).mean())
    assert f"average {np.mean(slopes):.3f} here" in q.right.why
    assert np.mean(slopes) <= 0.25 and abs(factor / np.mean(slopes) - 1) < 0.3
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
