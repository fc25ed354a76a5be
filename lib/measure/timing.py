"""Time and peak memory of a call, measured one way for the chapters and for bench/.

Peak memory comes from :mod:`tracemalloc` (numpy reports its array buffers to it); time
is the process's CPU time with numpy's BLAS on one thread, so other programs on a shared
machine do not inflate it.
"""

from __future__ import annotations

import gc
import numbers
import time
import tracemalloc
from contextlib import contextmanager

from lib.checks import callable_, nonnegative_int

try:  # optional: pins BLAS to one thread while timing (see best_time)
    from threadpoolctl import threadpool_limits
except ImportError:  # pragma: no cover - timings are then noisier on a busy machine
    threadpool_limits = None


def peak_memory(fn, *args, repeat: int = 3, **kwargs) -> int:
    """Bytes allocated at the peak of ``fn(*args, **kwargs)`` beyond what existed before.

    tracemalloc counts every thread's allocations, and in a Jupyter kernel the threads that
    carry messages allocate a few kB now and then; the garbage collector could free older
    objects mid-call. So the collector is paused, and the least of ``repeat`` calls counts.
    """
    fn = callable_(fn, "fn")
    repeat = nonnegative_int(repeat, "repeat", minimum=1)
    was_tracing, was_collecting = tracemalloc.is_tracing(), gc.isenabled()
    if not was_tracing:
        tracemalloc.start()
    gc.disable()
    try:
        peaks = []
        for _ in range(repeat):
            before = tracemalloc.get_traced_memory()[0]
            tracemalloc.reset_peak()
            fn(*args, **kwargs)
            peaks.append(max(tracemalloc.get_traced_memory()[1] - before, 0))
    finally:
        if was_collecting:
            gc.enable()
        if not was_tracing:
            tracemalloc.stop()
    return min(peaks)


@contextmanager
def one_blas_thread():
    """Run the block with numpy's BLAS on one thread, if threadpoolctl is installed.

    A multi-threaded matrix product waits for its slowest thread, so on a machine busy
    with other work its time jumps in steps of the scheduler's time slice; one thread
    gives times that follow the arithmetic.
    """
    if threadpool_limits is None:  # pragma: no cover
        yield
        return
    with threadpool_limits(limits=1, user_api="blas"):
        yield


def best_time(fn, *args, repeat=5, min_time=2e-3, **kwargs) -> float:
    """Seconds per call of ``fn``: the fastest of ``repeat`` timings, each >= ``min_time`` long.

    The clock is this process's CPU time (:func:`time.process_time`), so other programs
    running on the machine do not inflate it, and numpy's BLAS runs on one thread
    meanwhile (:func:`one_blas_thread`). A call shorter than ``min_time`` is looped, so
    the clock's resolution does not dominate; the minimum is the least disturbed timing.
    """
    fn = callable_(fn, "fn")
    repeat = nonnegative_int(repeat, "repeat", minimum=1)
    if isinstance(min_time, bool) or not isinstance(min_time, numbers.Real) or min_time < 0:
        raise ValueError(f"min_time must be a number of seconds >= 0, got {min_time!r}")
    with one_blas_thread():
        fn(*args, **kwargs)  # warm-up: first-call costs (imports, caches) are not the method's
        loops = 1
        while True:
            elapsed = _cpu_seconds(fn, args, kwargs, loops)
            if elapsed >= min_time or loops >= 2**20:
                break
            loops *= 2
        best = elapsed / loops
        for _ in range(repeat - 1):
            best = min(best, _cpu_seconds(fn, args, kwargs, loops) / loops)
    return best


def _cpu_seconds(fn, args, kwargs, loops) -> float:
    start = time.process_time()
    for _ in range(loops):
        fn(*args, **kwargs)
    return time.process_time() - start
