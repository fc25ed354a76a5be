"""What the numbers were measured on: BLAS library, kernel and threads, PyTorch if any."""

from __future__ import annotations

import os
import platform
import sys

import numpy as np

BLAS_ENV = ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE", "OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS")


def _cpu_model() -> str:
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as cpuinfo:
            for line in cpuinfo:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def blas_pools() -> list[dict]:
    """threadpoolctl's view of every BLAS/OpenMP pool loaded in this process ([] if it is
    not installed: `make bench` installs it from bench/requirements.txt)."""
    try:
        from threadpoolctl import threadpool_info
    except ImportError:
        return []
    return threadpool_info()


def numpy_blas() -> dict:
    """The BLAS pool numpy uses (the first one threadpoolctl reports), or an empty dict."""
    pools = [p for p in blas_pools() if p.get("user_api") == "blas"]
    return pools[0] if pools else {}


def steady_malloc() -> str | None:
    """Stop glibc's malloc from returning freed memory to the OS between calls.

    By default glibc trims the heap and adapts its mmap threshold as it goes, so whether a
    large array comes back as fresh pages (a page fault per 4 kB, ~1 ms per 5 MB here)
    depends on what the contenders that ran before it allocated, PyTorch included. Fixed
    thresholds take that out of the comparison, for every contender alike. Returns what
    was set, or None where there is no glibc.
    """
    import ctypes
    import ctypes.util

    if not sys.platform.startswith("linux"):
        return None
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        m_trim_threshold, m_mmap_threshold = -1, -3
        ok = libc.mallopt(m_trim_threshold, 1 << 30) and libc.mallopt(m_mmap_threshold, 32 << 20)
    except (OSError, AttributeError):
        return None
    return "glibc malloc: trim threshold 1 GB, mmap threshold 32 MB" if ok else None


_LIMITS = []  # keeps a threadpoolctl limit in force for the rest of the run


def limit_threads(threads: int) -> None:
    """Run numpy's BLAS (and any OpenMP pool) with ``threads`` threads from now on."""
    from threadpoolctl import threadpool_limits

    _LIMITS.append(threadpool_limits(limits=threads))  # needs threadpoolctl


def load_torch(threads: int):
    """PyTorch with ``threads`` intra-op threads, or None when it is not installed."""
    try:
        import torch
    except ImportError:
        return None
    torch.set_num_threads(threads)
    return torch


def load_average() -> list[float] | None:
    """1, 5 and 15 minute load averages: above the CPU count, expect noisy absolute times."""
    return [round(x, 2) for x in os.getloadavg()] if hasattr(os, "getloadavg") else None


def describe(torch, left_out: bool = False) -> dict:
    blas = numpy_blas()
    info = {
        "python": sys.version.split()[0],
        "numpy": np.__version__,
        "cpu": _cpu_model(),
        "cpus": os.cpu_count(),
        "load_average": load_average(),
        "blas": {
            k: blas.get(k)
            for k in (
                "internal_api",
                "version",
                "architecture",
                "threading_layer",
                "num_threads",
                "filepath",
            )
        },
        "environment": {name: os.environ.get(name) for name in BLAS_ENV},
        "malloc": None,
        "torch": "left out (--no-torch)" if left_out else None,
        "pools": blas_pools(),
    }
    if torch is not None:
        info["torch"] = {
            "version": torch.__version__,
            "threads": torch.get_num_threads(),
            "blas": "MKL" if torch.backends.mkl.is_available() else "other",
        }
    return info


def header(info: dict) -> list[str]:
    blas = info["blas"]
    env = ", ".join(f"{k}={v}" for k, v in info["environment"].items() if v is not None)
    if blas.get("internal_api"):
        blas_line = (
            f"BLAS: {blas['internal_api']} {blas['version']}, kernel {blas['architecture']}, "
            f"{blas['num_threads']} threads ({blas['threading_layer']})"
        )
    else:
        blas_line = "BLAS: unknown (threadpoolctl is not installed: see bench/requirements.txt)"
    lines = [
        f"{blas_line} | numpy {info['numpy']} | Python {info['python']}",
        f"CPU: {info['cpu']}, {info['cpus']} logical CPUs | load average at start "
        f"{info['load_average']} | BLAS environment: {env or 'none set'} | "
        f"{info['malloc'] or 'malloc as is'}",
    ]
    torch = info["torch"]
    if isinstance(torch, str):
        lines.append(f"PyTorch: {torch}, so its column is skipped")
    elif torch is None:
        lines.append(
            "PyTorch: not installed, so its column is skipped "
            "(optional: .venv/bin/python -m pip install torch==2.13.0)"
        )
    else:
        lines.append(
            f"PyTorch: {torch['version']}, {torch['threads']} threads "
            f"(set to numpy's BLAS thread count), BLAS {torch['blas']}"
        )
    return lines
