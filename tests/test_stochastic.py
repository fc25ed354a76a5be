"""lib.further.stochastic: mini-batch gradients of (5) and stochastic gradient descent."""

import json
from itertools import combinations
from pathlib import Path

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
    best = loss(lib.least_squares_solution(A, Y))
    runs = {s: S.sgd(gradient_on, X0, N, 1, s, 150, loss=loss) for s in (0.02, 0.08)}
    floor = [S.noise_floor(runs[s], best, N, 75) for s in (0.02, 0.08)]
    assert 0 < floor[0] < floor[1]  # a larger step, a higher floor
    decayed = S.sgd(gradient_on, X0, N, 1, 0.08, 150, loss=loss, decay=0.5)
    assert decayed.losses[-1] - best < floor[0] / 5


def test_the_noise_floor_is_the_mean_excess_from_an_epoch_on_and_nan_after_divergence():
    run = S.sgd(gradient_on, X0, N, 5, 0.05, 6, loss=loss)
    later = [loss(x) for x, seen in zip(run.xs, run.samples_seen, strict=True) if seen >= 3 * N]
    assert len(later) == 3 * 3 + 1  # three steps per epoch (5, 5, 2), from the start of epoch 3
    assert S.noise_floor(run, 0.1, N, 3) == pytest.approx(np.mean(later) - 0.1, rel=1e-12)
    with np.errstate(all="raise"):
        diverged = S.sgd(gradient_on, X0, N, 2, 50.0, 10, loss=loss)
    assert np.isnan(S.noise_floor(diverged, 0.1, N, 3))


def test_a_diverging_run_is_reported_not_raised():
    with np.errstate(all="raise"):
        run = S.sgd(gradient_on, X0, N, 2, 50.0, 10, loss=loss)
    assert run.diverged_at is not None and len(run.xs) == run.diverged_at
    assert np.isfinite(run.losses).all()


def test_a_run_that_blows_up_slowly_stops_where_gradient_descent_does():
    """One step per epoch past the bound: the blow-up is judged against the run's first
    loss, not each epoch's, so the run stops where plain (GD) stops, with no overflow."""
    s = 1.1 * lib.step_size_milestones(A).divergence_bound
    run = S.sgd(gradient_on, X0, N, N, s, 5000, loss=loss)
    plain = lib.gradient_descent(lambda x: lib.least_squares_gradient(x, A, Y), X0, s, 5000, loss)
    assert plain.diverged_at is not None and run.diverged_at == plain.diverged_at
    np.testing.assert_allclose(run.losses, plain.losses, rtol=1e-12)
    assert len(run.xs) == len(run.losses) == len(run.samples_seen) == run.diverged_at


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


# --- chapter 8 says it takes chapter 1's data and chapter 4's network ---------------------

CHAPTERS = Path(__file__).resolve().parent.parent / "chapters"


def set_up(chapter, first, last, **given):
    """Run the lines of the code cell of ``chapter`` that holds ``first``, from it to the
    line that starts with ``last`` (with the names ``given`` defined), and return the
    names they bind."""
    notebook = json.loads((CHAPTERS / chapter).read_text())
    code = next("".join(c["source"]) for c in notebook["cells"] if first in "".join(c["source"]))
    lines = code[code.index(first) :].splitlines()
    end = next(k for k, line in enumerate(lines) if line.startswith(last))
    names = {"np": np, "lib": lib, **given}
    exec("\n".join(lines[: end + 1]), names)  # noqa: S102 - the book's own cells
    return names


def test_chapter_8_uses_chapter_1s_line_and_chapter_4s_network():
    """The same seed, the same draws: what chapter 8 calls "chapter 1's data" and
    "chapter 4's data, network, weights" are those chapters' arrays, bit for bit."""
    ch1 = set_up("01_gradient_descent.ipynb", "rng = np.random.default_rng(seed=2)", "A =")
    ch8 = set_up("08_stochastic_gradient_descent.ipynb", "rng = np.random.default_rng(", "A =")
    for name in ("N", "z", "y", "A"):
        np.testing.assert_array_equal(ch8[name], ch1[name], err_msg=name)
    ch4 = set_up("04_backpropagation.ipynb", "data_rng = np.random.default_rng", "weights0 =")
    ch8 = set_up(
        "08_stochastic_gradient_descent.ipynb", "data_rng = np.random", "weights0 =", N=ch8["N"]
    )
    np.testing.assert_array_equal(ch8["Z"], ch4["Z"])
    np.testing.assert_array_equal(ch8["Y"], ch4["Y"])
    assert ch8["activation"] == ch4["activation"]
    for mine, theirs in zip(ch8["weights0"], ch4["weights0"], strict=True):
        np.testing.assert_array_equal(mine, theirs)
