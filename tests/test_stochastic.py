"""lib.further.stochastic: mini-batch gradients of (5) and stochastic gradient descent."""

from itertools import combinations

import numpy as np
import pytest

import lib
from lib.further import stochastic as S

RNG = np.random.default_rng(0)
N = 12
Z = RNG.uniform(-1, 2, N)
A = np.column_stack([np.ones(N), Z])
Y = 1 + 2 * Z + 0.3 * RNG.standard_normal(N)
X0 = np.array([0.5, -1.0])


def gradient_on(x, batch):
    return lib.least_squares_gradient(x, A[batch], Y[batch])


def loss(x):
    return float(np.mean((A @ x - Y) ** 2))


@pytest.mark.parametrize("B", [1, 3, 5, N])
def test_a_batch_gradient_is_unbiased_and_its_variance_follows_the_formula(B):
    """Over every batch of B samples (all of them, enumerated): the mean is (5), and the
    variance is (N − B) / (B (N − 1)) times one sample's."""
    batches = [list(c) for c in combinations(range(N), B)]
    grads = np.array([gradient_on(X0, b) for b in batches])
    per_sample = np.array([gradient_on(X0, [i]) for i in range(N)])
    full = lib.least_squares_gradient(X0, A, Y)
    np.testing.assert_allclose(grads.mean(axis=0), full, rtol=1e-12, atol=1e-12)
    spread = np.mean(np.sum((grads - full) ** 2, axis=1))
    one = np.mean(np.sum((per_sample - full) ** 2, axis=1))
    assert spread == pytest.approx(S.batch_variance_factor(N, B) * one, rel=1e-10)


def test_an_epoch_uses_every_sample_once():
    batches = S.epoch_batches(10, 3, np.random.default_rng(1))
    assert [len(b) for b in batches] == [3, 3, 3, 1]
    assert sorted(np.concatenate(batches).tolist()) == list(range(10))


def test_a_full_batch_without_decay_is_gradient_descent():
    run = S.sgd(gradient_on, X0, N, N, 0.1, 30, loss=loss)
    plain = lib.gradient_descent(lambda x: lib.least_squares_gradient(x, A, Y), X0, 0.1, 30, loss)
    np.testing.assert_allclose(run.xs, plain.xs, rtol=1e-12)
    assert run.samples_seen.tolist() == [N * k for k in range(31)]


def test_small_batches_settle_in_a_noise_floor_that_decay_removes():
    best = lib.least_squares_solution(A, Y)
    floor = [
        np.mean([loss(x) for x in S.sgd(gradient_on, X0, N, 1, s, 400, loss=loss).xs[-N * 200 :]])
        - loss(best)
        for s in (0.02, 0.08)
    ]
    assert 0 < floor[0] < floor[1]  # a larger step, a higher floor
    decayed = S.sgd(gradient_on, X0, N, 1, 0.08, 400, loss=loss, decay=0.5)
    assert decayed.losses[-1] - loss(best) < floor[0] / 5


def test_a_diverging_run_is_reported_not_raised():
    with np.errstate(all="raise"):
        run = S.sgd(gradient_on, X0, N, 2, 50.0, 10, loss=loss)
    assert run.diverged_at is not None and len(run.xs) == run.diverged_at
    assert np.isfinite(run.losses).all()


@pytest.mark.parametrize(
    ("kwargs", "error", "words"),
    [
        ({"batch_size": 0}, ValueError, "batch_size"),
        ({"batch_size": N + 1}, ValueError, "batch_size"),
        ({"step_size": -1.0}, ValueError, "step_size"),
        ({"num_epochs": 1.5}, TypeError, "num_epochs"),
        ({"batch_growth": 0.5}, ValueError, "batch_growth"),
        ({"gradient_on": "grad"}, TypeError, "gradient_on"),
    ],
)
def test_bad_input_is_named(kwargs, error, words):
    arguments = {"gradient_on": gradient_on, "x0": X0, "num_samples": N, "batch_size": 2}
    arguments |= {"step_size": 0.1, "num_epochs": 2} | kwargs
    with pytest.raises(error, match=words):
        S.sgd(**arguments)
