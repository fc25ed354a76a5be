"""Benchmarks of the course companion: one table, the same figures as JSON.

Run ``make bench`` or ``python -m bench`` from the repository root. Every comparison is
measured side by side in one process, the contenders interleaved round by round, so a
noisy shared machine slows all of them alike; ratios are reported, not absolute times.

- :mod:`bench.backprop`  lib.loss_and_grad against bare matrix products, PyTorch, forward
- :mod:`bench.memory`    peak traced memory: backprop against the dense Jacobian chain
- :mod:`bench.widgets`   one update of the step-size explorer and of the training widget
- :mod:`bench.book`      notebook execution, cold and warm book builds, page weight
- :mod:`bench.machine`   BLAS, kernel and threads (threadpoolctl); PyTorch if installed
- :mod:`bench.timing`    interleaved timing and robust statistics
- :mod:`bench.report`    the figures, the table and the JSON file
- :mod:`bench.run`       the entry point
"""
