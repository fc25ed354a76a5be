"""Section 1: lib.loss_and_grad against its floor (bare products), its peer (PyTorch
autograd) and its function (lib.forward), all on the same weights and data."""

from __future__ import annotations

import numpy as np

from bench.report import Result
from bench.timing import calls_per_sample, interleaved, summary
from lib.further.graph import backward
from lib.further.operations import network_loss
from lib.network import forward, init_weights, loss_and_grad

# (label, widths p_0..p_L, samples N): the MLP, then per-call overhead cases
CONFIGS = [
    ("784-512-512-10", [784, 512, 512, 10], 256),
    ("784-512-512-10", [784, 512, 512, 10], 1),
    ("deep 10×64", [64] * 11, 256),
    ("deep 10×64", [64] * 11, 1),
]


def problem(widths, n, seed=0):
    """Weights (Glorot, as lib.init_weights), inputs Z (p_0, N) and targets Y in (0, 1)."""
    rng = np.random.default_rng(seed)
    weights = init_weights(widths, seed=seed)
    for X in weights:  # nonzero biases, so the bias columns are exercised too
        X[:, -1] = rng.normal(0.0, 0.1, X.shape[0])
    return weights, rng.normal(size=(widths[0], n)), rng.uniform(size=(widths[-1], n))


def bare_forward(weights, Z):
    """Only the forward products X_i [O_{i-1}; 1]: the floor of lib.forward."""
    n = Z.shape[1]
    augmented = [np.vstack([out, np.ones((1, n))]) for out in forward(weights, Z)[:-1]]

    def run():
        for X, A in zip(weights, augmented, strict=True):
            X @ A

    return run


def bare_products(weights, Z, skip_input_gradient: bool):
    """The matrix products any backpropagation does, on arrays prepared in advance.

    Per layer i: X_i [O_{i-1}; 1] (forward), delta_i [O_{i-1}; 1]^T (dl/dX_i) and
    W_i^T delta_i with W_i = X_i[:, :-1] (dl/dO_{i-1}); the last one is not needed for
    the first layer (dl/dZ) when ``skip_input_gradient``. For one sample delta [O; 1]^T is
    an outer product, timed as numpy's broadcast multiply, its fastest form.
    """
    n = Z.shape[1]
    outputs = forward(weights, Z)
    augmented = [np.vstack([out, np.ones((1, n))]) for out in outputs[:-1]]
    rng = np.random.default_rng(1)
    deltas = [rng.normal(size=(X.shape[0], n)) for X in weights]

    def run():
        for i, (X, A, d) in enumerate(zip(weights, augmented, deltas, strict=True)):
            X @ A
            np.multiply(d, A.T) if n == 1 else d @ A.T
            if i or not skip_input_gradient:
                X[:, :-1].T @ d

    return run


def torch_step(torch, weights, Z, Y):
    """Forward and backward in PyTorch, in its own layout (one sample per row)."""
    params = [
        (torch.tensor(X[:, :-1], requires_grad=True), torch.tensor(X[:, -1], requires_grad=True))
        for X in weights
    ]
    z, y = torch.tensor(Z.T.copy()), torch.tensor(Y.T.copy())
    n = Z.shape[1]

    def run():
        o = z
        for W, b in params:
            W.grad = b.grad = None
            o = torch.sigmoid(torch.nn.functional.linear(o, W, b))
        loss = torch.sum((o - y) ** 2) / n  # eq. (4): (1/N) sum ||m(z_i) - y_i||^2
        loss.backward()
        return loss

    def gradients():
        loss = run()
        grads = [np.column_stack([W.grad.numpy(), b.grad.numpy()]) for W, b in params]
        return loss.detach().item(), grads

    return run, gradients


def graph_step(weights, Z, Y):
    """lib.further.graph's reverse mode on the same network: build the graph, run backward.
    Checked first: its gradient is loss_and_grad's to 1e-12 relative (issue 21)."""
    loss_node, nodes = network_loss(weights, Z, Y)
    backward(loss_node)
    _, grads = loss_and_grad(weights, Z, Y)
    difference = _relative_difference(grads, [node.grad for node in nodes])
    if difference > 1e-12:
        raise AssertionError(f"the graph engine disagrees with loss_and_grad: {difference:.1e}")

    def run():
        loss_node, _ = network_loss(weights, Z, Y)
        backward(loss_node)

    return run


def _relative_difference(ours, theirs) -> float:
    a = np.concatenate([g.ravel() for g in ours])
    b = np.concatenate([g.ravel() for g in theirs])
    return float(np.linalg.norm(a - b) / np.linalg.norm(b))


def _ratio(times, a, b) -> dict:
    return summary(times[a] / times[b])  # per round: noise within a round cancels


def measure(label, widths, n, torch, budget: float, min_rounds: int = 10) -> list[Result]:
    weights, Z, Y = problem(widths, n)
    contenders = {
        "loss_and_grad": lambda: loss_and_grad(weights, Z, Y),
        "bare": bare_products(weights, Z, skip_input_gradient=False),
        "bare_needed": bare_products(weights, Z, skip_input_gradient=True),
        "forward": lambda: forward(weights, Z),
        "bare_forward": bare_forward(weights, Z),
        "graph": graph_step(weights, Z, Y),
    }
    check = None
    if torch is not None:
        contenders["torch"], gradients = torch_step(torch, weights, Z, Y)
        loss, grads = loss_and_grad(weights, Z, Y)
        torch_loss, torch_grads = gradients()
        check = _relative_difference(grads, torch_grads)
        if check > 1e-9 or abs(loss - torch_loss) > 1e-12 * abs(loss):
            raise AssertionError(f"PyTorch disagrees with lib on {label}, N={n}: {check:.1e}")

    number = calls_per_sample(contenders, min_seconds=min(2e-3, budget / 10))
    times = interleaved(contenders, 300, 2, number, budget=budget, min_rounds=min_rounds)
    rounds = len(times["loss_and_grad"])

    ms = {name: 1e3 * float(np.median(t)) for name, t in times.items()}
    name = f"{label}, N={n}"
    medians = (
        f"medians: loss_and_grad {ms['loss_and_grad']:.3g} ms, bare products "
        f"{ms['bare']:.3g} ms ({ms['bare_needed']:.3g} without W₁ᵀδ), "
        + (f"PyTorch {ms['torch']:.3g} ms, " if "torch" in ms else "")
        + f"forward {ms['forward']:.3g} ms ({ms['bare_forward']:.3g} bare); "
        + f"{rounds} rounds × {number} calls"
    )
    extra = {
        "widths": widths,
        "samples": n,
        "rounds": rounds,
        "calls_per_sample": number,
        "median_ms": ms,
        "torch_gradient_relative_difference": check,
    }

    def ratio_row(key, a, b, title, target, note=""):
        s = _ratio(times, a, b)
        return Result(
            "1 backprop",
            f"{name}: {title}",
            s["median"],
            "×",
            f"IQR {s['q25']:.2f}–{s['q75']:.2f}",
            target,
            note,
            {**extra, "ratio": key, "summary": s},
        )

    if max(widths) <= 64:  # what bounds the ratio where the products are small
        medians += "; in 64-wide layers σ, σ′, the checks and numpy's per-call cost weigh as much"
    elif n == 1:
        medians += (
            "; at one sample each product is matrix × vector, bound by reading the weights: "
            "the floor reads them twice and writes the gradient once, and loss_and_grad "
            "reads the weights and the gradient once more to check they are finite"
        )
    rows = [
        ratio_row(
            "a_needed",
            "loss_and_grad",
            "bare_needed",
            "(a′) / the products it needs",
            ("<=", 1.3),
            medians,
        ),
        ratio_row(
            "a",
            "loss_and_grad",
            "bare",
            "(a) / 3 bare products per layer",
            None,
            "this floor includes W₁ᵀδ = dl/dZ, a product backpropagation never computes",
        ),
    ]
    if torch is not None:
        rows.append(ratio_row("b", "loss_and_grad", "torch", "(b) / PyTorch autograd", ("<", 1.0)))
    else:
        skipped = "skipped: PyTorch is not installed"
        rows.append(
            Result(
                "1 backprop",
                f"{name}: (b) / PyTorch autograd",
                None,
                "×",
                target=("<", 1.0),
                note=skipped,
            )
        )
    rows.append(ratio_row("c", "loss_and_grad", "forward", "(c) / lib.forward", ("<=", 3.2)))
    rows.append(
        ratio_row(
            "d",
            "graph",
            "loss_and_grad",
            "(d) graph engine / loss_and_grad",
            None,
            "lib.further.graph builds the graph and runs backward: the price of generality",
        )
    )
    floor = "the products backprop needs / the forward products alone"
    rows.append(
        ratio_row(
            "c_floor", "bare_needed", "bare_forward", "(c′) same, bare products", None, floor
        )
    )
    return rows


def run(torch, budget: float = 3.0, configs=CONFIGS, min_rounds: int = 10) -> list[Result]:
    rows = []
    for label, widths, n in configs:
        rows += measure(label, widths, n, torch, budget, min_rounds)
    return rows
