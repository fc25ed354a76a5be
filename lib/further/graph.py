"""Reverse mode on a graph: nodes, a topological order, and gradients that add up (chapter 9).

A :class:`Node` holds a value (a numpy array or a number), the nodes it was computed
from, and its vector-Jacobian product: given ∂ℓ/∂(this node), the contributions to
∂ℓ/∂(each parent). :func:`backward` visits the nodes in reverse topological order and
*adds up* what reaches a node from every place it is used: the lecture's sum over
channels (14), seen on a graph. A chain of layers (16) is the special case in which every
value is used once.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from lib.checks import as_real_array


@dataclass(eq=False)
class Node:
    """A value of the graph, its ``parents`` and its ``vjp`` (section 5, chapter 9)."""

    value: np.ndarray
    parents: tuple[Node, ...] = field(default=(), repr=False)
    vjp: Callable | None = field(default=None, repr=False)  # G -> (one per parent, ...)
    name: str = ""  # the operation's, or the variable's own
    grad: np.ndarray | None = field(default=None, repr=False)


def variable(value, name: str = "") -> Node:
    """A leaf: an input or a weight, whose gradient :func:`backward` finds (section 5, ch. 9)."""
    return Node(as_real_array(value, name or "value", ndim=(0, 1, 2)), name=name)


def operation(num_nodes: int):
    """An operation's first ``num_nodes`` arguments must be Nodes (section 5, chapter 9)."""

    def wrap(function):
        @functools.wraps(function)
        def checked(*args):
            for i, arg in enumerate(args[:num_nodes]):
                if not isinstance(arg, Node):
                    raise TypeError(
                        f"{function.__name__}: argument {i} must be a Node (from "
                        f"lib.further.graph.variable), got {arg!r:.60}"
                    )
            return function(*args)

        return checked

    return wrap


# --- reverse mode ---------------------------------------------------------------------------


def topological_order(output: Node) -> list[Node]:
    """Every node ``output`` depends on, each after its parents (section 5, chapter 9)."""
    order, seen, stack = [], set(), [(output, False)]
    while stack:  # a loop, not recursion: a deep chain must not hit Python's recursion limit
        node, parents_done = stack.pop()
        if parents_done:
            order.append(node)
        elif id(node) not in seen:
            seen.add(id(node))
            stack.append((node, True))
            stack.extend((p, False) for p in node.parents if id(p) not in seen)
    return order


def backward_steps(output: Node):
    """Reverse mode one node at a time: yield each node once its VJP has sent its gradient
    on to its parents, adding up where a node is used twice (eq. 14, section 5, chapter 9)."""
    if not isinstance(output, Node) or np.ndim(output.value) != 0:
        raise ValueError(f"output must be a Node holding one number (a loss), got {output!r:.60}")
    order = topological_order(output)
    for node in order:
        node.grad = None
    output.grad = np.ones_like(output.value)
    for node in reversed(order):  # a node's users have all run: its grad is complete
        if node.vjp is None:
            continue
        for parent, contribution in zip(node.parents, node.vjp(node.grad), strict=True):
            parent.grad = contribution if parent.grad is None else parent.grad + contribution
        yield node


def backward(output: Node) -> list[Node]:
    """Set each ``grad`` to ∂output/∂node; return the nodes whose VJP ran (eq. 14, chapter 9)."""
    return list(backward_steps(output))


def count_paths(output: Node, leaf: Node) -> int:
    """How many paths lead from ``leaf`` to ``output``: the terms of the sum (14), chapter 9."""
    paths = {id(leaf): 1}
    for node in topological_order(output):
        if node is not leaf:
            paths[id(node)] = sum(paths.get(id(p), 0) for p in node.parents)
    return paths.get(id(output), 0)


def count_edges(output: Node) -> int:
    """The edges below ``output``: the VJPs :func:`backward` evaluates (section 5, ch. 9)."""
    return sum(len(node.parents) for node in topological_order(output))
