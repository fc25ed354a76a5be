"""What a gradient takes: peak memory and time of backpropagation against the dense chain.

Section 5 of the lecture argues that the dense Jacobians of eq. (17) are too large to
store, while a row vector carried backwards needs only O(p) numbers at a time. This
module measures both methods on networks of growing width p and fits the power laws
memory ~ c p^k and time ~ c p^k, so the exponents k can be compared on a log-log plot.
Chapter 4 draws them; :mod:`lib.measure.timing` does the measuring.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

import numpy as np

from lib.checks import as_real_array, layer_widths, nonnegative_int
from lib.dense_chain import loss_and_grad_jacobian
from lib.measure.timing import best_time, peak_memory
from lib.network import init_weights, loss_and_grad

#: The two ways of computing dl/dx that chapter 4 compares, by name.
METHODS = {"backprop": loss_and_grad, "jacobian": loss_and_grad_jacobian}

#: The Jacobian chain holds a few p x p(p + 1) matrices at once; past this many bytes
#: for them, a width is refused rather than allowed to exhaust the machine's memory.
MAX_JACOBIAN_BYTES = 2**30


class PowerLaw(NamedTuple):
    """value ~ coefficient * width**exponent: a line of slope ``exponent`` on log-log axes."""

    exponent: float
    coefficient: float

    def __call__(self, width):
        return self.coefficient * np.asarray(width, dtype=float) ** self.exponent


def fit_power_law(widths, values) -> PowerLaw:
    """Least-squares line through (log width, log value); its slope is the growth exponent."""
    widths = as_real_array(widths, "widths", ndim=1)
    values = as_real_array(values, "values", ndim=1)
    if values.shape != widths.shape:
        raise ValueError(
            f"values must have one entry per width, shape {widths.shape}, got {values.shape}"
        )
    if np.unique(widths).size < 2:
        raise ValueError(f"widths must hold at least two different widths, got {widths}")
    for name, array in (("widths", widths), ("values", values)):
        if np.any(array <= 0):
            raise ValueError(f"{name} must be > 0 to take logarithms, got {array}")
    slope, intercept = np.polyfit(np.log(widths), np.log(values), 1)
    return PowerLaw(float(slope), float(np.exp(intercept)))


@dataclass(frozen=True)
class CostCurve:
    """Peak memory and time of one gradient method at each width p (all layers p wide).

    ``gradient_bytes[i]`` is the size of the gradient itself, which any method must
    return; the rest of ``peak_bytes[i]`` is the method's working memory.
    """

    method: str
    widths: np.ndarray
    depth: int
    peak_bytes: np.ndarray
    gradient_bytes: np.ndarray
    seconds: np.ndarray

    def memory_law(self, min_width=0) -> PowerLaw:
        """Power law of the peak memory over the widths >= ``min_width``."""
        keep = self.widths >= min_width
        return fit_power_law(self.widths[keep], self.peak_bytes[keep])

    def time_law(self, min_width=0) -> PowerLaw:
        """Power law of the time per gradient over the widths >= ``min_width``."""
        keep = self.widths >= min_width
        return fit_power_law(self.widths[keep], self.seconds[keep])


def multiply_adds(method, widths) -> int:
    """Multiply–adds in the products of one gradient of eq. (17), one sample, widths p_0..p_L.

    Counted from the shapes each method multiplies, a (a × b)(b × c) product taking a·b·c.
    Both methods run the forward pass, X_j [O_{j-1}; 1] for each layer. Then, for layer j
    from L down to 1, backprop (:func:`lib.network.loss_and_grad`) forms the weight
    gradient as an outer product (p_j · (p_{j-1} + 1)) and, but for layer 1, the vector
    X̄_jᵀ δ′ for the layer below (p_j · p_{j-1}). The dense chain
    (:func:`lib.dense_chain.loss_and_grad_jacobian`) builds dm_j/dx_j as a Kronecker product
    (p_j · p_j(p_{j-1} + 1)) and dm_j/dm_{j-1} (p_j · p_{j-1}), each builder recomputing
    w_j = X_j [O_{j-1}; 1] (p_j(p_{j-1} + 1) twice), multiplies the p_L × p_j
    chain by both (p_L p_j · p_j(p_{j-1} + 1), the dominant term, and p_L p_j · p_{j-1}) and
    the row vector by the first product (p_L · p_j(p_{j-1} + 1)). Entrywise work (σ′, the
    error) is O(p) per layer and left out.
    """
    if method not in METHODS:
        raise ValueError(f"method must be one of {sorted(METHODS)}, got {method!r}")
    p = layer_widths(widths)
    count = sum(p[j] * (p[j - 1] + 1) for j in range(1, len(p)))  # the forward pass
    for j in range(len(p) - 1, 0, -1):
        weights_j, inputs_j = p[j] * (p[j - 1] + 1), p[j] * p[j - 1]  # sizes of X_j and X̄_j
        if method == "backprop":
            count += weights_j + (inputs_j if j > 1 else 0)
        else:
            count += p[j] * weights_j + inputs_j + 2 * weights_j  # build both Jacobians
            count += p[-1] * p[j] * weights_j + p[-1] * inputs_j + p[-1] * weights_j
    return count


def _widths(widths) -> np.ndarray:
    if isinstance(widths, (str, bytes)) or not hasattr(widths, "__len__"):
        raise TypeError(f"widths must be a list of layer widths, got {widths!r}")
    checked = [nonnegative_int(p, f"widths[{i}]", minimum=1) for i, p in enumerate(widths)]
    if len(checked) < 2 or len(set(checked)) != len(checked):
        raise ValueError(f"widths must list at least two different widths, got {list(widths)}")
    return np.array(sorted(checked))


def measure_gradient_cost(method, widths, depth=3, seed=0, repeat=5) -> CostCurve:
    """Peak memory and time of one gradient of eq. (17) (one sample, L = ``depth`` layers)."""
    if method not in METHODS:
        raise ValueError(f"method must be one of {sorted(METHODS)}, got {method!r}")
    widths = _widths(widths)
    depth = nonnegative_int(depth, "depth", minimum=1)
    if method == "jacobian":
        p = int(widths[-1])
        needed = 3 * p * p * (p + 1) * 8  # dm_j/dx_j, dm_L/dx_j and a temporary, float64
        if needed > MAX_JACOBIAN_BYTES:
            raise ValueError(
                f"widths must stay small for the jacobian method: width {p} needs about "
                f"{needed / 2**30:.1f} GiB for its dense Jacobians (limit "
                f"{MAX_JACOBIAN_BYTES / 2**30:.0f} GiB)"
            )
    gradient = METHODS[method]
    rng = np.random.default_rng(nonnegative_int(seed, "seed"))
    peaks, sizes, seconds = [], [], []
    for p in widths:
        weights = init_weights([int(p)] * (depth + 1), seed=int(rng.integers(2**31)))
        z = rng.standard_normal((int(p), 1))
        y = 0.5 + 0.1 * rng.standard_normal((int(p), 1))
        peaks.append(peak_memory(gradient, weights, z, y))
        sizes.append(sum(X.nbytes for X in weights))  # dl/dX_j has the shape of X_j
        seconds.append(best_time(gradient, weights, z, y, repeat=repeat))
    return CostCurve(
        method, widths, depth, np.array(peaks), np.array(sizes), np.array(seconds, dtype=float)
    )
