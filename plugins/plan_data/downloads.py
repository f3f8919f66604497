"""What the Data page says about the downloads: names, addresses, sizes and the build date.

Pure: the generator hands in the bytes it publishes; nothing here reads or writes files.
"""

from __future__ import annotations

from dataclasses import dataclass

from .build_date import BuildDate
from .csv_table import COLUMNS, LIST_SEPARATOR, Column
from .schema_table import Field

# Where the downloads live, relative to the site root; the architecture notes list the same paths.
JSON_PATH = "data/actions.json"
CSV_PATH = "data/actions.csv"
SCHEMA_PATH = "data/actions.schema.json"


def size_label(size: int) -> str:
    """ "1.2 MB", "34 KB", "512 bytes": the units people see in their file manager (1 KB = 1024 bytes)."""
    if size < 1024:
        return f"{size} bytes"
    if size < 1024 * 1024:
        return f"{size / 1024:.0f} KB"
    return f"{size / (1024 * 1024):.1f} MB"


@dataclass(frozen=True)
class Download:
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


@dataclass(frozen=True)
class DataPage:
    """Everything `data.html` and `partials/action_json_link.html` show, as `OPEN_DATA`."""

    downloads: tuple[Download, ...]
    action_files: dict[str, Download]  # by action id: "actions/12e.json"
    build_date: BuildDate
    fields: tuple[Field, ...]  # from the schema
    schema_description: str
    csv_columns: tuple[Column, ...] = COLUMNS
    list_separator: str = LIST_SEPARATOR

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
    files: dict[str, bytes],
    action_paths: dict[str, str],
    build: BuildDate,
    fields: tuple[Field, ...],
    schema_description: str,
) -> DataPage:
    """`files`: every published path -> its bytes; `action_paths`: action id -> its JSON's path."""
    downloads = (
        Download(JSON_PATH, "The whole plan as JSON", "application/json", len(files[JSON_PATH])),
        Download(CSV_PATH, "One row per action as CSV", "text/csv", len(files[CSV_PATH])),
        Download(SCHEMA_PATH, "JSON Schema for actions.json", "application/schema+json", len(files[SCHEMA_PATH])),
    )
    action_files = {
        action_id: Download(path, f"Action {action_id} as JSON", "application/json", len(files[path]))
        for action_id, path in action_paths.items()
    }
    return DataPage(downloads, action_files, build, fields, schema_description)
