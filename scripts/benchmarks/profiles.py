"""pyinstrument profiles, and where a build's CPU goes, sampled by part (plugin, templates, Markdown)."""

from __future__ import annotations

import contextlib
import json
import re
import subprocess
import sys
import threading
import time
from pathlib import Path

from .common import BIN, ENTRY, PELICAN_TIMEOUT, PROFILES, ROOT
from .generator import PHASES, generator_steps


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
    proc = subprocess.run([sys.executable, str(ENTRY), "--worker-breakdown", str(settings)], cwd=where,
                          capture_output=True, text=True, timeout=PELICAN_TIMEOUT)
    with contextlib.suppress(ValueError, IndexError):
        return json.loads(proc.stdout.strip().splitlines()[-1])
    return None
