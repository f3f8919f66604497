"""Which overview pages the model gives, each with its URL, template, title, summary and subject.

Pure: `overview_pages(plan)` reads the typed model (plugins/core/plan.py) and returns the pages; the generator
alone writes them. The summary is what a page's description (and a link preview) says.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import field
from typing import Any

from plugins.core.labels import FACTS, SECTIONS
from plugins.core.plan import Commitment, Law, Organisation, Pillar, Plan, Programme, Topic
from plugins.core.record import record

# Pelican names what a template is drawing by these attributes; sitemap reads `url` and `status`.
PUBLISHED = "published"


@record
class OverviewPage:
    """One page drawn from the model: what Pelican's Page gives a template, without a Markdown body.

    `subject` is the part of the model the page is about (a pillar, a commitment, an entity), given
    to the template under `subject_name`, so that a template never looks its subject up again."""

    url: str
    template: str
    title: str
    summary: str
    subject_name: str = ""
    subject: Pillar | Commitment | Organisation | Law | Programme | Topic | None = field(default=None, compare=False)
    status: str = PUBLISHED

    @property
    def save_as(self) -> str:
        return self.url + "index.html"

    @property
    def slug(self) -> str:
        return self.url.rstrip("/")

    def template_variables(self) -> dict[str, Any]:
        variables: dict[str, Any] = {"page": self}
        if self.subject_name:
            variables[self.subject_name] = self.subject
        return variables


def count_actions(n: int) -> str:
    return f"{n} action{'' if n == 1 else 's'}"


def organisation_summary(entity: Organisation) -> str:
    """What the plan gives an organisation to do, and where it is only named, counted apart."""
    delivers, mentioned = len(entity.delivers), len(entity.mentioned_in)
    parts = []
    if delivers:
        parts.append(f"delivers {count_actions(delivers)} of the plan")
    if mentioned:
        parts.append(f"is mentioned in {count_actions(mentioned)}{' more' if delivers else ' of the plan'}")
    return f"{entity.name} {' and '.join(parts)}."


def entity_summary(kind: str, entity: Organisation | Law | Programme | Topic) -> str:
    if kind == "organisation":
        return organisation_summary(entity)
    return f"{count_actions(len(entity.actions))} of the plan involve {entity.name}."


def overview_pages(plan: Plan) -> Iterator[OverviewPage]:
    """Every overview page, in a fixed order: the indexes first, then what they index."""
    actions = plan.actions
    yield OverviewPage("actions/", "actions", SECTIONS["actions/"],
                       f"All {len(actions)} actions of the plan, by pillar and commitment.")
    for pillar in plan.pillars:
        yield OverviewPage(
            pillar.url, "pillar", pillar.label,
            f"{pillar.action_count} actions in {len(pillar.commitments)} commitments.",
            "pillar", pillar,
        )
    for commitment in plan.commitments:
        yield OverviewPage(commitment.url, "commitment", f"Commitment {commitment.number}",
                           commitment.lead_in, "commitment", commitment)
    for kind, names in plan.kinds.items():
        folder = names.url.rstrip("/")
        entities = getattr(plan, folder)
        yield OverviewPage(names.url, folder, names.plural,
                           f"{len(entities)} {names.plural.lower()} named in the plan, with their actions.")
        for entity in entities:
            yield OverviewPage(entity.url, kind, entity.name, entity_summary(kind, entity), "entity", entity)
    sums = [m for a in actions for m in a.facts.money]
    yield OverviewPage("timeline/", "timeline", SECTIONS["timeline/"],
                       f"{len(plan.timeline)} dated commitments, from the earliest to the latest.")
    yield OverviewPage(
        "money/", "money", SECTIONS["money/"],
        f"Every sum of money the plan names ({len(sums)} in {sum(1 for a in actions if a.facts.money)} "
        "actions), with its action, period and purpose, and which sums no total should add.",
    )
    yield OverviewPage(
        "progress/", "progress", FACTS["progress"],
        "What this site records about each action's progress since the plan, checked up to "
        f"{plan.progress.reviewed_up_to}: dated updates with their sources, deadlines due and passed.",
    )
    yield OverviewPage("glossary/", "glossary", SECTIONS["glossary/"],
                       f"{len(plan.glossary)} acronyms used in the plan, with their meanings.")
    yield OverviewPage("data/", "data", SECTIONS["data/"],
                       "The whole plan as data: JSON, CSV and a JSON Schema, under the Open Government Licence.")
