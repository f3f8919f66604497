"""Word-level repairs to the plan text, read from plan/errata.toml and applied after parsing.

Each `[[correction]]` names an action, the exact words to find in it, their replacement and the
reason. An entry must match exactly once in that action's text; anything else is a `PlanError` at
the entry's line, so a stale or ambiguous correction is never applied silently. One exception: when
the words are gone and the replacement is there, the source has been repaired (a cleaned-up or new
edition of the plan); that is a notice at the entry's line, not an error, so the plan still builds.
"""

from __future__ import annotations

import re
from dataclasses import replace

from ..model import Action, Correction, Footnote, PlanError, SubItem
from ..records.schema import validate
from .source import control_character, load_toml, table_lines

_ACTION_ID = re.compile(r"[1-9][0-9]*[a-z]")
_KEYS = {"action", "find", "replace", "reason"}
# plan/errata.toml, checked by the one validator (actionplan/records/schema.py) before anything is read.
SCHEMA = {
    "type": "object",
    "additionalProperties": False,
    "properties": {
        "correction": {
            "type": "array",
            "items": {
                "type": "object",
                "additionalProperties": False,
                "required": sorted(_KEYS),
                "properties": {
                    "action": {"type": "string", "format": "action-id"},
                    "find": {"type": "string", "minLength": 1, "format": "words"},
                    "replace": {"type": "string", "format": "words"},
                    "reason": {"type": "string", "format": "text"},
                },
            },
        },
    },
}


def load_errata(text: str, file: str) -> tuple[Correction, ...]:
    """The corrections in an errata file, in file order, each with the line of its table."""
    data = load_toml(text, file)
    unknown = set(data) - {"correction"}
    if unknown:
        raise PlanError(file, 1, f"unknown tables {sorted(unknown)}; only [[correction]] is read")
    starts = table_lines(text.splitlines(), "correction")
    entries = data.get("correction", [])
    if not entries:  # a truncated file would otherwise drop every correction without a word
        raise PlanError(file, 1, "the errata file holds no [[correction]]")
    if len(starts) != len(entries):  # e.g. an inline array of tables, which hides the lines
        raise PlanError(file, 1, "write each correction as its own [[correction]] table")
    corrections = []
    for line, entry in zip(starts, entries, strict=True):
        missing = _KEYS - set(entry)
        if missing:
            raise PlanError(file, line, f"correction lacks {', '.join(sorted(missing))}")
        extra = set(entry) - _KEYS
        if extra:
            raise PlanError(file, line, f"correction has unknown keys {', '.join(sorted(extra))}")
        if not all(isinstance(entry[key], str) for key in _KEYS):
            raise PlanError(file, line, "action, find, replace and reason must be strings")
        for key in sorted(_KEYS):
            if found := control_character(entry[key]):
                raise PlanError(file, line, f"`{key}` holds a {found[1]}")
        if not _ACTION_ID.fullmatch(entry["action"]):
            raise PlanError(file, line, f"{entry['action']!r} is not an action id such as \"12e\"")
        if not entry["find"] or entry["find"] == entry["replace"]:
            raise PlanError(file, line, "find must be non-empty and differ from replace")
        if not entry["reason"].strip():
            raise PlanError(file, line, "say why the text is corrected (reason)")
        corrections.append(Correction(entry["action"], entry["find"], entry["replace"], entry["reason"], line))
    validate(data, SCHEMA, file, text)  # what the entry checks above do not say more plainly
    return tuple(corrections)


def _texts(action: Action) -> list[str]:
    return [*action.paragraphs, *(s.text for s in action.subitems), *(f.text for f in action.footnotes)]


def already_fixed(action: Action, correction: Correction) -> bool:
    """The words to correct are gone and their replacement is there, once, as the correction would
    have left it: the source was repaired. (The CLI also requires the action's words to be the
    locked ones, so that a replacement that merely occurs elsewhere is not taken for a repair.)"""
    texts = _texts(action)
    return (not any(correction.find in text for text in texts)
            and sum(text.count(correction.replace) for text in texts) == 1)


def notice(correction: Correction, file: str) -> str:
    return (
        f"{file}:{correction.line}: notice: action {correction.action_id} already reads "
        f"{correction.replace!r} (no {correction.find!r}); the source was repaired, so this entry can go"
    )


def apply_correction(action: Action, correction: Correction, file: str) -> Action:
    """The action with one correction applied, recorded in `corrections`."""
    found = sum(text.count(correction.find) for text in _texts(action))
    if found != 1:
        where = "does not occur" if found == 0 else f"occurs {found} times"
        raise PlanError(file, correction.line, f"{correction.find!r} {where} in action {action.id}; it must occur once")

    def fix(text: str) -> str:
        return text.replace(correction.find, correction.replace)

    headline = action.headline
    if headline is not None and correction.find in headline:
        headline = fix(headline)
    return replace(
        action,
        headline=headline,
        paragraphs=tuple(fix(p) for p in action.paragraphs),
        subitems=tuple(SubItem(s.id, s.numeral, fix(s.text), s.line) for s in action.subitems),
        footnotes=tuple(Footnote(fix(f.text), f.line) for f in action.footnotes),
        corrections=action.corrections + (correction,),
    )


def apply_errata(
    actions: dict[str, Action], corrections: tuple[Correction, ...], file: str
) -> tuple[dict[str, Action], tuple[str, ...]]:
    """All actions with their corrections applied, in errata order, and a notice for each entry the
    source no longer needs (see `already_fixed`); unknown ids and other mismatches are errors."""
    result = dict(actions)
    notices = []
    for correction in corrections:
        if correction.action_id not in result:
            raise PlanError(file, correction.line, f"the plan has no action {correction.action_id}")
        if already_fixed(result[correction.action_id], correction):
            notices.append(notice(correction, file))
            continue
        result[correction.action_id] = apply_correction(result[correction.action_id], correction, file)
    return result, tuple(notices)
