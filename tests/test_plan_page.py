"""The whole plan on one page (plan/): every pillar, commitment and action in the printed order with
the anchors the rest of the site uses, each action's text exactly as on its own page, and a weight a
phone can carry."""

from __future__ import annotations

import gzip
import json
import re

import pytest

REL = "plan/index.html"
MAX_GZIP_BYTES = 80_000  # measured 52 KB: the whole text of 259 actions with their links


@pytest.fixture(scope="module")
def plan(built_site):
    return json.loads((built_site / "data" / "actions.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def soup(site):
    return site.by_rel[REL].soup


def test_every_action_has_its_anchor_in_plan_order(soup, plan):
    headings = soup.select("main h5[id]")
    assert [h["id"] for h in headings] == [a["id"] for a in plan["actions"]]
    for h, a in zip(headings, plan["actions"], strict=True):
        assert h.get_text(" ", strip=True) == f"{a['id']} {a['title']}"


def test_every_commitment_and_pillar_has_its_anchor_and_a_contents_link(soup, plan):
    contents = {a["href"] for a in soup.select("nav.plan-doc__contents a")}
    for c in plan["commitments"]:
        assert soup.find(id=f"commitment-{c['number']}") is not None
        assert f"#commitment-{c['number']}" in contents
    for p in plan["pillars"]:
        assert soup.find(id=f"pillar-{p['number']}") is not None
        assert f"#pillar-{p['number']}" in contents


def test_the_action_text_is_the_action_pages_text(site, soup, plan):
    for a in plan["actions"][::37] + [x for x in plan["actions"] if x["id"] == "12e"]:
        page = site.by_rel[f"actions/{a['id']}/index.html"].soup.select_one(".action__text")
        here = soup.find(id=a["id"]).find_parent("section").select_one(".plan-doc__text")
        assert here.get_text(" ", strip=True) == page.get_text(" ", strip=True), a["id"]


def test_sub_item_anchors_are_kept(soup, plan):
    with_subitems = [a for a in plan["actions"] if a["subitems"]]
    assert with_subitems
    for a in with_subitems:
        for n in range(1, len(a["subitems"]) + 1):
            roman = ["i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x", "xi", "xii"][n - 1]
            assert soup.find(id=f"{a['id']}-{roman}") is not None, f"{a['id']}-{roman}"


def test_no_id_is_used_twice(site):
    html = site.by_rel[REL].path.read_text(encoding="utf-8")
    ids = re.findall(r'\sid="([^"]+)"', html)
    assert len(ids) == len(set(ids)), sorted({i for i in ids if ids.count(i) > 1})[:10]


def test_the_page_is_light_enough_for_a_phone(site):
    size = len(gzip.compress(site.by_rel[REL].path.read_bytes(), 9))
    assert size < MAX_GZIP_BYTES, f"plan/ is {size} bytes gzip"


def test_every_page_links_to_it_from_the_menu(site):
    for rel in ("index.html", "actions/12e/index.html", "about/index.html"):
        links = [a["href"] for a in site.by_rel[rel].soup.select("nav[aria-label='Main'] a")]
        assert any(h.endswith("/plan/") for h in links), rel


def test_the_contents_name_each_commitment_with_its_printed_page(soup, plan):
    """Issue 23, item 6: not "Commitment 1 … 34" alone, but each one's words and the page of the
    printed plan it starts on, and each pillar's page."""
    nav = soup.select_one("nav#contents")
    by_id = {a["id"]: a for a in plan["actions"]}
    for c in plan["commitments"]:
        link = nav.select_one(f"a[href='#commitment-{c['number']}']")
        words = " ".join(link.get_text(" ", strip=True).split())
        assert words.startswith(f"Commitment {c['number']}") and c["lead_in"][:25] in words, words
        page = link.find_next_sibling("span", class_="contents__page")
        assert page is not None and page.get_text() == f"page {by_id[c['actions'][0]]['pages'][0]}"
    for p in plan["pillars"]:
        page = nav.select_one(f"a[href='#pillar-{p['number']}']").find_next_sibling("span", class_="contents__page")
        assert page.get_text() == f"page {p['pages'][0]}"


def test_every_commitment_leads_back_to_the_contents(soup, plan):
    backs = soup.select(".plan-doc__back a[href='#contents']")
    assert len(backs) == len(plan["commitments"])


@pytest.mark.browser
def test_on_wide_screens_the_contents_stay_beside_the_text(contexts, site_server):
    with contexts.page(viewport={"width": 1280, "height": 800}) as page:
        page.goto(site_server + "plan/#21c", wait_until="load")
        nav = page.locator("nav#contents").bounding_box()
        text = page.locator("[id='21c']").bounding_box()
        assert nav["x"] + nav["width"] <= text["x"], "the contents are not beside the text"
        assert nav["y"] < 800 and nav["y"] + nav["height"] > 0, "the contents are out of view at an action"
