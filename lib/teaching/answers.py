"""The references of the exercises whose check would otherwise show the way to the answer.

An exercise's check compares the reader's answer with a reference. Where the reference
is an independent referee (finite differences), a ``lib`` function the exercise asks the
reader not to use, or a value the chapter computed in the open, the check computes it in
the exercise's cell. Where computing it would spell out the solution, it comes from
here, like the answers at the back of a book: out of sight until looked up.
"""

from __future__ import annotations

import numpy as np

from lib.checks import as_real_array
from lib.further.depth import relative_movement
from lib.least_squares import step_size_milestones
from lib.training import train


def centred_ratio(z) -> float:
    """Chapter 1, exercise 3: λ_max/λ_min for the line fit on the centred inputs z − z̄."""
    z = as_real_array(z, "z", ndim=1)
    milestones = step_size_milestones(np.column_stack([np.ones(z.size), z - z.mean()]))
    return milestones.lambda_max / milestones.lambda_min


def trained_first_layer_rank(weights, Z, Y, step_size, num_steps) -> int:
    """Chapter 5, exercise 3: the rank of X_1 after (GD) on the loss (4) from ``weights``."""
    run = train(weights, Z, Y, step_size, num_steps)
    if run.diverged:  # the last good iterate is not the trained X_1 the exercise asks for
        raise ValueError(
            f"step_size = {step_size} makes (GD) diverge at step {run.diverged_at}; "
            "expected a step size that converges"
        )
    return int(np.linalg.matrix_rank(run.x[0]))


def first_layer_movement(weights, Z, Y, step_size, num_steps, activation) -> float:
    """Chapter 7, exercise 3: how far (GD) moves the first layer, relative to its size."""
    run = train(weights, Z, Y, step_size, num_steps, activation)
    return float(relative_movement(weights, run.x)[0])
