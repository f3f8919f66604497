"""What the Data page says about the downloads: names, addresses, sizes and the build date.

Pure: the generator hands in the bytes it publishes; nothing here reads or writes files.
"""

from __future__ import annotations

import json

from plugins.core.csv_table import COLUMNS, FORMULA_STARTS, LIST_SEPARATOR, NEUTRALISER, Column
from plugins.core.record import record

from .build_date import BuildDate
from .documents import action_json_path
from .schema_table import Field, schema_fields
from .updates_table import UPDATE_COLUMNS

# Where the downloads live, relative to the site root; the architecture notes list the same paths.
JSON_PATH = "data/actions.json"
CSV_PATH = "data/actions.csv"
SCHEMA_PATH = "data/actions.schema.json"
UPDATES_CSV_PATH = "data/updates.csv"


def size_label(size: int) -> str:
    """Sizes as people see them in a file manager: 1.2 MB, 34 KB, 512 bytes (1 KB = 1024 bytes)."""
    if size < 1024:
        return f"{size} bytes"
    if size < 1024 * 1024:
        return f"{size / 1024:.0f} KB"
    return f"{size / (1024 * 1024):.1f} MB"


@record
class Download:
    """A file the data page offers: its address, title, media type and size."""

    path: str  # relative to the site root: "data/actions.csv"
    title: str
    media_type: str
    size: int  # bytes

    @property
    def size_label(self) -> str:
        return size_label(self.size)

    @property
    def name(self) -> str:
        return self.path.rsplit("/", 1)[-1]


@record
class DataPage:
    """Everything `data.html` and the action page's `action_json_link` (components.html) show, as `OPEN_DATA`."""

    downloads: tuple[Download, ...]
    action_files: dict[str, Download]  # by action id: "actions/12e.json"
    build_date: BuildDate
    fields: tuple[Field, ...]  # from the schema
    schema_description: str
    csv_columns: tuple[Column, ...] = COLUMNS
    update_columns: tuple[Column, ...] = UPDATE_COLUMNS
    list_separator: str = LIST_SEPARATOR
    formula_starts: tuple[str, ...] = tuple(c for c in FORMULA_STARTS if c.isprintable())
    neutraliser: str = NEUTRALISER

    @property
    def field_groups(self) -> tuple[tuple[Field, tuple[Field, ...]], ...]:
        """Each top-level field with the fields inside it: one table per part of the file."""
        tops = [f for f in self.fields if f.path.isidentifier()]
        return tuple(
            (top, tuple(f for f in self.fields if f.path.startswith((top.path + ".", top.path + "[")))) for top in tops
        )

    @property
    def action_files_size(self) -> int:
        return sum(d.size for d in self.action_files.values())

    @property
    def action_files_size_label(self) -> str:
        return size_label(self.action_files_size)


def data_page(
    model: dict, model_bytes: bytes, schema_bytes: bytes, files: dict[str, bytes], build: BuildDate
) -> DataPage:
    """`files`: what the plugin writes, by path; actions.json is Pelican's copy of `model_bytes`."""
    schema = json.loads(schema_bytes)
    downloads = (
        Download(JSON_PATH, "The whole plan as JSON", "application/json", len(model_bytes)),
        Download(CSV_PATH, "One row per action as CSV", "text/csv", len(files[CSV_PATH])),
        Download(SCHEMA_PATH, "JSON Schema for actions.json", "application/schema+json", len(files[SCHEMA_PATH])),
        Download(UPDATES_CSV_PATH, "Progress updates as CSV, one row per update and action", "text/csv",
                 len(files[UPDATES_CSV_PATH])),
    )
    action_files = {}
    for action in model["actions"]:
        path = action_json_path(action["url"])
        action_files[action["id"]] = Download(
            path, f"Action {action['id']} as JSON", "application/json", len(files[path])
        )
    return DataPage(downloads, action_files, build, schema_fields(schema), schema.get("description", ""))
