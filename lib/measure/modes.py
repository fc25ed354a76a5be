"""What forward and reverse mode cost, counted and measured, network by network (chapter 6).

For each network of widths p_0..p_L, one sample z and weights from ``init_weights``: the
multiply–adds of both orders (:func:`lib.further.chain_order.chain_costs`), and the time
and peak memory of :func:`lib.further.modes.jacobian_forward` and
:func:`lib.further.modes.jacobian_reverse`, the two ways of computing dm_L/dz.
:mod:`lib.measure.timing` does the measuring.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from lib.checks import as_real_array, layer_widths, nonnegative_int
from lib.further.chain_order import chain_costs
from lib.further.modes import jacobian_forward, jacobian_reverse
from lib.measure.timing import best_time, peak_memory
from lib.network import init_weights

MODES = {"forward": jacobian_forward, "reverse": jacobian_reverse}


@dataclass(frozen=True)
class ModeCosts:
    """Per network (``widths[k]``) and per mode ("forward", "reverse"): multiply–adds,
    peak bytes beyond the weights, and seconds per Jacobian (None unless timed)."""

    widths: list
    counts: dict
    peak_bytes: dict
    seconds: dict | None


def measure_modes(networks, seed=0, repeat=3, rounds=2, timing=True) -> ModeCosts:
    """Count, and measure, forward and reverse mode on each network of widths p_0..p_L.

    Each time is the best of ``repeat`` timings in each of ``rounds`` passes over all the
    networks: a burst of other work on a shared machine rarely spans both passes.
    """
    if isinstance(networks, (str, bytes)) or not hasattr(networks, "__len__") or not networks:
        raise TypeError(f"networks must be a non-empty list of layer widths, got {networks!r}")
    networks = [layer_widths(w, f"networks[{k}]") for k, w in enumerate(networks)]
    rng = np.random.default_rng(nonnegative_int(seed, "seed"))
    repeat = nonnegative_int(repeat, "repeat", minimum=1)
    rounds = nonnegative_int(rounds, "rounds", minimum=1)
    problems = []  # (weights, z) per network
    for widths in networks:
        problems.append(
            (init_weights(widths, int(rng.integers(2**31))), rng.standard_normal(widths[0]))
        )
    counts = {mode: np.array([getattr(chain_costs(w), mode) for w in networks]) for mode in MODES}
    peaks = {mode: np.array([peak_memory(f, *p) for p in problems]) for mode, f in MODES.items()}
    seconds = {mode: np.full(len(networks), np.inf) for mode in MODES} if timing else None
    for _ in range(rounds if timing else 0):
        for k, problem in enumerate(problems):
            for mode, jacobian in MODES.items():
                t = best_time(jacobian, *problem, repeat=repeat)
                seconds[mode][k] = min(seconds[mode][k], t)
    return ModeCosts(networks, counts, peaks, seconds)


def crossover(values, first, second) -> float | None:
    """Where ``first`` − ``second`` changes sign along ``values``, interpolated on log axes
    (None if it never does): the width at which two cost curves cross."""
    arrays = {"values": values, "first": first, "second": second}
    for name, v in arrays.items():
        arrays[name] = as_real_array(v, name, ndim=1)
        if arrays[name].shape != (len(arrays["values"]),) or not np.all(arrays[name] > 0):
            raise ValueError(f"{name} must hold one number > 0 per value, got {v!r}")
    x, a, b = (np.log(v) for v in arrays.values())
    gap = a - b
    for k in range(len(gap) - 1):
        if gap[k] == 0:
            return float(np.exp(x[k]))
        if gap[k] * gap[k + 1] < 0:
            t = gap[k] / (gap[k] - gap[k + 1])
            return float(np.exp(x[k] + t * (x[k + 1] - x[k])))
    return float(np.exp(x[-1])) if gap[-1] == 0 else None
