"""The theme's macro files, given to every template as globals (`ui`, `progress`, `filter_ui`)
instead of imported on every page.

Jinja evaluates a template imported without context once and caches it, but on every import it first
checks whether the importing template has globals the imported one lacks: a set difference over a
ChainMap of every global (about 35 here), a Python-level loop that was about a tenth of the CPU of
rendering the site's pages, three imports on each. Here they never differ (one environment's globals),
so each module is looked up once and shared.
"""

from __future__ import annotations

from jinja2 import Environment

# Global name -> template: the names the templates had as `{% import "…" as name %}`.
THEME_MODULES = {"ui": "components.html", "progress": "_progress.html", "filter_ui": "action_filters.html"}


class ThemeModule:
    """A template's macros as `{% import "components.html" as ui %}` gives them (the template's
    module, evaluated without context), evaluated on first use: after every plugin has added its
    globals, which the module's macros read. The global then becomes the module itself, which the
    templates' next renders find (they look globals up on each render): its macros and pieces are
    plain attributes, without this class's Python-level lookup (about 9,000 a build)."""

    def __init__(self, env: Environment, global_name: str, template: str) -> None:
        self._env, self._global_name, self._template, self._module = env, global_name, template, None

    def __getattr__(self, name: str):
        if self._module is None:
            self._module = self._env.get_template(self._template).module
            self._env.globals[self._global_name] = self._module
        return getattr(self._module, name)


def add_theme_modules(env: Environment) -> None:
    for name, template in THEME_MODULES.items():
        env.globals[name] = ThemeModule(env, name, template)
