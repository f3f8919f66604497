"""Phone first (issue 14), measured in chromium at 375 x 667 and 320 px: what the first screen shows,
the one-row header and its menu with and without JavaScript, the parent-only breadcrumbs, the Get
help panel with its tel: links, and no sideways scrolling on the pages this work added or changed."""

from __future__ import annotations

import re

import pytest
from helpers.browser import kept_tabs
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

PHONE = {"width": 375, "height": 667}
SMALL = {"width": 320, "height": 568}
WIDE = {"width": 1280, "height": 900}

EDGE = "([sel, edge]) => { const e = document.querySelector(sel); return e ? e.getBoundingClientRect()[edge] : null; }"
SIDEWAYS = "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"


@pytest.fixture(scope="module")
def tab(contexts):
    """A page factory: tab(viewport, js=True) gives the module's tab with or without JavaScript (one kept
    for each: helpers.browser.kept_tabs, which readies it for the test at about:blank, its emulated media
    and granted permissions undone), resized to the viewport before the test loads its page. A new tab
    costs about 0.4 CPU seconds (its renderer process), a new context as much again: one context for
    each size, as the viewport was given before, made five; the site's CSS and scripts read the
    viewport alone (no device-width query, no `screen`), which set_viewport_size sets as a context's
    viewport option does. No request leaves the site: chromium resolves no other host (conftest's
    --host-resolver-rules)."""
    with kept_tabs(contexts, lambda page: page.set_default_timeout(20_000)) as kept:

        def sized(viewport, js=True):
            page = kept(java_script_enabled=js)
            page.set_viewport_size(viewport)
            return page

        yield sized


@pytest.mark.parametrize("viewport", [PHONE, SMALL], ids=["375", "320"])
def test_an_actions_heading_and_first_words_are_on_the_first_screen(tab, site_server, viewport):
    page = tab(viewport)
    page.goto(site_server + "actions/12e/", wait_until="load")
    heading = page.evaluate(EDGE, ["h1", "bottom"])
    first_words = page.evaluate(EDGE, [".action__text", "top"])
    assert heading is not None and heading < viewport["height"] * 0.6, f"the heading ends at {heading} px"
    # The first line of the action's own text starts with room for two lines below it.
    assert first_words is not None and first_words + 48 < viewport["height"], (
        f"the action's text starts at {first_words} px"
    )


@pytest.mark.parametrize("viewport", [PHONE, SMALL], ids=["375", "320"])
@pytest.mark.parametrize("action", ["12e", "1a", "21c"])
def test_the_action_at_a_glance_and_help_are_on_the_first_screen(tab, site_server, viewport, action):
    """Issue 23, item 2: a stranger from a shared link sees whose plan this is, the action's standing,
    deadline, money and who delivers it, and help, without scrolling."""
    page = tab(viewport)
    page.goto(site_server + f"actions/{action}/", wait_until="load")
    glance = page.locator(".glance")
    assert glance.is_visible()
    assert page.evaluate(EDGE, [".glance", "bottom"]) <= viewport["height"], "the summary runs off the first screen"
    assert page.evaluate(EDGE, ["h1", "bottom"]) <= page.evaluate(EDGE, [".glance", "top"])
    assert "UK Government action plan, December 2025" in glance.inner_text()
    keys = [k.strip() for k in page.locator(".glance__key").all_inner_texts()]
    assert keys == ["Standing", "Deadline", "Money", "Who delivers"]
    assert page.evaluate(EDGE, ["aside.help", "bottom"]) < viewport["height"] / 2
    assert page.get_by_role("complementary", name="Get help").locator("a[href='tel:999']").is_visible()


@pytest.mark.parametrize("viewport", [PHONE, SMALL], ids=["375", "320"])
def test_the_header_is_one_row_and_small(tab, site_server, viewport):
    page = tab(viewport)
    page.goto(site_server + "actions/12e/", wait_until="load")
    header = page.evaluate("() => document.querySelector('.header').getBoundingClientRect().height")
    name = page.evaluate("() => document.querySelector('.header__name').getBoundingClientRect()")
    toggle = page.evaluate("() => document.querySelector('.menu__toggle').getBoundingClientRect()")
    assert header <= 64, f"the header is {header} px high"
    assert abs((name["top"] + name["bottom"]) / 2 - (toggle["top"] + toggle["bottom"]) / 2) < 12, (
        "name and Menu not on one row"
    )
    assert toggle["height"] >= 44 and toggle["width"] >= 44, "the Menu button is smaller than a 44 px target"
    everything_above_the_page = page.evaluate(EDGE, [".breadcrumbs", "top"])
    assert everything_above_the_page < 220, f"exit button, header and help take {everything_above_the_page} px"


@pytest.mark.parametrize("js", [True, False], ids=["js", "no-js"])
def test_the_menu_opens_and_reaches_every_section(tab, site_server, js):
    page = tab(PHONE, js=js)
    page.goto(site_server + "actions/12e/", wait_until="load")
    nav = page.get_by_role("navigation", name="Main")
    assert not nav.is_visible(), "the menu starts open on a phone"
    page.get_by_text("Menu", exact=True).click()
    assert nav.is_visible()
    links = nav.get_by_role("link")
    assert links.count() >= 6
    assert page.get_by_role("search", name="Site search").is_visible()
    assert page.evaluate(SIDEWAYS) <= 0


def test_the_menu_is_always_open_on_wide_screens_without_javascript(tab, site_server):
    page = tab(WIDE, js=False)
    page.goto(site_server + "actions/12e/", wait_until="load")
    assert page.get_by_role("navigation", name="Main").is_visible()
    assert not page.locator(".menu__toggle").is_visible()
    page.keyboard.press("Tab")  # skip link
    page.keyboard.press("Tab")  # exit this page
    page.keyboard.press("Tab")  # the site's name
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.id") == "header-search", "Tab does not reach the header search"


def test_breadcrumbs_collapse_to_the_parent_on_a_phone(tab, site_server):
    page = tab(PHONE)
    page.goto(site_server + "actions/12e/", wait_until="load")
    visible = [t.strip() for t in page.locator(".breadcrumbs__item:visible").all_inner_texts()]
    assert visible == ["Commitment 12"]
    height = page.evaluate("() => document.querySelector('.breadcrumbs').getBoundingClientRect().height")
    assert height < 48, f"the breadcrumbs take {height} px"
    wide = tab(WIDE)
    wide.goto(site_server + "actions/12e/", wait_until="load")
    assert wide.locator(".breadcrumbs__item:visible").count() == 4


@pytest.mark.parametrize(
    "path", ["", "actions/12e/", "topics/spiking/", "search/?q=stalking", "actions/", "plan/", "money/", "404.html"]
)
@pytest.mark.parametrize("viewport", [PHONE, SMALL], ids=["375", "320"])
def test_help_is_on_the_first_screen_with_tel_links(tab, site_server, path, viewport):
    page = tab(viewport)
    page.goto(site_server + path, wait_until="load")
    at = f"/{path} at {viewport['width']} px"
    help_panel = page.get_by_role("complementary", name="Get help")
    assert help_panel.is_visible(), f"{at}: no Get help panel shown"
    bottom = page.evaluate(EDGE, ["aside.help", "bottom"])
    assert bottom < 260, f"{at}: the help panel ends at {bottom} px"
    tel = help_panel.locator("a[href='tel:999']")
    assert tel.is_visible(), f"{at}: no tel:999 link shown in the help panel"
    box = tel.bounding_box()
    assert box["height"] >= 20, f"{at}: the 999 link is too small to tap"
    assert page.evaluate(SIDEWAYS) <= 0, f"{at}: the page scrolls sideways"


@pytest.mark.parametrize("viewport", [PHONE, SMALL], ids=["375", "320"])
def test_the_safety_page_puts_the_helplines_first(tab, site_server, viewport):
    page = tab(viewport)
    page.goto(site_server + "safety/", wait_until="load")
    assert page.evaluate(EDGE, ["#helplines", "top"]) < viewport["height"] / 2
    call = page.get_by_role("link", name="Call 999")
    assert call.is_visible() and call.get_attribute("href") == "tel:999"
    assert page.locator("#helplines a[href^='tel:']").count() >= 6
    assert page.evaluate(SIDEWAYS) <= 0


@pytest.mark.parametrize("viewport", [PHONE, SMALL], ids=["375", "320"])
def test_the_whole_plan_opens_at_an_action_and_a_sub_item(tab, site_server, viewport):
    page = tab(viewport)
    page.emulate_media(reduced_motion="reduce")
    page.goto(site_server + "plan/#12e", wait_until="load")
    top = page.evaluate(EDGE, ["#\\31 2e", "top"])
    assert 0 <= top < viewport["height"] / 2, f"#12e is at {top} px"
    exit_bottom = page.evaluate(EDGE, [".exit-this-page", "bottom"])
    assert top >= exit_bottom, "the sticky Exit this page strip hides the action's heading"
    page.goto(site_server + "plan/#12e-iii", wait_until="load")
    assert 0 <= page.evaluate(EDGE, ["#\\31 2e-iii", "top"]) < viewport["height"]
    assert page.evaluate(SIDEWAYS) <= 0


def test_a_link_to_any_sub_item_is_copied_from_one_control_not_six_buttons(tab, site_server):
    """Issue 23, item 10: six "Copy link" buttons interrupted 12e's list for a screen reader; one
    control in the share block copies the link to the sub-item chosen."""
    page = tab(PHONE)
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.goto(site_server + "actions/12e/", wait_until="load")
    items = page.locator(".action__subitems > li[id]")
    assert items.count() == 6
    assert page.locator(".action__subitems button").count() == 0, "buttons inside the action's list"
    choose = page.get_by_label("Link to a sub-item")
    assert choose.locator("option").all_inner_texts() == ["i", "ii", "iii", "iv", "v", "vi"]
    choose.select_option("12e-iii")
    page.get_by_role("button", name="Copy link to sub-item").click()
    # The status is written once the clipboard's promise settles: wait for it rather than read at once.
    expect(page.locator(".share__status")).to_have_text(re.compile(r"^Link to sub-item iii copied\.$|#12e-iii$"))
    no_js = tab(PHONE, js=False)
    no_js.goto(site_server + "actions/12e/", wait_until="load")
    assert no_js.locator(".share__subitem").count() == 0, "a control that cannot work without JavaScript"


def test_share_or_cite_is_on_the_first_screen_and_leads_to_the_block(tab, site_server):
    page = tab(PHONE)
    page.emulate_media(reduced_motion="reduce")
    page.goto(site_server + "actions/12e/", wait_until="load")
    jump = page.get_by_role("link", name="Share or cite this action")
    assert jump.bounding_box()["y"] + 24 < PHONE["height"]
    jump.click()
    top = page.evaluate(EDGE, ["#share-title", "top"])
    assert 0 <= top < PHONE["height"] / 2
