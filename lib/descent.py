"""Gradient descent, the update (GD) of the lecture's Motivation section."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from lib._validate import as_real_array, callable_, nonnegative_int, positive_real

#: A run counts as diverged once the loss exceeds its starting value by this factor.
BLOWUP_FACTOR = 1e8


@dataclass(frozen=True)
class GDResult:
    """The outcome of :func:`gradient_descent`.

    ``xs[k]`` is the iterate x^(k) and ``losses[k]`` the loss there (``losses[0]`` at x0).
    When the run diverged, ``diverged_at`` is the first k whose iterate, gradient or loss
    stopped being finite (or whose loss blew up); ``xs`` and ``losses`` then hold the
    ``diverged_at`` good iterates before it and ``x`` is the last of them.
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


def _as_parameters(x0):
    """Accept one array or a list of arrays (the weights X_1..X_L of a network)."""
    if isinstance(x0, (list, tuple)) and x0 and all(hasattr(a, "shape") for a in x0):
        return [as_real_array(a, f"x0[{i}]").copy() for i, a in enumerate(x0)], True
    return as_real_array(x0, "x0").copy(), False


def _all_finite(x, is_list) -> bool:
    parts = x if is_list else [x]
    return all(np.all(np.isfinite(p)) for p in parts)


def gradient_descent(grad, x0, step_size, num_steps, loss=None) -> GDResult:
    """Run x^(k+1) = x^(k) - s grad f(x^(k)) for ``num_steps`` steps (lecture eq. GD).

    ``x0`` is an array or a list of arrays (then ``grad`` returns a matching list).
    A diverging run stops early and is reported in ``diverged_at``; it raises nothing
    and lets no numpy overflow warning escape.
    """
    grad = callable_(grad, "grad")
    if loss is not None:
        loss = callable_(loss, "loss")
    s = positive_real(step_size, "step_size")
    num_steps = nonnegative_int(num_steps, "num_steps")
    x, is_list = _as_parameters(x0)

    def checked_grad(x):
        g = grad(x)
        if is_list:
            if not isinstance(g, (list, tuple)) or len(g) != len(x):
                raise ValueError(f"grad must return a list of {len(x)} arrays like x0")
            g = [np.asarray(gi, dtype=float) for gi in g]
            for i, (gi, xi) in enumerate(zip(g, x, strict=True)):
                if gi.shape != xi.shape:
                    raise ValueError(
                        f"grad returned shape {gi.shape} for x0[{i}] of shape {xi.shape}"
                    )
            return g
        g = np.asarray(g, dtype=float)
        if g.shape != x.shape:
            raise ValueError(
                f"grad must return an array of shape {x.shape} like x0, got {g.shape}"
            )
        return g

    def checked_loss(x):
        value = np.asarray(loss(x), dtype=float)
        if value.ndim != 0:
            raise ValueError(f"loss must return a scalar, got an array of shape {value.shape}")
        return float(value)

    xs = [x]
    losses = [checked_loss(x)] if loss is not None else None
    diverged_at = None
    # Overflow and inf - inf are how a too-large step shows itself: detect, do not warn.
    with np.errstate(over="ignore", invalid="ignore", divide="ignore", under="ignore"):
        for k in range(1, num_steps + 1):
            g = checked_grad(x)
            if not _all_finite(g, is_list):
                diverged_at = k
                break
            x = [xi - s * gi for xi, gi in zip(x, g, strict=True)] if is_list else x - s * g
            if not _all_finite(x, is_list):
                diverged_at = k
                break
            if loss is not None:
                value = checked_loss(x)
                if not np.isfinite(value) or value > BLOWUP_FACTOR * max(losses[0], 1.0):
                    diverged_at = k
                    break
                losses.append(value)
            xs.append(x)
    return GDResult(
        x=xs[-1],
        xs=xs if is_list else np.array(xs),
        losses=None if losses is None else np.array(losses),
        diverged_at=diverged_at,
        step_size=s,
        num_steps=num_steps,
    )
