"""The predict-then-check renderer, the exercises' references and the verdicts without a
hint.

The questions themselves are built in the chapters, whose hidden checks assert which
choice is right (nbval runs them). What a chapter's question counts on that no chapter
cell checks by a second route is recomputed here: the algebra of centring, and numpy's
own count of the multiplications of a loop and of one product.
"""

import re
from html.parser import HTMLParser

import numpy as np
import pytest

import lib
import lib.teaching
from lib.teaching import Choice, Question, check_function, check_value

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


def test_maths_is_written_as_sphinx_writes_inline_maths_for_mathjax():
    """$...$, as in the chapters' Markdown, becomes the span Sphinx makes of inline maths
    (MathJax typesets it on the site and in JupyterLab); a < in TeX stays text."""
    question = Question(
        "maths",
        r"Is $s < 2/\lambda_\max$ for <em>every</em> step?",
        (Choice(r"yes, $\vv a^T$", True, r"$|1 - s\lambda| < 1$."), Choice("no", False, "w")),
    )
    page = question._repr_html_()
    spans = re.findall(r'<span class="math notranslate nohighlight">(.*?)</span>', page)
    assert spans == [r"\(s &lt; 2/\lambda_\max\)", r"\(\vv a^T\)", r"\(|1 - s\lambda| &lt; 1\)"]
    assert "$" not in page and "<em>every</em>" in page
    # a full stop right after a formula stays on its line: the browser would wrap before it
    assert re.search(
        r'<span style="white-space: nowrap"><span class="math[^>]*>[^<]*</span>\.</span>', page
    )
    # the plain-text form keeps the TeX as written and drops the tags
    assert r"Is $s < 2/\lambda_\max$ for every step?" in repr(question)
    assert r"A. yes, $\vv a^T$" in repr(question)


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
        (
            lambda: Question("k", "p", (Choice("$a", True, "w"), Choice("b", False, "w"))),
            ValueError,
            r"choices\[0\].text must pair each \$",
        ),
        (
            lambda: Question("k", "$$p$$", small_question().choices),
            ValueError,
            r"prompt must pair each \$",
        ),
    ],
)
def test_a_bad_question_is_refused_naming_the_argument(build, error, pattern):
    with pytest.raises(error, match=pattern):
        build()


# --- what the chapters' questions count on, by a second route ----------------------------


def test_centring_keeps_det_h_lowers_its_trace_and_so_the_eigenvalue_ratio():
    """Chapter 1's question on centring: rounder, not round, for every data set with
    z̄ ≠ 0 and var(z) ≠ 1; and Exercise 3's reference, by the closed form."""
    z, A, _ = chapter_1_problem()
    before = lib.step_size_milestones(A)
    after = lib.teaching.answers.centred_ratio(z)
    assert 1.2 < after < before.lambda_max / before.lambda_min  # the chapter's data
    assert after == pytest.approx(max(np.var(z), 1 / np.var(z)), rel=1e-12)  # 2, 2 var(z)
    rng = np.random.default_rng(7)
    for _ in range(50):  # eigenvalues by the quadratic formula, not by lib
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
def test_a_loop_of_outer_products_and_one_product_do_the_same_multiplications(p_in, p_out, N):
    """Chapter 5's question counts both with lib.order_cost; numpy counts them here."""
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
    assert by_loop == by_product
    assert by_loop == N * lib.order_cost([p_in + 1, 1, p_out], (2, 1))  # the chapter's counts
    assert by_product == lib.order_cost([p_in + 1, N, p_out], (2, 1))


# --- the exercises' references -----------------------------------------------------------


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


def test_chapter_7_exercise_3_reference_is_the_first_layers_movement():
    rng = np.random.default_rng(1)
    weights = lib.init_weights([3, 4, 4, 1], seed=2)
    Z, Y = rng.normal(size=(3, 10)), rng.normal(size=(1, 10))
    got = lib.teaching.answers.first_layer_movement(weights, Z, Y, 0.05, 20, "tanh")

    def grad(ws):
        return lib.loss_and_grad(ws, Z, Y, "tanh")[1]

    run = lib.gradient_descent(grad, weights, 0.05, 20)
    expected = np.linalg.norm(run.x[0] - weights[0]) / np.linalg.norm(weights[0])
    assert got == pytest.approx(expected, rel=1e-12)


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
