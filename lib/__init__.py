"""lib: the maths of the course companion, to read beside the lecture "13.3 Backpropagation".

The modules at this level are the lecture's maths, one idea each, and import numpy only:

- ``descent``: gradient descent, the update (GD) (chapter 1);
- ``least_squares``: the loss (4) of a linear model, its gradient (5), (8), step sizes (chapter 1);
- ``activations``: σ beside σ′ (chapters 4, 5);
- ``layers``: one layer (16), its forward pass beside its vector-Jacobian product (chapters 4, 5);
- ``network``: the forward pass and backpropagation of section 5 (chapter 4);
- ``chain_rule``: Jacobians and the chain (13)-(15) (chapters 2, 3);
- ``dense_chain``: the gradient from dense Jacobians, the baseline of (17) (chapter 4);
- ``training``: (GD) on a network, and its step-size bound 2/λ_max (chapter 4);
- ``finite_differences``: the independent check of every derivative;
- ``checks``: the input checks all of them share.

``lib.further`` holds the maths of the chapters that go past the lecture (6 and 7), also
numpy only. Below the maths, in subpackages that it never imports (``pyproject.toml``
declares it): ``lib.pictures`` (matplotlib figures), ``lib.explorers`` (the ipywidgets
explorers, which work without a kernel), ``lib.measure`` (time and memory) and
``lib.teaching`` (exercise checks, a function's source on the page). Import them by name:
``import lib.pictures``. Every maths name is also at the top: ``lib.loss_and_grad``.
"""

from lib.activations import (
    ACTIVATIONS,
    Activation,
    get_activations,
    identity,
    identity_derivative,
    relu,
    relu_derivative,
    sigmoid,
    sigmoid_derivative,
    tanh,
    tanh_derivative,
)
from lib.chain_rule import ChainShapes, chain_factors, chain_product, chain_shapes, channel_terms
from lib.dense_chain import loss_and_grad_jacobian
from lib.descent import GDResult, gradient_descent
from lib.finite_differences import numerical_gradient, numerical_jacobian
from lib.further.chain_order import (
    ChainOrder,
    OrderCosts,
    chain_costs,
    cheapest_order,
    forward_order,
    multiply_in_order,
    order_cost,
    order_text,
    reverse_order,
)
from lib.further.depth import MAX_SLOPE, GradientNorms, gradient_norms, relative_movement
from lib.further.modes import jacobian_forward, jacobian_reverse, layer_jvp
from lib.layers import (
    augment,
    layer_forward,
    layer_jacobian_input,
    layer_jacobian_weights,
    layer_vjp,
)
from lib.least_squares import (
    StepSizes,
    least_squares_gradient,
    least_squares_loss,
    least_squares_solution,
    sample_gradients,
    step_size_milestones,
)
from lib.network import check_network, forward, init_weights, loss_and_grad
from lib.training import divergence_bound, train

__all__ = [
    "ACTIVATIONS",
    "Activation",
    "ChainOrder",
    "ChainShapes",
    "GDResult",
    "GradientNorms",
    "MAX_SLOPE",
    "OrderCosts",
    "StepSizes",
    "augment",
    "chain_costs",
    "chain_factors",
    "chain_product",
    "chain_shapes",
    "channel_terms",
    "cheapest_order",
    "check_network",
    "divergence_bound",
    "forward",
    "forward_order",
    "get_activations",
    "gradient_descent",
    "gradient_norms",
    "identity",
    "identity_derivative",
    "init_weights",
    "jacobian_forward",
    "jacobian_reverse",
    "layer_forward",
    "layer_jacobian_input",
    "layer_jacobian_weights",
    "layer_jvp",
    "layer_vjp",
    "least_squares_gradient",
    "least_squares_loss",
    "least_squares_solution",
    "loss_and_grad",
    "loss_and_grad_jacobian",
    "multiply_in_order",
    "numerical_gradient",
    "numerical_jacobian",
    "order_cost",
    "order_text",
    "relative_movement",
    "relu",
    "relu_derivative",
    "reverse_order",
    "sample_gradients",
    "sigmoid",
    "sigmoid_derivative",
    "step_size_milestones",
    "tanh",
    "tanh_derivative",
    "train",
]
