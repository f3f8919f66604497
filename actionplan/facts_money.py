"""Finds sums of money in an action's text: "£550 million", "£1.5m", "up to £1 million",
"£122,335", with what qualifies them and the period they cover; "tens of millions" is kept as
money without a figure. Pure and total: any text gives a (possibly empty) tuple, never an error."""

from __future__ import annotations

import re
from decimal import Decimal
from functools import lru_cache

from .model import Money, Wording

# Digit runs are bounded so that no text can make int() work on thousands of digits.
_AMOUNT = re.compile(
    r"£\s?(?P<whole>\d{1,3}(?:,\d{3}){1,4}|\d{1,12})(?:\.(?P<fraction>\d{1,6}))?"
    r"(?:\s?(?P<unit>million|billion|thousand|bn|m|k)(?![A-Za-z]))?"
)
_UNITS = {
    "thousand": 1_000,
    "k": 1_000,
    "million": 1_000_000,
    "m": 1_000_000,
    "billion": 1_000_000_000,
    "bn": 1_000_000_000,
}
# The period of a sum is told in the same clause, soon after it.
_PERIOD_WINDOW = 60
_CLAUSE_END = re.compile(r"[.;,:](?:\s|$)|£")


@lru_cache(maxsize=8)
def _compiled(wording: Wording):
    qualifiers = sorted(wording.money_qualifiers, key=len, reverse=True)
    qualifier = (
        re.compile(r"(?:^|(?<=\W))(" + "|".join(re.escape(q) for q in qualifiers) + r")\s+\Z", re.I)
        if qualifiers
        else None
    )
    periods = [re.compile(r"(?<!\w)(?:" + p + r")(?!\w)", re.I) for p in wording.money_periods]
    unquantified = (
        re.compile(r"(?<!\w)(?:" + "|".join(re.escape(u) for u in wording.money_unquantified) + r")(?!\w)", re.I)
        if wording.money_unquantified
        else None
    )
    return qualifier, periods, unquantified


def amount_of(whole: str, fraction: str | None, unit: str | None) -> int:
    """Whole pounds: ("13", "1", "million") is 13,100,000, exactly (no floating point)."""
    value = Decimal(whole.replace(",", "") + "." + (fraction or "0"))
    return int(value * _UNITS.get((unit or "").lower(), 1))


def _period(text: str, end: int, periods) -> str | None:
    window = text[end : end + _PERIOD_WINDOW]
    stop = _CLAUSE_END.search(window)
    if stop:
        window = window[: stop.start()]
    found = [m for m in (p.search(window) for p in periods) if m]
    if not found:
        return None
    return min(found, key=lambda m: (m.start(), -len(m.group(0)))).group(0)


def find_money(text: str, wording: Wording | None = None) -> tuple[Money, ...]:
    """Every distinct sum in `text`, in the order the text gives them. Without `wording` (the
    rules of plan/wording.toml) amounts are found but no qualifier, period or unquantified sum."""
    qualifier, periods, unquantified = _compiled(wording or Wording())
    found: list[tuple[int, Money]] = []
    for match in _AMOUNT.finditer(text):
        before = qualifier.search(text[max(0, match.start() - 20) : match.start()]) if qualifier else None
        money = Money(
            amount=amount_of(match.group("whole"), match.group("fraction"), match.group("unit")),
            text=match.group(0),
            period=_period(text, match.end(), periods),
            qualifier=before.group(1).lower() if before else None,
        )
        found.append((match.start(), money))
    if unquantified:
        for match in unquantified.finditer(text):
            found.append((match.start(), Money(None, match.group(0), _period(text, match.end(), periods))))
    found.sort(key=lambda pair: pair[0])
    return tuple(dict.fromkeys(money for _, money in found))
