"""The Pelican side of plan_data: the only place it reads settings, the environment and files."""

from __future__ import annotations

import json
import logging
import os
from pathlib import Path

from .build_date import build_date
from .downloads import JSON_PATH, data_page
from .publish import published_files

logger = logging.getLogger(__name__)

# The committed schema at the repository root; PLAN_DATA_SCHEMA overrides it.
DEFAULT_SCHEMA = Path(__file__).resolve().parents[2] / "schema" / "actions.schema.json"


class PlanDataGenerator:
    """Pelican calls generate_context on every generator before any writes output, so the Data page
    and every action page already see OPEN_DATA when they are rendered."""

    def __init__(self, context, settings, path, theme, output_path, **kwargs):
        self.context = context
        self.settings = settings
        self.path = path
        self.output_path = output_path
        self.files: dict[str, bytes] = {}

    def generate_context(self) -> None:
        # The same file, and the same PLAN_DATA override, as the plan_context plugin reads.
        source = Path(self.settings.get("PLAN_DATA") or Path(self.settings["PATH"]) / JSON_PATH)
        if not source.is_file():
            logger.warning("plan_data: %s not found; no downloads or per-action JSON written", source)
            self.context["OPEN_DATA"] = None
            return
        model_bytes = source.read_bytes()
        schema_bytes = Path(self.settings.get("PLAN_DATA_SCHEMA", DEFAULT_SCHEMA)).read_bytes()
        # plan_context has decoded this same file already (it adds lookup maps beside the model's
        # keys, which nothing here reads); decode it here only when that plugin is not enabled.
        model = self.context.get("PLAN") or json.loads(model_bytes)
        self.files = published_files(model, schema_bytes, self.settings.get("SITEURL", ""))
        build = build_date(os.environ.get("SOURCE_DATE_EPOCH"), model["document"]["date"])
        self.context["OPEN_DATA"] = data_page(model, model_bytes, schema_bytes, self.files, build)

    def generate_output(self, writer) -> None:
        for relative, data in self.files.items():
            target = Path(self.output_path) / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        logger.info("plan_data: wrote %d files", len(self.files))
