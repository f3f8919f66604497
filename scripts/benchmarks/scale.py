"""One plan size measured end to end (synthetic plans 2, 5, 10 times the real one), and growth exponents."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from pathlib import Path

from .builds import Build, make_content, pelican_pair
from .common import PLAN, SAMPLE_ACTION, log, median, set_aside
from .generator import GeneratorResult, generator_memory, time_generator
from .search import search_figures
from .weight import output_bytes, page_weight


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
    plain_bytes: int = 0
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
    point.plain_bytes, point.plain_files = output_bytes(where / "out-plain")
    log(f"{times}x: search (scripts/bench_search.py)")
    point.search = search_figures(output, search_runs)
    point.home = page_weight(output, "index.html")
    actions = sorted((output / "actions").glob("*/index.html"))
    sample = output / "actions" / SAMPLE_ACTION / "index.html"
    chosen = sample if sample.exists() else (actions[0] if actions else None)
    point.action = page_weight(output, str(chosen.relative_to(output))) if chosen else None
    keep = where / f"out-{times}x"
    set_aside(keep)
    output.rename(keep)
    return point
