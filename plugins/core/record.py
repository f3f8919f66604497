"""`record`: the frozen dataclass that the site's model and tables are made of, with its repr, `==`
and hash shared by every class instead of compiled for each.

In Python 3.11 @dataclass writes out the source of six methods for each class and compiles each
with exec; a build imports about fifty such classes (the model in plan.py alone has thirty-one),
so compiling took about a twentieth of a bare Pelican build. Three of the six read only the class's
fields: here they are written once, over `dataclasses.fields`, and behave as dataclass's own:
the same repr text (a record that contains itself shows "..."), `==` true only against an instance
of the same class with equal compared fields (else NotImplemented), and the hash of the values of
the fields that are hashed, as a tuple. `__init__` and the frozen `__setattr__` stay dataclass's.
"""

from __future__ import annotations

import dataclasses
import reprlib
from functools import cache


@cache
def _names(cls: type) -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
    """The names of the fields that show in the repr, that compare, and that are hashed, as
    @dataclass chooses them (a field's `hash` left as None follows its `compare`)."""
    fields = dataclasses.fields(cls)
    return (
        tuple(f.name for f in fields if f.repr),
        tuple(f.name for f in fields if f.compare),
        tuple(f.name for f in fields if (f.compare if f.hash is None else f.hash)),
    )


@reprlib.recursive_repr()
def _repr(self) -> str:
    shown = ", ".join(f"{name}={getattr(self, name)!r}" for name in _names(self.__class__)[0])
    return f"{self.__class__.__qualname__}({shown})"


def _eq(self, other):
    if other.__class__ is self.__class__:
        names = _names(self.__class__)[1]
        return tuple(getattr(self, n) for n in names) == tuple(getattr(other, n) for n in names)
    return NotImplemented


def _hash(self) -> int:
    return hash(tuple(getattr(self, n) for n in _names(self.__class__)[2]))


def record(cls: type) -> type:
    """`@dataclass(frozen=True)`, with the shared repr, `==` and hash."""
    for name in ("__repr__", "__eq__", "__hash__"):
        if name in cls.__dict__:
            raise TypeError(f"{cls.__qualname__} defines {name}: make it with @dataclass(frozen=True)")
    cls = dataclasses.dataclass(frozen=True, eq=False, repr=False)(cls)
    cls.__repr__, cls.__eq__, cls.__hash__ = _repr, _eq, _hash
    return cls
