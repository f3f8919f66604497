"""The all-actions page's filters: which actions each value selects (from the plan model, checked
against rules written again here), the pre-rendered pages and CSVs that make them work without
JavaScript, and in chromium the in-place filters, the address, Back and the combined CSV."""

from __future__ import annotations

import copy
import csv
import io
import json
import re
import urllib.parse

import pytest
from helpers.browser import kept, kept_page  # noqa: F401 - fixtures: the module's tests share one tab
from helpers.site import Site

from actionplan.model import DEADLINE_KINDS
from actionplan.records.standings import STANDINGS
from plugins.action_filters.facets import deadline_years, facets, tokens_by_action
from plugins.core.csv_table import COLUMNS
from plugins.core.labels import SCHEDULE, STATUS
from plugins.core.plan import Plan, from_json


@pytest.fixture(scope="module")
def plan(built_site):
    """The plan as the site reads it: published actions.json, with status and schedule as of the build's date."""
    return json.loads((built_site / "data" / "actions.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def model(plan) -> Plan:
    """The typed model of that JSON (plugins/core/plan.py), which the filters read; the tests check
    it against the JSON, read again here."""
    return from_json(plan)


@pytest.fixture(scope="module")
def by_key(model):
    return {facet.key: facet for facet in facets(model)}


def selected(facet, slug: str) -> set[str]:
    return set(next(v for v in facet.values if v.slug == slug).ids)


def test_every_facet_has_values_and_each_value_selects_actions(by_key):
    assert list(by_key) == ["pillar", "topic", "organisation", "deadline", "money", "status", "progress", "schedule"]
    for facet in by_key.values():
        assert any(value.ids for value in facet.values), facet.key
        for value in facet.values:
            assert re.fullmatch(r"[a-z0-9-]+", value.slug), value.slug  # a URL segment as it stands
    # Deadline years come from the plan's dates: a year is listed because an action is due in it.
    assert all(value.ids for value in by_key["deadline"].values)


def test_every_value_of_a_fixed_domain_has_its_page_whatever_the_facts(plan, by_key):
    """A URL must not vanish when a fact rule changes: every pillar, topic, organisation, status and
    progress label is a value, whether or not an action has it now."""
    slugs = {key: [v.slug for v in facet.values] for key, facet in by_key.items()}
    assert slugs["pillar"] == [str(p["number"]) for p in plan["pillars"]]
    assert set(slugs["topic"]) == {t["id"] for t in plan["topics"]}
    assert set(slugs["organisation"]) == {o["id"] for o in plan["organisations"]}
    assert slugs["status"] == ["done", "under-way", "promised"]
    assert slugs["progress"] == list(STATUS) and slugs["schedule"] == list(SCHEDULE)
    assert slugs["money"] == ["funding"]
    delivering = {o["id"] for a in plan["actions"] for o in a["facts"]["organisations"] if o["role"] == "delivers"}
    idle = {o["id"] for o in plan["organisations"]} - delivering
    assert idle  # the real plan names organisations it gives no action to deliver
    assert all(not v.ids for v in by_key["organisation"].values if v.slug in idle)


def test_pillar_and_topic_select_what_the_model_says(plan, by_key):
    for pillar in plan["pillars"]:
        assert selected(by_key["pillar"], str(pillar["number"])) == {
            a["id"] for a in plan["actions"] if a["pillar"] == pillar["number"]}
    stalking = selected(by_key["topic"], "stalking")
    assert stalking == {a["id"] for a in plan["actions"] if "stalking" in a["facts"]["topics"]}
    assert "10l" in stalking


def test_deadline_years_count_only_deadlines(plan, by_key):
    """"by March 2027" and "in 2026" are deadlines, an action's or a sub-item's, under the year they
    end; "from 2026", "in 2025-26" (a period), past events, forecasts and background are not."""
    for value in by_key["deadline"].values:
        for action_id in value.ids:
            action = next(a for a in plan["actions"] if a["id"] == action_id)
            deadlines = [d for d in action["facts"]["deadlines"]
                         if d["kind"] in DEADLINE_KINDS and d["of"] not in ("background", "money")]
            assert any(str(d["end_year"]) == value.slug for d in deadlines)
    starts_only = [a["id"] for a in plan["actions"]
                   if a["facts"]["deadlines"] and all(d["kind"] not in DEADLINE_KINDS for d in a["facts"]["deadlines"])]
    assert starts_only
    every = set().union(*(set(v.ids) for v in by_key["deadline"].values))
    assert not every & set(starts_only)


def test_money_selects_the_actions_that_name_funding_not_context(plan, by_key):
    funded = {a["id"] for a in plan["actions"] if any(m["kind"] == "funding" for m in a["facts"]["money"])}
    context_only = {a["id"] for a in plan["actions"] if a["facts"]["money"]} - funded
    assert selected(by_key["money"], "funding") == funded
    assert context_only and not context_only & funded


def test_organisation_means_who_delivers(plan, by_key):
    for value in by_key["organisation"].values:
        assert set(value.ids) == {a["id"] for a in plan["actions"]
                                  if any(o["id"] == value.slug and o["role"] == "delivers"
                                         for o in a["facts"]["organisations"])}
    mentioned_only = {(o["id"], a["id"]) for a in plan["actions"] for o in a["facts"]["organisations"]
                      if o["role"] == "mentioned"}
    delivered = {(v.slug, i) for v in by_key["organisation"].values for i in v.ids}
    assert mentioned_only - delivered


def test_standing_values_partition_the_plan(plan, by_key):
    assert [v.slug for v in by_key["status"].values] == ["done", "under-way", "promised"]
    assert "12e" in selected(by_key["status"], "under-way")
    # The words are the standings' own, from their one place.
    assert [(v.label, v.name) for v in by_key["status"].values] == [(s.short, s.label) for s in STANDINGS.values()]
    values = [set(v.ids) for v in by_key["status"].values]
    assert sum(len(v) for v in values) == len(plan["actions"])
    assert set().union(*values) == {a["id"] for a in plan["actions"]}


def test_progress_and_schedule_select_what_the_progress_record_says(plan, by_key):
    for key in ("progress", "schedule"):
        field = "status" if key == "progress" else "schedule"
        values = [set(v.ids) for v in by_key[key].values]
        assert sum(len(v) for v in values) == len(plan["actions"])  # one value per action
        for value in by_key[key].values:
            assert set(value.ids) == {a["id"] for a in plan["actions"] if a["progress"][field] == value.slug}
    # An action the record says delivered since publication, and one with a deadline ahead.
    assert selected(by_key["progress"], "delivered") and selected(by_key["schedule"], "due")
    due = selected(by_key["schedule"], "due")
    assert all(next(a for a in plan["actions"] if a["id"] == i)["progress"]["deadline"] for i in due)


def test_tokens_name_every_value_an_action_has(plan, by_key):
    tokens = tokens_by_action(tuple(by_key.values()))
    assert set(tokens["10l"].split()) >= {"pillar:2", "topic:stalking"}
    for facet in by_key.values():
        for value in facet.values:
            for action_id in value.ids:
                assert f"{facet.key}:{value.slug}" in tokens[action_id].split()


def test_a_deadline_counts_in_the_year_it_ends(plan, by_key):
    """Issue 19: "in financial year 2026/27" (13d) and "during 2026-27" (22a) run to 31 March 2027,
    so they are under 2027, not 2026; 12e's sub-item deadline counts under 2028; 30j's forecast
    "by 2028/2029" is no deadline. Every year from publication to the last deadline keeps its page."""
    years = {value.slug: set(value.ids) for value in by_key["deadline"].values}
    assert {"13d", "22a"} <= years["2027"] and not {"13d", "22a"} & years["2026"]
    assert "12e" in years["2028"]
    assert "30j" not in set().union(*years.values())
    assert list(years) == [str(y) for y in range(2025, int(max(years)) + 1)]


def small_plan(plan: dict, facts: dict, topics: list[dict], organisations: list[dict]) -> Plan:
    """A plan of one action, 1a in pillar 1, in progress with no deadline, its facts changed by
    `facts`, with only the topics and organisations given (each made from the first real one, with
    the keys given): the real published JSON, changed, then typed by plan.from_json as the build
    types it. No publication date, so the plan's own dates alone give the deadline years."""
    data = copy.deepcopy(plan)
    action = next(a for a in data["actions"] if a["id"] == "1a")
    action["facts"].update(facts)
    action["progress"].update(status="in-progress", schedule="no-deadline", deadline=None, due_soon=False)
    data.update(
        actions=[action], pillars=[p for p in data["pillars"] if p["number"] == 1],
        topics=[{**data["topics"][0], **t} for t in topics],
        organisations=[{**data["organisations"][0], **o} for o in organisations],
    )
    data["document"]["date"] = None
    return from_json(data)


def like(plan: dict, fact: str, /, **changes) -> dict:
    """The first of a `fact` list (money, deadlines) any action of the real JSON has, with `changes`."""
    return {**next(x for a in plan["actions"] for x in a["facts"][fact]), **changes}


def test_a_small_plan_gives_its_own_values(plan):
    small = small_plan(plan, {
        "topics": ["t"],
        "organisations": [{"id": "o", "role": "delivers", "evidence": "O does it."},
                          {"id": "m", "role": "mentioned", "evidence": "M is named."}],
        "money": [like(plan, "money", kind="context", part_of=None)],
        "deadlines": [like(plan, "deadlines", kind="from", of="action", year=2026, end_year=2026)],
        "standing": {**plan["actions"][0]["facts"]["standing"], "id": "done"},
    }, topics=[{"id": "t", "name": "T"}], organisations=[{"id": "o", "name": "O"}, {"id": "m", "name": "M"}])
    got = {f.key: [(v.slug, v.ids) for v in f.values] for f in facets(small)}
    assert got == {"pillar": [("1", ("1a",))], "topic": [("t", ("1a",))],
                   "organisation": [("m", ()), ("o", ("1a",))], "deadline": [], "money": [("funding", ())],
                   "status": [("done", ("1a",)), ("under-way", ()), ("promised", ())],
                   "progress": [(s, ("1a",) if s == "in-progress" else ()) for s in STATUS],
                   "schedule": [(s, ("1a",) if s == "no-deadline" else ()) for s in SCHEDULE]}


def test_a_value_no_domain_knows_is_an_error(plan):
    small = small_plan(plan, {"topics": ["nowhere"], "organisations": [], "money": [], "deadlines": []},
                       topics=[], organisations=[])
    with pytest.raises(ValueError, match="action 1a: 'nowhere'"):
        facets(small)


# --- The built site, without JavaScript --------------------------------------------------------------


def listed_ids(html: str) -> set[str]:
    return set(re.findall(r'<span class="action-id">([0-9]+[a-z]+)</span>', html))


def test_each_filter_page_lists_exactly_its_actions_with_its_csv(site: Site, by_key):
    root = site.root
    whole = {row[0]: row for row in csv.reader(io.StringIO((root / "data" / "actions.csv").read_bytes()
                                                           .decode("utf-8-sig")))}
    for facet in by_key.values():
        for value in facet.values:
            html = (root / value.url(facet.key) / "index.html").read_text(encoding="utf-8")
            main = html.split('id="action-groups"', 1)[1]
            assert listed_ids(main) == set(value.ids), value.url(facet.key)
            rows = list(csv.reader(io.StringIO((root / value.csv(facet.key)).read_bytes().decode("utf-8-sig"))))
            assert rows[0] == [c.name for c in COLUMNS]
            assert [r[0] for r in rows[1:]] == list(value.ids)
            assert all(row == whole[row[0]] for row in rows[1:])  # data/actions.csv's rows, cell for cell


def test_every_organisation_has_its_filter_page_and_an_empty_one_says_so(site: Site, plan, by_key):
    delivering = {o["id"] for a in plan["actions"] for o in a["facts"]["organisations"] if o["role"] == "delivers"}
    for organisation in plan["organisations"]:
        page = site.root / "actions" / "organisation" / organisation["id"]
        html = (page / "index.html").read_text(encoding="utf-8")
        rows = list(csv.reader(io.StringIO((page / "actions.csv").read_bytes().decode("utf-8-sig"))))
        empty = re.search(r'id="action-filters-empty"( hidden)?>\s*<p>([^<]*)</p>', html)
        if organisation["id"] in delivering:
            assert empty.group(1) and len(rows) > 1
        else:
            name = organisation["name"].replace("'", "&#39;")
            assert not empty.group(1), organisation["id"]
            assert empty.group(2) == f"The plan names no action that {name} delivers."
            assert 'href="/actions/">See all 259 actions</a>' in html
            assert rows == [[c.name for c in COLUMNS]]
            assert not listed_ids(html.split('id="action-groups"', 1)[1])
            assert "0 of 259 actions" in html


def test_the_all_actions_page_links_every_filter_page(site: Site, by_key):
    html = (site.root / "actions" / "index.html").read_text(encoding="utf-8")
    hrefs = set(re.findall(r'class="action-filters__link" href="([^"]+)"', html))
    expected = {value.url(facet.key) for facet in by_key.values() for value in facet.values}
    assert {urllib.parse.urlsplit(h).path.lstrip("/") for h in hrefs} >= expected
    assert len(listed_ids(html.split('id="action-groups"', 1)[1])) == 259


def test_the_old_status_lists_lead_to_the_closest_standing(site: Site, by_key):
    """actions/status/not-done/ and partly-done/ were published (urls.txt): each page now sends the
    reader to the closest standing's list, and each CSV holds that list's rows."""
    from actionplan.records.standings import RETIRED_STATUSES

    assert RETIRED_STATUSES == {"partly-done": "under-way", "not-done": "promised"}
    for old, new in RETIRED_STATUSES.items():
        folder = site.root / "actions" / "status" / old
        html = (folder / "index.html").read_text(encoding="utf-8")
        assert f'<meta http-equiv="refresh" content="0; url=/actions/status/{new}/">' in html
        moved = (folder / "actions.csv").read_bytes()
        assert moved == (site.root / "actions" / "status" / new / "actions.csv").read_bytes()
        rows = list(csv.reader(io.StringIO(moved.decode("utf-8-sig"))))
        assert [r[0] for r in rows[1:]] == list(next(v for v in by_key["status"].values if v.slug == new).ids)


# --- In chromium -------------------------------------------------------------------------------------


def visible_ids(page) -> list[str]:
    return page.eval_on_selector_all(
        "#action-groups .action-list__item .action-id",
        "els => els.filter(e => e.offsetParent).map(e => e.textContent)",
    )


@pytest.mark.browser
def test_without_javascript_a_filter_link_opens_its_page(contexts, site_server, by_key):
    with contexts.page(java_script_enabled=False) as page:
        page.goto(site_server + "actions/")
        page.click("#action-filters-panel > summary")
        page.click(".action-filters__facet-summary:text-is('Topic')")
        page.click("a[data-filter='topic:stalking']")
        assert page.url.endswith("actions/topic/stalking/")
        assert set(visible_ids(page)) == selected(by_key["topic"], "stalking")
        count = len(selected(by_key["topic"], "stalking"))
        assert page.inner_text("#action-filters-status").startswith(f"{count} of 259")
        assert page.get_attribute("#action-filters-csv", "href").endswith("actions/topic/stalking/actions.csv")


@pytest.mark.browser
def test_filters_combine_in_place_with_the_state_in_the_address(page, site_server, by_key):
    page.goto(site_server + "actions/")
    entries = page.evaluate("history.length")
    page.click("#action-filters-panel > summary")
    page.click(".action-filters__facet-summary:text-is('Topic')")
    page.click("a[data-filter='topic:online-safety']")
    assert page.url.endswith("actions/?topic=online-safety")  # in place: the same document
    online = selected(by_key["topic"], "online-safety")
    assert set(visible_ids(page)) == online
    page.click(".action-filters__facet-summary:text-is('Pillar')")
    page.click("a[data-filter='pillar:2']")
    both = online & selected(by_key["pillar"], "2")
    assert set(visible_ids(page)) == both and 0 < len(both) < len(online)
    assert "topic=online-safety" in page.url and "pillar=2" in page.url
    assert page.inner_text("#action-filters-status") == f"{len(both)} of 259 actions"
    assert page.evaluate("history.length") == entries + 2  # one entry per filter chosen
    # The state is in the address: a reload shows the same list.
    page.reload()
    assert set(visible_ids(page)) == both
    page.go_back()
    page.wait_for_function("() => !location.search.includes('pillar')")
    assert set(visible_ids(page)) == online
    page.click("text=Remove filter: Topic: Online safety")
    assert len(visible_ids(page)) == 259
    assert not page.problems


@pytest.mark.browser
def test_several_values_of_a_facet_are_any_of_them_and_facets_are_all_of_them(page, site_server, by_key):
    """Issue 23, item 5: 2025 and 2026 together (OR within a facet), with a pillar (AND across)."""
    page.goto(site_server + "actions/")
    assert "one at a time" not in page.inner_text("#action-filters-note"), "a no-JavaScript notice with JavaScript on"
    page.click("#action-filters-panel > summary")
    page.click(".action-filters__facet-summary:text-is('Deadline year')")
    page.click("a[data-filter='deadline:2026']")
    page.click("a[data-filter='deadline:2027']")
    either = selected(by_key["deadline"], "2026") | selected(by_key["deadline"], "2027")
    assert set(visible_ids(page)) == either
    assert "deadline=2026" in page.url and "deadline=2027" in page.url
    assert page.is_hidden("#action-filters-lead"), "the 'All 259 actions' lead stays above a filtered list"
    page.click(".action-filters__facet-summary:text-is('Pillar')")
    page.click("a[data-filter='pillar:2']")
    both = either & selected(by_key["pillar"], "2")
    assert set(visible_ids(page)) == both and 0 < len(both) < len(either)
    # A value's count is what it would show under the other facets' filters.
    count = page.inner_text("a[data-filter='pillar:3'] .action-filters__count")
    assert count == f"({len(either & selected(by_key['pillar'], '3'))})"
    removes = page.locator(".action-filters__remove").all_inner_texts()
    assert len(removes) == 3
    page.reload()
    assert set(visible_ids(page)) == both
    with page.expect_download() as download:
        page.click("#action-filters-csv")
    rows = list(csv.reader(io.StringIO(open(download.value.path(), encoding="utf-8-sig").read())))
    assert {r[0] for r in rows[1:]} == both
    page.click("text=Remove filter: Pillar 2: Relentless Pursuit of Perpetrators")
    assert set(visible_ids(page)) == either
    assert not page.problems


@pytest.mark.browser
def test_an_empty_combination_offers_no_download_and_one_message(page, site_server, by_key):
    idle = next(v for v in by_key["organisation"].values if not v.ids)
    page.goto(site_server + f"actions/?pillar=1&organisation={idle.slug}")
    assert visible_ids(page) == []
    assert page.inner_text("#action-filters-status") == "0 of 259 actions"
    assert page.is_hidden("#action-filters-download") and page.is_hidden("#action-filters-lead")
    assert page.is_visible("#action-filters-empty")
    assert not page.problems


@pytest.mark.browser
def test_a_filter_chosen_by_keyboard_leaves_one_history_entry(page, site_server, by_key):
    page.goto(site_server + "actions/")
    entries = page.evaluate("history.length")
    page.focus("#action-filters-panel > summary")
    page.keyboard.press("Enter")
    page.focus(".action-filters__facet-summary:text-is('Deadline year')")
    page.keyboard.press("Enter")
    page.focus("a[data-filter='deadline:2026']")
    page.keyboard.press("Enter")
    assert page.url.endswith("actions/?deadline=2026")
    assert set(visible_ids(page)) == selected(by_key["deadline"], "2026")
    assert page.evaluate("history.length") == entries + 1
    assert not page.problems


@pytest.mark.browser
def test_the_csv_of_a_combination_holds_its_rows(page, site_server, by_key):
    page.goto(site_server + "actions/?topic=online-safety&pillar=2")
    both = selected(by_key["topic"], "online-safety") & selected(by_key["pillar"], "2")
    assert page.inner_text("#action-filters-csv") == f"Download these {len(both)} actions as CSV"
    with page.expect_download() as download:
        page.click("#action-filters-csv")
    text = open(download.value.path(), encoding="utf-8-sig").read()
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == [c.name for c in COLUMNS]
    assert {r[0] for r in rows[1:]} == both
    assert download.value.suggested_filename == "actions-pillar-2-topic-online-safety.csv"
    assert not page.problems


@pytest.mark.browser
def test_progress_and_schedule_combine_and_an_empty_combination_says_so(page, site_server, by_key):
    page.goto(site_server + "actions/?progress=in-progress&schedule=due")
    both = selected(by_key["progress"], "in-progress") & selected(by_key["schedule"], "due")
    assert set(visible_ids(page)) == both
    assert page.is_hidden("#action-filters-empty")
    idle = next(v for v in by_key["organisation"].values if not v.ids)
    page.click("#action-filters-panel > summary")
    page.click(".action-filters__facet-summary:text-is('Organisation')")
    link = f"a[data-filter='organisation:{idle.slug}']"
    assert page.inner_text(link + " .action-filters__count") == "(0)"  # zero counts are marked, not hidden
    page.click(link)
    assert visible_ids(page) == []
    assert page.is_visible("#action-filters-empty") and page.is_hidden("#action-contents")
    assert page.inner_text("#action-filters-empty").startswith("No action matches these filters.")
    page.go_back()
    page.wait_for_function("() => !location.search.includes('organisation')")
    assert set(visible_ids(page)) == both and page.is_hidden("#action-filters-empty")
    assert not page.problems


def test_a_deadline_of_31_march_2027_is_2027s(plan):
    """Issue 19: a deadline buckets under the year it ends. "by 31 March 2027" and "by 2026/27"
    (which runs to 31 March 2027) are 2027's, not 2026's, in the data and in the filter alike."""
    from actionplan.facts.deadlines import find_deadlines
    from actionplan.write import _deadline

    found = find_deadlines("Publish it by 31 March 2027. Fund it by 2026/27.", (2025, 12))
    dates = [_deadline(d) for d in found]
    assert [(d["kind"], d["of"], d["ends"], d["end_year"]) for d in dates] == [
        ("by", "action", "2027-03-31", 2027),
        ("by", "action", "2027-03-31", 2027),
    ]
    action = from_json({**plan, "actions": [{**plan["actions"][0], "facts": {
        **plan["actions"][0]["facts"], "deadlines": dates}}]}).actions[0]
    assert deadline_years(action) == ["2027", "2027"]
