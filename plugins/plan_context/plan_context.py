"""Gives every template `PLAN`: the model as plugins/core/model.py loaded and checked it, with its
lookup maps and derived lists. The theme never re-derives facts: it reads them there.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Mapping
from pathlib import Path

from jinja2 import BytecodeCache, Environment, FileSystemBytecodeCache
from jinja2.bccache import Bucket
from pelican import signals

from plugins.core import labels
from plugins.core.model import PlanDataMissing, site_model

from .missing import MissingValue

log = logging.getLogger(__name__)


class _SharedBytecodeCache(BytecodeCache):
    """Compiled templates by template and source checksum (Jinja checks it, and compiles a template
    whose source changed again): in memory for the generators of this build, and, where Pelican has
    a CACHE_PATH, on disk for the next build. Compiling the theme is about 0.4 s of every build's
    CPU; a build after another of the same theme loads the code instead."""

    def __init__(self, folder: Path | None) -> None:
        self._code: dict[str, bytes] = {}
        self._disk = None
        if folder is not None:
            try:
                folder.mkdir(parents=True, exist_ok=True)
                self._disk = FileSystemBytecodeCache(str(folder))
            except OSError as error:  # a read-only checkout builds as well, compiling every time
                log.info("plan_context: compiled templates not kept (%s)", error)

    def load_bytecode(self, bucket: Bucket) -> None:
        code = self._code.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)
        elif self._disk is not None:
            self._disk.load_bytecode(bucket)
            if bucket.code is not None:
                self._code[bucket.key] = bucket.bytecode_to_string()

    def dump_bytecode(self, bucket: Bucket) -> None:
        self._code[bucket.key] = bucket.bytecode_to_string()
        if self._disk is not None:
            try:
                self._disk.dump_bytecode(bucket)
            except OSError as error:
                log.info("plan_context: compiled templates not kept (%s)", error)
                self._disk = None


class RenderedItems(Mapping):
    """Each action's item of an action list (components.html, `action_item`, without filter
    tokens), rendered the first time a list asks for it and reused by every list after it: an action
    is listed on its siblings' pages, its commitment's, pillar's, topics', organisations', laws' and
    programmes' pages, about fifteen times a build, and its item is the same bytes each time."""

    def __init__(self, env: Environment, plan) -> None:
        self._env, self._plan, self._items = env, plan, {}

    def __getitem__(self, action_id: str):
        item = self._items.get(action_id)
        if item is None:
            action = self._plan.actions_by_id[action_id]
            item = self._items[action_id] = self._env.get_template("components.html").module.action_item(action)
        return item

    def __iter__(self):
        return iter(self._plan.actions_by_id)

    def __len__(self) -> int:
        return len(self._plan.actions_by_id)


_bytecode_caches: dict[tuple, _SharedBytecodeCache] = {}


def shared_bytecode_cache(env: Environment, cache_path: str | None) -> _SharedBytecodeCache:
    """One cache for every environment whose settings compile a template to the same code; on disk
    in a folder of CACHE_PATH named by those settings (Jinja's own file names say which template,
    and each file records Jinja's and Python's versions and the source's checksum)."""
    settings = (
        env.block_start_string, env.block_end_string, env.variable_start_string, env.variable_end_string,
        env.comment_start_string, env.comment_end_string, env.line_statement_prefix, env.line_comment_prefix,
        env.trim_blocks, env.lstrip_blocks, env.newline_sequence, env.keep_trailing_newline,
        tuple(sorted(env.extensions)), env.optimized, repr(env.autoescape), env.is_async,
    )
    folder = None
    if cache_path:
        folder = Path(cache_path) / "jinja-bytecode" / hashlib.sha256(repr(settings).encode()).hexdigest()[:16]
    key = (settings, str(folder))
    if key not in _bytecode_caches:
        _bytecode_caches[key] = _SharedBytecodeCache(folder)
    return _bytecode_caches[key]


def add_plan(generator) -> None:
    if not generator.settings.get("EXIT_URL"):
        raise PlanDataMissing("EXIT_URL is not set: every page's 'Exit this page' button needs it")
    plan = site_model(generator.settings).plan
    generator.env.globals["PLAN"] = plan
    generator.env.globals["ACTION_ITEMS"] = RenderedItems(generator.env, plan)
    # Every label the site shows, from its one place (plugins/core/labels.py); the standings' too.
    generator.env.globals["LABELS"] = labels.LABELS
    generator.env.globals["STANDINGS"] = labels.STANDINGS
    generator.env.globals["SCRIPT_LABELS"] = labels.for_scripts()
    generator.env.undefined = MissingValue
    # Pelican gives each generator its own Jinja environment; sharing compiled templates between
    # them compiles base.html and components.html once a build instead of once per generator.
    generator.env.bytecode_cache = shared_bytecode_cache(generator.env, generator.settings.get("CACHE_PATH"))
    # components.html is imported without context (so Jinja evaluates it once, not once per page);
    # its macros read these site settings as globals instead. That needs one SITEURL for the whole
    # site, which RELATIVE_URLS would change page by page.
    if generator.settings.get("RELATIVE_URLS"):
        log.warning("plan_context: the theme needs RELATIVE_URLS = False; links in shared components will be absolute")
    for name in ("SITEURL", "EXIT_URL", "PLAN_SOURCE_URL", "PLAN_EDITION_REPRODUCED", "PLAN_HTML_EDITION_URL"):
        generator.env.globals[name] = generator.settings.get(name, "")


def register() -> None:
    signals.generator_init.connect(add_plan)
