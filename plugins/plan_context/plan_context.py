"""Gives every template `PLAN`: the model as plugins/core/model.py loaded and checked it, with its
lookup maps and derived lists. The theme never re-derives facts: it reads them there.
"""

from __future__ import annotations

import logging
from collections import ChainMap
from collections.abc import MutableMapping
from typing import Any

import jinja2.runtime
import markupsafe
from jinja2 import Environment
from pelican import signals

from plugins.core import labels
from plugins.core.attributes import readable
from plugins.core.model import PlanDataMissing, site_model

from . import compiled
from .missing import MissingValue
from .modules import add_theme_modules

log = logging.getLogger(__name__)


class RenderedOnce(dict):
    """Pieces of pages that are the same bytes wherever a page shows them, by key: each rendered by
    `render(key)` the first time a page asks for it and reused by every page after. A dict, so that
    a template's `ACTION_ITEMS[id]` is a plain lookup once the piece is rendered."""

    def __init__(self, render) -> None:
        super().__init__()
        self._render = render

    def __missing__(self, key):
        piece = self[key] = self._render(key)
        return piece


# The build's context and the environment of its first generator, which its later generators use
# too: Pelican makes an environment per generator, all alike (same theme, settings and plugins), so
# each would load the theme's templates, evaluate its macro files and render the RenderedOnce
# pieces again. The context (one dict a build, given to every generator) tells builds apart.
_build_env: tuple[dict, Environment] | None = None


def add_plan(generator) -> None:
    global _build_env
    if _build_env is not None and _build_env[0] is generator.context:
        generator.env = _build_env[1]
        return
    if not generator.settings.get("EXIT_URL"):
        raise PlanDataMissing("EXIT_URL is not set: every page's 'Exit this page' button needs it")
    plan = site_model(generator.settings).plan
    generator.env.globals["PLAN"] = plan
    add_theme_modules(generator.env)
    # Pieces many pages show, each rendered once a build by its macro in components.html: each
    # action's item of an action list (`action_item`, without filter tokens) and its link (an
    # action is listed on its siblings' pages, its commitment's, pillar's and entities' pages, about
    # fifteen times a build), and each organisation's, law's, programme's or topic's link.
    ui, globals_ = generator.env.globals["ui"], generator.env.globals
    globals_["ACTION_ITEMS"] = RenderedOnce(lambda action_id: ui.action_item(plan.actions_by_id[action_id]))
    globals_["ACTION_LINKS"] = RenderedOnce(lambda action_id: ui.action_link(action_id))
    globals_["ENTITY_LINKS"] = RenderedOnce(lambda kind_and_id: ui.entity_link(*kind_and_id))
    # Any other macro of components.html, by its name and arguments (strings, tuples, the model's
    # frozen dataclasses), for a piece that many pages show alike: `ONCE["breadcrumbs", ()]`.
    globals_["ONCE"] = RenderedOnce(lambda name_and_args: getattr(ui, name_and_args[0])(*name_and_args[1:]))
    # Every label the site shows, from its one place (plugins/core/labels.py); the standings' too.
    generator.env.globals["LABELS"] = readable(labels.LABELS)
    generator.env.globals["STANDINGS"] = readable(labels.STANDINGS)
    generator.env.globals["SCRIPT_LABELS"] = labels.for_scripts()
    generator.env.undefined = MissingValue
    generator.env.bytecode_cache = compiled.shared_cache(
        generator.settings.get("CACHE_PATH"), generator.settings.get("COMPILED_TEMPLATES_PATH"))
    # The theme's macro files (modules.py) are evaluated without context, once a build, not once
    # per page; their macros read these site settings as globals instead. That needs one SITEURL
    # for the whole site, which RELATIVE_URLS would change page by page.
    if generator.settings.get("RELATIVE_URLS"):
        log.warning("plan_context: the theme needs RELATIVE_URLS = False; links in shared components will be absolute")
    for name in ("SITEURL", "SITENAME", "SITE_SHORTNAME", "THEME_STATIC_DIR", "EXIT_URL", "PLAN_SOURCE_URL",
                 "PLAN_EDITION_REPRODUCED", "PLAN_HTML_EDITION_URL", "REPO_URL"):
        generator.env.globals[name] = generator.settings.get(name, "")
    share_globals(generator.env)
    _build_env = (generator.context, generator.env)


def share_globals(env: Environment) -> None:
    """Templates read the environment's globals themselves, not a ChainMap over them.

    Jinja gives each template `ChainMap(its own globals, env.globals)` (Environment.make_globals), and
    copies that map into a dict on every render (`dict(globals, **context)`, and a set of its keys):
    a Python-level loop over about forty globals, on each of the 586 pages. No template here has
    globals of its own (none is loaded with `get_template(name, globals=...)`), so each gets the
    environment's dict, which Python copies at C speed; globals added later are still seen, as with
    the ChainMap. A template loaded with globals of its own still gets a ChainMap over them."""

    def make_globals(own: MutableMapping[str, Any] | None) -> MutableMapping[str, Any]:
        return ChainMap(own, env.globals) if own else env.globals

    env.make_globals = make_globals


def _escape(value, /):
    """markupsafe's `escape` for what a template prints, without the work that changes nothing.

    Compiled templates use `escape` only on a piece of the page's output, which Jinja joins with the
    others into one string: what matters is the text it returns, not its type. markupsafe returns
    a new Markup string every time: for Markup, `Markup(value.__html__())`, a copy of the same text
    (most of what a page prints is Markup rendered once a build: action items, links, each page's
    fixed parts, about 35,000 pieces and 15 MB a build); for a string without any of the five
    characters it replaces (most of the 44,000 others), a copy too. Both come back here as they are.
    Five substring tests find those characters faster than a regular expression's character set."""
    kind = type(value)
    if kind is markupsafe.Markup:
        return value
    if kind is str and not ("&" in value or "<" in value or ">" in value or "'" in value or '"' in value):
        return value
    if kind is int:  # a count or a number: digits, nothing to escape (about 8,000 a build)
        return str(value)
    return markupsafe.escape(value)


def register() -> None:
    # Autoescaped templates take `escape` from jinja2.runtime when Jinja loads them, which happens
    # after plugins register: every template of the build gets this one.
    jinja2.runtime.escape = _escape
    signals.generator_init.connect(add_plan)
