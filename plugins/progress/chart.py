"""The progress page's chart: actions by pillar and schedule, drawn with the charts plugin's API."""

from __future__ import annotations

from markupsafe import Markup

from plugins.charts.charts import Bar, bar_svg, figure, link, plural, table

from .labels import SCHEDULE, long_date

# The schedules a bar is drawn for; actions without a deadline are counted in the table only, as
# their bars would dwarf the rest (the figure's note says so).
DRAWN = ("due", "passed", "delivered")


def schedule_counts(plan: dict) -> dict[int, dict[str, int]]:
    """Actions per pillar number and schedule, every schedule present (zero where none)."""
    counts = {p["number"]: dict.fromkeys(SCHEDULE, 0) for p in plan["pillars"]}
    for action in plan["actions"]:
        counts[action["pillar"]][action["progress"]["schedule"]] += 1
    return counts


def progress_chart(siteurl: str, plan: dict, chart_id: str = "chart-progress") -> Markup:
    counts = schedule_counts(plan)
    reviewed = plan["progress"]["reviewed_up_to"]
    bars = []
    for pillar in plan["pillars"]:
        for n, schedule in enumerate(DRAWN):
            value = counts[pillar["number"]][schedule]
            group = f"Pillar {pillar['number']}: {pillar['title']}" if n == 0 else None
            bars.append(Bar(SCHEDULE[schedule], value, str(value), group=group))
    title = f"Actions with a deadline, by pillar and schedule, as recorded up to {long_date(reviewed)}"
    desc = "; ".join(
        f"Pillar {p['number']}: " + ", ".join(f"{SCHEDULE[s].lower()} {counts[p['number']][s]}" for s in DRAWN)
        for p in plan["pillars"]
    ) + "."
    head = ["Pillar", *(SCHEDULE[s] for s in SCHEDULE), "All actions"]
    rows = [
        [link(siteurl, p["url"], f"Pillar {p['number']}: {p['title']}"),
         *(str(counts[p["number"]][s]) for s in SCHEDULE), str(sum(counts[p["number"]].values()))]
        for p in plan["pillars"]
    ]
    totals = [str(sum(c[s] for c in counts.values())) for s in SCHEDULE]
    rows.append(["All pillars", *totals, str(len(plan["actions"]))])
    none = sum(c["no-deadline"] for c in counts.values())
    return figure(
        chart_id,
        title,
        bar_svg(chart_id, title, desc, bars),
        table(f"{title}, as figures", head, rows, set(range(1, len(head)))),
        f"Not drawn: {plural(none, 'action')} that set no deadline, counted in the table.",
    )
