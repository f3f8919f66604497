"""A project site on GitHub Pages lives under a sub-path (https://<owner>.github.io/<repo>/). Build with
publishconf.py and a sub-path SITEURL, serve the output under that sub-path only, and prove that every
internal link, asset and search request resolves there (issue 2)."""

from __future__ import annotations

import os
import re
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from helpers.browser import kept_tab
from helpers.search import wait_for_status
from helpers.server import StaticServer
from helpers.site import Site, build, css_references, linking_tags, tag_references
from playwright.sync_api import TimeoutError as PlaywrightTimeout

pytestmark = pytest.mark.slow

PREFIX = "/vawg-plan/"
SEARCH_QUERY = "stalking"


def shown(problems: list[str], limit: int = 60) -> str:
    head = "\n".join(f"  {p}" for p in problems[:limit])
    more = f"\n  … and {len(problems) - limit} more" if len(problems) > limit else ""
    return f"{len(problems)} problem(s):\n{head}{more}"


@pytest.fixture(scope="module")
def subpath(tmp_path_factory, repo_root: Path):
    """(server, Site): the publishconf.py build for http://127.0.0.1:<port>/vawg-plan, served there only."""
    output = tmp_path_factory.mktemp("subpath") / "output"
    # The server starts first so that its port can go into SITEURL; it reads files at request time.
    with StaticServer(output, prefix=PREFIX) as server:
        env = {**os.environ, "SITEURL": server.base_url.rstrip("/")}
        result = build(output, "publishconf.py", env=env, cwd=repo_root)
        if result.returncode != 0 or not (output / "index.html").is_file():
            pytest.fail(
                f"pelican content -s publishconf.py with SITEURL={env['SITEURL']} failed (exit {result.returncode}):\n"
                f"{result.stdout[-5000:]}\n{result.stderr[-5000:]}",
                pytrace=False,
            )
        yield server, Site(output)


def fetch_status(url: str) -> int:
    try:
        with urllib.request.urlopen(urllib.request.Request(url, method="GET"), timeout=30) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def page_base(server: StaticServer, rel: str, url: str) -> str:
    # The 404 page is served at any missing URL: its links must work from a deep one too.
    return server.base_url + ("no/such/folder/page/" if rel == "404.html" else url)


def test_every_internal_link_and_asset_resolves_under_the_subpath(subpath):
    server, site = subpath
    problems: list[str] = []
    wanted: dict[str, str] = {}  # URL without fragment -> first page that refers to it

    def consider(where: str, base: str, value: str) -> None:
        parts = urllib.parse.urlsplit(value)
        if parts.scheme.lower() in ("mailto", "tel", "data"):
            return
        url = urllib.parse.urljoin(base, value)
        if urllib.parse.urldefrag(url)[0] == urllib.parse.urldefrag(base)[0]:
            return  # a place on the same page
        resolved = urllib.parse.urlsplit(url)
        if resolved.hostname not in ("127.0.0.1", "localhost"):
            return  # a link to another site, followed only by the reader
        if f"{resolved.scheme}://{resolved.netloc}" != server.origin or not resolved.path.startswith(PREFIX):
            problems.append(f"{where}: {value!r} resolves to {url}, outside {server.base_url}")
            return
        wanted.setdefault(urllib.parse.urldefrag(url)[0], where)

    for page in site.pages:
        base = page_base(server, page.rel, page.url)
        tags = linking_tags(page.path)
        for ref in tag_references(tags):
            consider(f"{page.rel}: <{ref.tag} {ref.attribute}>", base, ref.value)
        for name, attrs in tags:
            content, kind = attrs.get("content", ""), attrs.get("property") or attrs.get("name") or ""
            if name == "meta" and re.match(r"https?://", content) and kind.startswith(("og:", "twitter:")):
                consider(f"{page.rel}: <meta {kind}>", base, content)
    for sheet in sorted(site.root.rglob("*.css")):
        rel = sheet.relative_to(site.root).as_posix()
        for value in css_references(sheet.read_text(encoding="utf-8", errors="replace")):
            if not value.startswith("#"):
                consider(f"{rel}: url()", server.base_url + rel, value)
    sitemap = site.root / "sitemap.xml"
    if sitemap.is_file():
        for loc in re.findall(r"<loc>([^<]+)</loc>", sitemap.read_text(encoding="utf-8")):
            consider("sitemap.xml: <loc>", server.base_url, loc.strip())

    assert wanted, "no internal link found: is the site empty?"
    with ThreadPoolExecutor(max_workers=8) as pool:
        statuses = dict(zip(wanted, pool.map(fetch_status, wanted), strict=True))
    problems += [f"{wanted[url]}: {url} answers {status}" for url, status in statuses.items() if status != 200]
    assert not problems, f"under the sub-path {PREFIX} ({len(wanted)} URLs fetched), " + shown(problems)


@pytest.fixture(scope="module")
def subpath_tab(subpath, contexts):
    """fresh(): one tab for the module's pages (helpers.browser.kept_tab: a new tab is about 0.4 CPU s; the
    server sends no-store, so each load fetches all it needs again), readied for the next, with `outside`
    (requests that left the sub-path, blocked by its route) and `responses` (status, URL, resource type)
    emptied."""
    server, _ = subpath

    def guard(route):
        url = route.request.url
        if url.startswith(server.base_url):
            route.continue_()
        else:
            tab.outside.append(url)
            route.abort("blockedbyclient")

    with kept_tab(contexts) as ready:
        tab = ready()
        tab.outside, tab.responses = [], []
        tab.route("**/*", guard)
        tab.set_default_timeout(20_000)
        tab.on("response", lambda r: tab.responses.append((r.status, r.url, r.request.resource_type)))

        def fresh():
            ready()
            tab.outside.clear()
            tab.responses.clear()
            return tab

        yield fresh


@pytest.mark.browser
@pytest.mark.parametrize("kind", ["home", "action", "search"])
def test_pages_and_search_load_everything_from_the_subpath(kind, subpath, subpath_tab):
    server, site = subpath
    page = site.one_of_each_type().get(kind)
    if page is None:
        pytest.skip(f"no page of type {kind!r} in the built site (test_every_page_type_is_built fails for it)")
    tab = subpath_tab()
    tab.goto(server.base_url + page.url, wait_until="networkidle")
    results, passages = [], True
    if kind == "search":
        box = tab.locator("main input[type=search], main input[name=q]").first
        assert box.count(), f"{page.rel}: no search box in <main>"
        box.fill(SEARCH_QUERY)
        box.press("Enter")
        status = wait_for_status(tab)
        results = tab.eval_on_selector_all("#search-results a.search-result__link", "links => links.map(a => a.href)")
        assert results, f"searching for {SEARCH_QUERY!r} under {PREFIX} shows no result: {status!r}"
        # The passages under the results come last (search-snippet.js and the text of the results): once
        # they show, every file the search needs has been asked for. One that cannot load keeps them away.
        try:
            tab.wait_for_selector("#search-results .search-result__snippet mark", state="attached", timeout=10_000)
        except PlaywrightTimeout:
            passages = False
    outside, responses = list(tab.outside), list(tab.responses)

    assert not outside, f"{page.rel} under {PREFIX}: requests went outside the sub-path: {outside}"
    bad = [f"{status} {url}" for status, url, _ in responses if status not in (200, 304)]
    assert not bad, f"{page.rel} under {PREFIX}: requests failed: {bad}"
    if kind == "search":
        loaded = [url for _, url, kind_ in responses if kind_ in ("fetch", "xhr") or re.search(r"index|store", url)]
        assert any(not url.endswith((".html", "/")) for url in loaded), (
            f"the search page under {PREFIX} loaded no search index or store (responses: "
            f"{[u for _, u, _ in responses]})"
        )
        actions = [url for url in results if re.search(rf"{PREFIX}actions/[0-9]+[a-z]+/$", url)]
        assert actions, f"searching for {SEARCH_QUERY!r} under {PREFIX} shows no result linking to an action: {results}"
        strays = [url for url in results if not url.startswith(server.base_url)]
        assert not strays, f"search results link outside {server.base_url}: {strays}"
        assert passages, f"searching for {SEARCH_QUERY!r} under {PREFIX}: no passage shows under the results"
