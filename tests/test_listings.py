"""What a chapter prints with ``show_source`` is the maths: each public maths function checks
its arguments at a door (``lib.checks.checked``) and its listing holds no check (issue 20)."""

import inspect
import re

import pytest

import lib
from lib.teaching import show_source

# What a listing of the maths may not hold: raising, or calling one of lib.checks' validators.
CHECKING = re.compile(
    r"\braise\b|\b(as_real_array|positive_real|nonnegative_int|callable_|layer_widths"
    r"|check_\w+|finite_result)\(|errstate"
)
# Public names of lib that are not maths functions to list: the validators themselves, the
# registry of activations, a text formatter, and σ′ (each σ's derivative, a bound method).
NOT_MATHS = {"check_network", "get_activations", "order_text"}


def maths_functions():
    for name in lib.__all__:
        value = getattr(lib, name)
        if inspect.isfunction(value) and name not in NOT_MATHS:
            yield name, value


def body(function) -> list[str]:
    """The lines of a function after its signature and docstring."""
    source = inspect.getsource(inspect.unwrap(function))
    after_docstring = source.split('"""', 2)[2]
    return [line for line in after_docstring.splitlines()[1:] if line.strip()]


@pytest.mark.parametrize(("name", "function"), list(maths_functions()))
def test_every_maths_function_checks_at_its_door_and_lists_no_check(name, function):
    assert inspect.unwrap(function) is not function, f"{name} has no door (lib.checks.checked)"
    shown = show_source(function).text
    assert shown.startswith("@"), f"{name}'s listing does not show its door first"
    assert not CHECKING.search("\n".join(body(function))), f"{name}'s listing checks: {shown}"


def test_the_listings_chapters_print_are_short():
    listed = {
        f.__name__: len(show_source(f).text.splitlines())
        for f in (lib.gradient_descent, lib.loss_and_grad)
    }
    print(listed)
    assert all(n <= 20 for n in listed.values()), listed
    for layer in (lib.layer_forward, lib.layer_vjp):
        assert len(body(layer)) <= 6, body(layer)


def test_backpropagation_is_the_layers_forward_pass_and_vjp():
    """loss_and_grad is the forward pass with layer_forward and the backward pass with
    layer_vjp: the chapter-4 listing's every line is one the reader met before."""
    lines = "\n".join(body(lib.loss_and_grad))
    assert "layer_forward(" in lines and "layer_vjp(" in lines
    assert "@" not in lines.replace("@checked", "")  # no product of its own: the layers do them


def test_gradient_descent_lists_the_update_and_the_divergence_rule():
    lines = "\n".join(body(lib.gradient_descent))
    assert "x - step_size * grad(x)" in lines
    assert "BLOWUP_FACTOR" in lines and "all_finite(x)" in lines
