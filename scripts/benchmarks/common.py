"""Paths, targets and small helpers every benchmark uses: timing a child process's CPU, versions."""

from __future__ import annotations

import gzip
import importlib.metadata
import math
import os
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# The command that runs the benchmarks; its hidden --worker-* options run one measurement in a child.
ENTRY = ROOT / "scripts" / "bench.py"

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


_set_aside = 0


def set_aside(path: Path) -> None:
    """Move `path` (a folder or file a measurement made) out of the way instead of deleting it: into
    `.set-aside/` beside it, which goes with the run's scratch folder at the end (cli.py), after every
    timing. On ext4 without a journal, as on this machine, a new file does not take an inode freed in
    the last 60 s (300 s while that inode's table block is unwritten): the allocator reads each such
    inode and steps past it (`recently_deleted()` in the kernel's fs/ext4/ialloc.c). A build right
    after the deletion of the build before's 2,000 files paid 0.1-0.7 s of system time stepping past
    them, swinging with the seconds between the two: the deletion's cost, not the build's."""
    global _set_aside
    if path.exists() or path.is_symlink():
        aside = path.parent / ".set-aside"
        aside.mkdir(exist_ok=True)
        _set_aside += 1
        path.rename(aside / f"{_set_aside}-{path.name}")


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
