"""The structural lock: plan/actions.lock holds every action id with a fingerprint of its words, so
that a plan which lost, gained or re-lettered an action stops the generator instead of moving
published URLs to other actions. `--accept-changes` rewrites the lock when a change is meant.

A fingerprint is taken from the words the site publishes for an action (its paragraphs, sub-items
and footnotes, after errata), as lower-case words: layout, page headers, markers and emphasis may
move, the words under an id may not. Taking them after errata lets a later edition that repairs the
conversion damage in its source build against the same lock while the errata file still lists the
repairs; adding a correction changes the published words, so it is accepted like any other change.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

from .model import Account, Plan, PlanError

FINGERPRINT_LENGTH = 12  # hex digits: 48 bits, no collision among a few hundred actions
UNFINISHED = "unfinished:"
_WORD = re.compile(r"[^\W_]+")
_ENTRY = re.compile(
    rf"^(?P<id>[1-9]\d*[a-z]) (?P<fingerprint>[0-9a-f]{{{FINGERPRINT_LENGTH}}})"
    rf"(?: {re.escape(UNFINISHED)} (?P<reason>\S.*))?$"
)
# Text that ends a sentence, closing quotes and brackets allowed after it.
_SENTENCE_END = re.compile(r"[.!?:;…][\"'’”)\]]*$")
HEADER = """\
# Every action of the plan with a fingerprint of its words, read by scripts/plan_to_pages.py on
# every run. The generator stops when the plan's actions differ from these lines (an action gone,
# added, or its words now under another id), so that no published URL silently moves to another
# action. When the change is meant, run
#     python scripts/plan_to_pages.py --accept-changes
# which rewrites this file, and commit it with the plan.
# An action whose own text ends mid-sentence is an error unless its line here ends with
# "unfinished: <why>"; --accept-changes keeps these notes.
"""


@dataclass(frozen=True)
class Lock:
    fingerprints: dict[str, str]  # id -> fingerprint, in plan order
    unfinished: dict[str, str]  # id -> why its text may end mid-sentence
    lines: dict[str, int]  # id -> its line in the lock file


def fingerprint(words: list[str]) -> str:
    return hashlib.sha256(" ".join(words).encode("utf-8")).hexdigest()[:FINGERPRINT_LENGTH]


def fingerprints(plan: Plan) -> dict[str, str]:
    """Each action's fingerprint, from its published words (text, sub-items, footnotes)."""
    found = {}
    for action in plan.actions():
        parts = [*action.paragraphs, *(s.text for s in action.subitems), *(f.text for f in action.footnotes)]
        found[action.id] = fingerprint([w.lower() for part in parts for w in _WORD.findall(part)])
    return found


def read_lock(text: str, file: str) -> Lock:
    found: dict[str, str] = {}
    unfinished: dict[str, str] = {}
    lines: dict[str, int] = {}
    for number, line in enumerate(text.split("\n"), 1):
        if not line.strip() or line.startswith("#"):
            continue
        entry = _ENTRY.match(line)
        if entry is None:
            raise PlanError(file, number, 'not a lock line: write "<action id> <fingerprint>" (see the header)')
        ident = entry.group("id")
        if ident in found:
            raise PlanError(file, number, f"action {ident} is already locked at line {lines[ident]}")
        found[ident] = entry.group("fingerprint")
        lines[ident] = number
        if entry.group("reason"):
            unfinished[ident] = entry.group("reason")
    if not found:
        raise PlanError(file, 1, "the lock lists no action; run with --accept-changes to write it")
    return Lock(found, unfinished, lines)


def lock_text(found: dict[str, str], unfinished: dict[str, str]) -> str:
    """The lock file for these fingerprints, keeping the notes of actions still in the plan."""
    lines = [f"{ident} {fp}" + (f" {UNFINISHED} {unfinished[ident]}" if ident in unfinished else "")
             for ident, fp in found.items()]
    return HEADER + "\n".join(lines) + "\n"


def _listed(ids: list[str], limit: int = 6) -> str:
    shown = ", ".join(ids[:limit])
    return shown + (f" and {len(ids) - limit} more" if len(ids) > limit else "")


def changes(lock: Lock, found: dict[str, str]) -> dict[str, list[str]]:
    """What differs between the lock and the plan's actions, by kind: gone, added, moved, changed."""
    locked_at = {fp: ident for ident, fp in reversed(lock.fingerprints.items())}
    found_at = {fp: ident for ident, fp in reversed(found.items())}
    result: dict[str, list[str]] = {"gone": [], "added": [], "moved": [], "changed": []}
    for ident, fp in found.items():
        if lock.fingerprints.get(ident) == fp:
            continue
        if fp in locked_at and locked_at[fp] != ident:
            result["moved"].append(f"{locked_at[fp]}→{ident}")
        elif ident in lock.fingerprints:
            result["changed"].append(ident)
        else:
            result["added"].append(ident)
    for ident, fp in lock.fingerprints.items():
        if ident not in found and found_at.get(fp, ident) == ident:
            result["gone"].append(ident)
    return {kind: ids for kind, ids in result.items() if ids}


def summary(differences: dict[str, list[str]]) -> str:
    return "; ".join(f"{len(ids)} {kind} ({_listed(ids)})" for kind, ids in differences.items())


def check(lock: Lock, found: dict[str, str], plan: Plan, account: Account, lock_file: str) -> None:
    """Stop, naming what changed, when the plan's actions are not the locked ones."""
    differences = changes(lock, found)
    if not differences:
        return
    first_line = {}
    for use in account.lines:
        kind, _, ident = (use.used_by or "").partition(":")
        if kind == "action":
            first_line.setdefault(ident, use.line)
    # Point at the plan where the first difference is in it, else at the lock's line.
    involved = [part for ids in differences.values() for item in ids for part in item.split("→")]
    in_plan = sorted(first_line[i] for i in involved if i in first_line)
    where = (plan.source, in_plan[0]) if in_plan else (lock_file, min(lock.lines[i] for i in involved))
    raise PlanError(
        *where,
        f"the plan's actions differ from {lock_file}: {summary(differences)}; "
        "if that is meant, run with --accept-changes",
    )


def check_endings(plan: Plan, unfinished: dict[str, str], lock_file: str) -> None:
    """An action that ends mid-sentence was cut (a truncated file, a lost page): an error unless
    the lock notes that the plan's own text ends so."""
    for action in plan.actions():
        last = action.subitems[-1].text if action.subitems else action.paragraphs[-1]
        if _SENTENCE_END.search(last.rstrip()) or action.id in unfinished:
            continue
        line = action.subitems[-1].line if action.subitems else action.lines[-1]
        raise PlanError(
            plan.source, line,
            f"action {action.id} ends mid-sentence ({last[-40:]!r}): is the plan cut short? If its text "
            f"really ends so, correct it in the errata or note \"{UNFINISHED} <why>\" on its line in {lock_file}",
        )
