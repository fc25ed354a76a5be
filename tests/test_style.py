"""The book's colours (lib/pictures/style.py): told apart by readers with the common colour-vision
deficiencies, readable on both pages, and a dark rendering that is a dark drawing."""

import itertools

import numpy as np
import pytest
from matplotlib import colors
from matplotlib.figure import Figure

from lib.pictures import style
from lib.pictures.style import BACKGROUND, CYCLE, INK, MARKERS, contrast, dark, dark_colour

# Machado, Oliveira & Fernandes (2009), "A physiologically-based model for simulation of
# color vision deficiency", severity 1.0: dichromats, the strongest form of each deficiency.
# The matrices act on linear RGB.
SIMULATIONS = {
    "protanopia": [[0.152286, 1.052583, -0.204868], [0.114503, 0.786281, 0.099216],
                   [-0.003882, -0.048116, 1.051998]],
    "deuteranopia": [[0.367322, 0.860646, -0.227968], [0.280085, 0.672501, 0.047413],
                     [-0.011820, 0.042940, 0.968881]],
    "tritanopia": [[1.255528, -0.076749, -0.178779], [-0.078411, 0.930809, 0.147602],
                   [0.004733, 0.691367, 0.303900]],
    "typical vision": np.eye(3),
}  # fmt: skip
# CIE76 colour difference: about 2.3 is just noticeable; lines stay apart well above 10.
LEAST_DIFFERENCE = 15.0


def _linear(colour):
    c = np.asarray(colors.to_rgb(colour))
    return np.where(c <= 0.04045, c / 12.92, ((c + 0.055) / 1.055) ** 2.4)


def _lab(linear_rgb):
    """CIELAB (D65) of a linear sRGB colour."""
    xyz = np.array([[0.4124, 0.3576, 0.1805], [0.2126, 0.7152, 0.0722],
                    [0.0193, 0.1192, 0.9505]]) @ np.clip(linear_rgb, 0, 1)  # fmt: skip
    t = xyz / np.array([0.95047, 1.0, 1.08883])
    f = np.where(t > 216 / 24389, np.cbrt(t), (24389 / 27 * t + 16) / 116)
    return np.array([116 * f[1] - 16, 500 * (f[0] - f[1]), 200 * (f[1] - f[2])])


def difference(a, b, simulation="typical vision"):
    matrix = np.asarray(SIMULATIONS[simulation])
    return float(np.linalg.norm(_lab(matrix @ _linear(a)) - _lab(matrix @ _linear(b))))


def test_the_colour_difference_is_the_usual_one():
    assert difference("#000000", "#ffffff") == pytest.approx(100, abs=0.01)
    assert difference("#ff0000", "#ff0000") == 0
    # the model does what it is for: red and green, far apart in typical vision, collapse
    assert difference("#d62728", "#2ca02c") > 50
    assert difference("#d62728", "#2ca02c", "deuteranopia") < 20


@pytest.mark.parametrize("simulation", sorted(SIMULATIONS))
def test_the_line_colours_stay_apart_for_every_common_deficiency(simulation):
    worst = min(difference(a, b, simulation) for a, b in itertools.combinations(CYCLE, 2))
    assert worst >= LEAST_DIFFERENCE


def test_matplotlibs_default_colours_would_not():
    """The check above can fail: matplotlib's tab10 blue, orange, green and red do."""
    tab10 = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728"]
    worst = min(
        difference(a, b, simulation)
        for simulation in SIMULATIONS
        for a, b in itertools.combinations(tab10, 2)
    )
    assert worst < LEAST_DIFFERENCE


def test_every_line_colour_stands_out_from_the_dark_page_and_has_its_marker():
    assert all(contrast(c, BACKGROUND["dark"]) >= 3 for c in CYCLE)
    assert len(set(MARKERS)) == len(MARKERS) >= len(CYCLE)
    assert style.DIVERGED["color"] in CYCLE and style.DIVERGED["ls"] != "-"


def test_contrast_is_wcags_ratio():
    assert contrast("black", "white") == pytest.approx(21)
    assert contrast("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)


def test_the_dark_rendering_of_neutral_colours_swaps_ground_and_ink():
    assert colors.to_hex(dark_colour("white", "area")) == BACKGROUND["dark"]
    assert colors.to_hex(dark_colour("black", "text")) == INK["dark"]
    grey = dark_colour("0.9", "line")  # a light grid line stays close to the ground
    assert contrast(grey, BACKGROUND["dark"]) < contrast(grey, INK["dark"])


def test_the_dark_rendering_keeps_the_palette_and_lightens_other_colours():
    for colour in CYCLE:
        assert colors.to_hex(dark_colour(colour)) == colour.lower()
    navy = "#1a237e"  # too dark to see on the dark page
    assert contrast(navy, BACKGROUND["dark"]) < 2
    assert contrast(dark_colour(navy, "line"), BACKGROUND["dark"]) >= 3
    assert contrast(dark_colour(navy, "text"), BACKGROUND["dark"]) >= 4.5
    pale = "#fde0dd"  # a near-white cell of a heat map becomes a near-ground one
    assert contrast(dark_colour(pale, "area"), BACKGROUND["dark"]) < 1.5
    assert dark_colour((1, 0, 0, 0.25), "area")[3] == 0.25  # alpha is kept
    with pytest.raises(ValueError, match="role"):
        dark_colour("red", "fill")


def test_dark_repaints_a_figure_and_puts_it_back():
    fig = Figure()
    ax = fig.subplots()
    (line,) = ax.plot([0, 1], [0, 1], "o-", color=CYCLE[0])
    title = ax.set_title("a title")
    image = ax.imshow(np.arange(4.0).reshape(2, 2), cmap="Greys")
    before = (fig.patch.get_facecolor(), title.get_color(), image.get_cmap())
    with dark(fig):
        assert colors.to_hex(fig.patch.get_facecolor()) == BACKGROUND["dark"]
        assert colors.to_hex(ax.patch.get_facecolor()) == BACKGROUND["dark"]
        assert colors.to_hex(title.get_color()) == INK["dark"]
        assert colors.to_hex(line.get_color()) == CYCLE[0].lower()
        # Greys runs from white to black: its dark rendering from the ground to the ink
        ramp = image.get_cmap()
        assert colors.to_hex(ramp(0.0)) == BACKGROUND["dark"]
        assert colors.to_hex(ramp(1.0)) == INK["dark"]
    assert (fig.patch.get_facecolor(), title.get_color(), image.get_cmap()) == before
    line.set_color(CYCLE[3])  # marker colours left at "auto" still follow the line
    assert colors.to_hex(line.get_markerfacecolor()) == CYCLE[3].lower()
    with pytest.raises(TypeError, match="figure"):
        with dark(ax):
            pass
