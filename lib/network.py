# ruff: noqa: E741  (O is the lecture's name for a layer output)
"""A network of L layers (eq. 16), its loss (eq. 4) and the gradient by backpropagation.

``weights`` is the list [X_1, ..., X_L], X_i of shape (p_i, p_{i-1} + 1). ``Z`` holds the
inputs, one sample per column, shape (p_0, N), and ``Y`` the targets, shape (p_L, N); a
1-D ``Z`` with a 1-D ``Y`` is one sample. The loss is (1/N) Σ_k ‖m(z_k; x) − y_k‖², eq. (4)
with ℓ(e) = ‖e‖². Backpropagation runs the recursion of section 5 on the whole batch at
once: column k of δ is the row vector ∂ℓ/∂m_j of sample k, transposed. Chapter 4 teaches it.
"""

from __future__ import annotations

import numpy as np

from lib.activations import get_activations
from lib.checks import as_real_array, checked, finite_result, layer_widths, nonnegative_int
from lib.layers import layer_forward, layer_vjp


@checked(lambda maths, widths, seed=0: maths(layer_widths(widths), nonnegative_int(seed, "seed")))
def init_weights(widths, seed=0):
    """Random X_1..X_L for eq. (16), X_i of shape (p_i, p_{i-1} + 1), the biases 0 (chapter 4)."""
    rng = np.random.default_rng(seed)
    weights = []
    for n_in, n_out in zip(widths[:-1], widths[1:], strict=False):
        # Glorot's variance 2 / (n_in + n_out) keeps the spread of w = X [O; 1] close to
        # that of O going forward and of δ going backward, so σ neither saturates nor fades.
        X = np.zeros((n_out, n_in + 1))
        X[:, :-1] = rng.normal(0.0, np.sqrt(2.0 / (n_in + n_out)), size=(n_out, n_in))
        weights.append(X)
    return weights


def check_network(weights, Z, Y=None, activation="sigmoid"):
    """Validated (weights, Z, Y, activations) of the network (16) and loss (4) (chapter 4)."""
    if not isinstance(weights, (list, tuple)) or not weights:
        error = ValueError if isinstance(weights, (list, tuple)) else TypeError
        raise error(f"weights must be a non-empty list [X_1, ..., X_L], got {weights!r:.80}")
    weights = [as_real_array(X, f"weights[{i}]", ndim=2) for i, X in enumerate(weights)]
    for i, X in enumerate(weights):
        p_in = X.shape[1] - 1 if i == 0 else weights[i - 1].shape[0]
        if min(X.shape[0], p_in) < 1 or X.shape[1] != p_in + 1:
            raise ValueError(
                f"weights[{i}] must have shape (p_{i + 1}, p_{i} + 1) = (>= 1, {p_in + 1}), "
                f"p_{i} >= 1, to follow the layer before it; got shape {X.shape}"
            )
    Z = as_real_array(Z, "Z", ndim=(1, 2))
    if Z.shape[0] != weights[0].shape[1] - 1 or Z.size == 0:
        raise ValueError(
            f"Z must have {weights[0].shape[1] - 1} rows (the inputs of weights[0], shape "
            f"{weights[0].shape}) and at least one sample, got shape {Z.shape}"
        )
    expected = weights[-1].shape[:1] + Z.shape[1:]
    if Y is not None and (Y := as_real_array(Y, "Y", ndim=(1, 2))).shape != expected:
        raise ValueError(
            f"Y must have shape {expected}: p_L = {expected[0]} outputs for each sample of "
            f"Z (shape {Z.shape}), got shape {Y.shape}"
        )
    return weights, Z, Y, get_activations(activation, len(weights))


def check_batch(weights, Z, Y=None, activation="sigmoid"):
    """:func:`check_network` for the network (16) and loss (4), one sample (1-D Z and Y)
    made a batch of one, the form the maths takes (chapter 4)."""
    weights, Z, Y, activations = check_network(weights, Z, Y, activation)
    if Z.ndim == 1:
        Z, Y = Z[:, None], None if Y is None else Y[:, None]
    return weights, Z, Y, activations


def _forward_door(maths, weights, Z, activation="sigmoid"):
    weights, Z_batch, _, activations = check_batch(weights, Z, None, activation)
    outputs = finite_result(maths(weights, Z_batch, activations), "weights or Z")
    return outputs if np.ndim(Z) == 2 else [O[:, 0] for O in outputs]


@checked(_forward_door)
def forward(weights, Z, activation="sigmoid"):
    """The outputs [O_0 = Z, O_1, ..., O_L] of the layers m_i of eq. (16) (chapter 3)."""
    outputs = [Z]
    for X, act in zip(weights, activation, strict=True):
        outputs.append(layer_forward(X, outputs[-1], act)[0])  # m_i = σ(X_i [O_{i-1}; 1])
    return outputs


def _loss_door(maths, weights, Z, Y, activation="sigmoid"):
    loss, grads = maths(*check_batch(weights, Z, Y, activation))
    return float(finite_result(loss, "weights, Z or Y")), finite_result(grads, "weights, Z or Y")


@checked(_loss_door)
def loss_and_grad(weights, Z, Y, activation="sigmoid"):
    """Loss (eq. 4) and [∂ℓ/∂X_1, ..., ∂ℓ/∂X_L] by backpropagation (section 5, chapter 4)."""
    outputs = [Z]  # O_0 = Z, then O_1, ..., O_L by the forward pass, kept for the way back
    for X, act in zip(weights, activation, strict=True):
        outputs.append(layer_forward(X, outputs[-1], act)[0])  # m_i = σ(X_i [O_{i-1}; 1])
    e = outputs[-1] - Y  # the errors m(z_k) − y_k, one column per sample
    N = Y.shape[1]
    delta = (2 / N) * e  # δ_L = (∂ℓ/∂m_L)ᵀ of ℓ = (1/N) Σ_k ‖e_k‖²
    grads = [None] * len(weights)
    for i in range(len(weights), 0, -1):  # layer i: X_i = weights[i - 1], input O_{i-1}
        X, O, m = weights[i - 1], outputs[i - 1], outputs[i]
        # δ_{i-1} and ∂ℓ/∂X_i; the input Z needs no gradient, so layer 1 skips δ_0
        delta, grads[i - 1] = layer_vjp(X, O, m, delta, activation[i - 1], input_gradient=i > 1)
    return np.vdot(e, e) / N, grads
