"""Interleaved timing: every contender runs once per round, in a rotating order.

Noise on a shared machine (another process, a frequency change) then hits all contenders
within the same round, and the per-round ratio of two contenders cancels most of it.
"""

from __future__ import annotations

import time
from collections.abc import Callable

import numpy as np


def calls_per_sample(functions: dict[str, Callable], min_seconds: float = 2e-3) -> int:
    """How many calls make one timing sample of the fastest function last min_seconds."""
    fastest = np.inf
    for f in functions.values():
        f()  # warms caches and lazy imports
        start = time.perf_counter()
        f()
        fastest = min(fastest, time.perf_counter() - start)
    return max(1, int(np.ceil(min_seconds / max(fastest, 1e-9))))


def interleaved(
    functions: dict[str, Callable],
    rounds: int,
    warmup: int = 2,
    number: int = 1,
    budget: float | None = None,
    min_rounds: int = 1,
) -> dict[str, np.ndarray]:
    """Seconds per call of each function, one sample per round after ``warmup`` rounds.

    Each sample times ``number`` consecutive calls. The order rotates every round so no
    function always runs first (after an idle pause) or last. At most ``rounds`` rounds;
    fewer, but at least ``min_rounds``, if they would take more than ``budget`` seconds.
    """
    names = list(functions)
    samples: dict[str, list[float]] = {name: [] for name in names}
    stop = None if budget is None else time.perf_counter() + budget
    for r in range(warmup + rounds):
        if stop is not None and r >= warmup + min_rounds and time.perf_counter() > stop:
            break
        shift = r % len(names)
        for name in names[shift:] + names[:shift]:
            f = functions[name]
            start = time.perf_counter()
            for _ in range(number):
                f()
            elapsed = (time.perf_counter() - start) / number
            if r >= warmup:
                samples[name].append(elapsed)
    return {name: np.array(values) for name, values in samples.items()}


def summary(values) -> dict[str, float]:
    """Median, quartiles, 95th percentile, count: robust against the odd slow round."""
    values = np.asarray(values, dtype=float)
    q25, median, q75, p95 = np.percentile(values, [25, 50, 75, 95])
    return {"median": median, "q25": q25, "q75": q75, "p95": p95, "n": int(values.size)}
