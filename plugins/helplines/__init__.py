"""Gives templates HELPLINES, the checked helplines of HELPLINES_FILE (plan/helplines.toml), for the
Get help panel (components.html, help_panel). A bad entry stops the build with one line at its place."""

from __future__ import annotations

import os

from pelican import signals

from actionplan.errors import PlanError
from actionplan.reading.source import read_text
from actionplan.records.helplines import load_helplines


class HelplinesError(SystemExit):
    """Exits the build with one clear line (SystemExit prints its message and exits 1)."""


def add_helplines(pelican) -> None:
    path = pelican.settings.get("HELPLINES_FILE")
    if not path:
        raise HelplinesError("helplines: HELPLINES_FILE is not set (pelicanconf.py); the Get help panel needs it")
    shown = os.path.relpath(path)
    try:
        helplines = load_helplines(read_text(path, shown), shown)
    except PlanError as error:
        raise HelplinesError(str(error)) from None
    pelican.settings["HELPLINES"] = [h.as_dict() for h in helplines]


def expose(generator) -> None:
    """Macros imported without context (components.html) see globals, not the page context."""
    env = getattr(generator, "env", None)
    if env is not None:
        env.globals["HELPLINES"] = generator.settings["HELPLINES"]


def register() -> None:
    signals.initialized.connect(add_helplines)
    signals.generator_init.connect(expose)
