"""The benchmarks' own npm tools (Lighthouse, Pagefind): pinned in scripts/bench-node/package-lock.json and
installed there by the benchmark that needs them, so the test command never downloads them."""

from __future__ import annotations

import hashlib
import shutil
import subprocess
from pathlib import Path

FOLDER = Path(__file__).resolve().parent / "bench-node"


def bench_tool(name: str) -> Path:
    """node_modules/.bin/<name> in the benchmarks' folder, installed with `npm ci` when missing or stale."""
    lock = FOLDER / "package-lock.json"
    stamp = FOLDER / "node_modules" / ".install-stamp"
    want = hashlib.sha256(lock.read_bytes()).hexdigest()
    if not stamp.is_file() or stamp.read_text().strip() != want:
        if shutil.which("npm") is None:
            raise SystemExit(f"npm is needed to install the benchmark's {name} into {FOLDER}")
        # --ignore-scripts: none of these packages needs an install script (Pagefind's binary is a package).
        subprocess.run(
            ["npm", "ci", "--ignore-scripts", "--no-audit", "--no-fund", "--loglevel=error"], cwd=FOLDER, check=True
        )
        stamp.write_text(want + "\n")
    return FOLDER / "node_modules" / ".bin" / name
