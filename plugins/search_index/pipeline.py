"""Text processing that matches lunr.js 2.3.9 token for token, plus one shared extra step.

An index built in Python is searched in the browser by lunr.js, which runs the pipeline functions
named in the serialised index from its own registry. Every function here must therefore do
exactly what the function of the same name does in lunr.js (`trimmer`, `stopWordFilter`,
`stemmer`), or be registered under the same name in theme/static/js/search.js with an identical
JavaScript body (`normaliseToken`). tests/test_search_parity.py checks both against Node.

lunr.py's own functions differ from lunr.js: its trimmer leaves "Clare's," untouched when a token
has inner punctuation, its stemmer turns "delay" into "delai", and its tokenizer splits on fewer
kinds of space. So none of them is used here.
"""

from __future__ import annotations

import functools
import re
from itertools import chain
from typing import TYPE_CHECKING

from .stemmer import stem_word

if TYPE_CHECKING:
    from lunr.token import Token

# lunr.tokenizer.separator is /[\s\-]+/; JavaScript's \s is this exact set (ECMAScript WhiteSpace
# and LineTerminator), which is not Python's \s.
_JS_SPACE = "\t\n\v\f\r \u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff"
_SEPARATOR = re.compile("[" + _JS_SPACE + r"\-]+")

# JavaScript's \W is ASCII-only: "é", "’" and "£" are all non-word characters to lunr.js.
_LEADING = re.compile(r"^[^A-Za-z0-9_]+")
_TRAILING = re.compile(r"[^A-Za-z0-9_]+$")

# normaliseToken: typographic apostrophes fold to "'", so "Clare’s" (plan) meets "Clare's" (typed).
_APOSTROPHES = re.compile("[\u2018\u2019\u02bc\u2032`]")
# Slashes and dashes inside a token join two words ("victims/survivors", "2026–2029").
_INNER_BREAK = re.compile("[/\u2013\u2014]+")
_POSSESSIVE = re.compile(r"'s$")

STOP_WORDS = frozenset(
    """a able about across after all almost also am among an and any are as at be because been but by
    can cannot could dear did do does either else ever every for from get got had has have he her hers
    him his how however i if in into is it its just least let like likely may me might most must my
    neither no nor not of off often on only or other our own rather said say says she should since so
    some than that the their them then there these they this tis to too twas us wants was we were
    what when where which while who whom why will with would yet you your""".split()
)


# Python's str.split() breaks on JavaScript's spaces and on these, which JavaScript's \s leaves in
# words; JavaScript's \s has one that Python's split lacks (U+FEFF). A text without any of these
# splits the same both ways.
_SPLIT_DIFFERS = re.compile("[\x1c-\x1f\x85\ufeff]")


def tokenize(text: str | None) -> list[str]:
    """Split text as `lunr.tokenizer` does: lower-case, then break on whitespace and hyphens."""
    if text is None:
        return []
    text = str(text).lower()
    if _SPLIT_DIFFERS.search(text):
        return [part for part in _SEPARATOR.split(text) if part]
    return text.replace("-", " ").split()  # the same parts, at half the cost


_WORD_CHARACTERS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_")


def trim(word: str) -> str:
    """`lunr.trimmer`: drop non-word characters from both ends only, never from inside."""
    if word[:1] in _WORD_CHARACTERS and word[-1:] in _WORD_CHARACTERS:
        return word  # most words: nothing to drop
    return _TRAILING.sub("", _LEADING.sub("", word, count=1), count=1)


def normalise_word(word: str) -> list[str]:
    """`normaliseToken`: fold apostrophes, split on inner slashes and dashes, drop "'s".

    Returns the words the token becomes: none for a token that was only punctuation (lunr.js
    would otherwise index the empty string), two for "victims/survivors".
    """
    words = []
    for part in _INNER_BREAK.split(_APOSTROPHES.sub("'", word)):
        part = trim(part)
        if "'s" in part:
            part = trim(_POSSESSIVE.sub("", part, count=1))
        if part:
            words.append(part)
    return words


def trimmer(token: Token, i=None, tokens=None) -> Token:
    return token.update(lambda s, metadata: trim(s))


def normalise_token(token: Token, i=None, tokens=None) -> Token | list[Token] | None:
    words = normalise_word(str(token))
    if not words:
        return None
    if len(words) == 1:
        return token.update(lambda s, metadata: words[0])
    return [token.clone(lambda s, metadata, w=w: w) for w in words]


def stop_word_filter(token: Token, i=None, tokens=None) -> Token | None:
    return None if str(token) in STOP_WORDS else token


def stemmer(token: Token, i=None, tokens=None) -> Token:
    return token.update(lambda s, metadata: stem_word(s))


# The names the serialised index carries and lunr.js looks up with lunr.Pipeline.load. The first
# three are lunr.js's built-ins (which these functions equal); normaliseToken is ours. Labels are
# set rather than registered so lunr.py's own registry (used by anyone else in the process) keeps
# its functions (reference.py registers normaliseToken, lunr.py's only unknown). The build itself
# runs none of these over Tokens: it runs `printed_token` over strings and only names them.
trimmer.label = "trimmer"
normalise_token.label = "normaliseToken"
stop_word_filter.label = "stopWordFilter"
stemmer.label = "stemmer"
FUNCTIONS = {fn.label: fn for fn in (trimmer, normalise_token, stop_word_filter, stemmer)}

INDEX_PIPELINE = (trimmer, normalise_token, stop_word_filter, stemmer)
# Queries are trimmed and normalised too ("law," and "Clare’s" as typed), but keep stop words:
# lunr.js's default search pipeline has no stop word filter either.
SEARCH_PIPELINE = (trimmer, normalise_token, stemmer)


@functools.lru_cache(maxsize=65536)
def token_words(token: str) -> tuple[str, ...]:
    """`normalise_word(trim(token))` of one tokenizer token, memoised: the plan repeats its words.

    Most tokens are letters and digits only, which neither step changes: they skip the regular
    expressions.
    """
    if token.isascii() and token.isalnum():
        return (token,)
    return tuple(normalise_word(trim(token)))


@functools.lru_cache(maxsize=65536)
def printed_token(token: str) -> tuple[tuple[str, str], ...]:
    """(word, term) for each word the index holds from one tokenizer token: INDEX_PIPELINE, on
    plain strings, keeping each term's word as printed (lower-cased)."""
    words = token_words(token)
    if len(words) == 1:  # most tokens: no generator
        return () if words[0] in STOP_WORDS else ((words[0], stem_word(words[0])),)
    return tuple((word, stem_word(word)) for word in words if word not in STOP_WORDS)


def index_terms(word: str) -> tuple[str, ...]:
    """The terms one tokenizer token becomes in the index: INDEX_PIPELINE, on plain strings.

    It is what `index_pipeline().run([Token(word)])` gives (tests/test_search_parity.py checks it
    on the whole plan and on generated words), memoised through `printed_token`: running lunr.py's
    Pipeline over Token objects was most of the index build's time.
    """
    return tuple(term for _word, term in printed_token(word))


def printed_words(text: str | None) -> list[tuple[str, str]]:
    """(word as printed, lower-cased; its term) for every word the index holds from `text`, in order:
    the terms are the field's terms as the index holds them.

    Search corrects typos against the words, not against the terms: "nudificaton" is one letter from
    "nudification" but six from its stem "nudif", and "Did you mean" shows words, not stems.
    """
    return list(chain.from_iterable(map(printed_token, tokenize(text))))


def field_terms(text: str | None) -> list[str]:
    """A field's text as the index holds it: lunr.js's tokenizer, then the index pipeline."""
    return [term for token in tokenize(text) for term in index_terms(token)]


def clear_caches() -> None:
    """Forget the memoised words and stems, so that the next build processes every word from
    scratch, as a fresh `pelican content` does (scripts/bench_search.py times that)."""
    for cached in (stem_word, token_words, printed_token):
        cached.cache_clear()
