"""What a screen reader is given on an action page (issue 23, item 10), read from chromium's
accessibility tree rather than the markup: the heading's accessible name leads with the action's
number and title ("Action 12e: Take robust action to tackle spiking"), with no separator or
breadcrumb arrow spoken in it or in the breadcrumbs; and the action's list of sub-items is a plain
list, not interleaved with one "Copy link" button per item (the one sub-item link control sits in
"Share or cite this action")."""

from __future__ import annotations

import json
import re

import pytest
from helpers.browser import kept, kept_page  # noqa: F401 - fixtures: the module's tests share one tab

pytestmark = pytest.mark.browser


# Two plain headings, the longest commitment's list, and two headings of ours (plan/headings.toml).
ACTIONS = ["1a", "12e", "2c", "21c", "34h"]
SEPARATORS = "·›‹→|»"


@pytest.fixture(scope="module")
def actions(site) -> dict:
    plan = json.loads((site.root / "data" / "actions.json").read_text(encoding="utf-8"))
    return {a["id"]: a for a in plan["actions"]}


def spoken_name(page, selector: str) -> str:
    """The accessible name chromium computes for the first element matching `selector`."""
    cdp = page.context.new_cdp_session(page)
    try:
        root = cdp.send("DOM.getDocument")["root"]["nodeId"]
        node = cdp.send("DOM.querySelector", {"nodeId": root, "selector": selector})["nodeId"]
        tree = cdp.send("Accessibility.getPartialAXTree", {"nodeId": node, "fetchRelatives": False})["nodes"]
    finally:
        cdp.detach()
    return tree[0]["name"]["value"]


@pytest.mark.parametrize("action_id", ACTIONS)
def test_the_heading_is_spoken_number_then_title_without_separators(action_id, page, site_server, actions):
    action = actions[action_id]
    page.goto(f"{site_server}actions/{action_id}/", wait_until="load")
    name = spoken_name(page, "h1")
    title = " ".join(action["title"].split())
    assert name == f"Action {action_id}: {title}", name
    if action.get("heading_ours"):  # ours comes first, said to be ours, then nothing of the lost words
        assert name.startswith(f"Action {action_id}: {action['heading_ours']['heading']} (heading ours"), name
    crumbs = page.locator("nav.breadcrumbs").aria_snapshot()
    pillar = f"Pillar {action['pillar']}:"
    assert pillar in crumbs and pillar not in name  # the context is in the breadcrumbs, not the heading
    for where, spoken in (("heading", name), ("breadcrumbs", crumbs)):
        said = [c for c in SEPARATORS if c in spoken]
        assert not said, f"{action_id}: the {where} speaks {said}: {spoken}"


def test_the_sub_items_are_a_list_without_buttons_between_them(page, site_server, actions):
    action = actions["12e"]
    page.goto(f"{site_server}actions/12e/", wait_until="load")
    page.wait_for_selector("#share-subitem")  # site.js has drawn the sub-item link control
    tree = page.locator(".action__text .action__subitems").aria_snapshot()
    children = [line for line in tree.splitlines() if re.match(r"^  - ", line)]
    assert tree.startswith("- list"), tree
    assert len(children) == len(action["subitems"]) == 6, tree
    assert all(line.startswith("  - listitem") for line in children), tree
    assert "button" not in tree, tree
    copy = page.get_by_role("button", name=re.compile(r"^Copy link"))
    # The page's own, and one for whichever sub-item is chosen.
    assert copy.count() == 2, [copy.nth(i).inner_text() for i in range(copy.count())]
    share = page.get_by_role("region", name="Share or cite this action")
    assert share.get_by_role("button", name="Copy link to sub-item").count() == 1
    options = share.get_by_role("combobox", name=re.compile("sub-item")).locator("option")
    assert options.count() == len(action["subitems"])
