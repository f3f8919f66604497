#!/usr/bin/env python3
"""Benchmarks for the whole pipeline: generator phases, `pelican content` beside plain Pelican, a cached
rebuild, search, page weight, Lighthouse, and scale with synthetic plans 2, 5 and 10 times the size.

Prints a table with each target's figure and PASS or MISS, and writes docs/benchmarks.md (the machine,
versions and date; a "## Notes" section already in that file is kept). Everything runs on this machine
in temporary folders; nothing reaches the network.

    .venv/bin/python scripts/bench.py            # full run, about 10 minutes on 2 cores
    .venv/bin/python scripts/bench.py --quick    # fewer repetitions, scales 1x and 10x only
    .venv/bin/python scripts/bench.py --profile  # also write pyinstrument profiles to .bench/
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import functools
import gzip
import http.server
import importlib.metadata
import io
import json
import math
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import tracemalloc
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

PLAN = ROOT / "plan" / "action-plan-2025-12.md"
ERRATA = ROOT / "plan" / "errata.toml"
ENTITIES = ROOT / "plan" / "entities.toml"
CONTENT = ROOT / "content"
BIN = Path(sys.executable).parent
PELICAN = [str(BIN / "pelican")] if (BIN / "pelican").exists() else [sys.executable, "-m", "pelican"]
CHROMIUM = "/usr/bin/chromium"
DOC = ROOT / "docs" / "benchmarks.md"
PROFILES = ROOT / ".bench"
GZIP_LEVEL = 6  # what static hosts commonly serve
PELICAN_TIMEOUT = 900

# Targets (issue 6), each a figure from this run.
TARGET_PELICAN_RATIO = 1.5
TARGET_GENERATOR_S = 1.0
TARGET_ACTION_PAGE_GZ = 20 * 1024
TARGET_A11Y = 100
TARGET_PERF = 95
TARGET_EXPONENT = 1.1
SAMPLE_ACTION = "12e"


# --- small helpers ------------------------------------------------------------------------------


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def kb(n: float) -> str:
    return f"{n / 1024:.1f} KB"


def secs(s: float | None) -> str:
    if s is None or (isinstance(s, float) and math.isnan(s)):
        return "n/a"
    return f"{s * 1000:.0f} ms" if s < 1 else f"{s:.2f} s"


def mib(kib: float | None) -> str:
    return "n/a" if kib is None else f"{kib / 1024:.0f} MiB"


def gz(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=GZIP_LEVEL, mtime=0))


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def run_child(cmd: list[str], timeout: float = PELICAN_TIMEOUT, **kwargs) -> tuple[float, int, int, str]:
    """Run a process; return (wall seconds, exit code, its own peak RSS in KiB, stderr tail).
    Its CPU seconds (user + system, user, system) are left in `last_cpu`, for figures that other load on the
    machine must not skew.

    os.wait4 gives the rusage of that one child, so each step's peak memory is its own.
    """
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, **kwargs)
    err_chunks: list[bytes] = []
    reader = threading.Thread(target=lambda: err_chunks.append(proc.stderr.read()), daemon=True)
    reader.start()
    deadline = start + timeout
    while True:
        pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
        if pid:
            break
        if time.perf_counter() > deadline:
            proc.kill()
            pid, status, usage = os.wait4(proc.pid, 0)
            break
        time.sleep(0.005)
    elapsed = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    reader.join(5)
    err = b"".join(err_chunks).decode(errors="replace")
    last_cpu[:] = [usage.ru_utime + usage.ru_stime, usage.ru_utime, usage.ru_stime]
    return elapsed, proc.returncode, usage.ru_maxrss, err[-2000:]


last_cpu = [0.0, 0.0, 0.0]


def version(dist: str) -> str:
    try:
        return importlib.metadata.version(dist)
    except importlib.metadata.PackageNotFoundError:
        return "not installed"


def command_version(cmd: list[str]) -> str:
    try:
        out = subprocess.run(cmd, capture_output=True, text=True, timeout=30).stdout.strip()
        return out.splitlines()[0] if out else "n/a"
    except (OSError, subprocess.SubprocessError):
        return "n/a"


# --- the generator in process --------------------------------------------------------------------

PHASES = ["parse", "enrich", "link", "write"]


def generator_steps() -> dict[str, Callable] | None:
    try:
        from actionplan.cli import MANIFEST
        from actionplan.cli import write as write_files
        from actionplan.enrich import enrich, load_entities
        from actionplan.link import first_mentions, link
        from actionplan.parse import parse_plan_file
        from actionplan.updates import UpdatesRecord
        from actionplan.write import render_content
    except ImportError as error:
        log(f"generator not importable yet: {error}")
        return None

    def parse(state):
        state["plan"], _ = parse_plan_file(str(state["path"]), str(ERRATA) if ERRATA.exists() else None)

    def do_enrich(state):
        state["facts"] = enrich(state["plan"], load_entities(str(ENTITIES)))

    def do_link(state):
        plan, facts = state["plan"], state["facts"]
        state["links"] = link(plan, facts)
        state["mentions"] = {a.id: first_mentions(a, facts) for a in plan.actions()}

    def write(state):
        start, cpu = time.perf_counter(), time.process_time()
        # Synthetic plans have their own action ids: an empty progress record, reviewed at publication.
        record = UpdatesRecord(dt.date(2025, 12, 1), ())
        files = render_content(state["plan"], state["facts"], state["links"], state["mentions"], record=record)
        state["render"] = (time.perf_counter() - start, time.process_time() - cpu)
        files[MANIFEST] = "".join(f"{p}\n" for p in sorted(files)).encode()
        write_files(files, Path(state["out"]))  # into an empty folder: every file is written
        state["files"] = files

    return {"parse": parse, "enrich": do_enrich, "link": do_link, "write": write}


@dataclass
class GeneratorResult:
    times: dict[str, list[float]] = field(default_factory=dict)  # wall seconds per run
    cpu: dict[str, list[float]] = field(default_factory=dict)  # CPU seconds (user + system) per run
    actions: int = 0
    commitments: int = 0
    content_bytes: int = 0
    error: str | None = None

    def median(self, phase: str) -> float:
        return median(self.times.get(phase, []))

    def median_cpu(self, phase: str) -> float:
        return median(self.cpu.get(phase, []))

    @property
    def total(self) -> float:
        return sum(self.median(p) for p in PHASES)

    @property
    def total_cpu(self) -> float:
        return sum(self.median_cpu(p) for p in PHASES)


def time_generator(plan: Path, reps: int, scratch: Path) -> GeneratorResult:
    result = GeneratorResult(times={p: [] for p in PHASES + ["render"]}, cpu={p: [] for p in PHASES + ["render"]})
    steps = generator_steps()
    if steps is None:
        result.error = "generator not importable"
        return result
    for _ in range(reps):
        state = {"path": plan, "out": scratch / "gen-content"}
        shutil.rmtree(state["out"], ignore_errors=True)
        try:
            for phase in PHASES:
                start, cpu = time.perf_counter(), time.process_time()
                steps[phase](state)
                result.times[phase].append(time.perf_counter() - start)
                result.cpu[phase].append(time.process_time() - cpu)
            result.times["render"].append(state["render"][0])
            result.cpu["render"].append(state["render"][1])
        except Exception as error:  # a phase that has not landed or fails: report, go on
            result.error = f"{type(error).__name__}: {error}"
            log(f"generator on {plan.name}: {result.error}")
            return result
    result.actions = sum(1 for _ in state["plan"].actions())
    result.commitments = len(state["plan"].commitments)
    result.content_bytes = sum(len(b) for b in state["files"].values())
    shutil.rmtree(scratch / "gen-content", ignore_errors=True)
    return result


def memory_worker(plan: Path, out: Path) -> None:
    """Child process: run each phase once under tracemalloc; print the extra memory each needed."""
    steps = generator_steps()
    state = {"path": plan, "out": out}
    report = {}
    tracemalloc.start()
    for phase in PHASES:
        before = tracemalloc.get_traced_memory()[0]
        tracemalloc.reset_peak()
        steps[phase](state)
        report[phase] = (tracemalloc.get_traced_memory()[1] - before) / 1024
    tracemalloc.stop()
    print(json.dumps(report))


def generator_memory(plan: Path, scratch: Path) -> tuple[dict[str, float], int | None]:
    """Per-phase tracemalloc peaks (KiB) and the whole generator's peak RSS (KiB), from children."""
    out = scratch / "mem-content"
    proc = subprocess.run(
        [sys.executable, __file__, "--worker-memory", str(plan), str(out)],
        capture_output=True, text=True, timeout=PELICAN_TIMEOUT,
    )
    shutil.rmtree(out, ignore_errors=True)
    phases = json.loads(proc.stdout.strip().splitlines()[-1]) if proc.returncode == 0 else {}
    # --no-lock: the synthetic plans are other plans, read into scratch folders.
    cli = [sys.executable, str(ROOT / "scripts" / "plan_to_pages.py"), "--plan", str(plan), "--out", str(out),
           "--no-lock"]
    _, code, rss, _ = run_child(cli)
    shutil.rmtree(out, ignore_errors=True)
    return phases, (rss if code == 0 else None)


# --- content and Pelican ------------------------------------------------------------------------


def make_content(plan: Path, dest: Path) -> str | None:
    """content/ for `plan` in `dest`: the repository's content/ (hand-written pages included), then
    the generator over it. Returns an error line, or None."""
    shutil.rmtree(dest, ignore_errors=True)
    shutil.copytree(CONTENT, dest)
    cmd = [sys.executable, str(ROOT / "scripts" / "plan_to_pages.py"), "--plan", str(plan), "--out", str(dest),
           "--no-lock"]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=PELICAN_TIMEOUT)
    if proc.returncode != 0:
        return (proc.stderr or proc.stdout).strip().splitlines()[-1] if (proc.stderr or proc.stdout) else "failed"
    return None


def settings_file(where: Path, content: Path, output: Path, plain: bool, cache: Path | None,
                  extra: list[str] | None = None, name: str | None = None) -> Path:
    """A settings override in a temporary folder: pelicanconf.py with absolute paths into `where`.

    Plain Pelican keeps every content setting (URLs, Markdown extensions, paths) and drops only what
    this project adds: THEME becomes notmyidea, PLUGINS is empty, DIRECT_TEMPLATES only "index",
    no menu of every page (DISPLAY_PAGES_ON_MENU = False) and Pelican's default JINJA_ENVIRONMENT.
    """
    lines = [
        "from runpy import run_path",
        f"globals().update({{k: v for k, v in run_path({str(ROOT / 'pelicanconf.py')!r}).items() if k.isupper()}})",
        f"PATH = {str(content)!r}",
        f"OUTPUT_PATH = {str(output)!r}",
        f"THEME = {str(ROOT / 'theme')!r}",
        "DELETE_OUTPUT_DIRECTORY = True",
    ]
    if cache:
        lines += ["LOAD_CONTENT_CACHE = True", "CACHE_CONTENT = True", f"CACHE_PATH = {str(cache)!r}"]
    else:
        lines += ["LOAD_CONTENT_CACHE = False", "CACHE_CONTENT = False",
                  f"CACHE_PATH = {str(where / 'unused-cache')!r}"]
    if plain:
        lines += [f"THEME = {str(plain_theme(where, content))!r}", "PLUGINS = []",
                  "DIRECT_TEMPLATES = ['index']", "JINJA_GLOBALS = {}", "JINJA_FILTERS = {}",
                  # notmyidea lists every page in every page's menu: quadratic in pages, and not
                  # what anyone would publish with hundreds of pages, so it would flatter the ratio.
                  "DISPLAY_PAGES_ON_MENU = False",
                  # Pelican's default: notmyidea prints content unescaped, our theme escapes by default.
                  "JINJA_ENVIRONMENT = {'trim_blocks': True, 'lstrip_blocks': True, 'extensions': []}"]
    lines += extra or []
    name = name or ("plain" if plain else "ours") + ("-cached" if cache else "") + "conf.py"
    path = where / name
    path.write_text("\n".join(lines) + "\n")
    return path


def plain_theme(where: Path, content: Path) -> Path:
    """notmyidea, plus a one-line alias for each `Template:` the content asks for (article or page),
    so plain Pelican renders every file our site does, with its own stock templates."""
    import pelican

    theme = where / "notmyidea"
    if theme.exists():
        return theme
    shutil.copytree(Path(pelican.__file__).parent / "themes" / "notmyidea", theme)
    wanted: dict[str, str] = {}
    for md in content.rglob("*.md"):
        head = md.read_text(encoding="utf-8", errors="replace").split("\n\n", 1)[0]
        m = re.search(r"^Template:\s*(\S+)", head, re.M | re.I)
        if m:
            kind = "article" if md.relative_to(content).parts[0] == "actions" else "page"
            wanted.setdefault(m.group(1), kind)
    for name, kind in wanted.items():
        target = theme / "templates" / f"{name}.html"
        if not target.exists():
            target.write_text(f'{{% extends "{kind}.html" %}}\n')
    return theme


@dataclass
class Build:
    seconds: float
    ok: bool
    rss_kib: int
    error: str = ""
    cpu: float = 0.0
    cpu_min: float = 0.0  # of the runs a median was taken over
    user: float = 0.0  # CPU in the program itself (Python: templates, plugins, Markdown)
    system: float = 0.0  # CPU in the kernel for it: mostly creating and deleting files


def pelican_build(settings: Path, cwd: Path, extra: list[str] | None = None) -> Build:
    cmd = PELICAN + ["-s", str(settings), "-q"] + (extra or [])
    env = dict(os.environ, COLUMNS="250")  # Pelican's rich log wraps tracebacks to the terminal width
    elapsed, code, rss, err = run_child(cmd, cwd=cwd, env=env)
    lines = [ln for ln in err.splitlines() if ln.strip()]
    error = "" if code == 0 else (lines[-1].strip() if lines else f"exit {code}")
    return Build(elapsed, code == 0, rss, error, last_cpu[0], user=last_cpu[1], system=last_cpu[2])


def instructions(settings: Path, cwd: Path) -> int | None:
    """Instructions one build executes in user space, counted by valgrind (cachegrind, no cache
    simulation): the same on every run, however fast the machine is at the moment. None without
    valgrind."""
    if not shutil.which("valgrind"):
        return None
    out = settings.with_suffix(".cachegrind")
    cmd = ["valgrind", "--tool=cachegrind", "--cache-sim=no", f"--cachegrind-out-file={out}",
           sys.executable, "-m", "pelican", "-s", str(settings), "-q"]
    proc = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, timeout=PELICAN_TIMEOUT)
    out.unlink(missing_ok=True)
    found = re.search(r"I\s+refs:\s+([\d,]+)", proc.stderr)
    return int(found.group(1).replace(",", "")) if proc.returncode == 0 and found else None


def pelican_pair(where: Path, content: Path, reps: int) -> tuple[list[Build], list[Build]]:
    """Our site and plain Pelican on the same content, alternated so drift hits both alike."""
    ours_conf = settings_file(where, content, where / "out-ours", plain=False, cache=None)
    plain_conf = settings_file(where, content, where / "out-plain", plain=True, cache=None)
    ours, plain = [], []
    for _ in range(reps):
        ours.append(pelican_build(ours_conf, where))
        plain.append(pelican_build(plain_conf, where))
        if not ours[-1].ok or not plain[-1].ok:
            break
    return ours, plain


def ablation(where: Path, content: Path, reps: int) -> list[tuple[str, float, float, str]]:
    """CPU seconds of our build with one plugin left out at a time, and of the theme with only the
    plugins its templates need: what each part costs, robust to other load on the machine."""
    import runpy

    plugins = list(runpy.run_path(str(ROOT / "pelicanconf.py")).get("PLUGINS", []))
    needed = [p for p in ("plugins.plan_context", "plugins.charts") if p in plugins]  # the templates call these
    variants: list[tuple[str, list[str] | None]] = [("our site", None)]
    # url_manifest fails a build that loses published files (plan_data's JSON, the sitemap), so
    # those variants leave its check off too.
    url_check_off = {"plugins.plan_data", "sitemap"}
    variants += [(f"without {p}" + (" (URL check off)" if p in url_check_off else ""), [x for x in plugins if x != p])
                 for p in plugins if p not in needed]
    variants.append((f"theme with {' and '.join(needed)} only", needed))
    conf_plain = settings_file(where, content, where / "out-abl-plain", plain=True, cache=None)
    confs = []
    for i, (label, chosen) in enumerate(variants):
        extra = None if chosen is None else [f"PLUGINS = {chosen!r}"]
        if "URL check off" in label:
            extra.append("URL_MANIFEST = ''")
        confs.append((label, settings_file(where, content, where / f"out-abl-{i}", False, None, extra,
                                           name=f"ablation{i}conf.py")))
    confs.append(("plain Pelican", conf_plain))
    cpu: dict[str, list[float]] = {label: [] for label, _ in confs}
    wall: dict[str, list[float]] = {label: [] for label, _ in confs}
    errors: dict[str, str] = {}
    for _ in range(reps):
        for label, conf in confs:
            if label in errors:
                continue
            b = pelican_build(conf, where)
            if b.ok:
                cpu[label].append(b.cpu)
                wall[label].append(b.seconds)
            else:
                errors[label] = b.error
    for i in range(len(variants)):
        shutil.rmtree(where / f"out-abl-{i}", ignore_errors=True)
    return [(label, median(cpu[label]), median(wall[label]), errors.get(label, "")) for label, _ in confs]


def touch_action_text(content: Path, action_id: str, n: int) -> None:
    """Change one word of one action's body, the way a maintainer's edit would."""
    page = content / "actions" / f"{action_id}.md"
    text = page.read_text(encoding="utf-8")
    head, body = text.split("\n\n", 1)
    page.write_text(f"{head}\n\n{body.rstrip()} (edit {n})\n", encoding="utf-8")


def cached_rebuild(where: Path, content: Path, reps: int) -> dict:
    """With the content cache on: a full build; rebuilds each after one action's Markdown changed by a
    word; and a maintainer's round trip, one action's text changed in the plan, the generator (which
    rewrites only the files that change), then Pelican."""
    cache = where / "cache"
    shutil.rmtree(cache, ignore_errors=True)
    conf = settings_file(where, content, where / "out-cached", plain=False, cache=cache)
    result: dict = {"first": pelican_build(conf, where), "rebuilds": [], "plan_edit": None}
    if not result["first"].ok:
        return result
    action = SAMPLE_ACTION if (content / "actions" / f"{SAMPLE_ACTION}.md").exists() else None
    action = action or sorted((content / "actions").glob("*.md"))[0].stem
    for n in range(reps):
        time.sleep(0.01)  # a later mtime than the cache saw
        touch_action_text(content, action, n)
        result["rebuilds"].append(pelican_build(conf, where))

    # The round trip: regenerate from the real plan (undoing the edits above), build, then edit the plan.
    make = [sys.executable, str(ROOT / "scripts" / "plan_to_pages.py"), "--out", str(content)]
    subprocess.run(make + ["--plan", str(PLAN)], capture_output=True, timeout=PELICAN_TIMEOUT)
    pelican_build(conf, where)
    text = PLAN.read_text(encoding="utf-8").split("\n")
    at = next((i for i, ln in enumerate(text) if re.match(r"^\s*-\s+c\)\s", ln)), None)
    if at is not None:
        text[at] = text[at].rstrip() + " This sentence is an edit."
        edited = where / "plan-edited.md"
        edited.write_text("\n".join(text), encoding="utf-8")
        generated, code, _, err = run_child(make + ["--plan", str(edited), "--no-lock"])
        built = pelican_build(conf, where)
        result["plan_edit"] = (generated if code == 0 else None, built)
    return result


# --- search -------------------------------------------------------------------------------------


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
        model = json.loads((output / "data" / "actions.json").read_text(encoding="utf-8"))
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


# --- page weight --------------------------------------------------------------------------------

LINK_RE = re.compile(r"""@import\s+(?:url\()?["']?([^"')\s]+)|url\(["']?([^"')]+\.css)["']?\)""")
IMPORT_RE = re.compile(r"""(?:^|\s)import\s+(?:[^'"]*?from\s+)?["']([^"']+\.m?js)["']""", re.M)


def page_resources(output: Path, page: Path) -> list[Path]:
    """Local CSS and JavaScript the page loads at once (stylesheets, scripts, their static imports)."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(page.read_bytes(), "html.parser")
    refs = []
    for tag in soup.find_all("link"):
        rel = " ".join(tag.get("rel") or []).lower()
        if "stylesheet" in rel or "modulepreload" in rel:
            refs.append(tag.get("href"))
    for tag in soup.find_all("script"):
        if tag.get("src"):
            refs.append(tag.get("src"))
    seen: list[Path] = []
    queue = [resolve(output, page, r) for r in refs if r]
    while queue:
        p = queue.pop(0)
        if p is None or p in seen or not p.is_file():
            continue
        seen.append(p)
        text = p.read_text(encoding="utf-8", errors="replace")
        pattern = LINK_RE if p.suffix == ".css" else IMPORT_RE
        for m in pattern.finditer(text):
            ref = next(g for g in m.groups() if g)
            queue.append(resolve(output, p, ref))
    return seen


def resolve(output: Path, base: Path, ref: str) -> Path | None:
    ref = ref.split("#", 1)[0].split("?", 1)[0]
    if not ref or re.match(r"^[a-z]+:|^//", ref):
        return None
    target = output / ref.lstrip("/") if ref.startswith("/") else base.parent / ref
    return target.resolve()


def page_weight(output: Path, rel: str) -> dict | None:
    page = output / rel
    if not page.exists():
        return None
    html = page.read_bytes()
    res = page_resources(output, page)
    css = [p for p in res if p.suffix == ".css"]
    js = [p for p in res if p.suffix in {".js", ".mjs"}]
    parts = {"html": [page], "css": css, "js": js}
    out = {k: (sum(len(p.read_bytes()) for p in v), sum(gz(p.read_bytes()) for p in v)) for k, v in parts.items()}
    out["total"] = (sum(v[0] for v in out.values()), sum(v[1] for v in out.values()))
    other = other_assets(output, page, css)
    out["other"] = (sum(len(p.read_bytes()) for p in other), sum(gz(p.read_bytes()) for p in other))
    base = output.resolve()
    out["files"] = [str(p.relative_to(base)) if p.is_relative_to(base) else str(p) for p in res + other]
    del html
    return out


def other_assets(output: Path, page: Path, css: list[Path]) -> list[Path]:
    """Images, icons and fonts the page or its CSS refer to (not in the CSS + JS target)."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(page.read_bytes(), "html.parser")
    refs = [(page, t.get("src")) for t in soup.find_all(["img", "source"]) if t.get("src")]
    refs += [(page, t.get("href")) for t in soup.find_all("link")
             if "icon" in " ".join(t.get("rel") or []).lower() and t.get("href")]
    for sheet in css:
        for m in re.finditer(r"url\(\s*[\"']?([^\"')]+)", sheet.read_text(encoding="utf-8", errors="replace")):
            if not m.group(1).endswith(".css") and not m.group(1).startswith("data:"):
                refs.append((sheet, m.group(1)))
    found: list[Path] = []
    for base, ref in refs:
        p = resolve(output, base, ref)
        if p and p.is_file() and p not in found:
            found.append(p)
    return found


def output_bytes(output: Path) -> tuple[int, int]:
    files = [p for p in output.rglob("*") if p.is_file()]
    return sum(p.stat().st_size for p in files), len(files)


# --- Lighthouse ---------------------------------------------------------------------------------


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


# --- scale --------------------------------------------------------------------------------------


def slope(xs: list[float], ys: list[float]) -> float | None:
    """Least-squares slope of log y against log x: the growth exponent."""
    pts = [(math.log(x), math.log(y)) for x, y in zip(xs, ys, strict=True) if x > 0 and y and y > 0]
    if len(pts) < 2:
        return None
    mx = sum(p[0] for p in pts) / len(pts)
    my = sum(p[1] for p in pts) / len(pts)
    den = sum((p[0] - mx) ** 2 for p in pts)
    return sum((p[0] - mx) * (p[1] - my) for p in pts) / den if den else None


@dataclass
class ScalePoint:
    times: int
    actions: int = 0
    generator: GeneratorResult | None = None
    gen_memory: dict = field(default_factory=dict)
    gen_rss: int | None = None
    build: Build | None = None
    plain: Build | None = None
    output_bytes: int = 0
    output_files: int = 0
    plain_files: int = 0
    # CPU of our build over plain Pelican's for each alternated pair: drift in the machine's speed
    # during the series hits both builds of a pair alike, so these scatter less than the medians.
    pair_ratios: list[float] = field(default_factory=list)
    search: dict = field(default_factory=dict)
    home: dict | None = None
    action: dict | None = None
    error: str | None = None


def measure_scale(times: int, where: Path, reps: int, pelican_reps: int, search_runs: int) -> ScalePoint:
    from make_synthetic_plan import synthesise

    point = ScalePoint(times)
    if times == 1:
        plan = PLAN
    else:
        plan = where / f"plan-{times}x.md"
        plan.write_text(synthesise(PLAN.read_text(encoding="utf-8"), times), encoding="utf-8")
    log(f"{times}x: generator ({reps} runs)")
    point.generator = time_generator(plan, reps, where)
    point.actions = point.generator.actions
    if point.generator.error:
        point.error = point.generator.error
        return point
    point.gen_memory, point.gen_rss = generator_memory(plan, where)
    content = where / f"content-{times}x"
    error = make_content(plan, content)
    if error:
        point.error = f"generator CLI: {error}"
        return point
    log(f"{times}x: pelican, ours and plain ({pelican_reps} runs each)")
    ours, plain = pelican_pair(where, content, pelican_reps)
    ok = [b for b in ours if b.ok]
    if not ok:
        point.error = f"pelican: {ours[-1].error}"
        point.build = ours[-1]
        return point
    point.build = Build(median([b.seconds for b in ok]), True, max(b.rss_kib for b in ok),
                        cpu=median([b.cpu for b in ok]), cpu_min=min(b.cpu for b in ok),
                        user=median([b.user for b in ok]), system=median([b.system for b in ok]))
    okp = [b for b in plain if b.ok]
    point.pair_ratios = sorted(o.cpu / p.cpu for o, p in zip(ours, plain, strict=False) if o.ok and p.ok and p.cpu)
    point.plain = (Build(median([b.seconds for b in okp]), True, max(b.rss_kib for b in okp),
                         cpu=median([b.cpu for b in okp]), cpu_min=min(b.cpu for b in okp),
                         user=median([b.user for b in okp]), system=median([b.system for b in okp]))
                   if okp else plain[-1] if plain else None)
    output = where / "out-ours"
    point.output_bytes, point.output_files = output_bytes(output)
    _, point.plain_files = output_bytes(where / "out-plain")
    log(f"{times}x: search (scripts/bench_search.py)")
    point.search = search_figures(output, search_runs)
    point.home = page_weight(output, "index.html")
    actions = sorted((output / "actions").glob("*/index.html"))
    sample = output / "actions" / SAMPLE_ACTION / "index.html"
    chosen = sample if sample.exists() else (actions[0] if actions else None)
    point.action = page_weight(output, str(chosen.relative_to(output))) if chosen else None
    keep = where / f"out-{times}x"
    shutil.rmtree(keep, ignore_errors=True)
    output.rename(keep)
    return point


# --- profiles -----------------------------------------------------------------------------------


def profile_generator(plan: Path, where: Path, name: str) -> Path | None:
    try:
        from pyinstrument import Profiler
    except ImportError:
        return None
    steps = generator_steps()
    if steps is None:
        return None
    profiler = Profiler(interval=0.0005)
    state = {"path": plan, "out": where / "prof-content"}
    profiler.start()
    for phase in PHASES:
        steps[phase](state)
    profiler.stop()
    PROFILES.mkdir(exist_ok=True)
    path = PROFILES / f"profile-generator-{name}.txt"
    path.write_text(profiler.output_text(unicode=False, color=False, show_all=False))
    return path


def profile_pelican(settings: Path, where: Path, name: str) -> Path | None:
    if not (BIN / "pyinstrument").exists():
        return None
    PROFILES.mkdir(exist_ok=True)
    path = PROFILES / f"profile-pelican-{name}.txt"
    cmd = [str(BIN / "pyinstrument"), "-r", "text", "-o", str(path), "-m", "pelican", "-s", str(settings), "-q"]
    subprocess.run(cmd, cwd=where, capture_output=True, timeout=PELICAN_TIMEOUT)
    return path if path.exists() else None


def _category(path: str) -> str | None:
    """Which part of the build a frame's file belongs to, for the time breakdown."""
    path = path or ""
    m = re.search(r"/plugins/([^/]+)/", path)
    if m and str(ROOT) in path:
        return f"plugin {m.group(1)}"
    if "pelican_sitemap" in path or "/pelican/plugins/sitemap" in path:
        return "plugin sitemap"
    if "/jinja2/" in path or path.endswith(".html"):
        return "templates (Jinja)"
    if "/markdown/" in path:
        return "Markdown"
    return None


def breakdown_worker(settings: Path) -> None:
    """Child process: Pelican in process, its main thread sampled every 2 ms or so from a second
    thread (which adds some overhead of its own: read the shares, not the totals). Each sample's CPU
    time, from the main thread's own CPU clock so that other load on the machine does not count,
    goes to the outermost plugin, template or Markdown frame on the stack. Prints JSON."""
    from pelican import main as pelican_main

    main_thread = threading.main_thread()
    clock = time.pthread_getcpuclockid(main_thread.ident)
    parts: dict[str, float] = {}
    done = threading.Event()

    def category_of(frame) -> str:
        stack = []
        while frame is not None:
            stack.append(frame.f_code.co_filename)
            frame = frame.f_back
        for path in reversed(stack):  # outermost first
            cat = _category(path)
            if cat:
                return cat
        return "everything else (Pelican: reading, URLs, writing files)"

    def sample() -> None:
        last = time.clock_gettime(clock)
        while not done.wait(0.002):
            now = time.clock_gettime(clock)
            frame = sys._current_frames().get(main_thread.ident)
            if frame is not None and now > last:
                cat = category_of(frame)
                parts[cat] = parts.get(cat, 0.0) + (now - last)
            last = now

    sys.setswitchinterval(0.002)
    start = time.clock_gettime(clock)
    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    with contextlib.suppress(SystemExit):
        pelican_main(["-s", str(settings), "-q"])
    done.set()
    sampler.join()
    total = time.clock_gettime(clock) - start
    print(json.dumps({"total": total, "parts": parts}))


def build_breakdown(settings: Path, where: Path) -> dict | None:
    proc = subprocess.run([sys.executable, __file__, "--worker-breakdown", str(settings)], cwd=where,
                          capture_output=True, text=True, timeout=PELICAN_TIMEOUT)
    with contextlib.suppress(ValueError, IndexError):
        return json.loads(proc.stdout.strip().splitlines()[-1])
    return None


# --- report -------------------------------------------------------------------------------------


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
- Pelican: `pelican -s <override>` as a child process (start-up included), our site and plain Pelican
  alternated on the same generated `content/` in a scratch folder under `.bench/`. Plain Pelican is
  `pelicanconf.py` with `THEME` notmyidea (with a one-line alias for each `Template:` the content
  names, extending `article.html` or `page.html`), `PLUGINS = []`, `DIRECT_TEMPLATES = ['index']`,
  no menu of every page and Pelican's default Jinja environment: the same content settings
  without this project's theme and plugins. The plugin table builds our site with one plugin left
  out at a time (those the templates call stay), and with only those the theme needs.
  CPU time on this virtual machine drifts by a quarter from minute to minute, and creating a file
  costs anywhere from 0.05 to 0.6 ms of system time, so the table also gives the ratio within
  each alternated pair and the instructions one build of each executes in user space (valgrind
  cachegrind without cache simulation), which are the same on every run.
- Cached rebuild: `LOAD_CONTENT_CACHE = True`, `CACHE_CONTENT = True`, `CACHE_PATH` in the scratch
  folder; one full build, then rebuilds each after one action's Markdown changed by a word, and a
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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="fewer repetitions; scales 1x and 10x")
    parser.add_argument("--scales", default=None, help="comma-separated plan sizes (default 1,2,5,10)")
    parser.add_argument("--no-lighthouse", action="store_true")
    parser.add_argument("--profile", action="store_true", help="pyinstrument profiles into .bench/")
    parser.add_argument("--out", type=Path, default=DOC, help="the Markdown report to write")
    parser.add_argument("--worker-memory", nargs=2, metavar=("PLAN", "OUT"), help=argparse.SUPPRESS)
    parser.add_argument("--worker-breakdown", metavar="SETTINGS", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker_breakdown:
        breakdown_worker(Path(args.worker_breakdown))
        return 0
    if args.worker_memory:
        memory_worker(Path(args.worker_memory[0]), Path(args.worker_memory[1]))
        return 0

    started = time.perf_counter()
    reps = 3 if args.quick else 7
    pelican_reps = 3 if args.quick else 9  # the ratio is the headline: more runs steady its medians
    scales = [int(s) for s in (args.scales or ("1,10" if args.quick else "1,2,5,10")).split(",")]
    if 1 not in scales:
        scales.insert(0, 1)
    report: dict = {"quick": args.quick, "reps": reps, "pelican_reps": pelican_reps, "tables": [],
                    "targets": [], "machine": machine()}
    # Scratch space in .bench/ (ignored by git): on this machine /tmp is shared with every test run.
    PROFILES.mkdir(exist_ok=True)
    where = Path(tempfile.mkdtemp(prefix="run-", dir=PROFILES))
    try:
        points: dict[int, ScalePoint] = {}
        for times in scales:
            r = reps if times == 1 else max(3, reps // 2)  # at least 3: the growth exponents rest on these
            pr = pelican_reps if times == 1 else (2 if times <= 2 and not args.quick else 1)
            points[times] = measure_scale(times, where, r, pr, 3 if times == 1 and not args.quick else 1)
            if points[times].error:
                log(f"{times}x: {points[times].error}")
        one = points[1]

        rebuild = None
        if not one.error:
            log("1x: cached rebuild")
            rebuild = cached_rebuild(where, where / "content-1x", max(2, pelican_reps - 2))

        parts: list = []
        if not one.error:
            log("1x: what each plugin costs (builds without it)")
            parts = ablation(where, where / "content-1x", 1 if args.quick else 3)
        report["ablation"] = parts
        if not one.error:
            log("1x: where the CPU time goes (sampled)")
            content = where / "content-1x"
            log("1x: instructions of one build each (valgrind)")
            report["instructions"] = {
                label: instructions(settings_file(where, content, where / f"out-ir-{label}", plain, None,
                                                  name=f"instructions-{label}conf.py"), where)
                for label, plain in (("ours", False), ("plain", True))
            }
            report["breakdown"] = {
                label: build_breakdown(settings_file(where, content, where / f"out-bd-{label}", plain, None,
                                                     name=f"breakdown-{label}conf.py"), where)
                for label, plain in (("ours", False), ("plain", True))
            }

        lh: dict = {}
        if not args.no_lighthouse and not one.error:
            log("1x: Lighthouse")
            action_rel = f"actions/{SAMPLE_ACTION}/"
            lh = lighthouse(where / "out-1x", {"home": "", "action": action_rel}, where, 1 if args.quick else 2)

        if args.profile and not one.error:
            log("profiles")
            for times in (1, max(scales)):
                plan = PLAN if times == 1 else where / f"plan-{times}x.md"
                profile_generator(plan, where, f"{times}x")
                conf = settings_file(where, where / f"content-{times}x", where / "out-prof", False, None)
                profile_pelican(conf, where, f"{times}x")

        tabulate(report, points, rebuild, lh)
    finally:
        shutil.rmtree(where, ignore_errors=True)

    report["machine"]["load average at end (1, 5, 15 min)"] = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    report["notes"] = notes_from(args.out)
    doc = render(report)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(doc, encoding="utf-8")
    print(doc)
    log(f"done in {time.perf_counter() - started:.0f} s; wrote {args.out}")
    return 0


def tabulate(report: dict, points: dict[int, ScalePoint], rebuild, lh: dict) -> None:
    one = points[1]
    tables = report["tables"]
    targets = report["targets"]
    g = one.generator
    ok_gen = g is not None and not g.error

    # Generator phases.
    rows = [["phase", "median wall", "median CPU", "wall min to max", "extra memory (tracemalloc)"]]
    if ok_gen:
        for p in PHASES + ["render"]:
            t = g.times[p]
            label = "  of which render_content (in memory)" if p == "render" else p
            memory = mib(one.gen_memory.get(p)) if one.gen_memory and p in one.gen_memory else ""
            rows.append([label, secs(median(t)), secs(g.median_cpu(p)), f"{secs(min(t))} to {secs(max(t))}", memory])
        rows.append(["**total**", f"**{secs(g.total)}**", f"**{secs(g.total_cpu)}**", "",
                     f"process peak RSS {mib(one.gen_rss)}"])
    else:
        rows.append(["(not run)", one.error or "", "", "", ""])
    tables.append((f"Generator phases, real plan ({one.actions} actions)", rows))
    targets.append(("generator under 1 s (CPU; wall)",
                    f"{secs(g.total_cpu)}; {secs(g.total)}" if ok_gen else "n/a",
                    verdict(g.total_cpu < TARGET_GENERATOR_S) if ok_gen else "n/a"))

    # Pelican vs plain.
    rows = [["build", "median wall", "median CPU (fastest run)", "of which user", "of which system", "peak RSS",
             "files written"]]
    ratio = cpu_ratio = user_ratio = None
    counted = report.get("instructions") or {}  # valgrind's counts, ours and plain
    ir_ratio = counted["ours"] / counted["plain"] if counted.get("ours") and counted.get("plain") else None
    if one.build and one.build.ok:
        rows.append(["our site", secs(one.build.seconds), f"{secs(one.build.cpu)} ({secs(one.build.cpu_min)})",
                     secs(one.build.user), secs(one.build.system), mib(one.build.rss_kib), one.output_files])
        if one.plain and one.plain.ok:
            rows.append(["plain Pelican (notmyidea, no plugins)", secs(one.plain.seconds),
                         f"{secs(one.plain.cpu)} ({secs(one.plain.cpu_min)})", secs(one.plain.user),
                         secs(one.plain.system), mib(one.plain.rss_kib), one.plain_files])
            ratio = one.build.seconds / one.plain.seconds
            cpu_ratio = one.build.cpu / one.plain.cpu if one.plain.cpu else None
            min_ratio = one.build.cpu_min / one.plain.cpu_min if one.plain.cpu_min else None
            user_ratio = one.build.user / one.plain.user if one.plain.user else None
            system_ratio = one.build.system / one.plain.system if one.plain.system else None
            rows.append(["**ratio**", f"{ratio:.2f}x", (f"**{cpu_ratio:.2f}x** ({min_ratio:.2f}x)"
                                                        if cpu_ratio and min_ratio else ""),
                         f"{user_ratio:.2f}x" if user_ratio else "", f"{system_ratio:.2f}x" if system_ratio else "",
                         "", ""])
            if ir_ratio:
                rows.append(["instructions executed (valgrind; the same on every run)", "",
                             f"{ir_ratio:.2f}x ({counted['ours'] / 1e9:.2f} G against "
                             f"{counted['plain'] / 1e9:.2f} G)", "", "", "", ""])
            if one.pair_ratios:
                pairs = one.pair_ratios
                rows.append([f"ratio within each of the {len(pairs)} alternated pairs: median (lowest to highest)", "",
                             f"{median(pairs):.2f}x ({pairs[0]:.2f}x to {pairs[-1]:.2f}x)", "", "", "", ""])
        elif one.plain:
            rows.append(["plain Pelican", f"failed: {one.plain.error}", "", "", "", "", ""])
    else:
        rows.append(["our site", f"failed: {one.error}", "", "", "", "", ""])
    if rebuild:
        first, rebuilds = rebuild["first"], rebuild["rebuilds"]
        if first.ok:
            rows.append(["with content cache: first build", secs(first.seconds), secs(first.cpu),
                         secs(first.user), secs(first.system), mib(first.rss_kib), ""])
            ok = [b for b in rebuilds if b.ok]
            rows.append([f"with content cache: after one action's Markdown changed ({len(ok)} runs)",
                         secs(median([b.seconds for b in ok])) if ok else "failed",
                         secs(median([b.cpu for b in ok])) if ok else "",
                         secs(median([b.user for b in ok])) if ok else "",
                         secs(median([b.system for b in ok])) if ok else "",
                         mib(max((b.rss_kib for b in ok), default=None)), ""])
            if rebuild["plan_edit"]:
                generated, built = rebuild["plan_edit"]
                rows.append(["with content cache: one action changed in the plan, generator + Pelican",
                             f"{secs(generated)} + {secs(built.seconds)}" if generated and built.ok else "failed",
                             f"Pelican {secs(built.cpu)}", secs(built.user), secs(built.system),
                             mib(built.rss_kib), ""])
        else:
            rows.append(["with content cache", f"failed: {first.error}", "", "", "", "", ""])
    tables.append(("`pelican content`, real plan", rows))
    targets.append((f"pelican within {TARGET_PELICAN_RATIO}x plain Pelican (CPU; user CPU; wall; instructions)",
                    f"{cpu_ratio:.2f}x; {user_ratio:.2f}x; {ratio:.2f}x; "
                    + (f"{ir_ratio:.2f}x" if ir_ratio else "n/a")
                    if ratio and cpu_ratio and user_ratio else "n/a",
                    verdict(cpu_ratio <= TARGET_PELICAN_RATIO) if cpu_ratio else "n/a"))

    if report.get("ablation"):
        ours_cpu = next((c for label, c, _, _ in report["ablation"] if label == "our site" and c), None)
        rows = [["build", "median CPU", "median wall", "CPU against our site"]]
        for label, c, w, error in report["ablation"]:
            if error:
                rows.append([label, f"fails without it: {error[:120]}", "", ""])
                continue
            saved = f"{c - ours_cpu:+.2f} s" if ours_cpu and label != "our site" else ""
            rows.append([label, secs(c), secs(w), saved])
        tables.append(("What each part costs: our build with one plugin left out, real plan", rows))

    bd = report.get("breakdown") or {}
    if bd.get("ours") and bd.get("plain"):
        names = list(dict.fromkeys(list(bd["ours"]["parts"]) + list(bd["plain"]["parts"])))
        names.sort(key=lambda n: -bd["ours"]["parts"].get(n, 0.0))
        rows = [["part", "our site", "plain Pelican", "difference"]]
        for n in names:
            a, b = bd["ours"]["parts"].get(n, 0.0), bd["plain"]["parts"].get(n, 0.0)
            rows.append([n, f"{secs(a)} ({100 * a / bd['ours']['total']:.0f}%)",
                         f"{secs(b)} ({100 * b / bd['plain']['total']:.0f}%)", f"{a - b:+.2f} s"])
        a, b = bd["ours"]["total"], bd["plain"]["total"]
        rows.append(["**total in Pelican's main thread** (start-up and imports not included)", secs(a), secs(b),
                     f"{a - b:+.2f} s"])
        tables.append(("Where the CPU time goes: one build each, sampled (outermost plugin, template or "
                       "Markdown frame; sampling adds overhead, so read the shares)", rows))

    # Search.
    s = one.search
    rows = [["figure", "value"]]
    if s.get("index_build_s") is not None:
        rows.append(["index build (lunr.py, `build_search_files`), wall; CPU",
                     f"{secs(float(s['index_build_s']))}; {secs(s.get('index_build_cpu'))}"])
    if s.get("index_build_peak_kib") is not None:
        rows.append(["index build peak memory (tracemalloc)", mib(s["index_build_peak_kib"])])
    if s.get("first_search_raw") is not None:
        rows.append([f"first search for “{s.get('query')}”: files", s["first_search_files"]])
        rows.append(["first search download, raw", kb(s["first_search_raw"])])
        rows.append(["first search download, gzip", kb(s["first_search_gz"])])
        rows.append(["navigation to first results (headless chromium, localhost)", f"{s['first_results_ms']:.0f} ms"])
    if s.get("error"):
        rows.append(["error", s["error"]])
    tables.append(("Search, real plan", rows))

    # Page weight and Lighthouse.
    rows = [["page", "HTML", "CSS", "JS", "total raw", "total gzip", "images, icons, fonts",
             "Lighthouse perf", "Lighthouse a11y"]]
    for name, w in (("home", one.home), (f"action ({SAMPLE_ACTION})", one.action)):
        key = "home" if name == "home" else "action"
        res = lh.get(key, {})
        if w:
            rows.append([name] + [f"{kb(w[k][0])} / {kb(w[k][1])} gz" for k in ("html", "css", "js")]
                        + [kb(w["total"][0]), kb(w["total"][1]), f"{kb(w['other'][0])} / {kb(w['other'][1])} gz",
                           res.get("performance", res.get("error", "n/a") if lh else "not run"),
                           res.get("accessibility", "n/a" if lh else "not run")])
    tables.append(("Page weight (HTML + CSS + JS loaded at once; search index excluded), real plan", rows))
    aw = one.action["total"][1] if one.action else None
    targets.append(("action page under 20 KB gzip with CSS and JS", kb(aw) if aw else "n/a",
                    verdict(aw < TARGET_ACTION_PAGE_GZ) if aw else "n/a"))
    if lh.get("error"):
        targets.append(("Lighthouse", lh["error"], "n/a"))
    for key in ("home", "action"):
        res = lh.get(key, {})
        a, p = res.get("accessibility"), res.get("performance")
        targets.append((f"Lighthouse accessibility 100 ({key})", a if a is not None else res.get("error", "n/a"),
                        verdict(a >= TARGET_A11Y) if a is not None else "n/a"))
        targets.append((f"Lighthouse performance at least 95 ({key})", p if p is not None else "n/a",
                        verdict(p >= TARGET_PERF) if p is not None else "n/a"))
        if res.get("a11y_failing"):
            targets.append((f"failing accessibility audits ({key})", ", ".join(res["a11y_failing"]), ""))

    # Scale.
    rows = [["plan", "actions", "parse", "enrich", "link", "write", "generator RSS", "pelican",
             "plain", "pelican RSS", "output", "files", "search index", "first search gz"]]
    for p in sorted(points.values(), key=lambda p: p.times):
        gm = p.generator
        if not gm or gm.error:
            rows.append([f"{p.times}x", p.actions, p.error or "n/a"] + [""] * 11)
            continue
        rows.append([
            f"{p.times}x", p.actions,
            *(secs(gm.median_cpu(ph)) for ph in PHASES),
            mib(p.gen_rss),
            secs(p.build.cpu) if p.build and p.build.ok else (p.error or "n/a"),
            secs(p.plain.cpu) if p.plain and p.plain.ok else "n/a",
            mib(p.build.rss_kib) if p.build and p.build.ok else "n/a",
            kb(p.output_bytes), p.output_files,
            secs(p.search.get("index_build_cpu")),
            kb(p.search["first_search_gz"]) if p.search.get("first_search_gz") else "n/a",
        ])
    tables.append(("Scale: synthetic plans (times are CPU medians)", rows))

    good = [p for _, p in sorted(points.items()) if not p.error and p.build and p.build.ok]
    if len(good) < 2:
        targets.append((f"every step grows at most as actions^{TARGET_EXPONENT}", "n/a (scales failed)", "n/a"))
        return
    xs = [p.actions for p in good]
    series = {  # name: (CPU or figure, wall or None)
        **{f"{ph}": ([p.generator.median_cpu(ph) for p in good], [p.generator.median(ph) for p in good])
           for ph in PHASES},
        "write: render_content only": ([p.generator.median_cpu("render") for p in good],
                                       [p.generator.median("render") for p in good]),
        "generator (all four)": ([p.generator.total_cpu for p in good], [p.generator.total for p in good]),
        "pelican, our site": ([p.build.cpu for p in good], [p.build.seconds for p in good]),
        "pelican, plain": ([p.plain.cpu if p.plain and p.plain.ok else 0 for p in good],
                           [p.plain.seconds if p.plain and p.plain.ok else 0 for p in good]),
        "search index build": ([p.search.get("index_build_cpu") or 0 for p in good],
                               [p.search.get("index_build_s") or 0 for p in good]),
        "generator peak RSS": ([p.gen_rss or 0 for p in good], None),
        "pelican peak RSS": ([p.build.rss_kib for p in good], None),
        "search index build peak memory": ([p.search.get("index_build_peak_kib") or 0 for p in good], None),
        "content/ bytes": ([p.generator.content_bytes for p in good], None),
        "output/ bytes": ([p.output_bytes for p in good], None),
        "first search bytes (gzip)": ([p.search.get("first_search_gz") or 0 for p in good], None),
        "action page bytes (gzip)": ([p.action["total"][1] if p.action else 0 for p in good], None),
        "home page bytes (gzip)": ([p.home["total"][1] if p.home else 0 for p in good], None),
    }
    scales = ", ".join(f"{p.times}x" for p in good)
    rows = [["figure", f"exponent ({scales})", f"{good[0].times}x to {good[-1].times}x", "wall-time exponent",
             "result"]]
    worst = None
    for name, (ys, wall) in series.items():
        e = slope(xs, ys)
        if e is None:
            continue
        e2 = slope([xs[0], xs[-1]], [ys[0], ys[-1]])
        ew = slope(xs, wall) if wall else None
        rows.append([name + (" time (CPU)" if wall else ""), f"{e:.2f}", f"{e2:.2f}" if e2 is not None else "",
                     f"{ew:.2f}" if ew is not None else "", verdict(round(e, 2) <= TARGET_EXPONENT)])
        if worst is None or e > worst[1]:
            worst = (name, e)
    tables.append(("Growth against the number of actions", rows))
    fails = [r[0] for r in rows[1:] if r[-1] == "MISS"]
    targets.append((f"every step grows at most as actions^{TARGET_EXPONENT} ({scales})",
                    f"worst: {worst[0]} {worst[1]:.2f}" + (f"; over: {', '.join(fails)}" if fails else ""),
                    verdict(round(worst[1], 2) <= TARGET_EXPONENT)))


if __name__ == "__main__":
    sys.exit(main())
