"""Search filters on the progress record's status and schedule, in Debian's chromium."""

from __future__ import annotations

import datetime
import json
import urllib.parse

import pytest
from helpers.browser import kept_tab
from helpers.search import wait_for_status

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.fixture(scope="module")
def search_tab(contexts):
    """One tab kept for the search tests (helpers.browser.kept_tab; a new tab is about 1 CPU s): the clock
    tests below take contexts of their own."""
    with kept_tab(contexts, accept_downloads=True) as fresh:
        yield fresh


@pytest.mark.parametrize(("name", "value"), [("schedule", "due"), ("progress", "in-progress")])
def test_search_filters_by_progress_and_schedule(search_tab, site_server, built_site, name, value):
    page = search_tab()
    model = json.loads((built_site / "data" / "actions.json").read_text(encoding="utf-8"))
    key = {"schedule": "schedule", "progress": "status"}[name]
    wanted = {a["id"] for a in model["actions"] if a["progress"][key] == value}
    # A word from a matching action's title, so the search finds it and the filter has work to do.
    first = next(a for a in model["actions"] if a["id"] in wanted)
    word = max(first["title"].split(), key=len).strip(".,;:()")
    page.goto(site_server + "search/?" + urllib.parse.urlencode({"q": word, name: value}))
    wait_for_status(page)
    found = page.eval_on_selector_all("#search-results .search-result__id", "els => els.map(e => e.textContent)")
    assert found and set(found) <= wanted
    assert page.input_value(f"#search-{name}") == value
    label = page.eval_on_selector(f"#search-{name}", "s => s.options[s.selectedIndex].textContent")
    assert label.startswith({"due": "Deadline not yet reached", "in-progress": "Progress recorded"}[value])
    assert not page.problems


@pytest.fixture(scope="module")
def clock_tab(contexts):
    """One tab for the tests that set the reader's clock, in a context of its own (the clock stays installed
    in its context, which closes with the module): each test sets its own time (set_fixed_time again)
    before it loads a page. One context and tab for the four, not one each (about 1 CPU s a context)."""
    with kept_tab(contexts, own=True) as fresh:
        yield fresh


@pytest.mark.parametrize("shown", [False, True])
def test_a_deadline_passed_by_the_readers_date_is_noted_in_the_browser(clock_tab, site_server, built_site, shown):
    """A deadline due soon on the record's review date: on its last day the reader sees nothing more;
    from the next day, by the reader's own clock, the reader is told it has passed."""
    model = json.loads((built_site / "data" / "actions.json").read_text(encoding="utf-8"))
    action = next(a for a in model["actions"] if a["progress"]["due_soon"])
    ends = action["progress"]["deadline"]["ends"]
    today = datetime.date.fromisoformat(ends) + datetime.timedelta(days=1 if shown else 0)
    page = clock_tab()
    page.clock.set_fixed_time(f"{today.isoformat()}T12:00:00")
    for path in (f"actions/{action['id']}/", "progress/"):
        page.goto(site_server + path)
        note = page.locator(f".js-date-passed[data-ends='{ends}']").first
        note.wait_for(state="attached")
        page.wait_for_load_state("load")
        assert note.is_visible() is shown, path
    assert not page.problems


@pytest.mark.parametrize(("days", "shown"), [(14, False), (15, True)])
def test_a_page_built_long_ago_says_so_against_the_readers_clock(clock_tab, site_server, built_site, days, shown):
    """Every page reads its dates as of the build; more than a fortnight later by the reader's own
    clock, its footer says both dates (site.js; without it the footer still gives the as-of date)."""
    model = json.loads((built_site / "data" / "actions.json").read_text(encoding="utf-8"))
    as_of = datetime.date.fromisoformat(model["progress"]["as_of"])
    today = as_of + datetime.timedelta(days=days)
    page = clock_tab()
    page.clock.set_fixed_time(f"{today.isoformat()}T12:00:00")
    for path in ("", "actions/12e/", "timeline/"):
        page.goto(site_server + path)
        page.wait_for_load_state("load")
        note = page.locator(".js-as-of-today")
        assert note.is_visible() is shown, path
        if shown:
            assert note.text_content().strip() == (
                f"These dates were read as of {as_of.day} {as_of:%B %Y}; today is {today.day} {today:%B %Y}."
            )
    assert not page.problems
