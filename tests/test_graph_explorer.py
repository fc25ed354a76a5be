"""The backward-pass explorer of chapter 9, driven the way a reader drives it: move the
slider, read the frame, and compare what it shows with the engine and finite differences."""

import re
import xml.etree.ElementTree as ElementTree

import numpy as np
import pytest

import lib
from lib.explorers import graph as explorer_module
from lib.explorers.graph import backward_explorer, number, record_backward, uses
from lib.further import graph
from lib.further import operations as ops

ROWS = [["ℓ"], [None, "h"], ["t", None], ["q", "r"], ["b", "a", "c"]]


def small_graph(a=1.5, b=-0.5, c=1.0):
    """ℓ = σ(t) t with t = a b + max(a, c): a and t each have two users."""
    nodes = {
        name: graph.variable(value, name) for name, value in zip("abc", (a, b, c), strict=True)
    }
    nodes["q"] = ops.multiply(nodes["a"], nodes["b"])
    nodes["r"] = ops.maximum(nodes["a"], nodes["c"])
    nodes["t"] = ops.add(nodes["q"], nodes["r"])
    nodes["h"] = ops.sigmoid(nodes["t"])
    nodes["ℓ"] = ops.multiply(nodes["h"], nodes["t"])
    return nodes


def small_loss(v):
    t = v[0] * v[1] + max(v[0], v[2])
    return float(lib.sigmoid(np.array(t)) * t)


@pytest.fixture
def explorer():
    nodes = small_graph()
    return backward_explorer(nodes["ℓ"], nodes, ROWS), nodes


def test_one_frame_per_operation_and_the_slider_selects_it(explorer):
    shown, nodes = explorer
    operations = [n for n in graph.topological_order(nodes["ℓ"]) if n.vjp is not None]
    assert len(shown.frames.children) == len(shown.slider.options) == len(operations) + 1
    seen = set()
    for index in range(len(shown.slider.options)):
        shown.slider.index = index
        assert shown.frames.selected_index == index
        seen.add(shown.shown)
        if index:
            assert shown.shown.startswith(f'<p class="explorer-status">Step {index} of 5: ')
    assert len(seen) == len(operations) + 1


def test_the_last_frame_holds_the_engines_gradients_and_finite_differences_agree(explorer):
    shown, nodes = explorer
    last = shown.steps[-1]
    fd = lib.numerical_gradient(small_loss, np.array([1.5, -0.5, 1.0]))
    for k, name in enumerate("abc"):
        np.testing.assert_allclose(last.grads[id(nodes[name])], fd[k], rtol=1e-7, atol=1e-9)
    shown.slider.index = len(shown.steps) - 1
    for name in "abc":
        assert f"∂ℓ/∂{name} = {number(last.grads[id(nodes[name])])}" in shown.shown
    assert "Every gradient is complete" in shown.shown


def test_each_gradient_is_the_sum_of_what_has_arrived_and_nothing_arrives_after_it_is_complete():
    nodes = small_graph()
    steps = record_backward(nodes["ℓ"])
    users = uses(nodes["ℓ"])
    complete = set()
    for step in steps[1:]:
        for parent, _ in step.sent:
            assert id(parent) not in complete, "a contribution after the gradient was complete"
        for key, arrived in step.arrived.items():
            if arrived:
                np.testing.assert_allclose(step.grads[key], sum(arrived), rtol=1e-15)
            if arrived and len(arrived) == users[key]:
                complete.add(key)
    t, a = nodes["t"], nodes["a"]
    assert [len(s.arrived[id(t)]) for s in steps] == [0, 1, 2, 2, 2, 2]
    assert [len(s.arrived[id(a)]) for s in steps][-1] == users[id(a)] == 2


def test_the_status_names_the_gate_and_the_waiting(explorer):
    shown, nodes = explorer
    texts = []
    for index in range(len(shown.steps)):
        shown.slider.index = index
        texts.append(re.sub("<[^>]+>", "", shown.shown.split("</p>")[0]))
    assert "multiply swaps" in texts[1] and "(from 1 of its 2 users)" in texts[1]
    assert "complete" in texts[2] and "+" in texts[2]  # t's two contributions, added
    assert "add passes it on unchanged to both inputs" in texts[3]
    assert any("max routes it to the larger input" in text for text in texts)
    assert texts[0].startswith("Start: the forward pass has computed every value.")


def test_every_frame_is_well_formed_svg_with_a_name_and_the_dark_theme_classes(explorer):
    shown, _ = explorer
    for frame in shown.frames.children:
        picture = frame.value.split("</p>", 1)[1]
        root = ElementTree.fromstring(picture)  # raises on a doubled attribute
        assert root.get("role") == "img" and len(root.get("aria-label")) > 100
        rects = [e for e in root.iter() if e.tag.endswith("rect")]
        assert all("chart-ground" in r.get("class", "") for r in rects)
        assert len(rects) == 1 + 8  # the ground and one box per node


def box_outlines(frame_html):
    """The outline attributes of each node's box, by the name at its top left."""
    root = ElementTree.fromstring(frame_html.split("</p>", 1)[1])
    children = list(root.iter())
    boxes = {}
    for k, element in enumerate(children):
        if element.tag.endswith("rect") and element.get("rx"):
            name = children[k + 1].text.split(" = ")[0]  # the box's first line of text
            boxes[name] = element.get("stroke-dasharray")
    return boxes


def test_a_box_is_dashed_while_it_waits_for_a_user_and_solid_once_complete(explorer):
    """The chapter: "Watch t at steps 1 and 2, and a at steps 4 and 5: a dashed box is
    still waiting for a user"."""
    shown, _ = explorer
    frames = [box_outlines(frame.value) for frame in shown.frames.children]
    assert [frames[k]["t"] for k in (1, 2, 3)] == ["5 3", None, None]
    assert [frames[k]["a"] for k in (3, 4, 5)] == ["2 3", "5 3", None]  # not reached yet


def test_arrows_go_down_the_edges_of_the_operation_that_ran(explorer):
    shown, _ = explorer
    for k, frame in enumerate(shown.frames.children):
        heads = frame.value.count('z" fill=')  # one arrowhead per contribution sent
        assert heads == (0 if k == 0 else len(shown.steps[k].sent))


def test_a_node_used_twice_by_one_operation_receives_both_contributions():
    x = graph.variable(0.5, "x")
    e = ops.subtract(x, graph.variable(2.0, "y"))
    loss = ops.multiply(e, e)  # e ⊙ e: two edges from e to the product
    names = {"x": x, "y": e.parents[1], "e": e, "ℓ": loss}
    shown = backward_explorer(loss, names, [["ℓ"], ["e"], ["x", "y"]])
    shown.slider.index = 1
    assert "e receives −1.5 and −1.5 (from 2 of its 2 users: complete" in shown.shown
    assert float(shown.steps[1].grads[id(e)]) == 2 * float(e.value)


def test_matrices_are_shown_by_their_shape_and_norm():
    assert number(np.ones((2, 3))) == f"2×3, ‖·‖ {np.sqrt(6):.3g}"
    assert number(np.array(-0.25)) == "−0.25"
    weights = lib.init_weights([2, 2], seed=0)
    loss, Xs = ops.network_loss(weights, np.ones((2, 3)), np.zeros((2, 3)))
    order = graph.topological_order(loss)
    names = {f"n{k}": node for k, node in enumerate(order)}
    rows = [[name] for name in reversed(list(names))]
    shown = backward_explorer(loss, names, rows)
    shown.slider.index = len(shown.steps) - 1
    assert "2×3, ‖·‖" in shown.shown and "matmul" not in explorer_module.GATES["add"]


@pytest.mark.parametrize(
    ("change", "error", "words"),
    [
        (lambda nodes: (nodes["a"], nodes, ROWS), ValueError, "output must be a Node computed"),
        (lambda nodes: ("ℓ", nodes, ROWS), ValueError, "output"),
        (lambda nodes: (nodes["ℓ"], list(nodes.values()), ROWS), TypeError, "names must map"),
        (
            lambda nodes: (nodes["ℓ"], {k: v for k, v in nodes.items() if k != "c"}, ROWS),
            ValueError,
            r"names must name each of the 8 nodes.*unnamed: \['c'\]",
        ),
        (lambda nodes: (nodes["ℓ"], nodes, ROWS[:-1]), ValueError, "rows must list each"),
        (lambda nodes: (nodes["ℓ"], nodes, "ℓ h t"), TypeError, "rows must be a list"),
    ],
)
def test_bad_input_is_named(change, error, words):
    with pytest.raises(error, match=words):
        backward_explorer(*change(small_graph()))
