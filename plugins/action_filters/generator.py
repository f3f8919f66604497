"""The Pelican side of action_filters: the filtered pages and their CSVs."""

from __future__ import annotations

import logging
import time

from pelican import signals
from pelican.generators import Generator

from actionplan.records.standings import RETIRED_STATUSES
from plugins.core.attributes import AttributeDict
from plugins.core.csv_table import action_lines, table_of
from plugins.core.model import site_model
from plugins.core.output import write_files
from plugins.core.plan import Plan

from .facets import CSV_NAME, FILTER_ROOT, Facet, facets, tokens_by_action

logger = logging.getLogger(__name__)


class ActionFiltersGenerator(Generator):
    """Gives templates ACTION_FILTERS (the facets, each action's "facet:value" tokens, and the parts of
    the lists rendered once) before any page is written, then writes actions/<facet>/<value>/ and its
    actions.csv."""

    def generate_context(self) -> None:
        plan = site_model(self.settings).plan
        all_facets = facets(plan)
        tokens = tokens_by_action(all_facets)
        # Every action's list item, rendered once by the theme's own macro (components.html) and
        # reused by the all-actions page and each filtered list that shows it: the same bytes, ~100
        # times less work. Each facet's filter links and its group of them with no value current:
        # the same on every list but those of its own facet, which mark their value current.
        ui = self.env.get_template("components.html").module
        filter_ui = self.env.get_template("action_filters.html").module
        links = {facet.key: {value.slug: filter_ui.facet_link(facet, value) for value in facet.values}
                 for facet in all_facets}
        self.context["ACTION_FILTERS"] = AttributeDict({
            "facets": all_facets,
            "tokens": tokens,
            "total": len(plan.actions),
            "action_items": {a.id: ui.action_item(a, tokens) for a in plan.actions},
            "links": links,
            "panel": {facet.key: filter_ui.facet_group(facet, links=links) for facet in all_facets},
        })

    def generate_output(self, writer) -> None:
        filters = self.context.get("ACTION_FILTERS")
        if not filters:
            return
        started = time.perf_counter()
        model = site_model(self.settings)
        plan = model.plan
        template = self.get_template("actions")
        # Every action's CSV row, made and encoded once (from the JSON, as data/actions.csv); each
        # list's CSV is a subset, in the plan's order.
        rows = dict(zip((a.id for a in plan.actions), action_lines(model.data, self.settings.get("SITEURL", "")),
                        strict=True))
        count = 0
        for facet in filters["facets"]:
            for value in facet.values:
                self._write_value(writer, template, plan, facet, value, rows)
                count += 1
            if facet.key == "status":
                self._write_retired(facet, rows)
        logger.info("action_filters: wrote %d filtered lists in %.2f s", count, time.perf_counter() - started)

    def _write_retired(self, facet: Facet, rows: dict[str, bytes]) -> None:
        """The CSVs of the earlier statuses, published URLs: each holds its closest standing's rows
        (their pages are REDIRECTS, pelicanconf.py, which a CSV cannot be)."""
        by_slug = {value.slug: value for value in facet.values}
        for old, new in RETIRED_STATUSES.items():
            relative = f"{FILTER_ROOT}/{facet.key}/{old}/{CSV_NAME}"
            (target,) = write_files(self.output_path, {relative: table_of(rows[i] for i in by_slug[new].ids)})
            signals.content_written.send(target, context=self.context)

    def _write_value(self, writer, template, plan: Plan, facet: Facet, value, rows: dict[str, bytes]) -> None:
        chosen = set(value.ids)
        # What actions.html shows of the selection, worked out here once: the chosen ids in the
        # plan's order, and by pillar and commitment.
        selection = AttributeDict({
            "facet": facet, "value": value, "ids": chosen,
            "chosen": [a.id for a in plan.actions if a.id in chosen],
            "groups": plan.grouped(chosen),
        })
        writer.write_file(value.url(facet.key) + "index.html", template, self.context, url=value.url(facet.key),
                          action_filter=selection)
        # data/actions.csv's rows, for the selected actions only.
        # In the page's folder, just written: write_files makes no folder for it.
        (target,) = write_files(self.output_path, {value.csv(facet.key): table_of(rows[i] for i in value.ids)})
        # As Pelican's writer does for what it writes: url_manifest lists the files it hears of.
        signals.content_written.send(target, context=self.context)
