"""The activations σ of eq. (16), each beside its derivative σ′ (chapters 4 and 5).

σ acts entry by entry on w = X_i [O_{i-1}; 1]. Its derivative is written through the
output o = σ(w), the form backpropagation uses since the forward pass keeps every O_i:
for the sigmoid σ′ = σ(1 − σ) = o(1 − o). σ′(w) itself is that slope at o = σ(w).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from types import MappingProxyType
from typing import NamedTuple

import numpy as np

from lib.checks import as_real_array, checked, nonnegative_int


def _real(maths, w):
    return maths(as_real_array(w, "w", finite=False))  # NaN in, NaN out: σ is not the check


@checked(_real)
def sigmoid(w):
    """σ(w) = 1 / (1 + e^(−w)), the lecture's activation in eq. (16) (chapters 4, 5, 7)."""
    s = np.negative(w, out=np.empty_like(w))  # s = −w in one new array, then in place:
    np.exp(s, out=s)  # s = e^(−w); inf for w < −709 gives σ = 0, as it should
    s += 1.0  # s = 1 + e^(−w)
    return np.reciprocal(s, out=s)  # s = 1 / (1 + e^(−w))


@checked(_real)
def tanh(w):
    """σ(w) = tanh(w), another activation for eq. (16) (chapters 4, 7)."""
    return np.tanh(w)


@checked(_real)
def relu(w):
    """σ(w) = max(w, 0), the ReLU, another activation for eq. (16) (chapters 4, 7)."""
    return np.maximum(w, 0.0)


@checked(_real)
def identity(w):
    """σ(w) = w, which makes a layer of eq. (16) affine (chapters 4, 5)."""
    return w.copy()


class Activation(NamedTuple):
    """σ of eq. (16) and its slope: ``slope(o)`` is σ′(w) at the output o = σ(w) (chapter 4)."""

    name: str
    function: Callable
    slope: Callable

    def derivative(self, w):
        """σ′(w), the slope at the output σ(w)."""
        return self.slope(self.function(w))


ACTIVATIONS = MappingProxyType(
    {
        "sigmoid": Activation("sigmoid", sigmoid, lambda o: o * (1.0 - o)),
        "tanh": Activation("tanh", tanh, lambda o: 1.0 - o * o),
        # o > 0 exactly when w > 0; the kink at 0 gets slope 0, as in most libraries
        "relu": Activation("relu", relu, lambda o: (o > 0).astype(np.float64)),
        "identity": Activation("identity", identity, np.ones_like),
    }
)
sigmoid_derivative = ACTIVATIONS["sigmoid"].derivative
tanh_derivative = ACTIVATIONS["tanh"].derivative
relu_derivative = ACTIVATIONS["relu"].derivative
identity_derivative = ACTIVATIONS["identity"].derivative


def _resolve(activation, name: str) -> Activation:
    if isinstance(activation, Activation):
        return activation
    if isinstance(activation, str) and activation in ACTIVATIONS:
        return ACTIVATIONS[activation]
    error = ValueError if isinstance(activation, str) else TypeError
    raise error(f"{name} must be one of {sorted(ACTIVATIONS)}, got {activation!r}")


def get_activations(activation, num_layers: int) -> list[Activation]:
    """One Activation per layer of eq. (16), from one name for all or a list (chapter 4)."""
    num_layers = nonnegative_int(num_layers, "num_layers")
    if isinstance(activation, (str, Activation)):
        return [_resolve(activation, "activation")] * num_layers
    if not isinstance(activation, Sequence) or len(activation) != num_layers:
        error = ValueError if isinstance(activation, Sequence) else TypeError
        raise error(
            f"activation must be a name or a list of {num_layers} names (one per layer), "
            f"got {activation!r}"
        )
    return [_resolve(a, f"activation[{i}]") for i, a in enumerate(activation)]
