"""Headings of ours for the actions whose opening words the source lost (plan/headings.toml).

Such an action's heading in the plan's own words would be its lost first words; the words that
survive ("…courts. The time it takes…") name nothing in a list. A heading of ours names its subject
and is always said to be ours; the action's text and its citation keep only the plan's words.
"""

from __future__ import annotations

from dataclasses import replace

from ..model import FLAG_OPENING_LOST, Commitment, OwnHeading, Plan, PlanError
from ..reading.source import array_of_tables, load_toml
from .headings import OWN_HEADING_NOTE
from .schema import validate

__all__ = ["OWN_HEADING_NOTE", "apply_own_headings", "load_own_headings"]
_KEYS = {"action", "heading", "reason"}
# With the note (53 characters) a heading stays within the 96 of every other heading.
MAX_HEADING = 43
# plan/headings.toml, checked by the one validator (actionplan/records/schema.py) after the entry checks
# below, which say the common mistakes more plainly.
SCHEMA = {
    "type": "object",
    "additionalProperties": False,
    "properties": {
        "heading": {
            "type": "array",
            "items": {
                "type": "object",
                "additionalProperties": False,
                "required": sorted(_KEYS),
                "properties": {
                    "action": {"type": "string", "format": "action-id"},
                    "heading": {"type": "string", "maxLength": MAX_HEADING, "format": "line"},
                    "reason": {"type": "string", "format": "text"},
                },
            },
        },
    },
}


def load_own_headings(text: str, file: str) -> dict[str, OwnHeading]:
    """The headings of ours in `text`, by action id; a `PlanError` at the line of the first problem."""
    data = load_toml(text, file)
    lines = text.splitlines()
    entries, starts = array_of_tables(data, lines, "heading", file)
    result: dict[str, OwnHeading] = {}
    for entry, line in zip(entries, starts, strict=True):
        extra = sorted(set(entry) - _KEYS)
        if extra:
            raise PlanError(file, line, f"unknown key {extra[0]!r}; the keys are action, heading and reason")
        for key in sorted(_KEYS):
            if not isinstance(entry.get(key), str) or not entry[key].strip():
                raise PlanError(file, line, f"the entry lacks {key}")
        if entry["action"] in result:
            earlier = result[entry["action"]].line
            raise PlanError(file, line, f"action {entry['action']} already has a heading at line {earlier}")
        if len(entry["heading"]) > MAX_HEADING:
            why = f"keep it to {MAX_HEADING}, so that with the note it is no longer than other headings"
            raise PlanError(file, line, f"the heading is {len(entry['heading'])} characters; {why}")
        result[entry["action"]] = OwnHeading(entry["heading"].strip(), entry["reason"].strip(), line)
    validate(data, SCHEMA, file, text)  # what the checks above do not say more plainly
    return result


def apply_own_headings(plan: Plan, headings: dict[str, OwnHeading], file: str) -> Plan:
    """The plan with each heading of ours on its action. Every action that lost its opening needs one,
    and only those may have one."""
    actions = {a.id: a for a in plan.actions()}
    for action_id, own in headings.items():
        if action_id not in actions:
            raise PlanError(file, own.line, f"the plan has no action {action_id}")
        if FLAG_OPENING_LOST not in actions[action_id].flags:
            raise PlanError(file, own.line, f"action {action_id} has its opening words: its heading is the plan's own")
    lacking = [a.id for a in actions.values() if FLAG_OPENING_LOST in a.flags and a.id not in headings]
    if lacking:
        raise PlanError(file, 1, f"action {lacking[0]} lost its opening words: give it a heading of ours here")
    commitments = tuple(
        Commitment(
            c.number,
            c.lead_in,
            c.pillar,
            c.theme,
            tuple(replace(a, own_heading=headings.get(a.id)) for a in c.actions),
            c.line,
        )
        for c in plan.commitments
    )
    return Plan(plan.source, plan.document, plan.pillars, plan.themes, commitments)
