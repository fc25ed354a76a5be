"""The order of the chain (chapter 6): multiply-add counts against hand formulas and against
counting real products, the dynamic programme against trying every bracketing."""

import itertools

import numpy as np
import pytest

import lib


def every_order(top, bottom):
    """Every bracketing of J_top ... J_bottom, by brute force."""
    if top == bottom:
        yield top
    for k in range(bottom, top):
        for upper in every_order(top, k + 1):
            for lower in every_order(k, bottom):
                yield (upper, lower)


def counted_product(widths, order, rng):
    """Multiply random factors of these shapes in ``order`` and add up a*b*c from the
    shapes actually multiplied: an independent count of the multiply-adds."""
    factors = {i: rng.normal(size=(widths[i], widths[i - 1])) for i in range(1, len(widths))}

    def walk(node):
        if isinstance(node, int):
            return factors[node], 0
        (a, ca), (b, cb) = walk(node[0]), walk(node[1])
        return a @ b, ca + cb + a.shape[0] * a.shape[1] * b.shape[1]

    return walk(order)


def test_brute_force_finds_the_catalan_numbers_of_bracketings():
    assert [len(list(every_order(n, 1))) for n in range(1, 8)] == [1, 1, 2, 5, 14, 42, 132]


@pytest.mark.parametrize("widths", [[3, 5], [3, 5, 4, 2], [784, 256, 256, 10, 1], [1, 9, 2, 7]])
def test_chain_costs_are_the_hand_formulas_and_the_counted_products(widths):
    costs = lib.chain_costs(widths)
    L = len(widths) - 1
    p = widths
    assert costs.reverse == p[L] * sum(p[i] * p[i - 1] for i in range(1, L))
    assert costs.forward == p[0] * sum(p[i] * p[i - 1] for i in range(2, L + 1))
    rng = np.random.default_rng(0)
    assert costs.reverse == counted_product(widths, lib.reverse_order(L), rng)[1]
    assert costs.forward == counted_product(widths, lib.forward_order(L), rng)[1]
    assert costs.reverse == lib.order_cost(widths, lib.reverse_order(L))
    assert costs.forward == lib.order_cost(widths, lib.forward_order(L))


def test_the_pure_orders_are_the_two_ends():
    assert lib.reverse_order(1) == lib.forward_order(1) == 1
    assert lib.reverse_order(3) == ((3, 2), 1)
    assert lib.forward_order(3) == (3, (2, 1))
    assert lib.order_text(lib.reverse_order(4)) == "((J4 J3) J2) J1"
    assert lib.order_text(lib.forward_order(4)) == "J4 (J3 (J2 J1))"
    assert lib.order_text(((4, 3), (2, 1))) == "(J4 J3) (J2 J1)"


@pytest.mark.parametrize("seed", range(30))
def test_cheapest_order_is_the_minimum_over_every_bracketing(seed):
    rng = np.random.default_rng(seed)
    widths = [int(w) for w in rng.integers(1, 60, size=int(rng.integers(2, 8)))]
    L = len(widths) - 1
    orders = list(every_order(L, 1))
    costs = [lib.order_cost(widths, order) for order in orders]
    best = lib.cheapest_order(widths)
    assert best.cost == min(costs)
    assert lib.order_cost(widths, best.order) == best.cost
    assert best.order in orders
    assert counted_product(widths, best.order, rng)[1] == best.cost


def test_a_wide_narrow_wide_chain_is_cheapest_from_the_middle():
    widths = [256, 256, 8, 256, 256]
    best = lib.cheapest_order(widths)
    assert best.order == ((4, 3), (2, 1))
    assert best.cost == 3 * 256 * 256 * 8
    assert best.cost < min(lib.chain_costs(widths)) / 10


def test_a_loss_is_cheapest_from_the_left():
    for widths in ([784, 256, 256, 10, 1], [100, 50, 50, 50, 1], [3, 5, 4, 2, 1]):
        assert lib.cheapest_order(widths).order == lib.reverse_order(len(widths) - 1)


@pytest.mark.parametrize("widths", [[2, 3], [3, 5, 4, 2], [6, 1, 6, 2, 5]])
def test_every_order_multiplies_to_the_same_matrix(widths):
    rng = np.random.default_rng(1)
    L = len(widths) - 1
    factors = [rng.normal(size=(widths[i], widths[i - 1])) for i in range(L, 0, -1)]
    reference = lib.chain_product(factors)
    for order in every_order(L, 1):
        np.testing.assert_allclose(lib.multiply_in_order(factors, order), reference, rtol=1e-12)


def test_counts_grow_with_the_end_they_carry():
    for p0, pL in itertools.product([1, 4, 64], repeat=2):
        costs = lib.chain_costs([p0, 32, 32, 32, pL])
        assert (costs.reverse < costs.forward) == (pL < p0)
        assert (costs.reverse == costs.forward) == (pL == p0)


@pytest.mark.parametrize(
    ("call", "error", "pattern"),
    [
        (lambda: lib.chain_costs([3]), ValueError, "widths must list at least p_0 and p_1"),
        (lambda: lib.chain_costs([3, 0, 2]), ValueError, r"widths\[1\] must be an integer >= 1"),
        (lambda: lib.chain_costs("34"), TypeError, "widths must be a list"),
        (lambda: lib.cheapest_order([2.5, 3]), TypeError, r"widths\[0\] must be an integer"),
        (lambda: lib.order_cost([2, 3, 4], (2, 3)), ValueError, "order must nest pairs"),
        (lambda: lib.order_cost([2, 3, 4], (1, 2)), ValueError, "keep the layers in the chain"),
        (
            lambda: lib.order_cost([2, 3, 4, 5], (2, 1)),
            ValueError,
            r"order must cover layers 3..1",
        ),
        (lambda: lib.order_cost([2, 3, 4], [2, 1]), ValueError, "order must nest pairs"),
        (lambda: lib.order_cost([2, 3, 4], (2, (1,))), ValueError, "order must nest pairs"),
        (lambda: lib.order_cost([2, 3, 4], (True, 1)), ValueError, "order must nest pairs"),
        (lambda: lib.reverse_order(0), ValueError, "depth must be an integer >= 1"),
        (lambda: lib.forward_order(2.0), TypeError, "depth must be an integer"),
        (lambda: lib.multiply_in_order([], 1), ValueError, "factors must be a non-empty list"),
        (
            lambda: lib.multiply_in_order([np.ones((2, 3)), np.ones((4, 5))], (2, 1)),
            ValueError,
            r"factors\[1\] must have 3 rows",
        ),
        (lambda: lib.multiply_in_order([np.ones(3)], 1), ValueError, r"factors\[0\] must have 2"),
        (lambda: lib.order_text("J1"), ValueError, "order must nest pairs"),
    ],
)
def test_bad_input_names_the_argument(call, error, pattern):
    with pytest.raises(error, match=pattern):
        call()
