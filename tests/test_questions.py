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
    assert f"{distances[0]:.3f} to {distances[1]:.3f}" in q.right.why
    with pytest.raises(ValueError, match="factor"):
        questions.first_step_past_the_bound(A, y, factor=0.5)


def test_chapter_1_centring_shrinks_the_eigenvalue_ratio():
    z, A, _ = chapter_1_problem()
    q = questions.effect_of_centring()
    assert q.right.text.startswith("shrink")
    before = lib.step_size_milestones(A)
    after = lib.teaching.answers.centred_ratio(z)
    assert after < before.lambda_max / before.lambda_min
    closed_form = max(np.var(z), 1 / np.var(z))  # eigenvalues 2 and 2 var(z)
    assert after == pytest.approx(closed_form, rel=1e-12)


def test_chapter_2_a_decreasing_outer_function_flips_the_gradient():
    def f(x):
        return float(np.sum((x - 0.5) ** 2))

    points = np.random.default_rng(0).uniform(-1.5, 2.5, size=(6, 2))
    q = questions.decreasing_outer_function(f, lambda x: 2 * (x - 0.5), points)
    assert q.right.text == "exactly against ∇f"
    assert "−1.000000" in q.right.why
    for x in points:  # closed form of (7): -exp(-f) times 2(x - c)
        grad_h = -np.exp(-f(x)) * 2 * (x - 0.5)
        assert grad_h @ (2 * (x - 0.5)) < 0


def test_chapter_3_the_chain_for_layer_weights_is_cut_at_that_layer():
    weights = lib.init_weights([3, 5, 4, 2], seed=4)
    z = np.random.default_rng(5).standard_normal(3)
    q = questions.chain_for_layer_weights(weights, z, "tanh")
    assert "dm<sub>1</sub>" not in q.right.text and q.right.text.endswith("/dx<sub>2</sub>")
    with pytest.raises(ValueError, match="j must be a layer"):
        questions.chain_for_layer_weights(weights, z, "tanh", j=3)


def test_chapter_4_the_chain_is_cheaper_from_the_left():
    q = questions.order_of_the_chain([1000, 1000, 1000, 1000])
    assert q.right.text.startswith("From the left")
    left = 3 * 1000 * 1000  # three row-vector-times-matrix products
    right = 2 * 1000**3 + 1000 * 1000  # two matrix products, then the row vector
    assert f"{left:,}" in q.right.why and f"{right:,}" in q.right.why


def test_chapter_4_the_memory_ratio_doubles_with_the_width():
    q = questions.memory_ratio_at_twice_the_width(32, 3)
    assert q.right.text == "2R"
    curves = [
        lib.measure.measure_gradient_cost(method, [32, 64], depth=3, repeat=1)
        for method in ("backprop", "jacobian")
    ]
    measured = curves[1].peak_bytes / curves[0].peak_bytes
    assert 1.6 < measured[1] / measured[0] < 2.5


def test_chapter_5_loop_and_product_do_the_same_multiplications():
    q = questions.batch_multiplications(2, 3, 64)
    assert q.right.text.startswith("It does the same multiplications")
    U, A = np.ones((3, 64)), np.ones((3, 64))
    loop = sum(np.outer(U[:, i], A[:, i]).size for i in range(64))  # one per entry
    product = U.shape[0] * U.shape[1] * A.shape[0]  # (3 x 64)(64 x 3)
    assert loop == product and f"{loop:,}" in q.right.why


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


def test_chapter_4_exercise_3_reference_is_a_trained_relu_network():
    rng = np.random.default_rng(1)
    Z = np.sort(rng.uniform(-2, 2, 20))[None, :]
    Y = np.sin(1.6 * Z)
    weights = lib.init_weights([1, 6, 1], seed=3)
    final = lib.teaching.answers.relu_final_loss(weights, Z, Y, num_steps=50)
    start = lib.loss_and_grad(weights, Z, Y, ["relu", "identity"])[0]
    assert final < start


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
