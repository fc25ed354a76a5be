"""A chapter's figure in both renderings (lib/pictures/themed.py, images.py) and the Sphinx
extension that puts both on the website with the cell's alt text (_ext/themed_figures.py)."""

import base64
import io
import re
import sys
from pathlib import Path
from types import SimpleNamespace
from unittest import mock

import matplotlib
import numpy as np
import pytest
from docutils import nodes
from docutils.frontend import get_default_settings
from docutils.parsers.rst import Parser
from docutils.utils import new_document
from matplotlib.figure import Figure
from PIL import Image

import lib.pictures
from lib.pictures.images import figure_pixels, png
from lib.pictures.style import BACKGROUND, CYCLE, relative_luminance
from lib.pictures.themed import MARK, describe, renderings, themed_html

matplotlib.use("Agg")
ROOT = Path(__file__).resolve().parent.parent


def _decode(data: bytes) -> Image.Image:
    return Image.open(io.BytesIO(data))


def _figure():
    fig = Figure(figsize=(4, 3))
    ax = fig.subplots()
    for k, colour in enumerate(CYCLE[:3]):
        ax.plot(np.linspace(0, 1, 50), np.sin(np.linspace(0, 3, 50) + k), color=colour)
    ax.set(title="three waves", xlabel="t", ylabel="height")
    return fig


# --- palette PNGs ---------------------------------------------------------------------


def test_png_quantises_to_a_palette_and_keeps_the_size():
    pixels = figure_pixels(_figure())
    full = io.BytesIO()
    Image.fromarray(pixels).save(full, format="PNG")
    small = png(pixels, 64)
    image = _decode(small)
    assert image.mode == "P" and image.size == (pixels.shape[1], pixels.shape[0])
    assert len(image.getcolors()) <= 64
    assert len(small) < len(full.getvalue()) / 2
    # no visible change: almost every pixel within a few levels of the original
    error = np.abs(np.asarray(image.convert("RGB"), int) - pixels[..., :3])
    assert np.mean(error.max(axis=-1) <= 8) > 0.99


def test_png_keeps_few_colours_exactly_and_transparency():
    rng = np.random.default_rng(0)
    palette = rng.integers(0, 256, (20, 4), dtype=np.uint8)
    pixels = palette[rng.integers(0, 20, (30, 40))]
    back = np.asarray(_decode(png(pixels, 64)).convert("RGBA"))
    assert np.array_equal(back, pixels)
    opaque = pixels.copy()
    opaque[..., 3] = 255
    assert _decode(png(opaque)).convert("RGBA").getpixel((0, 0))[3] == 255


@pytest.mark.parametrize(
    ("pixels", "colours", "pattern"),
    [
        (np.zeros((4, 4, 3)), 16, "uint8"),
        (np.zeros((4, 4), np.uint8), 16, "shape"),
        (np.zeros((4, 4, 3), np.uint8), 1, "colours"),
    ],
)
def test_png_refuses_bad_input(pixels, colours, pattern):
    with pytest.raises(ValueError, match=pattern):
        png(pixels, colours)


# --- the two renderings ---------------------------------------------------------------


def test_both_renderings_have_the_same_size_and_their_own_ground():
    images = renderings(_figure())
    light, dark = (np.asarray(_decode(images[t]).convert("RGB")) for t in ("light", "dark"))
    assert light.shape == dark.shape
    assert tuple(light[0, 0]) == (255, 255, 255)
    assert "#{:02x}{:02x}{:02x}".format(*dark[0, 0]) == BACKGROUND["dark"]
    mean = [relative_luminance(np.mean(p.reshape(-1, 3), axis=0) / 255) for p in (light, dark)]
    assert mean[0] > 0.8 and mean[1] < 0.05
    # a dark drawing, not an inverted picture: the palette's colours keep their hue
    blue = np.array([0, 0x72, 0xB2])
    assert np.any(np.all(np.abs(dark.astype(int) - blue) < 6, axis=-1))


def test_the_html_holds_both_renderings_with_the_theme_classes_and_alt_text():
    images = renderings(_figure())
    page = themed_html(images, 'waves "of" <sin>')
    tags = re.findall(r"<img [^>]*>", page)
    assert len(tags) == 2 and MARK in page
    assert 'class="only-light"' in tags[0] and "hidden" not in tags[0]
    assert 'class="only-dark" hidden' in tags[1]
    assert all('alt="waves &quot;of&quot; &lt;sin&gt;"' in tag for tag in tags)
    for tag, theme in zip(tags, ("light", "dark"), strict=True):
        data = re.search(r"base64,([^\"]+)", tag).group(1)
        assert base64.b64decode(data) == images[theme]


def test_describe_names_the_panels():
    text = describe(_figure())
    assert text == "Figure: three waves; height against t."
    assert describe(Figure()) == "Figure."


def test_show_displays_both_renderings_and_closes_the_figure():
    from matplotlib import pyplot

    fig, ax = pyplot.subplots()
    ax.plot([0, 1], [1, 0], color=CYCLE[1])
    with mock.patch("IPython.display.display") as display:
        lib.pictures.show(fig)
    (bundle,), options = display.call_args
    assert options == {"raw": True}
    assert set(bundle) == {"text/plain", "image/png", "text/html"}
    light = base64.b64decode(bundle["image/png"])
    assert light in [
        base64.b64decode(d) for d in re.findall(r'base64,([^"]+)', bundle["text/html"])
    ]
    assert 'class="only-dark" hidden' in bundle["text/html"]
    assert not pyplot.fignum_exists(fig.number)
    with pytest.raises(TypeError, match="figure"):
        lib.pictures.show(ax)


# --- the Sphinx extension -------------------------------------------------------------


@pytest.fixture
def extension():
    sys.path.insert(0, str(ROOT / "_ext"))
    try:
        import themed_figures

        yield themed_figures
    finally:
        sys.path.remove(str(ROOT / "_ext"))


def _page_with_output(srcdir: Path, bundle: dict, alt: str):
    """A document as myst-nb leaves it after parsing one display_data output: a mime bundle
    with a container per mime type, the image already written to a file."""
    document = new_document("chapter", get_default_settings(Parser))
    document.settings.env = SimpleNamespace(srcdir=str(srcdir))
    figure = nodes.figure()
    output = nodes.container(nb_element="mime_bundle")
    out_dir = srcdir / "_build" / "jupyter_execute"
    out_dir.mkdir(parents=True)
    light = base64.b64decode(bundle["image/png"])
    (out_dir / "light.png").write_bytes(light)
    image = nodes.image(uri="/_build/jupyter_execute/light.png", alt=alt, classes=[])
    png_part = nodes.container(mime_type="image/png")
    png_part += image
    html_part = nodes.container(mime_type="text/html")
    html_part += nodes.raw(text=bundle["text/html"], format="html")
    output += [png_part, html_part]
    figure += output
    figure += nodes.caption(text="the caption")
    document += figure
    return document


def test_the_extension_puts_both_renderings_on_the_page_with_the_cells_alt_text(
    tmp_path, extension
):
    images = renderings(_figure())
    bundle = {
        "image/png": base64.b64encode(images["light"]).decode(),
        "text/html": themed_html(images, "Figure: from the kernel."),
    }
    document = _page_with_output(tmp_path, bundle, alt="the cell's alt text")
    extension.ThemedFigures(document).apply()
    shown = list(document.findall(nodes.image))
    assert [image["classes"] for image in shown] == [["only-light"], ["only-dark"]]
    # both in a box of their own, so that the caption is no sibling of either image
    # (the theme hides a caption that follows an image of the other theme)
    assert shown[0].parent is shown[1].parent
    assert shown[0].parent["classes"] == ["themed-figure"]  # not hidden in either theme
    caption = next(document.findall(nodes.caption))
    assert shown[0] not in caption.parent.children
    assert {image["alt"] for image in shown} == {"the cell's alt text"}
    dark_file = tmp_path / shown[1]["uri"].lstrip("/")
    assert dark_file.read_bytes() == images["dark"]
    assert [c["mime_type"] for c in document.findall(nodes.container) if "mime_type" in c] == [
        "image/png"
    ]
    assert next(document.findall(nodes.caption)).astext() == "the caption"


def test_the_extension_leaves_other_outputs_alone(tmp_path, extension):
    images = renderings(_figure())
    bundle = {
        "image/png": base64.b64encode(images["light"]).decode(),
        "text/html": "<table><tr><td>a pandas table</td></tr></table>",
    }
    document = _page_with_output(tmp_path, bundle, alt="alt")
    extension.ThemedFigures(document).apply()
    assert len(list(document.findall(nodes.image))) == 1
    assert len(list(document.findall(nodes.raw))) == 1
