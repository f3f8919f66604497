"""Dicts that templates read by attribute (`LABELS.facts.when`, `ACTION_FILTERS.panel`).

Jinja reads `a.b` by trying the attribute first and the key only after that attribute lookup has
failed, raised AttributeError and been caught: about ten times the cost of a lookup that succeeds,
and some 16,000 times a build for the labels and the filters' dicts. These find the key as the
attribute instead. They are dicts in every other way, so Python code and `tojson` read them as before.
"""

from __future__ import annotations


class AttributeDict(dict):
    """A dict whose keys are also its attributes (a dict's own methods, such as `items`, come first,
    as they do for Jinja)."""

    __slots__ = ()

    def __getattr__(self, name: str):
        try:
            return self[name]
        except KeyError:
            raise AttributeError(name) from None


def readable(value):
    """`value` with every dict in it, at any depth of dicts, an AttributeDict."""
    if isinstance(value, dict):
        return AttributeDict({key: readable(item) for key, item in value.items()})
    return value
