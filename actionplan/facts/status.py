"""Proposes where an action stood when the plan was published (done, under way or promised), by
the plan's own account, with the sentence that shows it (plan/wording.toml's [standing]).

These rules only propose: a reviewer's entry in plan/standings.toml decides (review.py), and the
generated docs/standings.md lists every action where the two disagree.
"""

from __future__ import annotations

import re
from functools import lru_cache

from ..model import Standing, Wording
from ..records.standings import DONE, PROMISED, UNDER_WAY
from ..sentences import sentence_at, sentence_spans

# Why the rules propose what they propose, said to a reader where no reviewer's reason exists yet.
RULE_REASONS = {
    DONE: "The action's text opens in the past tense: the plan reports it done.",
    UNDER_WAY: "The plan's words report part of it delivered, running or begun, or it continues existing work.",
    PROMISED: "The plan words the action as a promise and reports no progress on it.",
}


def _alternation(words) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


@lru_cache(maxsize=8)
def _rules(wording: Wording) -> tuple[re.Pattern | None, re.Pattern | None, re.Pattern | None]:
    openings = re.compile(f"(?:{_alternation(wording.done_openings)})(?!\\w)") if wording.done_openings else None
    # "The Office for Students introduced ...": a named subject, then the past-tense verb.
    subject = r"(?:The\s+|Our\s+)?[A-Z][\w'’-]*(?:\s+(?:[A-Z][\w'’-]*|of|for|and|the|on|in))*"
    verbs = re.compile(subject + f"\\s+(?:{_alternation(wording.done_verbs)})(?!\\w)") if wording.done_verbs else None
    # The under-way words are regular expressions (plan/wording.toml), matched as whole words.
    under_way = (
        re.compile("(?<!\\w)(?:" + "|".join(f"(?:{p})" for p in wording.under_way) + ")(?!\\w)", re.I)
        if wording.under_way
        else None
    )
    return openings, verbs, under_way


@lru_cache(maxsize=4096)  # pure: the tests run the generator many times on the same texts
def find_standing(text: str, wording: Wording) -> Standing:
    """Done when the action opens in the past tense (its first sentence is the evidence); under
    way when, worded as a promise, it reports progress of its own or continues existing work
    ("We have delivered ...", "Continue to fund ...", "began in July 2025"); else promised,
    resting on its first sentence, the promise as the plan words it."""
    openings, verbs, under_way = _rules(wording)
    spans = sentence_spans(text, within_acronyms=True)
    start = len(text) - len(text.lstrip(" *_\"'"))
    opening = text[start:]
    if (openings and openings.match(opening)) or (verbs and verbs.match(opening)):
        return Standing(DONE, sentence_at(text, start, spans), RULE_REASONS[DONE])
    found = under_way.search(text) if under_way else None
    if found:
        return Standing(UNDER_WAY, sentence_at(text, found.start(), spans), RULE_REASONS[UNDER_WAY])
    return Standing(PROMISED, sentence_at(text, start, spans), RULE_REASONS[PROMISED])
