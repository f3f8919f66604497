"""Serves the theme's search.js without its comments and indentation (plugins/core/lean.py says what
goes): the reader's first search downloads it, and its comments (written for maintainers) are a third
of its gzip bytes."""

from __future__ import annotations

from pathlib import Path

from pelican import signals

from plugins.core.lean import lean

LEAN_SCRIPTS = ("js/search.js",)  # under the theme's static folder in the output


def lean_scripts(pelican) -> None:
    static = Path(pelican.output_path) / pelican.settings.get("THEME_STATIC_DIR", "theme")
    for name in LEAN_SCRIPTS:
        path = static / name
        if path.is_file():
            path.write_text(lean(path.read_text(encoding="utf-8")), encoding="utf-8")


def register() -> None:
    signals.finalized.connect(lean_scripts)
