"""Loads content/data/actions.json once and gives every template `PLAN`, with lookup maps.

The theme never re-derives facts: it reads them from this one file, which `write` produced.
"""

from __future__ import annotations

import json
import logging
import os
from collections import defaultdict

from jinja2 import BytecodeCache, Environment
from jinja2.bccache import Bucket
from pelican import signals

from .missing import MissingValue, PlanDataMissing

log = logging.getLogger(__name__)

DATA_FILE = os.path.join("data", "actions.json")

_cache: dict[str, tuple[float, dict]] = {}


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


def load_plan(path: str) -> dict:
    """The model as a dict with `*_by_id` maps added; cached per file and modification time,
    so one build reads it once however many generators ask."""
    mtime = os.path.getmtime(path)
    cached = _cache.get(path)
    if cached and cached[0] == mtime:
        return cached[1]
    with open(path, encoding="utf-8") as f:
        plan = json.load(f, object_hook=Record)
    plan.update(index_plan(plan))
    _cache[path] = (mtime, plan)
    return plan


def index_plan(plan: dict) -> dict:
    """Lookup maps over the lists, keyed the way URLs and links name things."""
    maps = {
        "pillars_by_number": {p["number"]: p for p in plan.get("pillars", [])},
        "themes_by_slug": {t["slug"]: t for t in plan.get("themes", [])},
        "commitments_by_number": {c["number"]: c for c in plan.get("commitments", [])},
        "actions_by_id": {a["id"]: a for a in plan.get("actions", [])},
        "organisations_by_id": {o["id"]: o for o in plan.get("organisations", [])},
        "laws_by_id": {law["id"]: law for law in plan.get("laws", [])},
        "programmes_by_id": {p["id"]: p for p in plan.get("programmes", [])},
        "topics_by_id": {t["id"]: t for t in plan.get("topics", [])},
        "glossary_by_acronym": {g["acronym"]: g for g in plan.get("glossary", [])},
    }
    # Templates look pillars and commitments up by metadata, which Pelican gives as strings.
    maps["pillars_by_id"] = {str(k): v for k, v in maps["pillars_by_number"].items()}
    maps["commitments_by_id"] = {str(k): v for k, v in maps["commitments_by_number"].items()}
    maps["themes_by_id"] = maps["themes_by_slug"]
    by_pillar = defaultdict(list)
    for commitment in plan.get("commitments", []):
        by_pillar[commitment["pillar"]].append(commitment)
    maps["commitments_by_pillar"] = dict(by_pillar)
    maps["timeline_by_year"] = _timeline_by_year(plan.get("timeline", []))
    return maps


def _timeline_by_year(timeline: list[dict]) -> list[tuple[int, list[dict]]]:
    """Timeline entries grouped by the year each deadline ends ("by 2026/27" in 2027). The writer
    already put them in the order they end (plan order breaking ties), so grouping keeps it."""
    years: dict[int, list[dict]] = defaultdict(list)
    for entry in timeline:
        years[entry["deadline"]["end_year"]].append(entry)
    return sorted(years.items())


def plan_path(settings: dict) -> str:
    return settings.get("PLAN_DATA") or os.path.join(settings["PATH"], DATA_FILE)


class _MemoryBytecodeCache(BytecodeCache):
    """Compiled templates kept in memory, by template and source checksum (Jinja checks it)."""

    def __init__(self) -> None:
        self._code: dict[str, bytes] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        code = self._code.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: Bucket) -> None:
        self._code[bucket.key] = bucket.bytecode_to_string()


_bytecode_caches: dict[tuple, _MemoryBytecodeCache] = {}


def shared_bytecode_cache(env: Environment) -> _MemoryBytecodeCache:
    """One cache for every environment whose settings compile a template to the same code."""
    settings = (
        env.block_start_string, env.block_end_string, env.variable_start_string, env.variable_end_string,
        env.comment_start_string, env.comment_end_string, env.line_statement_prefix, env.line_comment_prefix,
        env.trim_blocks, env.lstrip_blocks, env.newline_sequence, env.keep_trailing_newline,
        tuple(sorted(env.extensions)), env.optimized, repr(env.autoescape), env.is_async,
    )
    return _bytecode_caches.setdefault(settings, _MemoryBytecodeCache())


def add_plan(generator) -> None:
    path = plan_path(generator.settings)
    if not os.path.exists(path):
        raise PlanDataMissing(f"{path} not found: run scripts/plan_to_pages.py to write it")
    if not generator.settings.get("EXIT_URL"):
        raise PlanDataMissing("EXIT_URL is not set: every page's 'Exit this page' button needs it")
    plan = load_plan(path)
    generator.env.globals["PLAN"] = plan
    generator.env.undefined = MissingValue
    # Pelican gives each generator its own Jinja environment; sharing compiled templates between
    # them compiles base.html and components.html once a build instead of once per generator.
    generator.env.bytecode_cache = shared_bytecode_cache(generator.env)
    # components.html is imported without context (so Jinja evaluates it once, not once per page);
    # its macros read these site settings as globals instead. That needs one SITEURL for the whole
    # site, which RELATIVE_URLS would change page by page.
    if generator.settings.get("RELATIVE_URLS"):
        log.warning("plan_context: the theme needs RELATIVE_URLS = False; links in shared components will be absolute")
    for name in ("SITEURL", "EXIT_URL", "PLAN_SOURCE_URL"):
        generator.env.globals[name] = generator.settings.get(name, "")
    generator.context["PLAN"] = plan


def register() -> None:
    signals.generator_init.connect(add_plan)
