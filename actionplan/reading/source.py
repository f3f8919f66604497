"""Reading the plan's lines: what each line of the converted Markdown looks like on its own.

The PDF conversion gives one line per printed paragraph or list item, so a line is the unit the
parser works with. This module says what a line *looks like* (a heading, a lettered item, plain
text...); `parse` decides what it *is* from its neighbours.
"""

from __future__ import annotations

import copy
import re
import tomllib
from dataclasses import dataclass
from enum import Enum
from functools import lru_cache
from pathlib import Path

from ..errors import PlanError

# The largest input file read, about 70 times the plan: a plan this size still parses in seconds
# and bounded memory; anything larger is not a plan (a wrong --plan, /dev/zero).
MAX_FILE_BYTES = 8 * 1024 * 1024


class Kind(Enum):
    BLANK = "blank"
    HEADING = "heading"  # "# ..." to "###### ..."
    COMMITMENT = "commitment"  # "- 12. To enable police ..., we will:"
    LETTERED = "lettered"  # "- e) Take robust action ..." (bullet optional)
    NUMBERED = "numbered"  # "- iii. Support police ..." (a roman numeral: a sub-item)
    BULLET = "bullet"  # "- Work to ensure ..." (a list item whose marker is missing)
    TEXT = "text"  # anything else: a paragraph


@dataclass(frozen=True)
class SourceLine:
    number: int  # 1-based
    raw: str  # the line as written, without its line ending
    kind: Kind
    indent: int  # spaces before the bullet or text
    marker: str | None  # "12", "e", "iii" for marked items
    body: str  # the text after any heading marks, bullet and marker, stripped

    @property
    def is_item(self) -> bool:
        return self.kind in (Kind.COMMITMENT, Kind.LETTERED, Kind.NUMBERED, Kind.BULLET)


_HEADING = re.compile(r"^\s*#{1,6}\s+(.*)$")
_COMMITMENT = re.compile(r"^(\s*)(?:- )?(\d{1,3})\.\s+(.*)$")
# The bullet is optional: some items lost it in conversion ("j) Consider ..."). Without a bullet the
# marker must be lower case, so that a sentence such as "A) ..." is not taken for an item.
_LETTERED = re.compile(r"^(\s*)(?:- ([a-zA-Z])|([a-z]))\)\s+(.*)$")
# Roman numerals only after a bullet: a paragraph may well start with "I." or "v.".
_NUMBERED = re.compile(r"^(\s*)- ((?:x{0,3})(?:ix|iv|v?i{0,3}))\.\s+(.*)$")
_BULLET = re.compile(r"^(\s*)- (.*)$")


def roman(value: int) -> str:
    """The lower-case roman numeral for 1..39."""
    tens, units = divmod(value, 10)
    ones = ["", "i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix"]
    return "x" * tens + ones[units]


def classify_line(number: int, raw: str) -> SourceLine:
    raw = raw.rstrip("\r\n")
    if not raw.strip():
        return SourceLine(number, raw, Kind.BLANK, 0, None, "")
    if match := _HEADING.match(raw):
        return SourceLine(number, raw, Kind.HEADING, 0, None, match.group(1).strip())
    if match := _COMMITMENT.match(raw):
        indent, marker, body = match.groups()
        return SourceLine(number, raw, Kind.COMMITMENT, len(indent), marker, body.strip())
    if match := _LETTERED.match(raw):
        indent, bulleted, bare, body = match.groups()
        return SourceLine(number, raw, Kind.LETTERED, len(indent), bulleted or bare, body.strip())
    if (match := _NUMBERED.match(raw)) and match.group(2):
        indent, marker, body = match.groups()
        return SourceLine(number, raw, Kind.NUMBERED, len(indent), marker, body.strip())
    if match := _BULLET.match(raw):
        indent, body = match.groups()
        return SourceLine(number, raw, Kind.BULLET, len(indent), None, body.strip())
    indent = len(raw) - len(raw.lstrip(" "))
    return SourceLine(number, raw, Kind.TEXT, indent, None, raw.strip())


# Characters that no reader sees but that reach pages, attributes and spreadsheets: C0 and C1
# controls (a tab is allowed), a carriage return that does not end a line, the Unicode line and
# paragraph separators (they would shift line numbers), the bidirectional marks, overrides and
# isolates (they make text read differently from what it holds) and the zero-width and invisible
# characters (they change the published words without a visible trace).
_CONTROL = re.compile(
    r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200b-\u200f\u2028\u2029\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]"
    r"|\r(?!\n)"
)


def control_character(text: str) -> tuple[int, str] | None:
    """(line, description) of the first control character in `text`, or None."""
    match = _CONTROL.search(text)
    if match is None:
        return None
    line = text.count("\n", 0, match.start()) + 1
    column = match.start() - (text.rfind("\n", 0, match.start()) + 1) + 1
    return line, f"control character U+{ord(match.group()):04X} at column {column}; remove it"


def read_text(path: str | Path, shown: str | None = None) -> str:
    """A UTF-8 text file's text as written (no newline translation, so line numbers match an
    editor's); a missing, unreadable, binary or too large file is a `PlanError` at its line."""
    shown = str(path) if shown is None else shown
    try:
        with open(path, "rb") as stream:
            data = stream.read(MAX_FILE_BYTES + 1)
    except OSError as error:
        raise PlanError(shown, 1, f"cannot read the file: {error.strerror or error}") from None
    if len(data) > MAX_FILE_BYTES:
        limit = MAX_FILE_BYTES // (1024 * 1024)
        raise PlanError(shown, 1, f"the file is larger than {limit} MB, the most the generator reads")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise PlanError(shown, line, f"not UTF-8 text (byte {error.start}: {error.reason})") from None


def read_lines(text: str) -> tuple[SourceLine, ...]:
    return tuple(classify_line(n, raw) for n, raw in enumerate(text.splitlines(), start=1))


def plain(text: str) -> str:
    """Text without the conversion's emphasis marks and with single spaces: what a reader reads."""
    text = text.replace("**", "").replace("__", "")
    text = re.sub(r"</?u>", "", text)
    return " ".join(text.split())


_DECODE_LINE = re.compile(r"at line (\d+)")


def load_toml(text: str, file: str) -> dict:
    """`text` read as TOML; invalid TOML is a `PlanError` at the line tomllib names (else line 1).
    A copy of the tables read before from the same text: reading is pure and tomllib slow (18 ms
    for plan/standings.toml, 1 ms to copy), and the tests run the generator many times in one
    process on the same data files."""
    try:
        return copy.deepcopy(_parsed(text))
    except tomllib.TOMLDecodeError as error:
        found = _DECODE_LINE.search(str(error))
        raise PlanError(file, int(found.group(1)) if found else 1, f"not valid TOML: {error}") from None


@lru_cache(maxsize=32)
def _parsed(text: str) -> dict:
    return tomllib.loads(text)


def key_line(lines: list[str], start: int, end: int, key: str, table: str = "") -> int:
    """The line, from `start` to before `end` (1-based), that sets `key = ...` or opens `key` as a
    table (`[key]`, `[[key]]`; `[table.key]` for a sub-table of `table`), else `start`: where a
    message about that key should point. The one finder of a key's line for every data file."""
    header = re.escape(f"{table}.{key}" if table else key)
    pattern = re.compile(rf"^\s*(?:{re.escape(key)}\s*=|\[\[?\s*{header}\s*\])")
    for number in range(start, end):
        if pattern.match(lines[number - 1]):
            return number
    return start


def table_lines(lines: list[str], name: str) -> list[int]:
    """The line of each `[[name]]` header (a comment may follow it), in order: where each entry of
    an array of tables starts. The one finder of those lines for every data file."""
    header = re.compile(rf"^\s*\[\[\s*{re.escape(name)}\s*\]\]\s*(?:#.*)?$")
    return [n for n, line in enumerate(lines, start=1) if header.match(line)]


def array_of_tables(data: dict, lines: list[str], name: str, file: str) -> tuple[list, list[int]]:
    """The entries of a file that holds only `[[name]]` tables, and the line each starts on; a
    `PlanError` at line 1 for any other top-level key or an entry not written as its own table."""
    unknown = sorted(set(data) - {name})
    if unknown:
        raise PlanError(file, 1, f"unknown key {unknown[0]!r}; write each {name} as a [[{name}]] table")
    entries = data.get(name, [])
    starts = table_lines(lines, name)
    if not isinstance(entries, list) or len(starts) != len(entries):
        raise PlanError(file, 1, f"write each {name} as its own [[{name}]] table")
    return entries, starts
