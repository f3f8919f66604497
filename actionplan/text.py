"""Small text helpers shared by the writer: titles, summaries, slugs and Markdown escaping."""

from __future__ import annotations

import re

from .sentences import first_sentence

TITLE_LIMIT = 90
SUMMARY_LIMIT = 200

# Words a cut title should not end on: the title would read as broken.
_WEAK_ENDINGS = {
    "a", "an", "the", "and", "or", "of", "to", "for", "in", "on", "with", "by", "at", "from",
    "as", "that", "this", "their", "its", "our", "into", "across", "including", "such",
}


def cut_at_word(text: str, limit: int) -> str:
    """Cut at a word boundary within `limit` characters, never mid-word, marking the cut with '…'."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    words = text[: limit + 1].split(" ")[:-1]
    while len(words) > 1 and words[-1].lower().strip(",;:") in _WEAK_ENDINGS:
        words.pop()
    return " ".join(words).rstrip(",;:–-— ") + "…"


def summary_from_text(text: str, limit: int = SUMMARY_LIMIT) -> str:
    return cut_at_word(first_sentence(" ".join(text.split())), limit)


# Python-Markdown escapes these with a backslash; "<" and "&" become entities instead. Braces
# because attr_list reads "{: href=... }" after a link as attributes of the link; a dash before a
# dash and a dot before dots because smarty would turn "--" and "..." into other characters.
_MD_SPECIAL = re.compile(r"([\\`*_\[\]>|{}]|-(?=-)|\.(?= ?\.))")
_MD_LINE_START = re.compile(r"^(\s*)(?:([#+\-])|(\d+)([.)]))", re.MULTILINE)


def escape_markdown(text: str) -> str:
    """Plan text as literal Markdown: no character of the plan may become markup."""
    text = text.replace("&", "&amp;").replace("<", "&lt;")
    text = _MD_SPECIAL.sub(r"\\\1", text)
    return _MD_LINE_START.sub(_escape_line_start, text)


def _escape_line_start(match: re.Match) -> str:
    indent, bullet, number, dot = match.groups()
    return indent + ("\\" + bullet if bullet else number + "\\" + dot)


def metadata_value(text: str) -> str:
    """A Pelican metadata value is one line: fold whitespace so the header stays well formed."""
    return " ".join(text.split())
