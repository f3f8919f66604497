"""The Pelican side of plan_data: the only place it reads settings, the environment and files."""

from __future__ import annotations

import logging
import os

from plugins.core.model import site_model
from plugins.core.output import write_files

from .build_date import build_date
from .downloads import data_page
from .publish import published_files

logger = logging.getLogger(__name__)


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
        model = site_model(self.settings)
        # The data is published as it is: the JSON objects, not the typed model the pages read.
        self.files = published_files(model.data, model.raw, model.schema, self.settings.get("SITEURL", ""))
        build = build_date(os.environ.get("SOURCE_DATE_EPOCH"), model.plan.document.date)
        self.context["OPEN_DATA"] = data_page(model.data, model.raw, model.schema, self.files, build)

    def generate_output(self, writer) -> None:
        write_files(self.output_path, self.files)
        logger.info("plan_data: wrote %d files", len(self.files))
