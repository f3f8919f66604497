"""Serves the theme's search.js and search-snippet.js without their comments and indentation
(plugins/core/lean.py says what goes): the reader's first search downloads them, and their comments
(written for maintainers) are a third of their gzip bytes."""

from __future__ import annotations

from pathlib import Path

from pelican import signals

from plugins.core.lean import lean

LEAN_SCRIPTS = ("js/search.js", "js/search-snippet.js")  # under the theme's static folder in the output


def lean_scripts(pelican) -> None:
    static = Path(pelican.output_path) / pelican.settings.get("THEME_STATIC_DIR", "theme")
    for name in LEAN_SCRIPTS:
        path = static / name
        if path.is_file():
            path.write_text(lean(path.read_text(encoding="utf-8")), encoding="utf-8")


def register() -> None:
    signals.finalized.connect(lean_scripts)
