"""A chapter's figure in the website's light and dark theme, with the cell's alt text.

``lib.pictures.show(fig)`` gives a figure two renderings: its output holds the light one as
``image/png`` and both as two ``<img>`` in ``text/html`` (the dark one ``hidden``, so that
JupyterLab and Colab show the light one). myst-nb would put one of these on the page. This
extension puts both there, as image files with the theme's classes ``only-light`` and
``only-dark``: it copies the image myst-nb made of the ``image/png`` output (with the cell's
``mystnb.image`` alt text and options, inside the cell's ``mystnb.figure`` and its caption),
points the copy at the dark rendering, puts both in a box of their own and drops the
``text/html`` output.

It runs while each page is read, before Sphinx collects the page's images, so Sphinx copies
the dark file into ``_images`` like any other.
"""

from __future__ import annotations

import base64
import hashlib
import re
from pathlib import Path

from docutils import nodes
from sphinx.transforms import SphinxTransform

MARK = "data-themed-figure"  # lib/pictures/themed.py writes it
_DARK = re.compile(r'<img [^>]*class="only-dark"[^>]*src="data:image/png;base64,([^"]+)"')


def _mime_bundle(node) -> bool:
    return isinstance(node, nodes.container) and node.get("nb_element") == "mime_bundle"


class ThemedFigures(SphinxTransform):
    default_priority = 800  # after myst-nb has parsed the notebook's outputs

    def apply(self, **kwargs):
        for bundle in list(self.document.findall(_mime_bundle)):
            by_type = {child.get("mime_type"): child for child in bundle.children}
            html, png = by_type.get("text/html"), by_type.get("image/png")
            if html is None or png is None or MARK not in html.astext():
                continue
            dark = _DARK.search(html.astext())
            light = next(png.findall(nodes.image), None)
            if dark is None or light is None:
                continue
            data = base64.b64decode(dark.group(1))
            folder, _, _ = light["uri"].rpartition("/")
            uri = f"{folder}/{hashlib.sha256(data).hexdigest()}.png"
            path = Path(self.env.srcdir, uri.lstrip("/")).resolve()
            if not path.exists():
                path.write_bytes(data)
            twin = light.deepcopy()
            twin["uri"] = uri
            light["classes"].append("only-light")
            twin["classes"].append("only-dark")
            # in a box of their own: the theme hides a figure's caption that directly
            # follows an image of the other theme (`.only-light ~ figcaption`)
            box = nodes.container(classes=["themed-figure"])
            parent, index = light.parent, light.parent.index(light)
            parent.remove(light)  # (replace_self would give the box the image's classes)
            parent.insert(index, box)
            box += [light, twin]
            bundle.remove(html)


def setup(app):
    app.add_transform(ThemedFigures)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
