"""Lighthouse (scripts/bench-node/) on pages served with gzip from 127.0.0.1."""

from __future__ import annotations

import contextlib
import functools
import gzip
import http.server
import io
import json
import os
import subprocess
import threading
from pathlib import Path

from .common import CHROMIUM, GZIP_LEVEL, median


class GzipHandler(http.server.SimpleHTTPRequestHandler):
    """Serves a folder as a static host would: gzip for text when the browser accepts it."""

    def log_message(self, *args):
        pass

    def send_head(self):
        url_path = self.path.split("?", 1)[0].split("#", 1)[0]
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            if not url_path.endswith("/"):
                return super().send_head()  # the redirect to the folder's URL
            path = path / "index.html"
        text = path.suffix in {".html", ".css", ".js", ".json", ".svg", ".txt", ".xml"}
        if not (text and path.is_file() and "gzip" in self.headers.get("Accept-Encoding", "")):
            return super().send_head()
        data = gzip.compress(path.read_bytes(), compresslevel=GZIP_LEVEL)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        return io.BytesIO(data)


@contextlib.contextmanager
def serve(folder: Path):
    handler = functools.partial(GzipHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def lighthouse(output: Path, pages: dict[str, str], where: Path, runs: int) -> dict:
    """Performance and accessibility (mobile, simulated throttling), median of `runs`, per page."""
    from bench_node import bench_tool  # scripts/bench_node.py

    try:
        lighthouse_bin = bench_tool("lighthouse")
    except (OSError, subprocess.CalledProcessError, SystemExit) as error:
        return {"error": f"Lighthouse could not be installed: {error}"}
    env = dict(os.environ, CHROME_PATH=CHROMIUM)
    results: dict = {}
    with serve(output) as base:
        for name, rel in pages.items():
            perf, a11y = [], []
            for i in range(runs):
                report = where / f"lh-{name}-{i}.json"
                cmd = [str(lighthouse_bin), base + rel, "--only-categories=performance,accessibility",
                       "--output=json", f"--output-path={report}", "--quiet",
                       "--chrome-flags=--headless=new --no-sandbox --disable-gpu"]
                proc = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=240)
                if proc.returncode != 0 or not report.exists():
                    results[name] = {"error": (proc.stderr.strip().splitlines() or ["failed"])[-1]}
                    break
                data = json.loads(report.read_text())
                cats = data["categories"]
                perf.append(round((cats["performance"]["score"] or 0) * 100))
                a11y.append(round((cats["accessibility"]["score"] or 0) * 100))
                failing = [a for a, v in data["audits"].items()
                           if v.get("score") is not None and v["score"] < 1
                           and v.get("scoreDisplayMode") == "binary"
                           and a in {r["id"] for r in cats["accessibility"]["auditRefs"]}]
                metrics = {k: data["audits"][k].get("numericValue") for k in
                           ("first-contentful-paint", "largest-contentful-paint", "total-blocking-time",
                            "cumulative-layout-shift") if k in data["audits"]}
                results[name] = {"a11y_failing": failing, "metrics": metrics}
            if perf:
                results[name].update(performance=int(median(perf)), accessibility=int(median(a11y)))
    return results
