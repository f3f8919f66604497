"""Values kept for an object found by identity, where hashing the object on every call (as
functools.lru_cache would) costs more than the work they save: the name finders of an `Entities`,
the keyword index of a tuple of topics, the compiled validator of a schema; and values kept for
an equal key (`ByValue`): the entities read from the same texts.

Like a functools cache, one has `cache_clear`: scripts/benchmarks clears every such cache of the
generator's modules before a timed run, so that it times a run as a fresh process makes it."""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

T = TypeVar("T")


class ByIdentity(Generic[T]):
    """Up to `limit` values, each for one object (by identity, with an optional further key); the
    object is held with its value, so its id is never reused while the value is kept."""

    def __init__(self, limit: int) -> None:
        self._limit = limit
        self._kept: dict[tuple, tuple[object, T]] = {}

    def get(self, obj: object, build: Callable[[], T], *key: Hashable) -> T:
        """The value kept for `obj` (and `key`), else `build()`, kept."""
        found = self._kept.get((id(obj), *key))
        if found is None or found[0] is not obj:
            if len(self._kept) > self._limit:
                self._kept.clear()
            found = self._kept[(id(obj), *key)] = (obj, build())
        return found[1]

    def cache_clear(self) -> None:
        self._kept.clear()


class ByValue(Generic[T]):
    """Up to `limit` values, each for a hashable key (equal keys share it): for what is built from
    texts alone, such as the entities from their data files, when a process (the tests) runs the
    generator many times on the same files. The values must be immutable: every run gets the same
    one, and with it what is kept for it by identity (`ByIdentity`)."""

    def __init__(self, limit: int) -> None:
        self._limit = limit
        self._kept: dict[Hashable, T] = {}

    def get(self, key: Hashable, build: Callable[[], T]) -> T:
        """The value kept for `key`, else `build()`, kept."""
        if key not in self._kept:
            value = build()  # an error keeps nothing
            if len(self._kept) >= self._limit:
                self._kept.clear()
            self._kept[key] = value
        return self._kept[key]

    def cache_clear(self) -> None:
        self._kept.clear()
