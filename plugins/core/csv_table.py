"""The CSV download: one row per action, in the columns a spreadsheet user expects.

Pure: `csv_bytes(model, site_url)` turns the parsed `actions.json` into the file's exact bytes.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from actionplan.records.standings import STANDINGS
from actionplan.terms import DEADLINE_KINDS, SUBITEM_OF

from .model import organisations_in_role
from .record import record

# Documented on the Data page; no name, date, sum or note in the plan contains it (a test checks).
LIST_SEPARATOR = " | "
# Paragraphs and sub-items inside the text cell: a blank line, which spreadsheets show as a break.
PARAGRAPH_SEPARATOR = "\n\n"
# Excel reads a file without a byte order mark as the local code page and mangles "£" and "–".
BOM = "\ufeff"
# RFC 4180 ends records with CRLF; line breaks inside quoted cells stay as the text has them.
LINE_END = "\r\n"
# A spreadsheet runs a cell that starts with one of these as a formula (CSV injection): such a
# cell gets a leading apostrophe, which spreadsheets read as "this is text". Cells that already
# start with apostrophes before one of these get one more, so that removing one leading
# apostrophe always gives the plan's text back. Documented on the Data page.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
NEUTRALISER = "'"


@record
class Index:
    """Names by identifier, so cells say "Home Office" rather than "home-office"."""

    pillars: dict[int, str]
    themes: dict[str, str]
    names: dict[str, dict[str, str]]  # kind ("organisations", ...) -> id -> name
    site_url: str  # the site's address, "" when the build has none

    @classmethod
    def of(cls, model: dict, site_url: str = "") -> Index:
        kinds = ("organisations", "laws", "programmes", "topics")
        return cls(
            pillars={p["number"]: p["title"] for p in model["pillars"]},
            themes={t["slug"]: t["title"] for t in model["themes"]},
            names={kind: {e["id"]: e["name"] for e in model[kind]} for kind in kinds},
            site_url=site_url.rstrip("/"),
        )


def is_deadline(date: dict) -> bool:
    """A deadline of the action or of one of its sub-items (model.Deadline.is_deadline)."""
    return date["kind"] in DEADLINE_KINDS and (date["of"] == "action" or date["of"].startswith(SUBITEM_OF))


def joined(values: Iterable[str]) -> str:
    return LIST_SEPARATOR.join(values)


def full_text(action: dict) -> str:
    """Paragraphs, then the sub-items, each led by its numeral in brackets: "(ii) Fund research"."""
    subitems = (f"({s['numeral']}) {s['text']}" for s in action["subitems"])
    return PARAGRAPH_SEPARATOR.join([*action["paragraphs"], *subitems])


def site_address(url: str, site_url: str) -> str:
    """Absolute where the site's address is known, so the cell is a working link in a spreadsheet."""
    return f"{site_url}/{url}" if site_url else url


def page_span(pages: list[int]) -> str:
    # An en dash, not a hyphen: spreadsheets read "20-21" as a date.
    first, last = min(pages), max(pages)
    return str(first) if first == last else f"{first}–{last}"


def correction_text(correction: dict) -> str:
    return f"{correction['find']} → {correction['replace']} ({correction['reason']})"


# Kinds of date that are deadlines (schema: $defs.deadline.kind).


def money_kind(money: dict) -> str:
    basis = f" ({money['context_basis']})" if money["context_basis"] else ""
    part = f", part of {money['part_of'] + 1}" if money["part_of"] is not None else ""
    bound = ", at least" if money["lower_bound"] else ""
    return money["kind"] + basis + part + bound


def names(kind: str) -> Callable[[dict, Index], str]:
    return lambda action, index: joined(index.names[kind][i] for i in action["facts"][kind])


def organisations(role: str) -> Callable[[dict, Index], str]:
    def cell(action: dict, index: Index) -> str:
        names = index.names["organisations"]
        return joined(names[o["id"]] for o in organisations_in_role(action, role))

    return cell


@record
class Column:
    """One column of the CSV: its name, what it holds, and how a row's value is worked out."""

    name: str
    description: str
    value: Callable[[dict, Index], str | int]


COLUMNS: tuple[Column, ...] = (
    Column("id", 'The action\'s identifier, commitment number and letter: "12e".', lambda a, i: a["id"]),
    Column("commitment", "Number of the commitment the action belongs to.", lambda a, i: a["commitment"]),
    Column("letter", "The action's letter within its commitment.", lambda a, i: a["letter"]),
    Column("pillar", "Number of the pillar, 1 to 4.", lambda a, i: a["pillar"]),
    Column("pillar_title", "Title of the pillar.", lambda a, i: i.pillars[a["pillar"]]),
    Column("theme", "Heading the action is printed under.", lambda a, i: i.themes[a["theme"]]),
    Column("title", "The action's heading, in the plan's words (see the JSON field `title`).", lambda a, i: a["title"]),
    Column("summary", "One sentence describing the action.", lambda a, i: a["summary"]),
    Column(
        "text",
        "The full text: paragraphs, then sub-items each starting with its numeral in brackets "
        '("(ii) "), separated by a blank line (two line feeds) inside the cell.',
        lambda a, i: full_text(a),
    ),
    Column("footnotes", "Footnotes belonging to the action.", lambda a, i: joined(f["text"] for f in a["footnotes"])),
    Column(
        "delivered_by",
        "Organisations the text makes the doer: they do, lead, fund or jointly carry out the action. "
        "Empty where the plan names none (it speaks for the Government).",
        organisations("delivers"),
    ),
    Column("mentions", "Other organisations the text names, without making them the doer.", organisations("mentioned")),
    Column(
        "laws",
        "Acts, bills and statutory instruments mentioned (named schemes such as Clare's Law are programmes).",
        names("laws"),
    ),
    Column("programmes", "Programmes and schemes mentioned.", names("programmes")),
    Column("topics", "Topics the action is grouped under on this site.", names("topics")),
    Column(
        "deadlines",
        'The action\'s own deadlines ("by" and "in" dates), in the plan\'s own words.',
        lambda a, i: joined(d["text"] for d in a["facts"]["deadlines"] if is_deadline(d) and d["of"] == "action"),
    ),
    Column(
        "subitem_deadlines",
        'Deadlines of one sub-item, each as "sub-item numeral: words" ("sub-item i: by April 2028").',
        lambda a, i: joined(
            f"{d['of']}: {d['text']}" for d in a["facts"]["deadlines"] if is_deadline(d) and d["of"] != "action"
        ),
    ),
    Column(
        "deadline_year",
        "The years the action's deadlines and its sub-items' end in: \"by 2026/27\" ends on 31 March 2027, "
        "so 2027. The filter actions/deadline/<year>/ selects the same.",
        lambda a, i: joined(sorted({str(d["end_year"]) for d in a["facts"]["deadlines"] if is_deadline(d)})),
    ),
    Column(
        "other_dates",
        'Dates that are not deadlines, each as "kind (what it dates): words". Kinds: "from" a start, "period" '
        'the span a sum or strategy covers, "past" an event already past when the plan was published, '
        '"forecast" an expected outcome; what it dates: "action", "sub-item i", "background" (something '
        'the action builds on) or "money" (the period of a sum). Example: "past (background): in March 2025".',
        lambda a, i: joined(
            f"{d['kind']} ({d['of']}): {d['text']}" for d in a["facts"]["deadlines"] if not is_deadline(d)
        ),
    ),
    Column(
        "money",
        "Sums of money mentioned, in the plan's own words.",
        lambda a, i: joined(m["text"] for m in a["facts"]["money"]),
    ),
    Column(
        "money_amounts",
        'Each sum of the money column in whole pounds (digits only, "499000000"), in the same order; '
        "empty where the plan gives no figure.",
        lambda a, i: joined(str(m["amount"]) if m["amount"] is not None else "" for m in a["facts"]["money"]),
    ),
    Column(
        "money_periods",
        'The period each sum covers in the plan\'s words ("over the next three years"), in the same order; '
        "empty where none is given.",
        lambda a, i: joined(m["period"] or "" for m in a["facts"]["money"]),
    ),
    Column(
        "money_kinds",
        'What each sum is, in the same order: "funding" for this action in the plan\'s period, or "context" '
        'for a background figure that no total should add, with why in brackets: "before-period" (a year '
        'before the plan\'s period, 2026–29), "whole-budget", "wider-programme" (plan/money.toml); then '
        '", part of N" where the text says the Nth sum (from 1) contains it, and ", at least" where the '
        'amount is a lower bound ("more than £300,000"). Example: "context (before-period), part of 3".',
        lambda a, i: joined(money_kind(m) for m in a["facts"]["money"]),
    ),
    Column(
        "standing",
        "Where the action stood when the plan was published, by the plan's own account: "
        + " ".join(f'"{s.id}": {s.means}' for s in STANDINGS.values()),
        lambda a, i: a["facts"]["standing"]["id"],
    ),
    Column(
        "standing_words",
        "The plan's words the standing rests on, quoted exactly.",
        lambda a, i: a["facts"]["standing"]["words"],
    ),
    Column(
        "standing_reason",
        'Why, in one plain sentence; "standing_reviewed" says whether a reviewer decided it ("yes") or it '
        'is the site\'s rules\' proposal ("no").',
        lambda a, i: a["facts"]["standing"]["reason"],
    ),
    Column(
        "standing_reviewed",
        '"yes" where a reviewer decided the standing and who delivers (plan/standings.toml), "no" where '
        "they are the site's rules' proposal.",
        lambda a, i: "yes" if a["facts"]["standing"]["reviewed"] else "no",
    ),
    Column(
        "progress_status",
        'What the progress record holds on the date the site was built (progress.as_of in the JSON; the '
        'record was fully reviewed up to progress.reviewed_up_to): "delivered", "dropped", "delayed", '
        '"in-progress" or "none-recorded".',
        lambda a, i: a["progress"]["status"],
    ),
    Column(
        "schedule",
        'The plan\'s deadline on the date the site was built (progress.as_of in the JSON): "no-deadline", '
        '"due" (not yet reached), "passed" (its last day is before that date, no delivery recorded) or '
        '"delivered".',
        lambda a, i: a["progress"]["schedule"],
    ),
    Column(
        "schedule_deadline",
        "The deadline the schedule is measured against, in the plan's words, and its last day: "
        '"by January 2026 (2026-01-31)".',
        lambda a, i: f"{d['text']} ({d['ends']})" if (d := a["progress"]["deadline"]) else "",
    ),
    Column(
        "latest_update",
        'The newest recorded update, as "date kind: text"; the rest are in updates.csv.',
        lambda a, i: next((f"{u['date']} {u['kind']}: {u['text']}" for u in a["progress"]["updates"]), ""),
    ),
    Column(
        "flags",
        "Notes about damage in the source text (see the JSON field `flags`).",
        lambda a, i: joined(a["flags"]),
    ),
    Column(
        "corrections",
        'Repairs made to the source text, each as "source words → published words (reason)".',
        lambda a, i: joined(correction_text(c) for c in a["corrections"]),
    ),
    Column(
        "pages",
        'Printed pages of the plan the action appears on: "20", or "20–21" across two pages.',
        lambda a, i: page_span(a["pages"]),
    ),
    Column(
        "url",
        "Address of the action's page on this site (absolute where the build knows the site's address).",
        lambda a, i: site_address(a["url"], i.site_url),
    ),
)


# The first characters of the cells `neutralised` must look at more closely.
_RISKY_FIRST = frozenset(start[0] for start in FORMULA_STARTS) | {NEUTRALISER}


def neutralised(value: str | int) -> str | int:
    """The cell as a spreadsheet must show it: text, never a formula."""
    if (
        isinstance(value, str)
        and value[:1] in _RISKY_FIRST
        and value.lstrip(NEUTRALISER).startswith(FORMULA_STARTS)
    ):
        return NEUTRALISER + value
    return value


@dataclass
class _Table:
    model: dict  # held, so that its id cannot be another model's while this is kept
    rows: list[list[str | int]]
    lines: list[bytes] | None = None


# The table of the one model a build reads: data/actions.csv and every filtered list's CSV are
# made from its rows, each row encoded once.
_tables: dict[tuple[int, str], _Table] = {}


def _table(model: dict, site_url: str) -> _Table:
    key = (id(model), site_url)
    found = _tables.get(key)
    if found is None or found.model is not model:
        index = Index.of(model, site_url)
        rows = [[neutralised(column.value(action, index)) for column in COLUMNS] for action in model["actions"]]
        _tables.clear()
        found = _tables[key] = _Table(model, rows)
    return found


def csv_rows(model: dict, site_url: str = "") -> list[list[str | int]]:
    """One row for each action, in the plan's order; worked out once for a model and site address (the
    model is read once a build and never changed), so callers must not change the rows."""
    return _table(model, site_url).rows


def action_lines(model: dict, site_url: str = "") -> list[bytes]:
    """`csv_rows` encoded (`encoded_rows`), once for a model and site address: a list's CSV is
    `table_of` the lines of its actions."""
    table = _table(model, site_url)
    if table.lines is None:
        table.lines = encoded_rows(table.rows)
    return table.lines


def csv_bytes(model: dict, site_url: str = "") -> bytes:
    return table_of(action_lines(model, site_url))


def encoded_rows(rows: Iterable[list[str | int]]) -> list[bytes]:
    """Each row made by `csv_rows` as the bytes of its line in the file: a table of any of them is
    the header's bytes and theirs (`table_of`), so the filtered lists' CSVs encode each action's
    row once, not once for every list that shows it."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator=LINE_END, quoting=csv.QUOTE_MINIMAL)
    lines = []
    for row in rows:
        writer.writerow(row)
        lines.append(out.getvalue().encode("utf-8"))
        out.seek(0)
        out.truncate()
    return lines


# The file's first bytes: the byte order mark (for spreadsheets) and the columns' names.
HEADER = BOM.encode("utf-8") + encoded_rows([[column.name for column in COLUMNS]])[0]


def table_of(lines: Iterable[bytes]) -> bytes:
    """The file's bytes for rows already encoded by `encoded_rows`."""
    return HEADER + b"".join(lines)
