"""Where the plan's sentences end: the one splitter behind a summary's first sentence, the sentence
a fact was found in (its evidence) and the sentences the grammar of roles reads."""

from __future__ import annotations

import re

# A sentence ends at ".", "!" or "?" followed by space and a capital, a bracket, a quote or a sum;
# at a paragraph break; or at a colon closing a line (the lead-in "This includes:" before a list).
# "e.g. the", "£1.5m" and an initial ("J. Smith") do not end one, an acronym ("... chaired by
# Professor Becky Francis CBE. The Review") does.
# The mark comes first and the lookbehinds check it with the character(s) before it: a pattern that
# opens with a lookbehind is tried at every position of a text, one that opens with [.!?] only at
# a mark (four times faster, the same matches).
_MARK = r"[.!?]"
_AFTER_WORD = r"(?<=[a-z0-9)’'\"”%][.!?])"
_AFTER_ACRONYM = r"(?<=[A-Z]{2}[.!?])"
_NEXT = r"(?=\s+[A-Z(“\"'‘£])"
_BREAKS = r":\s*\n|\n\s*\n"
_END = re.compile(rf"{_MARK}(?:{_AFTER_WORD}|{_AFTER_ACRONYM}){_NEXT}|{_BREAKS}")
# The same without the acronym: the reading of roles and standings was written and scored against
# sentences that run on past "... on VAWG. This includes"; ending them there changes the evidence
# of five organisations (21h, 29d, 33g) and the rules' standing sentence of eleven actions. That is
# a decision about the facts, not about this module: `within_acronyms=True` keeps the published
# reading until it is taken.
_END_NOT_AT_ACRONYM = re.compile(rf"{_MARK}{_AFTER_WORD}{_NEXT}|{_BREAKS}")


def _stop(found: re.Match) -> int:
    """Where the sentence closed by a break ends: after its mark, before a colon or blank lines."""
    return found.end() if found.group(0) in ".?!" else found.start()


def sentence_spans(text: str, within_acronyms: bool = False) -> list[tuple[int, int]]:
    """(start, end) of each sentence of `text`, its closing mark included (a lead-in's colon and
    the space around a sentence are not); `within_acronyms`: a full stop after an acronym ends none."""
    spans, start = [], 0
    for found in (_END_NOT_AT_ACRONYM if within_acronyms else _END).finditer(text):
        spans.append((start, _stop(found)))
        start = found.end()
    spans.append((start, len(text)))
    return [(s + len(text[s:e]) - len(text[s:e].lstrip()), e) for s, e in spans if text[s:e].strip()]


def first_sentence(text: str) -> str:
    """`text` up to the end of its first sentence (all of it when there is one sentence)."""
    found = _END.search(text)
    return text[: _stop(found)] if found else text


def sentence_span(text: str, start: int, end: int | None = None) -> tuple[int, int]:
    """(begin, end) of the whole sentence of `text` holding text[start:end]."""
    end = start if end is None else end
    begin = 0
    for found in _END.finditer(text):
        if found.end() <= start:
            begin = found.end()
        elif found.start() >= end:
            return begin, _stop(found)
    return begin, len(text)


def sentence_around(text: str, start: int, end: int | None = None) -> str:
    """The whole sentence of `text` holding text[start:end], with its spacing made single."""
    begin, stop = sentence_span(text, start, end)
    return " ".join(text[begin:stop].split())


def sentence_at(text: str, position: int, spans: list[tuple[int, int]] | None = None) -> str:
    """The sentence of `text` that holds `position` (the next one, when it falls between two), in
    its own words with spacing made single."""
    for start, end in spans or sentence_spans(text):
        if start <= position < end or position < start:
            return " ".join(text[start:end].split())
    return " ".join(text.split())
