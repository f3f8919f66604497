"""The site's one loader of the model: content/data/actions.json, read as of the build's one as-of
date (as_of.py: status, schedule, passed deadlines), checked against schema/actions.schema.json,
with the lookup maps and derived lists every plugin and template reads.

Every plugin asks `site_model(settings)`; the first to ask in a build loads and checks the file,
the others get the same object, whatever order pelicanconf.PLUGINS lists them in.
"""

from __future__ import annotations

import datetime
import json
import logging
import os
from collections.abc import Mapping
from pathlib import Path

import jsonschema_rs

from .as_of import read_as_of, resolve_as_of
from .plan import Action, Plan, from_json, in_role
from .record import record

log = logging.getLogger(__name__)

DATA_FILE = os.path.join("data", "actions.json")
# The committed schema at the repository root; the setting PLAN_DATA_SCHEMA overrides it.
DEFAULT_SCHEMA = Path(__file__).resolve().parents[2] / "schema" / "actions.schema.json"


class PlanDataMissing(Exception):
    """The data the site reads is missing or not what its schema says; Pelican reports it on one
    line and exits 1."""


@record
class SiteModel:
    """The checked model, read as of `as_of`. `plan` is the typed model templates read (`PLAN`,
    plan.py), with its lookups and derived lists; `data` is the same as JSON objects and `raw` as the
    bytes published as data/actions.json, for the plugins that publish the data as it is."""

    path: Path
    raw: bytes
    schema: bytes
    data: dict
    plan: Plan
    as_of: datetime.date

    @property
    def actions(self) -> tuple[Action, ...]:
        return self.plan.actions


def organisations_in_role(action: Mapping, role: str) -> list:
    """The organisations an action names in one role (`delivers` or `mentioned`), with their evidence,
    from its JSON object (the CSV is written from the JSON); the typed model has them as
    `facts.delivers` and `facts.mentioned` (plan.py), which templates read; both from plan.in_role."""
    return list(in_role(action["facts"]["organisations"], role))


def plan_path(settings: Mapping) -> Path:
    return Path(settings.get("PLAN_DATA") or os.path.join(settings["PATH"], DATA_FILE))


def schema_path(settings: Mapping) -> Path:
    return Path(settings.get("PLAN_DATA_SCHEMA") or DEFAULT_SCHEMA)


_models: dict[tuple, SiteModel] = {}


_as_of: dict[tuple, datetime.date] = {}


def as_of_date(settings: Mapping) -> datetime.date:
    """The build's one as-of date: the AS_OF_DATE setting, else SOURCE_DATE_EPOCH, else the date of
    the latest commit of the checkout the content is in (as_of.py); resolved once per set of inputs."""
    key = (settings.get("AS_OF_DATE") or "", os.environ.get("SOURCE_DATE_EPOCH") or "", settings.get("PATH") or ".")
    if key not in _as_of:
        day, origin = resolve_as_of(key[0], key[1], Path(key[2]).resolve())
        log.info("core: dates read as of %s (from %s)", day.isoformat(), origin)
        _as_of[key] = day
    return _as_of[key]


def site_model(settings: Mapping) -> SiteModel:
    """The model the settings name, read as of the build's date; loaded and checked once per file
    version and date, then shared."""
    path, schema = plan_path(settings), schema_path(settings)
    if not path.is_file():
        raise PlanDataMissing(f"{path} not found: run scripts/plan_to_pages.py to write it")
    as_of = as_of_date(settings)
    key = (str(path), path.stat().st_mtime_ns, str(schema), schema.stat().st_mtime_ns, as_of)
    if key not in _models:
        _models.clear()  # one build reads one model; an autoreload's new version replaces it
        _models[key] = load_model(path, schema, as_of=as_of)
    return _models[key]


def load_model(path: Path, schema: Path, *, as_of: datetime.date) -> SiteModel:
    schema_bytes = schema.read_bytes()
    text = path.read_text(encoding="utf-8")
    data = json.loads(text)
    read_as_of(data, as_of)
    raw = as_read(text, data).encode("utf-8")
    check(data, path, schema_bytes)
    return SiteModel(path, raw, schema_bytes, data, from_json(data), as_of)


def laid_out(value, depth: int = 0) -> str:
    """`value` as the generator lays out content/data/actions.json (one space a level), `depth`
    levels deep. JSON strings hold no raw line break, so every one in the text starts a line."""
    return json.dumps(value, ensure_ascii=False, indent=1).replace("\n", "\n" + " " * depth)


_decoder = json.JSONDecoder()


def as_read(text: str, data: dict) -> str:
    """The text of actions.json after `read_as_of` changed `data` (the file's `text` as read), laid
    out as the file is: the file's own text, with what read_as_of changes (each action's progress,
    the timeline, the record) laid out again. Laying out all of it takes json's pure-Python encoder
    (the C one has no indent) about 40 ms; the parts it changes are a tenth of the file. Where the
    file is not laid out as the generator writes it, all of it is laid out again."""
    spans: list[tuple[int, int, str]] = []
    try:
        at = 0
        for action in data["actions"]:
            at = _span(text, '\n   "progress": ', at, action["progress"], 3, spans)
        for key in ("timeline", "progress"):  # after the actions, in the file's order
            at = _span(text, f'\n "{key}": ', at, data[key], 1, spans)
    except ValueError:
        return laid_out(data) + "\n"
    pieces, done = [], 0
    for start, end, value in spans:
        pieces += [text[done:start], value]
        done = end
    return "".join(pieces) + text[done:]


def _span(text: str, key: str, at: int, value, depth: int, spans: list) -> int:
    """Where the first `key` (a line break, the key's indent and name) after `at` has its value,
    with `value` laid out to take its place; ValueError where the text has none."""
    start = text.index(key, at) + len(key)
    end = _decoder.raw_decode(text, start)[1]
    spans.append((start, end, laid_out(value, depth)))
    return end


def check(plan: dict, path: Path, schema: bytes) -> None:
    """Stop at the first place the data breaks its schema, naming it.

    jsonschema_rs (compiled; Draft 2020-12, formats not asserted, as jsonschema does by default)
    says in a few milliseconds whether the model is valid; jsonschema took half a second over the
    860 kB model, a third of a bare Pelican build. Only a model it rejects is checked again by
    jsonschema, whose best_match names the place the way every message here does."""
    schema_data = json.loads(schema)
    validator = jsonschema_rs.Draft202012Validator(schema_data, validate_formats=False)
    if validator.is_valid(plan):
        return
    import jsonschema  # here, not at the top: a build of valid data never needs it

    error = jsonschema.exceptions.best_match(jsonschema.Draft202012Validator(schema_data).iter_errors(plan))
    if error is not None:
        place, message = error.absolute_path, error.message
    else:  # stricter than jsonschema here (a regex's $ before a final newline): its own error
        error = next(iter(validator.iter_errors(plan)))
        place, message = error.instance_path, error.message
    where = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in place) or "the top"
    raise PlanDataMissing(f"{path}: {where.lstrip('.')}: {message} (schema/actions.schema.json)")
