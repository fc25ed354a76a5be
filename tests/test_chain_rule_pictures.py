"""The chain-rule pictures (eqs. 6-7, 13-15), checked against what they should show."""

import numpy as np
import pytest
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle

from lib.pictures import plot_chain, plot_gradient_rescaling, plot_scalar_chain
from lib.pictures.chain_rule import plot_difference_error

pytestmark = pytest.mark.filterwarnings("error")


# --- the scalar chain picture (eq. 6) ---------------------------------------------------


def _three_axes():
    return Figure().subplots(1, 3)


def test_scalar_chain_triangles_pass_df_from_f_to_g():
    axes = _three_axes()
    # f(x) = 3x + 1 and g(u) = u^2: at x0 = 1, f' = 3, g'(f(x0)) = g'(4) = 8, h' = 24
    plot_scalar_chain(
        axes, lambda x: 3 * x + 1, lambda x: 3.0, lambda u: u**2, lambda u: 2 * u, 1.0, dx=0.1
    )
    assert "= 3" in axes[0].get_title() and "= 8" in axes[1].get_title()
    assert axes[2].get_title().endswith("= 24")
    # lines: curve, tangent, point, run, rise; the rise of f's triangle is g's run
    f_rise = axes[0].lines[4].get_ydata()
    g_run = axes[1].lines[3].get_xdata()
    assert np.isclose(f_rise[1] - f_rise[0], 0.3)
    assert np.isclose(g_run[1] - g_run[0], 0.3)
    g_rise, h_rise = axes[1].lines[4].get_ydata(), axes[2].lines[4].get_ydata()
    assert np.isclose(g_rise[1] - g_rise[0], 8 * 0.3)
    assert np.isclose(h_rise[1] - h_rise[0], 24 * 0.1)


@pytest.mark.parametrize(
    ("kwargs", "error", "pattern"),
    [
        ({"axes": [None, None]}, ValueError, "axes must hold three Axes"),
        ({"f": 1.0}, TypeError, "f must be callable"),
        ({"g_prime": None}, TypeError, "g_prime must be callable"),
        ({"dx": 0.0}, ValueError, "dx must be a finite number > 0"),
        ({"span": -1.0}, ValueError, "span must be a finite number > 0"),
        ({"x0": [1.0, 2.0]}, ValueError, "x0 must have 0 dimension"),
        ({"f_prime": lambda x: [1.0, 2.0]}, ValueError, "f_prime must return a scalar"),
    ],
)
def test_scalar_chain_refuses_bad_input(kwargs, error, pattern):
    args = {
        "axes": _three_axes(),
        "f": np.sin,
        "f_prime": np.cos,
        "g": np.exp,
        "g_prime": np.exp,
        "x0": 0.5,
    }
    args.update(kwargs)
    with pytest.raises(error, match=pattern):
        plot_scalar_chain(**args)


# --- the gradient field (eq. 7) ---------------------------------------------------------


def test_gradient_rescaling_draws_g_prime_times_grad_f():
    ax = Figure().subplots()
    center = np.array([1.0, -1.0])

    def f(x):
        return float(np.sum((x - center) ** 2))

    plot_gradient_rescaling(
        ax, f, lambda x: 2 * (x - center), lambda u: 1 / (1 + u), center, 2.0, num=5
    )
    grey, red = ax.collections[-2], ax.collections[-1]
    points = grey.get_offsets()
    assert len(points) == 25
    for (px, py), gu, gv, ru, rv in zip(points, grey.U, grey.V, red.U, red.V, strict=True):
        grad = 2 * (np.array([px, py]) - center)
        np.testing.assert_allclose([gu, gv], grad, atol=1e-12)
        scale = 1 / (1 + np.sum((np.array([px, py]) - center) ** 2))
        np.testing.assert_allclose([ru, rv], scale * grad, atol=1e-12)
    assert grey.scale == red.scale  # one arrow scale, so lengths compare


@pytest.mark.parametrize(
    ("kwargs", "error", "pattern"),
    [
        ({"center": [0.0, 0.0, 0.0]}, ValueError, r"center must be a point of R\^2.*\(3,\)"),
        ({"radius": 0}, ValueError, "radius must be a finite number > 0"),
        ({"grad_f": "grad"}, TypeError, "grad_f must be callable"),
    ],
)
def test_gradient_rescaling_refuses_bad_input(kwargs, error, pattern):
    args = {
        "ax": Figure().subplots(),
        "f": lambda x: float(x @ x),
        "grad_f": lambda x: 2 * x,
        "g_prime": lambda u: 1.0,
        "center": [0.0, 0.0],
        "radius": 1.0,
    }
    args.update(kwargs)
    with pytest.raises(error, match=pattern):
        plot_gradient_rescaling(**args)


# --- the V of the finite-difference error (chapter 2) -----------------------------------


def test_difference_error_draws_the_curve_the_fitted_arms_and_the_steps():
    ax = Figure().subplots()
    eps = np.geomspace(1e-12, 1e-1, 12)
    errors = 1e-16 / eps + eps**2
    plot_difference_error(
        ax,
        eps,
        errors,
        arms=[("right", 2.0, 1.0, 1e-4, 1e-1), ("left", -1.0, 1e-16, 1e-12, 1e-8)],
        steps={"book": 1e-6, "best": 5e-6},
    )
    assert ax.get_xscale() == ax.get_yscale() == "log"
    measured, right, left = ax.lines[:3]
    np.testing.assert_array_equal(measured.get_xdata(), eps)
    np.testing.assert_array_equal(measured.get_ydata(), errors)
    for line, (exponent, factor, low, high) in [(right, (2, 1, 1e-4, 1e-1)),
                                                (left, (-1, 1e-16, 1e-12, 1e-8))]:  # fmt: skip
        t = line.get_xdata()
        assert np.isclose(t[0], low) and np.isclose(t[-1], high)
        np.testing.assert_allclose(line.get_ydata(), factor * t**exponent, rtol=1e-12)
        assert line.get_linestyle() == "--"
    assert right.get_color() != left.get_color() and right.get_marker() != left.get_marker()
    verticals = [line.get_xdata()[0] for line in ax.lines[3:]]
    assert verticals == [1e-6, 5e-6]
    assert [t.get_text() for t in ax.texts] == ["book", "best"]
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert labels == ["measured", "right", "left"]


@pytest.mark.parametrize(
    ("kwargs", "error", "pattern"),
    [
        ({"errors": np.ones(3)}, ValueError, "eps and errors must be 1-D of one length"),
        ({"errors": np.zeros(4)}, ValueError, "must be > 0 to be drawn on log-log axes"),
        ({"arms": [("a", 2.0, 1.0)]}, ValueError, r"arms\[0\] must be \(label, exponent"),
        ({"arms": [("a", 2.0, 1.0, 0.0, 1.0)]}, ValueError, r"arms\[0\] low must be"),
        ({"steps": {"book": -1e-6}}, ValueError, r"steps\['book'\] must be a finite number"),
    ],
)
def test_difference_error_refuses_bad_input(kwargs, error, pattern):
    args = {"ax": Figure().subplots(), "eps": np.geomspace(1e-8, 1e-2, 4), "errors": np.ones(4)}
    args.update(kwargs)
    with pytest.raises(error, match=pattern):
        plot_difference_error(**args)


# --- the Jacobian heatmaps (eqs. 13-15) -------------------------------------------------


def _matrices():
    rng = np.random.default_rng(0)
    A, B = rng.normal(size=(2, 4)), rng.normal(size=(4, 3))
    return [A, B, A @ B]


def test_plot_chain_draws_each_matrix_with_its_shape():
    fig = Figure()
    plot_chain(fig, _matrices(), ["A", "B", "AB"])
    panels = [ax for ax in fig.axes if ax.images]
    assert len(panels) == 3
    for ax, M, name in zip(panels, _matrices(), ["A", "B", "AB"], strict=True):
        np.testing.assert_array_equal(ax.images[0].get_array(), M)
        label = ax.texts[0].get_text()
        assert label == f"{name}\n{M.shape[0]} × {M.shape[1]}"
    operators = [ax.texts[0].get_text() for ax in fig.axes if not ax.images and ax.texts]
    assert operators == ["·", "="]
    # one colour scale for all panels
    limits = {ax.images[0].get_clim() for ax in panels}
    assert len(limits) == 1


def test_plot_chain_highlight_outlines_row_column_and_entry():
    fig = Figure()
    plot_chain(fig, _matrices(), ["A", "B", "AB"], highlight=(1, 2))
    panels = [ax for ax in fig.axes if ax.images]

    def outlines(ax):
        return [
            (p.get_x(), p.get_y(), p.get_width(), p.get_height())
            for p in ax.patches
            if isinstance(p, Rectangle) and p.get_linewidth() > 2
        ]

    assert outlines(panels[0]) == [(-0.5, 0.5, 4, 1)]  # row 1 of A
    assert outlines(panels[1]) == [(1.5, -0.5, 1, 4)]  # column 2 of B
    assert outlines(panels[2]) == [(1.5, 0.5, 1, 1)]  # entry (1, 2) of AB


@pytest.mark.parametrize(
    ("matrices", "kwargs", "error", "pattern"),
    [
        ([np.ones((2, 2))], {}, ValueError, "matrices must be a list of at least two"),
        ([np.ones((2, 3)), np.ones((2, 3)), np.ones((2, 3))], {}, ValueError,
         r"matrices\[1\] of shape \(2, 3\) cannot follow"),
        ([np.ones((2, 3)), np.ones((3, 4)), np.ones((2, 3))], {}, ValueError,
         r"matrices\[-1\] \(the product\) must have shape \(2, 4\)"),
        ([np.ones((2, 3)), np.ones(3), np.ones(2)], {}, ValueError,
         r"matrices\[1\] must have 2 dimension"),
        (_matrices(), {"highlight": (2, 0)}, ValueError, "highlight must be an entry"),
        (_matrices()[:2], {"highlight": (0, 0), "product": False}, ValueError, "highlight needs"),
    ],
)  # fmt: skip
def test_plot_chain_refuses_bad_input(matrices, kwargs, error, pattern):
    names = [str(k) for k in range(len(matrices))]
    with pytest.raises(error, match=pattern):
        plot_chain(Figure(), matrices, names, **kwargs)


def test_plot_chain_needs_one_name_per_matrix():
    with pytest.raises(ValueError, match="names must give one name per matrix"):
        plot_chain(Figure(), _matrices(), ["A", "B"])
