"""One validator for every data file of plan/: the decoded TOML checked against the schema declared
beside the file's loader (jsonschema, Draft 2020-12), so that types, ranges, enumerations, dates,
addresses and characters are checked the same way in every file. The first problem, in file
order, is a `PlanError` at the line of its key.

The formats below are what a schema names with "format": text that reaches pages, feeds and
spreadsheets must hold no character a reader cannot see, a URL must be https and nothing but a
URL, a date must be a real day written in ASCII digits and, where the schema says so, not later
than the checkout's last commit (a deterministic "today": the clock would make builds differ).

jsonschema_rs (compiled) says whether a file is valid; only a file it rejects is checked again by
jsonschema, which decides, and names the problem and its place. So a valid file, as in every build
of the site (the helplines, the vocabulary), never imports jsonschema (0.1 s of CPU with its
dependencies).
"""

from __future__ import annotations

import datetime
import os
import re
import subprocess
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

import jsonschema_rs

from ..errors import PlanError
from ..memo import ByIdentity
from ..reading.source import key_line, table_lines

if TYPE_CHECKING:
    import jsonschema

# Characters no reader sees that change what text shows or how it reads: C0 and C1 controls, the
# zero-width and direction marks, the line and paragraph separators, the bidirectional embeddings,
# overrides and isolates, the invisible operators and the byte-order mark.
INVISIBLE = "\u200b-\u200f\u2028\u2029\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff"
_NOT_IN_LINE = re.compile(f"[\x00-\x1f\x7f-\x9f{INVISIBLE}]")
_NOT_IN_TEXT = re.compile(f"[\x00-\x08\x0b-\x1f\x7f-\x9f{INVISIBLE}]")  # newlines and tabs allowed
_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_PARTIAL_DATE = re.compile(r"[0-9]{4}(?:-[0-9]{2}(?:-[0-9]{2})?)?")
# An https address as a page may print it inside a Markdown link and an HTML attribute: ASCII, no
# spaces, quotes, angle brackets, backslashes or brackets (which would end the link early).
_URL = re.compile(r"https://[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+(?::[0-9]{1,5})?(?:[/?#][A-Za-z0-9\-._~%!$&*+,;=:@/?#]*)?")
_PHONE = re.compile(r"[0-9]{3,5}(?: [0-9]{2,4}){0,3}")
_ACTION_ID = re.compile(r"[1-9][0-9]{0,2}[a-z]")
_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
# A date "not in the future" may be this many days after the last commit: a maintainer records
# today's review before committing it.
GRACE_DAYS = 31

FORMATS = {
    "line": "one line of text, without control, invisible or bidirectional characters",
    "text": "text without control, invisible or bidirectional characters",
    "words": "words on one line (or none), without control, invisible or bidirectional characters",
    "https-url": "an https:// address (ASCII, no spaces, quotes, brackets or angle brackets)",
    "day": 'a day of the calendar written "2026-12-01"',
    "partial-date": 'a date written "2025-07-16", "2025-07" or "2025"',
    "month": 'a month written "2026-04"',
    "past-day": 'a day of the calendar written "2026-12-01", not after the last commit',
    "phone": 'digits in groups as printed, like "0808 2000 247"',
    "action-id": 'an action id such as "12e"',
    "slug": "lower-case words joined by hyphens, like home-office",
}


def _real_date(text: str) -> datetime.date | None:
    year, month, day = (text.split("-") + ["01", "01"])[:3]
    try:
        return datetime.date(int(year), int(month), int(day))
    except ValueError:
        return None


@lru_cache(maxsize=8)
def reference_date(folder: str) -> datetime.date | None:
    """The deterministic "today" for data in `folder`: SOURCE_DATE_EPOCH if set, else the date of
    the last commit of its checkout; None outside a checkout (the check is then the record's own)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        return datetime.datetime.fromtimestamp(int(epoch), datetime.UTC).date()
    try:
        done = subprocess.run(["git", "log", "-1", "--format=%cs"], cwd=folder or ".", capture_output=True,
                              text=True, timeout=30)
    except (OSError, subprocess.SubprocessError):
        return None
    return _real_date(done.stdout.strip()) if done.returncode == 0 and _DAY.fullmatch(done.stdout.strip()) else None


def latest_allowed(file: str) -> datetime.date | None:
    """The latest day a "past-day" may be: the reference date of the file's checkout (else of the
    checkout the command runs in, for a copy of a data file elsewhere) plus GRACE_DAYS."""
    return _latest_allowed(file, os.getcwd())


@lru_cache(maxsize=64)
def _latest_allowed(file: str, cwd: str) -> datetime.date | None:
    # By file and working folder (a relative `file` resolves against it): validate is called for
    # each entry of plan/standings.toml, and resolving the path cost more than checking the entry.
    reference = reference_date(str(Path(file).resolve().parent)) or reference_date(cwd)
    return reference + datetime.timedelta(days=GRACE_DAYS) if reference else None


def _format_tests(latest: datetime.date | None) -> dict[str, Callable[[str], bool]]:
    """Each format's test of a string (a format says nothing about other values)."""
    return {
        "line": lambda s: bool(s.strip()) and not _NOT_IN_LINE.search(s),
        "text": lambda s: bool(s.strip()) and not _NOT_IN_TEXT.search(s),
        "words": lambda s: not _NOT_IN_LINE.search(s),
        "https-url": lambda s: bool(_URL.fullmatch(s)),
        "day": lambda s: bool(_DAY.fullmatch(s)) and _real_date(s) is not None,
        "partial-date": lambda s: bool(_PARTIAL_DATE.fullmatch(s)) and _real_date(s) is not None,
        "month": lambda s: bool(_PARTIAL_DATE.fullmatch(s)) and s.count("-") == 1 and _real_date(s) is not None,
        "past-day": lambda s: bool(_DAY.fullmatch(s)) and (d := _real_date(s)) is not None
        and (latest is None or d <= latest),
        "phone": lambda s: bool(_PHONE.fullmatch(s)),
        "action-id": lambda s: bool(_ACTION_ID.fullmatch(s)),
        "slug": lambda s: bool(_SLUG.fullmatch(s)),
    }


def _checker(tests: dict[str, Callable[[str], bool]]) -> jsonschema.FormatChecker:
    import jsonschema

    checker = jsonschema.FormatChecker(formats=())
    for name, test in tests.items():
        checker.checks(name)(lambda value, test=test: not isinstance(value, str) or test(value))
    return checker


def _message(error: jsonschema.ValidationError, latest: datetime.date | None) -> str:
    where = ".".join(str(p) for p in error.absolute_path if not isinstance(p, int)) or "the file"
    if error.validator == "format":
        wanted = FORMATS[error.validator_value]
        unseen = _NOT_IN_LINE if error.validator_value in ("line", "words") else _NOT_IN_TEXT
        if isinstance(error.instance, str) and (found := unseen.search(error.instance)):
            return (f"{where} holds a control character U+{ord(found.group()):04X} at column {found.start() + 1} "
                    "(control, invisible and bidirectional characters are not allowed); remove it")
        if error.validator_value == "past-day" and latest is not None:
            wanted += f" ({latest.isoformat()} at the latest)"
        got = repr(error.instance)
        return f"{where} must be {wanted}; got {got[:80] + '…' if len(got) > 80 else got}"
    if error.validator == "additionalProperties":
        return f"{where}: {error.message}" if where != "the file" else error.message
    return f"{where}: {error.message}"


def validate(data, schema: dict, file: str, text: str, line: int | None = None,
             locate: Callable[[list], int] | None = None) -> None:
    """Check decoded `data` from `file` (whose source is `text`) against `schema`; the problem at the
    earliest line is a `PlanError` there (at `line`, when `data` is one entry known to be there;
    `locate`, the loader's own finder of a value's line from its path, for a file whose tables
    `line_of` cannot find, such as plan/standings.toml's quoted ["1a"] headers)."""
    latest = latest_allowed(file)
    tests = _format_tests(latest)
    try:
        if _quick_validator(schema, latest, tests).is_valid(data):
            return
    except ValueError:  # a value JSON has no type for (a TOML date or time): jsonschema judges it
        pass
    import jsonschema  # here, not at the top: see the module's docstring

    validator = jsonschema.Draft202012Validator(schema, format_checker=_checker(tests))
    errors = list(validator.iter_errors(data))
    if not errors:
        return
    lines = text.splitlines()
    find = locate or (lambda path: line_of(lines, path))
    placed = sorted(((line or find(list(e.absolute_path)), i, e) for i, e in enumerate(errors)),
                    key=lambda t: t[:2])
    found, _, error = placed[0]
    raise PlanError(file, found, _message(error, latest))


_QUICK = ByIdentity(32)


def _quick_validator(schema: dict, latest: datetime.date | None, tests) -> jsonschema_rs.Draft202012Validator:
    """The compiled validator of `schema` (found by identity: the schemas are the loaders'
    constants) with the formats for `latest`: built once, not once for each entry validated."""
    return _QUICK.get(
        schema, lambda: jsonschema_rs.Draft202012Validator(schema, formats=tests, validate_formats=True), latest
    )


def line_of(lines: list[str], path: list) -> int:
    """The line of the value at `path` ("update", 2, "source", "url"): the header of the n-th
    `[[update]]`, then the key's line within that table (or its `[update.source]` table)."""
    start, end, found = 1, len(lines) + 1, 1
    tables: list[str] = []
    for part in path:
        if isinstance(part, int):
            name = ".".join(tables)
            headers = [n for n in table_lines(lines, name) if start <= n < end]
            if part < len(headers):
                found = start = headers[part]
                end = headers[part + 1] if part + 1 < len(headers) else end
                continue
            # An inline array: the n-th line with an inline table, else its key's line.
            braces = [n for n in range(found, end) if "{" in lines[n - 1]]
            if part < len(braces):
                found = start = braces[part]
                continue
            return found
        # The key's line, or its sub-table's header (whose body holds the next key); neither
        # there, key_line gives `start`, which is `found` here: nothing moves.
        found = start = key_line(lines, start, end, str(part), ".".join(tables))
        tables.append(str(part))
    return found
