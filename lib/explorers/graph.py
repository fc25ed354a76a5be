"""The backward-pass explorer (chapter 9): reverse mode on a small graph, one node at a time.

:func:`lib.further.graph.backward_steps` runs the backward pass; after each operation's VJP
the explorer records every node's gradient so far and the contributions it has received
from the operations that use it. Each record is drawn as an inline SVG
(:mod:`lib.explorers.svg`, whose classes the dark theme repaints) and a slider picks one in
the browser (``jslink``), so the explorer works on the static website without a kernel.
"""

from __future__ import annotations

import html
from dataclasses import dataclass

import ipywidgets as widgets
import numpy as np

from lib.explorers import svg
from lib.explorers.frames import Control, FramedExplorer, explorer_frames
from lib.further.graph import Node, backward_steps, topological_order
from lib.pictures.style import BLUE, ORANGE

#: how each operation's node is written, from its inputs' names
EXPRESSIONS = {
    "add": "{0} + {1}",
    "subtract": "{0} − {1}",
    "multiply": "{0} · {1}",
    "maximum": "max({0}, {1})",
    "sigmoid": "σ({0})",
    "scale": "c · {0}",
    "total": "Σ {0}",
    "matmul": "{0} {1}",
    "append_ones": "[{0}; 1]",
    "softmax_cross_entropy": "CE({0})",
}
#: what each operation's VJP does with the gradient it reads (CS231n's gates among them)
GATES = {
    "add": "add passes it on unchanged to both inputs",
    "subtract": "subtract passes it to its first input and its negative to the second",
    "multiply": "multiply swaps: each input receives it times the other input",
    "maximum": "max routes it to the larger input, and 0 to the other",
    "sigmoid": "σ multiplies it by σ′ = σ(1 − σ)",
    "scale": "scale multiplies it by its number",
    "total": "the sum hands it to every entry",
    "matmul": "the product sends G Bᵀ to A and Aᵀ G to B",
    "append_ones": "the row of ones gets none of it",
    "softmax_cross_entropy": "cross-entropy sends (softmax − one-hot)/N",
}
_BOX_W, _BOX_H, _ROW_GAP, _TOP, _LINE = 128, 66, 36, 8, 15
_EDGE = "#777"  # the light rendering's grey for edges and waiting boxes (class chart-ref)


@dataclass(frozen=True)
class Step:
    """The backward pass after one more VJP: ``node`` ran (None at the start) and ``sent``
    (parent, contribution) along each of its edges; ``grads[id(n)]`` is node n's gradient
    so far (absent before its first contribution), ``arrived[id(n)]`` its contributions."""

    node: Node | None
    sent: tuple
    grads: dict
    arrived: dict


def record_backward(output: Node) -> list[Step]:
    """The start, then one :class:`Step` per operation of :func:`backward_steps` (eq. 14)."""
    order = topological_order(output)
    arrived = {id(node): () for node in order}
    steps = []
    for node in backward_steps(output):
        if not steps:  # the seed ∂ℓ/∂ℓ = 1, set before the first VJP ran
            steps.append(Step(None, (), {id(output): np.array(output.grad)}, dict(arrived)))
        sent = tuple(zip(node.parents, node.vjp(node.grad), strict=True))
        for parent, contribution in sent:
            arrived[id(parent)] += (np.array(contribution),)
        grads = {id(n): np.array(n.grad) for n in order if n.grad is not None}
        steps.append(Step(node, sent, grads, dict(arrived)))
    return steps


def uses(output: Node) -> dict:
    """How many edges leave each node below ``output``: the terms its gradient adds (14)."""
    count = {id(node): 0 for node in topological_order(output)}
    for node in topological_order(output):
        for parent in node.parents:
            count[id(parent)] += 1
    return count


def number(value) -> str:
    """A value or gradient for a label: 3 significant digits, or its shape and norm."""
    value = np.asarray(value)
    if value.size == 1:
        return f"{float(value.ravel()[0]):.3g}".replace("-", "−")
    return f"{'×'.join(map(str, value.shape))}, ‖·‖ {np.linalg.norm(value):.3g}"


@dataclass(frozen=True)
class _Graph:
    """What every frame of one explorer shares: the nodes, their names and places."""

    order: list
    names: dict  # id(node) -> name
    centres: dict  # name -> (x, y)
    uses: dict  # id(node) -> how many edges leave it

    def expression(self, node: Node) -> str:
        inputs = [self.names[id(p)] for p in node.parents]
        if node.name in EXPRESSIONS:
            return EXPRESSIONS[node.name].format(*inputs)
        return f"{node.name or 'f'}({', '.join(inputs)})"

    def tally(self, step: Step, node: Node) -> str:
        """How many of a node's uses have sent their contribution, and the sum when done."""
        got, wanted = len(step.arrived[id(node)]), self.uses[id(node)]
        if wanted == 1:
            return "from its only user: complete"
        text = f"from {got} of its {wanted} users"
        if got == wanted:
            parts = " + ".join(number(c) for c in step.arrived[id(node)]).replace("+ −", "− ")
            text += f": complete, {parts} = {number(step.grads[id(node)])}"
        return text


def _layout(rows, names) -> dict:
    """The centre of each named node: rows from the top (the loss) down, evenly spaced."""
    if not isinstance(rows, (list, tuple)) or not all(isinstance(r, (list, tuple)) for r in rows):
        raise TypeError(f"rows must be a list of rows, each a list of names, got {rows!r:.80}")
    listed = [name for row in rows for name in row if name is not None]
    if sorted(listed) != sorted(names):
        raise ValueError(f"rows must list each of {sorted(names)} once, got {listed}")
    centres = {}
    for r, row in enumerate(rows):
        for k, name in enumerate(row):
            if name is not None:
                x = svg.WIDTH * (k + 0.5) / len(row)
                centres[name] = (x, _TOP + r * (_BOX_H + _ROW_GAP) + _BOX_H / 2)
    return centres


def _arrow(x0, y0, x1, y1) -> str:
    """A line from (x0, y0) to (x1, y1) ending in an arrowhead: a contribution on its way."""
    length = max(float(np.hypot(x1 - x0, y1 - y0)), 1e-9)
    ux, uy = (x1 - x0) / length, (y1 - y0) / length
    bx, by = x1 - 9 * ux, y1 - 9 * uy
    n = svg.num
    head = f"M{n(x1)} {n(y1)}L{n(bx - 4.5 * uy)} {n(by + 4.5 * ux)}L{n(bx + 4.5 * uy)} "
    return (
        f'<path d="M{n(x0)} {n(y0)}L{n(bx)} {n(by)}" stroke="{ORANGE}" stroke-width="3"/>'
        f'<path d="{head}{n(by - 4.5 * ux)}z" fill="{ORANGE}"/>'
    )


def _box(graph: _Graph, step: Step, node: Node) -> list[str]:
    """A node's box: its name and operation, its value, its gradient so far, how many users sent.
    Outline: thick orange while its VJP runs, solid blue when its gradient is complete,
    dashed blue while it waits for more, dotted grey before anything reached it."""
    name = graph.names[id(node)]
    x, y = graph.centres[name]
    got, wanted = len(step.arrived[id(node)]), graph.uses[id(node)]
    grad = step.grads.get(id(node))
    if step.node is node:
        outline, ground = f'stroke="{ORANGE}" stroke-width="4"', "chart-ground"
    elif grad is not None:
        dashes = "" if got == wanted else ' stroke-dasharray="5 3"'
        outline, ground = f'stroke="{BLUE}" stroke-width="2"{dashes}', "chart-ground"
    else:
        outline = f'stroke="{_EDGE}" stroke-width="1" stroke-dasharray="2 3"'
        ground = "chart-ground chart-ref"
    left, top = x - _BOX_W / 2, y - _BOX_H / 2
    head = name if node.vjp is None else f"{name} = {graph.expression(node)}"
    shown = "not yet" if grad is None else number(grad)
    count = "the loss" if wanted == 0 else f"users sent: {got} of {wanted}"
    return [
        f'<rect class="{ground}" x="{svg.num(left)}" y="{svg.num(top)}" width="{_BOX_W}" '
        f'height="{_BOX_H}" rx="6" fill="{svg.GROUND}" {outline}/>',
        svg.text(left + 7, top + _LINE, head, 'font-weight="bold" font-size="13"'),
        svg.text(left + 7, top + 2 * _LINE, f"value {number(node.value)}", 'font-size="12"'),
        svg.text(left + 7, top + 3 * _LINE, f"∂ℓ/∂{name} {shown}", 'font-size="12"'),
        svg.muted([svg.text(left + 7, top + 4 * _LINE, count)], "start", 11),
    ]


def graph_svg(graph: _Graph, step: Step, label: str) -> str:
    """The graph at ``step``: a box per node (:func:`_box`), an edge from each input up to
    the operation that uses it, and arrows down the edges along which this step sent."""
    edges, arrows, notes = [], [], []
    for node in graph.order:
        x1, y1 = graph.centres[graph.names[id(node)]]
        twice = len(node.parents) == 2 and node.parents[0] is node.parents[1]
        for k, parent in enumerate(node.parents):
            x0, y0 = graph.centres[graph.names[id(parent)]]
            shift = 16 * (k - 0.5) if twice else 0  # two edges between one pair of nodes
            start, end = (x1 + shift, y1 + _BOX_H / 2), (x0 + shift, y0 - _BOX_H / 2)
            if step.node is node:
                arrows.append(_arrow(*start, *end))
                middle = ((start[0] + end[0]) / 2 + 6, (start[1] + end[1]) / 2 + 4)
                notes.append(svg.text(*middle, number(step.sent[k][1]), 'font-size="12"'))
            else:
                edges.append(f"M{svg.num(start[0])} {svg.num(start[1])}"
                             f"L{svg.num(end[0])} {svg.num(end[1])}")  # fmt: skip
    body = [f'<path class="chart-ref" d="{"".join(edges)}" stroke="{_EDGE}" stroke-width="1.5"/>']
    for node in graph.order:
        body += _box(graph, step, node)
    body += arrows + [svg.haloed(notes)]
    height = 2 * _TOP + max(y for _, y in graph.centres.values()) + _BOX_H / 2
    return svg.document(svg.WIDTH, round(height), body, label)


def describe(graph: _Graph, steps: list, k: int) -> str:
    """The status line of step ``k``: which VJP ran, what it sent, and who still waits."""
    step, last, names = steps[k], len(steps) - 1, graph.names
    if step.node is None:
        loss = names[id(graph.order[-1])]
        return (
            f"Start: the forward pass has computed every value. The backward pass seeds "
            f"∂{loss}/∂{loss} = 1 and visits the {last} operations in reverse topological order."
        )
    name = names[id(step.node)]
    gate = GATES.get(step.node.name, "its VJP sends a contribution to each input")
    by_parent = {}  # a node used twice by this operation receives two contributions
    for parent, contribution in step.sent:
        by_parent.setdefault(id(parent), (parent, []))[1].append(number(contribution))
    sent = "; ".join(
        f"{names[key]} receives {' and '.join(values)} ({graph.tally(step, parent)})"
        for key, (parent, values) in by_parent.items()
    )
    text = (
        f"Step {k} of {last}: {name} = {graph.expression(step.node)} reads "
        f"∂ℓ/∂{name} = {number(step.grads[id(step.node)])}, and {gate}: {sent}."
    )
    waiting = [
        n
        for n in graph.order
        if 0 < len(step.arrived[id(n)]) < graph.uses[id(n)] and id(n) not in by_parent
    ]
    if waiting:
        text += " Still waiting: " + ", ".join(
            f"{names[id(n)]} ({graph.tally(step, n)})" for n in waiting
        )
        text += "."
    if k == last:
        leaves = [n for n in graph.order if n.vjp is None]
        leaves.sort(key=lambda n: list(names).index(id(n)))
        grads = ", ".join(f"∂ℓ/∂{names[id(n)]} = {number(step.grads[id(n)])}" for n in leaves)
        text += f" Every gradient is complete: {grads}."
    return text


def frame_alt(graph: _Graph, step: Step) -> str:
    """What a frame's picture shows, for a reader who cannot see it."""
    parts = []
    for node in graph.order:
        grad = step.grads.get(id(node))
        shown = "not reached yet" if grad is None else f"gradient so far {number(grad)}"
        got, wanted = len(step.arrived[id(node)]), graph.uses[id(node)]
        parts.append(
            f"{graph.names[id(node)]} (value {number(node.value)}, {shown}, "
            f"{got} of {wanted} users sent)"
        )
    now = "" if step.node is None else f" Arrows from {graph.names[id(step.node)]} to its inputs."
    boxes = "; ".join(parts)
    return f"The graph, the loss at the top and the inputs at the bottom: {boxes}.{now}"


@dataclass
class BackwardExplorer(FramedExplorer):
    """A slider over the steps of the backward pass, and one precomputed frame per step.

    ``steps`` holds each step's gradients (:class:`Step`); ``names`` maps ``id(node)`` to
    the node's name; ``shown`` is the HTML of the frame on view, so a test can drive it.
    """

    steps: list
    names: dict
    slider: widgets.SelectionSlider
    frames: widgets.Stack
    widget: widgets.VBox


def backward_explorer(output: Node, names: dict, rows) -> BackwardExplorer:
    """Step through :func:`backward_steps` on the graph below ``output`` (eq. 14).

    ``names`` maps a short name, as the page writes it, to each node of the graph, and
    ``rows`` places the names, the loss's row first; None leaves a slot in a row empty.
    """
    if not isinstance(output, Node) or np.ndim(output.value) != 0 or not output.parents:
        raise ValueError(
            f"output must be a Node computed from others (a loss), got {output!r:.60}"
        )
    order = topological_order(output)
    if not isinstance(names, dict) or not all(isinstance(n, Node) for n in names.values()):
        raise TypeError(f"names must map names to the graph's Nodes, got {names!r:.80}")
    ids = {id(node): name for name, node in names.items()}
    unnamed = [node.name or number(node.value) for node in order if id(node) not in ids]
    if unnamed or len(ids) != len(names) or len(names) != len(order):
        raise ValueError(
            f"names must name each of the {len(order)} nodes of the graph once, and nothing "
            f"else; unnamed: {unnamed}, named: {list(names)}"
        )
    graph = _Graph(order, ids, _layout(rows, list(names)), uses(output))
    steps = record_backward(output)
    frames = []
    for k, step in enumerate(steps):
        status = html.escape(describe(graph, steps, k))
        picture = graph_svg(graph, step, frame_alt(graph, step))
        frames.append(f'<p class="explorer-status">{status}</p>{picture}')
    labels = ("start", *(f"{k}: {ids[id(s.node)]}" for k, s in enumerate(steps) if k))
    made = explorer_frames([Control("backward step", labels)], frames.__getitem__)
    (slider,) = made.controls
    return BackwardExplorer(steps, ids, slider, made.stack, widgets.VBox([slider, made.stack]))
