"""Predict-then-check questions, the exercises' references and the verdicts without a hint.

The questions' facts are recomputed here by a second route (a loop, a closed form or
finite differences), so a question whose right choice stated something false would fail.
"""

import re
from html.parser import HTMLParser

import numpy as np
import pytest

import lib
import lib.measure
import lib.teaching
from lib.teaching import Choice, Question, check_function, check_value, questions

pytestmark = pytest.mark.filterwarnings("error")


def chapter_1_problem():
    rng = np.random.default_rng(seed=2)
    z = rng.uniform(-1.0, 2.0, size=40)
    y = 0.5 + 1.5 * z + 0.3 * rng.standard_normal(40)
    return z, np.column_stack([np.ones(40), z]), y


class _Page(HTMLParser):
    """The <details> of a rendered question: summary text, verdict text, open or not."""

    def __init__(self, text):
        super().__init__()
        self.choices, self.stack, self.tags = [], [], []
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        if tag == "details":
            self.choices.append({"open": "open" in dict(attrs), "summary": "", "verdict": ""})
        self.stack.append(tag)

    def handle_endtag(self, tag):
        self.stack.pop()

    def handle_data(self, data):
        if self.choices and "details" in self.stack:
            key = "summary" if "summary" in self.stack else "verdict"
            self.choices[-1][key] += data


def small_question():
    return Question(
        "test-question",
        "Which is larger?",
        (Choice("2", True, "Two is one more."), Choice("1", False, "One is one less.")),
    )


def test_a_question_renders_one_closed_details_per_choice_with_its_verdict():
    page = _Page(small_question()._repr_html_())
    assert [c["summary"].strip() for c in page.choices] == ["A. 2", "B. 1"]
    assert not any(c["open"] for c in page.choices), "a verdict must open only on a click"
    assert page.choices[0]["verdict"].strip().startswith("Right.")
    assert page.choices[1]["verdict"].strip().startswith("Not quite.")
    # nothing that needs a script, a stylesheet or a kernel
    assert {"script", "style", "button", "input"}.isdisjoint(page.tags)


def test_the_plain_text_form_hides_the_verdicts():
    text = repr(small_question())
    assert "Which is larger?" in text and "A. 2" in text and "B. 1" in text
    assert "Right" not in text and "one more" not in text


@pytest.mark.parametrize(
    "build, error, pattern",
    [
        (lambda: Question("Bad Key", "p", small_question().choices), ValueError, "key"),
        (lambda: Question("k", "", small_question().choices), TypeError, "prompt"),
        (lambda: Question("k", "p", (Choice("a", True, "w"),)), ValueError, "choices"),
        (
            lambda: Question("k", "p", (Choice("a", True, "w"), Choice("b", True, "w"))),
            ValueError,
            "exactly one right",
        ),
        (lambda: Question("k", "p", (Choice("a", True, "w"), "b")), TypeError, r"choices\[1\]"),
        (
            lambda: Question("k", "<script>x</script>", small_question().choices),
            ValueError,
            "prompt must not hold a script",
        ),
        (
            lambda: Question("k", "p", (Choice("a", True, "w"), Choice("b", False, ""))),
            TypeError,
            r"choices\[1\].why",
        ),
    ],
)
def test_a_bad_question_is_refused_naming_the_argument(build, error, pattern):
    with pytest.raises(error, match=pattern):
        build()


# --- each chapter's question states a fact that a second computation confirms ----------


def test_chapter_1_first_step_past_the_bound_gets_closer_then_runs_away():
    _, A, y = chapter_1_problem()
    q = questions.first_step_past_the_bound(A, y)
    assert q.right.text.startswith("closer")
    m = lib.step_size_milestones(A)
    s, x_star = 1.05 * m.divergence_bound, lib.least_squares_solution(A, y)
    x, distances = np.zeros(2), []
    for _ in range(40):  # a plain loop of (GD), not lib.gradient_descent
        distances.append(np.linalg.norm(x - x_star))
        x = x - s * (2 / len(y)) * A.T @ (A @ x - y)
    assert distances[1] < distances[0] and distances[-1] > 10 * distances[0]
    assert f"{distances[0]:.3f} to {distances[1]:.3f}: the first step gets closer" in q.right.why
    # "from step k on the distance rises at every step": true from k, false just before
    k = int(re.search(r"from step (\d+) on the distance rises at every step", q.right.why)[1])
    assert np.all(np.diff(distances[k - 1 :]) > 0) and distances[k - 1] <= distances[k - 2]
    assert f"to {distances[12]:.3f} at step 12" in q.right.why
    # the two factors it quotes: the steep one above 1, the flat one below 1 (it shrinks)
    grow, shrink = abs(1 - s * m.lambda_max), abs(1 - s * m.lambda_min)
    assert grow > 1 > shrink and f"shrinks by |1 − sλ<sub>min</sub>| = {shrink:.3f}" in q.right.why
    with pytest.raises(ValueError, match="factor"):
        questions.first_step_past_the_bound(A, y, factor=0.5)
    with pytest.raises(ValueError, match="num_steps"):
        questions.first_step_past_the_bound(A, y, num_steps=1)


def test_chapter_1_first_step_past_the_bound_says_further_when_it_is():
    """Data on which the first step lands further away: the verdict follows the numbers."""
    A = np.diag([1.0, 2.0])  # H = diag(1, 4): the steep direction is x_2
    y = np.array([0.2, 2.0])  # x* = (0.2, 1) lies mostly along the steep direction
    q = questions.first_step_past_the_bound(A, y)
    assert q.right.text.startswith("further")
    assert "the first step lands further away" in q.right.why
    # by hand: s = 1.05 · 2/4, the steep part 1 → 1.1, the flat part 0.2 → 0.2 · 0.475
    assert "steep part grows from 1.000 to 1.100" in q.right.why
    assert "flat part falls from 0.200 to 0.095" in q.right.why
    assert "shrinks by |1 − sλ<sub>min</sub>| = 0.475" in q.right.why


def test_chapter_1_first_step_past_the_bound_when_both_parts_grow():
    """λ_min close to λ_max: past the bound the flat part grows too, and the verdict says so."""
    A = np.diag([1.0, 1.02])  # H = diag(1, 1.0404); s λ_min = 2.1/1.0404 > 2
    q = questions.first_step_past_the_bound(A, np.array([1.0, 1.02]))  # x* = (1, 1)
    flat = abs(1 - 2.1 / 1.02**2)
    assert flat > 1 and "so does the error along the other eigenvector, by " in q.right.why
    assert f"= {flat:.3f}" in q.right.why
    assert f"flat part grows from 1.000 to {flat:.3f}" in q.right.why
    assert "only" not in q.right.why and "shrinks" not in q.right.why
    assert "Both parts keep growing" in q.right.why


def test_chapter_1_centring_shrinks_the_eigenvalue_ratio_but_not_to_1():
    z, A, _ = chapter_1_problem()
    q = questions.effect_of_centring()
    assert q.right.text == "shrink, but not all the way to 1"
    before = lib.step_size_milestones(A)
    after = lib.teaching.answers.centred_ratio(z)
    assert 1.2 < after < before.lambda_max / before.lambda_min  # rounder, not round
    closed_form = max(np.var(z), 1 / np.var(z))  # eigenvalues 2 and 2 var(z)
    assert after == pytest.approx(closed_form, rel=1e-12)
    # the verdict's reason, on many data sets: centring keeps det H and lowers its trace,
    # and the ratio falls (a second route: eigenvalues from the quadratic formula)
    rng = np.random.default_rng(7)
    for _ in range(50):
        w = rng.uniform(-3, 3) + rng.uniform(0.1, 3) * rng.standard_normal(20)
        H = 2 * np.array([[1, w.mean()], [w.mean(), np.mean(w**2)]])
        H_c = 2 * np.diag([1, np.var(w)])
        assert np.linalg.det(H_c) == pytest.approx(np.linalg.det(H), rel=1e-9)
        assert np.trace(H_c) == pytest.approx(np.trace(H) - 2 * w.mean() ** 2, rel=1e-9)

        def ratio(M):
            half, root = np.trace(M) / 2, np.sqrt(np.trace(M) ** 2 / 4 - np.linalg.det(M))
            return (half + root) / (half - root)

        assert ratio(H_c) < ratio(H)
        assert ratio(H_c) == pytest.approx(lib.teaching.answers.centred_ratio(w), rel=1e-9)


def test_chapter_2_a_decreasing_outer_function_flips_the_gradient():
    def f(x):
        return float(np.sum((x - 0.5) ** 2))

    points = np.random.default_rng(0).uniform(-1.5, 2.5, size=(6, 2))
    q = questions.decreasing_outer_function(f, lambda x: 2 * (x - 0.5), points)
    assert q.right.text == "exactly against ∇f"
    for x in points:  # closed form of (7): -exp(-f) times 2(x - c)
        grad_h = -np.exp(-f(x)) * 2 * (x - 0.5)
        assert grad_h @ (2 * (x - 0.5)) < 0
    # the verdict quotes the angle's distance from 180°, which only the referee's error
    # (about 1e-10, chapter 2) keeps from 0; a cosine would print as −1 for any angle < 1e-8
    quoted = re.search(r"180° to within (\S+) radians", q.right.why)
    angle = float(quoted.group(1).replace("−", "-"))
    assert 0 <= angle < 1e-8
    assert "at most −1.000000" not in q.right.why
    # a grad_f that is not ∇f (here −∇f) makes the verdict false, and the question says so
    with pytest.raises(ValueError, match="does not point against ∇f"):
        questions.decreasing_outer_function(f, lambda x: -2 * (x - 0.5), points)


def test_chapter_3_the_chain_for_layer_weights_is_cut_at_that_layer():
    weights = lib.init_weights([3, 5, 4, 2], seed=4)
    z = np.random.default_rng(5).standard_normal(3)
    q = questions.chain_for_layer_weights(weights, z, "tanh")
    assert "dm<sub>1</sub>" not in q.right.text and q.right.text.endswith("/dx<sub>2</sub>")
    # the uncut chain's verdict quotes its product, which is zero: layer 1 ignores x_2
    uncut = next(c for c in q.choices if "input replaced" in c.text)
    assert "(largest entry 0)" in uncut.why

    def output(x_2):  # dm/dx_2 by finite differences, independently of the question
        trial = [weights[0], x_2.reshape(weights[1].shape), weights[2]]
        return lib.forward(trial, z, "tanh")[-1]

    numeric = lib.numerical_jacobian(output, weights[1].ravel())
    largest = np.abs(numeric).max()
    assert largest > 0.01 and f"is {largest:.3f}." in uncut.why
    # "agrees with finite differences to ...": the quoted gap is small, and the cut chain
    # built by hand (dm_2/dx_2 = diag(σ′) ⊗ [m_1; 1]ᵀ, chapter 5) agrees as well
    gap = float(q.right.why.rsplit("agrees with finite differences to ", 1)[1].rstrip("."))
    assert gap < 1e-8
    outputs = lib.forward(weights, z, "tanh")
    slope_2 = 1 - outputs[2] ** 2  # tanh' read off the output of layer 2
    dm2_dx2 = np.kron(np.diag(slope_2), np.append(outputs[1], 1.0))  # diag(σ′) ⊗ [m_1; 1]ᵀ
    dm3_dm2 = (1 - outputs[3] ** 2)[:, None] * weights[2][:, :-1]
    assert np.abs(dm3_dm2 @ dm2_dx2 - numeric).max() < 1e-8
    # the output layer's own Jacobian is the one with its input held fixed, not the total
    # derivative dm_3/dx_2 (which is dm/dx_2, since m = m_3)
    own = next(c for c in q.choices if c.text.startswith("dm<sub>3</sub>/dx<sub>2</sub>"))
    assert not own.right and "held fixed" in own.text
    with pytest.raises(ValueError, match="j must be a layer"):
        questions.chain_for_layer_weights(weights, z, "tanh", j=3)


def test_chapter_4_the_chain_is_cheaper_from_the_left():
    q = questions.order_of_the_chain([1000, 1000, 1000, 1000])
    assert q.right.text.startswith("From the left")
    assert "3 Jacobians" in q.prompt and "layer 1's weights" in q.prompt
    # (17) for x_1: the row vector, dm_3/dm_2, dm_2/dm_1 and dm_1/dx_1 (1000 x 1000 * 1001)
    n_1 = 1000 * 1001
    left = 2 * 1000 * 1000 + 1000 * n_1  # three row-vector-times-matrix products
    right = 2 * 1000 * 1000 * n_1 + 1000 * n_1  # two matrix products, then the row vector
    assert f"{left:,}" in q.right.why and f"{right:,}" in q.right.why
    assert f"{right / left:,.0f} times as many" in q.right.why  # 1,997
    input_chain = f"{3 * 1000 * 1000:,}"  # dl/dm_0's count, which the question once quoted
    assert not re.search(rf"(?<![\d,]){input_chain}(?![\d,])", q.right.why)
    # uneven widths, against lib's own count of a chain multiplied in a given order
    widths = [3, 7, 2, 5]
    chain = [widths[1] * (widths[0] + 1), *widths[1:], 1]  # its factors' widths, from the right
    q = questions.order_of_the_chain(widths)
    for order in (lib.reverse_order, lib.forward_order):
        assert f"{lib.order_cost(chain, order(len(chain) - 1)):,}" in q.right.why
    # a small ratio keeps a decimal: widths 1, 1, 1 cost 1 + 1 * 2 from the left and
    # 2 * (1 + 1) from the right, 4/3 as many, which a rounded "1 times" would hide
    small = questions.order_of_the_chain([1, 1, 1])
    assert "4 multiply–adds, 1.3 times as many" in small.right.why
    with pytest.raises(ValueError, match="at least 2 layers"):
        questions.order_of_the_chain([4, 3])


def test_chapter_6_the_memory_ratio_is_measured_and_about_doubles_with_the_width():
    curves = [
        lib.measure.measure_gradient_cost(method, [32, 64], depth=3, repeat=1)
        for method in ("backprop", "jacobian")
    ]
    q = questions.memory_ratio_at_twice_the_width(*curves, 32)
    assert q.right.text == "2R"
    measured = curves[1].peak_bytes / curves[0].peak_bytes
    assert 1.6 < measured[1] / measured[0] < 2.5
    # the verdict quotes the measurement: the ratio is about p (three p × p(p + 1)
    # matrices against L = 3 layers' gradient), not p/L
    assert f"{measured[0]:.0f}× backpropagation's at width 32" in q.right.why
    assert f"{measured[1]:.0f}× at width 64" in q.right.why
    assert 0.8 * 32 < measured[0] < 1.1 * 32
    one_jacobian = 8 * 64 * 64 * 65  # bytes of one 64 × 64·65 matrix of float64
    assert f"{curves[1].peak_bytes[1] / one_jacobian:.2f} times the size" in q.right.why


def test_chapter_6_the_memory_question_picks_the_nearest_multiple():
    def curve(method, peaks, gradient):
        widths, peaks = np.array([8, 16]), np.array(peaks, dtype=float)
        return lib.measure.CostCurve(method, widths, 3, peaks, np.array(gradient), np.ones(2))

    backprop = curve("backprop", [100, 400], [90, 360])
    for peaks, right in (([500, 2000], "R: it is a constant factor"), ([500, 7600], "4R")):
        jacobian = curve("jacobian", peaks, [90, 360])
        q = questions.memory_ratio_at_twice_the_width(backprop, jacobian, 8)
        assert q.right.text == right
    with pytest.raises(ValueError, match="at the widths 16 and 32"):
        questions.memory_ratio_at_twice_the_width(backprop, jacobian, 16)
    with pytest.raises(ValueError, match="jacobian must be the 'jacobian' measurement"):
        questions.memory_ratio_at_twice_the_width(backprop, backprop, 8)


class _Counted:
    """A number that counts every multiplication it takes part in (numpy's object arrays
    call ``*`` and ``+`` of their entries, so numpy itself does the counting)."""

    multiplications = 0

    def __init__(self, value):
        self.value = value

    def __mul__(self, other):
        _Counted.multiplications += 1
        return _Counted(self.value * other.value)

    def __add__(self, other):
        return _Counted(self.value + other.value)


def _multiplications(compute, *arrays):
    """How many multiplications ``compute`` makes on ``arrays``, and what it returns."""
    counted = []
    for array in arrays:
        entries = np.empty(array.shape, dtype=object)
        for index in np.ndindex(array.shape):
            entries[index] = _Counted(float(array[index]))
        counted.append(entries)
    _Counted.multiplications = 0
    result = compute(*counted)
    values = np.vectorize(lambda c: c.value, otypes=[float])(result)
    return _Counted.multiplications, values


@pytest.mark.parametrize(("p_in", "p_out", "N"), [(2, 3, 64), (4, 1, 7), (1, 5, 3)])
def test_chapter_5_loop_and_product_do_the_same_multiplications(p_in, p_out, N):
    q = questions.batch_multiplications(p_in, p_out, N)
    assert q.right.text.startswith("It does the same multiplications")
    rng = np.random.default_rng(N)
    U, O_hat = rng.standard_normal((p_out, N)), rng.standard_normal((p_in + 1, N))

    def loop(U, O_hat):  # the chapter's loop of outer products, added up one by one
        total = np.outer(U[:, 0], O_hat[:, 0])
        for k in range(1, N):
            total = total + np.outer(U[:, k], O_hat[:, k])
        return total

    by_loop, loop_value = _multiplications(loop, U, O_hat)
    by_product, product_value = _multiplications(lambda U, O_hat: U @ O_hat.T, U, O_hat)
    np.testing.assert_allclose(loop_value, U @ O_hat.T, rtol=1e-12)
    np.testing.assert_allclose(product_value, U @ O_hat.T, rtol=1e-12)
    # the counts numpy made, quoted by the verdict (loop first, then the product)
    assert by_loop == by_product
    assert f"the loop {by_loop:,} (" in q.right.why
    assert f"the single product {by_product:,} (" in q.right.why
    assert f"({N} outer products of {p_out} × {p_in + 1} numbers each)" in q.right.why
    wrong = next(c for c in q.choices if c.text.startswith("About N times fewer"))
    assert not wrong.right and f"{by_loop:,}" in wrong.why


def test_chapter_5_exercise_3_reference_is_the_rank_of_the_trained_first_layer():
    rng = np.random.default_rng(3)
    Z = rng.uniform(-2, 2, size=(2, 30))
    Y = np.exp(-np.sum(Z**2, axis=0, keepdims=True))
    rank = lib.teaching.answers.trained_first_layer_rank
    # no steps: the rank of the start itself, known by construction
    start = [np.zeros((4, 3)), np.zeros((1, 5))]
    start[0][:2, :2] = np.eye(2)
    assert rank(start, Z, Y, 1.0, 0) == 2
    # equal rows stay equal: every step adds the same row to each (the symmetry)
    equal = [np.full((4, 3), 0.3), np.full((1, 5), -0.2)]
    trained = lib.train(equal, Z, Y, 1.0, 50).x[0]
    assert np.abs(trained - equal[0]).max() > 1e-3 and np.ptp(trained, axis=0).max() < 1e-12
    assert rank(equal, Z, Y, 1.0, 50) == 1
    assert rank(lib.init_weights([2, 4, 1], seed=0), Z, Y, 1.0, 50) == 3
    # a run that diverges has no trained X_1: it is refused, naming the step size
    with pytest.raises(ValueError, match=r"step_size = 1e\+200 makes \(GD\) diverge at step 1"):
        rank(lib.init_weights([2, 4, 1], seed=0), Z, 1e150 * Y, 1e200, 50)


def test_chapter_5_column_stacking_gives_the_other_kronecker_order():
    rng = np.random.default_rng(1)
    X, O_prev = rng.standard_normal((3, 3)), rng.standard_normal(2)
    q = questions.column_stacking(X, O_prev)
    assert q.right.text == "a<sup>T</sup> ⊗ I"
    a = np.append(O_prev, 1.0)
    by_columns = np.zeros((3, 9))
    for c in range(3):  # d w / d X[r, c] = a_c at row r: the block for column c is a_c I
        by_columns[:, 3 * c : 3 * c + 3] = a[c] * np.eye(3)
    np.testing.assert_array_equal(by_columns, np.kron(a[None, :], np.eye(3)))
    assert not np.array_equal(by_columns, np.kron(np.eye(3), a[None, :]))


def test_every_question_of_the_book_renders_without_a_kernel():
    names = [n for n in dir(questions) if not n.startswith("_")]
    built = [getattr(questions, n) for n in names if callable(getattr(questions, n))]
    assert len([f for f in built if getattr(f, "__module__", "") == questions.__name__]) >= 7
    html = questions.effect_of_centring()._repr_html_()
    assert re.search(r'class="predict-check"', html) and "<script" not in html


# --- the exercise checks, now without a hint in the cell -------------------------------


def test_a_wrong_answer_without_a_hint_points_to_the_hints_below(capsys):
    assert check_value(0.5, 0.25, name="Exercise 1") is False
    out = capsys.readouterr().out
    assert "not yet" in out and "hints below" in out and "Hint:" not in out


def test_a_function_that_returns_none_is_told_to_complete_it(capsys):
    def unfinished(x):
        return None

    assert check_function(unfinished, lambda x: x, [np.ones(2)], name="Exercise 2") is False
    assert "It returns None: complete the function." in capsys.readouterr().out
