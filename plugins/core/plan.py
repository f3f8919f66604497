"""The site's typed model: actions.json, once checked against its schema (model.py), as frozen
dataclasses, with every list worked out from it (who delivers and who is only mentioned, lookups,
counts per standing) computed here once, never again in a plugin or a template.

Field names are the keys of actions.json (schema/actions.schema.json names and explains each), so
the data page's field table, the JSON and the attributes templates read are one vocabulary.

The annotations are evaluated as each class is made (no `from __future__ import annotations`), so
each class names only classes made before it: from_json reads them with typing.get_type_hints,
which would otherwise compile every annotation's text, about 230 of them, in every build.
"""

import dataclasses
import types
import typing
from collections import Counter, defaultdict
from dataclasses import field
from functools import cache

from actionplan.records.standings import STANDINGS

from .record import record

# The roles an organisation has in an action (actionplan/facts/names.py decides them).
ROLES = ("delivers", "mentioned")


def in_role(organisations, role: str) -> tuple:
    """The organisations an action names in one of ROLES, in its order: the one place a role is
    told apart, for the typed model (Facts.delivers, Facts.mentioned: OrganisationMention objects)
    and the JSON objects (dicts) the CSV reads alike."""
    return tuple(o for o in organisations if (o["role"] if isinstance(o, dict) else o.role) == role)


@record
class Kind:
    """What a kind of entity (organisation, law, programme, topic) is called, and its index's URL."""

    name: str
    plural: str
    url: str


@record
class ContentsEntry:
    """A line of the printed plan's contents: a title and its page."""

    title: str
    page: int


@record
class Document:
    """The printed plan itself: title, edition, publisher, contents and opening."""

    title: str
    volume: str | None
    subtitle: str | None
    date: str | None
    publisher: str | None
    isbn: str | None
    licence: str | None
    copyright: str | None
    contents: tuple[ContentsEntry, ...]
    opening_title: str
    opening: tuple[str, ...]
    source: str


@record
class Pillar:
    """One of the plan's four pillars, with its themes and commitments."""

    number: int
    title: str
    slug: str
    introduction: tuple[str, ...]
    pages: tuple[int, ...]
    url: str
    themes: tuple[str, ...]
    commitments: tuple[int, ...]
    action_count: int

    @property
    def label(self) -> str:
        """How the site names a pillar wherever it stands among the others: "Pillar 2: Relentless …"."""
        return f"Pillar {self.number}: {self.title}"


@record
class Theme:
    """A theme within a pillar (`parent` names the theme it sits under, if any)."""

    slug: str
    title: str
    pillar: int
    parent: str | None
    introduction: tuple[str, ...]
    commitments: tuple[int, ...]


@record
class Commitment:
    """A numbered commitment, its lead-in and its lettered actions."""

    number: int
    lead_in: str
    pillar: int
    theme: str
    actions: tuple[str, ...]
    url: str


@record
class HeadingOurs:
    """Our heading for an action whose opening words the source lost, and why."""

    heading: str
    reason: str


@record
class Subitem:
    """A numbered sub-item of an action (`12e-iii`)."""

    id: str
    numeral: str
    text: str


@record
class Footnote:
    """A footnote of an action."""

    text: str


@record
class Correction:
    """An erratum applied to an action's words: what was found, what replaced it, and why."""

    find: str
    replace: str
    reason: str


@record
class OrganisationMention:
    """An organisation an action names, in one of ROLES, with the sentence that shows it."""

    id: str
    role: str
    evidence: str


@record
class Deadline:
    """A date the action's words give, whose it is, and the last day it covers."""

    kind: str  # by | in | from | period | past | forecast
    of: str  # "action", "sub-item iii", "background" or "money"
    year: int
    month: int | None
    season: str | None
    financial_year: str | None
    end_of: bool
    text: str
    evidence: str
    ends: str | None
    end_year: int | None
    # Its words name no figure ("within three years"): a date relative to the plan's publication,
    # which the site shows with its year after it.
    relative: bool = field(init=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "relative", not any(c in "0123456789" for c in self.text))


@record
class Money:
    """A sum of money the action names, with its period and whether it funds the action."""

    amount: int | None
    text: str
    period: str | None
    qualifier: str | None
    kind: str  # funding | context
    context_basis: str | None
    lower_bound: bool
    part_of: int | None  # index, in the action's money, of the sum this one is part of
    evidence: str


@record
class Standing:
    """Where the action stood when the plan was published, with the plan's words."""

    id: str  # actionplan/records/standings.py: done | under-way | promised
    words: str
    reason: str
    reviewed: bool


@record
class Facts:
    """What the action's words say: who, when, how much, which laws, programmes and topics."""

    organisations: tuple[OrganisationMention, ...]
    laws: tuple[str, ...]
    programmes: tuple[str, ...]
    deadlines: tuple[Deadline, ...]
    money: tuple[Money, ...]
    topics: tuple[str, ...]
    acronyms: tuple[str, ...]
    standing: Standing
    delivers_note: str | None
    # Who delivers the action and who is only mentioned: the one place a role is told apart.
    delivers: tuple[OrganisationMention, ...] = field(init=False, compare=False)
    mentioned: tuple[OrganisationMention, ...] = field(init=False, compare=False)
    # Its dates by whose they are: the action's own (not forecasts), its sub-items', what it builds
    # on, the action's forecasts; and its deadlines (by, in) of any of them.
    own_dates: tuple[Deadline, ...] = field(init=False, compare=False)
    subitem_dates: tuple[Deadline, ...] = field(init=False, compare=False)
    background_dates: tuple[Deadline, ...] = field(init=False, compare=False)
    forecasts: tuple[Deadline, ...] = field(init=False, compare=False)
    due: tuple[Deadline, ...] = field(init=False, compare=False)
    # The sums the plan gives as funding for the action, not as context.
    funding: tuple[Money, ...] = field(init=False, compare=False)

    def __post_init__(self) -> None:
        dates = self.deadlines
        derived = {
            "delivers": in_role(self.organisations, "delivers"),
            "mentioned": in_role(self.organisations, "mentioned"),
            "own_dates": tuple(d for d in dates if d.of == "action" and d.kind != "forecast"),
            "subitem_dates": tuple(d for d in dates if d.of not in ("action", "background", "money")),
            "background_dates": tuple(d for d in dates if d.of == "background"),
            "forecasts": tuple(d for d in dates if d.kind == "forecast" and d.of == "action"),
            "due": tuple(d for d in dates if d.kind in ("by", "in")),
            "funding": tuple(m for m in self.money if m.kind == "funding"),
        }
        for name, value in derived.items():
            object.__setattr__(self, name, value)


@record
class Related:
    """An action related to another, with the reasons it is."""

    id: str
    reasons: tuple[str, ...]


@record
class Links:
    """An action's neighbours: previous, next, its siblings and related actions."""

    previous: str | None
    next: str | None
    siblings: tuple[str, ...]
    related: tuple[Related, ...]
    # The siblings not already listed as related, which the action's page lists apart.
    other_siblings: tuple[str, ...] = field(init=False, compare=False)

    def __post_init__(self) -> None:
        related = {r.id for r in self.related}
        object.__setattr__(self, "other_siblings", tuple(i for i in self.siblings if i not in related))


@record
class Source:
    """Where an update comes from: a dated publication."""

    title: str
    publisher: str
    url: str
    date: str


@record
class Update:
    """A dated, sourced update of the progress record, about actions or the plan."""

    id: str
    date: str  # "2026", "2026-03" or "2026-03-12"
    actions: tuple[str, ...]
    plan: bool
    kind: str
    text: str
    evidence: str
    quote: str | None
    source: Source


@record
class ProgressDeadline:
    """The deadline an action's progress is read against, and its last day."""

    of: str
    text: str
    ends: str


@record
class ActionProgress:
    """An action's progress as read on the build's as-of date (as_of.py)."""

    from_plan: str
    delivered_by: str | None
    status: str
    schedule: str
    deadline: ProgressDeadline | None
    due_soon: bool
    updates: tuple[Update, ...]

    @property
    def delivery(self) -> Update | None:
        """The update that records the action delivered, if one does."""
        return next((u for u in self.updates if u.id == self.delivered_by), None) if self.delivered_by else None


@record
class Action:
    """A lettered action (`12e`) as actions.json has it: its words, facts, links and progress."""

    id: str
    commitment: int
    letter: str
    pillar: int
    theme: str
    title: str
    title_words: str
    heading_ours: HeadingOurs | None
    headline: str | None
    summary: str
    paragraphs: tuple[str, ...]
    url: str
    subitems: tuple[Subitem, ...]
    footnotes: tuple[Footnote, ...]
    flags: tuple[str, ...]
    corrections: tuple[Correction, ...]
    pages: tuple[int, ...]
    source_lines: tuple[int, ...]
    facts: Facts
    links: Links
    progress: ActionProgress


@record
class Organisation:
    """An organisation the plan names, with the actions it delivers or is mentioned in."""

    id: str
    name: str
    short: str
    acronyms: tuple[str, ...]
    url: str
    actions: tuple[str, ...]
    delivers: tuple[str, ...]
    mentioned_in: tuple[str, ...]

    @property
    def also_written_as(self) -> tuple[str, ...]:
        """Its acronyms, then its short name where that is neither its name nor an acronym."""
        short = (self.short,) if self.short and self.short != self.name and self.short not in self.acronyms else ()
        return self.acronyms + short


@record
class Law:
    """An Act, Bill or statutory instrument the plan names, with its actions."""

    id: str
    name: str
    kind: str  # act | bill | si
    year: int | None
    also_known_as: tuple[str, ...]
    url: str
    actions: tuple[str, ...]


@record
class Programme:
    """A programme or scheme the plan names, with its actions."""

    id: str
    name: str
    description: str
    also_known_as: tuple[str, ...]
    url: str
    actions: tuple[str, ...]


@record
class Topic:
    """A topic the actions are grouped by, with its actions."""

    id: str
    name: str
    description: str
    url: str
    actions: tuple[str, ...]


@record
class GlossaryEntry:
    """An acronym and its expansion, from the plan or from our data."""

    acronym: str
    expansion: str
    source: str  # plan | data


@record
class TimelineEntry:
    """A deadline on the timeline, and whether it has passed on the as-of date."""

    action: str
    deadline: Deadline
    passed: bool


@record
class RecordDeadline:
    """A deadline of the progress record, and whether it has passed on the as-of date."""

    action: str
    of: str
    text: str
    ends: str
    passed: bool


@record
class ProgressRecord:
    """The progress record as read on the build's as-of date: its bounds, updates and deadlines."""

    reviewed_up_to: str
    recorded_up_to: str | None
    recorded_scope: str | None
    as_of: str
    due_soon_days: int
    updates: tuple[Update, ...]
    deadlines: tuple[RecordDeadline, ...]

    @property
    def updates_since_review(self) -> list[Update]:
        """The updates recorded after the full review, from the narrower search."""
        return [u for u in self.updates if u.date > self.reviewed_up_to]

    @property
    def plan_revision(self) -> Update | None:
        """The first update about the plan itself (plan = true): a revision of its HTML edition."""
        return next((u for u in self.updates if u.plan), None)

    @property
    def updated_actions(self) -> list[str]:
        """The actions the updates are about, each once, in the order the updates first name them."""
        return list(dict.fromkeys(i for u in self.updates for i in u.actions))


@record
class Plan:
    """The whole model, as templates read it (`PLAN`), with its lookups and derived lists."""

    schema_version: int
    document: Document
    kinds: dict[str, Kind]  # organisation, law, programme, topic: what each kind of entity is called
    pillars: tuple[Pillar, ...]
    themes: tuple[Theme, ...]
    commitments: tuple[Commitment, ...]
    actions: tuple[Action, ...]
    organisations: tuple[Organisation, ...]
    laws: tuple[Law, ...]
    programmes: tuple[Programme, ...]
    topics: tuple[Topic, ...]
    glossary: tuple[GlossaryEntry, ...]
    timeline: tuple[TimelineEntry, ...]
    progress: ProgressRecord

    # Lookups keyed the way URLs and links name things, and the lists worked out from the model.
    pillars_by_number: dict[int, Pillar] = field(init=False, compare=False, repr=False)
    themes_by_slug: dict[str, Theme] = field(init=False, compare=False, repr=False)
    commitments_by_number: dict[int, Commitment] = field(init=False, compare=False, repr=False)
    actions_by_id: dict[str, Action] = field(init=False, compare=False, repr=False)
    organisations_by_id: dict[str, Organisation] = field(init=False, compare=False, repr=False)
    laws_by_id: dict[str, Law] = field(init=False, compare=False, repr=False)
    programmes_by_id: dict[str, Programme] = field(init=False, compare=False, repr=False)
    topics_by_id: dict[str, Topic] = field(init=False, compare=False, repr=False)
    glossary_by_acronym: dict[str, GlossaryEntry] = field(init=False, compare=False, repr=False)
    # Templates look pillars and commitments up by metadata, which Pelican gives as strings.
    pillars_by_id: dict[str, Pillar] = field(init=False, compare=False, repr=False)
    commitments_by_id: dict[str, Commitment] = field(init=False, compare=False, repr=False)
    themes_by_id: dict[str, Theme] = field(init=False, compare=False, repr=False)
    commitments_by_pillar: dict[int, list[Commitment]] = field(init=False, compare=False, repr=False)
    timeline_by_year: list[tuple[int, list[TimelineEntry]]] = field(init=False, compare=False, repr=False)
    # The actions the timeline's deadlines belong to, each once; those the calendar has a deadline of.
    timeline_actions: list[str] = field(init=False, compare=False, repr=False)
    calendar_actions: frozenset[str] = field(init=False, compare=False, repr=False)
    # Actions whose words were corrected, and those the source damaged (flags).
    corrected: list[Action] = field(init=False, compare=False, repr=False)
    flagged: list[Action] = field(init=False, compare=False, repr=False)
    # The actions naming money, by pillar number (pillars without any left out).
    money_actions_by_pillar: dict[int, list[Action]] = field(init=False, compare=False, repr=False)
    # As of the build's date: actions due soon and those whose deadline passed with no delivery
    # recorded, each in the order their deadlines end.
    due_soon: list[Action] = field(init=False, compare=False, repr=False)
    passed: list[Action] = field(init=False, compare=False, repr=False)
    # How many of the record's updates have the plan itself as their source.
    updates_from_plan: int = field(init=False, compare=False, repr=False)
    # Who delivers each action, by name, for actions that name a body (the briefing pack's script).
    deliverer_names: dict[str, list[str]] = field(init=False, compare=False, repr=False)
    # Each pillar's label by its number as text (the search page's script).
    pillar_labels: dict[str, str] = field(init=False, compare=False, repr=False)

    def __post_init__(self) -> None:
        maps = {
            "pillars_by_number": {p.number: p for p in self.pillars},
            "themes_by_slug": {t.slug: t for t in self.themes},
            "commitments_by_number": {c.number: c for c in self.commitments},
            "actions_by_id": {a.id: a for a in self.actions},
            "organisations_by_id": {o.id: o for o in self.organisations},
            "laws_by_id": {law.id: law for law in self.laws},
            "programmes_by_id": {p.id: p for p in self.programmes},
            "topics_by_id": {t.id: t for t in self.topics},
            "glossary_by_acronym": {g.acronym: g for g in self.glossary},
        }
        maps["pillars_by_id"] = {str(k): v for k, v in maps["pillars_by_number"].items()}
        maps["commitments_by_id"] = {str(k): v for k, v in maps["commitments_by_number"].items()}
        maps["themes_by_id"] = maps["themes_by_slug"]
        by_pillar = defaultdict(list)
        for commitment in self.commitments:
            by_pillar[commitment.pillar].append(commitment)
        maps["commitments_by_pillar"] = dict(by_pillar)
        maps["timeline_by_year"] = _timeline_by_year(self.timeline)
        maps["timeline_actions"] = list(dict.fromkeys(e.action for e in self.timeline))
        maps["calendar_actions"] = frozenset(d.action for d in self.progress.deadlines)
        maps["corrected"] = [a for a in self.actions if a.corrections]
        maps["flagged"] = [a for a in self.actions if a.flags]
        with_money = defaultdict(list)
        for action in self.actions:
            if action.facts.money:
                with_money[action.pillar].append(action)
        maps["money_actions_by_pillar"] = dict(with_money)
        maps["due_soon"] = sorted((a for a in self.actions if a.progress.due_soon), key=_deadline_ends)
        maps["passed"] = sorted((a for a in self.actions if a.progress.schedule == "passed"), key=_deadline_ends)
        maps["updates_from_plan"] = sum(
            1 for u in self.progress.updates if u.source.title.startswith(self.document.title)
        )
        maps["deliverer_names"] = {
            a.id: [maps["organisations_by_id"][o.id].name for o in a.facts.delivers]
            for a in self.actions if a.facts.delivers
        }
        maps["pillar_labels"] = {str(p.number): p.label for p in self.pillars}
        for name, value in maps.items():
            object.__setattr__(self, name, value)

    def by_pillar(self, ids) -> list[tuple[Pillar, list[str]]]:
        """The actions `ids` names grouped by pillar, in the pillars' order and each group in the
        order given, leaving out pillars none of them is in."""
        groups: dict[int, list[str]] = {p.number: [] for p in self.pillars}
        for i in ids:
            groups[self.actions_by_id[i].pillar].append(i)
        return [(p, groups[p.number]) for p in self.pillars if groups[p.number]]

    def grouped(self, ids) -> list[tuple[Pillar, list[tuple[Commitment, list[str]]]]]:
        """The actions `ids` names by pillar and commitment, in the plan's order, leaving out the
        commitments and pillars none of them is in (the all-actions page and its filtered lists)."""
        chosen = set(ids)
        groups = []
        for pillar in self.pillars:
            commitments = self.commitments_by_pillar.get(pillar.number, ())
            if shown := [(c, c_ids) for c in commitments if (c_ids := [i for i in c.actions if i in chosen])]:
                groups.append((pillar, shown))
        return groups

    def standing_counts(self, ids) -> dict[str, int]:
        """How many of the actions `ids` names stood where, in the standings' order, leaving out
        standings none of them has."""
        counts = Counter(self.actions_by_id[i].facts.standing.id for i in ids)
        return {key: counts[key] for key in STANDINGS if counts[key]}


def _deadline_ends(action: Action) -> str:
    return action.progress.deadline.ends


def _timeline_by_year(timeline) -> list[tuple[int, list[TimelineEntry]]]:
    """Timeline entries grouped by the year each deadline ends ("by 2026/27" in 2027). The writer
    already put them in the order they end (plan order breaking ties), so grouping keeps it."""
    years: dict[int, list[TimelineEntry]] = defaultdict(list)
    for entry in timeline:
        years[entry.deadline.end_year].append(entry)
    return sorted(years.items())


def from_json(data: dict) -> Plan:
    """The typed model of actions.json as read (and checked: the schema guarantees every key)."""
    return _converter(Plan)(data)


@cache
def _converter(kind):
    """A function turning JSON into `kind` (a dataclass, tuple[X, ...], X | None or a scalar)."""
    if dataclasses.is_dataclass(kind):
        hints = typing.get_type_hints(kind)
        # In the order __init__ takes them; a value kept as it is (None) is not passed to a function.
        fields = [(f.name, None if (c := _converter(hints[f.name])) is _as_it_is else c)
                  for f in dataclasses.fields(kind) if f.init]

        def make(value):
            return kind(*[value[name] if convert is None else convert(value[name]) for name, convert in fields])

        return make
    # Containers of plain values (strings, numbers: most of them) are copied as they are, not passed
    # item by item through a function that returns its argument.
    origin = typing.get_origin(kind)
    if origin is dict:
        item = _converter(typing.get_args(kind)[1])
        return dict if item is _as_it_is else lambda value: {k: item(v) for k, v in value.items()}
    if origin is tuple:
        item = _converter(typing.get_args(kind)[0])
        return tuple if item is _as_it_is else lambda value: tuple(item(v) for v in value)
    if origin in (typing.Union, types.UnionType):
        (inner,) = (a for a in typing.get_args(kind) if a is not type(None))
        convert = _converter(inner)
        if convert is _as_it_is:
            return _as_it_is
        return lambda value: None if value is None else convert(value)
    return _as_it_is


def _as_it_is(value):
    return value
