"""The explorers of chapters 6 and 7: their sliders, their frames and their SVG charts."""

import math
import re
import xml.etree.ElementTree as ET

import numpy as np
import pytest
from ipywidgets.widgets.widget_link import Link

import lib
from lib.explorers import (
    ChainOrderExplorer,
    GradientNormExplorer,
    chain_order_explorer,
    gradient_norm_explorer,
)
from lib.explorers.chain_order import chain_widths, order_chart_svg
from lib.explorers.depth import bound_curve, per_layer_factor
from lib.explorers.svg import decades, log_position, power_of_ten

pytestmark = pytest.mark.filterwarnings("error")
SVG = "{http://www.w3.org/2000/svg}"


def _svg(frame_html):
    """The frame's chart: an inline SVG after the status line."""
    return ET.fromstring(frame_html[frame_html.index("<svg") :])


def _links(explorer):
    return {
        (link.source[0].model_id, link.target[0].model_id)
        for link in explorer.links
        if isinstance(link, Link)
    }


# --- the SVG helpers ------------------------------------------------------------------


def test_decades_keep_one_and_thin_to_at_most_the_number_asked():
    assert decades((1.0, 1e4)) == [1.0, 10.0, 100.0, 1e3, 1e4]
    thinned = decades((1e-37, 1e23), most=7)
    assert len(thinned) <= 7 and 1.0 in thinned
    assert decades((3.0, 5.0)) == []


def test_log_position_is_linear_in_the_logarithm_and_pins_the_ends():
    assert log_position(10.0, (1.0, 100.0), 0, 200) == pytest.approx(100.0)
    assert log_position(1e-9, (1.0, 100.0), 0, 200) == 0
    assert log_position(1e9, (1.0, 100.0), 50, 0) == 0  # an axis can run upwards too


@pytest.mark.parametrize(
    ("value", "text"), [(1, "1"), (1000, "1,000"), (1e4, "10⁴"), (1e-12, "10⁻¹²")]
)
def test_power_of_ten_labels(value, text):
    assert power_of_ten(value) == text


# --- chapter 6: the chain-order explorer -------------------------------------------------


@pytest.fixture(scope="module")
def orders():
    built = chain_order_explorer(inputs=(1, 8, 512), outputs=(1, 8, 512), hidden=(4, 64), depth=4)
    assert isinstance(built, ChainOrderExplorer)
    return built


def _counts(frame_html):
    text = re.sub("<[^>]+>", "", frame_html.split("<img")[0])
    numbers = re.search(
        r"p0 = ([\d,]+) inputs, pL = ([\d,]+) outputs, hidden width ([\d,]+), L = (\d+).*"
        r"\(reverse mode\): ([\d,]+) multiply–adds; from the right \(forward mode\): ([\d,]+); "
        r"cheapest order (.*): ([\d,]+)\.",
        text,
    )
    return [int(g.replace(",", "")) if g[0].isdigit() else g for g in numbers.groups()]


def test_every_slider_position_shows_the_counts_of_lib(orders):
    for h, p in enumerate(orders.hidden):
        for o, pL in enumerate(orders.outputs):
            for i, p0 in enumerate(orders.inputs):
                orders.hidden_slider.index, orders.output_slider.index = h, o
                orders.input_slider.index = i
                shown = _counts(orders.shown)
                widths = [p0, p, p, p, pL]
                best = lib.cheapest_order(widths)
                costs = lib.chain_costs(widths)
                assert shown == [p0, pL, p, 4, costs.reverse, costs.forward,
                                 lib.order_text(best.order), best.cost]  # fmt: skip


def test_the_verdict_names_the_cheaper_end(orders):
    orders.hidden_slider.index = 1
    orders.input_slider.index, orders.output_slider.index = 2, 0
    assert "Reverse mode is" in orders.shown
    orders.input_slider.index, orders.output_slider.index = 0, 2
    assert "Forward mode is" in orders.shown
    orders.input_slider.index = 2
    assert "Both ends cost the same" in orders.shown
    orders.hidden_slider.index = 0  # wide ends, a narrow middle
    assert "The cheapest order saves another" in orders.shown


def test_the_chain_order_sliders_are_linked_in_the_browser(orders):
    pairs = _links(orders)
    assert (orders.hidden_slider.model_id, orders.frames.model_id) in pairs
    for page in orders.frames.children:
        assert (orders.output_slider.model_id, page.model_id) in pairs
        for inner in page.children:
            assert (orders.input_slider.model_id, inner.model_id) in pairs
    assert len(pairs) == 1 + 2 + 2 * 3


def test_bars_are_as_long_as_the_logarithm_of_the_counts():
    rows = [("reverse", "a", 10), ("forward", "b", 1000), ("best", "c", 10)]
    svg = ET.fromstring(order_chart_svg(rows, (1.0, 1e4)))
    bars = [float(r.get("width")) for r in svg.iter(f"{SVG}rect") if r.get("class") == "chart-bar"]
    np.testing.assert_allclose(np.array(bars) / np.log10([10, 1000, 10]), bars[0], rtol=1e-3)


def test_every_chain_order_frame_has_alt_text_and_well_formed_svg(orders):
    for page in orders.frames.children:
        for inner in page.children:
            for frame in inner.children:
                svg = _svg(frame.value)
                alt = svg.get("aria-label")
                assert alt.startswith("Bars on a log axis") and "cheapest order" in alt
                assert svg.tag == f"{SVG}svg" and svg.get("role") == "img"


def test_chain_widths_repeat_the_hidden_width():
    assert chain_widths(3, 2, 7, 4) == [3, 7, 7, 7, 2]


@pytest.mark.parametrize(
    ("kwargs", "error", "pattern"),
    [
        ({"inputs": (4, 4)}, ValueError, "inputs must be strictly increasing"),
        ({"outputs": (1,)}, ValueError, "outputs must list at least two"),
        ({"hidden": (0, 4)}, ValueError, r"hidden\[0\] must be an integer >= 1"),
        ({"depth": 1}, ValueError, "depth must be an integer >= 2"),
        ({"depth": 2.5}, TypeError, "depth must be an integer"),
    ],
)
def test_chain_order_explorer_refuses_bad_input(kwargs, error, pattern):
    with pytest.raises(error, match=pattern):
        chain_order_explorer(**kwargs)


# --- chapter 7: the gradient-norm explorer ------------------------------------------------


@pytest.fixture(scope="module")
def problem():
    rng = np.random.default_rng(0)
    return [6] * 10 + [1], rng.normal(size=(6, 8)), rng.normal(size=(1, 8))


@pytest.fixture(scope="module")
def depth_explorer(problem):
    built = gradient_norm_explorer(*problem, scales=(0.5, 1.0, 2.0), seed=2)
    assert isinstance(built, GradientNormExplorer)
    return built


def test_each_frame_shows_the_norms_of_its_activation_and_scale(problem, depth_explorer):
    widths, Z, Y = problem
    base = lib.init_weights(widths, seed=2)
    for a, name in enumerate(depth_explorer.activations):
        for s, c in enumerate(depth_explorer.scales):
            depth_explorer.activation_menu.index, depth_explorer.scale_slider.index = a, s
            expected = lib.gradient_norms([c * X for X in base], Z, Y, [name] * 9 + ["identity"])
            np.testing.assert_allclose(depth_explorer.norms[name, c].outputs, expected.outputs)
            factor = (expected.outputs[0] / expected.outputs[-1]) ** (1 / 10)
            shown = depth_explorer.shown
            assert shown.startswith(f'<p class="explorer-status">{name}, weights × {c:g} ')
            assert f"a factor {factor:.3g} per layer" in shown
            assert f"max σ′ = {lib.MAX_SLOPE[name]:g}" in shown


def test_the_gradient_norm_controls_are_linked_in_the_browser(depth_explorer):
    pairs = _links(depth_explorer)
    assert (depth_explorer.activation_menu.model_id, depth_explorer.frames.model_id) in pairs
    for page in depth_explorer.frames.children:
        assert (depth_explorer.scale_slider.model_id, page.model_id) in pairs


def test_the_chart_draws_three_lines_and_the_bound_is_above_the_row_vector(depth_explorer):
    for page in depth_explorer.frames.children:
        for frame in page.children:
            svg = _svg(frame.value)
            lines = list(svg.iter(f"{SVG}polyline"))
            assert len(lines) == 3
            heights = [
                [float(p.split(",")[1]) for p in line.get("points").split()] for line in lines
            ]
            bound, delta = np.array(heights[0]), np.array(heights[1])
            assert np.all(bound <= delta + 0.05)  # higher on the page: smaller y
            assert svg.get("role") == "img" and svg.get("aria-label").startswith("Log-scale")


def test_bound_curve_and_factor_follow_their_definitions(problem):
    widths, Z, Y = problem
    norms = lib.gradient_norms(lib.init_weights(widths, seed=1), Z, Y, "tanh")
    curve = bound_curve(norms)
    assert curve[-1] == norms.outputs[-1]
    np.testing.assert_allclose(curve[:-1] / curve[1:], norms.bounds, rtol=1e-12)
    assert np.all(norms.outputs <= curve * (1 + 1e-12))
    expected = math.exp(math.log(norms.outputs[0] / norms.outputs[-1]) / (len(widths) - 1))
    assert per_layer_factor(norms) == pytest.approx(expected)


@pytest.mark.parametrize(
    ("kwargs", "error", "pattern"),
    [
        ({"activations": "tanh"}, ValueError, "activations must list names among"),
        ({"activations": ("tanh", "softsign")}, ValueError, "activations must list names"),
        ({"scales": (1.0,)}, ValueError, "scales must list at least two"),
        ({"scales": (1.0, 0.5)}, ValueError, "scales must be strictly increasing"),
        ({"scales": (0.0, 1.0)}, ValueError, r"scales\[0\] must be a finite number > 0"),
        ({"output_activation": "cubic"}, ValueError, "activation must be one of"),
    ],
)
def test_gradient_norm_explorer_refuses_bad_input(problem, kwargs, error, pattern):
    with pytest.raises(error, match=pattern):
        gradient_norm_explorer(*problem, **kwargs)


def test_gradient_norm_explorer_refuses_data_that_do_not_fit(problem):
    widths, Z, Y = problem
    with pytest.raises(ValueError, match="Z must have 6 rows"):
        gradient_norm_explorer(widths, Z[:3], Y)
