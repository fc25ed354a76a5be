"""The gradient the way eqs. (15) and (17) read before backpropagation's insight.

For each sample, build every dense Jacobian dm_i/dm_{i-1} (p_i x p_{i-1}) and
dm_i/dx_i (p_i x p_i(p_{i-1}+1)), multiply the chain into the full dm_L/dx_j, and only
then apply the row vector dl/dm_L. This costs matrix-matrix products and memory that
grow with the layer widths squared: it is the slow baseline that backpropagation
(:func:`lib.network.loss_and_grad`) avoids. x_j = X_j.ravel() (row-major), as in
:mod:`lib.layers`.
"""

from __future__ import annotations

import numpy as np

from lib.checks import checked, finite_result
from lib.layers import layer_jacobian_input, layer_jacobian_weights
from lib.network import check_batch, forward


def _door(maths, weights, Z, Y, activation="sigmoid"):
    loss, grads = maths(*check_batch(weights, Z, Y, activation))
    return float(finite_result(loss, "weights, Z or Y")), finite_result(grads, "weights, Z or Y")


@checked(_door)
def loss_and_grad_jacobian(weights, Z, Y, activation="sigmoid"):
    """Loss (eq. 4) and its gradient from the dense Jacobian chain of (15)/(17) (chapter 4)."""
    n = Z.shape[1]
    loss, grads = 0.0, [np.zeros_like(X) for X in weights]
    for k in range(n):
        outputs = [m[:, 0] for m in forward(weights, Z[:, k : k + 1], activation)]
        e = outputs[-1] - Y[:, k]
        loss += float(e @ e) / n
        dl_dm = 2.0 * e / n  # row vector dl/dm_L of l(e) = ||e||^2 / N
        chain = np.eye(e.size)  # dm_L/dm_j, one factor longer at each step down
        for j in range(len(weights) - 1, -1, -1):
            X, inputs, act = weights[j], outputs[j], activation[j]
            dm_dx = chain @ layer_jacobian_weights(X, inputs, act)  # dm_L/dx_j, eq. (15)
            grads[j] += (dl_dm @ dm_dx).reshape(X.shape)  # eq. (17), undo x_j = X.ravel()
            chain = chain @ layer_jacobian_input(X, inputs, act)
    return loss, grads
