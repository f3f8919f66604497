"""`record`: the frozen dataclass that the site's model and tables are made of, with its repr, `==`
and hash made without compiling code for each class.

In Python 3.11 @dataclass writes out the source of six methods for each class and compiles each
with exec, and every build imports about fifty such classes (the model in plan.py alone has
thirty-one). Three of the six only read the class's fields by name: here the repr is one function
for every class and `==` and the hash read the fields with operator.attrgetter, and they behave as
dataclass's own: the same repr text (a record that contains itself shows "..."), `==` true only
against an instance of the same class with equal compared fields (else NotImplemented), and the
hash of the tuple of the hashed fields' values. `__init__` and the frozen `__setattr__` stay
dataclass's.
"""

from __future__ import annotations

import dataclasses
import reprlib
from operator import attrgetter


def _values(names: tuple[str, ...]):
    """A function giving the tuple of an object's values of `names`, at C speed where it can."""
    if len(names) > 1:
        return attrgetter(*names)
    if names:
        get = attrgetter(names[0])
        return lambda obj: (get(obj),)
    return lambda obj: ()


@reprlib.recursive_repr()
def _repr(self) -> str:
    shown = ", ".join(f"{f.name}={getattr(self, f.name)!r}" for f in dataclasses.fields(self) if f.repr)
    return f"{self.__class__.__qualname__}({shown})"


def record(cls: type) -> type:
    """`@dataclass(frozen=True)`, with the shared repr, `==` and hash."""
    for name in ("__repr__", "__eq__", "__hash__"):
        if name in cls.__dict__:
            raise TypeError(f"{cls.__qualname__} defines {name}: make it with @dataclass(frozen=True)")
    cls = dataclasses.dataclass(frozen=True, eq=False, repr=False)(cls)
    fields = dataclasses.fields(cls)
    compared = _values(tuple(f.name for f in fields if f.compare))
    # As @dataclass chooses: a field's `hash` left as None follows its `compare`.
    hashed = _values(tuple(f.name for f in fields if (f.compare if f.hash is None else f.hash)))

    def __eq__(self, other):
        if other.__class__ is self.__class__:
            return compared(self) == compared(other)
        return NotImplemented

    def __hash__(self) -> int:
        return hash(hashed(self))

    cls.__repr__, cls.__eq__, cls.__hash__ = _repr, __eq__, __hash__
    return cls
