"""The search page starts a query's files before its scripts arrive (theme/static/js/search-early.js,
inlined in its head; issue 23, item 10): with search.js held back, the index head, the shard of
"spiking" and the run of rows of its results are already requested, and once search.js runs it
takes those responses rather than asking again. The time this saves on a slow connection is
measured by scripts/benchmarks/slow_search.py, not here."""

from __future__ import annotations

import json
import re
from collections import Counter

import pytest
from helpers.browser import kept, kept_page  # noqa: F401 - fixtures: the module's tests share one tab
from helpers.search import wait_for_status

pytestmark = pytest.mark.browser


def search_file(url: str) -> str | None:
    """"index/14.json" for a search file's URL, without its version."""
    match = re.search(r"/search/((?:index|rows|text)/[^?]+)", url)
    return match.group(1) if match else None


def test_a_querys_files_start_before_the_scripts_and_download_once(page, site_server):
    held = []
    page.route(re.compile(r"/js/search\.js$"), lambda route: held.append(route))
    page.goto(site_server + "search/?q=spiking", wait_until="commit")
    page.wait_for_function("() => document.getElementById('search-results')")
    # search.js has not arrived, yet the files of the query are on their way.
    for _ in range(200):
        if any(re.search(r"/search/rows/\d+\.json", u) for u in page.requests):
            break
        page.wait_for_timeout(50)
    assert len(held) == 1, "search.js was requested once and is held"
    before = Counter(filter(None, map(search_file, page.requests)))
    assert {"index/head.json", "rows/head.json"} <= set(before), before
    assert [f for f in before if re.fullmatch(r"index/\d+\.json", f)], before
    assert page.evaluate("() => !window.ActionPlanSearch")  # search.js has not run
    held[0].continue_()
    status = wait_for_status(page)
    assert status.endswith("for “spiking”"), status
    assert page.locator("#search-results li").first.get_attribute("data-ref") == "12e"
    page.wait_for_load_state("networkidle")
    fetched = Counter(filter(None, map(search_file, page.requests)))
    assert all(n == 1 for n in fetched.values()), fetched  # search.js took the early responses
    assert {f: n for f, n in fetched.items() if not f.startswith("text/")} == before, (before, fetched)
    assert page.evaluate("() => Object.keys(window.searchEarly)") == []
    assert not page.problems


def test_a_plain_language_phrase_after_small_words_starts_early(page, site_server, built_site):
    """The vocabulary's phrases are in the shard of their first word (pack.py, split_vocabulary):
    the shard of "revenge" is started before search.js runs, though four small words come first."""
    index = built_site / "search" / "index"
    shards = len(json.loads((index / "head.json").read_text(encoding="utf-8"))["shards"])
    phrases = [json.loads((index / f"{n}.json").read_text(encoding="utf-8")).get("plain", []) for n in range(shards)]
    holding = [n for n in range(shards)
               if any(key.startswith("reveng ") for row in phrases[n] for key in row[1].split("|"))]
    assert len(holding) == 1, holding
    held = []
    page.route(re.compile(r"/js/search\.js$"), lambda route: held.append(route))
    page.goto(site_server + "search/?q=what+can+I+do+about+revenge+porn", wait_until="commit")
    wanted = f"index/{holding[0]}.json"
    for _ in range(200):
        if wanted in map(search_file, page.requests) and held:
            break
        page.wait_for_timeout(50)
    assert wanted in set(map(search_file, page.requests)), page.requests
    assert len(held) == 1
    held[0].continue_()
    status = wait_for_status(page)
    assert "revenge porn" in status, status
    page.wait_for_load_state("networkidle")
    fetched = Counter(filter(None, map(search_file, page.requests)))
    assert all(n == 1 for n in fetched.values()), fetched
    assert not page.problems


def test_without_a_query_only_the_heads_start_early(page, site_server):
    page.goto(site_server + "search/", wait_until="load")
    page.wait_for_load_state("networkidle")
    fetched = sorted(filter(None, map(search_file, page.requests)))
    assert fetched == ["index/head.json", "rows/head.json"], fetched
    assert not page.problems


def test_the_passages_code_comes_after_the_first_results_once(page, site_server):
    """search-snippet.js (the passage under each result) is not part of a first search: it is asked
    for after the results are shown, once however many results it serves, and fills their passages."""
    page.goto(site_server + "search/?q=police", wait_until="commit")
    status = wait_for_status(page)
    assert "police" in status, status
    page.wait_for_function("() => document.querySelector('#search-results .search-result__snippet mark')")
    marked = page.locator("#search-results .search-result__snippet mark").first.inner_text()
    assert marked.lower().startswith("police"), marked
    page.wait_for_load_state("networkidle")
    asked = [u for u in page.requests if re.search(r"/js/search-snippet\.js$", u)]
    assert len(asked) == 1, asked
    assert page.locator("#search-results .search-result__snippet mark").count() > 1
    first_results = page.evaluate("performance.getEntriesByName('search:first-results')[0].startTime")
    fetched = page.evaluate("performance.getEntriesByType('resource').filter(e => /search-snippet/.test(e.name))"
                            ".map(e => e.startTime)")
    assert len(fetched) == 1 and fetched[0] >= first_results, (fetched, first_results)
    assert not page.problems
