"""Turn the plan, its facts and its links into Pelican content: Markdown pages and actions.json.

Pure: `render_content` returns {relative path: bytes} and touches no file, so the CLI can write it
or compare it (`--check`), and two runs give the same bytes.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import asdict
from pathlib import PurePath

from .model import (
    ENTITY_KIND_NAMES,
    ENTITY_KINDS,
    FLAG_OPENING_LOST,
    SITE_LINK,
    SUBITEM_OF,
    Action,
    ActionFacts,
    ActionLinks,
    EntityMention,
    Facts,
    Plan,
)
from .progress import DUE_SOON_DAYS, at_publication, deadline_end, earliest_deadline, plan_status
from .records.headings import OPENING_LOST_NOTE, action_heading, opening_fragment
from .records.updates import Update, UpdatesRecord
from .text import SUMMARY_LIMIT, cut_at_word, escape_markdown, metadata_value, summary_from_text

GENERATOR = "plan_to_pages"
# 3: dates say what they date (of, forecast, ends), law kinds act|bill|si; 4: facts.standing (done,
# under-way, promised, reviewed) replaces facts.status (issue 19)
SCHEMA_VERSION = 4
PUBLICATION_DATE = "2025-12-01"  # the plan's month; Pelican wants a full date for articles

def _kinds() -> dict[str, dict[str, str]]:
    return {
        kind: {"name": ENTITY_KIND_NAMES[kind], "plural": plural, "url": f"{folder}/"}
        for kind, (folder, plural) in ENTITY_KINDS.items()
    }


def render_content(
    plan: Plan,
    facts: Facts,
    links: dict[str, ActionLinks],
    mentions: dict[str, tuple[EntityMention, ...]] | None = None,
    *,
    record: UpdatesRecord,
) -> dict[str, bytes]:
    """Every generated file under content/, keyed by its path relative to content/."""
    mentions = mentions or {}
    data = plan_data(plan, facts, links, record)
    files: dict[str, str] = {"data/actions.json": json.dumps(data, ensure_ascii=False, indent=1) + "\n"}
    for action in plan.actions():
        files[f"actions/{action.id}.md"] = action_page(
            plan, action, facts.actions[action.id], facts, mentions.get(action.id, ())
        )
    return {path: text.encode("utf-8") for path, text in sorted(files.items())}


# --- actions.json -------------------------------------------------------------------------------


def action_title(action: Action) -> str:
    return action_heading(action).text


def action_summary(action: Action) -> str:
    if FLAG_OPENING_LOST in action.flags:
        # Words that survive a lost opening must not pretend to be its start.
        return f"{OPENING_LOST_NOTE} …{cut_at_word(opening_fragment(action.text), SUMMARY_LIMIT)}"
    return summary_from_text(action.text)


def plan_data(plan: Plan, facts: Facts, links: dict[str, ActionLinks], record: UpdatesRecord) -> dict:
    """The whole model, its facts, links and progress as plain JSON data (the published actions.json)."""
    actions = list(plan.actions())
    commitment_of = {c.number: c for c in plan.commitments}
    used = _entities_by_kind(actions, facts)
    return {
        "schema_version": SCHEMA_VERSION,
        "document": _document(plan),
        "kinds": _kinds(),
        "pillars": [
            {
                "number": p.number,
                "title": p.title,
                "slug": p.slug,
                "introduction": list(p.introduction),
                "pages": list(p.pages),
                "url": f"pillars/{p.number}/",
                "themes": [t.slug for t in plan.themes if t.pillar == p.number],
                "commitments": [c.number for c in plan.commitments if c.pillar == p.number],
                "action_count": sum(len(c.actions) for c in plan.commitments if c.pillar == p.number),
            }
            for p in plan.pillars
        ],
        "themes": [
            {
                "slug": t.slug,
                "title": t.title,
                "pillar": t.pillar,
                "parent": t.parent,
                "introduction": list(t.introduction),
                "commitments": [c.number for c in plan.commitments if c.theme == t.slug],
            }
            for t in plan.themes
        ],
        "commitments": [
            {
                "number": c.number,
                "lead_in": c.lead_in,
                "pillar": c.pillar,
                "theme": c.theme,
                "actions": [a.id for a in c.actions],
                "url": f"commitments/{c.number}/",
            }
            for c in plan.commitments
        ],
        "actions": [
            _action_data(plan, a, commitment_of[a.commitment], facts.actions[a.id], links[a.id], record)
            for a in actions
        ],
        "organisations": _with_roles(
            _entity_entries("organisation", facts.entities.organisations, used, ("id", "name", "short", "acronyms")),
            actions,
            facts,
        ),
        "laws": _entity_entries("law", facts.entities.laws, used, ("id", "name", "kind", "year", "also_known_as")),
        "programmes": _entity_entries(
            "programme", facts.entities.programmes, used, ("id", "name", "description", "also_known_as")
        ),
        "topics": _entity_entries("topic", facts.entities.topics, used, ("id", "name", "description")),
        "glossary": [
            {"acronym": a.short, "expansion": a.expansion, "source": a.source}
            for a in sorted(facts.entities.acronyms, key=lambda a: (a.short.lower(), a.short))
        ],
        "timeline": _timeline(actions, facts),
        "progress": {
            "reviewed_up_to": record.reviewed_up_to.isoformat(),
            # Updates found since the full review, as far as they go and what was searched for them.
            "recorded_up_to": record.recorded_up_to.isoformat() if record.recorded_up_to else None,
            "recorded_scope": record.recorded_scope,
            "due_soon_days": DUE_SOON_DAYS,
            "updates": [_update(u) for u in record.updates],
            "deadlines": _deadlines(actions, facts),
        },
    }


def _entity_entries(kind: str, entities: Iterable, used: dict[str, dict[str, list[str]]], fields: tuple) -> list:
    """The entities of one kind that the plan mentions, each with its page URL and its actions."""
    folder = ENTITY_KINDS[kind][0]
    return [
        {
            **{f: list(v) if isinstance(v := getattr(e, f), tuple) else v for f in fields},
            "url": f"{folder}/{e.id}/",
            "actions": used[kind][e.id],
        }
        for e in entities
        if used[kind].get(e.id)
    ]


def _with_roles(entries: list[dict], actions: list[Action], facts: Facts) -> list[dict]:
    """Each organisation's actions split by its role in them: those it delivers, those that only
    mention it (together, in plan order, they are its `actions`)."""
    roles = {(a.id, o.id): o.role for a in actions for o in facts.actions[a.id].organisations}
    for entry in entries:
        entry["delivers"] = [i for i in entry["actions"] if roles[(i, entry["id"])] == "delivers"]
        entry["mentioned_in"] = [i for i in entry["actions"] if roles[(i, entry["id"])] == "mentioned"]
    return entries


def _document(plan: Plan) -> dict:
    doc = asdict(plan.document)
    doc["opening"] = list(plan.document.opening)
    doc["contents"] = [asdict(c) for c in plan.document.contents]
    # The file's name, not its path: the same plan gives the same bytes in any checkout.
    doc["source"] = PurePath(plan.source).name
    return doc


def _action_data(
    plan, action: Action, commitment, action_facts: ActionFacts, action_links: ActionLinks, record: UpdatesRecord
) -> dict:
    pillar = plan.pillar(commitment.pillar)
    deadline, end = earliest_deadline(action_facts.deadlines)
    return {
        "id": action.id,
        "commitment": action.commitment,
        "letter": action.letter,
        "pillar": commitment.pillar,
        "theme": commitment.theme,
        "title": action_title(action),
        "title_words": action_heading(action).quote,
        "heading_ours": (
            {"heading": action.own_heading.heading, "reason": action.own_heading.reason}
            if action.own_heading is not None
            else None
        ),
        "headline": action.headline,
        "summary": action_summary(action),
        "paragraphs": list(action.paragraphs),
        "subitems": [{"id": s.id, "numeral": s.numeral, "text": s.text} for s in action.subitems],
        "footnotes": [{"text": f.text} for f in action.footnotes],
        "flags": list(action.flags),
        "corrections": [{"find": c.find, "replace": c.replace, "reason": c.reason} for c in action.corrections],
        # The printed pages the action appears on, for citations; the pillar's range where unknown.
        "pages": list(action.pages or pillar.pages),
        "url": f"actions/{action.id}/",
        "source_lines": list(action.lines),
        "facts": {
            "organisations": [
                {"id": o.id, "role": o.role, "evidence": o.evidence} for o in action_facts.organisations
            ],
            "laws": list(action_facts.laws),
            "programmes": list(action_facts.programmes),
            "deadlines": [_deadline(d) for d in action_facts.deadlines],
            "money": [asdict(m) for m in action_facts.money],
            "topics": list(action_facts.topics),
            "acronyms": list(action_facts.acronyms),
            "standing": {
                "id": action_facts.standing.standing,
                "words": action_facts.standing.words,
                "reason": action_facts.standing.reason,
                "reviewed": action_facts.standing.reviewed,
            },
            "delivers_note": action_facts.delivers_note or None,
        },
        "links": {
            "previous": action_links.previous,
            "next": action_links.next,
            "siblings": list(action_links.siblings),
            "related": [{"id": r.action_id, "reasons": list(r.reasons)} for r in action_links.related],
        },
        # What does not move with time; the site adds status, schedule and due_soon as of the
        # build's date (plugins/core/as_of.py), so content/ stays the same from day to day.
        "progress": {
            "from_plan": plan_status(at_publication(action_facts)),
            "deadline": None if deadline is None else {
                "of": deadline.of,
                "text": deadline.text,
                "ends": end.isoformat(),
            },
            "updates": [_update(u) for u in record.updates if action.id in u.actions],
        },
    }


def _deadlines(actions: list[Action], facts: Facts) -> list[dict]:
    """Every deadline of an action or one of its sub-items ("by" and "in" dates) with its last day,
    earliest first (plan order among equals)."""
    entries = [
        {"action": a.id, "of": d.of, "text": d.text, "ends": deadline_end(d).isoformat()}
        for a in actions
        for d in facts.actions[a.id].deadlines
        if d.is_deadline
    ]
    return sorted(entries, key=lambda e: e["ends"])


def _update(update: Update) -> dict:
    return {
        "id": update.id,
        "date": update.date.text,
        "actions": list(update.actions),
        "plan": update.about_plan,
        "kind": update.kind,
        "text": update.text,
        "evidence": update.evidence,
        "quote": update.quote,
        "source": {
            "title": update.source.title,
            "publisher": update.source.publisher,
            "url": update.source.url,
            "date": update.source.date.text,
        },
    }


# Dates whose words have a last day: a start or a period is a span, told in its words.
_ENDING_KINDS = ("by", "in", "past", "forecast")


def _deadline(deadline) -> dict:
    ends = deadline_end(deadline) if deadline.kind in _ENDING_KINDS else None
    return {
        "kind": deadline.kind,
        "of": deadline.of,
        "year": deadline.year,
        "month": deadline.month,
        "season": deadline.season,
        "financial_year": deadline.financial_year,
        "end_of": deadline.end_of,
        "text": deadline.text,
        "evidence": deadline.evidence,
        # The last day the words cover ("by 2026/27" runs to 31 March 2027) and its year: the year
        # a deadline counts under on the timeline and in the deadline-year filter.
        "ends": ends.isoformat() if ends else None,
        "end_year": ends.year if ends else None,
    }


def _entities_by_kind(actions: Iterable[Action], facts: Facts) -> dict[str, dict[str, list[str]]]:
    used: dict[str, dict[str, list[str]]] = {kind: {} for kind in ENTITY_KINDS}
    for action in actions:
        f = facts.actions[action.id]
        for kind, ids in (
            ("organisation", [o.id for o in f.organisations]),
            ("law", f.laws),
            ("programme", f.programmes),
            ("topic", f.topics),
        ):
            for entity_id in ids:
                used[kind].setdefault(entity_id, []).append(action.id)
    return used


def _date_words(deadline) -> str:
    """A date in the plan's words, led by its sub-item where it is one's, as pages show it:
    "Sub-item i: by April 2028"."""
    of = deadline.of
    return f"{of[:1].upper()}{of[1:]}: {deadline.text}" if of.startswith(SUBITEM_OF) else deadline.text


def _timeline(actions: list[Action], facts: Facts) -> list[dict]:
    order = {a.id: i for i, a in enumerate(actions)}
    # Deadlines only, the action's own and its sub-items': a start, a period, a past event or a
    # forecast is not something the plan is due to do. In the order they end.
    entries = [(d, a.id) for a in actions for d in facts.actions[a.id].deadlines if d.is_deadline]
    entries.sort(key=lambda e: (deadline_end(e[0]), e[0].sort_key, order[e[1]]))
    return [{"action": action_id, "deadline": _deadline(d)} for d, action_id in entries]


# --- Markdown pages -----------------------------------------------------------------------------


def _header(fields: dict[str, str | int | None]) -> str:
    lines = [f"{key}: {metadata_value(str(value))}" for key, value in fields.items() if value not in (None, "")]
    return "\n".join(lines + [f"Generator: {GENERATOR}"]) + "\n\n"


def _entity_url(kind: str, entity_id: str) -> str:
    return f"{SITE_LINK}/{ENTITY_KINDS[kind][0]}/{entity_id}/"


def action_page(
    plan: Plan,
    action: Action,
    action_facts: ActionFacts,
    facts: Facts,
    mentions: tuple[EntityMention, ...],
) -> str:
    commitment = plan.commitment_of(action)
    pillar = plan.pillar(commitment.pillar)
    names = _entity_names(facts)
    header = _header(
        {
            "Title": action_title(action),
            "Slug": action.id,
            "Date": PUBLICATION_DATE,
            "Category": pillar.title,
            "Tags": ", ".join(names["topic"][t] for t in action_facts.topics),
            "Summary": escape_markdown(action_summary(action)),
            "Template": "action",
            "Action_id": action.id,
            "Commitment": commitment.number,
            "Pillar": pillar.number,
            "Theme": plan.theme(commitment.theme).title,
            # The facts, readable in the Markdown itself; the theme reads them from actions.json.
            "Delivered_by": "; ".join(names["organisation"][i] for i in action_facts.delivering),
            "Mentions": "; ".join(
                names["organisation"][o.id] for o in action_facts.organisations if o.role == "mentioned"
            ),
            "Laws": "; ".join(names["law"][i] for i in action_facts.laws),
            "Programmes": "; ".join(names["programme"][i] for i in action_facts.programmes),
            "Deadlines": "; ".join(_date_words(d) for d in action_facts.deadlines if d.is_deadline),
            "Money": "; ".join(m.text for m in action_facts.money),
            # Not "Status": Pelican reads that as the page's publication state.
            "Standing": action_facts.standing.standing,
            "Flags": ", ".join(action.flags),
            "Corrections": "; ".join(f"{c.find} → {c.replace}" for c in action.corrections),
            "Pages": _page_range(action.pages or pillar.pages),
            "Pillar_pages": _page_range(pillar.pages),
        }
    )
    return header + action_body(action, action_facts, facts, mentions)


def _entity_names(facts: Facts) -> dict[str, dict[str, str]]:
    e = facts.entities
    return {
        "organisation": {o.id: o.name for o in e.organisations},
        "law": {law.id: law.name for law in e.laws},
        "programme": {p.id: p.name for p in e.programmes},
        "topic": {t.id: t.name for t in e.topics},
    }


def _page_range(pages: tuple[int, ...]) -> str:
    return "–".join(str(p) for p in sorted(set(pages)))


def action_body(
    action: Action, action_facts: ActionFacts, facts: Facts, mentions: tuple[EntityMention, ...]
) -> str:
    """The action's words as Markdown, with each known entity's first mention linked to its page."""
    pending = list(mentions)
    blocks = [_linked(p, pending) for p in action.paragraphs]
    if action.subitems:
        items = "\n".join(
            f'<li id="{s.id}" markdown="span">{_linked(s.text, pending)}</li>' for s in action.subitems
        )
        blocks.append(f'<ol class="action__subitems" markdown="1">\n{items}\n</ol>')
    if action.footnotes:
        notes = "\n".join(f'<li markdown="span">{escape_markdown(f.text)}</li>' for f in action.footnotes)
        blocks.append(
            '<aside class="action__notes" aria-label="Notes printed with this action" markdown="1">\n'
            f'<ol class="action__notes-list" markdown="1">\n{notes}\n</ol>\n</aside>'
        )
    expansions = {a.short: a.expansion for a in facts.entities.acronyms}
    abbreviations = [
        f"*[{short}]: {metadata_value(expansions[short])}"
        for short in action_facts.acronyms
        if short in expansions
    ]
    if abbreviations:
        blocks.append("\n".join(abbreviations))
    return "\n\n".join(blocks) + "\n"


def _linked(text: str, pending: list[EntityMention]) -> str:
    """Escape `text` as Markdown, linking the first occurrence of each still-pending mention."""
    spans: list[tuple[int, int, EntityMention]] = []
    for mention in list(pending):
        start = text.find(mention.text)
        if start < 0 or not mention.text:
            continue
        end = start + len(mention.text)
        if any(start < e and s < end for s, e, _ in spans):
            continue  # overlapping mentions: the earlier-listed one keeps the words
        spans.append((start, end, mention))
        pending.remove(mention)
    out, cursor = [], 0
    for start, end, mention in sorted(spans, key=lambda s: s[0]):
        out.append(escape_markdown(text[cursor:start]))
        out.append(f"[{escape_markdown(text[start:end])}]({_entity_url(mention.kind, mention.entity_id)})")
        cursor = end
    out.append(escape_markdown(text[cursor:]))
    return "".join(out)
