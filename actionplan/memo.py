"""Values kept for an object found by identity, where hashing the object on every call (as
functools.lru_cache would) costs more than the work they save: the name finders of an `Entities`,
the keyword index of a tuple of topics, the compiled validator of a schema.

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
