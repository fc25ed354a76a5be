r"""Predict, then check: a question the reader answers with a click, without a kernel.

A :class:`Question` shows as plain HTML: the prompt, then one ``<details>`` element per
choice, whose summary is the choice and whose body says whether it is right and why.
Clicking the choice one has settled on opens that verdict. There is no script and no
stylesheet (only inline ``style`` attributes), so the same output works on the static
website, in JupyterLab (which keeps ``details`` even where it sanitises HTML) and on
Colab. Maths is written ``$...$``, as in the chapters' Markdown, and rendered as the
inline maths Sphinx writes (``<span class="math">\(...\)</span>``), which MathJax
typesets on the website and in JupyterLab.

The questions themselves live in the chapters that ask them: a hidden cell builds the
``Question`` from the chapter's own variables (CONTRIBUTING.md), so this module holds the
renderer only.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

#: Inline styles: a quiet frame for the question, a coloured edge for each verdict.
_BOX = "border-left: 4px solid #4a7ab5; padding: 0.4em 0.9em; margin: 0.6em 0"
_CHOICE = "margin: 0.3em 0"
_SUMMARY = "cursor: pointer; padding: 0.15em 0"
_VERDICT = {
    True: "border-left: 3px solid #2e7d32; margin: 0.3em 0 0.5em 1.2em; padding: 0.1em 0.6em",
    False: "border-left: 3px solid #c4661f; margin: 0.3em 0 0.5em 1.2em; padding: 0.1em 0.6em",
}
_UNSAFE = re.compile(r"<\s*/?\s*(script|style|iframe|object)\b|\son\w+\s*=", re.IGNORECASE)
#: Inline maths, $...$ as in the chapters' Markdown, and the punctuation right after it.
_MATHS = re.compile(r"\$([^$]+)\$")
_MATHS_AND_STOP = re.compile(r"\$([^$]+)\$([,.;:!?)…]*)")


@dataclass(frozen=True)
class Choice:
    """One answer to choose: its ``text``, whether it is ``right`` and ``why``.

    ``text`` and ``why`` are short HTML fragments (``<em>``, ``<code>``) with inline maths
    in ``$...$``; no script, stylesheet or event handler.
    """

    text: str
    right: bool
    why: str


def _fragment(value, name: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise TypeError(f"{name} must be a non-empty string of HTML, got {value!r:.80}")
    if _UNSAFE.search(value):
        raise ValueError(
            f"{name} must not hold a script, a stylesheet or a handler: {value!r:.80}"
        )
    if "$$" in value or value.count("$") % 2:
        raise ValueError(f"{name} must pair each $ of its inline maths: {value!r:.80}")
    return value.strip()


def _html(fragment: str) -> str:
    """``fragment`` with each ``$...$`` as Sphinx writes inline maths, for MathJax; a
    comma or full stop after it is kept on its line (the browser would wrap before it)."""

    def maths(found):
        tex, stop = html.escape(found[1], quote=False), found[2]
        span = rf'<span class="math notranslate nohighlight">\({tex}\)</span>'
        return f'<span style="white-space: nowrap">{span}{stop}</span>' if stop else span

    return _MATHS_AND_STOP.sub(maths, fragment.strip())


def _plain(fragment: str) -> str:
    """``fragment`` without its tags (its maths kept as TeX), for a plain-text display."""
    parts = _MATHS.split(fragment)  # every second part is maths
    return "".join(
        f"${part}$" if i % 2 else html.unescape(re.sub(r"<[^>]+>", "", part))
        for i, part in enumerate(parts)
    ).strip()


@dataclass(frozen=True)
class Question:
    """A predict-then-check question: settle on a choice, click it, read the verdict.

    ``key`` names the question (letters, digits and dashes); exactly one choice is right.
    In a notebook the question displays itself (``_repr_html_``); its plain-text form
    lists the choices without the verdicts.
    """

    key: str
    prompt: str
    choices: tuple[Choice, ...]

    def __post_init__(self):
        if not isinstance(self.key, str) or not re.fullmatch(r"[a-z0-9][a-z0-9-]*", self.key):
            raise ValueError(
                f"key must be lower-case letters, digits and dashes, got {self.key!r}"
            )
        _fragment(self.prompt, "prompt")
        if not isinstance(self.choices, tuple) or len(self.choices) < 2:
            raise ValueError(
                f"choices must be a tuple of at least 2 Choice, got {self.choices!r:.80}"
            )
        for i, choice in enumerate(self.choices):
            if not isinstance(choice, Choice):
                raise TypeError(f"choices[{i}] must be a Choice, got {choice!r:.80}")
            _fragment(choice.text, f"choices[{i}].text")
            _fragment(choice.why, f"choices[{i}].why")
        right = [i for i, choice in enumerate(self.choices) if choice.right is True]
        if len(right) != 1:
            raise ValueError(f"choices must have exactly one right choice, got {len(right)}")

    @property
    def right(self) -> Choice:
        """The right choice (for the chapter's hidden checks)."""
        return next(choice for choice in self.choices if choice.right)

    def _repr_html_(self) -> str:
        letters = "ABCDEFGHIJ"
        parts = [
            f'<div class="predict-check" id="predict-check-{self.key}" style="{_BOX}">',
            f'<p class="predict-check-prompt"><strong>Predict, then check.</strong> '
            f"{_html(self.prompt)}</p>",
        ]
        for letter, choice in zip(letters, self.choices, strict=False):
            verdict = "Right." if choice.right else "Not quite."
            parts.append(
                f'<details class="predict-check-choice" name="predict-check-{self.key}" '
                f'style="{_CHOICE}"><summary style="{_SUMMARY}">{letter}. '
                f"{_html(choice.text)}</summary>"
                f'<p class="predict-check-verdict" style="{_VERDICT[choice.right]}">'
                f"<strong>{verdict}</strong> {_html(choice.why)}</p></details>"
            )
        parts.append(
            '<p style="font-size: 0.85em; margin: 0.4em 0 0 0">Settle on your answer first, '
            "then click it to see whether it holds and why.</p></div>"
        )
        return "\n".join(parts)

    def __repr__(self) -> str:
        lines = [f"Predict, then check: {_plain(self.prompt)}"]
        lines += [f"  {'ABCDEFGHIJ'[i]}. {_plain(c.text)}" for i, c in enumerate(self.choices)]
        lines.append("(Open this notebook in JupyterLab, Colab or on the website to click one.)")
        return "\n".join(lines)
