"""Reads the data files that drive the fact finders (plan/entities.toml and the files it includes)
into `Entities`, checking them so that a maintainer's slip is reported with its file and line."""

from __future__ import annotations

import json
import re
import re._constants as _sre  # the parse tree of a pattern: the only way to check it before use
import re._parser as _sre_parser
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from ..memo import ByValue
from ..model import (
    CONTEXT_BASES,
    DATE_KINDS,
    MONEY_KINDS,
    Acronym,
    Entities,
    Law,
    MoneyEntry,
    Organisation,
    PlanError,
    Programme,
    RelativeDate,
    Topic,
    Wording,
)
from ..paths import ENTITIES_PATH
from ..reading.source import control_character, key_line, load_toml, read_text, table_lines
from ..records.schema import validate

# Legislation only: an Act, a Bill, a statutory instrument. A named scheme ("Clare's Law") is a programme.
LAW_KINDS = ("act", "bill", "si")

# Keys each kind of entry may have; anything else is a typo the maintainer should hear about.
_KEYS = {
    "organisations": {"id", "name", "short", "acronyms", "aliases"},
    "laws": {"id", "name", "kind", "year", "also_known_as", "aliases"},
    "programmes": {"id", "name", "description", "aliases", "also_known_as"},
    "topics": {"id", "name", "description", "keywords", "unless"},
    "acronyms": {"short", "expansion"},
}
_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*\Z")
# Ids that would give an entity the URL of a page the site already has: "index" is each kind's list.
RESERVED_IDS = frozenset({"index"})
# What each table of plan/wording.toml may hold, and the Wording field it fills.
_WORDING = {
    ("standing", "done_openings"): "done_openings",
    ("standing", "done_verbs"): "done_verbs",
    ("standing", "under_way"): "under_way",
    ("roles", "doer_before"): "doer_before",
    ("roles", "doer_through"): "doer_through",
    ("roles", "doer_after"): "doer_after",
    ("roles", "doer_after_opening"): "doer_after_opening",
    ("roles", "doer_possessive"): "doer_possessive",
    ("roles", "doer_alongside"): "doer_alongside",
    ("roles", "object_before"): "object_before",
    ("money", "qualifiers"): "money_qualifiers",
    ("money", "periods"): "money_periods",
    ("money", "unquantified"): "money_unquantified",
    ("money", "context"): "money_context",
    ("money", "containing"): "money_containing",
    ("money", "lower_bounds"): "money_lower_bounds",
    ("dates", "past_verbs"): "past_verbs",
    ("dates", "background_verbs"): "background_verbs",
    ("dates", "continuing_openings"): "continuing_openings",
    ("dates", "forecast_words"): "forecast_words",
    ("similarity", "common_words"): "common_words",
    ("similarity", "without_article"): "without_article",
}
# Wording keys that hold tables rather than lists of strings, read by their own functions.
_WORDING_TABLES = {("dates", "relative"), ("money", "plan_period_starts")}
# The Wording fields that are regular expressions, and what the error calls them.
_PATTERNS = {
    "under_way": "`under_way`",
    "money_periods": "period",
    "money_context": "context",
    "money_containing": "containing",
    "doer_before": "`doer_before`",
    "doer_through": "`doer_through`",
    "doer_after": "`doer_after`",
    "doer_after_opening": "`doer_after_opening`",
    "doer_possessive": "`doer_possessive`",
    "doer_alongside": "`doer_alongside`",
    "object_before": "`object_before`",
    "forecast_words": "`forecast_words`",
}
_TOP_LEVEL = {"include", "sum", *_KEYS, *(table for table, _ in _WORDING)}
# A longer period pattern is not a few words of English; it is a mistake or an attack.
MAX_PATTERN_LENGTH = 200
SEASONS = ("spring", "summer", "autumn", "winter")
# The keys an entry of each kind must have (its allowed keys are _KEYS).
_REQUIRED_KEYS = {
    "organisations": ["id", "name"],
    "laws": ["id", "name", "kind"],
    "programmes": ["id", "name"],
    "topics": ["id", "name", "keywords"],
    "acronyms": ["short", "expansion"],
}


# One rule of [dates] relative in plan/wording.toml.
RELATIVE_SCHEMA = {
    "type": "object",
    "additionalProperties": False,
    "required": ["words", "kind"],
    "properties": {
        "words": {"type": "string", "format": "line"},
        "kind": {"enum": list(DATE_KINDS)},
        "years_after": {"type": "integer", "minimum": 0, "maximum": 50},
        "year": {"type": "integer", "minimum": 1900, "maximum": 2200},
        "season": {"enum": list(SEASONS)},
        "end_of": {"type": "boolean"},
        "reason": {"type": "string", "format": "text"},
    },
}


def _data_schema() -> dict:
    """The schema of plan/entities.toml and the files it includes (topics.toml, money.toml,
    wording.toml): one schema for the family, since any of them may hold any of its tables."""
    line = {"type": "string", "format": "line"}
    text = {"type": "string", "format": "text"}  # may run over lines
    lines = {"type": "array", "items": line}
    slug = {"type": "string", "format": "slug"}

    def table(required: list[str], **properties) -> dict:
        return {"type": "array", "items": {"type": "object", "additionalProperties": False,
                                           "required": required, "properties": properties}}

    fields = {
        "id": slug, "name": line, "short": line, "description": text, "expansion": line,
        "kind": {"enum": list(LAW_KINDS)}, "year": {"type": "integer", "minimum": 1200, "maximum": 2200},
        "acronyms": lines, "aliases": lines, "also_known_as": lines, "keywords": {**lines, "minItems": 1},
        "unless": lines,
    }
    wording: dict[str, dict] = {}
    for name, key in _WORDING:
        wording.setdefault(name, {"type": "object", "additionalProperties": False, "properties": {}})
        wording[name]["properties"][key] = lines
    wording["dates"]["properties"]["relative"] = {"type": "array", "items": RELATIVE_SCHEMA}
    wording["money"]["properties"]["plan_period_starts"] = {"type": "string", "format": "month"}
    return {
        "type": "object",
        "additionalProperties": False,
        "properties": {
            "include": {"type": "array", "items": line},
            **{section: table(_REQUIRED_KEYS[section], **{key: fields[key] for key in keys})
               for section, keys in _KEYS.items()},
            "sum": table(["action", "text", "kind", "reason"], action={"type": "string", "format": "action-id"},
                         text=line, kind={"enum": list(MONEY_KINDS)}, basis={"enum": list(CONTEXT_BASES)},
                         reason=text),
            **wording,
        },
    }


@dataclass(frozen=True)
class _Source:
    """One data file: its path as given, its text and its parsed tables."""

    file: str
    text: str
    data: dict

    @cached_property
    def lines(self) -> list[str]:
        return self.text.splitlines()

    @cached_property
    def _headers(self) -> dict[str, list[int]]:
        """{section: the line of each `[[section]]` header}, filled in as sections are asked for:
        every entry of a section asks, and the file is read once for each section."""
        return {}

    def line_of_entry(self, section: str, index: int) -> int:
        """The line of the index-th `[[section]]` header, where an entry's mistakes are reported."""
        if section not in self._headers:
            self._headers[section] = table_lines(self.lines, section)
        headers = self._headers[section]
        return headers[index] if index < len(headers) else 1

    def line_of_key(self, key: str) -> int:
        """The line that opens a table `[key]`, `[[key]]` or sets `key = ...` (1 if none does)."""
        return key_line(self.lines, 1, len(self.lines) + 1, key)

    def line_of_string(self, value: str, start: int) -> int:
        """The line, from `start` on, where the string `value` is written, literal ('...') or
        basic ("..." with escapes); `start` when it cannot be found."""
        written = (f"'{value}'", json.dumps(value, ensure_ascii=False))
        for number, line in enumerate(self.lines[start - 1 :], start):
            if any(form in line for form in written):
                return number
        return start

    def line_of(self, needle: str) -> int:
        """The first line containing `needle` (for keys outside arrays of tables)."""
        for number, line in enumerate(self.lines, 1):
            if needle in line:
                return number
        return 1


def _read(path: Path, shown: str, cited_by: tuple[str, int] | None = None) -> _Source:
    if cited_by is not None and not path.is_file():
        raise PlanError(*cited_by, f"cannot read data file {shown}: there is no such file")
    text = read_text(path, shown)
    data = load_toml(text, shown)
    source = _Source(shown, text, data)
    if not data:
        raise PlanError(shown, 1, "the data file is empty; a file that holds nothing must not be read")
    for key in data:
        if key not in _TOP_LEVEL:
            known = ", ".join(sorted(_TOP_LEVEL))
            raise PlanError(shown, source.line_of_key(key), f"unknown table or key `{key}` (known: {known})")
    for table in {table for table, _ in _WORDING} & set(data):
        if not isinstance(data[table], dict):
            raise PlanError(shown, source.line_of_key(table), f"`{table}` must be written [{table}]")
        known = sorted(key for t, key in (*_WORDING, *_WORDING_TABLES) if t == table)
        for key in data[table]:
            if key not in known:
                message = f"unknown key `{key}` in [{table}] (known: {', '.join(known)})"
                raise PlanError(shown, source.line_of_key(key), message)
    return source


def _sources(path: str | Path) -> list[_Source]:
    """The main file, then each file it includes, in order."""
    main = _read(Path(path), str(path))
    includes = main.data.get("include", [])
    if not isinstance(includes, list) or not all(isinstance(i, str) for i in includes):
        raise PlanError(main.file, main.line_of("include"), "`include` must be a list of file names")
    sources = [main]
    for name in includes:
        relative = Path(name)
        if relative.is_absolute() or ".." in relative.parts or not relative.parts:
            message = f"include {name!r}: only files in the folder of {Path(path).name} are read"
            raise PlanError(main.file, main.line_of(name), message)
        included = Path(path).parent / name
        sources.append(_read(included, str(included), (main.file, main.line_of(name))))
    return sources


def _no_control(value, where: tuple[str, int], key: str) -> None:
    """Names and keywords reach pages and attributes: no control characters in them."""
    for text in value if isinstance(value, list) else [value]:
        if isinstance(text, str) and (found := control_character(text)):
            raise PlanError(*where, f"`{key}` holds a {found[1]}")


def _strings(value, where: tuple[str, int], key: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise PlanError(*where, f"`{key}` must be a list of non-empty strings")
    return tuple(value)


def _text(entry: dict, key: str, where: tuple[str, int], required: bool = True) -> str:
    value = entry.get(key)
    if value is None and not required:
        return ""
    if not isinstance(value, str) or not value.strip():
        raise PlanError(*where, f"`{key}` must be a non-empty string")
    return value


def _entries(source: _Source, section: str):
    """Yield (entry, (file, line)) for each `[[section]]` of a file, checking its keys."""
    entries = source.data.get(section, [])
    if not isinstance(entries, list):
        raise PlanError(source.file, source.line_of(section), f"`{section}` must be written [[{section}]]")
    for index, entry in enumerate(entries):
        where = (source.file, source.line_of_entry(section, index))
        unknown = sorted(set(entry) - _KEYS[section])
        if unknown:
            allowed = ", ".join(sorted(_KEYS[section]))
            raise PlanError(*where, f"unknown key `{unknown[0]}` in [[{section}]] (allowed: {allowed})")
        for key, value in entry.items():
            _no_control(value, where, key)
        ident = entry.get("id")
        if section != "acronyms" and (not isinstance(ident, str) or not _SLUG.match(ident)):
            raise PlanError(*where, "`id` must be lower-case words joined by hyphens, like home-office")
        if ident in RESERVED_IDS:
            raise PlanError(*where, f"the id {ident!r} would take the address of the site's list of {section}")
        yield entry, where


def _organisation(entry: dict, where) -> Organisation:
    return Organisation(
        id=entry["id"],
        name=_text(entry, "name", where),
        short=entry.get("short") and _text(entry, "short", where) or _text(entry, "name", where),
        acronyms=_strings(entry.get("acronyms"), where, "acronyms"),
        aliases=_strings(entry.get("aliases"), where, "aliases"),
    )


def _law(entry: dict, where) -> Law:
    kind = entry.get("kind")
    if kind not in LAW_KINDS:
        raise PlanError(*where, f"`kind` must be one of {', '.join(LAW_KINDS)}")
    year = entry.get("year")
    if year is not None and (not isinstance(year, int) or not 1200 <= year <= 2200):
        raise PlanError(*where, "`year` must be a four-digit year")
    if kind in ("act", "si") and year is None:
        raise PlanError(*where, f"{'an act' if kind == 'act' else 'a statutory instrument'} needs its `year`")
    return Law(
        id=entry["id"],
        name=_text(entry, "name", where),
        kind=kind,
        year=year,
        also_known_as=_strings(entry.get("also_known_as"), where, "also_known_as"),
        aliases=_strings(entry.get("aliases"), where, "aliases"),
    )


def _programme(entry: dict, where) -> Programme:
    return Programme(
        id=entry["id"],
        name=_text(entry, "name", where),
        description=_text(entry, "description", where, required=False),
        aliases=_strings(entry.get("aliases"), where, "aliases"),
        also_known_as=_strings(entry.get("also_known_as"), where, "also_known_as"),
    )


def _topic(entry: dict, where) -> Topic:
    keywords = _strings(entry.get("keywords"), where, "keywords")
    if not keywords:
        raise PlanError(*where, "a topic needs `keywords`, or no action can ever be under it")
    for keyword in keywords:
        if keyword.endswith("*") and " " not in keyword.strip() and len(keyword.strip("*")) < 3:
            raise PlanError(*where, f"keyword {keyword!r}: a word ending in * needs at least 3 letters")
    return Topic(
        id=entry["id"],
        name=_text(entry, "name", where),
        description=_text(entry, "description", where, required=False),
        keywords=keywords,
        unless=_strings(entry.get("unless"), where, "unless"),
    )


def _acronym(entry: dict, where) -> Acronym:
    return Acronym(_text(entry, "short", where), _text(entry, "expansion", where), "data")


_BUILDERS = {
    "organisations": _organisation,
    "laws": _law,
    "programmes": _programme,
    "topics": _topic,
    "acronyms": _acronym,
}


def _wording(sources: list[_Source]) -> Wording:
    found: dict[str, tuple[str, ...]] = {}
    for source in sources:
        for (table, key), field_name in _WORDING.items():
            if key in source.data.get(table, {}):
                where = (source.file, source.line_of(f"{key} ="))
                found[field_name] = _strings(source.data[table][key], where, key)
                _no_control(source.data[table][key], where, key)
                if field_name in _PATTERNS:
                    for pattern in found[field_name]:
                        _check_pattern(pattern, source, where[1], _PATTERNS[field_name])
        if "relative" in source.data.get("dates", {}):
            found["relative_dates"] = _relative_dates(source)
        if "plan_period_starts" in source.data.get("money", {}):
            value = source.data["money"]["plan_period_starts"]
            if not isinstance(value, str) or not re.fullmatch(r"20\d\d-(0[1-9]|1[0-2])", value):
                line = source.line_of("plan_period_starts =")
                raise PlanError(source.file, line, "`plan_period_starts` must be a month written YYYY-MM")
            found["plan_period_starts"] = value
    return Wording(**found)


def _check_pattern(pattern: str, source: _Source, start: int, what: str) -> None:
    problem = pattern_problem(pattern)
    if problem:
        line = source.line_of_string(pattern, start)
        raise PlanError(source.file, line, f"bad {what} pattern {pattern[:40]!r}: {problem}")


def pattern_problem(pattern: str) -> str | None:
    """Why a regular expression from a data file may not be used, or None.

    Python's `re` backtracks: a repeat inside a repeat ("(a+)+"), a repeat over alternatives
    ("(a|ab)*") or a back-reference can take time exponential in the text, and a data file edited
    through a pull request must not be able to hang the build. Such patterns are refused before
    use, from the pattern's parse tree; plain repeats one after another stay, since the text they
    are run on is bounded (a few words after a sum).
    """
    if len(pattern) > MAX_PATTERN_LENGTH:
        return f"longer than {MAX_PATTERN_LENGTH} characters"
    try:
        compiled = re.compile(pattern)
    except (re.error, RecursionError, OverflowError) as error:
        return f"not a regular expression: {error}"
    if compiled.fullmatch(""):
        return "matches empty text, so it would find a period everywhere"
    tree = list(_sre_parser.parse(pattern))
    return _risky(tree) or _adjacent(tree)


def _risky(items, in_repeat: bool = False) -> str | None:
    for op, value in items:
        if op in (_sre.MAX_REPEAT, _sre.MIN_REPEAT, _sre.POSSESSIVE_REPEAT):
            low, high, body = value
            repeats = high > 1
            if repeats and in_repeat:
                return "a repeat inside a repeat can take exponential time; write it without nesting"
            if repeats and _has_branch(body):
                return "alternatives inside a repeat can take exponential time; repeat one of them"
            problem = _risky(body, in_repeat or repeats)
        elif op == _sre.SUBPATTERN:
            problem = _risky(value[-1], in_repeat)
        elif op == _sre.BRANCH:
            problem = next((p for branch in value[1] if (p := _risky(branch, in_repeat))), None)
        elif op in (_sre.ASSERT, _sre.ASSERT_NOT):
            problem = _risky(value[1], in_repeat)
        elif op in (_sre.GROUPREF, _sre.GROUPREF_EXISTS):
            problem = "back-references are not allowed"
        elif op == _sre.ATOMIC_GROUP:
            problem = _risky(value, in_repeat)
        else:
            problem = None
        if problem:
            return problem
    return None


_REPEATS = (_sre.MAX_REPEAT, _sre.MIN_REPEAT, _sre.POSSESSIVE_REPEAT)
_ZERO_WIDTH = (_sre.AT, _sre.ASSERT, _sre.ASSERT_NOT)


def _body(op, value):
    """The items inside a group, or None for an item that is not a group."""
    if op == _sre.SUBPATTERN:
        return list(value[-1])
    if op == _sre.ATOMIC_GROUP:
        return list(value)
    return None


def _edge_repeat(items, from_end: bool = False) -> bool:
    """Whether the sequence can start (or end) with a repeat of more than one: the place where
    it would meet a repeat beside it."""
    for op, value in reversed(items) if from_end else items:
        if op in _REPEATS:
            if value[1] > 1 or _edge_repeat(list(value[2]), from_end):
                return True
            if value[0] > 0:
                return False
            continue  # optional: what comes after it can be the edge too
        if op == _sre.BRANCH:
            return any(_edge_repeat(list(b), from_end) for b in value[1])
        if (body := _body(op, value)) is not None:
            if _edge_repeat(body, from_end):
                return True
            if not _can_be_empty(body):
                return False
            continue
        if op in _ZERO_WIDTH:
            continue
        return False
    return False


def _can_be_empty(items) -> bool:
    for op, value in items:
        if op in _REPEATS and value[0] == 0 or op in _ZERO_WIDTH:
            continue
        if op == _sre.BRANCH and any(_can_be_empty(list(b)) for b in value[1]):
            continue
        if (body := _body(op, value)) is not None and _can_be_empty(body):
            continue
        return False
    return True


def _adjacent(items) -> str | None:
    """A repeat right after a repeat ("[\\w ]*[\\w ]*", or with only optional or zero-width items
    between them) can split a text between them in polynomially many ways, one more power for
    each: 25 of them ran past two minutes. Refused wherever it is in the pattern."""
    open_repeat = False  # the text so far can end with a repeat
    for op, value in items:
        inner = list(value[2]) if op in _REPEATS else _body(op, value)
        branches = [list(b) for b in value[1]] if op == _sre.BRANCH else []
        for part in ([inner] if inner is not None else []) + branches:
            if (problem := _adjacent(part)) is not None:
                return problem
        if op in _ZERO_WIDTH:
            continue
        parts = branches or ([inner] if inner is not None else [])
        starts = (op in _REPEATS and value[1] > 1) or any(_edge_repeat(p) for p in parts)
        if open_repeat and starts:
            return "a repeat right after another repeat can take polynomial time; put a word between them"
        ends = (op in _REPEATS and value[1] > 1) or any(_edge_repeat(p, from_end=True) for p in parts)
        skippable = (op in _REPEATS and value[0] == 0) or any(_can_be_empty(p) for p in parts)
        open_repeat = ends or (open_repeat and skippable)
    return None


def _has_branch(items) -> bool:
    for op, value in items:
        if op == _sre.BRANCH:
            return True
        if op == _sre.SUBPATTERN and _has_branch(value[-1]):
            return True
    return False


DATA_SCHEMA = _data_schema()

_RELATIVE_KEYS = {"words", "kind", "years_after", "year", "season", "end_of", "reason"}


def _relative_dates(source: _Source) -> tuple[RelativeDate, ...]:
    """[dates] relative = [{words, kind, years_after or year, season, end_of, reason}, ...]."""
    entries = source.data["dates"]["relative"]
    rules = []
    for entry in entries if isinstance(entries, list) else [None]:
        words = entry.get("words") if isinstance(entry, dict) else None
        where = (source.file, source.line_of(str(words)[:20]) if words else source.line_of("relative ="))
        if not isinstance(entry, dict) or not isinstance(words, str) or not words.strip():
            raise PlanError(*where, "each relative date needs `words`, a regular expression")
        unknown = sorted(set(entry) - _RELATIVE_KEYS)
        if unknown:
            raise PlanError(*where, f"unknown key `{unknown[0]}` in a relative date")
        if entry.get("kind") not in DATE_KINDS:
            raise PlanError(*where, f"`kind` must be one of {', '.join(DATE_KINDS)}")
        if ("year" in entry) == ("years_after" in entry):
            raise PlanError(*where, "a relative date needs `year` or `years_after`, not both")
        if "year" in entry and not _text(entry, "reason", where, required=False):
            raise PlanError(*where, "a fixed `year` needs the `reason` the plan gives for it")
        validate(entry, RELATIVE_SCHEMA, source.file, source.text, line=where[1])
        _check_pattern(words, source, where[1], "relative date")
        rules.append(
            RelativeDate(
                words=words,
                kind=entry["kind"],
                years_after=int(entry.get("years_after", 0)),
                year=entry.get("year"),
                season=entry.get("season"),
                end_of=bool(entry.get("end_of", False)),
                reason=entry.get("reason", ""),
            )
        )
    return tuple(rules)


_SUM_KEYS = {"action", "text", "kind", "basis", "reason"}


def _money_entries(sources: list[_Source]) -> tuple[MoneyEntry, ...]:
    """[[sum]] entries (plan/money.toml): one sum of one action, its kind and the reason for it."""
    found = []
    for source in sources:
        entries = source.data.get("sum", [])
        if not isinstance(entries, list):
            raise PlanError(source.file, source.line_of("sum"), "`sum` must be written [[sum]]")
        for index, entry in enumerate(entries):
            where = (source.file, source.line_of_entry("sum", index))
            unknown = sorted(set(entry) - _SUM_KEYS)
            if unknown:
                allowed = ", ".join(sorted(_SUM_KEYS))
                raise PlanError(*where, f"unknown key `{unknown[0]}` in [[sum]] (allowed: {allowed})")
            if entry.get("kind") not in MONEY_KINDS:
                raise PlanError(*where, f"`kind` must be one of {', '.join(MONEY_KINDS)}")
            if entry["kind"] == "context" and entry.get("basis") not in CONTEXT_BASES:
                raise PlanError(*where, f"a context sum needs `basis`, one of {', '.join(CONTEXT_BASES)}")
            if entry["kind"] == "funding" and "basis" in entry:
                raise PlanError(*where, "`basis` says why a sum is context; a funding sum has none")
            for key in ("action", "text", "reason"):
                _no_control(entry.get(key), where, key)
            found.append(
                MoneyEntry(
                    action_id=_text(entry, "action", where),
                    text=_text(entry, "text", where),
                    kind=entry["kind"],
                    basis=entry.get("basis"),
                    reason=_text(entry, "reason", where),
                    file=where[0],
                    line=where[1],
                )
            )
    return tuple(found)


# The entities read from each set of texts, kept: an Entities is immutable, the tests run the generator
# many times in one process on the same files, and the finders kept for it by identity then serve
# every run (names._FINDERS).
_LOADED: ByValue[Entities] = ByValue(4)


def load_entities(path: str | Path = ENTITIES_PATH) -> Entities:
    """Everything the fact finders know, from `path` and the files its `include` names."""
    sources = _sources(path)
    return _LOADED.get(tuple((source.file, source.text) for source in sources), lambda: _entities(sources))


def _entities(sources: list[_Source]) -> Entities:
    found: dict[str, list] = {section: [] for section in _BUILDERS}
    seen: dict[tuple[str, str], tuple[str, int]] = {}
    for source in sources:
        for section, build in _BUILDERS.items():
            for entry, where in _entries(source, section):
                item = build(entry, where)
                key = (section, item.short if section == "acronyms" else item.id)
                if key in seen:
                    raise PlanError(*where, f"{key[1]!r} is already defined at line {seen[key][1]}")
                seen[key] = where
                found[section].append(item)
    money = _money_entries(sources)
    wording = _wording(sources)
    for source in sources:  # what the entry checks above do not say more plainly
        validate(source.data, DATA_SCHEMA, source.file, source.text)
    entities = Entities(
        organisations=tuple(found["organisations"]),
        laws=tuple(found["laws"]),
        programmes=tuple(found["programmes"]),
        topics=tuple(found["topics"]),
        acronyms=tuple(found["acronyms"]),
        wording=wording,
        money_entries=money,
    )
    _check_names(sources, entities, seen)
    return entities


def _check_names(sources, entities: Entities, seen) -> None:
    """Two entities answering to the same name would make links ambiguous: refuse that."""
    from .names import entity_names  # here, so that names.py may import this module

    owner: dict[str, str] = {}
    for kind, ident, names in entity_names(entities):
        for name in names:
            key = name.casefold()
            if key in owner and owner[key] != ident:
                section = {"organisation": "organisations", "law": "laws", "programme": "programmes"}[kind]
                raise PlanError(*seen[(section, ident)], f"the name {name!r} is already used by {owner[key]!r}")
            owner[key] = ident
