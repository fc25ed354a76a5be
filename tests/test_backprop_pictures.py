"""The pictures of chapters 4 and 5: what they draw, and the errors for bad input."""

import numpy as np
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle

import lib
from lib.measure import CostCurve
from lib.pictures import plot_backward_pass, plot_costs, plot_sparsity

pytestmark = pytest.mark.filterwarnings("error")


def backward_pass(widths=(3, 5, 4, 2), seed=0):
    """O_0..O_L and dl/dm_0..dl/dm_L of one sample, from lib's layer functions."""
    weights = lib.init_weights(list(widths), seed=seed)
    z = np.random.default_rng(seed).standard_normal(widths[0])
    outputs = [z]
    for X in weights:
        outputs.append(lib.layer_forward(X, outputs[-1])[0])
    deltas = [None] * len(outputs)
    deltas[-1] = 2 * (outputs[-1] - 0.5)
    for j in range(len(weights), 0, -1):  # layer j reads sigma' off its output O_j
        deltas[j - 1], _ = lib.layer_vjp(weights[j - 1], outputs[j - 1], outputs[j], deltas[j])
    return outputs, deltas


def test_backward_pass_has_one_panel_per_layer_and_one_cell_per_number():
    outputs, deltas = backward_pass()
    fig = Figure(layout="constrained")
    axes = plot_backward_pass(fig, outputs, deltas)
    assert len(axes) == 3
    sizes = [o.size for o in outputs]
    for step, ax in enumerate(axes):
        j = 3 - step  # the layer handled at this step
        cells = [p for p in ax.patches if isinstance(p, Rectangle)]
        # grey O_i for every layer; dl/dm for the layers read, written or freed
        expected = sum(sizes) + sum(sizes[i] for i in range(j - 1, 4))
        assert len(cells) == expected
        assert f"layer {j}" in ax.get_title()
        held = sizes[j] + sizes[j - 1]
        assert ax.get_xlabel() == f"vectors held: {held} numbers"
    FigureCanvasAgg(fig).draw()  # the legend and the mathtext labels render


def test_backward_pass_without_the_input_gradient_says_it_is_not_needed():
    outputs, deltas = backward_pass()
    deltas[0] = None
    axes = plot_backward_pass(Figure(), outputs, deltas)
    texts = [t.get_text() for t in axes[-1].texts]
    assert any("not" in t and "needed" in t for t in texts)
    assert axes[-1].get_xlabel() == f"vectors held: {outputs[1].size} numbers"


def fake_curve(method, exponent):
    widths = np.array([8, 16, 32, 64])
    values = 3.0 * widths.astype(float) ** exponent
    return CostCurve(method, widths, 3, values, values / 2, values * 1e-9)


def test_plot_costs_draws_points_fits_and_slopes():
    fig = Figure()
    ax_memory, ax_time = fig.subplots(1, 2)
    curves = [fake_curve("backprop", 2.0), fake_curve("jacobian", 3.0)]
    plot_costs(ax_memory, ax_time, curves, min_width=[8, 16], extrapolate_to=256)
    labels = [t.get_text() for t in ax_memory.get_legend().get_texts()]
    assert labels == ["backprop", "slope 2.00", "jacobian", "slope 3.00"]
    assert ax_memory.get_xscale() == "log" and ax_time.get_yscale() == "log"
    dotted = [line for line in ax_memory.get_lines() if line.get_linestyle() == ":"]
    assert len(dotted) == 2 and max(dotted[0].get_xdata()) == pytest.approx(256)


def test_plot_sparsity_counts_the_nonzero_entries():
    J = lib.layer_jacobian_weights(np.ones((4, 3)), np.ones(2), activation="identity")
    fig = Figure()
    ax = plot_sparsity(fig.subplots(), J, label="dw/dx")
    assert "4×12" in ax.get_title() and "12 of 48" in ax.get_title() and "25%" in ax.get_title()
    shown = ax.get_images()[0].get_array()
    np.testing.assert_array_equal(shown, J != 0)


@pytest.mark.parametrize(
    ("call", "error", "pattern"),
    [
        (lambda: plot_backward_pass(Figure(), "O", [np.ones(2)]), TypeError, "outputs"),
        (
            lambda: plot_backward_pass(Figure(), [np.ones(2), np.ones(3)], [np.ones(2)]),
            TypeError,
            "deltas",
        ),
        (
            lambda: plot_backward_pass(
                Figure(), [np.ones(2), np.ones(3)], [None, np.ones(3), np.ones(1)]
            ),
            ValueError,
            "deltas must hold one vector per layer output",
        ),
        (
            lambda: plot_backward_pass(Figure(), [np.ones(2), np.ones(3)], [None, np.ones(2)]),
            ValueError,
            r"deltas\[1\] must have the shape of outputs\[1\]",
        ),
        (
            lambda: plot_backward_pass(Figure(), [np.ones(2), np.ones(3)], [np.ones(2), None]),
            ValueError,
            r"deltas\[-1\] must be dl/dm_L",
        ),
        (
            lambda: plot_backward_pass(
                Figure(), [np.ones((2, 2)), np.ones(3)], [None, np.ones(3)]
            ),
            ValueError,
            r"outputs\[0\] must have 1 dim",
        ),
        (lambda: plot_costs(None, None, []), TypeError, "curves must be a non-empty list"),
        (
            lambda: plot_costs(None, None, fake_curve("backprop", 2)),
            TypeError,
            "curves must be a non-empty list",
        ),
        (lambda: plot_costs(None, None, [42]), TypeError, "curves must hold CostCurve"),
        (
            lambda: plot_costs(None, None, [fake_curve("backprop", 2)], min_width=[1, 2]),
            ValueError,
            "min_width must be one width or one per curve",
        ),
        (lambda: plot_sparsity(None, np.ones(3)), ValueError, "matrix must have 2 dim"),
        (lambda: plot_sparsity(None, "abc"), TypeError, "matrix"),
    ],
)
def test_bad_input_names_the_argument(call, error, pattern):
    with pytest.raises(error, match=pattern):
        call()
