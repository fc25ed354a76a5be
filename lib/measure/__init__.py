"""Measurement: time and peak memory of a call, and how they grow with the layer width."""

from lib.measure.gradient_cost import CostCurve, PowerLaw, fit_power_law, measure_gradient_cost
from lib.measure.timing import best_time, one_blas_thread, peak_memory

__all__ = [
    "CostCurve",
    "PowerLaw",
    "best_time",
    "fit_power_law",
    "measure_gradient_cost",
    "one_blas_thread",
    "peak_memory",
]
