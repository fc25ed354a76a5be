"""Memory and time measurement (chapter 4's memory argument): known allocations, exact laws."""

import gc
import time
import tracemalloc

import numpy as np
import pytest

import lib
import lib.measure
from lib.measure import (
    best_time,
    fit_power_law,
    measure_gradient_cost,
    one_blas_thread,
    peak_memory,
)
from lib.measure.gradient_cost import METHODS

pytestmark = pytest.mark.filterwarnings("error")


def allocate(num_bytes):
    return np.ones(num_bytes // 8)


def test_peak_memory_sees_a_numpy_allocation_of_known_size():
    for size in (80_000, 800_000):
        peak = peak_memory(allocate, size)
        assert size <= peak < size + 4_000, (size, peak)


def test_peak_memory_counts_a_temporary_that_is_freed_again():
    def temporary():
        big = np.ones(100_000)  # 800 kB, gone when the function returns
        return float(big.sum())

    assert peak_memory(temporary) >= 800_000


def test_peak_memory_counts_the_least_of_its_calls_with_the_collector_paused():
    # noise (another thread's allocations) only adds to a call's peak, so the least counts
    calls, collecting = [], []

    def shrinking():
        calls.append(None)
        collecting.append(gc.isenabled())
        return np.ones(100_000 if len(calls) == 1 else 10_000)  # 800 kB once, then 80 kB

    assert 80_000 <= peak_memory(shrinking, repeat=3) < 84_000
    assert len(calls) == 3 and collecting == [False] * 3 and gc.isenabled()
    assert 800_000 <= peak_memory(allocate, 800_000, repeat=1) < 804_000


def test_peak_memory_leaves_an_outer_tracemalloc_running():
    tracemalloc.start()
    try:
        peak = peak_memory(allocate, 400_000)
        assert tracemalloc.is_tracing()
        assert 400_000 <= peak < 404_000
    finally:
        tracemalloc.stop()
    assert not tracemalloc.is_tracing()


def spin(seconds):
    """Keep the processor busy for ``seconds`` of this process's CPU time."""
    start = time.process_time()
    while time.process_time() - start < seconds:
        pass


@pytest.fixture
def idle_threads():
    """Wait until a sleep costs this process no CPU time.

    Right after numpy loads, OpenBLAS's worker threads spin for some tens of milliseconds,
    and their spinning is this process's CPU time; run alone, these tests would start
    inside that window.
    """
    deadline = time.perf_counter() + 5.0
    while time.perf_counter() < deadline:
        start = time.process_time()
        time.sleep(0.01)
        if time.process_time() - start < 1e-3:
            return
    pytest.fail("this process keeps burning CPU time while it sleeps")


def test_best_time_measures_processor_time(idle_threads):
    assert 0.0035 < best_time(spin, 0.004, repeat=2) < 0.02


def test_best_time_does_not_count_waiting(idle_threads):
    # a sleeping call uses no processor time: other programs cannot inflate the timings
    assert best_time(time.sleep, 0.004, repeat=2) < 0.002


def test_best_time_loops_short_calls():
    calls = []
    best_time(calls.append, 1, repeat=2, min_time=1e-3)
    assert len(calls) > 3  # warm-up, calibration, then repeats of a looped call


def test_one_blas_thread_restores_the_setting():
    threadpoolctl = pytest.importorskip("threadpoolctl")
    before = [pool["num_threads"] for pool in threadpoolctl.threadpool_info()]
    with one_blas_thread():
        inside = [
            pool["num_threads"]
            for pool in threadpoolctl.threadpool_info()
            if pool["user_api"] == "blas"
        ]
        assert inside and all(n == 1 for n in inside)
    assert [pool["num_threads"] for pool in threadpoolctl.threadpool_info()] == before


def test_fit_power_law_recovers_exact_laws():
    widths = np.array([3.0, 10.0, 40.0, 200.0])
    law = fit_power_law(widths, 7.5 * widths**2.5)
    assert law.exponent == pytest.approx(2.5, abs=1e-12)
    assert law.coefficient == pytest.approx(7.5, rel=1e-10)
    assert law(100.0) == pytest.approx(7.5 * 100.0**2.5, rel=1e-10)


def test_fit_power_law_of_noisy_data_is_close():
    rng = np.random.default_rng(0)
    widths = np.geomspace(8, 512, 12)
    values = 3.0 * widths**3 * np.exp(0.05 * rng.standard_normal(12))
    assert fit_power_law(widths, values).exponent == pytest.approx(3.0, abs=0.05)


@pytest.fixture(scope="module")
def curves():
    widths = [4, 8, 16, 24]
    return (
        measure_gradient_cost("backprop", widths, depth=2, repeat=2),
        measure_gradient_cost("jacobian", widths, depth=2, repeat=2),
    )


def test_measured_curves_record_every_width(curves):
    for curve in curves:
        np.testing.assert_array_equal(curve.widths, [4, 8, 16, 24])
        assert curve.depth == 2
        assert curve.peak_bytes.shape == curve.seconds.shape == (4,)
        assert np.all(curve.seconds > 0)
        # the gradient has the weights' shapes: depth matrices of p x (p + 1) float64s
        np.testing.assert_array_equal(
            curve.gradient_bytes, [2 * p * (p + 1) * 8 for p in (4, 8, 16, 24)]
        )
        # and the returned gradient is part of the peak
        assert np.all(curve.peak_bytes >= curve.gradient_bytes)


def test_the_dense_chain_needs_more_memory_and_its_memory_grows_faster(curves):
    backprop, jacobian = curves
    assert np.all(jacobian.peak_bytes > backprop.peak_bytes)
    # the dense dm_j/dx_j alone has p * p(p + 1) entries: the chain's peak is at least that
    assert np.all(jacobian.peak_bytes >= [p * p * (p + 1) * 8 for p in jacobian.widths])
    assert jacobian.memory_law(8).exponent > backprop.memory_law(8).exponent + 0.5


def test_a_curve_fits_only_above_min_width(curves):
    backprop = curves[0]
    everything, upper = backprop.memory_law(), backprop.memory_law(min_width=8)
    assert everything != upper
    expected = fit_power_law(backprop.widths[1:], backprop.peak_bytes[1:])
    assert upper == expected
    assert backprop.time_law(8) == fit_power_law(backprop.widths[1:], backprop.seconds[1:])


def test_lib_measure_exports_the_measurements():
    assert lib.measure.measure_gradient_cost is measure_gradient_cost
    assert lib.measure.peak_memory is peak_memory and lib.measure.best_time is best_time
    assert isinstance(lib.measure.fit_power_law([1, 2], [1, 4]), lib.measure.PowerLaw)
    # the two methods compared are lib's own backprop and its dense Jacobian chain
    assert METHODS == {"backprop": lib.loss_and_grad, "jacobian": lib.loss_and_grad_jacobian}


@pytest.mark.parametrize(
    ("call", "error", "pattern"),
    [
        (lambda: peak_memory("not callable"), TypeError, "fn must be callable"),
        (lambda: peak_memory(allocate, 8, repeat=0), ValueError, "repeat must be an integer >= 1"),
        (lambda: best_time(42), TypeError, "fn must be callable"),
        (lambda: best_time(abs, 1, repeat=0), ValueError, "repeat must be an integer >= 1, got 0"),
        (lambda: best_time(abs, 1, repeat=1.5), TypeError, "repeat"),
        (lambda: best_time(abs, 1, min_time=-1), ValueError, "min_time"),
        (lambda: best_time(abs, 1, min_time="1"), ValueError, "min_time"),
        (lambda: fit_power_law([1, 2, 3], [1, 2]), ValueError, r"values must have one entry"),
        (lambda: fit_power_law([2, 2], [1, 3]), ValueError, "widths must hold at least two"),
        (lambda: fit_power_law([0, 2], [1, 3]), ValueError, r"widths must be > 0"),
        (lambda: fit_power_law([1, 2], [-1, 3]), ValueError, r"values must be > 0"),
        (lambda: fit_power_law([[1, 2]], [1, 3]), ValueError, "widths must have 1 dim"),
        (lambda: fit_power_law([1, np.nan], [1, 3]), ValueError, "widths must contain only"),
        (lambda: measure_gradient_cost("adjoint", [4, 8]), ValueError, "method must be one of"),
        (lambda: measure_gradient_cost("backprop", 8), TypeError, "widths must be a list"),
        (lambda: measure_gradient_cost("backprop", [8]), ValueError, "widths must list at least"),
        (lambda: measure_gradient_cost("backprop", [8, 8]), ValueError, "widths must list"),
        (lambda: measure_gradient_cost("backprop", [4, 0]), ValueError, r"widths\[1\]"),
        (lambda: measure_gradient_cost("backprop", [4, 2.5]), TypeError, r"widths\[1\]"),
        (lambda: measure_gradient_cost("backprop", [4, 8], depth=0), ValueError, "depth"),
        (
            lambda: measure_gradient_cost("jacobian", [64, 1024]),
            ValueError,
            r"widths must stay small for the jacobian method: width 1024 needs about 24",
        ),
        (lambda: measure_gradient_cost("backprop", [4, 8], seed=-1), ValueError, "seed"),
    ],
)
def test_bad_input_names_the_argument(call, error, pattern):
    with pytest.raises(error, match=pattern):
        call()


# --- multiply-adds: chapter 4's prediction of the time exponents --------------------------


def test_multiply_adds_of_a_one_by_one_layer_by_hand():
    # widths [1, 1]: X is 1 x 2. backprop: forward X [z; 1] (2), gradient δ′ [z; 1]ᵀ (2).
    assert lib.measure.multiply_adds("backprop", [1, 1]) == 4
    # dense: forward 2; dm/dx = σ′ ⊗ [z; 1]ᵀ (2) and dm/dz (1), each rebuilding w (2 + 2);
    # chain (1 x 1) times both (2 + 1); the row vector times dm/dx (2)
    assert lib.measure.multiply_adds("jacobian", [1, 1]) == 14


def test_multiply_adds_grow_like_p4_for_the_dense_chain_and_p2_for_backprop():
    for method, exponent in (("jacobian", 4), ("backprop", 2)):
        counts = [lib.measure.multiply_adds(method, [p] * 4) for p in (256, 512)]
        assert np.log2(counts[1] / counts[0]) == pytest.approx(exponent, abs=0.02)
    assert lib.measure.multiply_adds("jacobian", [8] * 4) > lib.measure.multiply_adds(
        "backprop", [8] * 4
    )


def test_the_dense_count_is_led_by_the_chain_times_the_weight_jacobians():
    widths = [5, 7, 3, 4]
    shapes = lib.chain_shapes(widths)
    leading = sum(widths[-1] * rows * columns for rows, columns in shapes.weight_jacobians)
    count = lib.measure.multiply_adds("jacobian", widths)
    assert leading < count < 2 * leading


@pytest.mark.parametrize(
    "method, widths, error, pattern",
    [("forward", [3, 3], ValueError, "method"), ("backprop", [3], ValueError, "widths")],
)
def test_multiply_adds_refuses_bad_input(method, widths, error, pattern):
    with pytest.raises(error, match=pattern):
        lib.measure.multiply_adds(method, widths)
