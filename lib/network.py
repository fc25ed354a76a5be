"""A network of L layers (eq. 16), its loss (eq. 4) and the gradient by backpropagation.

``weights`` is the list [X_1, ..., X_L], X_i of shape (p_i, p_{i-1} + 1) whose last
column multiplies the appended 1. ``Z`` holds the inputs, one sample per column, shape
(p_0, N); ``Y`` the targets, shape (p_L, N). A 1-D ``Z`` of shape (p_0,) with a 1-D ``Y``
is a single sample. The loss is (1/N) sum_i ||m(z_i; x) - y_i||^2, eq. (4) with
l(e) = ||e||^2.

Backpropagation here is the recursion of section 5 run on the whole batch at once:
the row vectors dl/dm_j of all samples are the columns of one matrix ``delta``, so each
layer costs a few matrix products and no Jacobian is ever formed.

For speed (see bench/), each layer output is kept with its row of ones, [O_i; 1], so that
a layer is one matrix product forward and one backward; a single sample's gradient is
an outer product; and the NaN/inf checks of large weights and gradients are read off
numbers the computation produces anyway instead of a separate pass over them.
"""

from __future__ import annotations

import numbers
from itertools import accumulate

import numpy as np

from lib._validate import as_real_array, finite_result, nonnegative_int, require_finite
from lib.activations import get_activations, unchecked


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


def _check_inputs(weights, Z, Y, activation, *, finite_weights=True):
    """Validated (weights, Z, Y, activations); Y may be None (forward pass only).

    With ``finite_weights=False`` the weights are not yet checked for NaN and inf: the
    caller does it, with :func:`_check_weights_finite`.
    """
    if not isinstance(weights, (list, tuple)):
        raise TypeError(
            f"weights must be a list of 2-D arrays [X_1, ..., X_L], got {type(weights).__name__}"
        )
    if not weights:
        raise ValueError("weights must hold at least one layer matrix X_1, got an empty list")
    weights = [
        as_real_array(X, f"weights[{i}]", ndim=2, finite=finite_weights)
        for i, X in enumerate(weights)
    ]
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


# Below this many entries a check costs its call overhead rather than its size.
_LARGE = 1 << 14


def _check_weights_finite(weights, n) -> set[int]:
    """Check each weights[i] for NaN and inf, as _check_inputs would, except the large
    ones of a small batch (N samples): those are checked on the way through the forward
    pass, far more cheaply (see _check_weight_through_w). Returns their indices."""
    deferred = set()
    for i, X in enumerate(weights):
        if X.size >= _LARGE and 8 * (X.shape[0] + X.shape[1]) * n <= X.size:
            deferred.add(i)
        else:
            require_finite(X, f"weights[{i}]")
    return deferred


def _check_weight_through_w(X, i, w, augmented):
    """Raise as require_finite(X) does if X holds NaN or inf, knowing w = X A.

    When no entry of A is 0, a NaN or inf in X[r, c] meets only nonzero factors A[c, k],
    so it makes every w[r, k] NaN or inf, whatever order the sums are taken in: a finite w
    proves X finite without reading X again. Otherwise, X itself is checked.
    """
    if not (np.isfinite(w).all() and np.count_nonzero(augmented) == augmented.size):
        require_finite(X, f"weights[{i}]")


def _augmented_outputs(weights, Z, activations, deferred=frozenset()):
    """[A_0, ..., A_L] with A_i = [O_i; 1] of shape (p_i + 1, N), for a batch Z (p_0, N).

    Each layer's output is stored with its row of ones already appended, so that
    w = X_i [O_{i-1}; 1] is ONE matrix product with X_i as given, written straight into
    the rows of A_i (C order makes A_i[:-1] a contiguous block); backpropagation reuses
    A_{i-1} for dl/dX_i = delta [O_{i-1}; 1]^T, again a single product. A_1..A_L are
    consecutive blocks of one buffer. A_0 is Z itself, without the row of ones, unless
    copying Z is cheap next to the first layer's work (few samples). The weights listed
    in ``deferred`` are checked for NaN and inf on the way.
    """
    n = Z.shape[1]
    ends = list(accumulate(X.shape[0] + 1 for X in weights))
    buffer = np.empty((ends[-1], n))
    buffer[[end - 1 for end in ends]] = 1.0  # the last row of every block
    stack = [buffer[start:end] for start, end in zip([0, *ends[:-1]], ends, strict=True)]
    if 8 * Z.size <= weights[0].size:
        stack.insert(0, np.vstack([Z, np.ones((1, n))]))
    else:
        stack.insert(0, Z)
    for i, (X, act) in enumerate(zip(weights, activations, strict=True)):
        w = stack[i + 1][:-1]
        if stack[i].shape[0] == X.shape[1]:
            np.matmul(X, stack[i], out=w)
        else:  # A_0 = Z: the bias column separately
            np.matmul(X[:, :-1], Z, out=w)
            w += X[:, -1:]
        if i in deferred:
            _check_weight_through_w(X, i, w, stack[i])
        # sigma in place: backpropagation only needs the output, through sigma'(o).
        unchecked(act)[0](w, out=w)
    return stack


# A gradient entry |delta [O; 1]^T|_rc <= N max|delta| max|[O; 1]|, even after rounding,
# as long as that bound stays well below the largest float64.
_SAFE_BOUND = np.finfo(np.float64).max / 4


def _bound_proves_finite(G, delta, augmented) -> bool:
    """True when G = delta A^T is shown finite by a bound from its (much smaller) factors,
    which is cheaper than reading G; False when that is not worth trying or fails."""
    if G.size < _LARGE or 8 * (delta.size + augmented.size) > G.size:
        return False
    bound = delta.shape[1] * np.abs(delta).max() * max(np.abs(augmented).max(), 1.0)
    return bool(bound < _SAFE_BOUND)  # False for inf and NaN too


def forward(weights, Z, activation="sigmoid"):
    """The outputs [O_0 = Z, O_1, ..., O_L] of the layers m_i of eq. (16)."""
    weights, Z, _, activations = _check_inputs(weights, Z, None, activation, finite_weights=False)
    Z2 = Z.reshape(Z.shape[0], -1)
    deferred = _check_weights_finite(weights, Z2.shape[1])
    with np.errstate(all="ignore"):  # overflow is reported once, by finite_result
        stack = _augmented_outputs(weights, Z2, activations, deferred)
    outputs = [Z] + [finite_result(A[:-1], "weights or Z") for A in stack[1:]]
    return [out.reshape(-1) for out in outputs] if Z.ndim == 1 else outputs


def loss_and_grad(weights, Z, Y, activation="sigmoid"):
    """Loss (eq. 4) and [dl/dX_1, ..., dl/dX_L] by backpropagation (section 5), batched."""
    weights, Z, Y, activations = _check_inputs(weights, Z, Y, activation, finite_weights=False)
    Z, Y = Z.reshape(Z.shape[0], -1), Y.reshape(Y.shape[0], -1)
    n = Z.shape[1]
    deferred = _check_weights_finite(weights, n)
    # all gradients in one buffer, so that one pass can check them at the end
    ends = list(accumulate(X.size for X in weights))
    flat = np.empty(ends[-1])
    grads = [
        flat[end - X.size : end].reshape(X.shape) for end, X in zip(ends, weights, strict=True)
    ]
    unproven = []
    with np.errstate(all="ignore"):  # overflow is reported once, by finite_result
        stack = _augmented_outputs(weights, Z, activations, deferred)
        delta = stack[-1][:-1] - Y  # the errors e_i, one column per sample
        loss = finite_result(float(np.vdot(delta, delta)) / n, "weights, Z or Y")
        delta *= 2.0 / n  # column i is dl/dm_L for sample i, from l(e) = ||e||^2 / N
        for i in range(len(weights) - 1, -1, -1):
            # dl/dw = dl/dm_i diag(sigma'(w)), the factor shared by both products below;
            # sigma' comes from O_i, which is not needed afterwards and may be overwritten
            unchecked(activations[i])[1](delta, stack[i + 1][:-1])
            # dl/dX_i = sum over samples of dl/dw [O_{i-1}; 1]^T (eq. 5); for one sample
            # an outer product, which broadcasting writes faster than a matrix product
            A = stack[i]
            if A.shape[0] != grads[i].shape[1]:  # A_0 = Z: the bias column separately
                np.matmul(delta, A.T, out=grads[i][:, :-1])
                np.sum(delta, axis=1, out=grads[i][:, -1])
            elif n == 1:
                np.multiply(delta, A.T, out=grads[i])
            else:
                np.matmul(delta, A.T, out=grads[i])
            if not _bound_proves_finite(grads[i], delta, A):
                unproven.append(i)
            if i:  # dl/dm_{i-1} = dl/dw X_i[:, :-1]; dl/dZ is not needed
                delta = weights[i][:, :-1].T @ delta
    for part in [flat] if len(unproven) == len(grads) else [grads[i] for i in unproven]:
        finite_result(part, "weights, Z or Y")
    return loss, grads
