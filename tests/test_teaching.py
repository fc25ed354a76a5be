"""The teaching helpers: a function's source on the page, and the exercises' self-checks."""

import html
import inspect
import re

import numpy as np
import pytest

import lib
from lib.teaching import check_function, check_value, show_source

pytestmark = pytest.mark.filterwarnings("error")


# --- show_source ------------------------------------------------------------------------


def test_show_source_holds_the_function_exactly_as_in_its_file():
    shown = show_source(lib.loss_and_grad)
    lines, first = inspect.getsourcelines(lib.loss_and_grad)
    assert shown.path == "lib/network.py" and shown.first_line == first
    assert shown.text == "".join(lines).rstrip()  # every line, and nothing after it
    # the door that checks its arguments (lib.checks.checked), then the maths, nothing else
    assert shown.text.startswith("@checked(_loss_door)\ndef loss_and_grad(")
    assert shown.text.count("\ndef ") == 1


def test_show_source_renders_highlighted_html_headed_by_its_file():
    page = show_source(lib.layer_vjp)._repr_html_()
    assert "<code>lib/layers.py</code>" in page
    assert '<div class="highlight lib-source">' in page
    # pygments' token classes, which the website's theme colours in light and dark mode
    assert re.search(r"<span class=\"k\">def</span>.*<span class=\"nf\">layer_vjp</span>", page)
    text = html.unescape(re.sub(r"<[^>]+>", "", page.split("</p>", 1)[1]))
    assert text.strip() == show_source(lib.layer_vjp).text.strip()


def test_the_lab_colours_apply_only_inside_lab_outputs():
    page = show_source(lib.forward)._repr_html_()
    style = page[page.index("<style>") + 7 : page.index("</style>")]
    rules = [rule for rule in style.split("}") if rule.strip()]
    assert rules and all(rule.startswith(".jp-OutputArea-output .lib-source .") for rule in rules)
    assert all("var(--jp-mirror-editor-" in rule for rule in rules)


@pytest.mark.parametrize("value", [42, "loss_and_grad", None, np.ones(2)])
def test_show_source_refuses_what_is_not_a_function(value):
    with pytest.raises(TypeError, match="function must be a function"):
        show_source(value)


# --- the self-checks --------------------------------------------------------------------


def test_a_right_value_is_ticked(capsys):
    assert check_value(0.25, 1 / 4, name="slope", hint="σ′(0)") is True
    out = capsys.readouterr().out
    assert out.startswith("✓ slope: correct.")
    assert "✗" not in out and "Hint" not in out


def test_a_right_array_within_rtol_is_ticked(capsys):
    assert check_value([1.0, 2.0 + 1e-9], np.array([1.0, 2.0]), name="x", hint="h") is True
    assert "✓ x" in capsys.readouterr().out


def test_a_wrong_value_is_crossed_with_the_hint(capsys):
    assert check_value(0.5, 0.25, name="slope", hint="use σ(1 − σ)") is False
    out = capsys.readouterr().out
    assert out.startswith("✗ slope: not yet.")
    assert "differs from the reference" in out and "Hint: use σ(1 − σ)" in out


def test_none_asks_for_an_answer(capsys):
    assert check_value(None, 1.0, name="answer", hint="h") is False
    out = capsys.readouterr().out
    assert "✗" in out and "Replace None with your answer." in out


def test_a_wrong_shape_or_a_non_number_is_explained(capsys):
    assert check_value(np.ones(3), np.ones(2), name="g", hint="h") is False
    assert "Expected shape (2,), got (3,)." in capsys.readouterr().out
    assert check_value("one", 1.0, name="g", hint="h") is False
    assert "Expected a number, got str." in capsys.readouterr().out


def test_a_right_function_is_ticked(capsys):
    def sigmoid_prime(w):
        s = 1 / (1 + np.exp(-w))
        return s * (1 - s)

    points = [-2.0, 0.0, 3.0]
    assert check_function(sigmoid_prime, lib.sigmoid_derivative, points, name="σ′", hint="h")
    out = capsys.readouterr().out
    assert out.startswith("✓ σ′: correct.") and "3 points" in out


def test_a_wrong_function_is_crossed_at_the_first_bad_point(capsys):
    result = check_function(np.tanh, lib.sigmoid, [0.0, 1.0], name="σ", hint="not tanh")
    assert result is False
    out = capsys.readouterr().out
    assert out.startswith("✗ σ: not yet.") and "At x = 0.0" in out and "Hint: not tanh" in out


def test_a_function_that_raises_is_feedback_not_a_crash(capsys):
    def broken(w):
        raise ZeroDivisionError("oops")

    assert check_function(broken, lib.sigmoid, [0.0], name="σ", hint="h") is False
    assert "Calling it raised ZeroDivisionError: oops." in capsys.readouterr().out
