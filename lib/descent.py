"""Gradient descent, the update (GD) of the lecture's Motivation section (chapter 1)."""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from lib.checks import (
    all_finite,
    as_real_array,
    callback,
    checked,
    nonnegative_int,
    positive_real,
)

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


def as_vector(parts) -> np.ndarray:
    """x = (x_1, ..., x_L) of section 5, x_j = X_j.ravel(): the vector (GD) moves (chapter 4)."""
    return np.concatenate([np.ravel(part) for part in parts])


def as_parts(x, like) -> list[np.ndarray]:
    """[X_1, ..., X_L] shaped as ``like`` from x of section 5: ``as_vector`` undone (chapter 4)."""
    ends = np.cumsum([np.size(part) for part in like])[:-1]
    return [v.reshape(np.shape(part)) for v, part in zip(np.split(x, ends), like, strict=True)]


def _descent_door(maths, grad, x0, step_size, num_steps, loss=None):
    """Check (GD)'s arguments; hand it x0 as one vector, grad and loss taking that vector."""
    grad, s = callback(grad, "grad"), positive_real(step_size, "step_size")
    loss = None if loss is None else callback(loss, "loss")
    num_steps = nonnegative_int(num_steps, "num_steps")
    if is_list := isinstance(x0, (list, tuple)) and x0 and all(hasattr(a, "shape") for a in x0):
        like = [as_real_array(a, f"x0[{i}]", finite=False) for i, a in enumerate(x0)]
    else:
        like = [as_real_array(x0, "x0", finite=False)]
    if not all_finite(like):
        raise ValueError("x0 must contain only finite numbers, got NaN or inf")
    given = (lambda x: as_parts(x, like)) if is_list else (lambda x: x.reshape(like[0].shape))

    def gradient(x):
        g = grad(given(x))
        g = (
            [as_real_array(a, "grad's return value", finite=False) for a in g]
            if is_list
            else [as_real_array(g, "grad's return value", finite=False)]
        )
        if (shapes := [a.shape for a in g]) != (expected := [a.shape for a in like]):
            raise ValueError(f"grad must return arrays shaped like x0, {expected}, got {shapes}")
        return as_vector(g)

    def value(x):
        if loss is None:
            return 0.0
        if (f := np.asarray(loss(given(x)), dtype=float)).ndim != 0:
            raise ValueError(f"loss must return a scalar, got an array of shape {f.shape}")
        return float(f)

    run = maths(gradient, as_vector(like), s, num_steps, value)
    return in_parts(run, like if is_list else None, like[0].shape, with_losses=loss is not None)


def in_parts(run, like, shape=None, with_losses=True) -> GDResult:
    """A run of (GD) on x = as_vector(like) told in ``like``'s arrays: the lists x^(k) of
    X_1, ..., X_L (or, with ``like`` None, an array of shape (k, *shape)), chapters 1, 4."""
    if like is not None:
        xs = [as_parts(x, like) for x in run.xs]
    else:
        xs = np.array([x.reshape(shape) for x in run.xs])
    return replace(run, x=xs[-1], xs=xs, losses=np.array(run.losses) if with_losses else None)


@checked(_descent_door)
def gradient_descent(grad, x0, step_size, num_steps, loss=None) -> GDResult:
    """Run x^(k+1) = x^(k) − s ∇f(x^(k)) for ``num_steps`` steps: (GD), chapter 1.

    ``x0`` is an array or a list of arrays; a run that diverges stops and says so.
    """
    x, xs, losses = x0, [x0], [loss(x0)]
    limit = BLOWUP_FACTOR * max(losses[0], 1)  # a loss past this has blown up
    for k in range(1, num_steps + 1):
        x = x - step_size * grad(x)  # the update (GD)
        if not all_finite(x) or not (value := loss(x)) <= limit:  # overflow or blow-up
            return GDResult(xs[-1], xs, losses, k, step_size, num_steps)
        xs.append(x)
        losses.append(value)
    return GDResult(xs[-1], xs, losses, None, step_size, num_steps)
