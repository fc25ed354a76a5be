"""Pictures of the chain rule (eqs. 6-7, 13-15) and of its numerical check, for chapters 2, 3.

Each function draws into axes or a figure the chapter made.
"""

from __future__ import annotations

import numpy as np
from matplotlib.patches import Rectangle

from lib.checks import as_real_array, callable_, positive_real
from lib.pictures.style import BLUE, GREEN, GREY, MARKERS, ORANGE, VERMILLION

# Colours of the three rates in the scalar picture: dx, df and dg = dh.
_RATE_COLOURS = (BLUE, ORANGE, GREEN)


def _scalar(f, x, name: str) -> float:
    value = as_real_array(f(x), f"{name}'s return value")
    if value.ndim != 0:
        raise ValueError(f"{name} must return a scalar, got shape {value.shape}")
    return float(value)


def _rate_triangle(ax, x, y, run, slope, colours, labels):
    """The right triangle under a tangent of this slope: run along x, rise = slope * run."""
    rise = slope * run
    ax.plot([x, x + run], [y, y], color=colours[0], lw=3, solid_capstyle="butt")
    ax.plot([x + run, x + run], [y, y + rise], color=colours[1], lw=3, solid_capstyle="butt")
    ax.annotate(labels[0], (x + run / 2, y), textcoords="offset points", xytext=(0, -14),
                ha="center", color=colours[0], fontsize=10)  # fmt: skip
    ax.annotate(labels[1], (x + run, y + rise / 2), textcoords="offset points", xytext=(5, 0),
                ha="left", va="center", color=colours[1], fontsize=10)  # fmt: skip


def plot_scalar_chain(axes, f, f_prime, g, g_prime, x0, dx=0.3, span=1.0):
    """Eq. (6) as three tangents: f at x0, g at f(x0), and h = g(f) whose slope is their product.

    A step dx along the tangent of f rises by df = f'(x0) dx; that df is the run of g's
    tangent triangle, which rises by dg = g'(f(x0)) df; h's triangle has run dx and the
    same rise dg, so dh/dx = dg/df . df/dx.
    """
    if len(axes) != 3:
        raise ValueError(f"axes must hold three Axes (f, g, h), got {len(axes)}")
    f, f_prime = callable_(f, "f"), callable_(f_prime, "f_prime")
    g, g_prime = callable_(g, "g"), callable_(g_prime, "g_prime")
    x0 = float(as_real_array(x0, "x0", ndim=0))
    dx, span = positive_real(dx, "dx"), positive_real(span, "span")
    f0, slope_f = _scalar(f, x0, "f"), _scalar(f_prime, x0, "f_prime")
    g0, slope_g = _scalar(g, f0, "g"), _scalar(g_prime, f0, "g_prime")
    slope_h = slope_g * slope_f
    df = slope_f * dx
    c_dx, c_df, c_dg = _RATE_COLOURS
    xs = np.linspace(x0 - span, x0 + span, 200)
    fs = np.array([_scalar(f, x, "f") for x in xs])
    us = np.linspace(f0 - max(abs(df), 1e-3) * 2.5, f0 + max(abs(df), 1e-3) * 2.5, 200)
    panels = [
        (axes[0], xs, fs, x0, f0, slope_f, dx, (c_dx, c_df), ("dx", "df"),
         "x", "f(x)", f"f: slope f'(x₀) = {slope_f:.3g}"),
        (axes[1], us, [_scalar(g, u, "g") for u in us], f0, g0, slope_g, df, (c_df, c_dg),
         ("df", "dg"), "u = f(x)", "g(u)", f"g: slope g'(f(x₀)) = {slope_g:.3g}"),
        (axes[2], xs, [_scalar(g, v, "g") for v in fs], x0, g0, slope_h, dx, (c_dx, c_dg),
         ("dx", "dh = dg"), "x", "h(x) = g(f(x))",
         f"h = g∘f: slope {slope_g:.3g} × {slope_f:.3g} = {slope_h:.3g}"),
    ]  # fmt: skip
    for ax, t, values, t0, v0, slope, run, colours, labels, xlabel, ylabel, title in panels:
        ax.plot(t, values, color="0.2", lw=2)
        ax.plot(t, v0 + slope * (np.asarray(t) - t0), color="0.55", ls="--", lw=1)
        ax.plot([t0], [v0], "o", color="k", ms=5)
        _rate_triangle(ax, t0, v0, run, slope, colours, labels)
        ax.set(xlabel=xlabel, ylabel=ylabel, title=title)
    return axes


def plot_gradient_rescaling(ax, f, grad_f, g_prime, center, radius, num=7):
    """Eq. (7) on a grid in R^2: grad h = g'(f(x)) grad f points along grad f, rescaled."""
    f, grad_f, g_prime = (
        callable_(f, "f"),
        callable_(grad_f, "grad_f"),
        callable_(g_prime, "g_prime"),
    )
    center = as_real_array(center, "center", ndim=1)
    if center.shape != (2,):
        raise ValueError(f"center must be a point of R^2, got shape {center.shape}")
    radius = positive_real(radius, "radius")
    t = np.linspace(-radius, radius, 120)
    values = np.array([[_scalar(f, center + [a, b], "f") for a in t] for b in t])
    ax.contour(center[0] + t, center[1] + t, values, levels=12, colors="0.75", linewidths=0.8)
    grid = np.linspace(-radius, radius, num)
    points = np.array([center + [a, b] for b in grid for a in grid])
    grads_f = np.array([as_real_array(grad_f(p), "grad_f's return value", ndim=1) for p in points])
    scales = np.array([_scalar(g_prime, _scalar(f, p, "f"), "g_prime") for p in points])
    grads_h = scales[:, None] * grads_f
    # one arrow scale for both fields, so their lengths compare directly
    scale = np.max(np.linalg.norm(grads_f, axis=1)) / (0.9 * 2 * radius / (num - 1))
    common = dict(angles="xy", scale_units="xy", scale=scale, width=0.006)
    ax.quiver(*points.T, *grads_f.T, color="0.6", label="∇f(x)", **common)
    ax.quiver(*points.T, *grads_h.T, color=VERMILLION, label="∇h(x) = g'(f(x)) ∇f(x)", **common)
    ax.set(aspect="equal", xlabel="$x_1$", ylabel="$x_2$")
    ax.legend(loc="upper right", fontsize=8, framealpha=0.9)
    return ax


def plot_difference_error(ax, eps, errors, *, arms=(), steps=None):
    """The V of a central difference's error against its step ε, log-log (chapter 2).

    ``arms`` holds one ``(label, exponent, factor, low, high)`` per fitted arm, drawn dashed
    as factor·ε^exponent over [low, high]; ``steps`` maps a label to a step ε marked by a
    vertical line (such as the book's ε and u^(1/3)).
    """
    eps = as_real_array(eps, "eps", ndim=1)
    errors = as_real_array(errors, "errors", ndim=1)
    if errors.shape != eps.shape or eps.size < 2:
        raise ValueError(
            f"eps and errors must be 1-D of one length >= 2, got {eps.shape} and {errors.shape}"
        )
    if np.any(eps <= 0) or np.any(errors <= 0):
        raise ValueError("eps and errors must be > 0 to be drawn on log-log axes")
    ax.loglog(eps, errors, color=BLUE, marker=MARKERS[0], ms=3, lw=1.5, label="measured")
    for k, arm in enumerate(arms):
        if len(arm) != 5:
            raise ValueError(
                f"arms[{k}] must be (label, exponent, factor, low, high), got {arm!r}"
            )
        label, exponent, factor, low, high = arm
        t = np.geomspace(
            positive_real(low, f"arms[{k}] low"), positive_real(high, f"arms[{k}] high")
        )
        colour, marker = (ORANGE, GREEN)[k % 2], MARKERS[1 + k % 2]
        ax.loglog(t, factor * t**exponent, color=colour, ls="--", lw=2, marker=marker,
                  markevery=[0, -1], label=label)  # fmt: skip
    for k, (label, step) in enumerate((steps or {}).items()):
        ls = (":", "-.")[k % 2]
        ax.axvline(positive_real(step, f"steps[{label!r}]"), color=GREY, ls=ls, lw=1)
        ax.annotate(label, (step, 0.98), xycoords=("data", "axes fraction"), rotation=90,
                    ha="right", va="top", fontsize=9, color=GREY)  # fmt: skip
    ax.set(xlabel="step ε", ylabel="relative error of the central difference")
    ax.legend(loc="lower left", fontsize=9, framealpha=0.9)
    return ax


def _shape_label(matrix) -> str:
    return f"{matrix.shape[0]} × {matrix.shape[1]}"


def plot_chain(fig, matrices, names, *, product=True, highlight=None, annotate=False):
    """Jacobians side by side as heatmaps at one cell size, joined by · (and = before the product).

    With ``product=True`` the last matrix is drawn as the result of eq. (13)/(15).
    ``highlight=(i, j)`` outlines row i of the first factor, column j of the last factor
    and entry (i, j) of the product: the p channels summed in eq. (14).
    """
    if not isinstance(matrices, (list, tuple)) or len(matrices) < 2:
        raise ValueError("matrices must be a list of at least two 2-D arrays")
    matrices = [as_real_array(M, f"matrices[{k}]", ndim=2) for k, M in enumerate(matrices)]
    if len(names) != len(matrices):
        raise ValueError(
            f"names must give one name per matrix ({len(matrices)}), got {len(names)}"
        )
    factors = matrices[:-1] if product else matrices
    for k in range(1, len(factors)):
        if factors[k - 1].shape[1] != factors[k].shape[0]:
            raise ValueError(
                f"matrices[{k}] of shape {factors[k].shape} cannot follow matrices[{k - 1}] "
                f"of shape {factors[k - 1].shape} in a product"
            )
    if product:
        expected = (factors[0].shape[0], factors[-1].shape[1])
        if matrices[-1].shape != expected:
            raise ValueError(
                f"matrices[-1] (the product) must have shape {expected}, got {matrices[-1].shape}"
            )
    if highlight is not None:
        if not product:
            raise ValueError("highlight needs product=True (it marks an entry of the product)")
        i, j = highlight
        if not (0 <= i < matrices[-1].shape[0] and 0 <= j < matrices[-1].shape[1]):
            raise ValueError(
                f"highlight must be an entry (i, j) of the product of shape "
                f"{matrices[-1].shape}, got {highlight!r}"
            )
    rows = max(M.shape[0] for M in matrices)
    ratios, kinds = [], []
    for k, M in enumerate(matrices):
        if k:
            ratios.append(1.2)
            kinds.append("=" if product and k == len(matrices) - 1 else "·")
        ratios.append(M.shape[1])
        kinds.append(k)
    limit = max(float(np.max(np.abs(M))) for M in matrices) or 1.0
    grid = fig.add_gridspec(1, len(ratios), width_ratios=ratios, wspace=0.05)
    image = None
    for slot, kind in enumerate(kinds):
        ax = fig.add_subplot(grid[0, slot])
        ax.set_axis_off()
        if isinstance(kind, str):
            ax.text(0.5, 0.5, kind, ha="center", va="center", fontsize=26)
            continue
        M = matrices[kind]
        image = ax.imshow(M, cmap="RdBu_r", vmin=-limit, vmax=limit, aspect="equal")
        centre = (M.shape[0] - 1) / 2
        ax.set_ylim(centre + rows / 2, centre - rows / 2)  # every panel spans `rows` cells
        ax.set_xlim(-0.5, M.shape[1] - 0.5)
        ax.add_patch(
            Rectangle((-0.5, -0.5), M.shape[1], M.shape[0], fill=False, lw=1, clip_on=False)
        )
        # the name sits just above the matrix, not above the (taller) panel
        ax.annotate(f"{names[kind]}\n{_shape_label(M)}", ((M.shape[1] - 1) / 2, -0.5),
                    textcoords="offset points", xytext=(0, 4), ha="center", va="bottom",
                    fontsize=12, annotation_clip=False)  # fmt: skip
        if annotate:
            for (r, c), value in np.ndenumerate(M):
                dark = abs(value) > 0.6 * limit
                ax.text(c, r, f"{value:.2f}", ha="center", va="center", fontsize=9,
                        color="white" if dark else "black")  # fmt: skip
        if highlight is not None:
            i, j = highlight
            box = {"fill": False, "lw": 2.5, "edgecolor": "k", "clip_on": False}
            if kind == 0:
                ax.add_patch(Rectangle((-0.5, i - 0.5), M.shape[1], 1, **box))
            if kind == len(factors) - 1:
                ax.add_patch(Rectangle((j - 0.5, -0.5), 1, M.shape[0], **box))
            if kind == len(matrices) - 1:
                ax.add_patch(Rectangle((j - 0.5, i - 0.5), 1, 1, **box))
    fig.colorbar(image, ax=fig.axes, shrink=0.7, pad=0.02, label="entry value")
    return fig
