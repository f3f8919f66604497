"""Stops the build at the first page of content/ that lacks a field its template needs (an empty
`Title:`, an action without `Action_id:`), naming the file: a hand-edited page must not publish
"Action 1a :" or fail later in a template with an error that names no file."""

from __future__ import annotations

import os

from pelican import signals
from pelican.contents import Article, Page

# Every page needs a title; a page drawn with these templates needs these fields too.
REQUIRED = ("title",)
REQUIRED_BY_TEMPLATE = {
    "action": ("title", "slug", "action_id", "commitment", "pillar", "summary", "date"),
}


class MissingMetadataError(SystemExit):
    """Exits the build with one clear line (SystemExit prints its message and exits 1).

    A SystemExit, not an Exception: Pelican's readers log an Exception and carry on without the
    page, which would publish the site without it."""


def _missing(content) -> str | None:
    metadata = content.metadata
    template = metadata.get("template") or getattr(content, "template", None)
    for field in REQUIRED_BY_TEMPLATE.get(template, REQUIRED):
        value = metadata.get(field)
        if value is None or (isinstance(value, str) and not value.strip()):
            return field
    return None


def check_required(content) -> None:
    source = getattr(content, "source_path", None)
    if not isinstance(content, Article | Page) or not source:  # a static file, or drawn by a plugin
        return
    field = _missing(content)
    if field:
        shown = os.path.relpath(source)
        shown = source if shown.startswith("..") else shown
        state = "empty" if field in content.metadata else "missing"
        raise MissingMetadataError(
            f"{shown}:1: the page's {field.capitalize()}: field is {state}; every page needs it "
            f"(run scripts/plan_to_pages.py to restore a generated page)"
        )


def register() -> None:
    signals.content_object_init.connect(check_required)
