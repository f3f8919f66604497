#!/usr/bin/env python3
"""Benchmark search on the real site beside Pagefind, and write the table into docs/search.md.

    .venv/bin/python scripts/bench_search.py [--site output/] [--runs 7] [--no-write]
    .venv/bin/python scripts/bench_search.py --plain [--site output/] [--no-write]

It builds the site (unless --site names a built one), times our index build, runs Pagefind (npm
`pagefind`, from node_modules) over a copy of the same output, serves both on 127.0.0.1 and drives
Debian's chromium to measure, for each tool: the bytes a first search for "spiking" downloads
(raw, and gzip at level 6 as a static host would send them), the time from navigating to the
search page to the first results, and query latency over a set of queries (median and 95th
percentile, in the browser, index already loaded). A benchmark, not a test: it prints a table.

--plain measures relevance instead: the plain-language queries of tests/labels/plain_queries.toml
through our search (search.js in Node) and through Pagefind indexing the same 259 action pages
(queried in chromium), top-5 hits and mean reciprocal rank side by side.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from bench_node import bench_tool
from plain_queries import LABELS, built_search_files, load_queries, lunr_rankings, score, search_input

from plugins.core.plan import from_json
from plugins.search_index import build_search_files
from plugins.search_index.pipeline import clear_caches

ROOT = Path(__file__).resolve().parent.parent

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
    "--no-first-run",
]
FIRST_QUERY = "spiking"
QUERIES = [
    "spiking", "stalking", "Clare's Law", "domestic abuse", "police", "nudification", "online safety",
    "coercive control", "funding", "schools", "rape", "honour based abuse", "housing", "pets",
    "Domestic Abuse Protection Orders", "DAPO", "victims and survivors", "stalkng", "misogyny", "training",
]
PAGEFIND_RESULTS_SHOWN = 5  # Pagefind's UI loads the fragments of its first five results
TABLE_START, TABLE_END = "<!-- bench:start -->", "<!-- bench:end -->"
PLAIN_START, PLAIN_END = "<!-- plain:start -->", "<!-- plain:end -->"
ACTION_PAGE = re.compile(r"actions/(\d{1,2}[a-z])/(?:index\.html)?$")


# --- serving -----------------------------------------------------------------------------------


class _Handler(http.server.SimpleHTTPRequestHandler):
    extensions_map = {
        **http.server.SimpleHTTPRequestHandler.extensions_map,
        ".js": "text/javascript", ".json": "application/json", ".wasm": "application/wasm",
        ".txt": "text/plain; charset=utf-8", ".css": "text/css", ".html": "text/html; charset=utf-8",
    }

    def log_message(self, *args) -> None:  # quiet
        pass


class Server:
    """The folder served on 127.0.0.1 and a free port, in a thread, for the length of a `with`."""

    def __init__(self, root: Path):
        handler = functools.partial(_Handler, directory=str(root))
        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}/"

    def __enter__(self) -> Server:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


# --- measuring -----------------------------------------------------------------------------------


def gzip_size(data: bytes) -> int:
    """Bytes on the wire with gzip; files already compressed (Pagefind's) are sent as they are."""
    return min(len(data), len(gzip.compress(data, compresslevel=6, mtime=0)))


def downloaded(site: Path, base_url: str, urls: list[str], keep) -> tuple[int, int, int]:
    """(files, raw bytes, gzip bytes) of the requested URLs that `keep` accepts."""
    seen, raw, packed = set(), 0, 0
    for url in urls:
        path = url[len(base_url):].split("?")[0].split("#")[0]
        if path in seen or not keep(path):
            continue
        seen.add(path)
        data = (site / path).read_bytes()
        raw += len(data)
        packed += gzip_size(data)
    return len(seen), raw, packed


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(p / 100 * len(ordered) + 0.5) - 1))]


def time_index_build(site: Path, runs: int) -> float:
    # The built site's data, as of its build's date, typed as the build types it (outside the timing).
    plan = from_json(json.loads((site / "data" / "actions.json").read_text(encoding="utf-8")))
    times = []
    for _ in range(runs):
        clear_caches()  # each run processes words from scratch, as a fresh `pelican content` does
        started = time.perf_counter()
        build_search_files(plan)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def run_pagefind(site: Path) -> float:
    binary = bench_tool("pagefind")
    started = time.perf_counter()
    subprocess.run([str(binary), "--site", str(site)], check=True, capture_output=True)
    return time.perf_counter() - started


PAGEFIND_PAGE = """<!doctype html><meta charset="utf-8"><title>Pagefind bench</title>
<script type="module">
const started = performance.now();
const pagefind = await import("./pagefind/pagefind.js");
await pagefind.init();
const search = await pagefind.search(%(query)s);
performance.mark("search:first-results");
const data = await Promise.all(search.results.slice(0, %(shown)d).map(r => r.data()));
performance.mark("search:first-snippet");
window.benchDone = {count: search.results.length, titles: data.map(d => d.meta.title), started};
window.pagefind = pagefind;
</script>"""


def lunr_first_search(browser, base: str, runs: int) -> dict:
    """Cold first searches on our page: time to results, and what they downloaded."""
    nav, after_html, after_load, warm, snippets, requests = [], [], [], [], [], []
    for run in range(runs + 1):
        context = browser.new_context()
        page = context.new_page()
        urls: list[str] = []
        page.on("request", lambda r, urls=urls: urls.append(r.url))
        page.goto(f"{base}search/?q={FIRST_QUERY}")
        page.wait_for_function("() => performance.getEntriesByName('search:first-results').length > 0")
        page.wait_for_function("() => performance.getEntriesByName('search:first-snippet').length > 0")
        page.wait_for_load_state("networkidle")
        marks = page.evaluate(
            "() => { const n = performance.getEntriesByType('navigation')[0];"
            " const m = performance.getEntriesByName('search:first-results')[0];"
            " const s = performance.getEntriesByName('search:first-snippet')[0];"
            " const count = document.querySelectorAll('#search-results li').length;"
            " return {at: m.startTime, snippet: s.startTime, html: n.responseEnd, load: n.loadEventStart, count}; }"
        )
        if run:  # the first run warms the browser up
            nav.append(marks["at"])
            after_html.append(marks["at"] - marks["html"])
            after_load.append(marks["at"] - marks["load"])
            snippets.append(marks["snippet"])
            # A second visit in the same context: the files come from the HTTP cache.
            page.goto(f"{base}search/?q={FIRST_QUERY}&again=1")
            page.wait_for_function("() => performance.getEntriesByName('search:first-results').length > 0")
            warm.append(page.evaluate("() => performance.getEntriesByName('search:first-results')[0].startTime"))
        requests = urls
        context.close()
    return {"nav": statistics.median(nav), "after_html": statistics.median(after_html), "urls": requests,
            "after_load": statistics.median(after_load), "warm": statistics.median(warm),
            "snippet": statistics.median(snippets), "count": marks["count"]}


def lunr_query_latency(browser, base: str, repeats: int) -> list[float]:
    context = browser.new_context()
    page = context.new_page()
    page.goto(f"{base}search/?q={FIRST_QUERY}")
    page.wait_for_function("() => performance.getEntriesByName('search:first-results').length > 0")
    times = page.evaluate(
        """async ([queries, repeats]) => {
            const config = document.querySelector("script[data-index-url]").dataset;
            const packed = await (await fetch(config.indexUrl)).json();
            const core = window.ActionPlanSearch;
            const index = core.loadIndex(lunr, packed);  // as the page loads it
            queries.forEach(q => core.runSearch(lunr, index, q));  // warm up
            const times = [];
            for (let r = 0; r < repeats; r++) for (const q of queries) {
                const t = performance.now();
                core.runSearch(lunr, index, q);
                times.push(performance.now() - t);
            }
            return times;
        }""",
        [QUERIES, repeats],
    )
    context.close()
    return times


def pagefind_first_search(browser, base: str, runs: int) -> dict:
    nav, snippets, requests, result = [], [], [], None
    for run in range(runs + 1):
        context = browser.new_context()
        page = context.new_page()
        urls: list[str] = []
        page.on("request", lambda r, urls=urls: urls.append(r.url))
        page.goto(f"{base}pagefind-bench.html")
        page.wait_for_function("() => window.benchDone !== undefined", timeout=30_000)
        result = page.evaluate("window.benchDone")
        at = page.evaluate(
            "() => ['search:first-results', 'search:first-snippet']"
            ".map(name => performance.getEntriesByName(name)[0].startTime)"
        )
        if run:
            nav.append(at[0])
            snippets.append(at[1])
        requests = urls
        context.close()
    return {"nav": statistics.median(nav), "snippet": statistics.median(snippets), "urls": requests,
            "count": result["count"]}


def pagefind_query_latency(browser, base: str, repeats: int) -> list[float]:
    context = browser.new_context()
    page = context.new_page()
    page.goto(f"{base}pagefind-bench.html")
    page.wait_for_function("() => window.benchDone !== undefined", timeout=30_000)
    times = page.evaluate(
        """async ([queries, repeats]) => {
            for (const q of queries) await window.pagefind.search(q);  // load every chunk once
            const times = [];
            for (let r = 0; r < repeats; r++) for (const q of queries) {
                const t = performance.now();
                await window.pagefind.search(q);
                times.push(performance.now() - t);
            }
            return times;
        }""",
        [QUERIES, repeats],
    )
    context.close()
    return times


# --- the report ----------------------------------------------------------------------------------


def kb(n: int) -> str:
    return f"{n / 1024:.1f} KB"


def table(rows: list[tuple[str, str, str]]) -> str:
    lines = ["| measure | Lunr (this site) | Pagefind 1.6 |", "| --- | --- | --- |"]
    lines += [f"| {a} | {b} | {c} |" for a, b, c in rows]
    return "\n".join(lines)


def write_docs(markdown: str, start: str = TABLE_START, end: str = TABLE_END) -> None:
    doc = ROOT / "docs" / "search.md"
    text = doc.read_text(encoding="utf-8")
    pattern = re.compile(re.escape(start) + ".*?" + re.escape(end), re.S)
    if not pattern.search(text):
        raise SystemExit(f"{doc} has no {start} … {end} block")
    doc.write_text(pattern.sub(lambda _m: f"{start}\n{markdown}\n{end}", text), encoding="utf-8")


# --- relevance on plain-language queries -----------------------------------------------------------

PAGEFIND_PLAIN_PAGE = """<!doctype html><meta charset="utf-8"><title>Pagefind plain queries</title>
<script type="module">
const pagefind = await import("./pagefind/pagefind.js");
await pagefind.init();
const out = {};
for (const q of %(queries)s) {
  const search = await pagefind.search(q);
  const data = await Promise.all(search.results.slice(0, %(depth)d).map(r => r.data()));
  out[q] = data.map(d => d.url);
}
window.plainDone = out;
</script>"""


def pagefind_rankings(site: Path, scratch: Path, queries: list[str], browser) -> dict[str, list[str]]:
    """Pagefind (default settings) over the same 259 action pages, each query's action ids, best first."""
    copy = scratch / "pagefind-plain"
    shutil.copytree(site, copy)
    subprocess.run([str(bench_tool("pagefind")), "--site", str(copy), "--glob", "actions/*/index.html"],
                   check=True, capture_output=True)
    (copy / "pagefind-plain.html").write_text(
        PAGEFIND_PLAIN_PAGE % {"queries": json.dumps(queries), "depth": 10}, encoding="utf-8")
    with Server(copy) as server:
        context = browser.new_context()
        page = context.new_page()
        page.goto(f"{server.url}pagefind-plain.html")
        page.wait_for_function("() => window.plainDone !== undefined", timeout=120_000)
        urls = page.evaluate("window.plainDone")
        context.close()
    ranked = {}
    for query, found in urls.items():
        ids = [m.group(1) for m in (ACTION_PAGE.search(u) for u in found) if m]
        ranked[query] = ids
    return ranked


def plain_report(site: Path, scratch: Path, labels: Path | None = None) -> str:
    """Top-5 hits and MRR of the plain queries: our search and Pagefind, by persona and overall."""
    from playwright.sync_api import sync_playwright

    queries = load_queries(labels) if labels else load_queries()
    packed, extra = search_input(built_search_files())
    ours = lunr_rankings(packed, [q.q for q in queries], extra)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        theirs = pagefind_rankings(site, scratch, [q.q for q in queries], browser)
        browser.close()
    lines = ["| queries | Lunr (this site): top 5 | MRR | Pagefind 1.6 (same action pages): top 5 | MRR |",
             "| --- | --- | --- | --- | --- |"]
    groups = [("all", queries)] + [
        (persona, [q for q in queries if q.persona == persona])
        for persona in dict.fromkeys(q.persona for q in queries)
    ]
    for name, group in groups:
        a, b = score(group, ours), score(group, theirs)
        lines.append(f"| {name} ({len(group)}) | {a.hits} ({a.rate:.0%}) | {a.mrr:.2f} | "
                     f"{b.hits} ({b.rate:.0%}) | {b.mrr:.2f} |")
    both = set(score(queries, ours).misses) & set(score(queries, theirs).misses)
    return "\n".join(lines) + (
        f"\n\nMeasured by `scripts/bench_search.py --plain` on {time.strftime('%Y-%m-%d')}: "
        f"{len(queries)} queries of `{(labels or LABELS).relative_to(ROOT)}`; a hit is any expected action in "
        f"the first 5 results; MRR counts the first expected action down to rank 10. Both miss "
        f"{len(both)}: " + ", ".join(f"“{q}”" for q in sorted(both)) + "."
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, help="a built site (default: build one into a temporary folder)")
    parser.add_argument("--runs", type=int, default=7, help="cold page loads per tool (median reported)")
    parser.add_argument("--repeats", type=int, default=20, help="passes over the query set for latency")
    parser.add_argument("--no-write", action="store_true", help="print only; leave docs/search.md alone")
    parser.add_argument("--plain", action="store_true", help="relevance on the plain-language queries instead")
    parser.add_argument("--labels", type=Path, help="with --plain: another file of queries (the held-out set)")
    args = parser.parse_args()
    if args.plain:
        with tempfile.TemporaryDirectory(prefix="bench-plain-") as scratch:
            site = args.site
            if site is None:
                site = Path(scratch) / "output"
                subprocess.run(
                    [sys.executable, "-m", "pelican", "content", "-o", str(site), "-s", "pelicanconf.py", "-q"],
                    cwd=ROOT, check=True,
                )
            markdown = plain_report(site, Path(scratch), args.labels.resolve() if args.labels else None)
        print(markdown)
        if not args.no_write and not args.labels:
            write_docs(markdown, PLAIN_START, PLAIN_END)
            print("\nWrote the table into docs/search.md")
        return

    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory(prefix="bench-search-") as scratch:
        scratch = Path(scratch)
        site = args.site
        if site is None:
            site = scratch / "output"
            subprocess.run(
                [sys.executable, "-m", "pelican", "content", "-o", str(site), "-s", "pelicanconf.py", "-q"],
                cwd=ROOT, check=True,
            )
        lunr_build = time_index_build(site, runs=5)

        pagefind_site = scratch / "pagefind-site"
        shutil.copytree(site, pagefind_site)
        pagefind_build = run_pagefind(pagefind_site)
        (pagefind_site / "pagefind-bench.html").write_text(
            PAGEFIND_PAGE % {"query": json.dumps(FIRST_QUERY), "shown": PAGEFIND_RESULTS_SHOWN},
            encoding="utf-8",
        )
        pages = len(list(site.rglob("*.html")))
        actions = len(json.loads((site / "search" / "lunr-index.json").read_text(encoding="utf-8"))["refs"])

        load = os.getloadavg()[0]
        with Server(site) as ours, Server(pagefind_site) as theirs, sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            lunr = lunr_first_search(browser, ours.url, args.runs)
            lunr_times = lunr_query_latency(browser, ours.url, args.repeats)
            pf = pagefind_first_search(browser, theirs.url, args.runs)
            pf_times = pagefind_query_latency(browser, theirs.url, args.repeats)
            browser.close()

        def ours_keep(path: str) -> bool:
            """Search's own files: not the page, its stylesheet or site.js, which every page loads."""
            data = path.startswith("search/") and not path.endswith(("/", ".html"))
            return data or path.endswith(("js/search.js", "vendor/lunr/lunr.min.js"))

        lunr_files, lunr_raw, lunr_gz = downloaded(site, ours.url, lunr["urls"], ours_keep)
        pf_files, pf_raw, pf_gz = downloaded(
            pagefind_site, theirs.url, pf["urls"], lambda path: path.startswith("pagefind/")
        )

    rows = [
        ("what is indexed", f"{actions} actions (fields: id, title, text, organisations, laws, programmes, "
         "topics, acronyms)", f"all {pages} HTML pages of the same output/, default settings"),
        ("index build time", f"{lunr_build * 1000:.0f} ms (build_search_files, in the Pelican build)",
         f"{pagefind_build * 1000:.0f} ms (pagefind CLI)"),
        (f"first search for “{FIRST_QUERY}”: files", f"{lunr_files} (lunr.min.js, search.js, index head, "
         "the query's shard, store head, the results' rows, text of each result shown)",
         f"{pf_files} (pagefind.js, wasm, entry, meta, index "
         f"chunk, {PAGEFIND_RESULTS_SHOWN} fragments)"),
        ("first search: bytes raw", kb(lunr_raw), kb(pf_raw)),
        ("first search: bytes gzip", f"**{kb(lunr_gz)}**", f"**{kb(pf_gz)}**"),
        ("navigation to first results listed (cold cache, median)", f"{lunr['nav']:.0f} ms "
         f"({lunr['after_html']:.0f} ms after the page's HTML arrived; {lunr['after_load']:+.0f} ms from "
         "the load event)", f"{pf['nav']:.0f} ms"),
        ("navigation to first results, repeat visit (HTTP cache)", f"{lunr['warm']:.0f} ms", "–"),
        ("navigation to results with snippets (cold cache, median)", f"{lunr['snippet']:.0f} ms",
         f"{pf['snippet']:.0f} ms ({PAGEFIND_RESULTS_SHOWN} fragments)"),
        (f"results for “{FIRST_QUERY}”", str(lunr["count"]), str(pf["count"])),
        ("query latency, median", f"{statistics.median(lunr_times):.2f} ms",
         f"{statistics.median(pf_times):.2f} ms"),
        ("query latency, 95th percentile", f"{percentile(lunr_times, 95):.2f} ms",
         f"{percentile(pf_times, 95):.2f} ms"),
    ]
    markdown = table(rows) + (
        f"\n\nMeasured by `scripts/bench_search.py` on {time.strftime('%Y-%m-%d')}: headless Debian "
        f"chromium, site served from 127.0.0.1, {args.runs} cold loads per tool (median), query latency "
        f"over {len(QUERIES)} queries × {args.repeats} passes in the page, index loaded. gzip at level 6 "
        "for files a host would compress; Pagefind's own files are already compressed and counted as sent. "
        f"Machine: {os.cpu_count()} cores, load average {load:.1f} when the browser runs started "
        "(timings grow with load)."
    )
    print(markdown)
    if not args.no_write:
        write_docs(markdown)
        print("\nWrote the table into docs/search.md")


if __name__ == "__main__":
    main()
