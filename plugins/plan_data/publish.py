"""Everything plan_data writes, as bytes by output path: pure, so tests can call it directly."""

from __future__ import annotations

from plugins.core.csv_table import csv_bytes

from .documents import action_documents
from .downloads import CSV_PATH, SCHEMA_PATH, UPDATES_CSV_PATH
from .updates_table import updates_csv_bytes


def published_files(model: dict, schema_bytes: bytes, site_url: str) -> dict[str, bytes]:
    """The files this plugin writes. actions.json itself is copied by Pelican as a static file."""
    return {
        CSV_PATH: csv_bytes(model, site_url),
        UPDATES_CSV_PATH: updates_csv_bytes(model),
        SCHEMA_PATH: schema_bytes,  # byte for byte the committed schema/actions.schema.json
        **action_documents(model),
    }
