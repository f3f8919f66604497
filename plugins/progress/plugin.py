"""The Pelican side of the progress plugin: Jinja globals and the files it writes."""

from __future__ import annotations

import logging

from pelican import signals

from plugins.core.charts import Drawer
from plugins.core.labels import long_date
from plugins.core.model import site_model
from plugins.core.output import write_files

from .chart import progress_chart
from .feeds import (
    ACTION_CALENDAR_PATH,
    ACTION_FEED_PATH,
    CALENDAR_PATH,
    FEED_PATH,
    TOPIC_FEED_PATH,
    action_files,
    calendar,
    feeds,
)

log = logging.getLogger(__name__)


def add_globals(generator) -> None:
    generator.env.globals["PROGRESS_FEED"] = FEED_PATH
    generator.env.globals["PROGRESS_CALENDAR"] = CALENDAR_PATH
    generator.env.globals["PROGRESS_TOPIC_FEED"] = TOPIC_FEED_PATH
    generator.env.globals["ACTION_FEED"] = ACTION_FEED_PATH
    generator.env.globals["ACTION_CALENDAR"] = ACTION_CALENDAR_PATH
    generator.env.globals["chart_progress"] = Drawer(generator.env, progress_chart)
    generator.env.filters["long_date"] = long_date


class ProgressFilesGenerator:
    """Writes the feeds and the calendar from the model (plugins/core)."""

    def __init__(self, context, settings, path, theme, output_path, **kwargs):
        self.settings = settings
        self.output_path = output_path
        self.context = context

    def generate_context(self) -> None:
        pass

    def generate_output(self, writer) -> None:
        plan = site_model(self.settings).plan
        siteurl, sitename = self.settings.get("SITEURL", ""), self.settings["SITENAME"]
        files = feeds(plan, siteurl, sitename)
        files[CALENDAR_PATH] = calendar(plan, siteurl, sitename)
        files.update(action_files(plan, siteurl, sitename))
        for target in write_files(self.output_path, files):
            # As Pelican's writer does, so the URL manifest counts them wherever they are.
            signals.content_written.send(target, context=self.context)
        log.info("progress: wrote %d feeds and calendars", len(files))


def get_generators(pelican):
    return ProgressFilesGenerator


def register() -> None:
    signals.generator_init.connect(add_globals)
    signals.get_generators.connect(get_generators)
