"""What a folder holds, for the tests that check a run left it whole (test_fail_loudly, test_hostile,
test_mutated_plans)."""

from __future__ import annotations

import os
from pathlib import Path


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under `folder` (a symbolic link to a file read through it; a link to a folder not
    followed, a broken one left out, as Path.rglob and is_file see them) by its path there. os.walk
    and open, at half the CPU of rglob and read_bytes: test_mutated_plans takes one for every plan it
    tries."""
    files = {}
    for where, _, names in os.walk(folder):
        for name in names:
            path = os.path.join(where, name)
            if os.path.isfile(path):
                with open(path, "rb") as file:
                    files[os.path.relpath(path, folder)] = file.read()
    return files
