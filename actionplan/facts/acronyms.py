"""Harvests the plan's own acronym definitions, "Long Name (ACR)", for the glossary.

The long name is found by walking back from the brackets and matching the acronym's letters to the
words' first letters; small words ("and", "of", "for", "the") may be skipped or may give a letter
(MATAC is "Multi-Agency Tasking and Coordination"). When the words do not fit the letters, the
brackets are not a definition and are left alone.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

_DEFINITION = re.compile(r"\((?P<short>[A-Z][A-Z+]*[A-Z])(?P<plural>s?)\)")
# A word, with its "'s" if it has one ("Forced Marriage Unit's (FMU)").
_WORD = re.compile(r"[A-Za-z0-9]+(?:['’][a-z]+)?")
_SMALL = frozenset({"a", "an", "and", "at", "for", "in", "of", "on", "the", "to", "with"})
# How far back a long name may start: the longest in the plan has nine words.
_LOOKBACK = 160


def _fit(letters: str, words: list[str]) -> int | None:
    """Index of the word the long name starts at, matching `letters` to the last words."""

    def walk(letter: int, word: int) -> int | None:
        if letter < 0:
            return word + 1
        if word < 0:
            return None
        text = words[word]
        if text[0].lower() == letters[letter].lower():
            start = walk(letter - 1, word - 1)
            if start is not None and words[start].lower() not in _SMALL:
                return start
        if text.lower() in _SMALL:
            return walk(letter, word - 1)
        return None

    return walk(len(letters) - 1, len(words) - 1)


def _expansion(segment: str, words: list[re.Match], start: int, plural: bool) -> str:
    begin = words[start].start()
    # Keep an opening quote that belongs to the name: "'honour'-based abuse".
    if begin > 0 and segment[begin - 1] in "'‘\"“":
        begin -= 1
    text = segment[begin:].rstrip()
    if text.endswith(("'s", "’s")):
        text = text[:-2]
    if plural and text.endswith("s") and not text.endswith("ss"):
        text = text[:-1]
    return text


def harvest_definitions(texts: Iterable[str]) -> dict[str, str]:
    """{acronym: long name} for every "Long Name (ACR)" in the texts; the first definition wins."""
    found: dict[str, str] = {}
    for text in texts:
        for match in _DEFINITION.finditer(text):
            short = match.group("short")
            if short in found:
                continue
            segment = text[max(0, match.start() - _LOOKBACK) : match.start()]
            # A definition's long name ends just before the bracket, in the same sentence.
            segment = re.split(r"[.;:!?]\s", segment)[-1]
            words = list(_WORD.finditer(segment))
            start = _fit(short.replace("+", ""), [w.group(0) for w in words])
            if start is not None and not segment[words[-1].end() :].strip():
                found[short] = _expansion(segment, words, start, bool(match.group("plural")))
    return found
