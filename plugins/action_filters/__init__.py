"""action_filters: the all-actions page filtered by one value of one facet (pillar, topic,
organisation, deadline year, money, status, progress, schedule), pre-rendered at a stable URL with its CSV, so that
filters are plain links that work without JavaScript. theme/static/js/actions.js combines them in
place where JavaScript runs."""

from pelican import signals

from .generator import ActionFiltersGenerator


def get_generators(pelican):
    return ActionFiltersGenerator


def register():
    signals.get_generators.connect(get_generators)
