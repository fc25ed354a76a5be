"""lib: the maths of the course companion, one small module per idea of the lecture.

Chapters import this package for every formula they use; nothing here is re-defined
in a chapter. Equation numbers refer to the lecture "13.3 Backpropagation".

- gradient descent and least squares (section 3): ``descent``, ``least_squares``,
  ``explorer`` (the step-size explorer);
- the chain rule (section 4): ``jacobians`` (Jacobians, the chain (15) and its sizes),
  ``chain_views`` (its pictures and the layer-width explorer);
- layers and backpropagation (sections 4-6): ``activations``, ``layers``, ``network``
  (forward pass and backpropagation), ``jacobian_chain`` (the dense-Jacobian baseline),
  ``gradcheck`` (finite differences);
- backpropagation measured and put to work (sections 5-6): ``cost`` (peak memory and
  time of a gradient), ``playground`` (training a network, replayed or live);
- for the chapters: ``plots``, ``backprop_views`` and ``selfcheck`` (instant feedback
  for exercises); ``frames``, the mechanism every explorer shares (precomputed frames a
  control selects in the browser, so it works on the website without a kernel).
"""

from lib import backprop_views, chain_views, plots, selfcheck
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
from lib.chain_views import WidthExplorer, width_explorer
from lib.cost import (
    CostCurve,
    PowerLaw,
    best_time,
    fit_power_law,
    measure_gradient_cost,
    peak_memory,
)
from lib.descent import GDResult, gradient_descent
from lib.explorer import StepSizeExplorer, step_size_explorer
from lib.gradcheck import numerical_gradient, numerical_jacobian
from lib.jacobian_chain import loss_and_grad_jacobian
from lib.jacobians import (
    ChainShapes,
    chain_factors,
    chain_product,
    chain_shapes,
    channel_terms,
)
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
from lib.network import forward, init_weights, loss_and_grad
from lib.playground import (
    LiveTrainer,
    TrainingReplay,
    curvature_bound,
    live_trainer,
    train,
    training_replay,
)

__all__ = [
    "ACTIVATIONS",
    "Activation",
    "ChainShapes",
    "CostCurve",
    "GDResult",
    "LiveTrainer",
    "PowerLaw",
    "StepSizeExplorer",
    "StepSizes",
    "TrainingReplay",
    "WidthExplorer",
    "augment",
    "backprop_views",
    "best_time",
    "chain_factors",
    "chain_product",
    "chain_shapes",
    "chain_views",
    "channel_terms",
    "curvature_bound",
    "fit_power_law",
    "forward",
    "get_activations",
    "gradient_descent",
    "identity",
    "identity_derivative",
    "init_weights",
    "layer_forward",
    "layer_jacobian_input",
    "layer_jacobian_weights",
    "layer_vjp",
    "least_squares_gradient",
    "least_squares_loss",
    "least_squares_solution",
    "live_trainer",
    "loss_and_grad",
    "loss_and_grad_jacobian",
    "measure_gradient_cost",
    "numerical_gradient",
    "numerical_jacobian",
    "peak_memory",
    "plots",
    "relu",
    "relu_derivative",
    "sample_gradients",
    "selfcheck",
    "sigmoid",
    "sigmoid_derivative",
    "step_size_explorer",
    "step_size_milestones",
    "tanh",
    "tanh_derivative",
    "train",
    "training_replay",
    "width_explorer",
]
