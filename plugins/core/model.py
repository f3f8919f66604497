"""The site's one loader of the model: content/data/actions.json, read as of the build's one as-of
date (as_of.py: status, schedule, passed deadlines), checked against schema/actions.schema.json,
with the lookup maps and derived lists every plugin and template reads.

Every plugin asks `site_model(settings)`; the first to ask in a build loads and checks the file,
the others get the same object, whatever order pelicanconf.PLUGINS lists them in.
"""

from __future__ import annotations

import datetime
import hashlib
import json
import logging
import os
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import jsonschema

from .as_of import read_as_of, resolve_as_of

log = logging.getLogger(__name__)

DATA_FILE = os.path.join("data", "actions.json")
# The committed schema at the repository root; the setting PLAN_DATA_SCHEMA overrides it.
DEFAULT_SCHEMA = Path(__file__).resolve().parents[2] / "schema" / "actions.schema.json"
# The roles an organisation has in an action (actionplan/facts_names.py decides them).
ROLES = ("delivers", "mentioned")


class PlanDataMissing(Exception):
    """The data the site reads is missing or not what its schema says; Pelican reports it on one
    line and exits 1."""


class Record(dict):
    """A JSON object whose keys templates read as attributes without an exception per read.

    Jinja reads `action.url` as getattr(action, "url") first and tries action["url"] only after an
    AttributeError: with plain dicts that is an exception raised and caught on every such read,
    over 100,000 a build. Dict methods still come first (`x.items` is the method, as with a plain
    dict), and a missing key still falls through to Jinja's undefined, so templates read the same.
    """

    __slots__ = ()

    def __getattr__(self, name: str):
        try:
            return self[name]
        except KeyError:
            raise AttributeError(name) from None


@dataclass(frozen=True)
class SiteModel:
    """The checked model. `plan` is actions.json as templates read it (`PLAN`), read as of `as_of`,
    with the lookup maps and derived lists beside its own keys; `raw` is the model as read that day
    (without the maps), the bytes published as data/actions.json."""

    path: Path
    raw: bytes
    schema: bytes
    plan: Record
    as_of: datetime.date

    @property
    def actions(self) -> list[Record]:
        return self.plan["actions"]


def organisations_in_role(action: Mapping, role: str) -> list:
    """The organisations an action names in one role (`delivers` or `mentioned`), with their evidence.
    The one place a role is told apart: templates read it as PLAN.organisations_by_role."""
    return [o for o in action["facts"]["organisations"] if o["role"] == role]


def delivering(action: Mapping) -> list[str]:
    """Who the plan says delivers the action, by id; those it only mentions do not count."""
    return [o["id"] for o in organisations_in_role(action, "delivers")]


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
        _models[key] = load_model(path, schema, settings.get("CACHE_PATH"), as_of=as_of)
    return _models[key]


def load_model(path: Path, schema: Path, cache: str | None = None, *, as_of: datetime.date) -> SiteModel:
    schema_bytes = schema.read_bytes()
    plan = json.loads(path.read_bytes(), object_hook=Record)
    read_as_of(plan, as_of)
    # Laid out as the generator writes content/data/actions.json (one space a level).
    raw = (json.dumps(plan, ensure_ascii=False, indent=1) + "\n").encode("utf-8")
    check(plan, raw, path, schema_bytes, cache)
    plan.update(index_plan(plan))
    return SiteModel(path, raw, schema_bytes, plan, as_of)


def check(plan: dict, raw: bytes, path: Path, schema: bytes, cache: str | None) -> None:
    """Stop at the first place the data breaks its schema, naming it.

    Checking the 860 kB model costs about half a second, as much as a quarter of a build, so a model
    that passed is remembered by its digest (and the schema's) in Pelican's cache folder: each
    version of the data is checked once, not on every build of it."""
    digest = hashlib.sha256(schema + b"\0" + raw).hexdigest()
    marker = Path(cache) / "checked-models" / digest if cache else None
    if marker and marker.exists():
        return
    validator = jsonschema.Draft202012Validator(json.loads(schema))
    error = jsonschema.exceptions.best_match(validator.iter_errors(plan))
    if error is not None:
        where = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in error.absolute_path) or "the top"
        raise PlanDataMissing(f"{path}: {where.lstrip('.')}: {error.message} (schema/actions.schema.json)")
    if marker:
        marker.parent.mkdir(parents=True, exist_ok=True)
        marker.touch()


def index_plan(plan: dict) -> dict:
    """Lookup maps over the lists, keyed the way URLs and links name things, and the lists that are
    worked out from the model once here, never again in a plugin or a template."""
    maps = {
        "pillars_by_number": {p["number"]: p for p in plan["pillars"]},
        "themes_by_slug": {t["slug"]: t for t in plan["themes"]},
        "commitments_by_number": {c["number"]: c for c in plan["commitments"]},
        "actions_by_id": {a["id"]: a for a in plan["actions"]},
        "organisations_by_id": {o["id"]: o for o in plan["organisations"]},
        "laws_by_id": {law["id"]: law for law in plan["laws"]},
        "programmes_by_id": {p["id"]: p for p in plan["programmes"]},
        "topics_by_id": {t["id"]: t for t in plan["topics"]},
        "glossary_by_acronym": {g["acronym"]: g for g in plan["glossary"]},
    }
    # Templates look pillars and commitments up by metadata, which Pelican gives as strings.
    maps["pillars_by_id"] = {str(k): v for k, v in maps["pillars_by_number"].items()}
    maps["commitments_by_id"] = {str(k): v for k, v in maps["commitments_by_number"].items()}
    maps["themes_by_id"] = maps["themes_by_slug"]
    by_pillar = defaultdict(list)
    for commitment in plan["commitments"]:
        by_pillar[commitment["pillar"]].append(commitment)
    maps["commitments_by_pillar"] = dict(by_pillar)
    maps["timeline_by_year"] = _timeline_by_year(plan["timeline"])
    maps["organisations_by_role"] = {
        a["id"]: Record({role: organisations_in_role(a, role) for role in ROLES})
        for a in plan["actions"]
    }
    return maps


def _timeline_by_year(timeline: list[dict]) -> list[tuple[int, list[dict]]]:
    """Timeline entries grouped by the year each deadline ends ("by 2026/27" in 2027). The writer
    already put them in the order they end (plan order breaking ties), so grouping keeps it."""
    years: dict[int, list[dict]] = defaultdict(list)
    for entry in timeline:
        years[entry["deadline"]["end_year"]].append(entry)
    return sorted(years.items())
