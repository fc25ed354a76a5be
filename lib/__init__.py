"""lib: the maths of the course companion, one small module per idea of the lecture.

Chapters import this package for every formula they use; nothing here is re-defined
in a chapter. Equation numbers refer to the lecture "13.3 Backpropagation".

- gradient descent and least squares (section 3): ``descent``, ``least_squares``,
  ``explorer`` (the step-size explorer);
- for the chapters: ``plots`` and ``selfcheck`` (instant feedback for exercises).
"""

from lib import plots, selfcheck
from lib.descent import GDResult, gradient_descent
from lib.explorer import StepSizeExplorer, step_size_explorer
from lib.least_squares import (
    StepSizes,
    least_squares_gradient,
    least_squares_loss,
    least_squares_solution,
    sample_gradients,
    step_size_milestones,
)

__all__ = [
    "GDResult",
    "StepSizeExplorer",
    "StepSizes",
    "gradient_descent",
    "least_squares_gradient",
    "least_squares_loss",
    "least_squares_solution",
    "plots",
    "sample_gradients",
    "selfcheck",
    "step_size_explorer",
    "step_size_milestones",
]
