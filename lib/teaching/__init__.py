"""For the pages of the book: instant feedback on exercises and a function's source."""

from lib.teaching.selfcheck import check_function, check_value
from lib.teaching.source import show_source

__all__ = ["check_function", "check_value", "show_source"]
