"""charts: the Jinja globals that draw the site's charts (plugins/core/charts.py works them out)."""

from pelican import signals

from plugins.core.charts import CHARTS, LEFT_OUT, Drawer, money, money_by_pillar


def add_globals(generator) -> None:
    for name, build in CHARTS.items():
        generator.env.globals[name] = Drawer(generator.env, build)
    generator.env.filters["money"] = money
    generator.env.globals["money_by_pillar"] = money_by_pillar
    # Why a sum is left out of every total, in full, for action pages (the chart uses the short words).
    generator.env.globals["MONEY_LEFT_OUT"] = {basis: full for basis, (_, full) in LEFT_OUT.items()}


def register() -> None:
    signals.generator_init.connect(add_globals)
