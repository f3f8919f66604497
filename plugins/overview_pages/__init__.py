"""overview_pages: every page that shows the plan from above (all actions, pillars, commitments,
organisations, laws, programmes, topics and their indexes, timeline, money, progress, glossary,
open data), drawn once from the model with the theme's templates, as Pelican draws category and
tag pages. content/ holds only what Pelican must read: one Markdown page per action, and the data."""

from pelican import signals

from .generator import OverviewPagesGenerator, link_to_site


def get_generators(pelican):
    return OverviewPagesGenerator


def register():
    signals.get_generators.connect(get_generators)
    signals.content_object_init.connect(link_to_site)
