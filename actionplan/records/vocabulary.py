"""The plain-language vocabulary (plan/vocabulary.toml): people's words and the sector's acronyms,
each mapped to the plan's own terms, for search.

Readers who most need the plan do not know its words ("revenge porn" for intimate image abuse,
"IDVA" for specialist advocacy). The vocabulary is data a maintainer reads and extends; this
module checks it and gives each mistake as a `PlanError` at its line. Whether each of the plan's
terms it names really occurs in the plan is checked where the index is built
(plugins/search_index/plain.py), which knows the plan's words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..errors import PlanError
from ..reading.source import key_line, load_toml, table_lines
from .schema import validate

_TERM_KEYS = {"words", "means", "label", "reason", "source", "sense", "when", "help"}
_FILLER_KEYS = {"words", "reason"}
# Letters (any script), digits, spaces, apostrophes, hyphens, ampersands: what people type.
_PHRASE = re.compile(r"^[^\W_](?:[\w' &\-]*[^\W_])?$")
_PHRASES = {"type": "array", "minItems": 1, "uniqueItems": True, "items": {"type": "string", "format": "line"}}
# plan/vocabulary.toml, checked by the one validator (actionplan/records/schema.py) after the checks below,
# which say the common mistakes more plainly.
SCHEMA = {
    "type": "object",
    "additionalProperties": False,
    "required": ["filler", "term"],
    "properties": {
        "filler": {
            "type": "object",
            "additionalProperties": False,
            "required": sorted(_FILLER_KEYS),
            "properties": {"words": _PHRASES, "reason": {"type": "string", "format": "text"}},
        },
        "term": {
            "type": "array",
            "minItems": 1,
            "items": {
                "type": "object",
                "additionalProperties": False,
                "required": ["words", "means", "reason"],
                "dependentRequired": {"sense": ["when"], "when": ["sense"]},
                "properties": {
                    "words": _PHRASES,
                    "means": _PHRASES,
                    "label": {"type": "string", "format": "line"},
                    "reason": {"type": "string", "format": "text"},
                    "source": {"type": "string", "format": "line"},
                    "sense": {"type": "string", "format": "line"},
                    "when": _PHRASES,
                    "help": {"type": "boolean"},
                },
            },
        },
    },
}


@dataclass(frozen=True)
class Term:
    """People's words (`words`) that the plan calls `means`: any of those phrases answers them."""

    words: tuple[str, ...]
    means: tuple[str, ...]
    label: str  # what the results page says it shows: "Showing actions about <label>"
    reason: str
    line: int
    source: str | None = None  # where a defined term is defined (an Act, statutory guidance)
    sense: str | None = None  # for a two-sense word: which sense this entry is
    when: tuple[str, ...] = ()  # the words that, in the same query, select that sense
    help: bool = False  # a query with these words also shows the helplines


@dataclass(frozen=True)
class Vocabulary:
    terms: tuple[Term, ...]
    filler: tuple[str, ...]  # conversational words left out of the match ("anything", "happens")
    filler_line: int


def _phrases(value: object, file: str, line: int, key: str, lower: bool) -> tuple[str, ...]:
    if not isinstance(value, list) or not value or not all(isinstance(v, str) and v.strip() for v in value):
        raise PlanError(file, line, f"{key} must be a list of one or more phrases")
    phrases = tuple(" ".join(v.split()) for v in value)
    for phrase in phrases:
        if not _PHRASE.match(phrase):
            raise PlanError(file, line, f"{key}: {phrase!r} is not a phrase of words (letters, digits, ' and -)")
        if lower and phrase != phrase.lower():
            raise PlanError(file, line, f"{key}: write {phrase!r} in lower case, as search compares it")
    if len(set(phrases)) != len(phrases):
        twice = next(p for p in phrases if phrases.count(p) > 1)
        raise PlanError(file, line, f"{key}: {twice!r} is listed twice")
    return phrases


def load_vocabulary(text: str, file: str) -> Vocabulary:
    """The vocabulary in `text`; a `PlanError` at the line of the first problem."""
    data = load_toml(text, file)
    lines = text.splitlines()
    unknown = sorted(set(data) - {"term", "filler"})
    if unknown:
        raise PlanError(file, 1, f"unknown key {unknown[0]!r}; the file has [filler] and [[term]] tables")
    entries = data.get("term", [])
    tables = table_lines(lines, "term")
    if not isinstance(entries, list) or len(tables) != len(entries) or not entries:
        raise PlanError(file, 1, "write each term as its own [[term]] table")
    filler_line = key_line(lines, 1, len(lines) + 1, "filler")
    filler = data.get("filler")
    if not isinstance(filler, dict):
        raise PlanError(file, filler_line, "a [filler] table with words and reason is required")
    extra = sorted(set(filler) - _FILLER_KEYS)
    if extra:
        raise PlanError(file, key_line(lines, filler_line, len(lines) + 1, extra[0]),
                        f"unknown key {extra[0]!r} in [filler]; its keys are words and reason")
    if not isinstance(filler.get("reason"), str) or not filler["reason"].strip():
        raise PlanError(file, filler_line, "[filler] needs a reason: why these words are left out")
    filler_words = _phrases(filler.get("words"), file, key_line(lines, filler_line, len(lines) + 1, "words"),
                            "words", lower=True)
    for word in filler_words:
        if " " in word:
            raise PlanError(file, filler_line, f"filler {word!r}: filler words are single words")

    ends = [*tables[1:], len(lines) + 1]
    terms = tuple(_term(e, file, lines, s, end) for e, s, end in zip(entries, tables, ends, strict=True))
    _check_overlaps(terms, file)
    validate(data, SCHEMA, file, text)  # what the checks above do not say more plainly
    return Vocabulary(terms=terms, filler=filler_words, filler_line=filler_line)


def _term(entry: dict, file: str, lines: list[str], start: int, end: int) -> Term:
    def at(key: str) -> int:
        return key_line(lines, start, end, key)

    if not isinstance(entry, dict):
        raise PlanError(file, start, "a [[term]] must be a table")
    extra = sorted(set(entry) - _TERM_KEYS)
    if extra:
        raise PlanError(file, at(extra[0]), f"unknown key {extra[0]!r}; the keys are {', '.join(sorted(_TERM_KEYS))}")
    if "words" not in entry:
        raise PlanError(file, start, "the term lacks words: what people type")
    if "means" not in entry:
        raise PlanError(file, start, "the term lacks means: the plan's words for it")
    words = _phrases(entry["words"], file, at("words"), "words", lower=True)
    means = _phrases(entry["means"], file, at("means"), "means", lower=False)
    for key in ("reason", "label", "source", "sense"):
        if key in entry and (not isinstance(entry[key], str) or not entry[key].strip()):
            raise PlanError(file, at(key), f"{key} must be text; leave the key out rather than empty")
    if "reason" not in entry:
        raise PlanError(file, start, "the term lacks a reason: why people's words mean the plan's")
    if ("sense" in entry) != ("when" in entry):
        missing = "when" if "sense" in entry else "sense"
        raise PlanError(file, at("sense" if "sense" in entry else "when"),
                        f"sense and when go together: this term lacks {missing}")
    when = _phrases(entry["when"], file, at("when"), "when", lower=True) if "when" in entry else ()
    help_ = entry.get("help", False)
    if not isinstance(help_, bool):
        raise PlanError(file, at("help"), "help must be true or false")
    return Term(
        words=words,
        means=means,
        label=entry.get("label", means[0]),
        reason=entry["reason"],
        line=start,
        source=entry.get("source"),
        sense=entry.get("sense"),
        when=when,
        help=help_,
    )


def _check_overlaps(terms: tuple[Term, ...], file: str) -> None:
    """A phrase belongs to one term, unless each of its terms is a sense chosen by other words."""
    plain: dict[str, Term] = {}
    senses: dict[str, list[Term]] = {}
    for term in terms:
        for phrase in term.words:
            if term.sense is None:
                if phrase in plain:
                    raise PlanError(file, term.line,
                                    f"{phrase!r} is already a term's words at line {plain[phrase].line}")
                plain[phrase] = term
            else:
                for other in senses.get(phrase, []):
                    if other.sense == term.sense:
                        raise PlanError(file, term.line,
                                        f"{phrase!r} has the sense {term.sense!r} already at line {other.line}")
                    shared = set(other.when) & set(term.when)
                    if shared:
                        raise PlanError(file, term.line, f"{phrase!r}: the word {sorted(shared)[0]!r} selects two "
                                        f"senses (here and line {other.line})")
                senses.setdefault(phrase, []).append(term)
