"""The progress record, plan/updates.toml: dated, sourced events since (or reported by) the plan.

An update never changes the plan's words or facts; a revision is a new dated update. The record
carries the date it was fully reviewed up to (`reviewed_up_to`: every action's public sources
checked), so "nothing recorded" is always bounded by that date; and, apart from it, how far updates
recorded since then go (`recorded_up_to`, with `recorded_scope` saying what was searched), so that
one new event never needs a claim of a full review.
Every problem is a `PlanError` at the line of the key or table that causes it.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

from ..errors import PlanError
from ..reading.source import control_character, key_line, load_toml, table_lines
from .schema import validate

# The kinds of event an update records, in the order a form or a filter lists them.
KINDS = (
    "announced",
    "consultation-opened",
    "legislation-introduced",
    "legislation-passed",
    "funding-confirmed",
    "launched",
    "published",
    "delivered",
    "delayed",
    "dropped",
    "plan-revised",  # the plan itself: a new or revised edition (with plan = true, actions = [])
)
# Who is speaking: the responsible body about itself, or a record that supports the event.
EVIDENCE = ("official", "independent")

_TOP_KEYS = {"reviewed_up_to", "recorded_up_to", "recorded_scope", "update"}
_UPDATE_KEYS = {"date", "actions", "kind", "text", "evidence", "source", "quote", "plan"}
_REQUIRED = _UPDATE_KEYS - {"quote", "plan"}
_SOURCE_KEYS = {"title", "publisher", "url", "date"}
# A whole date, or a month, or a year: as precise as the source is, never more.
_DATE = re.compile(r"([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?")

_ONE_LINE = {"type": "string", "format": "line"}
_PARTIAL_DATE = {"type": "string", "format": "partial-date"}
# plan/updates.toml, checked by the one validator (actionplan/records/schema.py) before anything is read.
SCHEMA = {
    "type": "object",
    "additionalProperties": False,
    "required": ["reviewed_up_to"],
    "properties": {
        "reviewed_up_to": {"type": "string", "format": "past-day"},
        "recorded_up_to": {"type": "string", "format": "past-day"},
        "recorded_scope": _ONE_LINE,
        "update": {
            "type": "array",
            "items": {
                "type": "object",
                "additionalProperties": False,
                "required": sorted(_REQUIRED),
                "properties": {
                    "date": _PARTIAL_DATE,
                    "actions": {"type": "array", "uniqueItems": True,  # empty only for the plan itself (checked below)
                                "items": {"type": "string", "format": "action-id"}},
                    "kind": {"enum": list(KINDS)},
                    "text": _ONE_LINE,
                    "quote": _ONE_LINE,
                    "plan": {"const": True},
                    "evidence": {"enum": list(EVIDENCE)},
                    "source": {
                        "type": "object",
                        "additionalProperties": False,
                        "required": sorted(_SOURCE_KEYS),
                        "properties": {
                            "title": _ONE_LINE,
                            "publisher": _ONE_LINE,
                            "url": {"type": "string", "format": "https-url"},
                            "date": _PARTIAL_DATE,
                        },
                    },
                },
            },
        },
    },
}


@dataclass(frozen=True)
class PartialDate:
    """A date given to the day, the month or the year; sorted and compared by its first day."""

    text: str  # "2025-07-16", "2025-07" or "2025"
    first_day: datetime.date

    @property
    def precision(self) -> str:
        return ("year", "month", "day")[self.text.count("-")]


@dataclass(frozen=True)
class Source:
    title: str
    publisher: str
    url: str
    date: PartialDate


@dataclass(frozen=True)
class Update:
    date: PartialDate
    actions: tuple[str, ...]  # action ids, in the order the maintainer gave them
    kind: str  # one of KINDS
    text: str  # one neutral sentence: what happened
    evidence: str  # one of EVIDENCE
    source: Source
    quote: str | None  # the source's own words, where they can be quoted
    line: int  # the line of its [[update]] table
    about_plan: bool = False  # about the plan itself (an edition revised), not about actions

    @property
    def id(self) -> str:
        """Stable while the update's date and actions stay: used in URLs and feed entries."""
        return f"{self.date.text}-{'plan' if self.about_plan else '-'.join(self.actions)}"


@dataclass(frozen=True)
class UpdatesRecord:
    reviewed_up_to: datetime.date  # every action's public sources checked up to this date
    updates: tuple[Update, ...]  # newest first; equal dates keep the file's order
    # Updates recorded since the full review go up to this date (reviewed_up_to when none are).
    recorded_up_to: datetime.date | None = None
    recorded_scope: str | None = None  # what the updates since the full review searched

    @property
    def latest_allowed(self) -> datetime.date:
        """No update or source may be dated after this day."""
        return self.recorded_up_to or self.reviewed_up_to


def parse_date(value: object, file: str, line: int, key: str) -> PartialDate:
    match = _DATE.fullmatch(value) if isinstance(value, str) else None
    if not match:
        raise PlanError(file, line, f'{key} must be a date written "2025-07-16", "2025-07" or "2025"; got {value!r}')
    year, month, day = (int(g) if g else None for g in match.groups())
    try:
        first = datetime.date(year, month or 1, day or 1)
    except ValueError:
        raise PlanError(file, line, f"{key} {value!r} is not a day of the calendar") from None
    return PartialDate(value, first)


def load_updates(text: str, file: str, action_ids: set[str]) -> UpdatesRecord:
    """The record in `text`, checked against the plan's action ids."""
    control = control_character(text)
    if control:
        raise PlanError(file, *control)
    data = load_toml(text, file)
    lines = text.splitlines()
    unknown = set(data) - _TOP_KEYS
    if unknown:
        name = sorted(unknown)[0]
        raise PlanError(
            file,
            key_line(lines, 1, len(lines) + 1, name, "update"),
            f"unknown key {name!r}; only reviewed_up_to, recorded_up_to, recorded_scope and [[update]] are read",
        )
    if "reviewed_up_to" not in data:
        raise PlanError(file, 1, 'the record lacks reviewed_up_to = "YYYY-MM-DD", the date it was checked up to')
    review_line = key_line(lines, 1, len(lines) + 1, "reviewed_up_to", "update")
    reviewed = parse_date(data["reviewed_up_to"], file, review_line, "reviewed_up_to")
    if reviewed.precision != "day":
        raise PlanError(file, review_line, "reviewed_up_to must be a whole date, to the day")
    recorded, scope = _recorded(data, file, lines, reviewed.first_day)
    latest = recorded or reviewed.first_day
    tables = table_lines(lines, "update")
    entries = data.get("update", [])
    if not isinstance(entries, list) or len(tables) != len(entries):
        raise PlanError(file, 1, "write each update as its own [[update]] table")
    ends = [*tables[1:], len(lines) + 1][: len(tables)]
    updates = [
        _update(entry, file, lines, start, end, action_ids, latest, recorded is not None)
        for entry, start, end in zip(entries, tables, ends, strict=True)
    ]
    seen: dict[str, int] = {}
    for update in updates:
        if update.id in seen:
            raise PlanError(
                file,
                update.line,
                f"same date and actions as the update at line {seen[update.id]}; merge them or tell them apart",
            )
        seen[update.id] = update.line
    validate(data, SCHEMA, file, text)  # all the checks above say more plainly are passed: the rest
    # Newest first; sorted() is stable, so updates of one date keep the file's order.
    ordered = sorted(updates, key=lambda u: u.date.first_day, reverse=True)
    return UpdatesRecord(reviewed.first_day, tuple(ordered), recorded, scope)


def _recorded(
    data: dict, file: str, lines: list[str], reviewed: datetime.date
) -> tuple[datetime.date | None, str | None]:
    """recorded_up_to and recorded_scope: both or neither, the date on or after reviewed_up_to."""
    if "recorded_up_to" not in data and "recorded_scope" not in data:
        return None, None
    first = "recorded_up_to" if "recorded_up_to" in data else "recorded_scope"
    line = key_line(lines, 1, len(lines) + 1, first, "update")
    if "recorded_up_to" not in data or "recorded_scope" not in data:
        raise PlanError(
            file, line, "recorded_up_to and recorded_scope go together: the date updates since the full review "
            "are recorded up to, and one line on what was searched for them"
        )
    recorded = parse_date(data["recorded_up_to"], file, line, "recorded_up_to")
    if recorded.precision != "day":
        raise PlanError(file, line, "recorded_up_to must be a whole date, to the day")
    if recorded.first_day < reviewed:
        raise PlanError(file, line, f"recorded_up_to {recorded.text} is before reviewed_up_to {reviewed.isoformat()}")
    scope = data["recorded_scope"]
    if not isinstance(scope, str) or not scope.strip() or "\n" in scope:
        scope_line = key_line(lines, 1, len(lines) + 1, "recorded_scope", "update")
        raise PlanError(file, scope_line, "recorded_scope must be one line of text")
    return recorded.first_day, scope.strip()


def _too_late(what: str, value: str, latest: datetime.date, has_recorded: bool) -> str:
    """The error for a date after the record's bound, saying what each way of moving it claims."""
    bound = "recorded_up_to" if has_recorded else "reviewed_up_to"
    return (
        f"{what} dated {value}, after {bound} {latest.isoformat()}. To record an event found since, set "
        f'recorded_up_to = "{value if len(value) == 10 else "YYYY-MM-DD"}" or later (it claims only that updates '
        "are recorded up to that day, with recorded_scope saying what was searched); move reviewed_up_to only "
        "after checking the public sources for every action up to that day, as it claims"
    )


def _update(
    entry: dict,
    file: str,
    lines: list[str],
    start: int,
    end: int,
    action_ids: set[str],
    latest: datetime.date,
    has_recorded: bool,
) -> Update:
    def at(key: str) -> int:
        return key_line(lines, start, end, key, "update")

    extra = sorted(set(entry) - _UPDATE_KEYS)
    if extra:
        raise PlanError(
            file, at(extra[0]), f"unknown key {extra[0]!r} in an update; keys are {', '.join(sorted(_UPDATE_KEYS))}"
        )
    missing = sorted(_REQUIRED - set(entry))
    if missing:
        raise PlanError(file, start, f"update lacks {', '.join(missing)}")
    date = parse_date(entry["date"], file, at("date"), "date")
    if date.first_day > latest:
        raise PlanError(file, at("date"), _too_late("update", date.text, latest, has_recorded))
    about_plan = entry.get("plan", False)
    if not isinstance(about_plan, bool):
        raise PlanError(file, at("plan"), "plan must be true (an update about the plan itself) or left out")
    actions = entry["actions"]
    if about_plan:
        if actions != []:
            raise PlanError(file, at("actions"), "an update about the plan itself (plan = true) has actions = []")
    elif not isinstance(actions, list) or not actions or not all(isinstance(a, str) for a in actions):
        raise PlanError(file, at("actions"), 'actions must be a non-empty list of action ids such as ["12j"]')
    for action_id in actions:
        if action_id not in action_ids:
            raise PlanError(file, at("actions"), f"the plan has no action {action_id!r}")
    if len(set(actions)) != len(actions):
        raise PlanError(file, at("actions"), "an action is listed twice")
    if entry["kind"] not in KINDS:
        raise PlanError(file, at("kind"), f"kind {entry['kind']!r} is not one of {', '.join(KINDS)}")
    if (entry["kind"] == "plan-revised") != about_plan:
        raise PlanError(file, at("kind"), 'kind "plan-revised" goes with plan = true, and only with it')
    if entry["evidence"] not in EVIDENCE:
        raise PlanError(file, at("evidence"), f"evidence must be {' or '.join(EVIDENCE)}; got {entry['evidence']!r}")
    for key in ("text", "quote"):
        if key in entry and (not isinstance(entry[key], str) or not entry[key].strip() or "\n" in entry[key]):
            raise PlanError(file, at(key), f"{key} must be one line of text")
    return Update(
        date=date,
        actions=tuple(actions),
        kind=entry["kind"],
        text=entry["text"].strip(),
        evidence=entry["evidence"],
        source=_source(entry["source"], file, lines, start, end, date, latest, has_recorded),
        quote=entry.get("quote"),
        line=start,
        about_plan=about_plan,
    )


def _source(
    value: object,
    file: str,
    lines: list[str],
    start: int,
    end: int,
    date: PartialDate,
    latest: datetime.date,
    has_recorded: bool,
) -> Source:
    line = key_line(lines, start, end, "source", "update")
    if not isinstance(value, dict):
        raise PlanError(file, line, "source must be a table: {title, publisher, url, date}")
    extra = sorted(set(value) - _SOURCE_KEYS)
    if extra:
        raise PlanError(file, line, f"unknown key {extra[0]!r} in source; keys are date, publisher, title, url")
    missing = sorted(_SOURCE_KEYS - set(value))
    if missing:
        raise PlanError(file, line, f"source lacks {', '.join(missing)}; no update without a source")
    for key in ("title", "publisher"):
        if not isinstance(value[key], str) or not value[key].strip():
            raise PlanError(file, line, f"source {key} must be text")
    source_date = parse_date(value["date"], file, line, "source date")
    if source_date.first_day > latest:
        raise PlanError(file, line, _too_late("source", source_date.text, latest, has_recorded))
    if source_date.first_day < date.first_day and source_date.precision == "day" and date.precision == "day":
        raise PlanError(file, line, "the source is dated before the event it reports")
    return Source(value["title"].strip(), value["publisher"].strip(), value["url"], source_date)
