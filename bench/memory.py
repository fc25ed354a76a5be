"""Section 2: peak traced memory of backprop (lib.measure.peak_memory, the chapters' own
measure), against the weights' size and against the dense Jacobian chain as widths grow."""

from __future__ import annotations

import numpy as np

from bench.report import Result
from lib.dense_chain import loss_and_grad_jacobian
from lib.measure import peak_memory as peak_bytes
from lib.network import init_weights, loss_and_grad


def one_sample(widths, seed=0):
    rng = np.random.default_rng(seed)
    weights = init_weights(widths, seed=seed)
    return weights, rng.normal(size=widths[0]), rng.uniform(size=widths[-1])


def run(mlp=(784, 512, 512, 10), widths=(32, 64, 128), depth=3) -> list[Result]:
    weights, z, y = one_sample(list(mlp))
    size = sum(X.nbytes for X in weights)
    peak = peak_bytes(loss_and_grad, weights, z, y)
    label = "-".join(map(str, mlp))
    note = (
        f"peak {peak / 1e6:.2f} MB, weights {size / 1e6:.2f} MB; "
        "the gradient it returns is 1× by itself"
    )
    extra = {"peak_bytes": peak, "weight_bytes": size}
    name = f"{label}, one sample: loss_and_grad peak / weights"
    rows = [Result("2 memory", name, peak / size, "×", "", ("<=", 1.5), note, extra)]
    backprop, chain = [], []
    for p in widths:
        weights, z, y = one_sample([p] * (depth + 1))
        backprop.append(peak_bytes(loss_and_grad, weights, z, y))
        chain.append(peak_bytes(loss_and_grad_jacobian, weights, z, y))
        rows.append(
            Result(
                "2 memory",
                f"{depth} layers of width {p}: Jacobian chain / backprop",
                chain[-1] / backprop[-1],
                "×",
                note=f"peaks {chain[-1] / 1e6:.3g} MB and {backprop[-1] / 1e6:.3g} MB",
                extra={
                    "width": p,
                    "jacobian_peak_bytes": chain[-1],
                    "backprop_peak_bytes": backprop[-1],
                },
            )
        )
    logs = np.log(np.asarray(widths, dtype=float))
    for name, peaks, expected in (("backprop", backprop, 2.0), ("Jacobian chain", chain, 3.0)):
        slope = float(np.polyfit(logs, np.log(peaks), 1)[0])
        rows.append(
            Result(
                "2 memory",
                f"log-log slope of peak memory vs width: {name}",
                slope,
                "",
                target=("~", expected),
                note=f"widths {', '.join(map(str, widths))}",
                extra={"widths": list(widths), "peak_bytes": peaks},
            )
        )
    return rows
