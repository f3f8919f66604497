"""Gives every template `PLAN`: the model as plugins/core/model.py loaded and checked it, with its
lookup maps and derived lists. The theme never re-derives facts: it reads them there.
"""

from __future__ import annotations

import logging

from jinja2 import Environment
from pelican import signals

from plugins.core import labels
from plugins.core.model import PlanDataMissing, site_model

from . import compiled
from .missing import MissingValue
from .modules import add_theme_modules

log = logging.getLogger(__name__)


class RenderedItems(dict):
    """Each action's item of an action list (components.html, `action_item`, without filter
    tokens), rendered the first time a list asks for it and reused by every list after it: an action
    is listed on its siblings' pages, its commitment's, pillar's, topics', organisations', laws' and
    programmes' pages, about fifteen times a build, and its item is the same bytes each time.
    A dict, so that a list's `items[id]` is a plain lookup once the item is rendered."""

    def __init__(self, env: Environment, plan) -> None:
        super().__init__()
        self._env, self._plan = env, plan

    def __missing__(self, action_id: str):
        action = self._plan.actions_by_id[action_id]
        item = self[action_id] = self._env.globals["ui"].action_item(action)
        return item


def add_plan(generator) -> None:
    if not generator.settings.get("EXIT_URL"):
        raise PlanDataMissing("EXIT_URL is not set: every page's 'Exit this page' button needs it")
    plan = site_model(generator.settings).plan
    generator.env.globals["PLAN"] = plan
    generator.env.globals["ACTION_ITEMS"] = RenderedItems(generator.env, plan)
    add_theme_modules(generator.env)
    # Every label the site shows, from its one place (plugins/core/labels.py); the standings' too.
    generator.env.globals["LABELS"] = labels.LABELS
    generator.env.globals["STANDINGS"] = labels.STANDINGS
    generator.env.globals["SCRIPT_LABELS"] = labels.for_scripts()
    generator.env.undefined = MissingValue
    generator.env.bytecode_cache = compiled.shared_cache(
        generator.settings.get("CACHE_PATH"), generator.settings.get("COMPILED_TEMPLATES_PATH"))
    # The theme's macro files (modules.py) are evaluated without context, once a build, not once
    # per page; their macros read these site settings as globals instead. That needs one SITEURL
    # for the whole site, which RELATIVE_URLS would change page by page.
    if generator.settings.get("RELATIVE_URLS"):
        log.warning("plan_context: the theme needs RELATIVE_URLS = False; links in shared components will be absolute")
    for name in ("SITEURL", "EXIT_URL", "PLAN_SOURCE_URL", "PLAN_EDITION_REPRODUCED", "PLAN_HTML_EDITION_URL",
                 "REPO_URL"):
        generator.env.globals[name] = generator.settings.get(name, "")


def register() -> None:
    signals.generator_init.connect(add_plan)
