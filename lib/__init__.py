"""lib: the maths of the course companion, one small module per idea of the lecture.

Chapters import this package for every formula they use; nothing here is re-defined
in a chapter. Equation numbers refer to the lecture "13.3 Backpropagation".

- gradient descent and least squares (section 3): ``descent``, ``least_squares``,
  ``explorer`` (the step-size explorer);
- layers and backpropagation (sections 4-6): ``activations``, ``layers``, ``network``
  (forward pass and backpropagation), ``jacobian_chain`` (the dense-Jacobian baseline),
  ``gradcheck`` (finite differences);
- for the chapters: ``plots`` and ``selfcheck`` (instant feedback for exercises).
"""

from lib import plots, selfcheck
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
from lib.descent import GDResult, gradient_descent
from lib.explorer import StepSizeExplorer, step_size_explorer
from lib.gradcheck import numerical_gradient
from lib.jacobian_chain import loss_and_grad_jacobian
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

__all__ = [
    "ACTIVATIONS",
    "Activation",
    "GDResult",
    "StepSizeExplorer",
    "StepSizes",
    "augment",
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
    "loss_and_grad",
    "loss_and_grad_jacobian",
    "numerical_gradient",
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
]
