"""The reviewed standings, plan/standings.toml: for every action, where it stood when the plan was
published (done, under way, promised), the plan's words that show it, the reviewer's reason, and
which organisations the text makes its doers.

Rules propose (facts/status.py, facts/names.py); this data decides. The file is checked against
the plan: every action has exactly one entry, each quote is in its action's text, each doer is an
organisation the action names. Every problem is reported, each on one line at its own line of the
file, and nothing is built.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from ..memo import ByValue
from ..model import ActionFacts, Facts, OrganisationRole, Plan, PlanError, Standing
from ..reading.source import control_character, key_line, load_toml
from .schema import validate
from .standings import IDS

KEYS = ("standing", "words", "reason", "delivers", "delivers_note", "note")
REQUIRED = ("standing", "words", "reason", "delivers")
# One entry of plan/standings.toml, checked by the one validator (actionplan/records/schema.py) after the
# entry checks below, which say the common mistakes more plainly.
ENTRY_SCHEMA = {
    "type": "object",
    "additionalProperties": False,
    "required": list(REQUIRED),
    "properties": {
        "standing": {"type": "string", "enum": list(IDS)},
        "words": {"type": "string", "format": "text"},
        "reason": {"type": "string", "format": "text"},
        "delivers": {"type": "array", "uniqueItems": True, "items": {"type": "string", "format": "slug"}},
        "delivers_note": {"type": "string", "format": "text"},
        "note": {"type": "string", "format": "text"},
    },
}
SCHEMA = {"type": "object", "additionalProperties": ENTRY_SCHEMA}
_HEADER = re.compile(r"""^\s*\[\s*(?:"([^"]*)"|'([^']*)'|([A-Za-z0-9_-]+))\s*\]\s*(?:#.*)?$""")


@dataclass(frozen=True)
class ReviewEntry:
    action_id: str
    standing: str  # one of standings.IDS
    words: str  # the plan's words, exactly as the action prints them
    reason: str  # one plain sentence, for a reader
    delivers: tuple[str, ...]  # organisation ids the text makes the doers; () where it names none
    delivers_note: str  # a doer not in the organisation list, in the reviewer's words
    note: str  # anything debatable
    line: int  # the line of the entry's table


class ReviewErrors(PlanError):
    """Every problem in the file, one `file:line: message` line each (the first one's place)."""

    def __init__(self, errors: list[PlanError]):
        super().__init__(errors[0].file, errors[0].line, errors[0].message)
        self.errors = tuple(errors)

    def __str__(self) -> str:
        return "\n".join(f"{e.file}:{e.line}: {e.message}" for e in self.errors)


class _Lines:
    """Where each table and key of the file is written, for messages at the right line."""

    def __init__(self, text: str):
        self.lines = text.splitlines()
        self.tables: dict[str, int] = {}
        self.starts: list[int] = []
        for number, line in enumerate(self.lines, start=1):
            if found := _HEADER.match(line):
                self.tables.setdefault(next(g for g in found.groups() if g is not None), number)
                self.starts.append(number)

    def table(self, name: str) -> int:
        return self.tables.get(name, 1)

    def key(self, name: str, key: str) -> int:
        """The line of `key = ...` inside table `name`, else the table's own line."""
        start = self.table(name)
        end = next((s for s in self.starts if s > start), len(self.lines) + 1)
        return key_line(self.lines, start, end, key)


def normalise(text: str) -> str:
    return " ".join(text.split())


def read_review(text: str, file: str) -> tuple[ReviewEntry, ...]:
    """The entries of a standings file, in file order, each checked on its own (keys, types, the
    standing's id); a `ReviewErrors` lists every problem."""
    entries, errors, _ = _read(text, file)
    if errors:
        raise ReviewErrors(errors)
    return entries


# What each text of a standings file reads as (by text and name): the tests run the generator many
# times in one process on the same file, and checking each entry against its schema is half the review.
_READ: ByValue[tuple[tuple[ReviewEntry, ...], tuple[PlanError, ...], frozenset[str]]] = ByValue(4)


def _read(text: str, file: str) -> tuple[tuple[ReviewEntry, ...], list[PlanError], set[str]]:
    """The entries that can be read, every problem found, and the name of every table."""
    entries, errors, tables = _READ.get((text, file), lambda: _read_anew(text, file))
    return entries, list(errors), set(tables)


def _read_anew(text: str, file: str) -> tuple[tuple[ReviewEntry, ...], tuple[PlanError, ...], frozenset[str]]:
    if control := control_character(text):
        raise PlanError(file, *control)
    data = load_toml(text, file)
    lines = _Lines(text)
    errors: list[PlanError] = []
    entries = []
    for action_id, entry in data.items():
        line = lines.table(action_id)
        before = len(errors)

        def fail(key: str | None, message: str, action_id=action_id, line=line) -> None:
            errors.append(PlanError(file, lines.key(action_id, key) if key else line, message))

        if not isinstance(entry, dict):
            fail(None, f"{action_id!r} must be a table: [\"{action_id}\"] with standing, words, reason, delivers")
            continue
        for key in entry:
            if key not in KEYS:
                fail(key, f"unknown key {key!r} in [{action_id!r}] (known: {', '.join(KEYS)})")
        missing = [key for key in REQUIRED if key not in entry]
        if missing:
            fail(None, f"[{action_id!r}] lacks {', '.join(missing)}")
            continue
        for key in ("standing", "words", "reason", "delivers_note", "note"):
            if key in entry and not isinstance(entry[key], str):
                fail(key, f"{key} must be a string")
        delivers = entry["delivers"]
        if not isinstance(delivers, list) or not all(isinstance(d, str) for d in delivers):
            fail("delivers", 'delivers must be a list of organisation ids, [] where the plan names none')
            continue
        if any(not isinstance(entry[k], str) for k in ("standing", "words", "reason")):
            continue
        if entry["standing"] not in IDS:
            fail("standing", f"standing {entry['standing']!r} is not one of {', '.join(IDS)}")
        if not normalise(entry["words"]):
            fail("words", "words must quote the plan's words the standing rests on")
        if not entry["reason"].strip():
            fail("reason", "say why, in one plain sentence (reason)")
        if len(set(delivers)) != len(delivers):
            fail("delivers", "delivers names an organisation twice")
        if len(errors) == before:  # else said plainly above, and the schema would say it again
            try:
                validate({action_id: entry}, SCHEMA, file, text,
                         locate=lambda p: lines.key(p[0], p[1]) if len(p) > 1 else lines.table(p[0]))
            except PlanError as error:
                errors.append(error)
        entries.append(
            ReviewEntry(
                action_id, entry["standing"], entry["words"], entry["reason"].strip(), tuple(delivers),
                str(entry.get("delivers_note", "")).strip(), str(entry.get("note", "")).strip(), line,
            )
        )
    return tuple(entries), tuple(errors), frozenset(data)


def _passages(plan: Plan, action_id: str) -> list[str]:
    """The action's published text in the pieces a quote may come from: each paragraph, sub-item
    and footnote, with whitespace normalised (a quote never spans two)."""
    action = plan.action(action_id)
    texts = [*action.paragraphs, *(s.text for s in action.subitems), *(f.text for f in action.footnotes)]
    return [normalise(t) for t in texts]


def check_review(
    entries: tuple[ReviewEntry, ...], plan: Plan, facts: Facts, file: str, text: str, tables: set[str] | None = None
) -> list[PlanError]:
    """Each entry against the plan: one entry per action and none for an unknown action, the quote
    in its action's text, each doer a known organisation that the action names. `tables`: every
    table of the file, read or not, so that an entry with a mistake is not also called missing."""
    lines = _Lines(text)
    errors: list[PlanError] = []
    known = {a.id for a in plan.actions()}
    organisations = {o.id for o in facts.entities.organisations}
    reviewed = set()
    for entry in entries:
        if entry.action_id not in known:
            errors.append(PlanError(file, entry.line, f"the plan has no action {entry.action_id!r}"))
            continue
        reviewed.add(entry.action_id)
        if not any(normalise(entry.words) in passage for passage in _passages(plan, entry.action_id)):
            errors.append(PlanError(
                file, lines.key(entry.action_id, "words"),
                f"words are not in the text of action {entry.action_id} (quote one paragraph or sub-item exactly)",
            ))
        named = {o.id for o in facts.actions[entry.action_id].organisations}
        for organisation in entry.delivers:
            where = lines.key(entry.action_id, "delivers")
            if organisation not in organisations:
                errors.append(
                    PlanError(file, where, f"delivers: {organisation!r} is not an organisation of plan/entities.toml")
                )
            elif organisation not in named:
                said = f"delivers: action {entry.action_id} does not name {organisation!r}, so no words show it"
                errors.append(PlanError(file, where, said))
    missing = [a.id for a in plan.actions() if a.id not in reviewed | (tables or set())]
    if missing:
        shown = ", ".join(missing[:12]) + (f" and {len(missing) - 12} more" if len(missing) > 12 else "")
        errors.append(PlanError(file, 1, f"{len(missing)} action(s) have no entry: {shown}"))
    return errors


def load_review(text: str, file: str, plan: Plan, facts: Facts) -> dict[str, ReviewEntry]:
    """The checked entries of a standings file, by action id; a `ReviewErrors` lists every problem,
    in the order of the file's lines."""
    entries, errors, tables = _read(text, file)
    errors += check_review(entries, plan, facts, file, text, tables)
    if errors:
        raise ReviewErrors(sorted(errors, key=lambda e: e.line))
    return {e.action_id: e for e in entries}


def reviewed_facts(action_facts: ActionFacts, entry: ReviewEntry) -> ActionFacts:
    """One action's facts with the review's decisions: its standing, and its doers (every other
    organisation the action names is mentioned; the evidence stays the sentence that names it)."""
    roles = tuple(
        OrganisationRole(o.id, "delivers" if o.id in entry.delivers else "mentioned", o.evidence)
        for o in action_facts.organisations
    )
    standing = Standing(entry.standing, normalise(entry.words), entry.reason, reviewed=True)
    return replace(action_facts, standing=standing, organisations=roles, delivers_note=entry.delivers_note)


def apply_review(facts: Facts, review: dict[str, ReviewEntry]) -> Facts:
    """The facts with every reviewed action's decisions; actions without an entry keep the rules'."""
    actions = {
        i: reviewed_facts(f, review[i]) if i in review else f for i, f in facts.actions.items()
    }
    return replace(facts, actions=actions)


@dataclass(frozen=True)
class Disagreement:
    action_id: str
    rules: str  # what the rules propose: a standing, or the doers joined by ", " ("none named")
    review: str  # what the review decided, in the same form


def _doers(action_facts: ActionFacts) -> str:
    return ", ".join(sorted(action_facts.delivering)) or "none named"


def disagreements(rules: Facts, reviewed: Facts) -> dict[str, tuple[Disagreement, ...]]:
    """Where the rules' proposal and the review differ, in plan order: the standing, and who delivers."""
    ids = list(rules.actions)
    return {
        "standing": tuple(
            Disagreement(i, rules.actions[i].standing.standing, reviewed.actions[i].standing.standing)
            for i in ids
            if rules.actions[i].standing.standing != reviewed.actions[i].standing.standing
        ),
        "delivers": tuple(
            Disagreement(i, _doers(rules.actions[i]), _doers(reviewed.actions[i]))
            for i in ids
            if set(rules.actions[i].delivering) != set(reviewed.actions[i].delivering)
        ),
    }
