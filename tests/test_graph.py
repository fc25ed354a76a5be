"""lib.further.graph and its operations: reverse mode on a graph, against backpropagation
and finite differences."""

import numpy as np
import pytest

import lib
import lib.measure
from lib.further import graph
from lib.further import operations as ops


def gradient_by_differences(build, values):
    """∂loss/∂value for each value, by central differences of the graph's forward pass."""
    grads = []
    for i, value in enumerate(values):

        def loss_of(v, i=i, shape=value.shape):
            point = [*values[:i], v.reshape(shape), *values[i + 1 :]]
            return float(build(*[graph.variable(p) for p in point]).value)

        grads.append(lib.numerical_gradient(loss_of, value.ravel()).reshape(value.shape))
    return grads


def gradient_by_graph(build, values):
    leaves = [graph.variable(v) for v in values]
    graph.backward(build(*leaves))
    return [leaf.grad for leaf in leaves]


@pytest.mark.parametrize("widths", [[3, 5, 4, 2], [784, 512, 512, 10]], ids=["small", "bench"])
def test_on_a_chain_of_layers_it_gives_backpropagations_gradient(widths):
    rng = np.random.default_rng(1)
    weights = lib.init_weights(widths, seed=2)
    for X in weights:
        X[:, -1] = 0.1 * rng.standard_normal(X.shape[0])  # biases that are not zero
    Z = rng.standard_normal((widths[0], 256))
    Y = rng.standard_normal((widths[-1], 256))
    loss, grads = lib.loss_and_grad(weights, Z, Y)
    node, Xs = ops.network_loss(weights, Z, Y)
    graph.backward(node)
    assert abs(float(node.value) - loss) <= 1e-12 * loss
    for grad, X in zip(grads, Xs, strict=True):
        assert np.linalg.norm(X.grad - grad) <= 1e-12 * np.linalg.norm(grad)


def residual(X1, X2, z):
    """A residual connection: h = σ(X1 z); out = h + σ(X2 h); loss = Σ out ⊙ out."""
    h = ops.sigmoid(ops.matmul(X1, z))
    out = ops.add(h, ops.sigmoid(ops.matmul(X2, h)))
    return ops.total(ops.multiply(out, out))


def tied(X, z):
    """One weight matrix used twice: σ(X σ(X z))."""
    return ops.total(ops.sigmoid(ops.matmul(X, ops.sigmoid(ops.matmul(X, z)))))


def classifier(X, Z):
    """A softmax with cross-entropy head on X [Z; 1]."""
    return ops.softmax_cross_entropy(ops.matmul(X, ops.append_ones(Z)), [0, 2, 1, 2, 0])


RNG = np.random.default_rng(3)
GRAPHS = {
    "residual": (
        residual,
        [RNG.standard_normal((4, 3)), RNG.standard_normal((4, 4)), RNG.standard_normal(3)],
    ),
    "tied weights": (tied, [RNG.standard_normal((3, 3)), RNG.standard_normal(3)]),
    "softmax head": (classifier, [RNG.standard_normal((3, 5)), RNG.standard_normal((4, 5))]),
    "add passes": (
        lambda a, b: ops.total(ops.multiply(ops.add(a, b), a)),
        [RNG.standard_normal(4)] * 2,
    ),
    "multiply swaps": (
        lambda a, b: ops.total(ops.multiply(a, b)),
        [RNG.standard_normal(4), RNG.standard_normal(4)],
    ),
    "max routes": (
        lambda a, b: ops.total(ops.scale(ops.maximum(a, b), 3.0)),
        [np.array([1.0, -2.0, 0.5]), np.array([0.0, 1.0, 2.0])],
    ),
    "x used twice": (lambda x: ops.total(ops.multiply(x, x)), [RNG.standard_normal(5)]),
}


@pytest.mark.parametrize("name", sorted(GRAPHS))
def test_graphs_a_chain_cannot_express_agree_with_finite_differences(name):
    build, values = GRAPHS[name]
    for by_graph, by_differences in zip(
        gradient_by_graph(build, values), gradient_by_differences(build, values), strict=True
    ):
        np.testing.assert_allclose(by_graph, by_differences, rtol=1e-6, atol=1e-8)


def test_the_gates_of_cs231n_are_these_vjps():
    a, b = graph.variable([1.0, -2.0, 0.5]), graph.variable([0.0, 1.0, 2.0])
    graph.backward(ops.total(ops.add(a, b)))
    assert a.grad.tolist() == b.grad.tolist() == [1.0, 1.0, 1.0]  # add passes it on
    a, b = graph.variable([1.0, -2.0, 0.5]), graph.variable([0.0, 1.0, 2.0])
    graph.backward(ops.total(ops.multiply(a, b)))
    assert a.grad.tolist() == [0.0, 1.0, 2.0] and b.grad.tolist() == [1.0, -2.0, 0.5]  # swaps
    a, b = graph.variable([1.0, -2.0, 0.5]), graph.variable([0.0, 1.0, 2.0])
    graph.backward(ops.total(ops.maximum(a, b)))
    assert a.grad.tolist() == [1.0, 0.0, 0.0] and b.grad.tolist() == [0.0, 1.0, 1.0]  # routes


def test_max_routes_a_tie_to_its_first_input():
    a, b = graph.variable([2.0, 1.0, -1.0]), graph.variable([2.0, 3.0, -1.0])
    graph.backward(ops.total(ops.scale(ops.maximum(a, b), 3.0)))
    assert a.grad.tolist() == [3.0, 0.0, 3.0] and b.grad.tolist() == [0.0, 3.0, 0.0]


def test_a_value_used_twice_gets_the_sum_of_both_contributions():
    x = graph.variable([3.0])
    graph.backward(ops.total(ops.add(ops.scale(x, 2.0), ops.scale(x, 5.0))))
    assert x.grad.tolist() == [7.0]


def test_paths_grow_exponentially_while_edges_grow_linearly():
    x = graph.variable(np.array([0.3]))
    node, rows = x, []
    for _ in range(20):
        node = ops.add(
            ops.sigmoid(node), ops.scale(node, 0.5)
        )  # two ways from each level to the next
        rows.append((graph.count_paths(node, x), graph.count_edges(node)))
    assert [paths for paths, _ in rows] == [2**d for d in range(1, 21)]
    assert [edges for _, edges in rows] == [4 * d for d in range(1, 21)]
    ran = graph.backward(ops.total(node))  # backward visits each node once, not each path
    assert len(ran) == 3 * 20 + 1 and len(set(map(id, ran))) == len(ran) and x.grad.shape == (1,)
    assert sum(len(n.parents) for n in ran) == graph.count_edges(ops.total(node))


def test_a_deep_chain_needs_no_recursion():
    x = graph.variable([0.1])
    node = x
    for _ in range(5000):
        node = ops.scale(node, 1.0)
    graph.backward(ops.total(node))
    assert x.grad.tolist() == [1.0]


def test_backward_twice_gives_the_same_gradient():
    build, values = GRAPHS["residual"]
    leaves = [graph.variable(v) for v in values]
    out = build(*leaves)
    graph.backward(out)
    first = [leaf.grad.copy() for leaf in leaves]
    graph.backward(out)
    for again, before in zip([leaf.grad for leaf in leaves], first, strict=True):
        np.testing.assert_array_equal(again, before)


@pytest.mark.parametrize(
    ("make", "error", "words"),
    [
        (
            lambda: ops.matmul(graph.variable(np.ones((2, 3))), graph.variable(np.ones(2))),
            ValueError,
            "matmul",
        ),
        (
            lambda: ops.add(graph.variable(np.ones(2)), graph.variable(np.ones(3))),
            ValueError,
            "one shape",
        ),
        (
            lambda: ops.add(graph.variable(np.ones(2)), np.ones(2)),
            TypeError,
            "argument 1 must be a Node",
        ),
        (lambda: ops.sigmoid(np.ones(2)), TypeError, "argument 0 must be a Node"),
        (lambda: graph.backward(graph.variable(np.ones(2))), ValueError, "one number"),
        (lambda: graph.variable([np.nan]), ValueError, "finite"),
        (
            lambda: ops.softmax_cross_entropy(graph.variable(np.ones((3, 2))), [0, 3]),
            ValueError,
            "labels",
        ),
    ],
)
def test_bad_input_is_named(make, error, words):
    with pytest.raises(error, match=words):
        make()


def test_backward_steps_yields_each_operation_once_after_all_its_uses():
    build, values = GRAPHS["residual"]
    leaves = [graph.variable(v) for v in values]
    out = build(*leaves)
    seen = []
    for node in graph.backward_steps(out):
        users = [n for n in graph.topological_order(out) if any(p is node for p in n.parents)]
        assert all(any(u is s for s in seen) for u in users), "a user came after the node"
        seen.append(node)
    assert [id(n) for n in seen] == [id(n) for n in graph.backward(out)]
    assert seen[0] is out and all(n.vjp is not None for n in seen)
    with pytest.raises(ValueError, match="one number"):
        next(graph.backward_steps(leaves[0]))


def test_each_operation_names_its_node():
    a, b = graph.variable([1.0, 2.0], "a"), graph.variable([3.0, 4.0], "b")
    made = {
        "add": ops.add(a, b),
        "subtract": ops.subtract(a, b),
        "multiply": ops.multiply(a, b),
        "maximum": ops.maximum(a, b),
        "scale": ops.scale(a, 2.0),
        "sigmoid": ops.sigmoid(a),
        "append_ones": ops.append_ones(a),
        "total": ops.total(a),
        "matmul": ops.matmul(graph.variable(np.eye(2)), a),
        "softmax_cross_entropy": ops.softmax_cross_entropy(a, [1]),
    }
    assert {name: node.name for name, node in made.items()} == {n: n for n in made}
    assert a.name == "a"


def test_a_tied_weight_gets_the_sum_of_both_layers_gradients():
    rng = np.random.default_rng(5)
    X = rng.standard_normal((3, 4))
    Z, Y = rng.standard_normal((3, 6)), rng.uniform(size=(3, 6))
    tied = graph.variable(X, "X")
    loss, Xs = ops.network_loss([tied, tied], Z, Y)
    graph.backward(loss)
    untied = lib.loss_and_grad([X, X], Z, Y)[1]  # one gradient per use, as in (14)
    assert Xs == [tied, tied]
    np.testing.assert_allclose(tied.grad, untied[0] + untied[1], rtol=1e-12, atol=1e-15)
    assert np.linalg.norm(untied[0] - untied[1]) > 1e-3 * np.linalg.norm(untied[0])


def test_a_residual_network_adds_each_input_where_the_widths_agree():
    rng = np.random.default_rng(6)
    weights = lib.init_weights([3, 3, 3, 2], seed=4)
    Z, Y = rng.standard_normal((3, 5)), rng.standard_normal((2, 5))
    loss, Xs = ops.network_loss(weights, Z, Y, residual=True)
    O = Z  # noqa: E741
    for j, X in enumerate(weights):
        m = lib.forward([X], O)[-1]
        O = O + m if j < 2 else m  # noqa: E741  the last layer narrows: no residual there
    assert np.isclose(float(loss.value), np.mean(np.sum((O - Y) ** 2, axis=0)), rtol=1e-13)
    graph.backward(loss)

    def loss_of(flat, j):
        trial = [w.copy() for w in weights]
        trial[j] = flat.reshape(weights[j].shape)
        return float(ops.network_loss(trial, Z, Y, residual=True)[0].value)

    for j, X in enumerate(Xs):
        numeric = lib.numerical_gradient(lambda f, j=j: loss_of(f, j), weights[j].ravel())
        np.testing.assert_allclose(X.grad.ravel(), numeric, rtol=1e-6, atol=1e-9)
    plain, _ = ops.network_loss(weights, Z, Y)
    assert not np.isclose(float(plain.value), float(loss.value))


def test_multiply_adds_counts_the_products_each_way():
    widths, N = [4, 6, 3], 5
    weights = lib.init_weights(widths, seed=0)
    rng = np.random.default_rng(0)
    loss, _ = ops.network_loss(weights, rng.standard_normal((4, N)), rng.standard_normal((3, N)))
    forward, backward = ops.multiply_adds(loss)
    by_hand = sum(p * (q + 1) * N for q, p in zip(widths, widths[1:], strict=False))
    assert (forward, backward) == (by_hand, 2 * by_hand)
    # the engine's backward does what loss_and_grad does (lib.measure's count, one sample)
    # and, besides, the gradient of the row of ones and of the input Z
    single, _ = ops.network_loss(weights, np.ones(4), np.ones(3))
    extra = sum(widths[1:]) + widths[1] * widths[0]
    assert sum(ops.multiply_adds(single)) == lib.measure.multiply_adds("backprop", widths) + extra
