"""Finds how far an action had got when the plan was published: done, partly done or not done,
by the plan's own account, with the sentence that shows it (plan/wording.toml's [status])."""

from __future__ import annotations

import re
from functools import lru_cache

from .facts_names import sentence_at
from .model import Status, Wording


def _alternation(words) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


@lru_cache(maxsize=8)
def _rules(wording: Wording) -> tuple[re.Pattern | None, re.Pattern | None, re.Pattern | None]:
    openings = re.compile(f"(?:{_alternation(wording.done_openings)})(?!\\w)") if wording.done_openings else None
    # "The Office for Students introduced ...": a named subject, then the past-tense verb.
    subject = r"(?:The\s+|Our\s+)?[A-Z][\w'’-]*(?:\s+(?:[A-Z][\w'’-]*|of|for|and|the|on|in))*"
    verbs = re.compile(subject + f"\\s+(?:{_alternation(wording.done_verbs)})(?!\\w)") if wording.done_verbs else None
    partly = (
        re.compile(f"(?<!\\w)(?:{_alternation(wording.partly_done)})(?!\\w)", re.I) if wording.partly_done else None
    )
    return openings, verbs, partly


def find_status(text: str, wording: Wording) -> Status:
    """Done when the action opens in the past tense (its first sentence is the evidence); partly
    done when, worded as a promise, it says part is done already ("We have delivered ..."); else
    not done, resting on its first sentence, the promise as the plan words it."""
    openings, verbs, partly = _rules(wording)
    start = len(text) - len(text.lstrip(" *_\"'"))
    opening = text[start:]
    if (openings and openings.match(opening)) or (verbs and verbs.match(opening)):
        return Status("done", sentence_at(text, start))
    found = partly.search(text) if partly else None
    if found:
        return Status("partly-done", sentence_at(text, found.start()))
    return Status("not-done", sentence_at(text, start))
