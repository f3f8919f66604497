"""Finds the facts in each action's text: organisations, laws, programmes, deadlines, money,
topics, acronyms and how far it had got when the plan was published, from the data files in plan/.

The finders live in facts_*.py, one job each; this module runs them over a plan.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import replace

from ..model import Acronym, Action, ActionFacts, Commitment, Entities, Facts, Money, Plan, PlanError
from .acronyms import harvest_definitions
from .data import load_entities
from .deadlines import action_dates, month_year
from .money import find_money, money_periods
from .names import acronym_finder, entity_finder, organisation_roles, programme_owners
from .status import find_standing
from .topics import rank_topics, topic_hits

__all__ = ["enrich", "load_entities", "plan_texts", "with_plan_acronyms"]


def plan_texts(plan: Plan) -> Iterator[str]:
    """All the plan's running text, in reading order, where it may define an acronym."""
    yield from plan.document.opening
    for pillar in plan.pillars:
        yield from pillar.introduction
    for theme in plan.themes:
        yield from theme.introduction
    for commitment in plan.commitments:
        yield commitment.lead_in
        for action in commitment.actions:
            yield action.text


def with_plan_acronyms(plan: Plan, entities: Entities) -> Entities:
    """The glossary: the plan's own "Long Name (ACR)" definitions first (its words are the ones
    readers meet), then plan/entities.toml's acronyms and its organisations' acronyms."""
    glossary: dict[str, Acronym] = {}
    for short, expansion in harvest_definitions(plan_texts(plan)).items():
        glossary[short] = Acronym(short, expansion, "plan")
    for acronym in entities.acronyms:
        glossary.setdefault(acronym.short, acronym)
    for organisation in entities.organisations:
        for short in organisation.acronyms:
            glossary.setdefault(short, Acronym(short, organisation.name, "data"))
    ordered = tuple(sorted(glossary.values(), key=lambda a: (a.short.casefold(), a.short)))
    return replace(entities, acronyms=ordered)


def _ranked(text: str, entities: Entities) -> tuple[str, ...]:
    """Every topic the text names, the most named first: ranking orders topics, never drops one."""
    return rank_topics(topic_hits(text, entities.topics), entities.topics)


def _with_entries(action_id: str, money: tuple[Money, ...], entities: Entities) -> tuple[Money, ...]:
    """The sums with plan/money.toml's decisions for this action applied; an entry that matches
    no sum, or more than one, stops the build at its line."""
    for entry in entities.money_entries:
        if entry.action_id != action_id:
            continue
        matches = [i for i, m in enumerate(money) if m.text == entry.text]
        if len(matches) != 1:
            found = "no sum" if not matches else f"{len(matches)} sums"
            raise PlanError(entry.file, entry.line, f"{entry.text!r} matches {found} of action {action_id}")
        decided = replace(money[matches[0]], kind=entry.kind, context_basis=entry.basis)
        money = tuple(decided if i == matches[0] else m for i, m in enumerate(money))
    return money


def _context_topics(
    plan: Plan, commitment: Commitment, entities: Entities, found: dict[str, ActionFacts]
) -> tuple[str, ...]:
    """Topics for an action whose own words name none: its commitment's lead-in's, else its
    theme's, else its pillar's introduction's; else the topic most of its commitment's (then its
    pillar's) actions have; else the first topic of all, so that no action is left without one."""
    theme = plan.theme(commitment.theme)
    texts = [commitment.lead_in, "\n".join((theme.title, *theme.introduction))]
    if theme.parent:
        parent = plan.theme(theme.parent)
        texts.append("\n".join((parent.title, *parent.introduction)))
    texts.append("\n".join(plan.pillar(commitment.pillar).introduction))
    for text in texts:
        ranked = _ranked(text, entities)
        if ranked:
            return ranked
    neighbours = (
        [a.id for a in commitment.actions],
        [a.id for c in plan.commitments if c.pillar == commitment.pillar for a in c.actions],
    )
    for ids in neighbours:
        counts = Counter(t for i in ids if i in found for t in found[i].topics)
        if counts:
            return rank_topics(dict(counts), entities.topics, 1)
    return (entities.topics[0].id,) if entities.topics else ()


def action_facts(action: Action, entities: Entities, published: tuple[int, int] | None = None) -> ActionFacts:
    """The facts of one action, topics from its own words only; `entities` should already hold
    the plan's acronyms."""
    text = action.text
    finder = entity_finder(entities)
    mentions = finder.first_mentions(text)
    return ActionFacts(
        action_id=action.id,
        organisations=organisation_roles(text, finder.mentions(text), entities.wording, programme_owners(entities)),
        laws=tuple(m.entity_id for m in mentions if m.kind == "law"),
        programmes=tuple(m.entity_id for m in mentions if m.kind == "programme"),
        deadlines=action_dates(action, published, entities.wording, lambda t: money_periods(t, entities.wording)),
        money=_with_entries(action.id, find_money(text, entities.wording), entities),
        topics=_ranked(text, entities),
        acronyms=tuple(m.entity_id for m in acronym_finder(entities).first_mentions(text)),
        standing=find_standing(text, entities.wording),
    )


def enrich(plan: Plan, entities: Entities) -> Facts:
    """Facts for every action of the plan, in plan order, with the plan's acronyms in the glossary."""
    entities = with_plan_acronyms(plan, entities)
    published = month_year(plan.document.date) if plan.document.date else None
    known = {action.id for action in plan.actions()}
    for entry in entities.money_entries:
        if entry.action_id not in known:
            raise PlanError(entry.file, entry.line, f"no action {entry.action_id!r} in the plan")
    actions = {action.id: action_facts(action, entities, published) for action in plan.actions()}
    own = dict(actions)  # the neighbours' own topics, before any are filled in from context
    for commitment in plan.commitments:
        for action in commitment.actions:
            if not actions[action.id].topics:
                topics = _context_topics(plan, commitment, entities, own)
                actions[action.id] = replace(actions[action.id], topics=topics)
    return Facts(entities=entities, actions=actions)
