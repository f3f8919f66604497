"""plan_data: the plan as open data. Writes data/actions.csv, data/actions.schema.json and
actions/<id>.json from content/data/actions.json, and gives templates OPEN_DATA (sizes, build
date, the field table) for the Data page and each action's JSON link."""

from pelican import signals

from .generator import PlanDataGenerator


def get_generators(pelican):
    return PlanDataGenerator


def register():
    signals.get_generators.connect(get_generators)
