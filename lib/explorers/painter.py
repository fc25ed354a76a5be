"""A matplotlib figure as an explorer's frames: still backdrops and moving parts, per theme.

Everything in a frame but a few artists (a curve, a marker, a note) is the same in every
frame. Those few are made ``animated``, so that a full draw leaves them out: that draw is
the backdrop, kept once per theme and panel (:class:`lib.explorers.frames.Backdrops`). A
frame then draws only the animated artists, on a transparent ground (matplotlib's
blitting), which costs milliseconds and a kilobyte or two of PNG where a full picture would
cost ten times that.
"""

from __future__ import annotations

import contextlib

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
    frames. ``moving`` lists the animated artists a frame draws, in order."""

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
        still = [{} for _ in self.columns]
        for theme in THEMES:
            with self.theme(theme):
                self.canvas.draw()
                pixels = np.asarray(self.canvas.buffer_rgba())
                for images, image in zip(still, self._cut(pixels), strict=True):
                    images[theme] = image
        self.backdrops = Backdrops()
        self.backdrop_classes = [self.backdrops.add(images) for images in still]

    def theme(self, theme: str):
        """A context in which the figure wears ``theme``'s colours."""
        return dark(self.figure) if theme == "dark" else contextlib.nullcontext()

    def _cut(self, pixels) -> list[bytes]:
        return [png(np.ascontiguousarray(pixels[:, a:b]), COLOURS) for a, b in self.columns]

    def frame(self) -> list[dict]:
        """The moving artists as they are now: per panel, {theme: PNG on a clear ground}."""
        pictures = [{} for _ in self.columns]
        for theme in THEMES:
            with self.theme(theme):
                self.canvas.get_renderer().clear()
                for artist in self.moving:
                    if artist.get_visible():
                        artist.axes.draw_artist(artist)
                pixels = np.asarray(self.canvas.buffer_rgba())
                for picture, image in zip(pictures, self._cut(pixels), strict=True):
                    picture[theme] = image
        return pictures

    def frame_html(self, alts: list[str]) -> str:
        """The frame's panels as HTML, ``alts[i]`` describing panel i, still and moving parts."""
        return panels(self.frame(), alts, self.backdrop_classes)
