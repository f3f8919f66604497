"""Everything plan_data publishes, as bytes by output path: pure, so tests can call it directly."""

from __future__ import annotations

import json

from .build_date import BuildDate
from .csv_table import csv_bytes
from .documents import action_documents, action_json_path
from .downloads import CSV_PATH, JSON_PATH, SCHEMA_PATH, DataPage, data_page
from .schema_table import schema_fields


def published_files(model: dict, schema_bytes: bytes, site_url: str) -> dict[str, bytes]:
    """The files this plugin writes. actions.json itself is copied by Pelican as a static file."""
    return {
        CSV_PATH: csv_bytes(model, site_url),
        SCHEMA_PATH: schema_bytes,  # byte for byte the committed schema/actions.schema.json
        **action_documents(model),
    }


def page_context(model: dict, model_bytes: bytes, schema_bytes: bytes, files: dict, build: BuildDate) -> DataPage:
    schema = json.loads(schema_bytes)
    action_paths = {action["id"]: action_json_path(action["url"]) for action in model["actions"]}
    return data_page(
        {JSON_PATH: model_bytes, **files},
        action_paths,
        build,
        schema_fields(schema),
        schema.get("description", ""),
    )
