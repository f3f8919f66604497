"""The Pelican side of overview_pages: the pages into the context, then each written once."""

from __future__ import annotations

import logging

from pelican.generators import Generator

from actionplan.terms import SITE_LINK
from plugins.core.model import site_model

from .pages import OverviewPage, overview_pages

logger = logging.getLogger(__name__)


class OverviewPagesGenerator(Generator):
    """Like Pelican's own category and tag pages: no source file, one template per kind of page.

    It asks plugins/core for the model (loaded once a build), so it depends on no other plugin's
    order; OVERVIEW_PAGES (by URL) lets any template link to one of them by its title."""

    def generate_context(self) -> None:
        self.pages: list[OverviewPage] = list(overview_pages(site_model(self.settings).plan))
        self.context["OVERVIEW_PAGES"] = {page.url: page for page in self.pages}

    def generate_output(self, writer) -> None:
        for page in self.pages:
            writer.write_file(
                page.save_as, self.get_template(page.template), self.context,
                relative_urls=self.settings["RELATIVE_URLS"], url=page.url, **page.template_variables(),
            )
        logger.info("overview_pages: wrote %d pages", len(self.pages))


def link_to_site(content) -> None:
    """An action's links to entity pages, written `{site}/laws/…/` (there is no source file for
    Pelican's {filename} to find), made absolute before Pelican reads the page's links."""
    if content._content and SITE_LINK in content._content:
        siteurl = content.settings.get("SITEURL", "")
        content._content = content._content.replace(f'href="{SITE_LINK}/', f'href="{siteurl}/')
