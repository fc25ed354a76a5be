"""For the pages of the book: instant feedback on exercises, predict-then-check questions
and a function's source.

``Question`` and ``Choice`` render a predict-then-check question, which each chapter
builds from its own numbers; ``answers`` holds the references that an exercise's check
would otherwise spell out (see CONTRIBUTING.md).
"""

from lib.teaching import answers
from lib.teaching.predict import Choice, Question
from lib.teaching.selfcheck import check_function, check_value
from lib.teaching.source import show_source

__all__ = [
    "Choice",
    "Question",
    "answers",
    "check_function",
    "check_value",
    "show_source",
]
