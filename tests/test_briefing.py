"""The briefing pack (issue 23, item 8): any filtered list, or actions ticked by hand, opens as one
printable page with each action's words, standing, dates, money, who delivers it, progress with
sources, citation and permanent link and the dates its facts were read; the same page downloads as
an HTML file; nothing is requested from outside the site. Measured in chromium on the built site."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def plan(built_site: Path) -> dict:
    return json.loads((built_site / "data" / "actions.json").read_text(encoding="utf-8"))


def pack_ids(page) -> list[str]:
    page.wait_for_selector("#briefing-tools:not([hidden])")
    return [i.get_attribute("id").removeprefix("action-") for i in page.locator(".briefing__item").all()]


def test_a_filtered_list_opens_as_a_briefing_pack_with_every_fact(page, site_server, plan):
    page.goto(site_server + "actions/?deadline=2026&deadline=2027&pillar=2")
    shown = page.eval_on_selector_all(
        "#action-groups .action-list__item .action-id", "els => els.filter(e => e.offsetParent).map(e => e.textContent)"
    )
    assert shown
    link = page.locator("#action-filters-briefing-link")
    assert link.inner_text() == f"Open these {len(shown)} actions as a briefing pack"
    link.click()
    assert pack_ids(page) == shown
    by_id = {a["id"]: a for a in plan["actions"]}
    header = page.inner_text(".briefing__header")
    assert "UK Government action plan of December 2025" in header
    assert "Facts as this site read them on" in header and "progress recorded up to" in header
    for action_id in shown:
        a, text = by_id[action_id], page.inner_text(f"#action-{action_id}")
        assert text.startswith(f"Action {action_id}: {a['title']}")
        for key in ("Standing when the plan was published", "Dates", "Money", "Who delivers it",
                    "Progress since publication", "The plan's words", "Cite:", "Permanent link:"):
            assert key in text, (action_id, key)
        assert " ".join(a["paragraphs"][0].split())[:60] in " ".join(text.split())
        assert site_server + f"actions/{action_id}/" in text
        for d in a["facts"]["deadlines"]:
            assert d["text"] in text
    with page.expect_download() as download:
        page.click("#briefing-download")
    html = Path(download.value.path()).read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>") and html.count('class="briefing__item"') == len(shown)
    page.emulate_media(media="print")
    assert page.is_hidden("#briefing-tools") and page.is_hidden("aside.help")
    assert all(url.startswith(site_server) or url.startswith("blob:") for url in page.requests), page.requests
    assert not page.problems


def test_actions_ticked_by_hand_make_the_pack(page, site_server):
    page.goto(site_server + "actions/")
    page.check("#action-groups li:has(.action-id:text-is('13c')) .action-tick__box")
    page.check("#action-groups li:has(.action-id:text-is('2f')) .action-tick__box")
    link = page.locator("#action-filters-briefing-link")
    assert link.inner_text() == "Open the 2 ticked actions as a briefing pack"
    link.click()
    assert pack_ids(page) == ["2f", "13c"]  # in the plan's order
    assert "(heading ours: the plan's opening words are missing)" in page.inner_text("#action-13c h2")
    assert not page.problems


def test_a_pre_rendered_filter_page_links_its_pack_without_javascript(contexts, site_server, plan):
    with contexts.page(java_script_enabled=False) as tab:
        tab.goto(site_server + "actions/topic/stalking/")
        href = tab.get_attribute("#action-filters-briefing-link", "href")
        ids = href.split("?ids=")[1].split(",")
        stalking = [a["id"] for a in plan["actions"] if "stalking" in a["facts"]["topics"]]
        assert ids == stalking
        tab.goto(site_server + "briefing/")
        assert tab.is_visible("#briefing-needs-js"), "without JavaScript the page says what it needs"
