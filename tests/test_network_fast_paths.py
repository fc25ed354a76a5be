"""The shortcuts lib.network takes for large layers and few samples give the same answers
and refuse the same bad input as the plain computation."""

import numpy as np
import pytest

from lib.jacobian_chain import loss_and_grad_jacobian
from lib.network import _LARGE, forward, init_weights, loss_and_grad

# X_1 is 130 x 129 > _LARGE entries: with few samples its NaN/inf check goes through
# w = X_1 [z; 1], and the finiteness of its gradient through a bound from its factors.
WIDTHS = [128, 130, 3]


def problem(n, seed=0):
    rng = np.random.default_rng(seed)
    weights = init_weights(WIDTHS, seed=seed)
    return weights, rng.normal(size=(WIDTHS[0], n)), rng.uniform(size=(WIDTHS[-1], n))


def test_the_large_layer_takes_the_shortcuts():
    assert init_weights(WIDTHS)[0].size >= _LARGE


@pytest.mark.parametrize("n", [1, 2])
def test_large_layers_agree_with_the_jacobian_chain(n):
    weights, Z, Y = problem(n)
    loss, grads = loss_and_grad(weights, Z, Y)
    loss_j, grads_j = loss_and_grad_jacobian(weights, Z, Y)
    assert loss == pytest.approx(loss_j, rel=1e-13)
    for g, h in zip(grads, grads_j, strict=True):
        np.testing.assert_allclose(g, h, rtol=1e-10, atol=1e-15)


def test_one_sample_is_a_batch_of_one():
    weights, Z, Y = problem(1)
    loss, grads = loss_and_grad(weights, Z[:, 0], Y[:, 0])
    loss2, grads2 = loss_and_grad(weights, np.hstack([Z, Z]), np.hstack([Y, Y]))
    assert loss == pytest.approx(loss2, rel=1e-14)
    for g, h in zip(grads, grads2, strict=True):
        np.testing.assert_allclose(g, h, rtol=1e-12, atol=1e-16)


@pytest.mark.parametrize("bad", [np.nan, np.inf, -np.inf])
@pytest.mark.parametrize("layer", [0, 1])
@pytest.mark.parametrize("zeros_in_input", [False, True])
def test_a_bad_weight_is_named_on_every_path(bad, layer, zeros_in_input):
    weights, Z, Y = problem(1)
    if zeros_in_input:  # A_0 = [z; 1] has zeros: w cannot vouch for X_1
        Z[::3] = 0.0
    weights[layer][1, 7] = bad
    with pytest.raises(ValueError, match=rf"weights\[{layer}\] must contain only finite"):
        loss_and_grad(weights, Z, Y)
    with pytest.raises(ValueError, match=rf"weights\[{layer}\] must contain only finite"):
        forward(weights, Z)


def test_a_bad_weight_where_the_input_is_zero_is_still_found():
    weights, Z, Y = problem(1)
    Z[5] = 0.0
    weights[0][2, 5] = np.inf  # inf * 0 is NaN, but a skipped product would hide it
    with pytest.raises(ValueError, match=r"weights\[0\] must contain only finite"):
        loss_and_grad(weights, Z, Y)


def test_an_overflowing_gradient_of_a_large_layer_is_reported():
    # finite loss (about 1e140) but dl/dX_1 = delta_1 [z; 1]^T about 1e190 * 1e200
    weights, Z, Y = problem(1)
    weights[0][:] = 1e-250
    weights[1][:] = 1e120
    loss, _ = loss_and_grad(weights, Z, Y, "identity")  # moderate inputs: fine
    with pytest.raises(ValueError, match="too large in magnitude"):
        loss_and_grad(weights, 1e200 * Z, Y, "identity")


def test_gradients_are_separate_arrays_of_the_weights_shapes():
    weights, Z, Y = problem(1)
    _, grads = loss_and_grad(weights, Z, Y)
    for g, X in zip(grads, weights, strict=True):
        assert g.shape == X.shape and g.flags.c_contiguous
    assert not np.shares_memory(grads[0], grads[1])
