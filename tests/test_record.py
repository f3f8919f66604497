"""plugins.core.record: a record's repr, `==` and hash are those @dataclass(frozen=True) gives."""

from __future__ import annotations

import dataclasses
import datetime
import json
from dataclasses import FrozenInstanceError, dataclass, field
from pathlib import Path

import pytest

from plugins.core.as_of import read_as_of
from plugins.core.plan import Deadline, Plan, from_json
from plugins.core.record import record

REPO = Path(__file__).resolve().parents[1]


def _pair():
    """The same classes made both ways: a plain field, a nested one, one left out of repr, one left
    out of comparing (and so of the hash), one hashed though not compared, and none at all."""

    def make(decorate):
        class Inner:
            name: str
            items: tuple[int, ...]

        Inner = decorate(Inner)

        class Outer:
            inner: Inner
            note: str | None
            secret: str = field(default="s", repr=False)
            derived: int = field(default=0, compare=False)
            counted: int = field(default=1, compare=False, hash=True)

        class Empty:
            pass

        return Inner, decorate(Outer), decorate(Empty)

    return make(dataclass(frozen=True)), make(record)


def _outers(inner_cls, outer_cls):
    return [
        outer_cls(inner_cls("a", (1, 2)), None),
        outer_cls(inner_cls("a", (1, 2)), None, derived=5),
        outer_cls(inner_cls("a", (1, 2)), None, secret="other"),
        outer_cls(inner_cls("a", (1, 2)), "n", counted=2),
        outer_cls(inner_cls("b", ()), "n"),
    ]


def test_repr_eq_and_hash_as_dataclass_gives_them():
    (d_inner, d_outer, d_empty), (r_inner, r_outer, r_empty) = _pair()
    made, ours = _outers(d_inner, d_outer), _outers(r_inner, r_outer)
    assert [repr(x) for x in ours] == [repr(x) for x in made]
    assert repr(r_empty()) == repr(d_empty()) == "_pair.<locals>.make.<locals>.Empty()"
    assert [hash(x) for x in ours] == [hash(x) for x in made]
    assert hash(r_empty()) == hash(d_empty())
    for i, j in [(i, j) for i in range(len(made)) for j in range(len(made))]:
        assert (ours[i] == ours[j]) == (made[i] == made[j]), (i, j)
        assert (ours[i] != ours[j]) == (made[i] != made[j]), (i, j)
    assert ours[0] == ours[1] and ours[0] != ours[2]  # `derived` is not compared; `secret` is, unshown
    # Against another class, even one with the same fields: not equal, as with dataclass.
    assert r_inner("a", (1, 2)) != d_inner("a", (1, 2))
    assert r_inner("a", (1, 2)).__eq__(("a", (1, 2))) is NotImplemented
    assert {ours[0], ours[1]} == {ours[0]}


def test_still_a_frozen_dataclass():
    (_, _, _), (r_inner, r_outer, _) = _pair()
    x = r_outer(r_inner("a", (1,)), None)
    assert dataclasses.is_dataclass(x)
    with pytest.raises(FrozenInstanceError):
        x.note = "changed"
    assert dataclasses.replace(x, note="n") == r_outer(r_inner("a", (1,)), "n")
    assert dataclasses.astuple(x) == (("a", (1,)), None, "s", 0, 1)


def test_a_record_that_contains_itself_shows_dots():
    @record
    class Node:
        children: list

    node = Node([])
    node.children.append(node)
    assert repr(node) == "test_a_record_that_contains_itself_shows_dots.<locals>.Node(children=[...])"


def test_a_class_with_its_own_methods_is_refused():
    with pytest.raises(TypeError, match="defines __eq__"):
        @record
        class Own:
            def __eq__(self, other):
                return True


def test_the_model_read_twice_is_equal_and_hashes_alike():
    data = json.loads((REPO / "content" / "data" / "actions.json").read_text(encoding="utf-8"))
    read_as_of(data, datetime.date(2026, 12, 7))
    first, second = from_json(data), from_json(data)
    assert isinstance(first, Plan)
    assert first == second and first is not second
    assert first.actions[0] == second.actions[0] and first.actions[0] != first.actions[1]
    assert hash(first.actions[0]) == hash(second.actions[0])
    assert repr(first.pillars[0]).startswith(f"Pillar(number=1, title={first.pillars[0].title!r}, ")
    deadline = next(d for a in first.actions for d in a.facts.deadlines)
    # `relative` is worked out, not compared: the same deadline with it changed is still equal.
    changed = dataclasses.replace(deadline)
    object.__setattr__(changed, "relative", not deadline.relative)
    assert changed == deadline and hash(changed) == hash(deadline)
    assert isinstance(deadline, Deadline) and "relative=" in repr(deadline)
