"""Measurement: time and peak memory of a call, and how they grow with the layer width."""

from lib.measure.gradient_cost import (
    CostCurve,
    PowerLaw,
    fit_power_law,
    measure_gradient_cost,
    multiply_adds,
)
from lib.measure.modes import ModeCosts, crossover, measure_modes
from lib.measure.timing import best_time, one_blas_thread, peak_memory

__all__ = [
    "CostCurve",
    "ModeCosts",
    "PowerLaw",
    "best_time",
    "crossover",
    "fit_power_law",
    "measure_gradient_cost",
    "multiply_adds",
    "measure_modes",
    "one_blas_thread",
    "peak_memory",
]
