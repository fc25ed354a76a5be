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
from lib.network import check_network
from lib.training import divergence_bound, train


def centred_ratio(z) -> float:
    """Chapter 1, exercise 3: λ_max/λ_min for the line fit on the centred inputs z − z̄."""
    z = as_real_array(z, "z", ndim=1)
    milestones = step_size_milestones(np.column_stack([np.ones(z.size), z - z.mean()]))
    return milestones.lambda_max / milestones.lambda_min


def relu_final_loss(weights, Z, Y, num_steps=500) -> float:
    """Chapter 4, exercise 3: the loss after training [relu, identity] at half its bound."""
    activation = ["relu", "identity"]
    weights, Z, Y, _ = check_network(weights, Z, Y, activation)
    bound = divergence_bound(weights, Z, Y, activation)
    return float(train(weights, Z, Y, 0.5 * bound, num_steps, activation).losses[-1])


def first_layer_movement(weights, Z, Y, step_size, num_steps, activation) -> float:
    """Chapter 7, exercise 3: how far (GD) moves the first layer, relative to its size."""
    run = train(weights, Z, Y, step_size, num_steps, activation)
    return float(relative_movement(weights, run.x)[0])
