"""Finds sums of money in an action's text: "£550 million", "£1.5m", "up to £1 million",
"£122,335", with what qualifies them (a lower bound: "more than £300,000"), the period they
cover, the sentence they are in and what kind of sum each is: funding for the action, or a
background figure (a whole budget, or a sum for a year before the plan's period), and which sum of
the same sentence contains it ("by £30 million ..., bringing the total to £160 million").
"tens of millions" is kept as money without a figure. The words that decide are in
plan/wording.toml. Pure and total: any text gives a (possibly empty) tuple, never an error."""

from __future__ import annotations

import re
from dataclasses import replace
from decimal import Decimal
from functools import lru_cache

from ..model import Money, Wording
from ..sentences import sentence_around, sentence_span

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
    context = [re.compile(p, re.I) for p in wording.money_context]
    containing = [re.compile(p, re.I) for p in wording.money_containing]
    return qualifier, periods, unquantified, context, containing


def amount_of(whole: str, fraction: str | None, unit: str | None) -> int:
    """Whole pounds: ("13", "1", "million") is 13,100,000, exactly (no floating point)."""
    value = Decimal(whole.replace(",", "") + "." + (fraction or "0"))
    return int(value * _UNITS.get((unit or "").lower(), 1))


def _period_match(text: str, end: int, periods) -> re.Match | None:
    window = text[end : end + _PERIOD_WINDOW]
    stop = _CLAUSE_END.search(window)
    if stop:
        window = window[: stop.start()]
    found = [m for m in (p.search(window) for p in periods) if m]
    if not found:
        return None
    return min(found, key=lambda m: (m.start(), -len(m.group(0))))


def _sums(text: str, wording: Wording) -> list[tuple[int, int, Money, tuple[int, int] | None]]:
    """(start, end, sum, span of its period words) for every sum, in text order, repeats kept."""
    qualifier, periods, unquantified, _, _ = _compiled(wording)
    found = []

    def period(end: int):
        match = _period_match(text, end, periods)
        return (match.group(0), (end + match.start(), end + match.end())) if match else (None, None)

    for match in _AMOUNT.finditer(text):
        before = qualifier.search(text[max(0, match.start() - 20) : match.start()]) if qualifier else None
        words, span = period(match.end())
        money = Money(
            amount=amount_of(match.group("whole"), match.group("fraction"), match.group("unit")),
            text=match.group(0),
            period=words,
            qualifier=before.group(1).lower() if before else None,
        )
        found.append((match.start(), match.end(), money, span))
    if unquantified:
        for match in unquantified.finditer(text):
            words, span = period(match.end())
            found.append((match.start(), match.end(), Money(None, match.group(0), words), span))
    found.sort(key=lambda item: item[0])
    return found


@lru_cache(maxsize=4096)  # pure: the tests run the generator many times on the same texts
def money_periods(text: str, wording: Wording | None = None) -> tuple[tuple[int, int], ...]:
    """The spans of `text` that give the period of a sum ("in 25/26" after "£15.6 billion"), so
    that the dates in them are read as the money's period, not as deadlines."""
    return tuple(span for _, _, _, span in _sums(text, wording or Wording()) if span)


@lru_cache(maxsize=4096)  # pure: the tests run the generator many times on the same texts
def find_money(text: str, wording: Wording | None = None) -> tuple[Money, ...]:
    """Every distinct sum in `text`, in the order the text gives them, each with its kind, the sum
    containing it (`part_of`, an index into the result) and its sentence. Without `wording` (the
    rules of plan/wording.toml) amounts are found but no qualifier, period, unquantified sum, or
    background figure."""
    wording = wording or Wording()
    _, _, _, context, containing = _compiled(wording)
    lower_bounds = {q.lower() for q in wording.money_lower_bounds}
    kept: list[tuple[int, int, Money]] = []
    seen = set()
    for start, end, money, _ in _sums(text, wording):
        if money not in seen:  # a sum said twice in the same words is one sum
            seen.add(money)
            kept.append((start, end, money))
    result = []
    for index, (start, end, money) in enumerate(kept):
        sentence = sentence_around(text, start, end)
        rest = text[end : sentence_span(text, start, end)[1]]
        rest = rest[: rest.index("£")] if "£" in rest else rest
        whole_budget = any(p.search(rest) for p in context)
        kind = "context" if whole_budget else "funding"
        part_of = None
        if index + 1 < len(kept):
            next_start = kept[index + 1][0]
            between = text[end:next_start]
            if sentence_around(text, next_start) == sentence and any(p.search(between) for p in containing):
                part_of = index + 1
        result.append(
            replace(
                money,
                kind=kind,
                part_of=part_of,
                evidence=sentence,
                lower_bound=(money.qualifier or "") in lower_bounds,
                context_basis="whole-budget" if whole_budget else None,
            )
        )
    # A total that contains a sum of a given period is the total for that period.
    for money in list(result):
        if money.part_of is not None and money.period and result[money.part_of].period is None:
            result[money.part_of] = replace(result[money.part_of], period=money.period)
    # A sum for a time before the plan's period (25a's "£160 million" in 2025-26, the year the plan
    # was published in) is a baseline, not money of this plan: context.
    if wording.plan_period_starts:
        starts = tuple(int(part) for part in wording.plan_period_starts.split("-"))
        result = [
            replace(m, kind="context", context_basis="before-period")
            if m.kind == "funding" and (ends := period_ends(m.period)) is not None and ends < starts
            else m
            for m in result
        ]
    return tuple(result)


# A financial year ("2025-26", "25/26", "financial year 2025/26") or a calendar year ("in 2025").
_FINANCIAL_YEAR = re.compile(r"(?<!\d)(?:20)?(\d\d)\s?[-/–]\s?(?:20)?(\d\d)(?!\d)")
_YEAR = re.compile(r"(?<!\d)(20\d\d)(?!\d)")


def period_ends(period: str | None) -> tuple[int, int] | None:
    """The last (year, month) the period words of a sum name, where they name a year: "in 2025-26"
    ends in March 2026, "in 2025" in December 2025; None for "over the next three years"."""
    if not period:
        return None
    fy = _FINANCIAL_YEAR.search(period)
    if fy and int(fy.group(2)) == int(fy.group(1)) + 1:
        return 2000 + int(fy.group(2)), 3
    year = _YEAR.search(period)
    if year and not re.search(r"\bto\b", period):  # "over two years to March 2027" ends later
        return int(year.group(1)), 12
    return None
