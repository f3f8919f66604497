"""The search page in Debian's chromium: results, the announced count, filters, Back, action
numbers, keyboard use, hostile input, and a useful page without JavaScript."""

from __future__ import annotations

import json
import re
import urllib.parse

import pytest
from helpers.browser import kept_tab
from helpers.search import wait_for_status

pytestmark = [pytest.mark.browser, pytest.mark.slow]

HOSTILE = [
    "<img src=x onerror=alert(1)>",
    "title:",
    "*",
    "~",
    "x" * 10_000,
    "\"><script>alert(1)</script>",
    "constructor",
]


def search_url(base: str, query: str | None = None, **filters: str) -> str:
    params = {"q": query, **filters} if query is not None else filters
    return base + "search/" + ("?" + urllib.parse.urlencode(params) if params else "")


def result_ids(page) -> list[str]:
    return page.eval_on_selector_all("#search-results .search-result__id", "els => els.map(e => e.textContent)")


@pytest.fixture(scope="module")
def kept(contexts):
    """One tab for the module's tests (helpers.browser.kept_tab)."""
    with kept_tab(contexts, accept_downloads=True) as fresh:
        yield fresh


@pytest.fixture
def page(kept):
    """This module's `page` (in place of conftest's new tab): the kept tab, readied for the test
    (helpers.browser.kept_tab: at about:blank, its history reset, its routes removed, its record of
    problems and requests emptied; the server's no-store makes each load fetch what it needs again, so
    the tests of what a first load fetches, or of a file that fails to load, take it too). Each test
    loads the search page itself."""
    return kept()


def test_results_show_with_the_count_announced(page, site_server):
    page.goto(search_url(site_server, "spiking"))
    status = wait_for_status(page)
    assert status.startswith(f"{len(result_ids(page))} results for “spiking”")
    assert page.get_attribute("#search-status", "role") == "status"
    assert page.get_attribute("#search-status", "aria-live") == "polite"
    assert result_ids(page)[0] == "12e"
    first = page.locator("#search-results > li").first
    assert first.locator("h2 a").get_attribute("href").endswith("actions/12e/")
    assert "Pillar 2" in first.inner_text()
    page.wait_for_selector("#search-results > li:first-child mark")
    assert page.inner_text("#search-results > li:first-child mark").lower() == "spiking"
    assert page.is_hidden("#search-nojs")
    assert not page.problems


def test_no_results_is_announced(page, site_server):
    page.goto(search_url(site_server, "zzzqqq"))
    assert wait_for_status(page) == "No results for “zzzqqq”"
    assert result_ids(page) == []
    assert not page.problems


def test_keyboard_only_search_back_and_forward(page, site_server):
    page.goto(search_url(site_server))
    page.keyboard.press("Tab")  # skip link, then on through the page by keyboard alone
    for _ in range(30):
        if page.evaluate("document.activeElement.id") == "search-input":
            break
        page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "search-input"
    page.keyboard.type("Clare's Law")
    page.keyboard.press("Enter")
    wait_for_status(page, "3 results")
    assert {"12a", "12b"} <= set(result_ids(page)[:3])
    assert "q=Clare%27s+Law" in page.url or "q=Clare's+Law" in page.url
    # On to the first result by keyboard.
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.classList.contains('search-result__link')"):
            break
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "/actions/12" in page.url
    page.go_back()
    wait_for_status(page, "3 results")
    assert page.input_value("#search-input") == "Clare's Law"
    assert not page.problems


def open_filters(page) -> None:
    """The filters are folded below the count; open them as a reader would."""
    if not page.eval_on_selector("#search-filters", "d => d.open"):
        page.click("#search-filters-summary")


def test_filters_narrow_results_keep_the_url_and_back_undoes_them(page, site_server):
    page.goto(search_url(site_server, "police"))
    before = wait_for_status(page)
    total = len(result_ids(page))
    assert total > 10, before
    open_filters(page)
    page.select_option("#search-pillar", "3")
    status = wait_for_status(page)
    assert "(filtered from" in status
    pillars = page.eval_on_selector_all(
        "#search-results .search-result__pillar", "els => els.map(e => e.textContent)"
    )
    assert pillars and all(p.startswith("Pillar 3:") for p in pillars)
    assert "pillar=3" in page.url
    assert page.inner_text("#search-filters-summary") == "Filter results (1 applied)"
    # The filtered list is shareable: loading its URL gives the same list.
    shared = page.context.new_page()
    shared.goto(page.url)
    wait_for_status(shared, status.split(" ")[0])
    assert len(result_ids(shared)) == len(pillars)
    shared.close()
    # A topic filter on top (a second filter, so a second entry), then Back twice returns to the
    # unfiltered list.
    topic = page.eval_on_selector("#search-topic", "s => s.options[1] && s.options[1].value")
    page.focus("#search-topic")
    page.select_option("#search-topic", topic)
    wait_for_status(page)
    assert f"topic={topic}" in page.url
    page.go_back()
    wait_for_status(page)
    page.go_back()
    wait_for_status(page)
    assert len(result_ids(page)) == total
    assert "pillar=" not in page.url
    assert not page.problems


def test_a_filter_changed_by_arrow_keys_leaves_one_history_entry(page, site_server):
    """Four arrow presses on a closed select are four changes; Back undoes them in one step."""
    page.goto(search_url(site_server, "police"))
    wait_for_status(page)
    entries = page.evaluate("history.length")
    open_filters(page)
    page.focus("#search-organisation")
    for _ in range(4):
        page.keyboard.press("ArrowDown")
    page.wait_for_function("() => new URLSearchParams(location.search).get('organisation')")
    wait_for_status(page)
    chosen = page.input_value("#search-organisation")
    assert chosen and f"organisation={chosen}" in page.url
    assert page.evaluate("history.length") == entries + 1
    page.keyboard.press("Tab")  # leaving the filter commits it
    assert page.evaluate("history.length") == entries + 1
    page.go_back()
    page.wait_for_function("() => !new URLSearchParams(location.search).get('organisation')")
    wait_for_status(page)
    assert page.input_value("#search-organisation") == ""
    assert not page.problems


@pytest.mark.parametrize("width, height", [(375, 667), (320, 568)])
def test_after_a_search_the_count_and_first_result_are_on_a_phones_first_screen(page, site_server, width, height):
    page.set_viewport_size({"width": width, "height": height})  # the CSS reads the viewport alone (test_phone.py)
    page.goto(search_url(site_server, "stalking"))
    wait_for_status(page)
    box = page.evaluate("""() => {
      const at = s => document.querySelector(s).getBoundingClientRect();
      return {count: at('#search-status').bottom, first: at('#search-results > li:first-child h2').bottom,
              filters: at('#search-filters').height};
    }""")
    assert box["count"] <= height, box
    assert box["first"] <= height, box
    assert box["filters"] < 60, box  # folded: one line


def test_a_typo_says_so_and_offers_the_closest_word(page, site_server):
    page.goto(search_url(site_server, "nudificaton"))
    status = wait_for_status(page)
    assert status.startswith("No action says “nudificaton”; 1 result with the closest word")
    assert result_ids(page)[0] == "1e"
    assert page.inner_text("#search-suggest") == "Did you mean nudification?"
    page.click("#search-suggest a")
    wait_for_status(page, "1 result for “nudification”")
    assert "q=nudification" in page.url and page.is_hidden("#search-suggest")
    page.go_back()
    wait_for_status(page, "No action says")
    assert not page.problems


@pytest.mark.parametrize("query", ["£", "money", "£499 million"])
def test_money_and_the_pound_sign_lead_to_the_money_page(page, site_server, query):
    page.goto(search_url(site_server, query))
    wait_for_status(page)
    assert page.is_visible("#search-pointer-money")
    with page.expect_navigation():
        page.click("#search-pointer-money a")
    assert page.url.endswith("/money/")
    assert not page.problems


def test_other_queries_do_not_point_to_the_money_page(page, site_server):
    page.goto(search_url(site_server, "stalking"))
    wait_for_status(page)
    assert page.is_hidden("#search-pointer-money")


def test_the_search_landmarks_are_labelled(page, site_server):
    page.goto(search_url(site_server))
    assert page.get_attribute("#search-form", "aria-label") == "Search the actions"
    labels = page.eval_on_selector_all(
        "[role=search], search",
        "els => els.map(e => e.getAttribute('aria-label') || e.getAttribute('aria-labelledby'))",
    )
    assert len(labels) == 2 and all(labels), labels  # the header's and the page's
    assert len(set(labels)) == len(labels), labels  # two landmarks that say the same are no help


@pytest.mark.parametrize("query", ["12e", "12 e", "action 12e"])
def test_an_action_number_goes_straight_to_the_action(page, site_server, query):
    page.goto(search_url(site_server, query))
    page.wait_for_url("**/actions/12e/")
    assert not page.problems


def test_a_sub_item_number_goes_to_the_sub_item(page, site_server):
    page.goto(search_url(site_server, "12e iii"))
    page.wait_for_url("**/actions/12e/#12e-iii")


@pytest.mark.parametrize("query", HOSTILE)
def test_hostile_input_is_safe(page, site_server, query):
    """The query arriving in the URL, as a shared link would bring it, and typed into the box after a
    search that found results: one load, the second search run by the page itself."""
    page.goto(search_url(site_server, query))
    status = wait_for_status(page)
    assert len(status) < 200, f"{query[:40]!r} in the URL: a long query is echoed whole: {status[:80]}…"
    assert page.evaluate("document.querySelectorAll('#search img, #search script:not([src])').length") == 0, (
        f"{query[:40]!r} in the URL: an element made of the query"
    )
    assert not page.problems, f"{query[:40]!r} in the URL: {page.problems}"
    page.fill("#search-input", "spiking")
    page.press("#search-input", "Enter")
    page.wait_for_function("() => / results? for “spiking”/.test(document.getElementById('search-status').textContent)")
    assert result_ids(page), "“spiking” typed after a hostile query finds nothing"
    page.fill("#search-input", query)
    page.press("#search-input", "Enter")
    status = wait_for_status(page)
    assert status.startswith(("No results for", "1 result for")) or " results for " in status, (
        f"{query[:40]!r} typed: the status says {status[:80]!r}"
    )
    assert len(status) < 200, f"{query[:40]!r} typed: a long query is echoed whole: {status[:80]}…"  # shown cut
    assert page.evaluate("document.querySelectorAll('#search img, #search script:not([src])').length") == 0, (
        f"{query[:40]!r} typed: an element made of the query"
    )
    assert page.evaluate("typeof window.alert") == "function" and not page.problems, (
        f"{query[:40]!r} typed: {page.problems}"
    )


def test_the_index_loads_only_when_search_is_used(page, site_server):
    """The two small heads are preloaded with the page (search.html), so that a slow connection
    does not wait for the scripts before fetching them; the shards wait for a search."""
    page.goto(site_server)
    page.goto(search_url(site_server))
    page.wait_for_load_state("networkidle")
    fetched = [u for u in page.requests if "/search/" in u and ".json" in u]
    assert sorted(u.split("?")[0].rsplit("/search/", 1)[1] for u in fetched) == ["index/head.json", "rows/head.json"]
    assert not [u for u in page.requests if "lunr-index" in u or "store.json" in u]
    page.focus("#search-input")
    page.wait_for_function("() => !!window.lunr")
    page.wait_for_load_state("networkidle")
    # search.js's fetch takes the preloaded responses: each head is downloaded once.
    assert len([u for u in page.requests if "search/index/head.json" in u]) == 1
    assert len([u for u in page.requests if "search/rows/head.json" in u]) == 1


def test_a_first_search_fetches_the_head_and_one_shard_not_the_whole_index(page, site_server):
    page.goto(search_url(site_server, "spiking"))
    wait_for_status(page)
    assert result_ids(page)[0] == "12e"
    page.wait_for_load_state("networkidle")
    shards = [u for u in page.requests if re.search(r"search/index/\d+\.json", u)]
    assert len(shards) == 1, shards
    assert not [u for u in page.requests if "lunr-index.json" in u]


def test_a_typo_fetches_the_word_list_and_the_shards_of_its_corrections_only(page, site_server, site):
    page.goto(search_url(site_server, "nudificaton"))
    wait_for_status(page)
    assert "1e" in result_ids(page)
    page.wait_for_load_state("networkidle")
    assert [u for u in page.requests if "search/index/words.json" in u]
    shards = {u for u in page.requests if re.search(r"search/index/\d+\.json", u)}
    every = len(json.loads((site.root / "search" / "index" / "head.json").read_text(encoding="utf-8"))["shards"])
    assert 1 <= len(shards) <= 3 < every, shards


def test_without_javascript_the_page_explains_and_links(contexts, site_server):
    with contexts.page(java_script_enabled=False) as page:
        page.goto(search_url(site_server, "spiking"))
        assert page.is_visible("#search-nojs")
        text = page.inner_text("#search-nojs")
        assert "needs JavaScript" in text and "address bar" in text
        assert page.url.endswith("?q=spiking")  # the words are kept where the reader can see them
        links = page.eval_on_selector_all("#search-nojs a", "els => els.map(e => e.getAttribute('href'))")
        for target in ("actions/", "plan/", "topics/", "organisations/"):
            assert any(h.endswith(target) for h in links), target


@pytest.mark.parametrize(
    "blocked", [r"vendor/lunr/lunr\.min\.js", r"search/index/head\.json", r"search/index/\d+\.json"]
)
def test_a_search_file_that_fails_to_load_is_said_not_waited_on(page, site_server, blocked):
    page.route(re.compile(blocked), lambda route: route.abort())
    page.goto(search_url(site_server, "spiking"))
    status = wait_for_status(page, "Search could not load")
    assert "Browse all actions instead" in status
    assert result_ids(page) == []


def test_filters_by_standing_and_by_delivering_body(page, site_server, site):
    """"stalking" with the standing "Under way" leaves the stalking results under way when the plan
    was published, and drops the promised ones; the organisation filter offers only bodies that
    deliver an action, so the Security Industry Authority (only mentioned) is absent."""
    model = json.loads((site.root / "data" / "actions.json").read_text(encoding="utf-8"))
    standing = {a["id"]: a["facts"]["standing"]["id"] for a in model["actions"]}
    page.goto(search_url(site_server, "stalking"))
    wait_for_status(page)
    every = result_ids(page)
    under_way = [i for i in every if standing[i] == "under-way"]
    assert under_way and len(under_way) < len(every)  # the query has both, so the filter must choose
    page.goto(search_url(site_server, "stalking", status="under-way"))
    wait_for_status(page)
    assert result_ids(page) == under_way
    labels = page.eval_on_selector_all("#search-at-publication option", "os => os.map(o => o.textContent)")
    assert f"Under way ({len(under_way)})" in labels
    page.goto(search_url(site_server, "spiking"))
    wait_for_status(page)
    assert len(result_ids(page)) > 1
    offered = page.eval_on_selector_all("#search-organisation option", "os => os.map(o => o.value)")
    assert "security-industry-authority" not in offered
    assert not page.problems


def test_plain_words_say_what_the_page_shows_with_a_way_to_the_exact_words(page, site_server):
    """Issue 22: "revenge porn" shows the intimate image abuse actions, says so, and one click
    searches the exact words instead; a real word the plan lacks is left out, and said to be."""
    page.goto(search_url(site_server, "revenge porn"))
    wait_for_status(page)
    assert page.inner_text("#search-rewrite").startswith(
        "Showing actions about intimate image abuse (you searched: revenge porn).")
    assert result_ids(page)[0] in {"1e", "1g", "1l", "1r", "1q"}
    page.click("#search-rewrite a")
    wait_for_status(page)
    assert "exact=1" in page.url
    assert page.inner_text("#search-rewrite").startswith("Searching your exact words")
    page.go_back()
    wait_for_status(page)
    assert "exact=1" not in page.url and "intimate image abuse" in page.inner_text("#search-rewrite")
    page.goto(search_url(site_server, "spiking goldfish"))
    wait_for_status(page)
    assert page.inner_text("#search-rewrite") == "Left out, as no action uses it: “goldfish”."
    assert page.is_hidden("#search-suggest") and result_ids(page)[0] == "12e"
    assert not page.problems


def test_help_and_weak_queries_show_the_helplines_never_an_empty_page(page, site_server):
    page.goto(search_url(site_server, "where can I get help"))
    wait_for_status(page)
    assert page.is_visible("#search-helplines") and "999" in page.inner_text("#search-helplines")
    assert result_ids(page)
    page.goto(search_url(site_server, "my sister's goldfish"))
    status = wait_for_status(page)
    assert status == "No results for “my sister's goldfish”"
    assert page.is_visible("#search-weak") and page.is_visible("#search-helplines")
    assert "Nothing in the plan matches these words well" in page.inner_text("#search-weak")
    page.goto(search_url(site_server, "spiking"))
    wait_for_status(page)
    assert page.is_hidden("#search-weak") and page.is_hidden("#search-helplines") and page.is_hidden("#search-rewrite")
    assert not page.problems
