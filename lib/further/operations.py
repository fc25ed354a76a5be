# ruff: noqa: E741  (O is the lecture's name for a layer input)
"""The operations of :mod:`lib.further.graph`: each forward value beside its VJP (chapter 9).

A VJP takes G = (∂ℓ/∂output)ᵀ, shaped like the output, and returns one contribution per
input; :func:`lib.further.graph.backward` adds up the contributions a node receives. A
node is named after its operation (``"matmul"``, ``"add"``, ...), a variable by its caller.
"""

from __future__ import annotations

import numpy as np

from lib import activations
from lib.further.graph import Node, operation, topological_order, variable


@operation(2)
def matmul(A: Node, B: Node) -> Node:
    """A B; its VJP sends G to (G Bᵀ, Aᵀ G): the matrix chain rule (13), chapters 5 and 9."""
    if A.value.ndim != 2 or B.value.ndim not in (1, 2) or A.value.shape[1] != B.value.shape[0]:
        raise ValueError(
            f"matmul needs A (p x q) and B (q x ...), got {A.value.shape}, {B.value.shape}"
        )
    a, b = A.value, B.value

    def vjp(g):
        return (np.outer(g, b) if b.ndim == 1 else g @ b.T), a.T @ g

    return Node(a @ b, (A, B), vjp, "matmul")


@operation(2)
def add(A: Node, B: Node) -> Node:
    """A + B of one shape; add passes G on to both inputs unchanged (eq. 13, chapter 9)."""
    _one_shape(A, B, "add")
    return Node(A.value + B.value, (A, B), lambda g: (g, g), "add")


@operation(2)
def subtract(A: Node, B: Node) -> Node:
    """A − B of one shape; G goes to A as it is, to B with its sign flipped (eq. 13, chapter 9)."""
    _one_shape(A, B, "subtract")
    return Node(A.value - B.value, (A, B), lambda g: (g, -g), "subtract")


@operation(2)
def multiply(A: Node, B: Node) -> Node:
    """A ⊙ B of one shape; multiply swaps: A gets G ⊙ B, B gets G ⊙ A (eq. 13, chapter 9)."""
    _one_shape(A, B, "multiply")
    a, b = A.value, B.value
    return Node(a * b, (A, B), lambda g: (g * b, g * a), "multiply")


@operation(2)
def maximum(A: Node, B: Node) -> Node:
    """max(A, B) entry by entry; max routes G to the larger input, A on a tie (eq. 13, ch. 9)."""
    _one_shape(A, B, "maximum")
    a_wins = A.value >= B.value
    value = np.maximum(A.value, B.value)
    return Node(value, (A, B), lambda g: (g * a_wins, g * ~a_wins), "maximum")


@operation(1)
def scale(A: Node, c: float) -> Node:
    """c A for a number c; G is scaled by c, the chain rule (6) with slope c (chapter 9)."""
    return Node(c * A.value, (A,), lambda g: (c * g,), "scale")


@operation(1)
def sigmoid(A: Node) -> Node:
    """σ(A) entry by entry; its VJP multiplies by σ′ = σ(1 − σ), read off m (16), ch. 9."""
    s = activations.sigmoid(A.value)
    return Node(s, (A,), lambda g: (g * s * (1.0 - s),), "sigmoid")


@operation(1)
def append_ones(O: Node) -> Node:  # noqa: E741  (O is the lecture's name)
    """[O; 1]: a row of ones under O, the layer input of (16); the ones get no gradient (ch. 9)."""
    ones = np.ones((1,) + O.value.shape[1:])
    return Node(np.concatenate([O.value, ones]), (O,), lambda g: (g[:-1],), "append_ones")


@operation(1)
def total(A: Node) -> Node:
    """The sum of A's entries, as in the loss (4); every entry gets G (chapter 9)."""
    return Node(np.sum(A.value), (A,), lambda g: (np.full(A.value.shape, g),), "total")


@operation(1)
def softmax_cross_entropy(logits: Node, labels) -> Node:
    """Loss (4) with ℓ = −log softmax(w_k)[y_k] per column w_k; VJP (softmax − onehot)/N, ch. 9."""
    w, labels = logits.value.reshape(logits.value.shape[0], -1), np.asarray(labels).ravel()
    if labels.shape != (w.shape[1],) or not np.isin(labels, np.arange(w.shape[0])).all():
        raise ValueError(f"labels must be {w.shape[1]} class numbers in 0..{w.shape[0] - 1}")
    shifted = w - w.max(axis=0)  # the same softmax, without overflow in exp
    log_p = shifted - np.log(np.exp(shifted).sum(axis=0))
    picked = (labels, np.arange(w.shape[1]))
    onehot = np.zeros_like(w)
    onehot[picked] = 1.0
    vjp = lambda g: ((g * (np.exp(log_p) - onehot) / w.shape[1]).reshape(logits.value.shape),)  # noqa: E731
    return Node(-log_p[picked].mean(), (logits,), vjp, "softmax_cross_entropy")


def _one_shape(A, B, what):
    if A.value.shape != B.value.shape:
        raise ValueError(
            f"{what} needs two Nodes of one shape, got {A.value.shape} and {B.value.shape}"
        )


def network_loss(weights, Z, Y, residual=False) -> tuple[Node, list[Node]]:
    """The loss (4) of sigmoid layers (16) as a graph: (loss, [X_1, ..., X_L] nodes), chapter 9.
    A Node listed twice is a tied weight; ``residual`` adds O_{i-1} to m_i of its width (ch. 7)."""
    Xs = [X if isinstance(X, Node) else variable(X, f"X_{i}") for i, X in enumerate(weights, 1)]
    O = variable(Z, "Z")  # noqa: E741  (O_0 = Z)
    for X in Xs:
        m = sigmoid(matmul(X, append_ones(O)))  # m_i = σ(X_i [O_{i-1}; 1])
        O = add(O, m) if residual and m.value.shape == O.value.shape else m  # noqa: E741
    e = subtract(O, variable(Y, "Y"))
    num_samples = Z.shape[1] if np.ndim(Z) == 2 else 1
    return scale(total(multiply(e, e)), 1.0 / num_samples), Xs


def multiply_adds(output: Node) -> tuple[int, int]:
    """Multiply–adds of the matrix products (13) below ``output``: (forward, backward), ch. 9."""
    products = [node for node in topological_order(output) if node.name == "matmul"]
    forward = sum(n.value.size * n.parents[0].value.shape[1] for n in products)  # A is p x q
    return forward, 2 * forward  # the VJP's G Bᵀ and Aᵀ G: each as many as A B
