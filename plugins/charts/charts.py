"""Accessible SVG charts drawn at build time, each with a title, a description and the same
figures as a table beside it. No chart library reaches the browser.

Templates call the Jinja globals `chart_actions_per_pillar(PLAN)`, `chart_actions_per_topic(PLAN)`,
`chart_money_per_pillar(PLAN)` and `chart_timeline(PLAN)`. Colours come from classes in the
theme's stylesheet (so dark mode and print apply); presentation attributes are only a fallback.
Every string from the plan is escaped here, because the result is marked safe.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from functools import partial

from markupsafe import Markup, escape
from pelican import signals

WIDTH = 480
ROW = 46  # label line, then the bar below it: labels of any length never squeeze the bar
BAR = 18
MAX_LABEL = 58
NUM = ' class="table__num"'

SEASONS = ("spring", "summer", "autumn", "winter")
MONTH_SEASON = {
    3: "spring",
    4: "spring",
    5: "spring",
    6: "summer",
    7: "summer",
    8: "summer",
    9: "autumn",
    10: "autumn",
    11: "autumn",
    12: "winter",
    1: "winter",
    2: "winter",
}
PART_ORDER = {
    "spring": 1,
    "summer": 2,
    "autumn": 3,
    "winter": 4,
    "financial year": 5,
    "end of the year": 6,
    "no season given": 7,
}


@dataclass(frozen=True)
class Bar:
    label: str
    value: float
    shown: str  # the value as the chart and table print it
    href: str | None = None
    group: str | None = None  # a heading row before this bar (the year, on the timeline)


def _clip(text: str) -> str:
    return text if len(text) <= MAX_LABEL else text[: MAX_LABEL - 1].rstrip() + "…"


def bar_svg(chart_id: str, title: str, desc: str, bars: list[Bar]) -> str:
    """A horizontal bar chart: one row per bar, its label above it and its value after it."""
    top = max((b.value for b in bars), default=0) or 1
    # room after the longest bar for the longest value, at about 9 units a character
    value_room = 12 + 9 * max((len(b.shown) for b in bars), default=3)
    parts, y = [], 0
    for bar in bars:
        if bar.group:
            y += 8
            parts.append(f'<text class="chart__group" x="0" y="{y + 16}" font-weight="bold">{escape(bar.group)}</text>')
            y += 26
        width = round((WIDTH - value_room) * bar.value / top, 1)
        parts.append(
            f'<text class="chart__label" x="0" y="{y + 15}">{escape(_clip(bar.label))}</text>'
            f'<rect class="chart__bar" x="0" y="{y + 22}" width="{max(width, 2)}" height="{BAR}" '
            f'fill="#1d70b8"/>'
            f'<text class="chart__value" x="{max(width, 2) + 6}" y="{y + 36}">{escape(bar.shown)}</text>'
        )
        y += ROW
    height = y + 4
    return (
        f'<svg class="chart__svg" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" '
        f'width="{WIDTH}" height="{height}" role="img" aria-labelledby="{chart_id}-title {chart_id}-desc" '
        f'font-size="15" fill="currentColor">'
        f'<title id="{chart_id}-title">{escape(title)}</title>'
        f'<desc id="{chart_id}-desc">{escape(desc)}</desc>' + "".join(parts) + "</svg>"
    )


def figure(chart_id: str, title: str, svg: str, table: str, note: str = "") -> Markup:
    note_html = f'<p class="chart__note">{escape(note)}</p>' if note else ""
    return Markup(
        f'<figure class="chart" id="{chart_id}" aria-labelledby="{chart_id}-caption">'
        f'<figcaption class="chart__caption" id="{chart_id}-caption">{escape(title)}</figcaption>'
        f'<div class="chart__body"><div class="chart__picture">{svg}</div>'
        f'<div class="chart__figures table-wrap" role="region" tabindex="0" aria-label="{escape(title)}, as figures">'
        f"{table}</div></div>{note_html}</figure>"
    )


def table(caption: str, head: list[str], rows: list[list[str]], numeric: set[int] = frozenset()) -> str:
    """`rows` hold HTML that callers have already escaped."""
    th = "".join(f'<th scope="col"{NUM if i in numeric else ""}>{escape(h)}</th>' for i, h in enumerate(head))
    body = []
    for row in rows:
        cells = [f'<th scope="row">{row[0]}</th>'] + [
            f"<td{NUM if i in numeric else ''}>{cell}</td>" for i, cell in enumerate(row[1:], start=1)
        ]
        body.append("<tr>" + "".join(cells) + "</tr>")
    return (
        f'<table class="table"><caption class="table__caption">{escape(caption)}</caption>'
        f"<thead><tr>{th}</tr></thead><tbody>{''.join(body)}</tbody></table>"
    )


def link(siteurl: str, url: str, text: str) -> str:
    return f'<a href="{escape(siteurl)}/{escape(url)}">{escape(text)}</a>'


def plural(n: int, one: str, many: str | None = None) -> str:
    return f"{n} {one if n == 1 else (many or one + 's')}"


def money(amount: float) -> str:
    """£5 million, £13.1 million, £1.2 billion, £300,000: as a reader says them."""
    if amount >= 1_000_000_000:
        return f"£{amount / 1_000_000_000:,.1f} billion".replace(".0 ", " ")
    if amount >= 1_000_000:
        return f"£{amount / 1_000_000:,.1f} million".replace(".0 ", " ")
    return f"£{amount:,.0f}"


# --- the charts ---------------------------------------------------------------------------------


def actions_per_pillar(siteurl: str, plan: dict, chart_id: str = "chart-pillars") -> Markup:
    counts = _actions_per_pillar(plan)
    pillars = plan.get("pillars", [])
    bars = [Bar(f"Pillar {p['number']}: {p['title']}", counts[p["number"]], str(counts[p["number"]])) for p in pillars]
    total = sum(counts.values())
    title = "Actions in each pillar"
    desc = (
        f"{plural(total, 'action')} in {plural(len(pillars), 'pillar')}: "
        + "; ".join(f"{b.label}, {b.shown}" for b in bars)
        + "."
    )
    rows = [[link(siteurl, p["url"], f"Pillar {p['number']}: {p['title']}"), str(counts[p["number"]])] for p in pillars]
    rows.append(["Total", str(total)])
    return figure(
        chart_id,
        title,
        bar_svg(chart_id, title, desc, bars),
        table("Actions in each pillar, as figures", ["Pillar", "Actions"], rows, {1}),
    )


def _actions_per_pillar(plan: dict) -> dict[int, int]:
    counts = {p["number"]: 0 for p in plan.get("pillars", [])}
    for action in plan.get("actions", []):
        counts[action["pillar"]] = counts.get(action["pillar"], 0) + 1
    return counts


def actions_per_topic(siteurl: str, plan: dict, chart_id: str = "chart-topics") -> Markup:
    topics = sorted(plan.get("topics", []), key=lambda t: (-len(t.get("actions", [])), t["name"]))
    bars = [Bar(t["name"], len(t.get("actions", [])), str(len(t.get("actions", [])))) for t in topics]
    title = "Actions on each topic"
    desc = (
        "Number of actions on each topic, most first (an action can be on several topics): "
        + "; ".join(f"{b.label}, {b.shown}" for b in bars)
        + "."
    )
    rows = [[link(siteurl, t["url"], t["name"]), str(len(t.get("actions", [])))] for t in topics]
    return figure(
        chart_id,
        title,
        bar_svg(chart_id, title, desc, bars),
        table("Actions on each topic, as figures", ["Topic", "Actions"], rows, {1}),
        "An action can be on more than one topic, so these add up to more than the number of actions.",
    )


def money_per_pillar(siteurl: str, plan: dict, chart_id: str = "chart-money") -> Markup:
    pillars = plan.get("pillars", [])
    sums: dict[int, float] = defaultdict(float)
    with_figure: dict[int, list[dict]] = defaultdict(list)
    without: dict[int, list[tuple[dict, dict]]] = defaultdict(list)
    for action in plan.get("actions", []):
        items = action.get("facts", {}).get("money", [])
        quantified = [m for m in items if m.get("amount") is not None]
        for m in quantified:
            sums[action["pillar"]] += m["amount"]
        if quantified:
            with_figure[action["pillar"]].append(action)
        for m in items:
            if m.get("amount") is None:
                without[action["pillar"]].append((action, m))
    bars = [
        Bar(
            f"Pillar {p['number']}: {p['title']}",
            sums[p["number"]],
            money(sums[p["number"]]) if sums[p["number"]] else "none stated",
        )
        for p in pillars
    ]
    title = "Money named in each pillar"
    unnamed = sum(len(v) for v in without.values())
    desc = (
        "The sum of the sums of money the plan states in each pillar's actions: "
        + "; ".join(f"{b.label}, {b.shown}" for b in bars)
        + f". {plural(unnamed, 'further commitment')} of money give no figure; the table names them."
    )
    rows = []
    for p in pillars:
        n = p["number"]
        named = ", ".join(link(siteurl, a["url"], a["id"]) for a in with_figure[n]) or "none"
        unq = "; ".join(f"{link(siteurl, a['url'], a['id'])}: “{escape(m['text'])}”" for a, m in without[n]) or "none"
        rows.append(
            [
                link(siteurl, p["url"], f"Pillar {n}: {p['title']}"),
                escape(money(sums[n]) if sums[n] else "none stated"),
                named,
                unq,
            ]
        )
    note = (
        "These totals add up the figures as the plan prints them. Some cover a year and others several "
        "years, and some may overlap, so read them as a guide to where money is named, not as a budget."
    )
    largest = max(
        ((m, a) for a in plan.get("actions", []) for m in a.get("facts", {}).get("money", []) if m.get("amount")),
        key=lambda pair: pair[0]["amount"],
        default=None,
    )
    if largest:
        m, a = largest
        period = f" {m['period']}" if m.get("period") else ""
        note += (
            f" The largest single figure is {m['text']}{period}, in action {a['id']}; "
            "read that action to see what the money is for."
        )
    return figure(
        chart_id,
        title,
        bar_svg(chart_id, title, desc, bars),
        table(
            "Money named in each pillar, as figures",
            ["Pillar", "Sum of stated figures", "Actions with a figure", "Money promised without a figure"],
            rows,
        ),
        note,
    )


def timeline_part(deadline: dict) -> str:
    if deadline.get("season"):
        return deadline["season"]
    if deadline.get("month"):
        return MONTH_SEASON[deadline["month"]]
    if deadline.get("financial_year"):
        return "financial year"
    if deadline.get("end_of"):
        return "end of the year"
    return "no season given"


def timeline(siteurl: str, plan: dict, chart_id: str = "chart-timeline") -> Markup:
    buckets: dict[tuple[int, str], list[dict]] = defaultdict(list)
    for entry in plan.get("timeline", []):
        d = entry["deadline"]
        buckets[(d["year"], timeline_part(d))].append(entry)
    keys = sorted(buckets, key=lambda k: (k[0], PART_ORDER.get(k[1], 9)))
    actions = plan.get("actions_by_id") or {a["id"]: a for a in plan.get("actions", [])}
    bars, rows, year = [], [], None
    for y, part in keys:
        n = len(buckets[(y, part)])
        bars.append(Bar(f"{part.capitalize()}", n, str(n), group=str(y) if y != year else None))
        year = y
        links = ", ".join(
            link(siteurl, actions[e["action"]]["url"], e["action"]) if e["action"] in actions else escape(e["action"])
            for e in buckets[(y, part)]
        )
        rows.append([escape(f"{y}, {part}"), str(n), links])
    title = "Deadlines by year and season"
    desc = (
        f"{plural(sum(len(v) for v in buckets.values()), 'dated commitment')}, counted by year and season: "
        + "; ".join(f"{y} {part}, {len(buckets[(y, part)])}" for y, part in keys)
        + "."
    )
    return figure(
        chart_id,
        title,
        bar_svg(chart_id, title, desc, bars),
        table("Deadlines by year and season, as figures", ["When", "Deadlines", "Actions"], rows, {1}),
    )


CHARTS = {
    "chart_actions_per_pillar": actions_per_pillar,
    "chart_actions_per_topic": actions_per_topic,
    "chart_money_per_pillar": money_per_pillar,
    "chart_timeline": timeline,
}


def add_globals(generator) -> None:
    siteurl = generator.settings.get("SITEURL", "")
    for name, chart in CHARTS.items():
        generator.env.globals[name] = partial(chart, siteurl)
    generator.env.filters["money"] = money


def register() -> None:
    signals.generator_init.connect(add_globals)
