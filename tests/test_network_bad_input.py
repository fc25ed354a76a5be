"""Every public function of the network modules refuses bad input with a named error."""

import numpy as np
import pytest

from lib.dense_chain import loss_and_grad_jacobian
from lib.finite_differences import numerical_gradient
from lib.network import forward, init_weights, loss_and_grad

pytestmark = pytest.mark.filterwarnings("error")

W = init_weights([3, 4, 2], seed=0)  # X_1: (4, 4), X_2: (2, 5)
Z = np.ones((3, 5))
Y = np.zeros((2, 5))


def _with(i, value):
    weights = list(W)
    weights[i] = value
    return weights


# (weights, Z, Y, activation, error, pattern the message must match)
BAD_NETWORK_INPUT = {
    "weights do not chain": (
        [W[0], np.zeros((2, 4))], Z, Y, "sigmoid", ValueError,
        r"weights\[1\] must have shape \(p_2, p_1 \+ 1\) = \(>= 1, 5\).*to follow the layer "
        r"before it; got shape \(2, 4\)",
    ),
    # an empty list is refused as a TypeError now (it was a ValueError): either will do
    "empty weights": ([], Z, Y, "sigmoid", (TypeError, ValueError),
                      r"weights must be a non-empty list \[X_1, ..., X_L\], got \[\]"),
    "weights not a list": (W[0], Z, Y, "sigmoid", TypeError, "weights must be a non-empty list"),
    "weights entry 1-D": (_with(1, np.zeros(5)), Z, Y, "sigmoid", ValueError,
                          r"weights\[1\] must have 2 dimension"),
    "weights entry without inputs": ([np.zeros((2, 1))], np.ones((0, 5)), Y, "sigmoid",
                                     ValueError, r"weights\[0\] must have shape"),
    "NaN in a weight": (_with(0, np.full((4, 4), np.nan)), Z, Y, "sigmoid", ValueError,
                        r"weights\[0\] must contain only finite"),
    "inf in a weight": (_with(1, np.full((2, 5), -np.inf)), Z, Y, "sigmoid", ValueError,
                        r"weights\[1\] must contain only finite"),
    "complex weight": (_with(0, np.ones((4, 4), complex)), Z, Y, "sigmoid", TypeError,
                       r"weights\[0\] must be a real numeric array"),
    "string weight": (_with(0, "abc"), Z, Y, "sigmoid", TypeError, r"weights\[0\]"),
    "Z wrong rows": (W, np.ones((4, 5)), Y, "sigmoid", ValueError,
                     r"Z must have 3 rows.*got shape \(4, 5\)"),
    "Z 1-D wrong length": (W, np.ones(2), np.zeros(2), "sigmoid", ValueError,
                           r"Z must have 3 rows.*got shape \(2,\)"),
    "Z 3-D": (W, np.ones((3, 5, 1)), Y, "sigmoid", ValueError, "Z must have 1 or 2 dim"),
    "Z no samples": (W, np.ones((3, 0)), np.zeros((2, 0)), "sigmoid", ValueError,
                     r"Z must have 3 rows.*at least one sample, got shape \(3, 0\)"),
    "NaN in Z": (W, np.full((3, 5), np.nan), Y, "sigmoid", ValueError, "Z must contain only"),
    "inf in Z": (W, np.full((3, 5), np.inf), Y, "sigmoid", ValueError, "Z must contain only"),
    "complex Z": (W, Z + 1j, Y, "sigmoid", TypeError, "Z must be a real numeric array"),
    "string Z": (W, [["a"] * 5] * 3, Y, "sigmoid", TypeError, "Z must be a real numeric"),
    "ragged Z": (W, [[1, 2], [3]], Y, "sigmoid", TypeError, "Z must be a real numeric"),
    "None Z": (W, None, Y, "sigmoid", TypeError, "Z must be a real numeric"),
    "Y wrong height": (W, Z, np.zeros((3, 5)), "sigmoid", ValueError,
                       r"Y must have shape \(2, 5\).*got shape \(3, 5\)"),
    "Y wrong sample count": (W, Z, np.zeros((2, 4)), "sigmoid", ValueError,
                             r"Y must have shape \(2, 5\).*got shape \(2, 4\)"),
    "Y 1-D for a batch": (W, Z, np.zeros(2), "sigmoid", ValueError,
                          r"Y must have shape \(2, 5\)"),
    "Y 2-D for one sample": (W, np.ones(3), np.zeros((2, 1)), "sigmoid", ValueError,
                             r"Y must have shape \(2,\)"),
    "Y 3-D": (W, Z, np.zeros((2, 5, 1)), "sigmoid", ValueError, "Y must have 1 or 2 dim"),
    "NaN in Y": (W, Z, np.full((2, 5), np.nan), "sigmoid", ValueError, "Y must contain only"),
    "inf in Y": (W, Z, np.full((2, 5), np.inf), "sigmoid", ValueError, "Y must contain only"),
    "complex Y": (W, Z, Y + 0j, "sigmoid", TypeError, "Y must be a real numeric array"),
    "unknown activation": (W, Z, Y, "softplus", ValueError,
                           r"activation must be one of \['identity', 'relu', 'sigmoid', 'tanh'\]"),
    "unknown name in list": (W, Z, Y, ["tanh", "elu"], ValueError, r"activation\[1\]"),
    "activation list too short": (W, Z, Y, ["tanh"], ValueError,
                                  r"activation must be a name or a list of 2 names \(one per "
                                  r"layer\), got \['tanh'\]"),
    "activation list too long": (W, Z, Y, ["tanh"] * 3, ValueError,
                                 "activation must be a name or a list of 2 names"),
    # neither a name nor a list: now a ValueError (it was a TypeError); either will do
    "activation not a name": (W, Z, Y, 1.5, (TypeError, ValueError),
                              "activation must be a name or a list.*got 1.5"),
    "activation None": (W, Z, Y, None, (TypeError, ValueError),
                        "activation must be a name or a list.*got None"),
    "overflow": (_with(0, np.full((4, 4), 1e300)), Z * 1e10, Y, "relu", ValueError,
                 "weights.* are too large in magnitude"),
}  # fmt: skip


@pytest.mark.parametrize("case", BAD_NETWORK_INPUT.values(), ids=BAD_NETWORK_INPUT.keys())
@pytest.mark.parametrize("function", [loss_and_grad, loss_and_grad_jacobian])
def test_loss_and_grad_refuses(function, case):
    weights, Z_, Y_, activation, error, pattern = case
    with pytest.raises(error, match=pattern):
        function(weights, Z_, Y_, activation)


FORWARD_CASES = {k: v for k, v in BAD_NETWORK_INPUT.items() if not v[-1].startswith("Y")}


@pytest.mark.parametrize("case", FORWARD_CASES.values(), ids=FORWARD_CASES.keys())
def test_forward_refuses(case):
    weights, Z_, _, activation, error, pattern = case
    with pytest.raises(error, match=pattern):
        forward(weights, Z_, activation)


@pytest.mark.parametrize(
    ("widths", "seed", "error", "pattern"),
    [
        ([3], 0, ValueError, r"widths must list at least p_0 and p_1, got \[3\]"),
        ([], 0, ValueError, r"widths must list at least p_0 and p_1, got \[\]"),
        ([3, 0, 2], 0, ValueError, r"widths\[1\] must be an integer >= 1, got 0"),
        ([3, -4], 0, ValueError, r"widths\[1\] must be an integer >= 1, got -4"),
        ([3, 2.5], 0, TypeError, r"widths\[1\] must be an integer >= 1, got float 2.5"),
        ([3.0, 2], 0, TypeError, r"widths\[0\] must be an integer >= 1"),
        ([3, True], 0, TypeError, r"widths\[1\] must be an integer >= 1, got bool True"),
        ("34", 0, TypeError, "widths must be a list of layer widths"),
        (5, 0, TypeError, "widths must be a list of layer widths"),
        (None, 0, TypeError, "widths must be a list of layer widths"),
        ([3, 2], -1, ValueError, "seed must be an integer >= 0, got -1"),
        ([3, 2], 1.5, TypeError, "seed must be an integer >= 0, got float 1.5"),
        ([3, 2], "0", TypeError, "seed must be an integer >= 0"),
    ],
)
def test_init_weights_refuses(widths, seed, error, pattern):
    with pytest.raises(error, match=pattern):
        init_weights(widths, seed=seed)


def _square(x):
    return float(np.sum(x**2))


@pytest.mark.parametrize(
    ("f", "x", "eps", "error", "pattern"),
    [
        (_square, np.ones(3), 0.0, ValueError, "eps must be a finite number > 0, got 0.0"),
        (_square, np.ones(3), -1e-6, ValueError, "eps must be a finite number > 0"),
        (_square, np.ones(3), np.nan, ValueError, "eps must be a finite number > 0, got nan"),
        (_square, np.ones(3), np.inf, ValueError, "eps must be a finite number > 0, got inf"),
        (_square, np.ones(3), "1e-6", TypeError, "eps must be a positive real number"),
        ("not callable", np.ones(3), 1e-6, TypeError, "f must be callable"),
        (None, np.ones(3), 1e-6, TypeError, "f must be callable"),
        (lambda x: x, np.ones(3), 1e-6, ValueError, r"f must return a scalar, got .*\(3,\)"),
        (lambda x: "a", np.ones(3), 1e-6, TypeError, "f must return a real scalar.*got str 'a'"),
        (lambda x: None, np.ones(3), 1e-6, TypeError, "f must return a real scalar.*None"),
        (lambda x: 1j, np.ones(3), 1e-6, TypeError, "f must return a real scalar.*1j"),
        (lambda x: np.inf, np.ones(3), 1e-6, ValueError, "f is not finite near x"),
        # a jump of 3e308 across x[0] = 1 overflows the difference quotient
        (lambda x: 1.5e308 * np.sign(x[0] - 1), np.ones(3), 1e-6, ValueError, "f is not finite"),
        (_square, np.array([1.0, np.nan]), 1e-6, ValueError, "x must contain only finite"),
        (_square, np.ones(2) + 0j, 1e-6, TypeError, "x must be a real numeric array"),
        (_square, "abc", 1e-6, TypeError, "x must be a real numeric array"),
    ],
)
def test_numerical_gradient_refuses(f, x, eps, error, pattern):
    with pytest.raises(error, match=pattern):
        numerical_gradient(f, x, eps=eps)
