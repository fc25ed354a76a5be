"""The teaching helpers: a function's source on the page, and the exercises' self-checks."""

import inspect

import numpy as np
import pytest
from IPython.display import Markdown

import lib
from lib.teaching import check_function, check_value, show_source

pytestmark = pytest.mark.filterwarnings("error")


# --- show_source ------------------------------------------------------------------------


def test_show_source_gives_the_function_as_a_python_block_headed_by_its_file():
    text = show_source(lib.loss_and_grad).data
    assert "def loss_and_grad" in text
    assert "```python" in text and text.rstrip().endswith("```")
    assert "lib/network.py" in text
    lines, first = inspect.getsourcelines(lib.loss_and_grad)
    assert f"line {first}" in text
    # every line of the function, as it is in the file, and nothing after it
    assert "".join(lines).rstrip() in text
    assert "def " not in text.split("def loss_and_grad", 1)[1]


def test_show_source_of_another_module_names_that_file():
    text = show_source(lib.layer_vjp).data
    assert "def layer_vjp" in text and "lib/layers.py" in text


def test_show_source_renders_as_markdown():
    shown = show_source(lib.forward)
    assert isinstance(shown, Markdown)
    assert shown._repr_markdown_() == shown.data


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
