"""A function's source on the page, so the reader sees the lines that made the numbers."""

from __future__ import annotations

import inspect

from IPython.display import Markdown


def show_source(function) -> Markdown:
    """The source of ``function`` as it is in ``lib``, as a highlighted code block.

    Markdown renders the same in JupyterLab and on the website (Jupyter Book turns the
    fenced block into a highlighted listing), and a caption names the file it came from.
    """
    if not callable(function):
        raise TypeError(f"function must be a function of lib, got {function!r:.80}")
    lines, first = inspect.getsourcelines(function)
    path = inspect.getsourcefile(function) or "?"
    where = path[path.rfind("lib/") :] if "lib/" in path else path
    listing = "".join(lines).rstrip()
    return Markdown(f"`{where}`, from line {first}:\n\n```python\n{listing}\n```")
