"""Writing the files the plugins make besides pages: each opened straight away, its folder made only
when opening it finds none. Most land in a folder that is already there (the action's page's), and
asking for the folder first would cost system calls for every file."""

from __future__ import annotations

import os
from collections.abc import Mapping


def write_files(output_path: str, files: Mapping[str, bytes]) -> list[str]:
    """Writes each file (`files`: bytes by path relative to `output_path`, "/"-separated); returns
    their full paths, for the `content_written` signal where the caller sends it."""
    written = []
    for relative, data in files.items():
        target = os.path.join(output_path, relative)
        try:
            out = open(target, "wb")  # noqa: SIM115 (closed below, after the one retry)
        except FileNotFoundError:
            os.makedirs(os.path.dirname(target), exist_ok=True)
            out = open(target, "wb")  # noqa: SIM115
        with out:
            out.write(data)
        written.append(target)
    return written
