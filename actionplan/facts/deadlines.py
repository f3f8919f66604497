"""Finds the dates an action gives, normalises them and says what kind each is: a deadline ("by
Spring 2026", "within three years"), a date it is due in ("in 2026/27", "this year"), a start
("from April 2026"), a period a sum or a strategy covers ("in 25/26" of money, "2025–2030", "to
March 2027"), an event already past when the plan was published ("in November 2025") or a
forecast ("an expectation that ... by 2028/2029"); and what each dates: the action as a whole, one
of its sub-items, something it builds on ("background") or the period of a sum ("money").

Dates relative to the publication ("within three years", "this summer") and the words that decide
what a date dates come from plan/wording.toml. Pure and total: any text gives a (possibly empty)
tuple, never an error."""

from __future__ import annotations

import re
from dataclasses import replace
from functools import lru_cache

from ..model import SUBITEM_OF, Action, Deadline, RelativeDate, Wording
from ..sentences import sentence_around

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
# The word before a date says how it binds: "by" a deadline, "from" a start, "for" and "to" a span.
_KINDS = {
    "by": "by",
    "before": "by",
    "within": "by",
    "from": "from",
    "starting in": "from",
    "starting": "from",
    "since": "from",
    "in": "in",
    "on": "in",
    "during": "in",
    "for": "period",
    "until": "period",
    "to": "period",
}
_BINDING = r"(?:(?P<kind>starting in|starting|by|before|within|from|since|in|on|during|for|until|to)\s+)?"

_DATE = re.compile(
    r"(?<![\w£])"
    + _BINDING
    + r"(?:(?P<end>the\s+end\s+of)\s+(?:(?:this|the)\s+parliament\s+in\s+)?)?"
    r"(?:(?:early|late|mid-?)\s*)?"
    r"(?:"
    r"(?:(?:the\s+)?financial\s+year\s+)?(?P<fy1>20\d\d|\d\d)\s?[/–-]\s?(?P<fy2>20\d\d|\d\d)(?![\d/–-])"
    r"|(?P<season>spring|summer|autumn|winter)\s+(?P<season_year>20\d\d)"
    r"|(?:(?P<day>[0-3]?\d)(?:st|nd|rd|th)?\s+)?(?P<month>" + "|".join(MONTHS) + r")\s+(?P<month_year>20\d\d)"
    r"|(?P<year>20\d\d)"
    r")(?![\w/–-])",
    re.I,
)
_SEASON_LAST_MONTH = {"spring": 5, "summer": 8, "autumn": 11, "winter": 12}


# Every date _DATE finds has its year in figures: a text without a digit is not scanned at all.
_DIGIT = re.compile(r"\d")


@lru_cache(maxsize=8)
def _relative(rules: tuple[RelativeDate, ...]):
    """(rule, its words alone, its whole pattern) for each rule. Any match of the whole pattern
    holds a match of the words alone, which is found far faster (the whole pattern tries its
    optional binding word at every position of the text): a text without the words is not
    scanned with the whole pattern."""
    return tuple(
        (
            rule,
            re.compile(r"(?:" + rule.words + r")(?!\w)", re.I),
            re.compile(r"(?<![\w£])" + _BINDING + r"(?:" + rule.words + r")(?!\w)", re.I),
        )
        for rule in rules
    )


@lru_cache(maxsize=8)
def _past_words(verbs: tuple[str, ...]) -> re.Pattern:
    return re.compile(r"(?<!\w)(?:" + "|".join(re.escape(v) for v in verbs) + r")\s*\Z", re.I)


@lru_cache(maxsize=8)
def _any_of(patterns: tuple[str, ...]) -> re.Pattern | None:
    return re.compile(r"(?<!\w)(?:" + "|".join(patterns) + r")(?!\w)", re.I) if patterns else None


def _financial_year(first: str, second: str) -> tuple[int, str] | None:
    """(starting year, "2026/27") when the two numbers are consecutive years, else None."""
    start = int(first) + (2000 if len(first) == 2 else 0)
    end = int(second) + (2000 if len(second) == 2 else 0)
    if end != start + 1:
        return None
    return start, f"{start}/{end % 100:02d}"


def _words(match: re.Match) -> str:
    return re.sub(r"\s+", " ", match.group(0))


def _absolute(match: re.Match) -> Deadline | None:
    """The date a match of _DATE names, its kind from its binding word only."""
    kind_word = (match.group("kind") or "").lower()
    kind = _KINDS.get(kind_word, "in")
    end_of = bool(match.group("end"))
    text = _words(match)
    if match.group("fy1"):
        first, second = match.group("fy1"), match.group("fy2")
        fy = _financial_year(first, second)
        if fy is None:
            if len(first) == 4 and len(second) == 4 and int(first) < int(second):
                return Deadline("period", int(first), text=text)  # "2025–2030": a span of years
            return None  # "5–11" is an age range
        if len(first) == 2 and not kind_word:
            return None  # "24/7"; "25/26" counts only after "in", "by", ...
        return Deadline(kind, fy[0], financial_year=fy[1], end_of=end_of, text=text)
    if match.group("season"):
        season = match.group("season").lower()
        return Deadline(kind, int(match.group("season_year")), season=season, end_of=end_of, text=text)
    if match.group("month"):
        month = MONTHS.index(match.group("month").lower()) + 1
        return Deadline(kind, int(match.group("month_year")), month=month, end_of=end_of, text=text)
    if not kind_word:
        return None  # a bare year is a name's ("Online Safety Act 2023") more often than a date
    return Deadline(kind, int(match.group("year")), end_of=end_of, text=text)


def _from_rule(match: re.Match, rule: RelativeDate, published: tuple[int, int]) -> Deadline:
    kind_word = (match.group("kind") or "").lower()
    kind = _KINDS.get(kind_word, rule.kind) if kind_word else rule.kind
    if rule.year is not None:
        return Deadline(kind, rule.year, end_of=rule.end_of, text=_words(match))
    year = published[0] + rule.years_after
    month = published[1] if rule.years_after and not rule.season else None
    return Deadline(kind, year, month=month, season=rule.season, end_of=rule.end_of, text=_words(match))


def _last_month(deadline: Deadline) -> tuple[int, int]:
    """The last (year, month) the date's words cover."""
    if deadline.financial_year:
        return deadline.year + 1, 3
    if deadline.month:
        return deadline.year, deadline.month
    if deadline.season:
        return deadline.year, _SEASON_LAST_MONTH[deadline.season]
    return deadline.year, 12


def _kind(deadline: Deadline, before: str, published, money_periods, start: int, past_words) -> str:
    """A date inside the period of a sum is that period; a date over before the plan was published
    is past, and so is one of the publication's own month after "published", "launched" ... (a
    start stays a start: "from 2025" is ongoing); else the binding word's kind."""
    if any(begin <= start < end for begin, end in money_periods):
        return "period"
    if published and deadline.kind in ("by", "in"):
        last = _last_month(deadline)
        if last < published or (last == published and past_words and past_words.search(before)):
            return "past"
    return deadline.kind


def _of(kind: str, binding: str, start: int, text: str, money_periods, wording: Wording | None) -> str:
    """What a date dates, from its kind and the words around it (plan/wording.toml, [dates]): the
    period of a sum is the money's; a past date just after "published", "launched" ... dates
    something else (the strategy, the review), and a start the plan gives with "since" is what has
    run since then: both background; else the action's."""
    if any(begin <= start < stop for begin, stop in money_periods):
        return "money"
    if wording is None or kind not in ("past", "from"):
        return "action"
    if kind == "from":
        return "background" if binding == "since" else "action"
    before = text[max(0, start - 30) : start]
    if wording.background_verbs and _past_words(wording.background_verbs).search(before):
        return "background"
    return "action"


def _forecast(text: str, start: int, wording: Wording | None) -> bool:
    """A date that closes an expected outcome ("an expectation that ... will access treatment by
    2028/2029"): the forecast words come before it in its sentence."""
    words = _any_of(wording.forecast_words) if wording else None
    if not words:
        return False
    sentence_start = text.rfind(". ", 0, start) + 1
    return bool(words.search(text[sentence_start:start]))


@lru_cache(maxsize=4096)  # pure: the tests run the generator many times on the same texts
def find_deadlines(
    text: str,
    published: tuple[int, int] | None = None,
    wording: Wording | None = None,
    money_periods: tuple[tuple[int, int], ...] = (),
) -> tuple[Deadline, ...]:
    """Every distinct date in `text`, in text order, each with its kind, what it dates and its
    sentence. With `published` (year, month) dates before it are "past" and relative dates are
    resolved; with `wording`, relative dates ("within three years") are found and each date is
    tied to what it dates; `money_periods` are the spans of text that give the period of a sum of
    money."""
    found: list[tuple[int, int, Deadline, str]] = []
    for match in _DATE.finditer(text) if _DIGIT.search(text) else ():
        deadline = _absolute(match)
        if deadline is not None:
            found.append((match.start(), match.end(), deadline, (match.group("kind") or "").lower()))
    if published and wording:
        taken = [(s, e) for s, e, _, _ in found]
        for rule, words, pattern in _relative(wording.relative_dates):
            for match in pattern.finditer(text) if words.search(text) else ():
                if not any(s < match.end() and match.start() < e for s, e in taken):
                    binding = (match.group("kind") or "").lower()
                    found.append((match.start(), match.end(), _from_rule(match, rule, published), binding))
        found.sort(key=lambda item: item[0])
    past_words = _past_words(wording.past_verbs) if wording and wording.past_verbs else None
    dates = []
    seen = set()
    for start, end, deadline, binding in found:
        kind = _kind(deadline, text[max(0, start - 30) : start], published, money_periods, start, past_words)
        if kind in ("by", "in") and _forecast(text, start, wording):
            kind = "forecast"
        of = _of(kind, binding, start, text, money_periods, wording)
        key = (kind, of, deadline.year, deadline.month, deadline.season, deadline.financial_year, deadline.end_of)
        if key in seen:
            continue
        seen.add(key)
        dates.append(
            Deadline(
                kind,
                deadline.year,
                deadline.month,
                deadline.season,
                deadline.financial_year,
                deadline.end_of,
                deadline.text,
                sentence_around(text, start, end),
                of,
            )
        )
    return tuple(dates)


def action_dates(
    action: Action,
    published: tuple[int, int] | None,
    wording: Wording | None,
    money_periods_of,
) -> tuple[Deadline, ...]:
    """The dates of one action, each tied to what it dates. The running text is read as one, then
    each sub-item on its own: a date in a sub-item's text is that sub-item's ("Deliver training
    ... by April 2028" is 12e's sub-item i's), unless it dates money or background there too. An
    action that opens with a word of `continuing_openings` ("Continue ...") carries on work begun
    before the plan: a past date of its own is what it builds on. `money_periods_of(text)` gives
    the spans of a text that are the periods of its sums."""
    parts = [("\n\n".join(action.paragraphs), "action")]
    parts += [(s.text, SUBITEM_OF + s.numeral) for s in action.subitems]
    continuing = bool(
        wording
        and wording.continuing_openings
        and re.match(r"(?:" + "|".join(re.escape(w) for w in wording.continuing_openings) + r")\b", action.text)
    )
    dates: list[Deadline] = []
    for text, owner in parts:
        for d in find_deadlines(text, published, wording, money_periods_of(text)):
            of = d.of
            if of == "action":
                of = "background" if continuing and d.kind == "past" else owner
            dates.append(replace(d, of=of))
    return tuple(dates)


def month_year(date: str) -> tuple[int, int] | None:
    """(2025, 12) for "December 2025", the way the plan's cover gives its date."""
    match = re.search(r"(?P<month>" + "|".join(MONTHS) + r")\s+(?P<year>\d{4})", date, re.I)
    if not match:
        return None
    return int(match.group("year")), MONTHS.index(match.group("month").lower()) + 1
