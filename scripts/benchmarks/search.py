"""Search figures through scripts/bench_search.py: index build and a cold first search in chromium."""

from __future__ import annotations

import json
import time
import tracemalloc
from pathlib import Path


def search_figures(output: Path, runs: int) -> dict:
    """Search figures from scripts/bench_search.py (the search engineer's), not measured twice here:
    its index build timing (`time_index_build`), and the bytes a cold first search downloads in
    headless chromium (`lunr_first_search`, `downloaded`), with the files it counts as search's own."""
    figures: dict = {}
    try:
        import bench_search as bs  # scripts/bench_search.py
    except Exception as error:  # absent or broken: the table says so
        return {"error": f"scripts/bench_search.py: {error}"}
    try:
        cpu = time.process_time()
        figures["index_build_s"] = bs.time_index_build(output, runs=max(1, runs))
        figures["index_build_cpu"] = (time.process_time() - cpu) / max(1, runs)
        from plugins.core.plan import from_json

        model = from_json(json.loads((output / "data" / "actions.json").read_text(encoding="utf-8")))
        tracemalloc.start()
        bs.build_search_files(model)
        figures["index_build_peak_kib"] = tracemalloc.get_traced_memory()[1] / 1024
        tracemalloc.stop()
    except Exception as error:
        figures["error"] = f"index build: {error}"
    try:
        from playwright.sync_api import sync_playwright

        def keep(path: str) -> bool:  # as bench_search.main counts: search's own files only
            data = path.startswith("search/") and not path.endswith(("/", ".html"))
            return data or path.endswith(("js/search.js", "vendor/lunr/lunr.min.js"))

        with bs.Server(output) as server, sync_playwright() as p:
            browser = p.chromium.launch(executable_path=bs.CHROMIUM, args=bs.CHROMIUM_ARGS)
            try:
                first = bs.lunr_first_search(browser, server.url, runs)
            finally:
                browser.close()
            files, raw, packed = bs.downloaded(output, server.url, first["urls"], keep)
        figures.update(first_search_files=files, first_search_raw=raw, first_search_gz=packed,
                       first_results_ms=first["nav"], query=bs.FIRST_QUERY)
    except Exception as error:
        figures["error"] = f"first search: {type(error).__name__}: {str(error).splitlines()[0][:200]}"
    return figures
