"""A first search on a slow phone (issue 23, item 10): the time from navigation to /search/?q=… until
search.js shows the results (its "search:first-results" mark), in headless chromium throttled by the
DevTools protocol to 400 ms latency, 400 kbit/s down, 4× CPU, the site served with gzip and
`Cache-Control: max-age=600` as GitHub Pages serves it. Cold: nothing cached. From another page:
the reader was on the home page first (its search box is on every page), so the site's stylesheet
and site.js are cached, as they are for most searches. Also lists the requests of a cold load with
when each started and ended, which is the chain the figure waits on. Run alone:

    cd scripts && ../.venv/bin/python -m benchmarks.slow_search ../output [--runs 5] [--query spiking]
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import http.server
import json
import os
import threading
from pathlib import Path

from .common import CHROMIUM, median
from .lighthouse import GzipHandler

LATENCY_MS = 400
DOWN_BYTES_S = 400_000 / 8
UP_BYTES_S = 400_000 / 8
CPU_SLOWDOWN = int(os.environ.get("CPU_SLOWDOWN", 4))  # CPU_SLOWDOWN=1: what the network alone costs

# Each request's start and end in ms from the navigation, from the Resource Timing entries.
REQUESTS = """() => performance.getEntriesByType('resource').concat(performance.getEntriesByType('navigation'))
  .map(e => ({url: e.name.replace(location.origin, ''), start: Math.round(e.startTime),
              end: Math.round(e.responseEnd), bytes: e.transferSize, initiator: e.initiatorType}))
  .sort((a, b) => a.start - b.start)"""


class PagesHandler(GzipHandler):
    """GzipHandler with GitHub Pages' caching header, so a page visited before leaves its files cached."""

    def end_headers(self):
        self.send_header("Cache-Control", "max-age=600")
        super().end_headers()


@contextlib.contextmanager
def serve(folder: Path):
    handler = functools.partial(PagesHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def throttle(context, page) -> None:
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.emulateNetworkConditions", {
        "offline": False, "latency": LATENCY_MS, "downloadThroughput": DOWN_BYTES_S, "uploadThroughput": UP_BYTES_S,
    })
    cdp.send("Emulation.setCPUThrottlingRate", {"rate": CPU_SLOWDOWN})


def one_search(browser, base: str, query: str, from_home: bool) -> tuple[float, list]:
    context = browser.new_context(viewport={"width": 375, "height": 667})
    try:
        page = context.new_page()
        if from_home:
            page.goto(base, wait_until="load")
        throttle(context, page)
        page.goto(f"{base}search/?q={query}", wait_until="commit")
        page.wait_for_function("() => performance.getEntriesByName('search:first-results').length", timeout=60_000)
        ms = page.evaluate("performance.getEntriesByName('search:first-results')[0].startTime")
        page.wait_for_load_state("networkidle")
        return ms, page.evaluate(REQUESTS)
    finally:
        context.close()


def first_results(output: Path, runs: int = 5, query: str = "spiking") -> dict:
    """Median ms to the first results over `runs` loads, cold and from another page; each run's
    figure; one cold run's requests."""
    from playwright.sync_api import sync_playwright

    figures: dict = {"query": query, "latency_ms": LATENCY_MS, "down_kbit_s": DOWN_BYTES_S * 8 / 1000,
                     "cpu_slowdown": CPU_SLOWDOWN}
    with serve(output) as base, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        try:
            for name, from_home in (("cold", False), ("from_home", True)):
                results = [one_search(browser, base, query, from_home) for _ in range(runs)]
                times = [ms for ms, _ in results]
                figures[name] = {"median_ms": round(median(times)), "runs_ms": [round(t) for t in times]}
                if name == "cold":
                    figures["requests"] = results[-1][1]
        finally:
            browser.close()
    return figures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("output", type=Path, help="the built site (output/)")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--query", default="spiking")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args(argv)
    figures = first_results(args.output, args.runs, args.query)
    if args.json:
        print(json.dumps(figures, indent=1))
        return 0
    print(f"first results for {args.query!r} at {LATENCY_MS} ms latency, {DOWN_BYTES_S * 8 / 1000:.0f} kbit/s down, "
          f"{CPU_SLOWDOWN}x CPU, gzip: cold {figures['cold']['median_ms']} ms (runs {figures['cold']['runs_ms']}), "
          f"from the home page {figures['from_home']['median_ms']} ms (runs {figures['from_home']['runs_ms']})")
    print("requests of a cold load (start–end ms from navigation, bytes on the wire):")
    for r in figures["requests"]:
        print(f"  {r['start']:>5}–{r['end']:>5} ms  {r['bytes']:>6} B  {r['url']}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
