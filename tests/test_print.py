"""Print (issue 23, item 7): an action page prints with the plan's words beside each fact expanded,
its citation and address, and without the help strip, the Exit button or the menu; measured in
chromium with print media, with and without JavaScript (the words open by CSS alone)."""

from __future__ import annotations

import pytest
from helpers.browser import kept_tabs

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def tab(contexts):
    """tab(js) -> the module's tab at 800 x 1000 with JavaScript on or off (one kept for each:
    helpers.browser.kept_tabs), readied for the test: on screen media again, at about:blank."""
    with kept_tabs(contexts) as kept:
        yield lambda js: kept(viewport={"width": 800, "height": 1000}, java_script_enabled=js)


@pytest.mark.parametrize("js", [True, False], ids=["js", "no-js"])
@pytest.mark.parametrize("action", ["12e", "2c"])
def test_an_action_prints_with_the_plans_words_and_without_help_exit_or_menu(tab, site_server, js, action):
    page = tab(js)
    page.goto(site_server + f"actions/{action}/", wait_until="load")
    quotes = page.locator("details.evidence .evidence__quote")
    at = f"actions/{action}/ ({'JavaScript on' if js else 'no JavaScript'})"
    assert quotes.count() >= 1, f"{at}: none of the plan's words beside the facts"
    assert not quotes.first.is_visible(), f"{at}: on screen the plan's words do not start folded"
    page.emulate_media(media="print")
    hidden = [q for q in range(quotes.count()) if not quotes.nth(q).is_visible()]
    assert not hidden, f"{at}: {len(hidden)} of {quotes.count()} of the plan's words stay folded in print"
    for selector in ("aside.help", ".exit-this-page", ".menu", ".glance__more"):
        loc = page.locator(selector)
        assert loc.count() == 0 or not loc.first.is_visible(), f"{at}: {selector} is printed"
    assert page.locator("#action-citation").is_visible(), f"{at}: the citation is not printed"
    main = page.locator("main").inner_text()
    assert f"actions/{action}/" in main, f"{at}: the printed page does not show its address"
    assert "Open Government Licence" in page.locator("body").inner_text(), f"{at}: no licence printed"
    assert page.pdf(format="A4").startswith(b"%PDF"), f"{at}: printing to PDF failed"
