"""Checks on the built theme that need no browser: landmarks, headings, the action page's parts,
metadata that travels, charts, page weight, and the url_manifest plugin."""

from __future__ import annotations

import gzip
import json
import re
from pathlib import Path

import pytest
from helpers.site import Page, Site

from actionplan.records.standings import STANDINGS
from plugins.core.charts import DRAWINGS, money
from plugins.url_manifest import url_manifest

# With pytest-xdist, in one worker with the other files that read every page's parse (conftest.py).
XDIST_GROUP = "every page parsed"

OGL = "Contains public sector information licensed under the Open Government Licence v3.0"
# The official publication (verified on GOV.UK: its accessible action plan lives beneath this page).
GOV_UK_PUBLICATION = "https://www.gov.uk/government/publications/freedom-from-violence-and-abuse-a-cross-government-strategy"


@pytest.fixture(scope="session")
def plan(built_site: Path) -> dict:
    return json.loads((built_site / "data" / "actions.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def actions(plan: dict) -> dict[str, dict]:
    return {a["id"]: a for a in plan["actions"]}


def text(tag) -> str:
    return re.sub(r"\s+", " ", tag.get_text(" ")).strip() if tag else ""


HEADING = re.compile(r"h[1-6]")


def problems_message(problems: list[str]) -> str:
    return f"{len(problems)} problem(s):\n" + "\n".join(f"  {p}" for p in problems[:40])


# --- every page ---------------------------------------------------------------------------------


def test_every_page_has_the_frame(site: Site, settings: dict):
    """lang, skip link first, exit button, landmarks, the licence line in the footer."""
    problems = []
    for page in site.pages:  # every page the theme renders (Site keeps the redirect pages apart)
        soup = page.soup
        if soup.html.get("lang") != "en-GB":
            problems.append(f"{page.rel}: lang is {soup.html.get('lang')!r}")
        first = soup.body.find(["a", "button", "input", "select", "textarea"])
        if not (first and first.name == "a" and first.get("href") == "#main-content"):
            problems.append(f"{page.rel}: the first focusable element is not the skip link")
        if not soup.find("main", id="main-content"):
            problems.append(f"{page.rel}: no <main id=main-content>")
        exits = soup.select("a.js-exit-this-page")
        if len(exits) != 1 or exits[0].get("href") != settings["EXIT_URL"]:
            problems.append(f"{page.rel}: no single Exit this page link to EXIT_URL")
        for landmark in ("header", "footer", "nav"):
            if not soup.find(landmark):
                problems.append(f"{page.rel}: no <{landmark}>")
        if OGL not in text(soup.find("footer", class_="footer")):
            problems.append(f"{page.rel}: the footer lacks the OGL attribution")
        if not soup.find("form", attrs={"role": "search", "method": "get"}):
            problems.append(f"{page.rel}: no GET search form")
    assert not problems, problems_message(problems)


def test_headings_are_in_order(site: Site):
    problems = []
    for page in site.pages:  # every page the theme renders (Site keeps the redirect pages apart)
        levels = [int(h.name[1]) for h in page.elements if HEADING.fullmatch(h.name)]
        if not levels or levels[0] != 1 or levels.count(1) != 1:
            problems.append(f"{page.rel}: headings start {levels[:3]}, with {levels.count(1)} h1")
            continue
        for before, after in zip(levels, levels[1:], strict=False):
            if after > before + 1:
                problems.append(f"{page.rel}: h{before} is followed by h{after}")
                break
    assert not problems, problems_message(problems)


def test_every_page_has_metadata_that_travels(site: Site):
    problems = []
    for page in site.pages:  # every page the theme renders (Site keeps the redirect pages apart)
        soup = page.soup
        for prop in ("og:title", "og:description", "og:url", "og:type", "og:site_name"):
            tag = soup.find("meta", attrs={"property": prop})
            if not (tag and tag.get("content", "").strip()):
                problems.append(f"{page.rel}: no {prop}")
        for name in ("twitter:card", "twitter:title", "twitter:description", "description"):
            tag = soup.find("meta", attrs={"name": name})
            if not (tag and tag.get("content", "").strip()):
                problems.append(f"{page.rel}: no {name}")
        canonical = soup.find("link", rel="canonical")
        if page.rel == "404.html":
            if canonical:
                problems.append("404.html: a not-found page has no canonical URL")
        elif not canonical or not canonical["href"].endswith("/" + page.url):
            problems.append(f"{page.rel}: canonical is {canonical and canonical.get('href')!r}")
    assert not problems, problems_message(problems)


def test_no_style_attributes_or_elements(site: Site):
    bad = [p.rel for p in site.pages if any(t.name == "style" or "style" in t.attrs for t in p.elements)]
    assert not bad, f"style attributes or elements (the CSP forbids them): {bad[:20]}"


# --- the action page ------------------------------------------------------------------------------


def test_action_pages_show_their_parts(site: Site, actions: dict):
    problems = []
    for page in site.of_type("action"):
        a = actions[page.action_id]
        soup = page.soup
        h1 = text(soup.find("h1"))
        if a["id"] not in h1 or a["title"] not in h1:
            problems.append(f"{page.rel}: h1 {h1!r} lacks the identifier or the exact title (escaping?)")
        crumbs = [x["href"] for x in soup.select("nav.breadcrumbs a")]
        commitment_url = f"commitments/{a['commitment']}/"
        if not any(h.endswith(f"pillars/{a['pillar']}/") for h in crumbs) or not any(
            h.endswith(commitment_url) for h in crumbs
        ):
            problems.append(f"{page.rel}: breadcrumbs lack the pillar or the commitment")
        for sub in a["subitems"]:
            if not soup.find(id=sub["id"]):
                problems.append(f"{page.rel}: no anchor for sub-item {sub['id']}")
        facts = soup.find("dl", class_="facts")
        if not facts:
            problems.append(f"{page.rel}: no facts list")
        else:
            hrefs = [x["href"] for x in facts.find_all("a")]
            for kind in ("laws", "programmes", "topics"):
                for entity_id in a["facts"][kind]:
                    if not any(h.endswith(f"{kind}/{entity_id}/") for h in hrefs):
                        problems.append(f"{page.rel}: facts lack {kind} {entity_id}")
            problems += [f"{page.rel}: {p}" for p in _who_and_status_problems(facts, a["facts"])]
            for deadline in a["facts"]["deadlines"]:
                if deadline["text"] and deadline["text"] not in text(facts):
                    problems.append(f"{page.rel}: facts lack the deadline {deadline['text']!r}")
        # Only lost words warrant a notice above the text; every other note sits below it.
        notice = soup.find("aside", class_="notice")
        if ("opening-lost" in a["flags"]) != bool(notice):
            state = "missing" if not notice else "there without cause"
            problems.append(f"{page.rel}: the missing-words notice is {state}")
        about = soup.find("section", class_="about-text")
        others = [f for f in a["flags"] if f != "opening-lost"]
        if bool(others or a["corrections"]) != bool(about):
            state = "missing" if not about else "there without cause"
            problems.append(f"{page.rel}: the 'About this text' note is {state}")
        if about and about.find_previous("div", class_="action__text") is None:
            problems.append(f"{page.rel}: 'About this text' comes before the action's text")
        for c in a["corrections"]:
            if about and c["replace"] not in text(about):
                problems.append(f"{page.rel}: the note does not name the correction {c['replace']!r}")
        citation = text(soup.find(id="action-citation"))
        pages = a["pages"]
        page_range = f"page {pages[0]}" if pages[0] == pages[-1] else f"pages {pages[0]}–{pages[-1]}"
        for part in ("Freedom from Violence and Abuse", f"Action {a['id']}", page_range, f"actions/{a['id']}/",
                     f"“{a['title_words']}”", GOV_UK_PUBLICATION):
            if part not in citation:
                problems.append(f"{page.rel}: the citation lacks {part!r}")
        if "[Opening words missing]" in citation:
            problems.append(f"{page.rel}: the citation quotes our note as if it were the plan's words")
        pager = {x.get("rel", [""])[0]: x["href"] for x in soup.select("nav.pager a")}
        for rel, key in (("prev", "previous"), ("next", "next")):
            want = a["links"][key]
            got = pager.get(rel)
            if (want is None) != (got is None) or (want and not got.endswith(f"actions/{want}/")):
                problems.append(f"{page.rel}: {key} link is {got!r}, the data says {want!r}")
        related = soup.select(".related__item")
        if len(related) != len(a["links"]["related"]):
            want = len(a["links"]["related"])
            problems.append(f"{page.rel}: {len(related)} related actions shown, {want} in the data")
        if OGL not in text(soup.find("footer", class_="attribution")):
            problems.append(f"{page.rel}: no attribution under the action")
        if not soup.find("a", id="action-permalink"):
            problems.append(f"{page.rel}: no plain link to the action (the copy button needs it)")
        buttons = soup.select("button.js-copy")
        if not buttons or not all(b.has_attr("hidden") for b in buttons):
            problems.append(f"{page.rel}: copy buttons must start hidden (they need JavaScript)")
    assert not problems, problems_message(problems)


def _facts_row(facts, label: str):
    for row in facts.select(".facts__row"):
        if text(row.find("dt")) == label:
            return row.find("dd")
    return None


def _who_and_status_problems(facts, data: dict) -> list[str]:
    """Only delivering bodies under "Who delivers it", each with its sentence; mentioned bodies
    apart; a plain sentence where none delivers; the status in words with its sentence."""
    problems = []
    for label, role in (("Who delivers it", "delivers"), ("Also mentioned (not said to deliver it)", "mentioned")):
        row = _facts_row(facts, label)
        named = [o for o in data["organisations"] if o["role"] == role]
        hrefs = [x["href"] for x in row.find_all("a")] if row else []
        if role == "delivers" and not named:
            if not row or "The plan does not name a body; it speaks for the Government" not in text(row):
                problems.append("no delivering body, and the row does not say so")
        elif named and not row:
            problems.append(f"no row {label!r}")
        elif not named and row:
            problems.append(f"a row {label!r} with nothing in it")
        for o in named:
            if not any(h.endswith(f"organisations/{o['id']}/") for h in hrefs):
                problems.append(f"{label!r} lacks {o['id']}")
            if o["evidence"] not in [text(q) for q in row.select(".evidence__quote")]:
                problems.append(f"{label!r} lacks the sentence for {o['id']}")
        if row and len(hrefs) != len(named):
            problems.append(f"{label!r} links {len(hrefs)} bodies, the data has {len(named)}")
    row = _facts_row(facts, "When the plan was published")
    standing = data["standing"]
    words = STANDINGS[standing["id"]].label
    if not row or not text(row).startswith(words):
        problems.append(f"the standing row does not say {words!r}")
    elif text(row.select_one(".standing__words")) != standing["words"]:
        problems.append("the standing row lacks the plan's words")
    elif not text(row.select_one(".standing__reason")).startswith(standing["reason"]):
        problems.append("the standing row lacks its reason")
    return problems


def test_every_action_opens_with_its_facts_at_a_glance(site: Site, actions: dict):
    """Right under the heading: whose plan, then standing, deadline, money and who delivers, from the
    same facts as the detailed list (issue 23, item 2)."""
    for page in site.of_type("action"):
        a, soup = actions[page.action_id], page.soup
        glance = soup.select_one(".action__header h1 + .glance")
        assert glance is not None, f"{page.rel}: no summary right under the heading"
        assert text(glance.select_one(".glance__plan")) == "UK Government action plan, December 2025"
        rows = {text(r.dt): text(r.dd) for r in glance.select(".glance__row")}
        assert list(rows) == ["Standing", "Deadline", "Money", "Who delivers"], page.rel
        f = a["facts"]
        due = [d for d in f["deadlines"] if d["kind"] in ("by", "in")]
        assert (rows["Deadline"] == "None given") == (not due), page.rel
        funding = [m for m in f["money"] if m["kind"] == "funding"]
        assert rows["Money"].startswith(funding[0]["text"]) if funding else rows["Money"] == "None named", page.rel
        assert rows["Standing"].startswith(STANDINGS[f["standing"]["id"]].short), page.rel
        delivering = [o["id"] for o in f["organisations"] if o["role"] == "delivers"]
        assert rows["Who delivers"].startswith("Not named") == (not delivering), page.rel


def test_12e_is_under_way_and_the_sia_only_mentioned(site: Site, plan: dict):
    """The truth about 12e: the spiking offence is delivered, the rest runs to 2028; the Security
    Industry Authority's licence holders are trained, the SIA is not said to train them."""
    facts = site.by_rel["actions/12e/index.html"].soup.find("dl", class_="facts")
    assert text(_facts_row(facts, "When the plan was published")).startswith("Under way when the plan was published")
    assert "does not name a body" in text(_facts_row(facts, "Who delivers it"))
    assert "Security Industry Authority" in text(_facts_row(facts, "Also mentioned (not said to deliver it)"))
    listed = site.by_rel["commitments/12/index.html"].soup
    tag = listed.find("a", href="/actions/12e/").find_next_sibling("p")
    assert "tag--under-way" in tag["class"] and text(tag.select_one(".visually-hidden")) == STANDINGS["under-way"].label
    by_id = {a["id"]: a for a in plan["actions"]}
    standings = [by_id[i]["facts"]["standing"]["id"] for i in plan["commitments"][11]["actions"]]
    said = text(listed.select_one(".standing-counts"))
    for key, words in STANDINGS.items():
        if standings.count(key):
            assert f"{standings.count(key)} {words.short.lower()}" in said, said


def test_organisation_pages_separate_delivering_from_mentioning(site: Site, plan: dict):
    sia = site.by_rel["organisations/security-industry-authority/index.html"].soup
    headings = [text(h) for h in sia.select("main h2")]
    assert "Actions it delivers (0)" in headings and "Actions that mention it (1)" in headings
    home_office = next(o for o in plan["organisations"] if o["id"] == "home-office")
    page = site.by_rel["organisations/home-office/index.html"].soup
    assert f"Actions it delivers ({len(home_office['delivers'])})" in [text(h) for h in page.select("main h2")]
    assert len(home_office["delivers"]) + len(home_office["mentioned_in"]) == len(home_office["actions"])
    index = text(site.by_rel["organisations/index.html"].soup.find("main"))
    counts = f"delivers {len(home_office['delivers'])} actions, mentioned in {len(home_office['mentioned_in'])} more"
    assert counts in index
    assert "Security Industry Authority ( SIA ) mentioned in 1 action" in index


def test_action_page_weight(site: Site, built_site: Path):
    """The largest action page with its CSS and JS is under 20 KB gzip."""
    pages = site.of_type("action")
    largest = max(pages, key=lambda p: p.path.stat().st_size)
    total = len(gzip.compress(largest.path.read_bytes(), 9))
    for ref in largest.soup.select('link[rel="stylesheet"], script[src]'):
        url = ref.get("href") or ref.get("src")
        path = built_site / re.sub(r"^(https?://[^/]+)?/", "", url)
        total += len(gzip.compress(path.read_bytes(), 9))
    assert total < 20_000, f"{largest.rel} with its CSS and JS is {total} bytes gzip"


# --- charts -------------------------------------------------------------------------------------------


def charts(page: Page) -> list:
    return page.soup.find_all("figure", class_="chart")


def test_charts_are_accessible_svg_with_their_figures(site: Site):
    home = site.by_rel["index.html"]
    timeline = site.by_rel["timeline/index.html"]
    assert len(charts(home)) >= 3 and len(charts(timeline)) >= 1
    problems = []
    for page in (home, timeline):
        for fig in charts(page):
            svg = fig.find("svg")
            if not svg or svg.get("role") != "img":
                problems.append(f"{page.rel} {fig.get('id')}: no svg with role=img")
                continue
            labelled = svg.get("aria-labelledby", "").split()
            title, desc = svg.find("title"), svg.find("desc")
            if not (title and desc and title.get("id") in labelled and desc.get("id") in labelled):
                problems.append(f"{page.rel} {fig.get('id')}: svg is not labelled by its title and desc")
            if not text(desc):
                problems.append(f"{page.rel} {fig.get('id')}: empty description")
            folded = fig.find("details")
            if not folded or not folded.find("table") or not folded.find("summary"):
                problems.append(f"{page.rel} {fig.get('id')}: no table of the same figures folded below it")
            drawings = fig.find_all("svg")
            if [d.get("class")[-1] for d in drawings] != [f"chart__svg--{name}" for name, *_ in DRAWINGS]:
                problems.append(f"{page.rel} {fig.get('id')}: not one drawing for each of {DRAWINGS}")
            for d in drawings:  # as wide as its column, its words 16 px at any width
                if d.get("width") != "100%" or d.get("viewbox") or d.get("font-size") != "16":
                    problems.append(f"{page.rel} {fig.get('id')}: a drawing scaled, not 100% wide with 16 px text")
    assert not problems, problems_message(problems)


def test_pillar_chart_figures_match_the_data(site: Site, plan: dict):
    fig = site.by_rel["index.html"].soup.find("figure", id="chart-pillars")
    rows = {text(tr.th): text(tr.td) for tr in fig.find("tbody").find_all("tr")}
    for pillar in plan["pillars"]:
        count = sum(1 for a in plan["actions"] if a["pillar"] == pillar["number"])
        assert rows[f"Pillar {pillar['number']}: {pillar['title']}"] == str(count)
    assert rows["Total"] == str(len(plan["actions"]))


def test_money_chart_names_the_unquantified(site: Site, plan: dict):
    fig = site.by_rel["index.html"].soup.find("figure", id="chart-money")
    shown = text(fig.find("table"))
    for a in plan["actions"]:
        for m in a["facts"]["money"]:
            if m["amount"] is None:
                assert m["text"] in shown, f"{a['id']}: {m['text']!r} is not named in the money table"


def test_money_chart_adds_no_background_figure_and_no_sum_twice(site: Site, plan: dict):
    fig = site.by_rel["index.html"].soup.find("figure", id="chart-money")
    rows = {text(tr.th): [text(td) for td in tr.find_all("td")] for tr in fig.find("tbody").find_all("tr")}
    for pillar in plan["pillars"]:
        counted = [
            m
            for a in plan["actions"]
            if a["pillar"] == pillar["number"]
            for m in a["facts"]["money"]
            if m["amount"] is not None and m["kind"] == "funding" and m["part_of"] is None
        ]
        at_least = "at least " if any(m["lower_bound"] for m in counted) else ""
        shown = at_least + money(sum(m["amount"] for m in counted)) if counted else "none stated"
        row = rows[f"Pillar {pillar['number']}: {pillar['title']}"]
        assert row[0] == shown, pillar["number"]
    # Each sum left out is named with why: all NHS mental-health spending (30j), the wider
    # programmes (6a, 17b), 25a's 2025-26 level and the £30 million inside it.
    assert "30j: £15.6 billion (a whole budget)" in rows["Pillar 4: Whole of Society Approach"][2]
    assert "6a: £2.4 billion (a wider programme)" in rows["Pillar 1: Prevention and Early Intervention"][2]
    assert "17b: £100 million (a wider programme)" in rows["Pillar 3: Support"][2]
    assert "25a: £160 million (for a year before the plan's period)" in rows["Pillar 3: Support"][2]
    assert "25a: £30 million (part of £160 million)" in rows["Pillar 3: Support"][2]
    assert rows["Pillar 4: Whole of Society Approach"][0] == "£366,335"


def test_totals_say_at_least_and_what_they_leave_out(site: Site, plan: dict):
    """Issue 19, item 4: 4f's "more than £300,000" makes pillar 1's total "at least"; 25a's £160
    million (2025-26) is in no total; the money page says under each pillar what its total adds
    and leaves out, with why."""
    fig = site.by_rel["index.html"].soup.find("figure", id="chart-money")
    rows = {text(tr.th): [text(td) for td in tr.find_all("td")] for tr in fig.find("tbody").find_all("tr")}
    assert rows["Pillar 1: Prevention and Early Intervention"][0].startswith("at least £")
    pillar3 = rows["Pillar 3: Support"][0]
    assert not pillar3.startswith("at least")
    support = [m for a in plan["actions"] if a["pillar"] == 3 for m in a["facts"]["money"]]
    added = [m for m in support if m["amount"] and m["kind"] == "funding" and m["part_of"] is None]
    assert pillar3 == money(sum(m["amount"] for m in added)) and 160_000_000 not in [m["amount"] for m in added]
    main = site.by_rel["money/index.html"].soup.find("main")
    totals = [text(p) for p in main.find_all("p", class_="money-total")]
    assert len(totals) == len({a["pillar"] for a in plan["actions"] if a["facts"]["money"]})
    assert any("25a’s £160 million (for a year before the plan's period)" in t for t in totals)
    assert any("17b’s £100 million (a wider programme)" in t for t in totals)
    assert totals[0].startswith("Added up: at least £")
    items = {text(li.find(class_="money-list__action")): li for li in main.find_all("li", class_="money-list__item")}
    assert "added as at least £300,000" in text(items["Action 4f , commitment 4"].find(class_="money-list__kind"))


def test_money_page_lists_every_sum_with_its_words(site: Site, plan: dict):
    main = site.by_rel["money/index.html"].soup.find("main")
    items = main.find_all("li", class_="money-list__item")
    sums = [(a, m) for a in plan["actions"] for m in a["facts"]["money"]]
    assert len(items) == len(sums) > 15
    for item, (action, m) in zip(items, sums, strict=True):
        assert m["text"].lower() in text(item.find(class_="money-list__amount")).lower(), action["id"]
        assert text(item.find("blockquote")) == m["evidence"]
        assert item.find("a")["href"].endswith(action["url"])
        not_added = m["kind"] == "context" or m["part_of"] is not None
        kind = text(item.find(class_="money-list__kind"))
        assert kind.startswith("Not added" if not_added else "Funding"), action["id"]


def _rows(site: Site, action_id: str) -> dict:
    facts = site.by_rel[f"actions/{action_id}/index.html"].soup.find("dl", class_="facts")
    return {text(row.find("dt")): row.find("dd") for row in facts.find_all(class_="facts__row")}


def _shown(row) -> list[str]:
    return [text(li).split("The plan's words")[0].strip() for li in row.find_all("li")]


def test_action_pages_say_what_kind_each_date_and_sum_is(site: Site):
    rows = _rows(site, "26h")
    assert _shown(rows["When"]) == ["Before the plan was published: in November 2025"]
    assert rows["When"].find("li").find("details", class_="evidence"), "every date shows the words it rests on"
    assert _shown(_rows(site, "6d")["When"]) == ["From 2025"]
    assert _shown(_rows(site, "14b")["When"]) == ["Within three years (2028)"]
    rows = _rows(site, "25a")
    assert "part of the £160 million" in text(rows["Money"])
    assert len(rows["Money"].find_all("details", class_="evidence")) == 3


def test_when_shows_only_the_actions_own_dates(site: Site):
    """Issue 19, item 3: "When" holds the action's own deadlines and timings; a sub-item's date,
    a forecast, a past event the action builds on and the period of a sum each show elsewhere,
    under their own label, and nothing is "Done" by a date."""
    rows = _rows(site, "12e")
    assert text(rows["When"]) == "No date given for the action as a whole"
    assert _shown(rows["Sub-item dates"]) == ["Sub-item i: by April 2028"]
    rows = _rows(site, "19b")
    assert text(rows["When"]) == "No date given for the action as a whole"
    assert _shown(rows["Builds on (dates of earlier work)"]) == [
        "Since 2005",
        "Before the plan was published: in March 2025",
    ]
    rows = _rows(site, "13e")
    assert "summer" not in text(rows["When"]).lower()
    assert _shown(rows["Builds on (dates of earlier work)"]) == ["Before the plan was published: this summer (2025)"]
    rows = _rows(site, "30j")
    assert text(rows["When"]) == "No date given for the action as a whole"
    assert _shown(rows["Forecast (not a deadline)"]) == ["Expected by 2028/2029"]
    assert "in 25/26" in text(rows["Money"]) and "a background figure" in text(rows["Money"])
    rows = _rows(site, "25a")
    assert "Period covered" not in text(rows["When"]) and "2025-26" not in text(rows["When"])
    assert "in 2025-26" in text(rows["Money"])
    for page in site.of_type("action"):
        dates = page.soup.find("dl", class_="facts").find_all(class_="dates")
        assert not [d for d in dates if "Done " in text(d)], page.rel


def test_the_timeline_counts_a_deadline_in_the_year_it_ends(site: Site):
    """ "in financial year 2026/27" (13d) runs to 31 March 2027: under 2027. 12e's sub-item deadline
    is there, labelled with its sub-item; 30j's forecast is not."""
    soup = site.by_rel["timeline/index.html"].soup
    by_year = {
        section.find("h2").get_text(strip=True): [
            (text(item.select_one(".timeline__when")), item.select_one(".timeline__what a")["href"])
            for item in section.select(".timeline__item")
        ]
        for section in soup.select("main section")
    }
    assert any(when == "in financial year 2026/27" and "/13d/" in href for when, href in by_year["2027"])
    assert not any("/13d/" in href for _, href in by_year["2026"])
    assert any(when == "Sub-item i: by April 2028" and "/12e/" in href for when, href in by_year["2028"])
    assert not any("/30j/" in href for entries in by_year.values() for _, href in entries)


def test_schemes_are_programmes_and_their_old_law_pages_redirect(site: Site, plan: dict):
    """Raneem's Law and Clare's Law are schemes, not legislation (issue 19, item 5): the Laws page
    lists neither, each has a programme page under the plan's name for it, and the old laws/ URL
    (urls.txt) sends readers to it."""
    listed = [text(a) for a in site.by_rel["laws/index.html"].soup.find("main").find_all("a")]
    assert not [name for name in listed if "Raneem" in name or "Clare" in name or "Disclosure Scheme" in name]
    assert "Online Safety Act 2023" in listed
    assert {law["kind"] for law in plan["laws"]} <= {"act", "bill", "si"}
    dvds = text(site.by_rel["programmes/domestic-violence-disclosure-scheme/index.html"].soup.find("main"))
    assert "Domestic Violence Disclosure Scheme" in dvds and "Clare's Law" in dvds
    assert "Raneem's Law" in text(site.by_rel["programmes/raneems-law/index.html"].soup.find("h1"))
    redirects = {p.rel: p.path.read_text(encoding="utf-8") for p in site.redirects}
    for old, new in (
        ("laws/raneems-law/index.html", "programmes/raneems-law/"),
        ("laws/domestic-violence-disclosure-scheme/index.html", "programmes/domestic-violence-disclosure-scheme/"),
    ):
        assert f"url=/{new}" in redirects[old] or f'url={new}' in redirects[old] or new in redirects[old], old


# --- pages of their own -------------------------------------------------------------------------------


def test_safety_page_is_honest_and_links_to_helplines(site: Site):
    soup = site.by_rel["safety/index.html"].soup
    body = text(soup.find("main"))
    assert "does not erase your browsing history" in body
    helplines = [a["href"] for a in soup.find("main").find_all("a") if a["href"].startswith("https://")]
    assert len(helplines) >= 8
    for site_name in (
        "nationaldahelpline.org.uk",
        "rapecrisis.org.uk",
        "respectphoneline.org.uk",
        "karmanirvana.org.uk",
    ):
        assert any(site_name in h for h in helplines), site_name


def test_about_page_lists_every_correction(site: Site, plan: dict):
    body = text(site.by_rel["about/index.html"].soup.find(id="corrections").parent)
    for a in plan["actions"]:
        for c in a["corrections"]:
            assert c["replace"] in body, f"{a['id']}: {c['replace']!r} missing from the About page"


def test_sitemap_and_robots(built_site: Path, site: Site):
    sitemap = (built_site / "sitemap.xml").read_text(encoding="utf-8")
    locs = set(re.findall(r"<loc>(.*?)</loc>", sitemap))
    for page in site.of_type("action")[:5] + [site.by_rel["index.html"]]:
        assert any(loc.endswith("/" + page.url) for loc in locs), page.url
    assert not any("404.html" in loc for loc in locs)
    assert "User-agent: *" in (built_site / "robots.txt").read_text(encoding="utf-8")


def test_the_sitemaps_dates_are_formatted_once_each_as_pelican_sitemap_formats_them():
    from datetime import UTC, datetime, timedelta, timezone

    from pelican.plugins.sitemap.sitemap import format_date
    from pelican.utils import SafeDatetime

    remembered = url_manifest._same_format(format_date)
    assert url_manifest._same_format(remembered) is remembered  # a second build keeps one layer
    # Equal instants in other zones, and a day without a zone, each written as pelican-sitemap writes it.
    utc = datetime(2026, 12, 7, 12, tzinfo=UTC)
    days = [utc, utc.astimezone(timezone(timedelta(hours=1))), datetime(2026, 12, 7, 12),
            SafeDatetime(2025, 12, 1, tzinfo=UTC), utc]
    assert [remembered(d) for d in days] == [format_date(d) for d in days]
    assert len({remembered(d) for d in days}) == 4


# --- url_manifest -----------------------------------------------------------------------------------


def test_manifest_lists_exactly_the_published_urls(built_site: Path, repo_root: Path, settings: dict):
    manifest = repo_root / "urls.txt"
    if not manifest.exists():
        pytest.fail("urls.txt is missing: create it with URL_MANIFEST_UPDATE=1 pelican content")
    built = url_manifest.published_urls(str(built_site), url_manifest.DEFAULT_INCLUDE)
    listed = set(url_manifest.read_manifest(str(manifest)))
    new = sorted(built - listed)
    assert not new, f"published URLs missing from urls.txt (run URL_MANIFEST_UPDATE=1 pelican content): {new[:20]}"


class FakePelican:
    def __init__(self, output: Path, manifest: Path, redirects: dict[str, str] | None = None):
        self.output_path = str(output)
        self.settings = {"SITEURL": "", "URL_MANIFEST": str(manifest), "REDIRECTS": redirects or {}}


def fake_site(tmp_path: Path) -> tuple[Path, Path]:
    out = tmp_path / "output"
    for rel in ("index.html", "actions/1a/index.html", "actions/1b/index.html", "theme/css/site.css"):
        (out / rel).parent.mkdir(parents=True, exist_ok=True)
        (out / rel).write_text("<!DOCTYPE html>", encoding="utf-8")
    manifest = tmp_path / "urls.txt"
    manifest.write_text("/\nactions/1a/\nactions/1b/\nactions/1c/\n", encoding="utf-8")
    return out, manifest


def test_manifest_fails_the_build_when_a_url_disappears(tmp_path: Path):
    out, manifest = fake_site(tmp_path)
    with pytest.raises(url_manifest.UrlManifestError) as error:
        url_manifest.check(FakePelican(out, manifest))
    message = str(error.value)
    assert "\n" not in message and "actions/1c/" in message and "REDIRECTS" in message


def test_a_declared_redirect_keeps_the_url_alive(tmp_path: Path):
    out, manifest = fake_site(tmp_path)
    url_manifest.check(FakePelican(out, manifest, {"actions/1c/": "actions/1b/"}))
    page = (out / "actions" / "1c" / "index.html").read_text(encoding="utf-8")
    assert 'http-equiv="refresh" content="0; url=/actions/1b/"' in page
    assert '<link rel="canonical" href="/actions/1b/">' in page


def test_the_writers_record_finds_what_a_walk_of_the_output_finds(tmp_path: Path):
    """In a build, url_manifest lists what Pelican's writer wrote plus the files in each pattern's
    own folder, instead of opening every folder of the site; both ways give the same URLs."""
    out, _ = fake_site(tmp_path)
    for rel in ("actions/1a.json", "data/actions.csv", "robots.txt", "search/store.json"):
        (out / rel).parent.mkdir(parents=True, exist_ok=True)
        (out / rel).write_text("x", encoding="utf-8")
    written = {str(out / "index.html"), str(out / "actions/1a/index.html"), str(out / "actions/1b/index.html")}
    walked = url_manifest.published_urls(str(out), url_manifest.DEFAULT_INCLUDE)
    recorded = url_manifest.published_urls(str(out), url_manifest.DEFAULT_INCLUDE, written)
    expected = {"/", "actions/1a/", "actions/1b/", "actions/1a.json", "data/actions.csv", "robots.txt"}
    assert recorded == walked == expected
    # A page the writer did not write, deep in the site, is not taken on trust: the check then
    # fails loudly (the URL is missing) rather than passing without it.
    assert "actions/1b/" not in url_manifest.published_urls(str(out), url_manifest.DEFAULT_INCLUDE, written - {
        str(out / "actions/1b/index.html")})


def test_a_redirect_to_nowhere_is_an_error(tmp_path: Path):
    out, manifest = fake_site(tmp_path)
    with pytest.raises(url_manifest.UrlManifestError, match="does not publish"):
        url_manifest.check(FakePelican(out, manifest, {"actions/1c/": "actions/9z/"}))
