"""Finds the dates an action commits to and normalises them: "by Spring 2026", "from April 2026",
"by the end of 2026", "in financial year 2026/27", "by June 2028", "by 2029", "2025/26".

Dates that were already past when the plan was published ("launched in August 2025") are history,
not deadlines, and are left out when the publication date is given. Pure and total: any text gives
a (possibly empty) tuple, never an error."""

from __future__ import annotations

import re

from .model import Deadline

MONTHS = (
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
)
SEASONS = ("spring", "summer", "autumn", "winter")

# The word before a date says how it binds: "by" is a deadline, "from" a start, "to" an end.
_KINDS = {
    "by": "by",
    "before": "by",
    "from": "from",
    "starting in": "from",
    "starting": "from",
    "since": "from",
    "in": "in",
    "on": "in",
    "during": "during",
    "for": "during",
    "until": "until",
    "to": "until",
}

_DATE = re.compile(
    r"(?<![\w£])"
    r"(?:(?P<kind>starting in|starting|by|before|from|since|in|on|during|for|until|to)\s+)?"
    r"(?:(?P<end>the\s+end\s+of)\s+(?:(?:this|the)\s+parliament\s+in\s+)?)?"
    r"(?:(?:early|late|mid-?)\s*)?"
    r"(?:"
    r"(?:(?:the\s+)?financial\s+year\s+)?(?P<fy1>20\d\d|\d\d)\s?[/–-]\s?(?P<fy2>20\d\d|\d\d)(?![\d/–-])"
    r"|(?P<season>spring|summer|autumn|winter)\s+(?P<season_year>20\d\d)"
    r"|(?:(?P<day>[0-3]?\d)(?:st|nd|rd|th)?\s+)?(?P<month>" + "|".join(MONTHS) + r")\s+(?P<month_year>20\d\d)"
    r"|(?P<year>20\d\d)"
    r")(?![\w/–-])",
    re.I,
)


def _financial_year(first: str, second: str) -> tuple[int, str] | None:
    """(starting year, "2026/27") when the two numbers are consecutive years, else None."""
    start = int(first) + (2000 if len(first) == 2 else 0)
    end = int(second) + (2000 if len(second) == 2 else 0)
    if end != start + 1:
        return None
    return start, f"{start}/{end % 100:02d}"


def _deadline(match: re.Match) -> Deadline | None:
    kind_word = (match.group("kind") or "").lower()
    kind = _KINDS.get(kind_word, "in")
    end_of = bool(match.group("end"))
    text = re.sub(r"\s+", " ", match.group(0))
    if match.group("fy1"):
        fy = _financial_year(match.group("fy1"), match.group("fy2"))
        if fy is None or (len(match.group("fy1")) == 2 and not kind_word):
            return None  # "5–11" is an age range; "25/26" counts only after "in", "by", ...
        return Deadline(kind, fy[0], financial_year=fy[1], end_of=end_of, text=text)
    if match.group("season"):
        return Deadline(
            kind, int(match.group("season_year")), season=match.group("season").lower(), end_of=end_of, text=text
        )
    if match.group("month"):
        return Deadline(
            kind,
            int(match.group("month_year")),
            month=MONTHS.index(match.group("month").lower()) + 1,
            end_of=end_of,
            text=text,
        )
    if not kind_word:
        return None  # a bare year is a name's ("Online Safety Act 2023") more often than a date
    return Deadline(kind, int(match.group("year")), end_of=end_of, text=text)


def _last_month(deadline: Deadline) -> tuple[int, int]:
    """The last (year, month) the deadline's words cover."""
    if deadline.financial_year:
        return deadline.year + 1, 3
    if deadline.month:
        return deadline.year, deadline.month
    if deadline.season:
        return deadline.year, {"spring": 5, "summer": 8, "autumn": 11, "winter": 12}[deadline.season]
    return deadline.year, 12


def _still_ahead(deadline: Deadline, published: tuple[int, int]) -> bool:
    if deadline.kind == "from":
        # "from 2025" in a December 2025 plan is an ongoing commitment, not history.
        return _last_month(deadline) >= published
    return _last_month(deadline) > published


def find_deadlines(text: str, published: tuple[int, int] | None = None) -> tuple[Deadline, ...]:
    """Every distinct date in `text`, in text order; with `published` (year, month), only those
    not already past when the plan was published."""
    found = []
    seen = set()
    for match in _DATE.finditer(text):
        deadline = _deadline(match)
        if deadline is None or (published and not _still_ahead(deadline, published)):
            continue
        key = (deadline.kind, deadline.year, deadline.month, deadline.season, deadline.financial_year, deadline.end_of)
        if key not in seen:
            seen.add(key)
            found.append(deadline)
    return tuple(found)


def month_year(date: str) -> tuple[int, int] | None:
    """(2025, 12) for "December 2025", the way the plan's cover gives its date."""
    match = re.search(r"(?P<month>" + "|".join(MONTHS) + r")\s+(?P<year>\d{4})", date, re.I)
    if not match:
        return None
    return int(match.group("year")), MONTHS.index(match.group("month").lower()) + 1
