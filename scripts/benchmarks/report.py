"""The report: the machine, the Markdown document and its method section."""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import platform
import re
from pathlib import Path

from .common import CHROMIUM, ROOT, command_version, version


def machine() -> dict[str, str]:
    cpu = "unknown"
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    mem = "unknown"
    with contextlib.suppress(OSError):
        kib = int(Path("/proc/meminfo").read_text().split()[1])
        mem = f"{kib / 1024 / 1024:.0f} GiB"
    commit = command_version(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"])
    lh = "not installed"
    with contextlib.suppress(OSError, ValueError):
        lh = json.loads((ROOT / "scripts" / "bench-node" / "node_modules" / "lighthouse" / "package.json").read_text())[
            "version"
        ]
    return {
        "date": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "commit": commit,
        "machine": f"{cpu}, {os.cpu_count()} cores, {mem} RAM, {platform.system()} {platform.release()}",
        "python": platform.python_version(),
        "pelican": version("pelican"),
        "markdown": version("markdown"),
        "lunr.py": version("lunr"),
        "node": command_version(["node", "--version"]),
        "chromium": command_version([CHROMIUM, "--version"]),
        "lighthouse": lh,
        "load average at start (1, 5, 15 min)": ", ".join(f"{x:.1f}" for x in os.getloadavg()),
    }


def verdict(ok: bool | None) -> str:
    return "n/a" if ok is None else ("PASS" if ok else "MISS")


def render(report: dict) -> str:
    m = report["machine"]
    out = ["# Benchmarks", "",
           "Made by `.venv/bin/python scripts/bench.py" + (" --quick" if report["quick"] else "") +
           "` (the figures below are from one run; rerun to refresh). Medians of "
           f"{report['reps']} runs for the generator and {report['pelican_reps']} for Pelican at 1x.", "",
           "| | |", "| --- | --- |"]
    out += [f"| {k} | {v} |" for k, v in m.items()]
    out += ["", "## Targets", "", "| target | figure | result |", "| --- | --- | --- |"]
    out += [f"| {t} | {f} | {r} |" for t, f, r in report["targets"]]
    for title, rows in report["tables"]:
        out += ["", f"## {title}", ""]
        out += [f"| {' | '.join(rows[0])} |", "| " + " | ".join("---" for _ in rows[0]) + " |"]
        out += [f"| {' | '.join(str(c) for c in r)} |" for r in rows[1:]]
    out += ["", "## Method", "", METHOD.strip(), ""]
    if report.get("notes"):
        out += ["## Notes", "", report["notes"].strip(), ""]
    return "\n".join(out)


METHOD = """
- Times: every figure is taken as wall time (`time.perf_counter`) and CPU time (user + system:
  `time.process_time` in process, `os.wait4` for a child). Verdicts and growth exponents use CPU
  time: this is a shared 2-core machine, and other work on it (the load averages above) stretches
  wall time far more than CPU time. On an idle machine the two agree within I/O.
- Generator: each phase in process, median of several runs: parse (`parse_plan_file`, with
  `plan/errata.toml`), enrich (`load_entities` + `enrich`), link (`link` + `first_mentions`),
  write (`render_content` and writing every file into an empty folder). Peak memory: each phase's
  extra traced memory (tracemalloc, in a child process) and the peak RSS of
  `scripts/plan_to_pages.py` run as a child of its own.
- Pelican: `pelican -s <override>` as a child process (start-up included), our site and the bare
  Pelican site alternated, build by build, on the same generated `content/` in a scratch folder
  under `.bench/`. The bare site is the same action pages with `pelicanconf.py`'s content settings
  and nothing this project adds: `THEME` notmyidea (with a one-line alias for each `Template:` the
  content names), `PLUGINS = []`, no hand-written pages or static data (`PAGE_PATHS = []`,
  `STATIC_PATHS = []`), `DIRECT_TEMPLATES = ['index']`, no menu of every page and Pelican's default
  Jinja environment. Every one of these builds is a fresh clone's: its `CACHE_PATH` is a new
  empty folder and it has no output folder yet; what it finds is what a clone has: the templates
  compiled in `theme/compiled/` (`scripts/compile_templates.py`; a template edited since is compiled
  again) and the project's Python modules as bytecode, which the benchmark writes first (compileall)
  as a clone's first build does and as pip did for Pelican's own; the warm row is our site
  building with the cache folder and the output the build before it left (which Pelican empties
  first), the content cache off.
  Files and bytes written are counted in each build's output folder. The plugin
  table builds our site with one plugin left out at a time, each right after a whole build with
  the URL check off (as in every variant), and gives the difference within each such pair; a
  plugin the theme cannot do without stops the build by design, and its row gives the plugin's own
  CPU inside a build from the sampled table instead.
  Nothing a measurement made is deleted until every timing is done: it is moved aside within the
  scratch folder. This machine's ext4 has no journal, and there a new file does not take an inode
  freed in the last 60 s (300 s while its inode table block is unwritten): the allocator reads and
  steps past each (`recently_deleted()` in the kernel's `fs/ext4/ialloc.c`). Deleting the build
  before's 2,000 files right before a build charged that build 0.1-0.7 s of system time, swinging
  with the seconds between the two. A run started within five minutes of deleting many files
  (another benchmark run's scratch folder, a test run's) can still pay some of it.
  CPU time on this virtual machine drifts by a quarter from minute to minute, and creating a file
  costs anywhere from 0.05 to 0.6 ms of system time, so the table also gives the ratio within
  each alternated pair and the instructions one build of each executes in user space (valgrind
  cachegrind without cache simulation), which are the same on every run.
- Cached rebuild: `LOAD_CONTENT_CACHE = True`, `CACHE_CONTENT = True`, `CACHE_PATH` in the scratch
  folder, emptied first; one full build, then rebuilds each after one action's Markdown changed by a word, and a
  round trip: one action's text changed in the plan, `scripts/plan_to_pages.py`, Pelican.
- Page weight: the HTML plus the CSS and JavaScript it loads at once (stylesheets, scripts and their
  static imports), raw and gzip level 6; the search index is loaded only on search and excluded.
- Search: through `scripts/bench_search.py` (index build with `build_search_files`; a cold first
  search in headless chromium, counting search's own files, gzip level 6). Its comparison with
  Pagefind is in `docs/search.md`.
- Lighthouse: the npm package (in scripts/bench-node/, installed by the benchmark) with
  `CHROME_PATH=/usr/bin/chromium`, headless, default mobile emulation with simulated throttling, pages
  served from 127.0.0.1 with gzip.
- Scale: `scripts/make_synthetic_plan.py --times N` keeps the real plan and adds N-1 varied copies
  of every pillar's themes and commitments after it (numbers after 34, about a third of the plain
  words replaced by invented ones in each copy, headings varied whole, names of organisations and
  laws kept so that enrich and link find as much as they would in real text). The exponent is the
  least-squares slope of log(figure) against log(actions) over the scales measured: 1 is linear.
"""


def notes_from(doc: Path) -> str:
    if not doc.exists():
        return ""
    text = doc.read_text(encoding="utf-8")
    m = re.search(r"^## Notes\s*$", text, re.M)
    return text[m.end():].strip() if m else ""
