"""A network of L layers (eq. 16), its loss (eq. 4) and the gradient by backpropagation.

``weights`` is the list [X_1, ..., X_L], X_i of shape (p_i, p_{i-1} + 1) whose last
column multiplies the appended 1. ``Z`` holds the inputs, one sample per column, shape
(p_0, N); ``Y`` the targets, shape (p_L, N). A 1-D ``Z`` of shape (p_0,) with a 1-D ``Y``
is a single sample. The loss is (1/N) sum_i ||m(z_i; x) - y_i||^2, eq. (4) with
l(e) = ||e||^2.

Backpropagation here is the recursion of section 5 run on the whole batch at once:
the row vectors dl/dm_j of all samples are the columns of one matrix ``delta``, so each
layer costs a few matrix products and no Jacobian is ever formed.
"""

from __future__ import annotations

import numbers

import numpy as np

from lib._validate import as_real_array, finite_result, nonnegative_int
from lib.activations import get_activations


def init_weights(widths, seed=0):
    """Random X_1..X_L for eq. (16), X_i of shape (widths[i], widths[i-1] + 1)."""
    if isinstance(widths, (str, bytes)) or not hasattr(widths, "__len__"):
        raise TypeError(f"widths must be a list of layer widths p_0..p_L, got {widths!r}")
    widths = list(widths)
    if len(widths) < 2:
        raise ValueError(
            f"widths must list at least two widths (input p_0 and output p_1), got {widths!r}"
        )
    for i, p in enumerate(widths):
        if isinstance(p, bool) or not isinstance(p, numbers.Integral):
            raise TypeError(f"widths[{i}] must be a positive integer, got {p!r} in {widths!r}")
        if p < 1:
            raise ValueError(f"widths[{i}] must be a positive integer, got {p!r} in {widths!r}")
    rng = np.random.default_rng(nonnegative_int(seed, "seed"))
    weights = []
    for n_in, n_out in zip(widths[:-1], widths[1:], strict=False):
        X = np.zeros((int(n_out), int(n_in) + 1))
        # Glorot scaling, Var = 2 / (n_in + n_out): w = X [O; 1] keeps about the spread of
        # its inputs going forward and delta going backward, so sigma neither saturates
        # nor flattens out. The bias column starts at 0.
        X[:, :-1] = rng.normal(0.0, np.sqrt(2.0 / (n_in + n_out)), size=(n_out, n_in))
        weights.append(X)
    return weights


def _check_inputs(weights, Z, Y, activation):
    """Validated (weights, Z, Y, activations); Y may be None (forward pass only)."""
    if not isinstance(weights, (list, tuple)):
        raise TypeError(
            f"weights must be a list of 2-D arrays [X_1, ..., X_L], got {type(weights).__name__}"
        )
    if not weights:
        raise ValueError("weights must hold at least one layer matrix X_1, got an empty list")
    weights = [as_real_array(X, f"weights[{i}]", ndim=2) for i, X in enumerate(weights)]
    for i, X in enumerate(weights):
        if X.shape[0] < 1 or X.shape[1] < 2:
            raise ValueError(
                f"weights[{i}] must have shape (p_{i + 1}, p_{i} + 1) with both widths >= 1, "
                f"got {X.shape}"
            )
        if i and X.shape[1] != weights[i - 1].shape[0] + 1:
            p = weights[i - 1].shape[0]
            raise ValueError(
                f"weights do not chain at layer {i + 1}: weights[{i - 1}] of shape "
                f"{weights[i - 1].shape} outputs {p} values, so weights[{i}] needs {p + 1} "
                f"columns (one per input plus the bias column), got shape {X.shape}"
            )
    activations = get_activations(activation, len(weights))
    Z = as_real_array(Z, "Z", ndim=(1, 2))
    p0 = weights[0].shape[1] - 1
    if Z.shape[0] != p0:
        raise ValueError(
            f"Z must have {p0} rows (the inputs of weights[0], shape {weights[0].shape}), "
            f"got shape {Z.shape}"
        )
    if Z.size == 0:
        raise ValueError(f"Z must hold at least one sample (column), got shape {Z.shape}")
    if Y is not None:
        Y = as_real_array(Y, "Y", ndim=(1, 2))
        expected = (weights[-1].shape[0],) + Z.shape[1:]
        if Y.shape != expected:
            raise ValueError(
                f"Y must have shape {expected} (p_L = {expected[0]} outputs of the last layer"
                f"{', one column per sample of Z' if Z.ndim == 2 else ', one sample like Z'}), "
                f"got shape {Y.shape}"
            )
    return weights, Z, Y, activations


def _forward(weights, Z, activations):
    """[O_0, ..., O_L] for a batch Z of shape (p_0, N)."""
    outputs = [Z]
    for X, act in zip(weights, activations, strict=True):
        # X [O; 1] = X[:, :-1] O + X[:, -1], without building [O; 1] (a full copy of O).
        w = X[:, :-1] @ outputs[-1]
        w += X[:, -1:]
        # sigma in place: backpropagation only needs the output, through sigma'(o).
        outputs.append(act.function(w, out=w))
    return outputs


def forward(weights, Z, activation="sigmoid"):
    """The outputs [O_0 = Z, O_1, ..., O_L] of the layers m_i of eq. (16)."""
    weights, Z, _, activations = _check_inputs(weights, Z, None, activation)
    with np.errstate(all="ignore"):  # overflow is reported once, by finite_result
        outputs = _forward(weights, Z.reshape(Z.shape[0], -1), activations)
    for out in outputs[1:]:
        finite_result(out, "weights or Z")
    return [out.reshape(-1) for out in outputs] if Z.ndim == 1 else outputs


def loss_and_grad(weights, Z, Y, activation="sigmoid"):
    """Loss (eq. 4) and [dl/dX_1, ..., dl/dX_L] by backpropagation (section 5), batched."""
    weights, Z, Y, activations = _check_inputs(weights, Z, Y, activation)
    Z, Y = Z.reshape(Z.shape[0], -1), Y.reshape(Y.shape[0], -1)
    n = Z.shape[1]
    grads = [np.empty_like(X) for X in weights]
    with np.errstate(all="ignore"):  # overflow is reported once, by finite_result
        outputs = _forward(weights, Z, activations)
        delta = outputs[-1] - Y  # the errors e_i, one column per sample
        loss = float(np.vdot(delta, delta)) / n
        delta *= 2.0 / n  # column i is dl/dm_L for sample i, from l(e) = ||e||^2 / N
        for i in range(len(weights) - 1, -1, -1):
            # dl/dw = dl/dm_i diag(sigma'(w)), the factor shared by both products below
            delta *= activations[i].derivative_from_output(outputs[i + 1])
            # dl/dX_i = sum over samples of dl/dw [O_{i-1}; 1]^T: weight block, bias column
            np.matmul(delta, outputs[i].T, out=grads[i][:, :-1])
            np.sum(delta, axis=1, out=grads[i][:, -1])
            if i:  # dl/dm_{i-1} = dl/dw X_i[:, :-1]; dl/dZ is not needed
                delta = weights[i][:, :-1].T @ delta
    finite_result(loss, "weights, Z or Y")
    for g in grads:
        finite_result(g, "weights, Z or Y")
    return loss, grads
