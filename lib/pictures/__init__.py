"""The book's figures, drawn with matplotlib into axes or a figure the chapter made.

Kept out of the chapters so that a chapter cell shows the idea, not the styling. Their
colours are set once, in :mod:`lib.pictures.style`; a chapter shows a figure with
:func:`show`, in a light and a dark rendering for the website's two themes.
"""

from lib.pictures.backprop import plot_backward_pass, plot_costs, plot_sparsity
from lib.pictures.chain_rule import plot_chain, plot_gradient_rescaling, plot_scalar_chain
from lib.pictures.depth import plot_gradient_norms, plot_weight_movement
from lib.pictures.descent import plot_excess_loss, plot_fit, plot_iterates_on_contours
from lib.pictures.graph import plot_multiply_adds, plot_paths_and_edges
from lib.pictures.modes import plot_mode_memory, plot_mode_sweep
from lib.pictures.stochastic import plot_noise_floors, plot_progress, plot_variance_factor
from lib.pictures.themed import show

__all__ = [
    "plot_backward_pass",
    "plot_chain",
    "plot_costs",
    "plot_excess_loss",
    "plot_fit",
    "plot_gradient_norms",
    "plot_gradient_rescaling",
    "plot_iterates_on_contours",
    "plot_mode_memory",
    "plot_mode_sweep",
    "plot_multiply_adds",
    "plot_noise_floors",
    "plot_paths_and_edges",
    "plot_progress",
    "plot_scalar_chain",
    "plot_sparsity",
    "plot_variance_factor",
    "plot_weight_movement",
    "show",
]
