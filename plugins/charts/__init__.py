"""charts: the Jinja globals that draw the site's charts (plugins/core/charts.py works them out)."""

from pelican import signals

from plugins.core.charts import CHARTS, Drawer, money


def add_globals(generator) -> None:
    for name, build in CHARTS.items():
        generator.env.globals[name] = Drawer(generator.env, build)
    generator.env.filters["money"] = money


def register() -> None:
    signals.generator_init.connect(add_globals)
