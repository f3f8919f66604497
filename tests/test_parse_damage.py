"""Property tests: the real plan, damaged further in the ways the conversion damages it.

The parser must either read the damaged plan with the same actions and words, or stop with a
`PlanError` that names a line; it must never fail in any other way.
"""

from __future__ import annotations

import re
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from actionplan.model import FLAG_HEADER_JOINED, FLAG_MARKER_INFERRED, PlanError
from actionplan.reading.parse import parse_plan
from actionplan.reading.source import Kind, classify_line, plain, read_lines

PLAN = Path(__file__).resolve().parent.parent / "plan" / "action-plan-2025-12.md"
TEXT = PLAN.read_text(encoding="utf-8")
LINES = TEXT.split("\n")
SOURCE = read_lines(TEXT)
BASE, _ = parse_plan(TEXT, "plan.md")
FIRST_PILLAR = next(s.number for s in SOURCE if plain(s.body).startswith("Pillar 1:") and s.kind is Kind.HEADING)
ITEM_LINES = [s.number for s in SOURCE if s.kind in (Kind.LETTERED, Kind.BULLET) and s.number > FIRST_PILLAR]
LETTERED = [s.number for s in SOURCE if s.kind is Kind.LETTERED and s.raw.lstrip().startswith("- ")]
ACTION_LINES = [n for a in BASE.actions() for n in a.lines]
SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def words(text: str) -> list[str]:
    return re.findall(r"[A-Za-z0-9£%]+", text)


def summary(plan) -> list[tuple[str, list[str]]]:
    return [(a.id, words(a.text)) for a in plan.actions()]


BASE_SUMMARY = summary(BASE)


def with_lines(replacements: dict[int, list[str]]) -> str:
    out: list[str] = []
    for number, line in enumerate(LINES, start=1):
        out.extend(replacements.get(number, [line]))
    return "\n".join(out)


@SETTINGS
@given(st.sets(st.sampled_from(ITEM_LINES), min_size=1, max_size=8))
def test_page_headers_before_items_change_no_action(lines):
    text = with_lines({n: ["", "Action Plan", "", LINES[n - 1]] for n in lines})
    plan, account = parse_plan(text, "plan.md")
    assert summary(plan) == BASE_SUMMARY
    assert sum(1 for u in account.lines if u.dropped_by == "page-header") == 31 + len(lines)


@SETTINGS
@given(st.sets(st.sampled_from(LETTERED), min_size=1, max_size=8))
def test_lost_letter_markers_are_inferred(lines):
    text = with_lines({n: [re.sub(r"^(\s*- )[a-zA-Z]\) ", r"\1", LINES[n - 1])] for n in lines})
    plan, _ = parse_plan(text, "plan.md")
    assert summary(plan) == BASE_SUMMARY
    for action in plan.actions():
        if action.lines[0] in lines:
            assert FLAG_MARKER_INFERRED in action.flags


@st.composite
def split_action_line(draw):
    """An action line cut at a word boundary by a page header, as the conversion does."""
    number = draw(st.sampled_from(ACTION_LINES))
    line = LINES[number - 1]
    spaces = [m.start() for m in re.finditer(" ", line.rstrip()) if m.start() > len(line) - len(line.lstrip()) + 6]
    cuts = [i for i in spaces if classify_line(1, line[i + 1 :]).kind is Kind.TEXT]
    cut = draw(st.sampled_from(cuts)) if cuts else len(line)
    return number, line[:cut], line[cut + 1 :]


@SETTINGS
@given(split_action_line())
def test_a_header_cutting_any_line_is_joined(split):
    number, before, after = split
    if not after:
        return
    text = with_lines({number: [before, "", "Action Plan", "", after]})
    plan, _ = parse_plan(text, "plan.md")
    assert summary(plan) == BASE_SUMMARY
    owner = next(a for a in plan.actions() if number in a.lines)
    assert FLAG_HEADER_JOINED in owner.flags


@SETTINGS
@given(st.sets(st.integers(min_value=1, max_value=len(LINES)), min_size=1, max_size=12))
def test_deleted_lines_give_a_plan_or_a_plan_error(deleted):
    text = "\n".join(line for n, line in enumerate(LINES, start=1) if n not in deleted)
    try:
        plan, account = parse_plan(text, "plan.md")
    except PlanError as error:
        assert 1 <= error.line <= len(text.splitlines()) + 1
        assert error.file == "plan.md"
        return
    assert len(account.lines) == len(text.splitlines())
    assert all(u.used_by or u.dropped_by for u in account.lines)


@SETTINGS
@given(st.lists(st.sampled_from(LINES), max_size=60), st.text(max_size=200))
def test_shuffled_fragments_give_a_plan_or_a_plan_error(fragments, noise):
    text = "\n".join([*LINES[:FIRST_PILLAR], *fragments, noise])
    try:
        parse_plan(text, "plan.md")
    except PlanError as error:
        assert error.line >= 1
