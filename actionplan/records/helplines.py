"""The helplines the site offers (plan/helplines.toml), each with the page it was checked against.

A phone number shown to someone in danger must be right: every entry carries its `source` (the
page it was checked against), what kind of page that is (`source_kind`: the service's own, or a
GOV.UK/NHS/police page listing it) and the day it was `checked`, and the build stops at the line of
an entry without them, rather than show a number nobody can trace.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

from ..errors import PlanError
from ..reading.source import array_of_tables, key_line, load_toml
from .schema import validate

_KEYS = {"id", "name", "for", "phone", "hours", "url", "contact", "contact_note", "note", "short", "compact"}
_KEYS |= {"source", "source_kind", "source_date", "also_source", "checked"}
_REQUIRED = ("id", "name", "for", "source", "source_kind", "checked")
# What the page in `source` is, and the domains an official kind must be on (the host or a
# subdomain). The service's own page is best; a page of a government (a council's included), the NHS
# or a police force that lists the number is second best.
SOURCE_KINDS = {
    "own": (),
    "government": ("gov.uk", "gov.scot", "gov.wales"),
    "nhs": ("nhs.uk",),
    "police": ("police.uk",),
}
# Digits in groups, as the services print them ("0808 2000 247"); 999 alone.
_PHONE = re.compile(r"[0-9]{3,5}( [0-9]{2,4}){0,3}")
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")

_ONE_LINE = {"type": "string", "format": "line"}
_URL = {"type": "string", "format": "https-url"}
# plan/helplines.toml, checked by the one validator (actionplan/records/schema.py) before anything is read.
SCHEMA = {
    "type": "object",
    "additionalProperties": False,
    "required": ["helpline"],
    "properties": {
        "helpline": {
            "type": "array",
            "minItems": 1,
            "items": {
                "type": "object",
                "additionalProperties": False,
                "required": list(_REQUIRED),
                "properties": {
                    "id": {"type": "string", "format": "slug"},
                    "name": _ONE_LINE,
                    "for": _ONE_LINE,
                    "phone": {"type": "string", "format": "phone"},
                    "hours": _ONE_LINE,
                    "url": _URL,
                    "contact": _URL,
                    "contact_note": _ONE_LINE,
                    "note": _ONE_LINE,
                    "short": _ONE_LINE,
                    "compact": {"type": "boolean"},
                    "source": _URL,
                    "source_kind": {"enum": list(SOURCE_KINDS)},
                    "source_date": {"type": "string", "format": "past-day"},
                    "also_source": _URL,
                    "checked": {"type": "string", "format": "past-day"},
                },
            },
        },
    },
}


@dataclass(frozen=True)
class Helpline:
    id: str
    name: str
    for_whom: str
    source: str
    source_kind: str  # a key of SOURCE_KINDS
    checked: str  # ISO date
    line: int
    phone: str | None = None
    hours: str | None = None
    url: str | None = None
    contact: str | None = None  # the service's own page to phone or chat from, where no number is confirmed
    contact_note: str | None = None
    note: str | None = None
    short: str | None = None
    compact: bool = False
    source_date: str | None = None  # the date the source page shows, where it shows one
    also_source: str | None = None  # a second page read, for what `source` does not show (hours, the note)

    @property
    def tel(self) -> str | None:
        """The number as a tel: URL: its digits only."""
        return "tel:" + self.phone.replace(" ", "") if self.phone else None

    def as_dict(self) -> dict:
        return {
            "id": self.id,
            "name": self.name,
            "for": self.for_whom,
            "phone": self.phone,
            "tel": self.tel,
            "hours": self.hours,
            "url": self.url,
            "contact": self.contact,
            "contact_note": self.contact_note,
            "note": self.note,
            "short": self.short,
            "compact": self.compact,
            "source": self.source,
            "source_kind": self.source_kind,
            "source_date": self.source_date,
            "also_source": self.also_source,
            "checked": self.checked,
        }


def load_helplines(text: str, file: str) -> tuple[Helpline, ...]:
    """The helplines in `text`, in the file's order; a `PlanError` at the line of the first problem."""
    data = load_toml(text, file)
    lines = text.splitlines()
    entries, tables = array_of_tables(data, lines, "helpline", file)
    if not entries:
        raise PlanError(file, 1, "no [[helpline]] entry: the Get help panel needs at least the emergency number")
    ends = [*tables[1:], len(lines) + 1]
    helplines = [_helpline(e, file, lines, s, end) for e, s, end in zip(entries, tables, ends, strict=True)]
    seen: dict[str, int] = {}
    for h in helplines:
        if h.id in seen:
            raise PlanError(file, h.line, f"id {h.id!r} is already used at line {seen[h.id]}")
        seen[h.id] = h.line
    if not any(h.compact for h in helplines):
        raise PlanError(file, 1, "no entry has compact = true: the compact Get help panel would be empty")
    validate(data, SCHEMA, file, text)  # what the checks above do not say more plainly
    return tuple(helplines)


def _helpline(entry: dict, file: str, lines: list[str], start: int, end: int) -> Helpline:
    def at(key: str) -> int:
        return key_line(lines, start, end, key)

    extra = sorted(set(entry) - _KEYS)
    if extra:
        raise PlanError(file, at(extra[0]), f"unknown key {extra[0]!r}; the keys are {', '.join(sorted(_KEYS))}")
    for key in _REQUIRED:
        if not isinstance(entry.get(key), str) or not entry[key].strip():
            why = " (the official page this entry was checked against)" if key == "source" else ""
            why = why or (f" (what the source page is: {', '.join(SOURCE_KINDS)})" if key == "source_kind" else "")
            why = why or (' (the day it was checked, "YYYY-MM-DD")' if key == "checked" else "")
            raise PlanError(file, at(key), f"the helpline lacks {key}{why}")
    for key in ("phone", "hours", "url", "contact", "contact_note", "note", "short", "source_date", "also_source"):
        if key in entry and (not isinstance(entry[key], str) or not entry[key].strip()):
            raise PlanError(file, at(key), f"{key} must be text; leave the key out rather than empty")
    if not entry["source"].startswith("https://") and not entry["source"].startswith("http://"):
        raise PlanError(
            file, at("source"), f"source must be the web address of the page checked, not {entry['source']!r}"
        )
    kind = entry["source_kind"]
    if kind not in SOURCE_KINDS:
        raise PlanError(file, at("source_kind"), f"source_kind must be one of {', '.join(SOURCE_KINDS)}, not {kind!r}")
    host = entry["source"].split("/")[2].lower() if entry["source"].count("/") >= 2 else ""
    if SOURCE_KINDS[kind] and not any(host == d or host.endswith("." + d) for d in SOURCE_KINDS[kind]):
        raise PlanError(
            file, at("source_kind"), f"source_kind {kind!r} but the source is on {host!r}, not a {kind} site"
        )
    for key in ("url", "contact", "also_source"):
        if key in entry and not entry[key].startswith("https://"):
            raise PlanError(file, at(key), f"{key} must be an https address, not {entry[key]!r}")
    if "contact" in entry and "contact_note" not in entry:
        raise PlanError(file, at("contact"), "a contact page needs contact_note: say why no number is given")
    for key in ("checked", "source_date"):
        if key not in entry:
            continue
        if not _DATE.fullmatch(entry[key]):
            raise PlanError(file, at(key), f'{key} must be a day written "2026-12-01", not {entry[key]!r}')
        try:
            datetime.date.fromisoformat(entry[key])
        except ValueError:
            raise PlanError(file, at(key), f"{key} {entry[key]!r} is not a day of the calendar") from None
    if "phone" in entry and not _PHONE.fullmatch(entry["phone"]):
        raise PlanError(
            file,
            at("phone"),
            f'phone must be digits in groups as printed, like "0808 2000 247"; got {entry["phone"]!r}',
        )
    compact = entry.get("compact", False)
    if not isinstance(compact, bool):
        raise PlanError(file, at("compact"), "compact must be true or false")
    if compact and ("phone" not in entry or "short" not in entry):
        raise PlanError(file, at("compact"), "a compact entry needs a phone and the short words shown before it")
    if "phone" not in entry and "contact" not in entry:
        raise PlanError(
            file,
            at("id"),
            "the helpline has neither a phone nor a contact page (its own page to phone or chat from): "
            "someone who needs it must be able to reach it from here",
        )
    return Helpline(
        id=entry["id"],
        name=entry["name"],
        for_whom=entry["for"],
        source=entry["source"],
        source_kind=kind,
        checked=entry["checked"],
        line=start,
        phone=entry.get("phone"),
        hours=entry.get("hours"),
        url=entry.get("url"),
        contact=entry.get("contact"),
        contact_note=entry.get("contact_note"),
        note=entry.get("note"),
        short=entry.get("short"),
        compact=compact,
        source_date=entry.get("source_date"),
        also_source=entry.get("also_source"),
    )
