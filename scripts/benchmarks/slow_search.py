"""A first search on a slow phone (issue 23, item 10): the time from navigation to /search/?q=… until
search.js shows the results (its "search:first-results" mark), in headless chromium throttled by the
DevTools protocol to 400 ms latency, 400 kbit/s down, 4× CPU, the site served with gzip as a static
host serves it (lighthouse.serve). Also lists the requests with when each started and ended, which
is the chain the figure waits on. Run alone:

    cd scripts && ../.venv/bin/python -m benchmarks.slow_search ../output [--runs 5] [--query spiking]
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from .common import CHROMIUM, median
from .lighthouse import serve

LATENCY_MS = 400
DOWN_BYTES_S = 400_000 / 8
UP_BYTES_S = 400_000 / 8
CPU_SLOWDOWN = 4

# Each request's start and end in ms from the navigation, from the Resource Timing entries.
REQUESTS = """() => performance.getEntriesByType('resource').concat(performance.getEntriesByType('navigation'))
  .map(e => ({url: e.name.replace(location.origin, ''), start: Math.round(e.startTime),
              end: Math.round(e.responseEnd), bytes: e.transferSize, initiator: e.initiatorType}))
  .sort((a, b) => a.start - b.start)"""


def first_results(output: Path, runs: int = 5, query: str = "spiking") -> dict:
    """Median ms to the first results over `runs` cold loads, each run's figure, and one run's requests."""
    from playwright.sync_api import sync_playwright

    times, requests = [], []
    with serve(output) as base, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        try:
            for _ in range(runs):
                context = browser.new_context(viewport={"width": 375, "height": 667})
                page = context.new_page()
                cdp = context.new_cdp_session(page)
                cdp.send("Network.enable")
                cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
                cdp.send("Network.emulateNetworkConditions", {
                    "offline": False, "latency": LATENCY_MS,
                    "downloadThroughput": DOWN_BYTES_S, "uploadThroughput": UP_BYTES_S,
                })
                cdp.send("Emulation.setCPUThrottlingRate", {"rate": CPU_SLOWDOWN})
                page.goto(f"{base}search/?q={query}", wait_until="commit")
                page.wait_for_function(
                    "() => performance.getEntriesByName('search:first-results').length", timeout=60_000
                )
                times.append(page.evaluate("performance.getEntriesByName('search:first-results')[0].startTime"))
                page.wait_for_load_state("networkidle")
                requests = page.evaluate(REQUESTS)
                context.close()
        finally:
            browser.close()
    return {"query": query, "median_ms": round(median(times)), "runs_ms": [round(t) for t in times],
            "requests": requests}


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
    print(f"first results for {args.query!r}: {figures['median_ms']} ms median of {figures['runs_ms']} "
          f"({LATENCY_MS} ms latency, {DOWN_BYTES_S * 8 / 1000:.0f} kbit/s down, {CPU_SLOWDOWN}x CPU, gzip)")
    for r in figures["requests"]:
        print(f"  {r['start']:>5}–{r['end']:>5} ms  {r['bytes']:>6} B  {r['url']}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
