"""The figures turned into the report's targets and tables."""

from __future__ import annotations

from .common import (
    SAMPLE_ACTION,
    TARGET_A11Y,
    TARGET_ACTION_PAGE_GZ,
    TARGET_EXPONENT,
    TARGET_GENERATOR_S,
    TARGET_PELICAN_RATIO,
    TARGET_PERF,
    kb,
    median,
    mib,
    secs,
)
from .generator import PHASES
from .report import verdict
from .scale import ScalePoint, slope


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
             "files written", "bytes written"]]
    ratio = cpu_ratio = user_ratio = None
    counted = report.get("instructions") or {}  # valgrind's counts, ours and plain
    ir_ratio = counted["ours"] / counted["plain"] if counted.get("ours") and counted.get("plain") else None
    if one.build and one.build.ok:
        rows.append(["our site", secs(one.build.seconds), f"{secs(one.build.cpu)} ({secs(one.build.cpu_min)})",
                     secs(one.build.user), secs(one.build.system), mib(one.build.rss_kib), one.output_files,
                     kb(one.output_bytes)])
        if one.plain and one.plain.ok:
            rows.append([f"bare Pelican: the {one.actions} action pages (notmyidea, no plugins)",
                         secs(one.plain.seconds), f"{secs(one.plain.cpu)} ({secs(one.plain.cpu_min)})",
                         secs(one.plain.user), secs(one.plain.system), mib(one.plain.rss_kib), one.plain_files,
                         kb(one.plain_bytes)])
            ratio = one.build.seconds / one.plain.seconds
            cpu_ratio = one.build.cpu / one.plain.cpu if one.plain.cpu else None
            min_ratio = one.build.cpu_min / one.plain.cpu_min if one.plain.cpu_min else None
            user_ratio = one.build.user / one.plain.user if one.plain.user else None
            system_ratio = one.build.system / one.plain.system if one.plain.system else None
            rows.append(["**ratio**", f"{ratio:.2f}x", (f"**{cpu_ratio:.2f}x** ({min_ratio:.2f}x)"
                                                        if cpu_ratio and min_ratio else ""),
                         f"{user_ratio:.2f}x" if user_ratio else "", f"{system_ratio:.2f}x" if system_ratio else "",
                         "", f"{one.output_files / one.plain_files:.2f}x" if one.plain_files else "",
                         f"{one.output_bytes / one.plain_bytes:.2f}x" if one.plain_bytes else ""])
            if ir_ratio:
                rows.append(["instructions executed (valgrind; the same on every run)", "",
                             f"{ir_ratio:.2f}x ({counted['ours'] / 1e9:.2f} G against "
                             f"{counted['plain'] / 1e9:.2f} G)", "", "", "", "", ""])
            if one.pair_ratios:
                pairs = one.pair_ratios
                rows.append([f"ratio within each of the {len(pairs)} alternated pairs: median (lowest to highest)", "",
                             f"{median(pairs):.2f}x ({pairs[0]:.2f}x to {pairs[-1]:.2f}x)", "", "", "", "", ""])
        elif one.plain:
            rows.append(["plain Pelican", f"failed: {one.plain.error}", "", "", "", "", "", ""])
    else:
        rows.append(["our site", f"failed: {one.error}", "", "", "", "", "", ""])
    warm = [b for b in (rebuild or {}).get("warm", []) if b.ok]
    if warm:
        w_cpu = median([b.cpu for b in warm])
        rows.append([f"our site, warm: the cache folder of the build before (compiled templates; {len(warm)} runs)",
                     secs(median([b.seconds for b in warm])), f"{secs(w_cpu)} ({secs(min(b.cpu for b in warm))})",
                     secs(median([b.user for b in warm])), secs(median([b.system for b in warm])),
                     mib(max(b.rss_kib for b in warm)), "", ""])
        if one.plain and one.plain.ok and one.plain.cpu:
            rows.append(["ratio, warm", "", f"{w_cpu / one.plain.cpu:.2f}x", "", "", "", "", ""])
    elif rebuild and rebuild.get("warm"):
        rows.append(["our site, warm", f"failed: {rebuild['warm'][-1].error}", "", "", "", "", "", ""])
    if rebuild:
        first, rebuilds = rebuild["first"], rebuild["rebuilds"]
        if first.ok:
            rows.append(["with content cache: first build", secs(first.seconds), secs(first.cpu),
                         secs(first.user), secs(first.system), mib(first.rss_kib), "", ""])
            ok = [b for b in rebuilds if b.ok]
            rows.append([f"with content cache: after one action's Markdown changed ({len(ok)} runs)",
                         secs(median([b.seconds for b in ok])) if ok else "failed",
                         secs(median([b.cpu for b in ok])) if ok else "",
                         secs(median([b.user for b in ok])) if ok else "",
                         secs(median([b.system for b in ok])) if ok else "",
                         mib(max((b.rss_kib for b in ok), default=None)), "", ""])
            if rebuild["plan_edit"]:
                generated, built = rebuild["plan_edit"]
                rows.append(["with content cache: one action changed in the plan, generator + Pelican",
                             f"{secs(generated)} + {secs(built.seconds)}" if generated and built.ok else "failed",
                             f"Pelican {secs(built.cpu)}", secs(built.user), secs(built.system),
                             mib(built.rss_kib), "", ""])
        else:
            rows.append(["with content cache", f"failed: {first.error}", "", "", "", "", "", ""])
    tables.append(("`pelican content`, real plan", rows))
    targets.append((f"pelican within {TARGET_PELICAN_RATIO}x bare Pelican of the action pages "
                    "(CPU; user CPU; wall; instructions)",
                    f"{cpu_ratio:.2f}x; {user_ratio:.2f}x; {ratio:.2f}x; "
                    + (f"{ir_ratio:.2f}x" if ir_ratio else "n/a")
                    if ratio and cpu_ratio and user_ratio else "n/a",
                    verdict(cpu_ratio <= TARGET_PELICAN_RATIO) if cpu_ratio else "n/a"))

    if report.get("ablation"):
        sampled = ((report.get("breakdown") or {}).get("ours") or {}).get("parts", {})
        rows = [["build", "median CPU", "median wall",
                 "CPU against our site (URL check off) built just before it: median of the pairs"]]
        for label, c, w, error, within in report["ablation"]:
            plugin = label.removeprefix("without ").removeprefix("plugins.")
            if error:
                own = sampled.get(f"plugin {plugin}")
                rows.append([label, "the theme needs it: a build without it stops by design"
                             + (f"; its own CPU inside a build, sampled: {secs(own)}" if own is not None else ""),
                             "", error[:100]])
                continue
            rows.append([label, secs(c), secs(w), f"{within:+.2f} s" if within is not None else ""])
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
        rows.append(["index build (`build_search_files`, without the vocabulary and word list), wall; CPU",
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
