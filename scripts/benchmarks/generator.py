"""The generator (parse, enrich, link, write) timed phase by phase in process, and its memory."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
import time
import tracemalloc
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from .common import ENTITIES, ENTRY, ERRATA, PELICAN_TIMEOUT, ROOT, log, median, run_child, set_aside

PHASES = ["parse", "enrich", "link", "write"]


def generator_steps() -> dict[str, Callable] | None:
    try:
        from actionplan.facts.enrich import enrich, load_entities
        from actionplan.link import first_mentions, link
        from actionplan.outdir import MANIFEST
        from actionplan.outdir import write as write_files
        from actionplan.reading.parse import parse_plan_file
        from actionplan.records.updates import UpdatesRecord
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


def forget_earlier_runs() -> None:
    """Make the next run cold, as a run of scripts/plan_to_pages.py is: the generator keeps some
    results from run to run in one process (functools caches of pure functions, and name finders,
    topic indexes and schema validators kept by identity), which the tests, running it many times,
    gain from; timed warm, a phase would show the cost of a second run (parse 0 ms), not of a run."""
    for name, module in list(sys.modules.items()):
        if name == "actionplan" or name.startswith("actionplan."):
            for value in list(vars(module).values()):  # functools caches and actionplan.memo's alike
                if not isinstance(value, type) and callable(getattr(value, "cache_clear", None)):
                    value.cache_clear()


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
        set_aside(state["out"])
        forget_earlier_runs()
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
    set_aside(scratch / "gen-content")
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
        [sys.executable, str(ENTRY), "--worker-memory", str(plan), str(out)],
        capture_output=True, text=True, timeout=PELICAN_TIMEOUT,
    )
    set_aside(out)
    phases = json.loads(proc.stdout.strip().splitlines()[-1]) if proc.returncode == 0 else {}
    # --no-lock: the synthetic plans are other plans, read into scratch folders.
    cli = [sys.executable, str(ROOT / "scripts" / "plan_to_pages.py"), "--plan", str(plan), "--out", str(out),
           "--no-lock"]
    _, code, rss, _ = run_child(cli)
    set_aside(out)
    return phases, (rss if code == 0 else None)
