"""Instant feedback for the exercises: the reader's answer in, pass or fail out.

A check never raises on a wrong answer (a notebook must keep running); it prints a
verdict and returns True or False. The hints of the book's exercises are graded and sit
in folded markdown below the exercise, not in its cell, so the chapters pass no ``hint``;
a verdict then points there.
"""

from __future__ import annotations

import numpy as np


def _verdict(ok: bool, name: str, detail: str, hint: str | None) -> bool:
    if ok:
        print(f"✓ {name}: correct. {detail}".rstrip())
    elif hint is None:
        print(f"✗ {name}: not yet. {detail} The hints below this exercise help.".rstrip())
    else:
        print(f"✗ {name}: not yet. {detail} Hint: {hint}".rstrip())
    return ok


def check_value(answer, expected, *, name: str, hint: str | None = None, rtol=1e-6) -> bool:
    """Compare a number or an array the reader computed with the value ``lib`` computes."""
    if answer is None:
        return _verdict(False, name, "Replace None with your answer.", hint)
    try:
        answer = np.asarray(answer, dtype=float)
    except (TypeError, ValueError):
        return _verdict(False, name, f"Expected a number, got {type(answer).__name__}.", hint)
    expected = np.asarray(expected, dtype=float)
    if answer.shape != expected.shape:
        return _verdict(False, name, f"Expected shape {expected.shape}, got {answer.shape}.", hint)
    ok = bool(np.allclose(answer, expected, rtol=rtol, atol=0.0))
    return _verdict(ok, name, "" if ok else "Your value differs from the reference.", hint)


def check_function(
    candidate, reference, inputs, *, name: str, hint: str | None = None, rtol=1e-6
) -> bool:
    """Call the reader's function and ``lib``'s on each input and compare the results."""
    for x in inputs:
        try:
            value = candidate(x)
            got = np.asarray(value, dtype=float)
        except Exception as err:  # noqa: BLE001 - any failure of the reader's code is feedback
            return _verdict(False, name, f"Calling it raised {type(err).__name__}: {err}.", hint)
        if value is None:
            return _verdict(False, name, "It returns None: complete the function.", hint)
        want = np.asarray(reference(x), dtype=float)
        if got.shape != want.shape or not np.allclose(got, want, rtol=rtol, atol=1e-12):
            return _verdict(
                False,
                name,
                f"At x = {np.round(x, 3)} it gives {np.round(got, 4)}, "
                f"expected {np.round(want, 4)}.",
                hint,
            )
    return _verdict(True, name, f"It agrees with lib on {len(inputs)} points.", hint)
