"""Which actions each filter value selects, from the plan model alone (the typed model of
content/data/actions.json, plugins/core/plan.py, read by attribute).

Pure: `facets(plan)` gives the facets in display order, each value with its actions, label and
URL. A facet only selects by facts the model states; nothing here reads the plan's text.

A value's URL must not vanish when a fact rule changes, so every value of a domain the data or the
code defines (pillars, topics, organisations, standings, progress labels) is listed, selecting no
action if none has it. Deadline years are the exception: the plan's dates define them, and a year
no action is due in has no meaning to keep (a new year only adds a page).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from actionplan.terms import DEADLINE_KINDS, SUBITEM_OF
from plugins.core.labels import FILTERS, FUNDING_NAMED, SCHEDULE, STANDINGS, STATUS
from plugins.core.plan import Action, Deadline, Plan
from plugins.core.record import record

FILTER_ROOT = "actions"
CSV_NAME = "actions.csv"


@record
class FacetValue:
    """One value of a facet, which has its own filtered list and CSV."""

    slug: str  # in the URL: actions/<facet>/<slug>/
    label: str  # in its facet's list: "Stalking"
    name: str  # on its own: "Topic: Stalking" (a pillar's label says "Pillar 2: …" already)
    ids: tuple[str, ...]  # the actions it selects, in the plan's order

    def url(self, facet: str) -> str:
        return f"{FILTER_ROOT}/{facet}/{self.slug}/"

    def csv(self, facet: str) -> str:
        return self.url(facet) + CSV_NAME


@record
class Facet:
    """One way to filter the actions (pillar, topic, organisation, …) and its values."""

    key: str  # in URLs (actions/topic/…/) and query strings (?topic=…)
    label: str  # the group's heading
    values: tuple[FacetValue, ...]


def _values(
    actions: tuple[Action, ...], of: Callable[[Action], Iterable[str]], labels: dict[str, str], order: list[str],
    prefix: str, names: dict[str, str] | None = None,
) -> tuple[FacetValue, ...]:
    """One FacetValue per value in `order`, in that order, with the actions it selects (maybe none);
    its name is `prefix` and its label, or its entry in `names`."""
    selected: dict[str, list[str]] = {v: [] for v in order}
    for action in actions:
        for value in dict.fromkeys(of(action)):
            if value not in selected:
                raise ValueError(f"action {action.id}: {value!r} is not one of {', '.join(order)}")
            selected[value].append(action.id)
    names = names or {v: prefix + labels[v] for v in order}
    return tuple(FacetValue(v, labels[v], names[v], tuple(selected[v])) for v in order)


def is_deadline(date: Deadline) -> bool:
    """A deadline of the action's work, its own or a sub-item's (model.Deadline.is_deadline): a
    start, a period, a past event, a forecast or a date of something it builds on is not."""
    return date.kind in DEADLINE_KINDS and (date.of == "action" or date.of.startswith(SUBITEM_OF))


def deadline_years(action: Action) -> list[str]:
    """The years the action's deadlines end in: "by 2026/27" and "by 31 March 2027" both count in
    2027, the year the deadline runs out, as on the timeline."""
    return [str(d.end_year) for d in action.facts.deadlines if is_deadline(d)]


def year_range(plan: Plan, actions: tuple[Action, ...]) -> list[str]:
    """Every year from the plan's publication to its last deadline, so that a year page stays when
    a better reading of the plan moves its deadlines to another year (an empty one says so)."""
    found = [int(y) for a in actions for y in deadline_years(a)]
    published = re.search(r"\b(20\d\d)\b", plan.document.date or "")
    first = min([*found, *([int(published.group(1))] if published else [])], default=None)
    return [str(y) for y in range(first, max(found, default=first) + 1)] if first else []


def funding(action: Action) -> list[str]:
    """"funding" where the action names money for itself; a sum given as context (what abuse
    costs, what was spent before) does not count."""
    return ["funding"] if action.facts.funding else []


def standing(action: Action) -> list[str]:
    """Where the action stood when the plan was published (actionplan/records/standings.py)."""
    return [action.facts.standing.id]


def progress_status(action: Action) -> list[str]:
    """What the progress record says of the action since publication (plugins/core/labels.py)."""
    return [action.progress.status]


def progress_schedule(action: Action) -> list[str]:
    """Where the action stands against its deadline in the progress record."""
    return [action.progress.schedule]


def delivering(action: Action) -> list[str]:
    """Who the plan says delivers the action, by id; those it only mentions do not count."""
    return [o.id for o in action.facts.delivers]


def facets(plan: Plan) -> tuple[Facet, ...]:
    actions = plan.actions
    pillars = {str(p.number): p.label for p in plan.pillars}
    topics = {t.id: t.name for t in plan.topics}
    organisations = {o.id: o.name for o in plan.organisations}
    years = year_range(plan, actions)
    return (
        _facet("pillar", _values(actions, lambda a: [str(a.pillar)], pillars, list(pillars), _prefix("pillar"))),
        _facet("topic", _values(actions, lambda a: a.facts.topics, topics,
                                sorted(topics, key=lambda t: topics[t].lower()), _prefix("topic"))),
        _facet("organisation", _values(actions, delivering, organisations,
                                       sorted(organisations, key=lambda o: organisations[o].lower()),
                                       _prefix("organisation"))),
        _facet("deadline", _values(actions, deadline_years, {y: y for y in years}, years, _prefix("deadline"))),
        _facet("money", _values(actions, funding, FUNDING_NAMED, list(FUNDING_NAMED), _prefix("money"))),
        # Key "status": its URLs (actions/status/done/) were published before the standings had their name.
        _facet("status", _values(
            actions, standing, {k: w["short"] for k, w in STANDINGS.items()}, list(STANDINGS), _prefix("status"),
            {k: w["label"] for k, w in STANDINGS.items()})),
        _facet("progress", _values(actions, progress_status, STATUS, list(STATUS), _prefix("progress"))),
        _facet("schedule", _values(actions, progress_schedule, SCHEDULE, list(SCHEDULE), _prefix("schedule"))),
    )


def _facet(key: str, values: tuple[FacetValue, ...]) -> Facet:
    """A facet headed by its label from plugins/core/labels.py."""
    return Facet(key, FILTERS[key]["label"], values)


def _prefix(key: str) -> str:
    return FILTERS[key]["prefix"]


def tokens_by_action(all_facets: tuple[Facet, ...]) -> dict[str, str]:
    """Per action, "facet:value" tokens for the page's script ("pillar:2 topic:stalking …")."""
    tokens: dict[str, list[str]] = {}
    for facet in all_facets:
        for value in facet.values:
            for action_id in value.ids:
                tokens.setdefault(action_id, []).append(f"{facet.key}:{value.slug}")
    return {action_id: " ".join(values) for action_id, values in tokens.items()}
