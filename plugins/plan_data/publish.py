"""Everything plan_data writes, as bytes by output path: pure, so tests can call it directly."""

from __future__ import annotations

from plugins.core.csv_table import csv_bytes

from .documents import action_documents
from .downloads import CSV_PATH, JSON_PATH, SCHEMA_PATH, UPDATES_CSV_PATH
from .updates_table import updates_csv_bytes


def published_files(model: dict, model_bytes: bytes, schema_bytes: bytes, site_url: str) -> dict[str, bytes]:
    """The files this plugin writes, actions.json among them: the model as read on the build's as-of
    date (plugins/core), not content/data/actions.json, which holds only what does not move with
    time (IGNORE_FILES in pelicanconf.py keeps Pelican from copying that one over it)."""
    return {
        JSON_PATH: model_bytes,
        CSV_PATH: csv_bytes(model, site_url),
        UPDATES_CSV_PATH: updates_csv_bytes(model),
        SCHEMA_PATH: schema_bytes,  # byte for byte the committed schema/actions.schema.json
        **action_documents(model),
    }
