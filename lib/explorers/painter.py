"""A matplotlib figure as an explorer's pictures: still backdrops and moving parts, per theme.

Everything in a picture but a few artists (a curve, a marker, a note) stays the same from
one picture to the next. Those few are made ``animated``, so that a full draw leaves them
out: that draw is the still part. A picture then draws only the animated artists
(matplotlib's blitting), which costs milliseconds where a full draw costs ten times that.

- A precomputed frame (:meth:`PanelPainter.frame_html`) draws them on a transparent ground,
  a kilobyte or two of PNG per panel, shown over the still part kept once per theme and
  panel as a CSS background (:class:`lib.explorers.frames.Backdrops`).
- A live picture (:meth:`PanelPainter.picture`, the live trainer's) draws them over a copy
  of the still part, in the light rendering, which JupyterLab shows.
"""

from __future__ import annotations

import contextlib
import functools

import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from lib.explorers.frames import Backdrops, panels
from lib.pictures.images import png
from lib.pictures.style import THEMES, dark

#: colours per picture: plenty for lines and text (see lib.pictures.images)
COLOURS = 64


class PanelPainter:
    """Draw ``figure`` (its axes ``panels`` side by side, left to right) as backdrops and
    frames, or as whole pictures. ``moving`` lists the animated artists, in drawing order."""

    def __init__(self, figure: Figure, panels: list, moving: list):
        self.figure, self.moving = figure, list(moving)
        self.canvas = FigureCanvasAgg(figure)
        self.canvas.draw()  # lays the figure out; the layout is then frozen for every frame
        figure.set_layout_engine("none")
        renderer = self.canvas.get_renderer()
        boxes = [ax.get_tightbbox(renderer) for ax in panels]
        cuts = [round((a.x1 + b.x0) / 2) for a, b in zip(boxes, boxes[1:], strict=False)]
        width = self.canvas.get_width_height()[0]
        self.columns = list(zip([0, *cuts], [*cuts, width], strict=True))
        self._still = None  # the light still part behind a live picture, once drawn

    def theme(self, theme: str):
        """A context in which the figure wears ``theme``'s colours."""
        return dark(self.figure) if theme == "dark" else contextlib.nullcontext()

    def _cut(self, pixels) -> list[bytes]:
        return [png(np.ascontiguousarray(pixels[:, a:b]), COLOURS) for a, b in self.columns]

    def _draw_moving(self) -> np.ndarray:
        for artist in self.moving:
            if artist.get_visible():
                artist.axes.draw_artist(artist)
        return np.asarray(self.canvas.buffer_rgba())

    @functools.cached_property
    def backdrops(self) -> Backdrops:
        """The still part of each panel in each theme, drawn once, when the first frame asks:
        the axes' limits must be final by then."""
        still = [{} for _ in self.columns]
        for theme in THEMES:
            with self.theme(theme):
                self.canvas.draw()
                pixels = np.asarray(self.canvas.buffer_rgba())
                for images, image in zip(still, self._cut(pixels), strict=True):
                    images[theme] = image
        backdrops = Backdrops()
        self.backdrop_classes = [backdrops.add(images) for images in still]
        self._still = None  # the canvas holds the dark rendering now
        return backdrops

    def frame(self) -> list[dict]:
        """The moving artists as they are now: per panel, {theme: PNG on a clear ground}."""
        self.backdrops  # noqa: B018 -- drawn before the first frame, never over one
        pictures = [{} for _ in self.columns]
        for theme in THEMES:
            with self.theme(theme):
                self.canvas.get_renderer().clear()
                for picture, image in zip(pictures, self._cut(self._draw_moving()), strict=True):
                    picture[theme] = image
        return pictures

    def frame_html(self, alts: list[str]) -> str:
        """The frame's panels as HTML, ``alts[i]`` describing panel i, still and moving parts."""
        return panels(self.frame(), alts, self.backdrop_classes)

    def picture(self, still_changed: bool = False) -> bytes:
        """The whole figure as it is now, in the light rendering, as one PNG: the moving
        artists drawn over the still part, which is drawn again only when ``still_changed``
        (new axis limits, say) or not drawn yet."""
        if still_changed or self._still is None:
            self.canvas.draw()
            self._still = self.canvas.copy_from_bbox(self.figure.bbox)
        self.canvas.restore_region(self._still)
        return png(self._draw_moving(), COLOURS)
