"""In which order to multiply the chain J_L ⋯ J_1 of eqs. (15) and (17): what each order costs.

J_i = dm_i/dm_{i-1} is p_i × p_{i-1}, and a (p × q)(q × r) product takes p·q·r multiply–adds.
Every order gives the same matrix (products are associative), at very different costs. An
order is a nested pair of layer numbers: ((3, 2), 1) is (J_3 J_2) J_1, from the left, the
order of reverse mode; (3, (2, 1)) is J_3 (J_2 J_1), from the right, that of forward mode.
The row vector ∂ℓ/∂m_L of (17) is one more factor: append the width 1 to the widths. The
cheapest order is the matrix-chain ordering problem, solved by dynamic programming.
Chapter 6 teaches this module.
"""

from __future__ import annotations

import numbers
from typing import NamedTuple

from lib.chain_rule import check_chain
from lib.checks import checked, layer_widths, nonnegative_int

widths_door = checked(lambda maths, widths, *rest: maths(layer_widths(widths), *rest))
depth_door = checked(lambda maths, depth: maths(nonnegative_int(depth, "depth", minimum=1)))


class OrderCosts(NamedTuple):
    """Multiply–adds of the chain (15) from the left (reverse) and right (forward), chapter 6."""

    reverse: int
    forward: int


class ChainOrder(NamedTuple):
    """An order of the chain (15) and its multiply–adds (chapter 6)."""

    cost: int
    order: int | tuple


@depth_door
def reverse_order(depth: int):
    """((J_L J_{L-1}) ⋯) J_1: the chain (15) from the left, as backpropagation does (chapter 6)."""
    order = depth
    for i in range(depth - 1, 0, -1):
        order = (order, i)
    return order


@depth_door
def forward_order(depth: int):
    """J_L (⋯ (J_2 J_1)): the chain (15) from the right, as forward mode does (chapter 6)."""
    order = 1
    for i in range(2, depth + 1):
        order = (i, order)
    return order


@widths_door
def chain_costs(widths) -> OrderCosts:
    """The cost of (15), chapter 6: p_L Σ_{i<L} p_i p_{i-1} from the left, p_0 Σ_{i>1} p_i p_{i-1}
    from the right.
    """
    p, L = widths, len(widths) - 1
    reverse = p[L] * sum(p[i] * p[i - 1] for i in range(1, L))  # a p_L-row block moves down
    forward = p[0] * sum(p[i] * p[i - 1] for i in range(2, L + 1))  # a p_0-column block moves up
    return OrderCosts(reverse, forward)


def _fold(order, depth: int, leaf, join):
    """Evaluate ``order`` bottom-up: ``leaf(i)`` for J_i, ``join(a, b, top, mid, bottom)`` for
    the product of a = J_top ⋯ J_mid and b = J_{mid-1} ⋯ J_bottom."""

    def walk(node):
        if isinstance(node, numbers.Integral) and not isinstance(node, bool):
            if 1 <= node <= depth:
                return leaf(int(node)), int(node), int(node)
        if not (isinstance(node, tuple) and len(node) == 2):
            raise ValueError(f"order must nest pairs of layer numbers 1..{depth}, got {node!r}")
        (a, top, mid), (b, below, bottom) = walk(node[0]), walk(node[1])
        if below != mid - 1:
            raise ValueError(f"order must keep the layers in the chain's order, got {node!r}")
        return join(a, b, top, mid, bottom), top, bottom

    value, top, bottom = walk(order)
    if (top, bottom) != (depth, 1):
        raise ValueError(f"order must cover layers {depth}..1, got {order!r} ({top}..{bottom})")
    return value


@widths_door
def order_cost(widths, order) -> int:
    """Multiply–adds of the chain J_L ⋯ J_1 of (15) multiplied in ``order`` (chapter 6)."""
    p = widths
    return _fold(
        order, len(p) - 1, lambda i: 0, lambda a, b, t, m, s: a + b + p[t] * p[m - 1] * p[s - 1]
    )


@checked(lambda maths, factors, order: maths(check_chain(factors), order))
def multiply_in_order(factors, order):
    """J_L ⋯ J_1 multiplied in ``order``; ``factors`` = [J_L, ..., J_1], as in (15) (chapter 6)."""
    depth = len(factors)
    return _fold(order, depth, lambda i: factors[depth - i], lambda a, b, *_: a @ b)


@widths_door
def cheapest_order(widths) -> ChainOrder:
    """The fewest multiply–adds for the chain (15) and an order that needs no more (chapter 6)."""
    p, L = widths, len(widths) - 1
    best = {(i, i): ChainOrder(0, i) for i in range(1, L + 1)}  # (a, b): J_b ⋯ J_a
    for length in range(2, L + 1):  # shorter sub-chains first, so each is solved once
        for a in range(1, L - length + 2):
            b = a + length - 1
            # split as (J_b ⋯ J_{k+1})(J_k ⋯ J_a): a p_b × p_k times a p_k × p_{a-1} matrix
            splits = [
                ChainOrder(
                    best[k + 1, b].cost + best[a, k].cost + p[b] * p[k] * p[a - 1],
                    (best[k + 1, b].order, best[a, k].order),
                )
                for k in range(a, b)
            ]
            best[a, b] = min(splits, key=lambda split: split.cost)
    return best[1, L]


def order_text(order) -> str:
    """An order of the chain (15) written out: ((3, 2), 1) as '(J3 J2) J1' (chapter 6)."""
    if isinstance(order, tuple) and len(order) == 2:
        return " ".join(
            f"({order_text(o)})" if isinstance(o, tuple) else order_text(o) for o in order
        )
    if isinstance(order, numbers.Integral) and not isinstance(order, bool) and order >= 1:
        return f"J{order}"
    raise ValueError(f"order must nest pairs of layer numbers, got {order!r}")
