"""Turn the plan, its facts and its links into Pelican content: Markdown pages and actions.json.

Pure: `render_content` returns {relative path: bytes} and touches no file, so the CLI can write it
or compare it (`--check`), and two runs give the same bytes.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import asdict
from pathlib import PurePath

from .headings import OPENING_LOST_NOTE, action_heading, opening_fragment
from .model import DEADLINE_KINDS, FLAG_OPENING_LOST, Action, ActionFacts, ActionLinks, EntityMention, Facts, Plan
from .progress import DUE_SOON_DAYS, ActionProgress, deadline_end, progress_by_action
from .text import SUMMARY_LIMIT, cut_at_word, escape_markdown, metadata_value, summary_from_text
from .updates import Update, UpdatesRecord

GENERATOR = "plan_to_pages"
SCHEMA_VERSION = 2
PUBLICATION_DATE = "2025-12-01"  # the plan's month; Pelican wants a full date for articles

# Where each kind of entity gets its pages, and the page kinds the theme has templates for.
ENTITY_KINDS = {
    "organisation": ("organisations", "Organisations"),
    "law": ("laws", "Laws"),
    "programme": ("programmes", "Programmes and schemes"),
    "topic": ("topics", "Topics"),
}
# One of each kind, as a page's caption says it. With ENTITY_KINDS, the only place a kind is named:
# the theme reads both from actions.json ("kinds").
ENTITY_KIND_NAMES = {"organisation": "Organisation", "law": "Law", "programme": "Programme or scheme", "topic": "Topic"}


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
    files.update(overview_pages(plan, data))
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
    progress = progress_by_action(record, facts)
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
            _action_data(plan, a, commitment_of[a.commitment], facts.actions[a.id], links[a.id], progress[a.id])
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


def _actions_count(n: int) -> str:
    return f"{n} action{'' if n == 1 else 's'}"


def _organisation_summary(entity: dict) -> str:
    """What the plan gives an organisation to do, and where it is only named, counted apart."""
    delivers, mentioned = len(entity["delivers"]), len(entity["mentioned_in"])
    parts = []
    if delivers:
        parts.append(f"delivers {_actions_count(delivers)} of the plan")
    if mentioned:
        parts.append(f"is mentioned in {_actions_count(mentioned)}{' more' if delivers else ' of the plan'}")
    return f"{entity['name']} {' and '.join(parts)}."


def _document(plan: Plan) -> dict:
    doc = asdict(plan.document)
    doc["opening"] = list(plan.document.opening)
    doc["contents"] = [asdict(c) for c in plan.document.contents]
    # The file's name, not its path: the same plan gives the same bytes in any checkout.
    doc["source"] = PurePath(plan.source).name
    return doc


def _action_data(
    plan, action: Action, commitment, action_facts: ActionFacts, action_links: ActionLinks, progress: ActionProgress
) -> dict:
    pillar = plan.pillar(commitment.pillar)
    return {
        "id": action.id,
        "commitment": action.commitment,
        "letter": action.letter,
        "pillar": commitment.pillar,
        "theme": commitment.theme,
        "title": action_title(action),
        "title_words": action_heading(action).quote,
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
            "status": {"at_publication": action_facts.status.at_publication, "evidence": action_facts.status.evidence},
        },
        "links": {
            "previous": action_links.previous,
            "next": action_links.next,
            "siblings": list(action_links.siblings),
            "related": [{"id": r.action_id, "reasons": list(r.reasons)} for r in action_links.related],
        },
        "progress": {
            "status": progress.status,
            "schedule": progress.schedule,
            "deadline": None if progress.deadline is None else {
                "text": progress.deadline.text,
                "ends": progress.deadline_end.isoformat(),
            },
            "due_soon": progress.due_soon,
            "updates": [_update(u) for u in progress.updates],
        },
    }


def _deadlines(actions: list[Action], facts: Facts) -> list[dict]:
    """Every deadline ("by" and "in" dates) with its last day, earliest first (plan order among equals)."""
    entries = [
        {"action": a.id, "text": d.text, "ends": deadline_end(d).isoformat()}
        for a in actions
        for d in facts.actions[a.id].deadlines
        if d.kind in DEADLINE_KINDS
    ]
    return sorted(entries, key=lambda e: e["ends"])


def _update(update: Update) -> dict:
    return {
        "id": update.id,
        "date": update.date.text,
        "actions": list(update.actions),
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


def _deadline(deadline) -> dict:
    return {
        "kind": deadline.kind,
        "year": deadline.year,
        "month": deadline.month,
        "season": deadline.season,
        "financial_year": deadline.financial_year,
        "end_of": deadline.end_of,
        "text": deadline.text,
        "evidence": deadline.evidence,
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


def _timeline(actions: list[Action], facts: Facts) -> list[dict]:
    order = {a.id: i for i, a in enumerate(actions)}
    # Deadlines only: a start, a period or a past event is not something the plan is due to do.
    entries = [(d, a.id) for a in actions for d in facts.actions[a.id].deadlines if d.is_deadline]
    entries.sort(key=lambda e: (e[0].sort_key, order[e[1]]))
    return [{"action": action_id, "deadline": _deadline(d)} for d, action_id in entries]


# --- Markdown pages -----------------------------------------------------------------------------


def _header(fields: dict[str, str | int | None]) -> str:
    lines = [f"{key}: {metadata_value(str(value))}" for key, value in fields.items() if value not in (None, "")]
    return "\n".join(lines + [f"Generator: {GENERATOR}"]) + "\n\n"


def _entity_path(kind: str, entity_id: str) -> str:
    return f"pages/{ENTITY_KINDS[kind][0]}/{entity_id}.md"


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
            "Deadlines": "; ".join(d.text for d in action_facts.deadlines if d.is_deadline),
            "Money": "; ".join(m.text for m in action_facts.money),
            # Not "Status": Pelican reads that as the page's publication state.
            "At_publication": action_facts.status.at_publication,
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
        target = "{filename}/" + _entity_path(mention.kind, mention.entity_id)
        out.append(f"[{escape_markdown(text[start:end])}]({target})")
        cursor = end
    out.append(escape_markdown(text[cursor:]))
    return "".join(out)


def overview_pages(plan: Plan, data: dict) -> dict[str, str]:
    pages: dict[str, str] = {}

    def page(path: str, title: str, url: str, template: str, summary: str, body: str = "", **extra) -> None:
        fields = {
            "Title": title,
            "Slug": url.rstrip("/"),
            "URL": url,
            "Save_as": url + "index.html",
            "Template": template,
            "Summary": escape_markdown(summary),
        }
        fields.update({key.capitalize(): value for key, value in extra.items()})
        pages[path] = _header(fields) + body

    count = len(data["actions"])
    titles = {a["id"]: a["title"] for a in data["actions"]}
    by_number = {c["number"]: c for c in data["commitments"]}
    page(
        "pages/actions.md", "All actions", "actions/", "actions",
        f"All {count} actions of the plan, by pillar and commitment.",
        "".join(
            f"## [Pillar {pillar['number']}: {escape_markdown(pillar['title'])}]"
            f"({{filename}}/pages/pillars/{pillar['number']}.md)\n\n"
            + "".join(
                f"### [Commitment {n}]({{filename}}/pages/commitments/{n}.md)\n\n"
                + _action_links(by_number[n]["actions"], titles)
                for n in pillar["commitments"]
            )
            for pillar in data["pillars"]
        ),
    )
    for pillar in data["pillars"]:
        page(
            f"pages/pillars/{pillar['number']}.md",
            f"Pillar {pillar['number']}: {pillar['title']}",
            pillar["url"], "pillar",
            f"{pillar['action_count']} actions in {len(pillar['commitments'])} commitments.",
            _paragraphs(pillar["introduction"])
            + "".join(
                f"## [Commitment {n}]({{filename}}/pages/commitments/{n}.md)\n\n"
                + _paragraphs([by_number[n]["lead_in"]])
                + _action_links(by_number[n]["actions"], titles)
                for n in pillar["commitments"]
            ),
            pillar=pillar["number"],
        )
    for commitment in data["commitments"]:
        page(
            f"pages/commitments/{commitment['number']}.md",
            f"Commitment {commitment['number']}",
            commitment["url"], "commitment",
            commitment["lead_in"],
            _paragraphs([commitment["lead_in"]])
            + f"## The {_actions_count(len(commitment['actions']))}\n\n"
            + _action_links(commitment["actions"], titles),
            commitment=commitment["number"],
        )
    for kind, (folder, heading) in ENTITY_KINDS.items():
        entities = data[folder]
        page(
            f"pages/{folder}/index.md", heading, f"{folder}/", folder,
            f"{len(entities)} {heading.lower()} named in the plan, with their actions.",
            # In the order the built index lists them (Jinja's sort: by name, ignoring case).
            "".join(
                f"- [{escape_markdown(e['name'])}]({{filename}}/{_entity_path(kind, e['id'])})\n"
                for e in sorted(entities, key=lambda e: e["name"].lower())
            ),
        )
        for entity in entities:
            n = len(entity["actions"])
            page(
                _entity_path(kind, entity["id"]),
                entity["name"], entity["url"], kind,
                _organisation_summary(entity)
                if kind == "organisation"
                else f"{n} action{'s' if n != 1 else ''} of the plan involve {entity['name']}.",
                _paragraphs([entity["description"]] if entity.get("description") else [])
                + _entity_actions(kind, entity, titles),
                entity_kind=kind, entity_id=entity["id"],
            )
    page(
        "pages/timeline.md", "Timeline", "timeline/", "timeline",
        f"{len(data['timeline'])} dated commitments, from the earliest to the latest.",
        _timeline_body(data["timeline"], titles),
    )
    sums = [m for a in data["actions"] for m in a["facts"]["money"]]
    page(
        "pages/money.md", "Money", "money/", "money",
        f"Every sum of money the plan names ({len(sums)} in {sum(1 for a in data['actions'] if a['facts']['money'])} "
        "actions), with its action, period and purpose, and which sums no total should add.",
        "".join(
            f"## Pillar {pillar['number']}: {escape_markdown(pillar['title'])}\n\n"
            + "".join(
                f"- {escape_markdown(m['text'])}: {_action_link(a['id'], titles)}\n"
                for a in data["actions"]
                if a["pillar"] == pillar["number"]
                for m in a["facts"]["money"]
            )
            + "\n"
            for pillar in data["pillars"]
            if any(a["facts"]["money"] for a in data["actions"] if a["pillar"] == pillar["number"])
        ),
    )
    page(
        "pages/progress.md", "Progress since publication", "progress/", "progress",
        f"What this site records about each action's progress since the plan, checked up to "
        f"{data['progress']['reviewed_up_to']}: dated updates with their sources, deadlines due and passed.",
        _progress_body(data["progress"], titles),
    )
    page(
        "pages/glossary.md", "Glossary", "glossary/", "glossary",
        f"{len(data['glossary'])} acronyms used in the plan, with their meanings.",
        # In the order the built glossary lists them (Jinja's sort: by acronym, ignoring case).
        "".join(
            f"- **{escape_markdown(g['acronym'])}**: {escape_markdown(g['expansion'])}\n"
            for g in sorted(data["glossary"], key=lambda g: g["acronym"].lower())
        ),
    )
    page(
        "pages/data.md", "Open data", "data/", "data",
        "The whole plan as data: JSON, CSV and a JSON Schema, under the Open Government Licence.",
    )
    return pages


def _paragraphs(paragraphs: list[str]) -> str:
    return "".join(escape_markdown(p) + "\n\n" for p in paragraphs)


# The headings of an entity page's action lists, as its Markdown body and its built page both say them
# (tests/test_one_source.py checks that the two agree).
ORGANISATION_ROLE_HEADINGS = (("delivers", "Actions it delivers"), ("mentioned_in", "Actions that mention it"))


def _entity_actions(kind: str, entity: dict, titles: dict[str, str]) -> str:
    """The page's lists of actions as Markdown links, so that content/ reads as the page does."""
    if kind == "organisation":
        # The built page says when an organisation delivers nothing; only lists with actions are written.
        sections = [(f"{h} ({len(entity[key])})", entity[key]) for key, h in ORGANISATION_ROLE_HEADINGS if entity[key]]
    else:
        sections = [(_actions_count(len(entity["actions"])), entity["actions"])]
    return "".join(f"## {heading}\n\n" + _action_links(ids, titles) for heading, ids in sections)


def _action_links(ids: list[str], titles: dict[str, str]) -> str:
    """A Markdown list of actions, each linked to its page as Pelican links one page to another."""
    return "".join(f"- {_action_link(i, titles)}\n" for i in ids) + "\n"


def _action_link(action_id: str, titles: dict[str, str]) -> str:
    return f"[{escape_markdown(f'{action_id} {titles[action_id]}')}]({{filename}}/actions/{action_id}.md)"


def _timeline_body(timeline: list[dict], titles: dict[str, str]) -> str:
    """Each deadline with its action, under its year: as the built timeline lists them (the writer
    put them in date order, so grouping keeps that order)."""
    years: dict[int, list[dict]] = {}
    for entry in timeline:
        years.setdefault(entry["deadline"]["year"], []).append(entry)
    return "".join(
        f"## {year}\n\n"
        + "".join(
            f"- {escape_markdown(e['deadline']['text'])}: {_action_link(e['action'], titles)}\n"
            for e in years[year]
        )
        + "\n"
        for year in sorted(years)
    )


def _progress_body(progress: dict, titles: dict[str, str]) -> str:
    """Every update of the record, newest first as the built page lists them: its date, what
    happened, its actions and its source."""
    items = "".join(
        f"- {u['date']}, {'; '.join(_action_link(i, titles) for i in u['actions'])}: {escape_markdown(u['text'])} "
        f"Source: [{escape_markdown(u['source']['title'])}]({u['source']['url']}), "
        f"{escape_markdown(u['source']['publisher'])}, {u['source']['date']}.\n"
        for u in progress["updates"]
    )
    return f"Reviewed up to {progress['reviewed_up_to']}.\n\n## All updates, newest first\n\n" + (
        items or "No update is recorded yet.\n"
    ) + "\n"
