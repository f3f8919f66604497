"""The generator's steps, read → parse → check against the lock → enrich → review → link →
write, run in memory: `build(inputs)` returns the content files; the CLI alone writes them."""

from __future__ import annotations

import json
import os
import sys
from dataclasses import dataclass
from pathlib import Path

from .facts.enrich import enrich, load_entities
from .link import first_mentions, link
from .model import PlanError
from .outdir import MANIFEST, is_own_path
from .paths import DEFAULT_HEADINGS, DEFAULT_LOCK, DEFAULT_STANDINGS, DEFAULT_UPDATES
from .progress import check_plan_quotes
from .reading.errata import load_errata
from .reading.lock import (
    changes,
    check,
    check_endings,
    fingerprints,
    lock_text,
    read_lock,
    structure,
    structure_changes,
    summary,
    words_changed,
)
from .reading.lock import check_structure as check_locked_structure
from .reading.parse import parse_plan_file
from .reading.source import read_text
from .records.own_headings import apply_own_headings, load_own_headings
from .records.review import apply_review, load_review
from .records.updates import load_updates
from .write import render_content


@dataclass(frozen=True)
class Inputs:
    plan: Path
    errata: Path | None  # None: read the plan as it is, without corrections (--no-errata)
    entities: Path
    updates: Path = DEFAULT_UPDATES
    lock: Path = DEFAULT_LOCK
    use_lock: bool = True  # False only to read another plan into a scratch folder (--no-lock)
    # The reviewed standings; None: the rules' proposals alone (--no-standings, and another plan)
    standings: Path | None = DEFAULT_STANDINGS
    # None with --no-errata: another plan's lost openings are its own, and keep the plain note.
    headings: Path | None = DEFAULT_HEADINGS
    # The content folder's actions.json as it stands: the published words a lock error shows as old.
    previous: Path | None = None


def check_structure(plan, account, inputs: Inputs) -> None:
    """The plan's actions and structure must be the locked ones, and no action may end mid-sentence."""
    if inputs.use_lock and not inputs.lock.exists():
        raise PlanError(str(inputs.lock), 1, "no lock file; run scripts/plan_to_pages.py --accept-changes to write it")
    if inputs.use_lock or inputs.lock.exists():
        lock = read_lock(read_text(inputs.lock), str(inputs.lock))
        if inputs.use_lock:
            check_repaired(plan, lock, inputs)
        # Endings first: "ends mid-sentence, is the plan cut short?" says more than "changed".
        check_endings(plan, lock.unfinished, str(inputs.lock))
        if inputs.use_lock:
            try:
                check(lock, fingerprints(plan), plan, account, str(inputs.lock))
            except PlanError as error:
                raise explain_change(error, plan, lock, inputs) from None
            check_locked_structure(lock, plan, str(inputs.lock))
    else:
        check_endings(plan, {}, str(inputs.lock))


def check_repaired(plan, lock, inputs: Inputs) -> None:
    """A correction taken as "already repaired" (its words gone, its replacement there) must leave
    the action's words the locked ones: else its replacement merely occurs elsewhere in a changed
    action, and the correction is stale, an error at its line."""
    if inputs.errata is None:
        return
    ids = {action.id for action in plan.actions()}
    found = None  # the fingerprints, worked out only for a correction the plan did not take
    for correction in load_errata(read_text(inputs.errata), str(inputs.errata)):
        if correction.action_id not in ids or correction in plan.action(correction.action_id).corrections:
            continue
        found = found or fingerprints(plan)
        if lock.fingerprints.get(correction.action_id) != found[correction.action_id]:
            raise PlanError(
                str(inputs.errata), correction.line,
                f"{correction.find!r} no longer occurs in action {correction.action_id} and its words differ "
                f"from {inputs.lock}: the source was not simply repaired, so this correction is stale; "
                "correct it for the new text or remove it",
            )


def explain_change(error: PlanError, plan, lock, inputs: Inputs) -> PlanError:
    """The lock error for a changed action, made to say which file changed its words (the errata,
    when the plan as printed still has the locked words; else the plan) and how: old and new words."""
    changed = changes(lock, fingerprints(plan)).get("changed", [])
    if not changed:
        return error
    ident = changed[0]
    by_errata = False
    if inputs.errata is not None:
        printed, _ = parse_plan_file(str(inputs.plan), None)
        by_errata = fingerprints(printed).get(ident) == lock.fingerprints.get(ident)
    file, line = (str(inputs.errata), 1) if by_errata else (error.file, error.line)
    if by_errata:  # the last correction for that action: a new one is usually added at the end
        numbers = [n for n, text in enumerate(inputs.errata.read_text(encoding="utf-8").splitlines(), 1)
                   if text.replace(" ", "") == f'action="{ident}"']
        line = numbers[-1] if numbers else 1
    action = plan.action(ident)
    new = [*action.paragraphs, *(s.text for s in action.subitems), *(f.text for f in action.footnotes)]
    shown = ""
    if inputs.previous is not None and inputs.previous.exists():
        old_action = next((a for a in json.loads(inputs.previous.read_text(encoding="utf-8"))["actions"]
                           if a["id"] == ident), None)
        if old_action:
            old = [*old_action["paragraphs"], *(s["text"] for s in old_action["subitems"]),
                   *(f["text"] for f in old_action["footnotes"])]
            before, after = words_changed(old, new)
            shown = f": {before!r} now reads {after!r}"
    what = "a correction in the errata" if by_errata else "the plan's text"
    return PlanError(file, line, f"{error.message}. Action {ident}'s words were changed by {what}{shown}")


def accept_changes(inputs: Inputs) -> str:
    """Rewrite the lock for the plan as it is now; say what changed."""
    plan, account = parse_plan_file(str(inputs.plan), str(inputs.errata) if inputs.errata else None)
    found = fingerprints(plan)
    old = read_lock(read_text(inputs.lock), str(inputs.lock)) if inputs.lock.exists() else None
    notes = {ident: why for ident, why in (old.unfinished if old else {}).items() if ident in found}
    check_endings(plan, notes, str(inputs.lock))
    part = inputs.lock.with_name(inputs.lock.name + ".part")
    part.write_text(lock_text(plan, notes), encoding="utf-8")
    os.replace(part, inputs.lock)
    if old is None:
        return f"{inputs.lock}: written, {len(found)} actions"
    said = [summary(changes(old, found)), summary(structure_changes(old, structure(plan)))]
    return f"{inputs.lock}: {'; '.join(s for s in said if s) or 'no change'}"


def reviewed(plan, facts, standings: Path | None):
    """The facts with plan/standings.toml's decisions. While the file does not exist yet, every
    standing is the rules' proposal (marked as such on the pages), and a notice says so."""
    if standings is None:
        return facts
    if not standings.exists():
        print(f"{standings}:1: notice: no reviewed standings yet; every standing is the rules' proposal",
              file=sys.stderr)
        return facts
    return apply_review(facts, load_review(read_text(standings), str(standings), plan, facts))


def build(inputs: Inputs) -> dict[str, bytes]:
    """Run parse, enrich, link and write; return the content files in memory."""
    plan, account = parse_plan_file(str(inputs.plan), str(inputs.errata) if inputs.errata else None)
    check_structure(plan, account, inputs)
    for line in account.notices:  # after the checks: a stale correction is an error, not a notice
        print(line, file=sys.stderr)
    if inputs.headings is not None:
        headings_file = str(inputs.headings)
        plan = apply_own_headings(plan, load_own_headings(read_text(inputs.headings), headings_file), headings_file)
    facts = reviewed(plan, enrich(plan, load_entities(str(inputs.entities))), inputs.standings)
    updates_file = str(inputs.updates)
    record = load_updates(read_text(inputs.updates), updates_file, {a.id for a in plan.actions()})
    check_plan_quotes(record, plan, updates_file)
    links = link(plan, facts)
    mentions = {action.id: first_mentions(action, facts) for action in plan.actions()}
    files = render_content(plan, facts, links, mentions, record=record)
    outside = [path for path in files if not is_own_path(path)]
    if outside:  # a writer bug, not an input mistake; the manifest could not hold it
        raise PlanError(str(inputs.plan), 1, f"the writer gave {outside[0]!r}, outside the generator's folders")
    files[MANIFEST] = "".join(f"{path}\n" for path in sorted(files)).encode()
    return files


# Where each kind of entity sits in an action's facts, and how to read its ids there.
_ENTITY_FACTS = {
    "organisation": lambda facts: [o["id"] for o in facts["organisations"]],
    "law": lambda facts: list(facts["laws"]),
    "programme": lambda facts: list(facts["programmes"]),
    "topic": lambda facts: list(facts["topics"]),
}


def entity_changes(previous: Path | None, new_json: bytes) -> list[str]:
    """One line per entity whose actions differ from the content folder's actions.json, saying
    which actions gain it and which lose it; none when there is no previous file to compare."""
    if previous is None or not previous.exists():
        return []

    def by_entity(model: dict) -> dict[tuple[str, str], set[str]]:
        found: dict[tuple[str, str], set[str]] = {}
        for action in model["actions"]:
            for kind, ids in _ENTITY_FACTS.items():
                for entity in ids(action["facts"]):
                    found.setdefault((kind, entity), set()).add(action["id"])
        return found

    old, new = by_entity(json.loads(previous.read_text(encoding="utf-8"))), by_entity(json.loads(new_json))
    lines = []
    for key in sorted(set(old) | set(new)):
        gains, loses = new.get(key, set()) - old.get(key, set()), old.get(key, set()) - new.get(key, set())
        if gains or loses:
            said = [f"gains {', '.join(sorted(gains, key=_id_order))}" if gains else "",
                    f"loses {', '.join(sorted(loses, key=_id_order))}" if loses else ""]
            lines.append(f"{key[0]} {key[1]}: " + "; ".join(x for x in said if x))
    return lines


def _id_order(action_id: str) -> tuple[int, str]:
    number = action_id.rstrip("abcdefghijklmnopqrstuvwxyz")
    return (int(number), action_id[len(number):]) if number.isdigit() else (10**6, action_id)
