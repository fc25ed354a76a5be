# ruff: noqa: E741  (O is the lecture's name for a layer input, O_{j-1})
"""The book's predict-then-check questions, one function per question, by chapter.

Each function takes the chapter's data, computes the numbers its verdicts quote with the
maths of ``lib`` (so no number is typed in), and returns a :class:`Question`. The
chapter's cell shows only the call, so a reader who has not answered yet sees nothing of
the answer; the chapter's hidden checks assert the fact the right choice states.
"""

from __future__ import annotations

import numpy as np

from lib.chain_rule import chain_factors, chain_product
from lib.checks import as_real_array, layer_widths, nonnegative_int
from lib.finite_differences import numerical_gradient, numerical_jacobian
from lib.further.chain_order import (
    cheapest_order,
    forward_order,
    order_cost,
    order_text,
    reverse_order,
)
from lib.further.depth import gradient_norms
from lib.least_squares import (
    check_least_squares,
    least_squares_gradient,
    least_squares_solution,
    step_size_milestones,
)
from lib.network import check_network, forward
from lib.teaching.predict import Choice, Question

# --- chapter 1 --------------------------------------------------------------------------


def first_step_past_the_bound(A, y, factor=1.05, num_steps=12) -> Question:
    """Chapter 1: where does the first step of (GD) land just past the bound 2/λ_max?"""
    A, y = check_least_squares(A, y)
    if not isinstance(factor, (int, float)) or not 1 < factor < 2:
        raise ValueError(f"factor must be a number between 1 and 2, got {factor!r}")
    num_steps = nonnegative_int(num_steps, "num_steps")
    if num_steps < 2:
        raise ValueError(f"num_steps must be at least 2, got {num_steps}")
    m = step_size_milestones(A)
    s = factor * m.divergence_bound
    x_star = least_squares_solution(A, y)
    x = np.zeros(A.shape[1])
    distances = [float(np.linalg.norm(x - x_star))]
    for _ in range(num_steps):
        x = x - s * least_squares_gradient(x, A, y)
        distances.append(float(np.linalg.norm(x - x_star)))
    d = np.array(distances)
    closer = bool(d[1] < d[0])
    # the first step from which the distance rises at every step to the end of the run
    falls = np.flatnonzero(np.diff(d) <= 0)
    from_step = int(falls[-1]) + 2 if falls.size else 1
    # the error x - x* in the eigenvectors of H: flat (λ_min) and steep (λ_max) component
    _, vectors = np.linalg.eigh(2.0 / len(y) * A.T @ A)
    start = np.abs(vectors.T @ (0.0 - x_star))
    after = np.abs(vectors.T @ (-s * least_squares_gradient(np.zeros_like(x_star), A, y) - x_star))
    first = "the first step gets closer" if closer else "the first step lands further away"
    net = "so the distance shrinks" if closer else "so the distance grows"
    shrink = abs(1 - s * m.lambda_min)  # the flat factor: above 1 if λ_min is near λ_max

    def part(name, a, b):  # how one part of the error moved in the first step
        return f"{name} {'falls' if b < a else 'grows'} from {a:.3f} to {b:.3f}"

    away = (
        f"from step {from_step} on the distance rises at every step, to {d[-1]:.3f} at step "
        f"{num_steps}"
        if from_step < num_steps
        else f"the distance is {d[-1]:.3f} at step {num_steps}"
    )
    why = (
        f"The distance to x* goes from {d[0]:.3f} to {d[1]:.3f}: {first}. Past the bound "
        f"{'only ' if shrink < 1 else ''}the error along the steepest direction (the "
        f"eigenvector of λ<sub>max</sub>) grows, by the factor |1 − sλ<sub>max</sub>| = "
        f"{abs(1 - s * m.lambda_max):.3f} at every step, "
        + (
            "while the error along the other eigenvector shrinks by "
            if shrink < 1
            else "and here so does the error along the other eigenvector, by "
        )
        + f"|1 − sλ<sub>min</sub>| = {shrink:.3f}. In the first step the "
        f"{part('steep part', start[-1], after[-1])} and the "
        f"{part('flat part', start[0], after[0])}, {net}. "
        + (
            "The steep part keeps growing and the flat part is soon used up: "
            if shrink < 1
            else "Both parts keep growing: "
        )
        + f"{away}, and the run diverges."
    )
    return Question(
        "01-first-step-past-the-bound",
        f"Take the step size s = {factor:g} × 2/λ<sub>max</sub>, just past the divergence "
        f"bound, and start at x<sup>(0)</sup> = 0. Compared with x<sup>(0)</sup>, the first "
        f"iterate x<sup>(1)</sup> lies…",
        (
            Choice(
                "further from the solution x*: past the bound every step lands further away "
                "than the last",
                bool(d[1] > d[0]),
                why,
            ),
            Choice("closer to x*, although the run diverges", closer, why),
            Choice(
                "exactly as far from x*: just past the bound, growth and shrinking cancel",
                bool(d[1] == d[0]),
                ("" if d[1] == d[0] else "Nothing balances like that. ") + why,
            ),
        ),
    )


def effect_of_centring() -> Question:
    """Chapter 1: what centring the inputs does to λ_max/λ_min, and why."""
    # The verdicts hold for every data set: with H = 2 [[1, z̄], [z̄, var(z) + z̄²]],
    # centring keeps det H = 4 var(z) and lowers the trace by 2 z̄²; two positive numbers
    # with a fixed product and a smaller sum are closer together, so the ratio falls (if
    # z̄ ≠ 0), to 1 only if var(z) = 1. The right choice needs both z̄ ≠ 0 and var(z) ≠ 1:
    # the chapter's hidden checks assert them of its data.
    why = (
        "Centred inputs sum to zero, so the column of ones and the column of inputs of A "
        "become orthogonal and H = (2/N)A<sup>T</sup>A becomes diagonal: the coupling of "
        "intercept and slope is gone, and with it the tilt of the level sets and part of "
        "their stretch. (Centring lowers the trace of H and keeps its determinant: the two "
        "eigenvalues keep their product and move closer together.) What centring leaves "
        "alone is the spread of the inputs: the two columns of A still have different "
        "lengths unless var(z) = 1, so the level sets, rounder than before, are still not "
        "circles; their axes now lie along x<sub>1</sub> and x<sub>2</sub>. At the optimal "
        "step each error component shrinks by the factor (λ<sub>max</sub> − "
        "λ<sub>min</sub>)/(λ<sub>max</sub> + λ<sub>min</sub>) per step, so a smaller ratio "
        "means fewer steps. Exercise 3 computes the new ratio."
    )
    return Question(
        "01-effect-of-centring",
        "Replace the inputs z<sub>i</sub> by the centred z<sub>i</sub> − z̄ and fit the same "
        "kind of line. The ratio λ<sub>max</sub>/λ<sub>min</sub> of the Hessian's eigenvalues "
        "(and with it the number of steps the optimal step size needs) will…",
        (
            Choice(
                "grow: the fitted line moves, which makes the problem harder",
                False,
                "The fitted line does not move: it is the same line, with its intercept "
                "now taken at z = z̄. " + why,
            ),
            Choice(
                "stay the same: shifting the inputs does not change the problem",
                False,
                "The best fit is the same line, but the Hessian depends on A: its "
                "off-diagonal entry is 2z̄, zero only for centred inputs. " + why,
            ),
            Choice("shrink, but not all the way to 1", True, why),
            Choice(
                "fall to 1: with centred inputs the level sets are circles",
                False,
                "Centring removes the tilt, not the difference in spread between the "
                "inputs and the column of ones. " + why,
            ),
        ),
    )


# --- chapter 2 --------------------------------------------------------------------------


def decreasing_outer_function(f, grad_f, points) -> Question:
    """Chapter 2: the direction of ∇h for h = g(f(x)) with a decreasing g (eq. 7)."""
    points = as_real_array(points, "points", ndim=2)
    across = []  # sine of the angle between ∇h and −∇f: the part of ∇h/|∇h| across ∇f
    for x in points:
        grad_h = numerical_gradient(lambda v: float(np.exp(-f(v))), x)
        g = np.asarray(grad_f(x), dtype=float)
        h_unit, g_unit = grad_h / np.linalg.norm(grad_h), g / np.linalg.norm(g)
        if h_unit @ g_unit >= 0:
            raise ValueError(f"∇h does not point against ∇f at {x}: is grad_f the gradient of f?")
        across.append(np.linalg.norm(h_unit - (h_unit @ g_unit) * g_unit))
    why = (
        "By (7), ∇h = g′(f(x)) ∇f(x), and g′(u) = −e<sup>−u</sup> is negative everywhere: "
        "a negative number times ∇f points exactly against ∇f. A number can stretch, shrink "
        "or flip a vector, never turn it. Measured with finite differences at "
        f"{len(across)} points, the angle between ∇h and ∇f is 180° to within "
        f"{np.arcsin(max(across)):.0e} radians.".replace("-", "−")
    )
    return Question(
        "02-decreasing-outer-function",
        "Keep f(x) = ‖x − c‖² from above, but take the decreasing outer function "
        "g(u) = e<sup>−u</sup>. At a point x ≠ c, the gradient of h(x) = g(f(x)) points…",
        (
            Choice("the same way as ∇f, as in the picture above", False, why),
            Choice("exactly against ∇f", True, why),
            Choice("at an angle to ∇f that depends on the point x", False, why),
        ),
    )


# --- chapter 3 --------------------------------------------------------------------------


def chain_for_layer_weights(weights, z, activation="sigmoid", j=2) -> Question:
    """Chapter 3: which product of Jacobians is dm/dx_j (the chain cut at layer j)."""
    weights, z, _, _ = check_network(weights, z, None, activation)
    depth = len(weights)
    j = nonnegative_int(j, "j", minimum=2)
    if j >= depth:
        raise ValueError(f"j must be a layer between 2 and L - 1 = {depth - 1}, got {j}")

    def output_of(x_j, upto=None):
        trial = list(weights)
        trial[j - 1] = x_j.reshape(weights[j - 1].shape)
        return forward(trial, z, activation)[-1 if upto is None else upto]

    x_j = weights[j - 1].ravel()
    exact = numerical_jacobian(output_of, x_j)
    cut = chain_product(chain_factors(weights, z, activation, wrt=j))
    first_layer = numerical_jacobian(lambda v: output_of(v, upto=1), x_j)  # dm_1/dx_j
    uncut = chain_product(chain_factors(weights, z, activation)[:-1] + [first_layer])
    names = " · ".join(f"dm<sub>{i}</sub>/dm<sub>{i - 1}</sub>" for i in range(depth, 1, -1))
    cut_names = " · ".join(f"dm<sub>{i}</sub>/dm<sub>{i - 1}</sub>" for i in range(depth, j, -1))
    return Question(
        "03-chain-for-layer-weights",
        f"For the network above (L = {depth}), which product is dm/dx<sub>{j}</sub>, the "
        f"derivative of the output with respect to the weights of layer {j}?",
        (
            Choice(
                f"{names} · dm<sub>1</sub>/dx<sub>{j}</sub>: equation (15) with the input "
                f"replaced by x<sub>{j}</sub>",
                False,
                f"Layer 1 is computed before x<sub>{j}</sub> is used, so dm<sub>1</sub>/"
                f"dx<sub>{j}</sub> = 0 (the largest entry finite differences give is "
                f"{np.abs(first_layer).max():.1g}), and so is this product (largest entry "
                f"{np.abs(uncut).max():.1g}), while the largest entry of dm/dx<sub>{j}</sub> "
                f"is {np.abs(exact).max():.3f}.",
            ),
            Choice(
                f"{cut_names} · dm<sub>{j}</sub>/dx<sub>{j}</sub>",
                True,
                f"x<sub>{j}</sub> enters the network only in layer {j}. The chain runs from "
                f"the output down to layer {j} and stops there, with that layer's Jacobian "
                f"with respect to its own weights as the last factor; the factors below "
                f"layer {j} drop out. This product agrees with finite differences to "
                f"{np.abs(cut - exact).max():.0e}.",
            ),
            Choice(
                f"dm<sub>{depth}</sub>/dx<sub>{j}</sub> alone: the output layer's Jacobian "
                f"with respect to x<sub>{j}</sub>, its input m<sub>{depth - 1}</sub> held fixed",
                False,
                f"Layer {depth} computes its output from its input m<sub>{depth - 1}</sub> and "
                f"its own weights x<sub>{depth}</sub>; with its input held fixed it does not "
                f"change when x<sub>{j}</sub> does, so this Jacobian is zero. x<sub>{j}</sub> "
                f"reaches layer {depth} only through its input, so the factors from layer "
                f"{depth} down to layer {j} are all needed.",
            ),
        ),
    )


# --- chapter 4 --------------------------------------------------------------------------


def order_of_the_chain(widths) -> Question:
    """Chapter 4: which order of (17), the chain for layer 1's weights, costs less."""
    p = layer_widths(widths)
    depth = len(p) - 1
    if depth < 2:
        raise ValueError(f"widths must give at least 2 layers (3 widths), got {list(p)}")
    n_1 = p[1] * (p[0] + 1)  # dm_1/dx_1 is p_1 × p_1(p_0 + 1): one column per weight
    # from the left: (1 × p_L)(p_L × p_{L-1}), ..., (1 × p_2)(p_2 × p_1), (1 × p_1)(p_1 × n_1)
    left = sum(p[i] * p[i - 1] for i in range(depth, 1, -1)) + p[1] * n_1
    # from the right: J_2 dm_1/dx_1, then J_3 (...), ..., every product n_1 columns wide,
    # and last the row vector times the p_L × n_1 result
    right = n_1 * (sum(p[i] * p[i - 1] for i in range(2, depth + 1)) + p[-1])
    counts = (
        f"From the left every step is a row vector times a Jacobian: {left:,} "
        f"multiply–adds in all for the widths {', '.join(map(str, p))}. From the right every "
        f"step but the last multiplies two matrices, each product with p<sub>1</sub>"
        f"(p<sub>0</sub> + 1) = {n_1:,} columns: {right:,} multiply–adds, "
        f"{right / left:,.{0 if right >= 10 * left else 1}f} times as many."
    )
    return Question(
        "04-order-of-the-chain",
        "Read literally, equation (17), whose last factor is ∂m<sub>1</sub>/∂x, is the "
        f"chain for layer 1's weights: a row vector times {depth} Jacobians, the last with "
        "one column per weight of layer 1. For one sample of a network with the widths "
        f"p<sub>0</sub>, …, p<sub>{depth}</sub> = {', '.join(map(str, p))}, which order of "
        "multiplication does less work?",
        (
            Choice(
                "Neither: matrix products are associative, so every order costs the same",
                False,
                "Associativity makes the results equal, not the costs. " + counts,
            ),
            Choice(
                "From the left: the row vector times the last Jacobian first",
                True,
                counts + " That is why backpropagation starts at the loss.",
            ),
            Choice(
                "From the right: the Jacobians near the input first",
                False,
                counts,
            ),
        ),
    )


# --- chapter 5 --------------------------------------------------------------------------


def batch_multiplications(p_in, p_out, num_samples) -> Question:
    """Chapter 5: what one matrix product saves against a loop of outer products (eq. 5)."""
    p_in = nonnegative_int(p_in, "p_in", minimum=1)
    p_out = nonnegative_int(p_out, "p_out", minimum=1)
    N = nonnegative_int(num_samples, "num_samples", minimum=1)
    loop = N * p_out * (p_in + 1)  # N outer products, each p_out × (p_in + 1)
    product = p_out * N * (p_in + 1)  # (p_out × N)(N × (p_in + 1))
    counts = (
        f"Both do the same multiplications: the loop {loop:,} ({N} outer products of "
        f"{p_out} × {p_in + 1} numbers each), the single product {product:,} (a "
        f"{p_out} × {N} matrix times a {N} × {p_in + 1} one)."
    )
    return Question(
        "05-batch-multiplications",
        f"For N = {N} samples the gradient of one layer is a sum of N outer products. A "
        "Python loop forms them one by one and adds them up; the single matrix product does "
        "it in one call. What does the single product save?",
        (
            Choice(
                "About N times fewer multiplications",
                False,
                counts + " The arithmetic is the same.",
            ),
            Choice(
                "It does the same multiplications, but in one call into compiled code "
                "instead of N calls from Python, each with a new temporary matrix",
                True,
                counts + " What the loop adds is N rounds of Python overhead and N "
                "temporary matrices.",
            ),
            Choice(
                "The products with zero that the outer products contain",
                False,
                counts + " An outer product of two vectors without zeros has no zero "
                "entries to skip.",
            ),
        ),
    )


def column_stacking(X, O) -> Question:
    """Chapter 5: ∂w/∂x_j when the weights are listed column by column (vec(X))."""
    X = as_real_array(X, "X", ndim=2)
    O = as_real_array(O, "O", ndim=1)
    if X.shape[1] != O.size + 1:
        raise ValueError(f"X must have shape (p_j, {O.size + 1}) to act on O, got {X.shape}")
    a = np.append(O, 1.0)
    rows = X.shape[0]
    by_columns = numerical_jacobian(lambda v: v.reshape(X.shape, order="F") @ a, X.ravel("F"))
    gap = np.abs(by_columns - np.kron(a[None, :], np.eye(rows))).max()
    why = (
        "Listing by columns puts the weights of one column c of X<sub>j</sub> next to each "
        "other. All of them multiply the same entry a<sub>c</sub>, one for each row, so the "
        "block of ∂w/∂x<sub>j</sub> for column c is a<sub>c</sub>I, and the blocks side by "
        "side are a<sup>T</sup> ⊗ I: the same matrix as I ⊗ a<sup>T</sup> with its columns "
        "reordered. Finite differences in the column-by-column order agree with "
        f"a<sup>T</sup> ⊗ I to {gap:.0e}."
    )
    return Question(
        "05-column-stacking",
        "Many textbooks list the entries of a matrix column by column, vec(X), where this "
        "book lists them row by row (x<sub>j</sub> = X<sub>j</sub>.ravel()). With the "
        "weights listed column by column, ∂w/∂x<sub>j</sub> is…",
        (
            Choice("still I ⊗ a<sup>T</sup>: the order of the list does not matter", False, why),
            Choice("a<sup>T</sup> ⊗ I", True, why),
            Choice(
                "the transpose of I ⊗ a<sup>T</sup>",
                False,
                "A transpose would have one row per weight; the derivative of the "
                f"{rows} entries of w keeps {rows} rows whatever the order of the weights. " + why,
            ),
        ),
    )


# --- chapter 6 --------------------------------------------------------------------------


def memory_ratio_at_twice_the_width(backprop, jacobian, width) -> Question:
    """Chapter 6: how the dense chain's peak memory over backpropagation's changes at 2p.

    ``backprop`` and ``jacobian`` are the chapter's measurements (CostCurve objects of
    ``lib.measure.measure_gradient_cost``), each taken at ``width`` and twice it; the
    verdict quotes them.
    """
    p = nonnegative_int(width, "width", minimum=1)
    peak, gradient = {}, {}
    for name, curve in (("backprop", backprop), ("jacobian", jacobian)):
        widths = [int(q) for q in getattr(curve, "widths", ())]
        if getattr(curve, "method", None) != name or not {p, 2 * p} <= set(widths):
            raise ValueError(
                f"{name} must be the {name!r} measurement at the widths {p} and {2 * p}, "
                f"got {getattr(curve, 'method', curve)!r} at {widths}"
            )
        peak[name] = {q: float(curve.peak_bytes[widths.index(q)]) for q in (p, 2 * p)}
        gradient[name] = {q: float(curve.gradient_bytes[widths.index(q)]) for q in (p, 2 * p)}
    L = jacobian.depth
    R = {q: peak["jacobian"][q] / peak["backprop"][q] for q in (p, 2 * p)}
    growth = R[2 * p] / R[p]
    q = 2 * p
    # the gradient has L·q(q + 1) numbers; one dense dm_j/dx_j has q·q(q + 1)
    held = peak["jacobian"][q] / (gradient["jacobian"][q] * q / L)
    share = peak["backprop"][q] / gradient["backprop"][q]
    factors = {"R: it is a constant factor": 1, "2R": 2, "4R": 4, "8R": 8}
    nearest = min(factors, key=lambda text: abs(np.log2(growth / factors[text])))
    why = (
        f"Measured above with tracemalloc (the table below lists it): the dense chain's "
        f"peak is {R[p]:.0f}× "
        f"backpropagation's at width {p} and {R[q]:.0f}× at width {q}, so doubling the width "
        f"multiplied R by {growth:.2f}. At width {q} the dense chain's peak is {held:.2f} "
        "times the size of one p × p(p + 1) Jacobian dm<sub>j</sub>/dx<sub>j</sub>, about p³ "
        f"numbers each, while backpropagation's is {share:.2f} times the gradient, "
        f"L·p(p + 1) numbers, about p². So R is about {held / share:.2f}·p/L: "
        f"{R[p] / p:.2f}·p at width {p} and {R[q] / q:.2f}·p at width {q}."
    )
    return Question(
        "06-memory-ratio-at-twice-the-width",
        f"With {L} layers of width p = {p}, the dense Jacobian chain needs some multiple R of "
        f"backpropagation's peak memory for one gradient. At width {q}, with the same "
        "depth, the multiple is about…",
        tuple(Choice(text, text == nearest, why) for text in factors),
    )


def _narrow_layer_orders(p):
    """The two orders of J_L ⋯ J_1 around the narrowest inner width p_q, 2 <= q <= L - 2:
    J_{q+1} J_q first (then the cheapest way on), and from both ends inward, crossing p_q
    last. None where the chain is too short or its narrowest layer sits next to an end."""
    L = len(p) - 1
    q = min(range(1, L), key=lambda i: p[i]) if L >= 2 else 0
    if not 2 <= q <= L - 2:
        return None
    # J_{q+1} J_q as one factor: the chain without p_q, whose layer q is that product
    merged = cheapest_order(p[:q] + p[q + 1 :]).order

    def renumber(node):
        if isinstance(node, tuple):
            return (renumber(node[0]), renumber(node[1]))
        return (q + 1, q) if node == q else node + 1 if node > q else node

    left, right = L, 1
    for i in range(L - 1, q, -1):  # J_L ⋯ J_{q+1} from the left
        left = (left, i)
    for i in range(2, q + 1):  # J_q ⋯ J_1 from the right
        right = (i, right)
    return q, renumber(merged), (left, right)


def cheapest_order_of_a_chain(widths) -> Question:
    """Chapter 6: which order of J_L ⋯ J_1 (eq. 15) needs the fewest multiply–adds."""
    p = layer_widths(widths)
    L = len(p) - 1
    best, dearest = cheapest_order(p), _dearest_cost(p)
    offered = {
        "From the left, as reverse mode does": reverse_order(L),
        "From the right, as forward mode does": forward_order(L),
    }
    notes = {
        "From the left, as reverse mode does": f" From the left every block "
        f"J<sub>{L}</sub> ⋯ J<sub>i</sub> has p<sub>{L}</sub> = {p[L]} rows.",
        "From the right, as forward mode does": f" From the right every block "
        f"J<sub>i</sub> ⋯ J<sub>1</sub> has p<sub>0</sub> = {p[0]} columns.",
    }
    around = _narrow_layer_orders(p)
    if around is not None:
        q, middle, ends = around
        first = f"Start at the narrow layer: multiply J<sub>{q + 1}</sub> J<sub>{q}</sub> first"
        both = "From both ends towards the narrow layer, crossing it last"
        offered[first], offered[both] = middle, ends
        notes[first] = (
            f" J<sub>{q + 1}</sub> J<sub>{q}</sub> sums over the narrow width p<sub>{q}</sub> = "
            f"{p[q]} at once and leaves a {p[q + 1]} × {p[q - 1]} block, which the other "
            f"products carry through the wide layers: {order_text(middle)} costs "
            f"{order_cost(p, middle):,}."
        )
        notes[both] = (
            f" {order_text(ends)} multiplies each side of layer {q} from its own end, "
            f"leaving blocks of {p[L]} × {p[q]} and {p[q]} × {p[0]}; only the last product "
            f"sums over the narrow width p<sub>{q}</sub> = {p[q]}."
        )
    cost = {text: order_cost(p, order) for text, order in offered.items()}
    same = "All orders cost the same: matrix products are associative"
    cheapest = [text for text in offered if cost[text] == best.cost]
    if best.cost != dearest and len(cheapest) != 1:
        raise ValueError(
            f"widths {p}: the cheapest order, {order_text(best.order)}, is none of the "
            f"offered orders or ties with another; choose widths where one of them wins"
        )
    right = same if best.cost == dearest else cheapest[0]
    why = (
        f"For the widths {', '.join(map(str, p))}: "
        + ", ".join(f"{order_text(order)} costs {cost[t]:,}" for t, order in offered.items())
        + f" multiply–adds; the cheapest order, {order_text(best.order)}, costs {best.cost:,}, "
        "as the dynamic programming below finds."
    )
    choices = [Choice(text, text == right, why + notes[text]) for text in offered]
    note = "" if right == same else " Associativity makes the results equal, not the costs."
    choices.append(Choice(same, right == same, why + note))
    return Question(
        "06-cheapest-order-of-a-chain",
        f"The chain J<sub>{L}</sub> ⋯ J<sub>1</sub> has the widths p<sub>0</sub>, …, "
        f"p<sub>{L}</sub> = {', '.join(map(str, p))}. Which order of multiplication "
        "needs the fewest multiply–adds?",
        tuple(choices),
    )


def _dearest_cost(p):
    """The most multiply–adds any order of J_L ⋯ J_1 needs (the dynamic programming of
    ``cheapest_order`` with max for min): all orders cost the same exactly when it is the
    fewest."""
    L = len(p) - 1
    worst = {(i, i): 0 for i in range(1, L + 1)}
    for length in range(2, L + 1):
        for a in range(1, L - length + 2):
            b = a + length - 1
            worst[a, b] = max(
                worst[k + 1, b] + worst[a, k] + p[b] * p[k] * p[a - 1] for k in range(a, b)
            )
    return worst[1, L]


# --- chapter 7 --------------------------------------------------------------------------


def sigmoid_factor_per_layer(weights, Z, Y) -> Question:
    """Chapter 7: by what factor ‖δ_j‖ changes per layer in a deep sigmoid network."""
    weights, Z, Y, _ = check_network(weights, Z, Y, "sigmoid")
    depth = len(weights)
    norms = gradient_norms(weights, Z, Y, ["sigmoid"] * (depth - 1) + ["identity"])
    ratio = float(norms.outputs[0] / norms.outputs[-1])
    factor = ratio ** (1 / depth)
    hidden = forward(weights, Z, ["sigmoid"] * (depth - 1) + ["identity"])[1:depth]
    slope = float(np.mean([np.mean(O * (1 - O)) for O in hidden]))  # σ′ = σ(1 − σ)
    why = (
        f"Measured on this network: ‖δ<sub>0</sub>‖ / ‖δ<sub>{depth}</sub>‖ = {ratio:.1e}, "
        f"a factor {factor:.3f} per layer on average. init_weights makes each "
        "X̄<sub>j</sub> neutral on average (it neither stretches nor shrinks a vector), so "
        f"the factor is set by σ′: the slopes σ′ of the hidden units average {slope:.3f} "
        "here, and the sigmoid's slope is at most 1/4, at w = 0."
    )
    return Question(
        "07-sigmoid-factor-per-layer",
        f"This network has {depth} layers, sigmoid units and the weights of "
        "<code>init_weights</code>. On its way from the output down to the input, by about "
        "what factor per layer does the length of the row vector δ<sub>j</sub> change?",
        (
            Choice(
                "About 1: init_weights scales the weights to keep it", 0.75 <= factor < 1.3, why
            ),
            Choice("About 1/2", 0.3 <= factor < 0.75, why),
            Choice("About 1/4, or less", factor < 0.3, why),
            Choice("It grows, by more than 1.3 per layer", factor >= 1.3, why),
        ),
    )
