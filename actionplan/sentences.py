"""The sentence a fact was found in: the words a reader checks the fact against (its evidence)."""

from __future__ import annotations

import re

# A sentence ends at ".", "!" or "?" followed by space and a capital, a bracket or a quote, or at
# a paragraph break; "e.g. the", "£1.5m" and an initial ("J. Smith") do not end one, an acronym
# ("... chaired by Professor Becky Francis CBE. The Review") does.
_END = re.compile(r"(?:(?<=[a-z0-9)’'\"”%])|(?<=[A-Z]{2}))[.!?](?=\s+[A-Z(“\"'‘£])|\n\s*\n")


def sentence_span(text: str, start: int, end: int | None = None) -> tuple[int, int]:
    """(begin, end) of the whole sentence of `text` holding text[start:end]."""
    end = start if end is None else end
    begin = 0
    for match in _END.finditer(text):
        if match.end() <= start:
            begin = match.end()
        elif match.start() >= end:
            return begin, match.end()
    return begin, len(text)


def sentence_around(text: str, start: int, end: int | None = None) -> str:
    """The whole sentence of `text` holding text[start:end], with its spacing made single."""
    begin, stop = sentence_span(text, start, end)
    return " ".join(text[begin:stop].split())
