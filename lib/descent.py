"""Gradient descent, the update (GD) of the lecture's Motivation section (chapter 1)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from lib.checks import all_finite, as_real_array, callable_, nonnegative_int, positive_real

#: A run counts as diverged once the loss exceeds its starting value by this factor.
BLOWUP_FACTOR = 1e8


@dataclass(frozen=True)
class GDResult:
    """The run of (GD) that :func:`gradient_descent` made (chapter 1).

    ``xs[k]`` is x^(k) and ``losses[k]`` the loss there.
    A diverged run ends at the last good iterate; ``diverged_at`` is the first bad step k.
    """

    x: np.ndarray | list
    xs: list
    losses: np.ndarray | None
    diverged_at: int | None
    step_size: float
    num_steps: int

    @property
    def diverged(self) -> bool:
        return self.diverged_at is not None


def _parts(x, name: str) -> tuple[list[np.ndarray], bool]:
    """x as a list of float arrays, and whether it came as a list (the weights X_1..X_L)."""
    if isinstance(x, (list, tuple)) and x and all(hasattr(a, "shape") for a in x):
        return [as_real_array(a, f"{name}[{i}]", finite=False) for i, a in enumerate(x)], True
    return [as_real_array(x, name, finite=False)], False


def _finite(parts) -> bool:
    return all(all_finite(p) for p in parts)


def gradient_descent(grad, x0, step_size, num_steps, loss=None) -> GDResult:
    """Run x^(k+1) = x^(k) − s ∇f(x^(k)) for ``num_steps`` steps: (GD), chapter 1.

    ``x0`` is an array or a list of arrays (then ``grad`` returns a matching list). A
    diverging run stops early and is reported in ``diverged_at``; it raises nothing and
    lets no numpy overflow warning escape.
    """
    grad, s = callable_(grad, "grad"), positive_real(step_size, "step_size")
    loss = None if loss is None else callable_(loss, "loss")
    num_steps = nonnegative_int(num_steps, "num_steps")
    x, is_list = _parts(x0, "x0")
    if not _finite(x):
        raise ValueError("x0 must contain only finite numbers, got NaN or inf")
    as_given = (lambda parts: parts) if is_list else (lambda parts: parts[0])

    def value_at(parts):
        value = np.asarray(loss(as_given(parts)), dtype=float)
        if value.ndim != 0:
            raise ValueError(f"loss must return a scalar, got an array of shape {value.shape}")
        return float(value)

    xs, losses, diverged_at = [x], None if loss is None else [value_at(x)], None
    with np.errstate(all="ignore"):  # overflow is how too large a step shows: report it
        for k in range(1, num_steps + 1):
            g, _ = _parts(grad(as_given(x)), "grad's return value")
            if (shapes := [gi.shape for gi in g]) != (expected := [xi.shape for xi in x]):
                raise ValueError(
                    f"grad must return arrays shaped like x0, {expected}, got {shapes}"
                )
            x = [xi - s * gi for xi, gi in zip(x, g, strict=True)]  # the update (GD)
            value = value_at(x) if loss is not None and _finite(g + x) else None
            blew_up = value is not None and not value <= BLOWUP_FACTOR * max(losses[0], 1)
            if not _finite(g + x) or blew_up:
                diverged_at = k
                break
            xs.append(x)
            if losses is not None:
                losses.append(value)
    return GDResult(
        x=as_given(xs[-1]),
        xs=xs if is_list else np.array([p[0] for p in xs]),
        losses=None if losses is None else np.array(losses),
        diverged_at=diverged_at,
        step_size=s,
        num_steps=num_steps,
    )
