"""lib: the maths of the course companion, to read beside the lecture "13.3 Backpropagation".

The modules at this level are the maths, one idea each, and import numpy only:

- ``descent``: gradient descent, the update (GD) (chapter 1);
- ``least_squares``: the loss (4) of a linear model, its gradient (5), (8), step sizes (chapter 1);
- ``activations``: σ beside σ′ (chapters 4, 5);
- ``layers``: one layer (16), its forward pass beside its vector-Jacobian product (chapters 4, 5)
  and its Jacobian-vector product (chapter 6);
- ``network``: the forward pass and backpropagation of section 5 (chapter 4);
- ``chain_rule``: Jacobians and the chain (13)-(15) (chapters 2, 3);
- ``dense_chain``: the gradient from dense Jacobians, the baseline of (17) (chapter 4);
- ``training``: (GD) on a network, and its step-size bound 2/λ_max (chapter 4);
- ``modes``: dm_L/dz = J_L ⋯ J_1 (15) from the right (forward) or the left (reverse) (chapter 6);
- ``chain_order``: what each order of the chain costs, and the cheapest order (chapter 6);
- ``depth``: gradient norms layer by layer and their bound (chapter 7);
- ``finite_differences``: the independent check of every derivative;
- ``checks``: the input checks all of them share.

Below them, in subpackages that the maths never imports (``pyproject.toml`` declares it):
``lib.pictures`` (matplotlib figures), ``lib.explorers`` (the ipywidgets explorers, which
work without a kernel), ``lib.measure`` (time and memory) and ``lib.teaching`` (exercise
checks, a function's source on the page). Import them by name: ``import lib.pictures``.
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
from lib.chain_order import (
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
from lib.chain_rule import ChainShapes, chain_factors, chain_product, chain_shapes, channel_terms
from lib.dense_chain import loss_and_grad_jacobian
from lib.depth import MAX_SLOPE, GradientNorms, gradient_norms, relative_movement
from lib.descent import GDResult, gradient_descent
from lib.finite_differences import numerical_gradient, numerical_jacobian
from lib.layers import (
    augment,
    layer_forward,
    layer_jacobian_input,
    layer_jacobian_weights,
    layer_jvp,
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
from lib.modes import jacobian_forward, jacobian_reverse
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
