"""Stochastic gradient descent: (GD) with the gradient (5) of a random mini-batch (chapter 8).

The loss (4) is an average over the N samples, so its gradient (5) is the average of the
per-sample gradients. Averaged over a random batch of B samples instead, the gradient is
an unbiased estimate of (5) that costs B/N of it. ``gradient_on(x, batch)`` is the
gradient (5) of the samples whose numbers ``batch`` holds, for instance
``lambda x, b: lib.least_squares_gradient(x, A[b], y[b])``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from lib.checks import callable_, nonnegative_int, positive_real
from lib.descent import BLOWUP_FACTOR, gradient_descent


def epoch_batches(num_samples: int, batch_size: int, rng) -> list[np.ndarray]:
    """One epoch: the N samples of the sum (3) in a random order, in batches of B (chapter 8)."""
    order = rng.permutation(num_samples)
    return [order[start : start + batch_size] for start in range(0, num_samples, batch_size)]


def batch_variance_factor(num_samples: int, batch_size: int) -> float:
    """(N − B) / (B (N − 1)): a batch gradient's variance over one sample's, (5), chapter 8."""
    N = nonnegative_int(num_samples, "num_samples", minimum=2)
    B = nonnegative_int(batch_size, "batch_size", minimum=1)
    if B > N:
        raise ValueError(f"batch_size must be at most num_samples = {N}, got {B}")
    return (N - B) / (B * (N - 1))


def noise_floor(run, best_loss, num_samples, from_epoch) -> float:
    """The loss (4) above its minimum, averaged from epoch ``from_epoch`` on; NaN if the
    run diverged (chapter 8)."""
    if run.diverged_at is not None:
        return float("nan")
    return float(np.mean(run.losses[run.samples_seen >= from_epoch * num_samples] - best_loss))


@dataclass(frozen=True)
class SGDResult:
    """A run of :func:`sgd`: iterates of (GD), losses and samples processed (chapter 8)."""

    x: np.ndarray | list
    xs: list
    losses: np.ndarray | None
    samples_seen: np.ndarray  # samples_seen[k]: how many per-sample gradients step k had used
    diverged_at: int | None  # the first bad step, counted over the whole run
    step_sizes: tuple[float, ...]  # one per epoch
    batch_sizes: tuple[int, ...]  # one per epoch


def sgd(
    gradient_on,
    x0,
    num_samples,
    batch_size,
    step_size,
    num_epochs,
    loss=None,
    decay=0.0,
    batch_growth=1.0,
    seed=0,
):
    """(GD) with the gradient (5) of random batches of B samples, epoch by epoch (chapter 8).

    Epoch e uses the step size s / (1 + decay·e) and batches of B·growth^e samples (at most
    N). Each epoch is one run of :func:`lib.gradient_descent`, so a diverging run is stopped
    and reported as it is there.
    """
    gradient_on = callable_(gradient_on, "gradient_on")
    N = nonnegative_int(num_samples, "num_samples", minimum=1)
    B = nonnegative_int(batch_size, "batch_size", minimum=1)
    s, epochs = positive_real(step_size, "step_size"), nonnegative_int(num_epochs, "num_epochs")
    decay = 0.0 if decay == 0 else positive_real(decay, "decay")
    growth = positive_real(batch_growth, "batch_growth")
    if B > N or growth < 1:
        raise ValueError(f"need batch_size <= num_samples = {N} and batch_growth >= 1")
    rng = np.random.default_rng(nonnegative_int(seed, "seed"))
    x, xs, losses, seen = x0, [x0], None, [0]
    step_sizes, batch_sizes, diverged_at = [], [], None
    for epoch in range(epochs):
        s_e, B_e = s / (1 + decay * epoch), min(N, round(B * growth**epoch))
        batches = iter(epoch_batches(N, B_e, rng))
        sizes = []

        def next_batch_gradient(x, batches=batches, sizes=sizes):
            batch = next(batches)
            sizes.append(len(batch))
            return gradient_on(x, batch)

        run = gradient_descent(next_batch_gradient, x, s_e, -(-N // B_e), loss)
        step_sizes.append(s_e)
        batch_sizes.append(B_e)
        steps = len(run.xs) - 1
        if loss is not None:  # blown up against the run's first loss, not this epoch's
            limit = BLOWUP_FACTOR * max(run.losses[0] if losses is None else losses[0], 1)
            steps = int(np.argmin(np.append(run.losses[1:] <= limit, False)))
            losses = (losses or [run.losses[0]]) + list(run.losses[1 : steps + 1])
        xs += list(run.xs[1 : steps + 1])
        seen += list(seen[-1] + np.cumsum(sizes[:steps]))
        x = xs[-1]
        if run.diverged or steps < len(run.xs) - 1:
            diverged_at = len(xs)
            break
    return SGDResult(
        x=x,
        xs=xs,
        losses=None if losses is None else np.array(losses),
        samples_seen=np.array(seen),
        diverged_at=diverged_at,
        step_sizes=tuple(step_sizes),
        batch_sizes=tuple(batch_sizes),
    )
