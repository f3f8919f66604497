"""The per-action JSON files: each action's object from actions.json, alone, next to its page."""

from __future__ import annotations

import json


def action_json_path(url: str) -> str:
    """`actions/12e/` -> `actions/12e.json`. The theme's `action_json_link` (components.html) follows the same rule."""
    return url.rstrip("/") + ".json"


# Stable: keys in the model's order, real characters ("£", "–") rather than escapes. Compact, as
# APIs serve JSON (browsers lay it out for reading): a third smaller, and `indent` would make `json`
# fall back to its pure-Python encoder, three times slower for the 259 files. One encoder for all:
# `json.dumps` with options makes a new one for every call. The model is plain data read as JSON,
# without cycles: the encoder need not track every object it enters to find one.
_ENCODER = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), check_circular=False)


def encode_json(value: object) -> bytes:
    return (_ENCODER.encode(value) + "\n").encode("utf-8")


def action_documents(model: dict) -> dict[str, bytes]:
    """Output path -> bytes for every action, in plan order."""
    return {action_json_path(action["url"]): encode_json(action) for action in model["actions"]}
