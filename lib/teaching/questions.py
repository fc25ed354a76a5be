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
from lib.further.chain_order import chain_costs, cheapest_order, order_text
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


def first_step_past_the_bound(A, y, factor=1.05) -> Question:
    """Chapter 1: where does the first step of (GD) land just past the bound 2/λ_max?"""
    A, y = check_least_squares(A, y)
    if not isinstance(factor, (int, float)) or not 1 < factor < 2:
        raise ValueError(f"factor must be a number between 1 and 2, got {factor!r}")
    m = step_size_milestones(A)
    s = factor * m.divergence_bound
    x_star = least_squares_solution(A, y)
    x = np.zeros(A.shape[1])
    distances = [float(np.linalg.norm(x - x_star))]
    for _ in range(12):
        x = x - s * least_squares_gradient(x, A, y)
        distances.append(float(np.linalg.norm(x - x_star)))
    rises = np.flatnonzero(np.diff(distances) > 0)
    from_step = int(rises[0]) + 1 if rises.size else None
    # the error x - x* in the eigenvectors of H: flat (λ_min) and steep (λ_max) component
    _, vectors = np.linalg.eigh(2.0 / len(y) * A.T @ A)
    start = np.abs(vectors.T @ (0.0 - x_star))
    after = np.abs(vectors.T @ (-s * least_squares_gradient(np.zeros_like(x_star), A, y) - x_star))
    why = (
        f"The distance to x* goes from {distances[0]:.3f} to {distances[1]:.3f}: the first "
        f"step gets closer. Past the bound only the error along the steepest direction "
        f"(the eigenvector of λ<sub>max</sub>) grows, by the factor |1 − sλ<sub>max</sub>| = "
        f"{abs(1 - s * m.lambda_max):.3f} at every step, while the error along the other "
        f"eigenvector shrinks by |1 − sλ<sub>min</sub>| = {abs(1 - s * m.lambda_min):.3f}. "
        f"In the first step the steep part grows from {start[1]:.3f} to {after[1]:.3f}, but "
        f"the flat part falls from {start[0]:.3f} to {after[0]:.3f}, so the distance "
        f"shrinks. The steep part keeps growing and the flat part is soon used up: from "
        f"step {from_step} on the distance rises at every step, and the run diverges."
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
                False,
                why,
            ),
            Choice("closer to x*, although the run diverges", True, why),
            Choice(
                "exactly as far from x*: just past the bound, growth and shrinking cancel",
                False,
                "Nothing balances like that. " + why,
            ),
        ),
    )


def effect_of_centring() -> Question:
    """Chapter 1: what centring the inputs does to λ_max/λ_min, and why."""
    why = (
        "With centred inputs the column of ones and the column of inputs of A are "
        "orthogonal, because the centred inputs sum to zero. Then H = (2/N)A<sup>T</sup>A is "
        "diagonal, its eigenvalues are its diagonal entries 2 and 2·var(z), and the coupling "
        "of intercept and slope that tilted and stretched the level sets is gone. At the "
        "optimal step each error component shrinks by the factor (λ<sub>max</sub> − "
        "λ<sub>min</sub>)/(λ<sub>max</sub> + λ<sub>min</sub>) per step, which is small when "
        "the ratio is close to 1. Exercise 3 computes the new ratio."
    )
    return Question(
        "01-effect-of-centring",
        "Replace the inputs z<sub>i</sub> by the centred z<sub>i</sub> − z̄ and fit the same "
        "kind of line. The ratio λ<sub>max</sub>/λ<sub>min</sub> of the Hessian's eigenvalues "
        "(and with it the number of steps the optimal step size needs) will…",
        (
            Choice("grow: the fitted line moves, which makes the problem harder", False, why),
            Choice(
                "stay the same: shifting the inputs does not change the problem",
                False,
                "The best fit is the same line, but the Hessian depends on A, and the "
                "off-diagonal entry of A<sup>T</sup>A is Σz<sub>i</sub>, zero only for "
                "centred inputs. " + why,
            ),
            Choice("shrink, towards 1", True, why),
        ),
    )


# --- chapter 2 --------------------------------------------------------------------------


def decreasing_outer_function(f, grad_f, points) -> Question:
    """Chapter 2: the direction of ∇h for h = g(f(x)) with a decreasing g (eq. 7)."""
    points = as_real_array(points, "points", ndim=2)
    cosines = []
    for x in points:
        grad_h = numerical_gradient(lambda v: float(np.exp(-f(v))), x)
        g = np.asarray(grad_f(x), dtype=float)
        cosines.append(grad_h @ g / (np.linalg.norm(grad_h) * np.linalg.norm(g)))
    why = (
        "By (7), ∇h = g′(f(x)) ∇f(x), and g′(u) = −e<sup>−u</sup> is negative everywhere: "
        "a negative number times ∇f points exactly against ∇f. A number can stretch, shrink "
        "or flip a vector, never turn it. Measured with finite differences at "
        f"{len(cosines)} points, the cosine of the angle between ∇h and ∇f is at most "
        f"{max(cosines):.6f}.".replace("-", "−")
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
                f"dx<sub>{j}</sub> = 0 (finite differences give {np.abs(first_layer).max():.1g} "
                f"for every entry) and this product is the zero matrix, "
                f"while the largest entry of dm/dx<sub>{j}</sub> is "
                f"{np.abs(exact).max():.3f}.",
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
                f"dm<sub>{depth}</sub>/dx<sub>{j}</sub> alone: the output layer's Jacobian",
                False,
                f"Layer {depth} has weights of its own, x<sub>{depth}</sub>; it sees "
                f"x<sub>{j}</sub> only through its input, so the factors from layer {depth} "
                f"down to layer {j} are all needed.",
            ),
        ),
    )


# --- chapter 4 --------------------------------------------------------------------------


def order_of_the_chain(widths) -> Question:
    """Chapter 4: which order of (17), a row vector times L Jacobians, costs less."""
    p = layer_widths(widths)
    depth = len(p) - 1
    # from the left: (1 × p_L)(p_L × p_{L-1}), then (1 × p_{L-1})(p_{L-1} × p_{L-2}), ...
    left = sum(p[i] * p[i - 1] for i in range(depth, 0, -1))
    # from the right: J_2 J_1, then J_3 (J_2 J_1), ..., and last the row vector times it
    right = sum(p[i] * p[i - 1] * p[0] for i in range(2, depth + 1)) + p[-1] * p[0]
    counts = (
        f"From the left every step is a row vector times a Jacobian: {left:,} "
        f"multiply–adds in all for the widths {', '.join(map(str, p))}. From the right every "
        f"step but the last multiplies two matrices: {right:,} multiply–adds, "
        f"{right / left:,.0f} times as many."
    )
    return Question(
        "04-order-of-the-chain",
        f"Equation (17) is a row vector times {depth} Jacobians. For one sample of a network "
        f"with the widths p<sub>0</sub>, …, p<sub>{depth}</sub> = {', '.join(map(str, p))}, "
        "which order of multiplication does less work?",
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


def memory_ratio_at_twice_the_width(width, depth) -> Question:
    """Chapter 4: how the dense chain's memory over backpropagation's changes at 2p."""
    p = nonnegative_int(width, "width", minimum=1)
    L = nonnegative_int(depth, "depth", minimum=1)

    def ratio(q):  # one dense weight Jacobian against the gradient and the kept outputs
        return q * q * (q + 1) / (L * q * (q + 1) + (L + 1) * (q + 1))

    why = (
        "The dense chain's largest objects are the weight Jacobians dm<sub>j</sub>/"
        "dx<sub>j</sub>, p × p(p + 1) matrices: about p³ numbers. Backpropagation's memory is "
        "mostly the gradient itself, L·p(p + 1) numbers, about p², next to the L + 1 outputs "
        "it keeps from the forward pass, O(Lp). So the ratio grows like p: counting those "
        f"objects it goes from {ratio(p):.0f} at width {p} to {ratio(2 * p):.0f} at width "
        f"{2 * p}, a factor {ratio(2 * p) / ratio(p):.2f}. The measurement below checks it."
    )
    return Question(
        "04-memory-ratio-at-twice-the-width",
        f"With {L} layers of width p = {p}, the dense Jacobian chain needs some multiple R of "
        f"backpropagation's peak memory for one gradient. At width {2 * p}, with the same "
        "depth, the multiple is about…",
        (
            Choice("R: it is a constant factor", False, why),
            Choice("2R", True, why),
            Choice("4R", False, why),
            Choice("8R", False, why),
        ),
    )


# --- chapter 5 --------------------------------------------------------------------------


def batch_multiplications(p_in, p_out, num_samples) -> Question:
    """Chapter 5: why one matrix product beats a loop of outer products over the samples."""
    p_in = nonnegative_int(p_in, "p_in", minimum=1)
    p_out = nonnegative_int(p_out, "p_out", minimum=1)
    N = nonnegative_int(num_samples, "num_samples", minimum=1)
    loop = N * p_out * (p_in + 1)  # N outer products, each p_out × (p_in + 1)
    product = p_out * N * (p_in + 1)  # (p_out × N)(N × (p_in + 1))
    counts = (
        f"Both do the same multiplications: the loop {loop:,} (N outer products of "
        f"{p_out} × {p_in + 1} numbers each), the single product {product:,} (a "
        f"{p_out} × {N} matrix times a {N} × {p_in + 1} one)."
    )
    return Question(
        "05-batch-multiplications",
        f"For N = {N} samples the gradient of one layer is a sum of N outer products. A "
        "Python loop forms them one by one and adds them up; the single matrix product does "
        "it in one call. Why is the single product faster?",
        (
            Choice(
                "It does about N times fewer multiplications",
                False,
                counts + " The arithmetic is not where the time goes.",
            ),
            Choice(
                "It does the same multiplications, but in one call into compiled code "
                "instead of N calls from Python, each with a new temporary matrix",
                True,
                counts + " What the loop adds is N rounds of Python overhead and N "
                "temporary matrices.",
            ),
            Choice(
                "It skips the products with zero that the outer products contain",
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


def cheapest_order_of_a_chain(widths) -> Question:
    """Chapter 6: which order of J_L ⋯ J_1 needs the fewest multiply–adds for these widths."""
    p = layer_widths(widths)
    costs, best = chain_costs(p), cheapest_order(p)
    why = (
        f"For the widths {', '.join(map(str, p))}: {costs.reverse:,} multiply–adds from the "
        f"left, {costs.forward:,} from the right, and {best.cost:,} in the cheapest order, "
        f"{order_text(best.order)}, which the dynamic programming below finds."
    )
    ends = min(costs.reverse, costs.forward)
    return Question(
        "06-cheapest-order-of-a-chain",
        f"The chain J<sub>{len(p) - 1}</sub> ⋯ J<sub>1</sub> has the widths p<sub>0</sub>, …, "
        f"p<sub>{len(p) - 1}</sub> = {', '.join(map(str, p))}. Which order of multiplication "
        "needs the fewest multiply–adds?",
        (
            Choice(
                "From the left, as reverse mode does",
                best.cost == costs.reverse < costs.forward,
                why,
            ),
            Choice(
                "From the right, as forward mode does",
                best.cost == costs.forward < costs.reverse,
                why,
            ),
            Choice(
                "Neither end: an order that starts in the middle",
                best.cost < ends,
                why + " Either end carries a block as wide as its end through the wide "
                "layers; starting at the narrow layer never does.",
            ),
            Choice(
                "All orders cost the same: matrix products are associative",
                best.cost == costs.reverse == costs.forward,
                "Associativity makes the results equal, not the costs. " + why,
            ),
        ),
    )


# --- chapter 7 --------------------------------------------------------------------------


def sigmoid_factor_per_layer(weights, Z, Y) -> Question:
    """Chapter 7: by what factor ‖δ_j‖ changes per layer in a deep sigmoid network."""
    weights, Z, Y, _ = check_network(weights, Z, Y, "sigmoid")
    depth = len(weights)
    norms = gradient_norms(weights, Z, Y, ["sigmoid"] * (depth - 1) + ["identity"])
    ratio = float(norms.outputs[0] / norms.outputs[-1])
    factor = ratio ** (1 / depth)
    why = (
        f"Measured on this network: ‖δ<sub>0</sub>‖ / ‖δ<sub>{depth}</sub>‖ = {ratio:.1e}, "
        f"a factor {factor:.3f} per layer on average. init_weights makes each "
        "X̄<sub>j</sub> neutral on average (it neither stretches nor shrinks a vector), so "
        "the factor is set by σ′, and the sigmoid's slope is at most 1/4, at w = 0."
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
