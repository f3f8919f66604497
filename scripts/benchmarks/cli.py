"""The command line: runs every measurement in a scratch folder and writes docs/benchmarks.md."""

from __future__ import annotations

import argparse
import compileall
import os
import shutil
import tempfile
import time
from pathlib import Path

from .builds import ablation, cached_rebuild, instructions, settings_file, warm_builds
from .common import DOC, PLAN, PROFILES, ROOT, SAMPLE_ACTION, log
from .generator import memory_worker
from .lighthouse import lighthouse
from .profiles import breakdown_worker, build_breakdown, profile_generator, profile_pelican
from .report import machine, notes_from, render
from .scale import ScalePoint, measure_scale
from .tables import tabulate


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Benchmarks for the whole pipeline; writes docs/benchmarks.md.")
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
    # The project's own modules as bytecode first, as a clone's first build leaves them (bare Pelican's
    # were compiled when pip installed it): a shell with PYTHONDONTWRITEBYTECODE=1 would otherwise have
    # every build compile actionplan/ and plugins/ again (about 0.27 G instructions).
    compileall.compile_dir(ROOT / "actionplan", quiet=1)
    compileall.compile_dir(ROOT / "plugins", quiet=1)
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
            log("1x: warm builds (the cache folder of the build before)")
            rebuild["warm"] = warm_builds(where, where / "content-1x", pelican_reps)

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
