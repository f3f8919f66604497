"""Print (issue 23, item 7): an action page prints with the plan's words beside each fact expanded,
its citation and address, and without the help strip, the Exit button or the menu; measured in
chromium with print media, with and without JavaScript (the words open by CSS alone)."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("js", [True, False], ids=["js", "no-js"])
@pytest.mark.parametrize("action", ["12e", "2c"])
def test_an_action_prints_with_the_plans_words_and_without_help_exit_or_menu(contexts, site_server, js, action):
    with contexts.page(viewport={"width": 800, "height": 1000}, java_script_enabled=js) as page:
        page.goto(site_server + f"actions/{action}/", wait_until="load")
        quotes = page.locator("details.evidence .evidence__quote")
        assert quotes.count() >= 1
        assert not quotes.first.is_visible(), "on screen the plan's words start folded"
        page.emulate_media(media="print")
        hidden = [q for q in range(quotes.count()) if not quotes.nth(q).is_visible()]
        assert not hidden, f"{len(hidden)} of {quotes.count()} of the plan's words stay folded in print"
        for selector in ("aside.help", ".exit-this-page", ".menu", ".glance__more"):
            loc = page.locator(selector)
            assert loc.count() == 0 or not loc.first.is_visible(), f"{selector} is printed"
        assert page.locator("#action-citation").is_visible()
        main = page.locator("main").inner_text()
        assert f"actions/{action}/" in main and "Open Government Licence" in page.locator("body").inner_text()
        assert page.pdf(format="A4").startswith(b"%PDF")
