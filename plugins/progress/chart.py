"""The progress page's chart: actions by pillar and schedule, drawn with the charts plugin's API."""

from __future__ import annotations

from plugins.core.charts import Bar, Chart, Part, Table, cell, chart, plural, text_cell
from plugins.core.labels import FILTERS, SCHEDULE, long_date
from plugins.core.plan import Plan

# The schedules a bar is drawn for; actions without a deadline are counted in the table only, as
# their bars would dwarf the rest (the figure's note says so).
DRAWN = ("due", "passed", "delivered")


def schedule_counts(plan: Plan) -> dict[int, dict[str, int]]:
    """Actions per pillar number and schedule, every schedule present (zero where none)."""
    counts = {p.number: dict.fromkeys(SCHEDULE, 0) for p in plan.pillars}
    for action in plan.actions:
        counts[action.pillar][action.progress.schedule] += 1
    return counts


def progress_chart(plan: Plan, chart_id: str = "chart-progress") -> Chart:
    counts = schedule_counts(plan)
    bars = []
    for pillar in plan.pillars:
        for n, schedule in enumerate(DRAWN):
            value = counts[pillar.number][schedule]
            group = pillar.label if n == 0 else None
            bars.append(Bar(SCHEDULE[schedule], value, str(value), group=group))
    title = f"Actions with a deadline, by pillar and schedule, as of {long_date(plan.progress.as_of)}"
    desc = "; ".join(
        f"Pillar {p.number}: " + ", ".join(f"{SCHEDULE[s].lower()} {counts[p.number][s]}" for s in DRAWN)
        for p in plan.pillars
    ) + "."
    head = (FILTERS["pillar"]["label"], *(SCHEDULE[s] for s in SCHEDULE), "All actions")
    rows = [
        (
            cell(Part(p.label, p.url)),
            *(text_cell(str(counts[p.number][s])) for s in SCHEDULE),
            text_cell(str(sum(counts[p.number].values()))),
        )
        for p in plan.pillars
    ]
    totals = [text_cell(str(sum(c[s] for c in counts.values()))) for s in SCHEDULE]
    rows.append((text_cell("All pillars"), *totals, text_cell(str(len(plan.actions)))))
    none = sum(c["no-deadline"] for c in counts.values())
    table = Table(f"{title}, as figures", head, tuple(rows), frozenset(range(1, len(head))))
    note = (Part(f"Not drawn: {plural(none, 'action')} that set no deadline, counted in the table."),)
    return chart(chart_id, title, desc, bars, table, [note])
