"""Puts text under the controlled topics of plan/topics.toml by their keyword rules.

Keywords are matched on words, not with one regular expression per topic: the text is split into
words once and each word is looked up in an index of the keywords' first words, which is what
keeps enrich well under a tenth of a second for the whole plan.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ..memo import ByIdentity
from ..model import Topic

_TOKEN = re.compile(r"[A-Za-z0-9]+")


@dataclass(frozen=True)
class Keyword:
    """One keyword rule: its words, whether the last one is a prefix ("stalk*"), whether case
    counts (a keyword written with capitals), the topic it serves and whether it is an `unless`."""

    words: tuple[str, ...]
    prefix: bool
    exact_case: bool
    topic: str
    unless: bool

    @classmethod
    def parse(cls, phrase: str, topic: str, unless: bool = False) -> Keyword | None:
        prefix = phrase.endswith("*")
        exact_case = phrase != phrase.lower()
        words = tuple(_TOKEN.findall(phrase))
        if not words:
            return None
        if not exact_case:
            words = tuple(w.lower() for w in words)
        return cls(words, prefix, exact_case, topic, unless)

    def matches(self, words: list[str], lowered: list[str], at: int) -> bool:
        source = words if self.exact_case else lowered
        last = len(self.words) - 1
        if at + last >= len(source):
            return False
        for offset, word in enumerate(self.words):
            found = source[at + offset]
            if offset == last and self.prefix:
                if not found.startswith(word):
                    return False
            elif found != word:
                return False
        return True


class KeywordIndex:
    """All topics' keywords, indexed by their first word (or its first three letters for a
    one-word prefix such as "court*")."""

    def __init__(self, topics: tuple[Topic, ...]):
        self.order = {t.id: index for index, t in enumerate(topics)}
        self._exact: dict[str, list[Keyword]] = {}
        self._prefix: dict[str, list[Keyword]] = {}
        for topic in topics:
            rules = [Keyword.parse(k, topic.id) for k in topic.keywords]
            rules += [Keyword.parse(k, topic.id, unless=True) for k in topic.unless]
            for rule in filter(None, rules):
                first = rule.words[0].lower()
                if rule.prefix and len(rule.words) == 1:
                    self._prefix.setdefault(first[:3], []).append(rule)
                else:
                    self._exact.setdefault(first, []).append(rule)
        for table in (self._exact, self._prefix):
            for rules in table.values():
                rules.sort(key=lambda r: -len(r.words))
        # enrich reads an action's text and its context's, run after run with the same topics
        # (`keyword_index` keeps the index for equal topics): each text is counted once
        self._hits: dict[str, dict[str, int]] = {}

    def _candidates(self, lowered_word: str) -> list[Keyword]:
        return self._exact.get(lowered_word, []) + self._prefix.get(lowered_word[:3], [])

    def hits(self, text: str) -> dict[str, int]:
        """{topic id: how many times the text names it}. An `unless` phrase hides the words it
        covers from its own topic only; within a topic, matches do not overlap."""
        counts = self._hits.get(text)
        if counts is None:
            if len(self._hits) > 20_000:
                self._hits.clear()
            counts = self._hits[text] = self._count(text)
        return dict(counts)

    def _count(self, text: str) -> dict[str, int]:
        words = _TOKEN.findall(text)
        lowered = [w.lower() for w in words]
        free_from: dict[str, int] = {}  # per topic: the first word not yet used by a match
        counts: dict[str, int] = {}
        for at, word in enumerate(lowered):
            for rule in self._candidates(word):
                if free_from.get(rule.topic, 0) > at or not rule.matches(words, lowered, at):
                    continue
                free_from[rule.topic] = at + len(rule.words)
                if not rule.unless:
                    counts[rule.topic] = counts.get(rule.topic, 0) + 1
        return counts


_INDEXES = ByIdentity(8)


def keyword_index(topics: tuple[Topic, ...]) -> KeywordIndex:
    """The index for these topics, found by identity (hashing every keyword on each call would
    cost more than the matching), else built once for equal topics (`_index_of`)."""
    return _INDEXES.get(topics, lambda: _index_of(topics))


@lru_cache(maxsize=8)
def _index_of(topics: tuple[Topic, ...]) -> KeywordIndex:
    """Kept from run to run, with the counts it has made: the tests run the generator many times
    in one process, each time with new but equal topics."""
    return KeywordIndex(topics)


def topic_hits(text: str, topics: tuple[Topic, ...]) -> dict[str, int]:
    """{topic id: how many times the text names it}, for the topics it names at all."""
    return keyword_index(topics).hits(text)


def rank_topics(hits: dict[str, int], topics: tuple[Topic, ...], limit: int | None = None) -> tuple[str, ...]:
    """Most named first; ties in the order of plan/topics.toml; at most `limit`."""
    order = keyword_index(topics).order
    ranked = tuple(sorted(hits, key=lambda ident: (-hits[ident], order[ident])))
    return ranked[:limit] if limit else ranked
