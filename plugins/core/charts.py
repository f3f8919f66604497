"""Accessible SVG charts drawn at build time, each with a title, a description and, folded below
it, a table of the same figures. No chart library reaches the browser.

Templates call the Jinja globals `chart_actions_per_pillar(PLAN)`, `chart_actions_per_topic(PLAN)`,
`chart_money_per_pillar(PLAN)` and `chart_timeline(PLAN)`. This module works out the figures and
the layout; the markup is the theme's `charts.html` macros (Jinja escapes every string from the
plan). Colours come from classes in the theme's stylesheet (so dark mode and print apply);
presentation attributes are only a fallback.
"""

from __future__ import annotations

import textwrap
from collections import defaultdict
from dataclasses import field, replace

from markupsafe import Markup

from actionplan.records.standings import STANDINGS
from actionplan.terms import DEADLINE_KINDS

from .labels import FACTS, FILTERS, MONEY_LEFT_OUT
from .plan import Action, Deadline, Money, Plan, TimelineEntry
from .record import record

PILLAR = FILTERS["pillar"]["label"]  # the first column of the tables by pillar

# Each chart is drawn three times, each for a range of widths of the text column, and CSS shows
# the one whose range the screen's column is in. A drawing is as wide as its column: its text is
# 16 px at every width (the SVG has no viewBox, so nothing scales its words), its bars are
# percentages of its width, and its labels wrap at as many characters as its narrowest width holds.
# (name, the narrowest column it is shown in, in px, label characters per line)
DRAWINGS = (
    ("narrow", 288, 30),  # a phone: 320 px less the page's margins; up to 447 px
    ("medium", 448, 46),  # from a 480 px screen (30em) to the wide one
    ("wide", 640, 66),  # the whole text column (40rem), from a 688 px screen (43em)
)
WIDTH, _, LABEL_CHARACTERS = DRAWINGS[0]
FONT = 16
LINE = 20  # a label line
BAR = 18
GAP = 14  # between one bar and the next label
CHARACTER = 10.5  # at most the width of one character of a value (a digit is 10.2 px in DejaVu Sans at 16 px)

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
# Kinds of date that are deadlines (schema: $defs.deadline.kind).


@record
class Bar:
    """One bar of a bar chart: its label, its value and the value as printed."""

    label: str
    value: float
    shown: str  # the value as the chart and table print it
    group: str | None = None  # a heading line before this bar (the year, on the timeline)


@record
class DrawnBar:
    """A bar placed on the drawing: its label lines, its bar and its value."""

    groups: tuple[tuple[int, str], ...]  # (baseline y, text): the heading lines before it, if any
    lines: tuple[tuple[int, str], ...]  # (baseline y, text)
    bar_y: int
    width: float  # in px at the drawing's narrowest
    value_x: float
    value_y: int
    shown: str
    share: float = 0.0  # the bar's width in % of the drawing's, at any width (never under `width`)


@record
class Part:
    """A piece of a table cell: text, a link where `href` is set."""

    text: str
    href: str | None = None


@record
class Cell:
    """One cell of a chart's table: its parts, joined by `separator`."""

    parts: tuple[Part, ...]
    separator: str = ", "
    numeric: bool = False


@record
class Table:
    """The table that gives a chart's figures in rows and columns."""

    caption: str
    head: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]
    numeric: frozenset[int] = frozenset()


@record
class Drawing:
    """One drawing of a chart (DRAWINGS): its name, its narrowest width in px, its bars, its height."""

    name: str
    width: int
    bars: tuple[DrawnBar, ...]
    height: int


@record
class Chart:
    """A chart as the templates draw it: its title, description, drawings and table."""

    id: str
    title: str
    desc: str
    drawings: tuple[Drawing, ...]
    table: Table
    notes: tuple[tuple[Part, ...], ...] = field(default=())
    font: int = FONT
    bar_height: int = BAR


def cell(*parts: Part, separator: str = ", ") -> Cell:
    return Cell(tuple(parts), separator)


def text_cell(text: str) -> Cell:
    return Cell((Part(text),))


def layout(
    bars: list[Bar], drawing_width: int = WIDTH, characters: int = LABEL_CHARACTERS
) -> tuple[tuple[DrawnBar, ...], int]:
    """Each bar below its label (wrapped to the drawing's width) with its value after it. One scale
    for every bar, the largest at which each bar's value still fits after it: a long value on a
    short bar ("at least £5.3 million") no longer shrinks the longest bar."""
    def room(bar: Bar) -> int:
        return 8 + CHARACTER * len(bar.shown)

    scale = min((max(drawing_width - room(b), 2) / b.value for b in bars if b.value > 0), default=1)
    drawn, y = [], 0
    for bar in bars:
        groups = []
        if bar.group:
            y += 8
            for text in textwrap.wrap(bar.group, characters):
                y += LINE
                groups.append((y - 4, text))
        lines = []
        for text in textwrap.wrap(bar.label, characters) or [""]:
            y += LINE
            lines.append((y - 4, text))
        width = max(round(scale * bar.value, 1), 2)
        share = round(100 * width / drawing_width, 2)
        drawn.append(DrawnBar(tuple(groups), tuple(lines), y + 2, width, width + 6, y + 2 + BAR - 4, bar.shown, share))
        y += 2 + BAR + GAP
    return tuple(drawn), y


def chart(chart_id: str, title: str, desc: str, bars: list[Bar], table: Table, notes=()) -> Chart:
    drawings = tuple(Drawing(name, width, *layout(bars, width, characters)) for name, width, characters in DRAWINGS)
    return Chart(chart_id, title, desc, drawings, table, tuple(notes))


def plural(n: int, one: str, many: str | None = None) -> str:
    return f"{n} {one if n == 1 else (many or one + 's')}"


def money(amount: float) -> str:
    """£5 million, £13.1 million, £1.2 billion, £300,000: as a reader says them."""
    if amount >= 1_000_000_000:
        return f"£{amount / 1_000_000_000:,.1f} billion".replace(".0 ", " ")
    if amount >= 1_000_000:
        return f"£{amount / 1_000_000:,.1f} million".replace(".0 ", " ")
    return f"£{amount:,.0f}"


def counted(money_item: Money) -> bool:
    """Whether a total may add this sum: a figure, funding for the action, not inside another sum."""
    return (
        money_item.amount is not None
        and money_item.kind == "funding"
        and money_item.part_of is None
    )


# Why a sum is left out of every total, in a few words (the chart's table, the money page) and in
# full (an action's page): labels.py keeps the words; templates read MONEY_LEFT_OUT.
LEFT_OUT = MONEY_LEFT_OUT


def left_out_why(m: Money, action: Action) -> str:
    """Why a sum with a figure is not added, in a few words."""
    if m.part_of is not None:
        return f"part of {action.facts.money[m.part_of].text}"
    return LEFT_OUT.get(m.context_basis or "", ("background figure",))[0]


@record
class Total:
    """What one total adds and what it leaves out, and why: every total says both."""

    amount: float
    at_least: bool  # a term is a lower bound ("more than £300,000"): the total is "at least" it
    added: tuple[tuple[Action, Money], ...]  # (action, sum)
    left_out: tuple[tuple[Action, Money, str], ...]  # (action, sum, why)
    without_figure: tuple[tuple[Action, Money], ...]

    @property
    def shown(self) -> str:
        if not self.added:
            return "none stated"
        return ("at least " if self.at_least else "") + money(self.amount)


def money_total(actions) -> Total:
    added, left_out, without = [], [], []
    for action in actions:
        for m in action.facts.money:
            if counted(m):
                added.append((action, m))
            elif m.amount is None:
                without.append((action, m))
            else:
                left_out.append((action, m, left_out_why(m, action)))
    return Total(
        amount=sum(m.amount for _, m in added),
        at_least=any(m.lower_bound for _, m in added),
        added=tuple(added),
        left_out=tuple(left_out),
        without_figure=tuple(without),
    )


def money_by_pillar(plan: Plan) -> dict[int, Total]:
    """Each pillar's total, for the chart and the money page alike."""
    return {
        p.number: money_total(a for a in plan.actions if a.pillar == p.number)
        for p in plan.pillars
    }


# --- the charts ---------------------------------------------------------------------------------


def actions_per_pillar(plan: Plan, chart_id: str = "chart-pillars") -> Chart:
    counts = _actions_per_pillar(plan)
    pillars = plan.pillars
    bars = [Bar(p.label, counts[p.number], str(counts[p.number])) for p in pillars]
    total = sum(counts.values())
    desc = (
        f"{plural(total, 'action')} in {plural(len(pillars), 'pillar')}: "
        + "; ".join(f"{b.label}, {b.shown}" for b in bars)
        + "."
    )
    rows = [
        (cell(Part(p.label, p.url)), text_cell(str(counts[p.number])))
        for p in pillars
    ]
    rows.append((text_cell("Total"), text_cell(str(total))))
    table = Table("Actions in each pillar, as figures", (PILLAR, "Actions"), tuple(rows), frozenset({1}))
    return chart(chart_id, "Actions in each pillar", desc, bars, table)


def actions_per_standing(plan: Plan, chart_id: str = "chart-standings") -> Chart:
    """Where the actions stood when the plan was published, in the words of actionplan/records/standings.py."""
    counts = {key: 0 for key in STANDINGS}
    for action in plan.actions:
        counts[action.facts.standing.id] += 1
    bars = [Bar(words.short, counts[key], str(counts[key])) for key, words in STANDINGS.items()]
    desc = (
        "Where the actions stood when the plan was published, by its own account: "
        + "; ".join(f"{STANDINGS[key].label}, {plural(n, 'action')}" for key, n in counts.items())
        + "."
    )
    rows = tuple(
        (cell(Part(words.label, f"actions/status/{key}/")), text_cell(str(counts[key])))
        for key, words in STANDINGS.items()
    )
    table = Table("Actions by standing when the plan was published, as figures",
                  (FACTS["glance_standing"], "Actions"), rows, frozenset({1}))
    note = (Part("A standing reports what the plan says about the action, not what has happened since."),)
    return chart(chart_id, "Where the actions stood when the plan was published", desc, bars, table, [note])


def _actions_per_pillar(plan: Plan) -> dict[int, int]:
    counts = {p.number: 0 for p in plan.pillars}
    for action in plan.actions:
        counts[action.pillar] = counts.get(action.pillar, 0) + 1
    return counts


def actions_per_topic(plan: Plan, chart_id: str = "chart-topics") -> Chart:
    topics = sorted(plan.topics, key=lambda t: (-len(t.actions), t.name))
    bars = [Bar(t.name, len(t.actions), str(len(t.actions))) for t in topics]
    desc = (
        "Number of actions on each topic, most first (an action can be on several topics): "
        + "; ".join(f"{b.label}, {b.shown}" for b in bars)
        + "."
    )
    rows = tuple((cell(Part(t.name, t.url)), text_cell(str(len(t.actions)))) for t in topics)
    table = Table("Actions on each topic, as figures", (FILTERS["topic"]["label"], "Actions"), rows, frozenset({1}))
    note = (Part("An action can be on more than one topic, so these add up to more than the number of actions."),)
    return chart(chart_id, "Actions on each topic", desc, bars, table, [note])


def money_per_pillar(plan: Plan, chart_id: str = "chart-money") -> Chart:
    """Funding the plan states for its actions, by pillar. Background figures (a whole budget, a
    wider programme's money, a sum for a year before the plan's period) and sums the text places
    inside a larger sum are listed with why, never added; a lower bound makes a total "at least"."""
    pillars = plan.pillars
    totals = money_by_pillar(plan)
    bars = [
        Bar(p.label, totals[p.number].amount, totals[p.number].shown)
        for p in pillars
    ]
    left_out = [item for t in totals.values() for item in t.left_out]
    unnamed = sum(len(t.without_figure) for t in totals.values())
    desc = (
        "The funding the plan states for each pillar's actions, added up: "
        + "; ".join(f"{b.label}, {b.shown}" for b in bars)
        + f". Not added: {plural(len(left_out), 'sum')} ("
        + "; ".join(f"{a.id} {m.text}, {why}" for a, m, why in left_out)
        + f") and {plural(unnamed, 'commitment')} without a figure; the table names them."
    )

    rows = []
    for p in pillars:
        t = totals[p.number]
        rows.append(
            (
                cell(Part(p.label, p.url)),
                text_cell(t.shown),
                cell(*(Part(a.id, a.url) for a in dict((a.id, a) for a, _ in t.added).values()))
                if t.added
                else text_cell("none"),
                cell(*(Part(f"{a.id}: {m.text} ({why})", a.url) for a, m, why in t.left_out), separator="; ")
                if t.left_out
                else text_cell("none"),
                cell(*(Part(f"{a.id}: “{m.text}”", a.url) for a, m in t.without_figure), separator="; ")
                if t.without_figure
                else text_cell("none"),
            )
        )
    table = Table(
        "Money in each pillar, as figures",
        (PILLAR, "Funding added up", "Actions added", "Not added, and why", "Money without a figure"),
        tuple(rows),
    )
    notes = [
        (
            Part(
                "Each total adds the funding the plan states for its actions in its period (2026–29). It leaves "
                "out background figures (a whole budget such as all NHS mental-health spending in a year, a "
                "wider programme's money, a sum for a year before the plan's period) and a sum the plan says is "
                "part of a larger one; the table names each with why. A total with a sum the plan gives as a "
                "lower bound (“more than £300,000”) is “at least”. Some sums cover a year and "
                "others several years, so read the totals as a guide to where money is named, not as a budget. "
            ),
            Part("Every sum, with its action and what it is for", "money/"),
        )
    ]
    return chart(chart_id, "Money in each pillar", desc, bars, table, notes)


def timeline_part(deadline: Deadline) -> str:
    if deadline.season:
        return deadline.season
    if deadline.month:
        return MONTH_SEASON[deadline.month]
    if deadline.financial_year:
        return "financial year"
    if deadline.end_of:
        return "end of the year"
    return "no season given"


def timeline(plan: Plan, chart_id: str = "chart-timeline") -> Chart:
    buckets: dict[tuple[int, str], list[TimelineEntry]] = defaultdict(list)
    for entry in plan.timeline:
        d = entry.deadline
        if d.kind in DEADLINE_KINDS:
            buckets[(d.end_year, timeline_part(d))].append(entry)
    keys = sorted(buckets, key=lambda k: (k[0], PART_ORDER.get(k[1], 9)))
    actions = plan.actions_by_id
    bars, rows, year = [], [], None
    for y, part in keys:
        n = len(buckets[(y, part)])
        bars.append(Bar(f"{part.capitalize()}", n, str(n), group=str(y) if y != year else None))
        year = y
        links = cell(
            *(
                Part(e.action, actions[e.action].url if e.action in actions else None)
                for e in buckets[(y, part)]
            )
        )
        rows.append((text_cell(f"{y}, {part}"), text_cell(str(n)), links))
    desc = (
        f"{plural(sum(len(v) for v in buckets.values()), 'deadline')}, counted by year and season: "
        + "; ".join(f"{y} {part}, {len(buckets[(y, part)])}" for y, part in keys)
        + "."
    )
    table = Table(
        "Deadlines by year and season, as figures", ("When", "Deadlines", "Actions"), tuple(rows), frozenset({1})
    )
    return chart(chart_id, "Deadlines by year and season", desc, bars, table)


CHARTS = {
    "chart_actions_per_standing": actions_per_standing,
    "chart_actions_per_pillar": actions_per_pillar,
    "chart_actions_per_topic": actions_per_topic,
    "chart_money_per_pillar": money_per_pillar,
    "chart_timeline": timeline,
}


class Drawer:
    """A Jinja global: works out a chart from PLAN and draws it with the theme's macro."""

    def __init__(self, env, build):
        self.env = env
        self.build = build

    def __call__(self, plan: Plan, notes: bool = True) -> Markup:
        """`notes=False` where the page itself says what the chart's notes would."""
        drawn = self.build(plan)
        macros = self.env.get_template("charts.html").module
        return Markup(macros.figure(drawn if notes else replace(drawn, notes=())))
