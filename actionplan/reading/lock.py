"""The structural lock: plan/actions.lock holds every action id with a fingerprint of its words, so
that a plan which lost, gained or re-lettered an action stops the generator instead of moving
published URLs to other actions. `--accept-changes` rewrites the lock when a change is meant.

A fingerprint is taken from the words the site publishes for an action (its paragraphs, sub-items
and footnotes, after errata), as lower-case words: layout, page headers, markers and emphasis may
move, the words under an id may not. Taking them after errata lets a later edition that repairs the
conversion damage in its source build against the same lock while the errata file still lists the
repairs; adding a correction changes the published words, so it is accepted like any other change.

The lock holds the plan's structure too: each pillar (number, fingerprint of title and introduction),
theme (slug, pillar, parent, fingerprint of title and introduction) and commitment (number, pillar,
theme, fingerprint of lead-in). A deleted or duplicated heading or lead-in line can keep every action
and still move commitments to another theme or change an introduction; that stops the run too.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

from ..model import Account, Plan, PlanError

FINGERPRINT_LENGTH = 12  # hex digits: 48 bits, no collision among a few hundred actions
UNFINISHED = "unfinished:"
# Words, and each invisible or direction character on its own: one added between words changes the
# published text (and how it reads) without changing a word, so it must change the fingerprint.
_WORD = re.compile(r"[^\W_]+|[\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]")
_ENTRY = re.compile(
    rf"^(?P<id>[1-9]\d*[a-z]) (?P<fingerprint>[0-9a-f]{{{FINGERPRINT_LENGTH}}})"
    rf"(?: {re.escape(UNFINISHED)} (?P<reason>\S.*))?$"
)
_SLUG = r"[a-z0-9][a-z0-9-]*"
_FP = rf"[0-9a-f]{{{FINGERPRINT_LENGTH}}}"
# Structure lines: the key ("pillar 2", "theme <slug>", "commitment 12") and what is locked for it.
_STRUCTURE = re.compile(
    rf"^(?P<key>pillar [1-9]\d*) (?P<value>{_FP})$"
    rf"|^(?P<tkey>theme {_SLUG}) (?P<tvalue>pillar [1-9]\d* parent (?:{_SLUG}|-) {_FP})$"
    rf"|^(?P<ckey>commitment [1-9]\d*) (?P<cvalue>pillar [1-9]\d* theme {_SLUG} {_FP})$"
)
# Text that ends a sentence, closing quotes and brackets allowed after it.
_SENTENCE_END = re.compile(r"[.!?:;…][\"'’”)\]]*$")
HEADER = """\
# Every action of the plan with a fingerprint of its words, and the plan's structure, read by
# scripts/plan_to_pages.py on every run. The generator stops when the plan's actions differ from
# these lines (an action gone, added, or its words now under another id), so that no published URL
# silently moves to another action, or when its structure differs (a heading or lead-in line lost
# or doubled). The lines, in plan order:
#     pillar <number> <fingerprint of its title and introduction>
#     theme <slug> pillar <number> parent <slug, or - for none> <fingerprint of its title and introduction>
#     commitment <number> pillar <number> theme <slug> <fingerprint of its lead-in>
#     <action id> <fingerprint of its words>
# Fingerprints are of the lower-case words, so layout and punctuation may change; words may not.
# When the change is meant, run
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
    structure: dict[str, str]  # "pillar 2", "theme <slug>", "commitment 12" -> the rest of its line
    structure_lines: dict[str, int]  # key -> its line in the lock file


def fingerprint(words: list[str]) -> str:
    return hashlib.sha256(" ".join(words).encode("utf-8")).hexdigest()[:FINGERPRINT_LENGTH]


def fingerprints(plan: Plan) -> dict[str, str]:
    """Each action's fingerprint, from its published words (text, sub-items, footnotes)."""
    found = {}
    for action in plan.actions():
        parts = [*action.paragraphs, *(s.text for s in action.subitems), *(f.text for f in action.footnotes)]
        found[action.id] = fingerprint([w.lower() for part in parts for w in _WORD.findall(part)])
    return found


def words_changed(old: list[str], new: list[str], context: int = 3) -> tuple[str, str]:
    """The first place two texts differ, word by word, with a few words either side."""
    import difflib

    a, b = " ".join(old).split(), " ".join(new).split()
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag != "equal":
            return (" ".join(a[max(0, i1 - context) : i2 + context]), " ".join(b[max(0, j1 - context) : j2 + context]))
    return ("", "")


def _words(parts) -> list[str]:
    return [w.lower() for part in parts for w in _WORD.findall(part)]


def structure(plan: Plan) -> dict[str, str]:
    """Each pillar's, theme's and commitment's lock key and locked value, in plan order."""
    entries = [(p.line, f"pillar {p.number}", fingerprint(_words([p.title, *p.introduction])))
               for p in plan.pillars]
    entries += [(t.line, f"theme {t.slug}",
                 f"pillar {t.pillar} parent {t.parent or '-'} {fingerprint(_words([t.title, *t.introduction]))}")
                for t in plan.themes]
    entries += [(c.line, f"commitment {c.number}",
                 f"pillar {c.pillar} theme {c.theme} {fingerprint(_words([c.lead_in]))}")
                for c in plan.commitments]
    return {key: value for _line, key, value in sorted(entries, key=lambda e: e[0])}


def read_lock(text: str, file: str) -> Lock:
    found: dict[str, str] = {}
    unfinished: dict[str, str] = {}
    lines: dict[str, int] = {}
    shape: dict[str, str] = {}
    shape_lines: dict[str, int] = {}
    for number, line in enumerate(text.split("\n"), 1):
        if not line.strip() or line.startswith("#"):
            continue
        part = _STRUCTURE.match(line)
        if part is not None:
            key = part.group("key") or part.group("tkey") or part.group("ckey")
            if key in shape:
                raise PlanError(file, number, f"{key} is already locked at line {shape_lines[key]}")
            shape[key] = part.group("value") or part.group("tvalue") or part.group("cvalue")
            shape_lines[key] = number
            continue
        entry = _ENTRY.match(line)
        if entry is None:
            raise PlanError(file, number, 'not a lock line: write "<action id> <fingerprint>" or a '
                            "pillar, theme or commitment line (see the header)")
        ident = entry.group("id")
        if ident in found:
            raise PlanError(file, number, f"action {ident} is already locked at line {lines[ident]}")
        found[ident] = entry.group("fingerprint")
        lines[ident] = number
        if entry.group("reason"):
            unfinished[ident] = entry.group("reason")
    if not found:
        raise PlanError(file, 1, "the lock lists no action; run with --accept-changes to write it")
    return Lock(found, unfinished, lines, shape, shape_lines)


def lock_text(plan: Plan, unfinished: dict[str, str]) -> str:
    """The lock file for the plan, in plan order, keeping the notes of actions still in it."""
    entries = [(line, f"{key} {value}") for key, value in structure(plan).items()
               for line in [_structure_line(plan, key)]]
    found = fingerprints(plan)
    entries += [(action.lines[0], f"{action.id} {found[action.id]}"
                 + (f" {UNFINISHED} {unfinished[action.id]}" if action.id in unfinished else ""))
                for action in plan.actions()]
    return HEADER + "\n".join(text for _line, text in sorted(entries, key=lambda e: e[0])) + "\n"


def _structure_line(plan: Plan, key: str) -> int:
    kind, _, name = key.partition(" ")
    if kind == "pillar":
        return plan.pillar(int(name)).line
    if kind == "theme":
        return plan.theme(name).line
    return next(c.line for c in plan.commitments if str(c.number) == name)


def _listed(ids: list[str], limit: int = 6) -> str:
    shown = ", ".join(ids[:limit])
    return shown + (f" and {len(ids) - limit} more" if len(ids) > limit else "")


def changes(lock: Lock, found: dict[str, str]) -> dict[str, list[str]]:
    """What differs between the lock and the plan's actions, by kind: gone, added, moved, changed."""
    locked_at = {fp: ident for ident, fp in reversed(lock.fingerprints.items())}
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
    # Every locked id the plan lacks is gone, but for the old id of a move: a line for an action
    # that does not exist (whatever its fingerprint) is never accepted.
    moved_from = {pair.split("→")[0] for pair in result["moved"]}
    for ident in lock.fingerprints:
        if ident not in found and ident not in moved_from:
            result["gone"].append(ident)
    return {kind: ids for kind, ids in result.items() if ids}


def structure_changes(lock: Lock, found: dict[str, str]) -> dict[str, list[str]]:
    """Pillars, themes and commitments gone, added or changed (words, pillar, theme or parent)."""
    result: dict[str, list[str]] = {
        "gone": [key for key in lock.structure if key not in found],
        "added": [key for key in found if key not in lock.structure],
        "changed": [key for key, value in found.items() if key in lock.structure and lock.structure[key] != value],
    }
    return {kind: keys for kind, keys in result.items() if keys}


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


def check_structure(lock: Lock, plan: Plan, lock_file: str) -> None:
    """Stop, naming what changed, when the plan's pillars, themes or commitments are not the locked ones."""
    found = structure(plan)
    differences = structure_changes(lock, found)
    if not differences:
        return
    involved = [key for keys in differences.values() for key in keys]
    in_plan = sorted(_structure_line(plan, key) for key in involved if key in found)
    where = (plan.source, in_plan[0]) if in_plan else (lock_file, min(lock.structure_lines[k] for k in involved))
    raise PlanError(
        *where,
        f"the plan's structure differs from {lock_file}: {summary(differences)}; "
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
