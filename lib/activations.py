"""Activation functions sigma of eq. (16), each next to its derivative sigma'(w).

Every function acts entrywise on the pre-activation w = X_i [O_{i-1}; 1]. Besides
``sigma'(w)``, backpropagation can use the derivative written in terms of the layer
output o = sigma(w) (sigmoid: o(1 - o), tanh: 1 - o^2), which saves recomputing an
exponential; the registry :data:`ACTIVATIONS` carries both forms.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from types import MappingProxyType
from typing import NamedTuple

import numpy as np

from lib._validate import as_real_array, nonnegative_int


def _sigmoid_into(w, out):
    """sigma(w) written into ``out``, unchecked; the caller silences overflow (see sigmoid)."""
    np.exp(np.negative(w, out=out), out=out)
    out += 1.0
    return np.reciprocal(out, out=out)


def sigmoid(w, out=None):
    """sigma(w) = 1 / (1 + e^-w), the lecture's activation in eq. (16)."""
    w = as_real_array(w, "w", finite=False)
    out = np.empty_like(w) if out is None else out
    # For w < -709, e^-w overflows to inf and 1 / (1 + inf) = 0 is the right answer,
    # so the overflow is harmless; this form is also exact in relative terms for w << 0.
    with np.errstate(over="ignore"):
        return _sigmoid_into(w, out)


def _sigmoid_slope_from_output(o):
    """sigma'(w) = o (1 - o) from the output o = sigma(w), with a single temporary."""
    slope = np.subtract(1.0, o)
    slope *= o
    return slope


def sigmoid_derivative(w):
    """sigma'(w) = sigma(w) (1 - sigma(w)) = e^-|w| / (1 + e^-|w|)^2."""
    e = np.exp(-np.abs(as_real_array(w, "w", finite=False)))
    return e / (1.0 + e) ** 2


def tanh(w, out=None):
    """sigma(w) = tanh(w)."""
    return np.tanh(as_real_array(w, "w", finite=False), out=out)


def tanh_derivative(w):
    """sigma'(w) = 1 - tanh(w)^2 (not 1/cosh^2, which overflows for |w| > 710)."""
    return 1.0 - np.tanh(as_real_array(w, "w", finite=False)) ** 2


def relu(w, out=None):
    """sigma(w) = max(w, 0)."""
    return np.maximum(as_real_array(w, "w", finite=False), 0.0, out=out)


def relu_derivative(w):
    """sigma'(w) = 1 if w > 0 else 0 (the kink at 0 gets 0, as in most libraries)."""
    return (as_real_array(w, "w", finite=False) > 0).astype(np.float64)


def identity(w, out=None):
    """sigma(w) = w, which turns a layer into an affine map."""
    w = as_real_array(w, "w", finite=False)
    if out is None:
        return w.copy()
    np.copyto(out, w)
    return out


def identity_derivative(w):
    """sigma'(w) = 1."""
    return np.ones_like(as_real_array(w, "w", finite=False))


class Activation(NamedTuple):
    """sigma(w, out=None), sigma'(w), and sigma' written in terms of the output o = sigma(w)."""

    name: str
    function: Callable
    derivative: Callable
    derivative_from_output: Callable


ACTIVATIONS = MappingProxyType(
    {
        "sigmoid": Activation("sigmoid", sigmoid, sigmoid_derivative, _sigmoid_slope_from_output),
        "tanh": Activation("tanh", tanh, tanh_derivative, lambda o: 1.0 - o * o),
        # o > 0 exactly when w > 0, so the output decides the kink the same way.
        "relu": Activation("relu", relu, relu_derivative, lambda o: (o > 0).astype(np.float64)),
        "identity": Activation("identity", identity, identity_derivative, np.ones_like),
    }
)


# For the network's inner loop, which checks its inputs once per call and silences
# overflow itself: sigma(w, out=...) without the input checks, and the backward step
# delta *= sigma'(w) written in terms of the output o, in place, free to overwrite o
# (backpropagation has no further use for it). Keyed by the public function; any other
# activation (a custom Activation, say) takes the general, checked route.
def _times_sigmoid_slope(delta, o):
    delta *= o
    np.subtract(1.0, o, out=o)
    delta *= o  # o (1 - o)


def _times_tanh_slope(delta, o):
    np.square(o, out=o)
    np.subtract(1.0, o, out=o)
    delta *= o  # 1 - o^2


_UNCHECKED = {
    sigmoid: (_sigmoid_into, _times_sigmoid_slope),
    tanh: (np.tanh, _times_tanh_slope),
    relu: (
        lambda w, out: np.maximum(w, 0.0, out=out),
        lambda delta, o: np.multiply(delta, o > 0, out=delta),
    ),
    identity: (lambda w, out: out, lambda delta, o: None),
}


def unchecked(act: Activation) -> tuple[Callable, Callable]:
    """(sigma(w, out=...), delta *= sigma' from the output o) for the inner loop (above)."""
    if act.function in _UNCHECKED:
        return _UNCHECKED[act.function]

    def times_slope(delta, o):
        delta *= act.derivative_from_output(o)

    return act.function, times_slope


def _resolve(activation, name: str) -> Activation:
    if isinstance(activation, Activation):
        return activation
    if not isinstance(activation, str):
        raise TypeError(
            f"{name} must be an activation name {sorted(ACTIVATIONS)}, "
            f"got {type(activation).__name__} {activation!r}"
        )
    if activation not in ACTIVATIONS:
        raise ValueError(
            f"{name} must be one of {sorted(ACTIVATIONS)}, got unknown name {activation!r}"
        )
    return ACTIVATIONS[activation]


def get_activations(activation, num_layers: int) -> list[Activation]:
    """One Activation per layer from a name (used by every layer) or a list of names."""
    num_layers = nonnegative_int(num_layers, "num_layers")
    if isinstance(activation, (str, Activation)):
        return [_resolve(activation, "activation")] * num_layers
    if not isinstance(activation, Sequence):
        raise TypeError(
            "activation must be a name or a list of names (one per layer), "
            f"got {type(activation).__name__} {activation!r}"
        )
    if len(activation) != num_layers:
        raise ValueError(
            f"activation must list one name per layer ({num_layers} layers), "
            f"got {len(activation)}: {list(activation)!r}"
        )
    return [_resolve(a, f"activation[{i}]") for i, a in enumerate(activation)]
