"""Pictures as light PNG files: a figure or a pixel array, quantised to a small palette.

Line drawings hold few colours, so a palette of 64 to 256 (a PNG of type "P") stores them
several times smaller than full colour, with no difference the eye can see: the explorers'
frames shrink about 3× and each chapter page stays light enough for a phone on slow Wi-Fi.
"""

from __future__ import annotations

import io

import numpy as np
from matplotlib.figure import Figure
from PIL import Image


def png(pixels, colours: int = 256) -> bytes:
    """PNG bytes of ``pixels`` (height × width × 3 or 4, uint8) with at most ``colours``
    colours; fully opaque pictures lose their alpha channel, transparent ones keep it."""
    pixels = np.asarray(pixels)
    if pixels.dtype != np.uint8 or pixels.ndim != 3 or pixels.shape[2] not in (3, 4):
        raise ValueError(
            f"pixels must be a uint8 array of shape (height, width, 3 or 4), "
            f"got {pixels.dtype} of shape {pixels.shape}"
        )
    if not isinstance(colours, int) or not 2 <= colours <= 256:
        raise ValueError(f"colours must be an integer from 2 to 256, got {colours!r}")
    if pixels.shape[2] == 4 and np.all(pixels[..., 3] == 255):
        pixels = pixels[..., :3]
    image = Image.fromarray(np.ascontiguousarray(pixels))
    # Both methods keep a picture of few enough colours exactly. Median cut keeps rare
    # colours (a thin coloured line) apart in opaque pictures; only the octree method
    # handles an alpha channel.
    method = Image.Quantize.MEDIANCUT if image.mode == "RGB" else Image.Quantize.FASTOCTREE
    palette = image.quantize(colours, method=method, dither=Image.Dither.NONE)
    buffer = io.BytesIO()
    palette.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def figure_pixels(figure: Figure, dpi: float = 100) -> np.ndarray:
    """The RGBA pixels of ``figure`` as Jupyter shows it inline: at ``dpi``, cropped to what
    is drawn (``bbox_inches="tight"``), on the figure's own face colour."""
    if not isinstance(figure, Figure):
        raise TypeError(f"figure must be a matplotlib Figure, got {type(figure).__name__}")
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=dpi, bbox_inches="tight")
    return np.asarray(Image.open(buffer).convert("RGBA"))
