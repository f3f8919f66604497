"""What search knows about each action: the fields it indexes and the few facts results show.

Everything comes from the typed model of content/data/actions.json (plugins/core/plan.py), read
by attribute; nothing here re-reads the plan. Pure functions, so the tests and scripts can build
documents without Pelican, from `plan.from_json` of the JSON.
"""

from __future__ import annotations

import functools
import re

from plugins.core.plan import Action, GlossaryEntry, Plan
from plugins.core.record import record

# Boosts: a word in the identifier or title says more about an action than the same word in its
# running text; named things (laws, programmes) are what people search for by name.
FIELDS: tuple[tuple[str, float], ...] = (
    ("identifier", 10),
    ("title", 4),
    ("text", 1),
    ("organisations", 2),
    ("laws", 3),
    ("programmes", 3),
    ("topics", 2),
    ("acronyms", 2),
)


@record
class SearchDocument:
    """One action as search sees it: indexed fields, and what a result shows."""

    ref: str  # the action id, "12e": also the lunr ref
    url: str  # relative to the site root: "actions/12e/"
    title: str
    summary: str
    pillar: int
    commitment: int  # which search/text/<commitment>.json holds its text
    topics: tuple[str, ...]  # topic ids, for the filter
    organisations: tuple[str, ...]  # ids of the organisations that deliver it, for the filter
    status: str  # the standing when the plan was published (actionplan/records/standings.py), for the filter
    progress: str  # the progress record's status on the build's as-of date (actions[].progress.status)
    schedule: str  # the deadline on the build's as-of date (actions[].progress.schedule)
    fields: dict[str, str]  # field name -> text to index
    text: str  # the action's running text, for snippets


def action_text(action: Action) -> str:
    """Paragraphs, then sub-items, then footnotes: all the words the action's page shows."""
    parts = list(action.paragraphs)
    parts += [item.text for item in action.subitems]
    parts += [note.text for note in action.footnotes]
    return "\n".join(parts)


@functools.cache
def _pattern(phrase: str, case_sensitive: bool) -> re.Pattern[str]:
    """A whole-word match of `phrase`, plural allowed ("Domestic Abuse Protection Orders"), compiled
    once, and only for a phrase the substring sieve of `acronyms_of` lets through (a third of them)."""
    flags = 0 if case_sensitive else re.IGNORECASE
    return re.compile(r"(?<![\w])" + re.escape(phrase) + r"s?(?![\w])", flags)


def glossary_forms(glossary: tuple[GlossaryEntry, ...]) -> list[tuple[str, str, str]]:
    """Each acronym with its expansion, as written and lower-cased (`acronyms_of` sieves with it)."""
    return [(entry.acronym, entry.expansion, entry.expansion.lower()) for entry in glossary]


def acronyms_of(action: Action, text: str, glossary: list[tuple[str, str, str]]) -> list[tuple[str, str]]:
    """Acronyms the action uses, found by either form, so "DAPO" and its expansion find each other.

    enrich lists the acronyms an action spells out; an action that only writes the expansion
    ("Domestic Abuse Protection Orders") is found here too, so a search for the short form finds it.
    """
    listed = set(action.facts.acronyms)
    lowered = text.lower()
    # The substring tests are a cheap first sieve; the patterns then insist on whole words.
    return [
        (short, expansion)
        for short, expansion, lowered_expansion in glossary
        if short in listed
        or (short in text and _pattern(short, True).search(text))
        or (expansion and lowered_expansion in lowered and _pattern(expansion, False).search(text))
    ]


def _names(ids: tuple[str, ...], entities: dict, keys: tuple[str, ...]) -> str:
    """Every name an entity goes by ("Home Office", "HO"), for the entity fields."""
    names = []
    for entity_id in ids:
        entity = entities.get(entity_id)
        if entity is None:
            continue
        for key in keys:
            value = getattr(entity, key)
            if isinstance(value, str) and value:
                names.append(value)
            elif isinstance(value, (list, tuple)):
                names += [v for v in value if isinstance(v, str)]
    return "\n".join(names)


def search_documents(plan: Plan, published: set[str] | None = None) -> list[SearchDocument]:
    """One SearchDocument per action of actions.json (only `published` ones, when given)."""
    glossary = glossary_forms(plan.glossary)
    documents = []
    for action in plan.actions:
        if published is not None and action.id not in published:
            continue
        facts = action.facts
        text = action_text(action)
        acronyms = acronyms_of(action, text, glossary)
        fields = {
            "identifier": f"{action.id} {action.commitment}",
            "title": action.title,
            "text": text,
            # Every organisation named is searchable by name; the filter is by who delivers.
            "organisations": _names(tuple(o.id for o in facts.organisations), plan.organisations_by_id,
                                    ("name", "short", "acronyms")),
            "laws": _names(facts.laws, plan.laws_by_id, ("name", "also_known_as")),
            "programmes": _names(facts.programmes, plan.programmes_by_id, ("name", "also_known_as")),
            "topics": _names(facts.topics, plan.topics_by_id, ("name",)),
            "acronyms": "\n".join(f"{short} {expansion}" for short, expansion in acronyms),
        }
        documents.append(
            SearchDocument(
                ref=action.id,
                url=action.url,
                title=action.title,
                summary=action.summary or "",
                pillar=int(action.pillar),
                commitment=int(action.commitment),
                topics=tuple(facts.topics),
                organisations=tuple(o.id for o in facts.delivers),
                status=facts.standing.id,
                progress=action.progress.status,
                schedule=action.progress.schedule,
                fields=fields,
                text=text,
            )
        )
    return documents
