"""Overview pages are drawn once, from the model, by plugins/overview_pages: each lists exactly the
actions (or entities) its part of the model says, and none has a Markdown copy in content/."""

from __future__ import annotations

import pytest
from helpers.site import REPO, Page, Site

from actionplan.outdir import GENERATED_MARK
from plugins.core.model import DEFAULT_SCHEMA, as_of_date, load_model
from plugins.core.plan import Plan
from plugins.overview_pages.pages import OverviewPage, overview_pages

CONTENT = REPO / "content"


@pytest.fixture(scope="module")
def plan(settings) -> Plan:
    """The model as the built site reads it: as of the same date (pelicanconf.py's AS_OF_DATE, else
    SOURCE_DATE_EPOCH, else the latest commit's)."""
    as_of = as_of_date({**settings, "PATH": str(CONTENT)})
    return load_model(CONTENT / "data" / "actions.json", DEFAULT_SCHEMA, as_of=as_of).plan


@pytest.fixture(scope="module")
def pages(plan) -> list[OverviewPage]:
    return list(overview_pages(plan))


def linked_ids(page: Page, selector: str = 'a[href*="/actions/"]') -> list[str]:
    """The actions the page's main content links to, in order, each once."""
    ids: list[str] = []
    for a in page.soup.find("main").select(selector):
        parts = a["href"].rstrip("/").split("/")
        if len(parts) >= 2 and parts[-2] == "actions" and parts[-1][:1].isdigit() and parts[-1] not in ids:
            ids.append(parts[-1])
    return ids


# Where a page lists its actions, when it also links to actions elsewhere (filters, charts).
LISTS = {"actions": "a.action-list__link", "timeline": ".timeline__what a", "money": ".money-list__action a"}


def model_actions(page: OverviewPage, plan: Plan) -> list[str] | None:
    """What the model says the page lists, in the order it lists them; None: the page lists no actions."""
    commitments = plan.commitments_by_number
    match page.template:
        case "actions":
            return [a.id for a in plan.actions]
        case "pillar":
            # Grouped under the pillar's themes, each commitment's actions in the plan's order.
            shown = [n for slug in page.subject.themes for n in plan.themes_by_slug[slug].commitments]
            shown += [n for n in page.subject.commitments if n not in shown]
            return [i for n in shown for i in commitments[n].actions]
        case "commitment":
            return list(page.subject.actions)
        case "organisation":
            return list(page.subject.delivers) + [i for i in page.subject.mentioned_in
                                                   if i not in page.subject.delivers]
        case "law" | "programme" | "topic":
            return list(page.subject.actions)
        case "timeline":
            return list(dict.fromkeys(e.action for e in plan.timeline))
        case "money":
            return [a.id for p in plan.pillars for a in plan.actions if a.pillar == p.number and a.facts.money]
    return None


@pytest.mark.slow
def test_each_overview_page_lists_the_actions_its_model_says(site: Site, plan: Plan, pages: list[OverviewPage]):
    checked = 0
    for page in pages:
        built = site.by_rel[page.save_as]
        expected = model_actions(page, plan)
        if expected is None:
            continue
        assert linked_ids(built, LISTS.get(page.template, 'a[href*="/actions/"]')) == expected, page.url
        checked += 1
    assert checked == len(pages) - 3 - len(plan.kinds)  # all but progress, glossary, data and the indexes


@pytest.mark.slow
def test_entity_indexes_glossary_and_progress_list_what_the_model_says(site: Site, plan: Plan):
    for kind in plan.kinds.values():
        shown = [a["href"].rstrip("/").rsplit("/", 1)[-1]
                 for a in site.by_rel[kind.url + "index.html"].soup.select("main a.entity-list__link")]
        entities = getattr(plan, kind.url.rstrip("/"))
        assert shown == [e.id for e in sorted(entities, key=lambda e: e.name.lower())], kind.url
    rows = site.by_rel["glossary/index.html"].soup.select("main .glossary__row dt")
    assert sorted(r.get_text(" ", strip=True) for r in rows) == sorted(g.acronym for g in plan.glossary)
    updates = site.by_rel["progress/index.html"].soup.select("#updates ~ ol.updates > li.update")
    assert [
        (u.select_one(".update__when time")["datetime"],
         [a["href"].rstrip("/").rsplit("/", 1)[-1] for a in u.select('.update__actions a[href*="/actions/"]')])
        for u in updates
    ] == [(u.date, list(u.actions)) for u in plan.progress.updates]
    assert updates


@pytest.mark.slow
def test_every_overview_page_is_drawn_once_and_only_by_the_plugin(site: Site, pages: list[OverviewPage]):
    urls = [page.url for page in pages]
    assert len(urls) == len(set(urls))
    overview_types = {"actions", "pillar", "commitment", "topics", "topic", "organisations", "organisation", "laws",
                      "law", "programmes", "programme", "timeline", "progress", "money", "glossary", "data"}
    built = {page.rel for t in overview_types for page in site.of_type(t)}
    assert built == {page.save_as for page in pages}


def test_content_has_no_markdown_copy_of_an_overview_page():
    """content/ holds the actions, the data and hand-written pages: nothing the generator wrote in pages/."""
    generated = [p.relative_to(CONTENT).as_posix() for p in (CONTENT / "pages").rglob("*.md")
                 if GENERATED_MARK in b"\n" + p.read_bytes().split(b"\n\n", 1)[0] + b"\n"]
    assert generated == []
    listed = (CONTENT / ".generated-files").read_text(encoding="utf-8").split()
    assert listed and all(path.startswith(("actions/", "data/")) for path in listed)
