"""A function's source on the page, so the reader sees the lines that made the numbers."""

from __future__ import annotations

import html
import inspect
from dataclasses import dataclass

from pygments import highlight
from pygments.formatters import HtmlFormatter
from pygments.lexers import PythonLexer

# The website styles pygments' classes with the theme's own (light and dark) colours;
# JupyterLab does not, so these rules give them Lab's editor colours, which follow its
# theme too. They apply only inside Lab's output area, never on the website.
_LAB_COLOURS = {
    "k kn kd kc kr": "keyword",
    "nf nc": "def",
    "nb bp": "builtin",
    "s s1 s2 sd sa se si": "string",
    "mi mf": "number",
    "c c1 cm": "comment",
    "o ow": "operator",
}
_LAB_STYLE = "".join(
    f".jp-OutputArea-output .lib-source .{token} {{color: var(--jp-mirror-editor-{name}-color)}}"
    for tokens, name in _LAB_COLOURS.items()
    for token in tokens.split()
)


@dataclass(frozen=True)
class Source:
    """Source lines of a function, shown as a highlighted listing in a notebook."""

    path: str
    first_line: int
    text: str

    def _repr_html_(self) -> str:
        code = highlight(self.text, PythonLexer(), HtmlFormatter(cssclass="highlight lib-source"))
        where = f"<code>{html.escape(self.path)}</code>, from line {self.first_line}:"
        return f'<style>{_LAB_STYLE}</style><p class="lib-source-where">{where}</p>{code}'

    def __repr__(self) -> str:
        return f"# {self.path}, from line {self.first_line}\n{self.text}"


def show_source(function) -> Source:
    """The source of ``function`` as it is in ``lib``, shown as a highlighted listing.

    The listing is HTML with pygments' classes, so it renders the same in JupyterLab, on
    Colab and on the website, where the theme colours it.
    """
    if not callable(function):
        raise TypeError(f"function must be a function of lib, got {function!r:.80}")
    function = inspect.unwrap(function)  # a maths function behind its door (lib.checks)
    lines, first = inspect.getsourcelines(function)
    path = inspect.getsourcefile(function) or "?"
    where = path[path.rfind("lib/") :] if "lib/" in path else path
    return Source(where, first, "".join(lines).rstrip())
