"""Missing data fails the build: printing a value the templates do not have is an error, not an empty string."""

from __future__ import annotations

from jinja2 import Undefined
from jinja2.exceptions import UndefinedError


class MissingValue(Undefined):
    """Jinja's Undefined, except that printing it raises.

    Tests still work on a missing value (`{% if e.description %}`, `is defined`, `|default`, loops
    over nothing), so optional fields stay optional; but `{{ action.title }}` for an action the data
    lacks stops the build at that template instead of publishing a page with a hole in it.
    """

    __slots__ = ()

    def __str__(self) -> str:
        raise UndefinedError(f"a template printed a missing value: {self._undefined_message}")
