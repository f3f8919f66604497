"""Refuses an output folder that is a symlink, before Pelican cleans it: DELETE_OUTPUT_DIRECTORY
would otherwise empty the folder the link points to, wherever that is."""

from __future__ import annotations

import os

from pelican import signals


class UnsafeOutputError(SystemExit):
    """Exits the build with one clear line (SystemExit prints its message and exits 1)."""


def refuse_symlinked_output(pelican) -> None:
    path = pelican.output_path
    if os.path.islink(path):
        raise UnsafeOutputError(
            f"{path}:1: the output folder is a symlink (to {os.readlink(path)}); Pelican would empty the "
            "folder it points to. Replace the link with a real folder, or pass -o a real one (nothing was changed)"
        )


def register() -> None:
    # `initialized` is sent at the end of Pelican.__init__, before run() cleans the output folder.
    signals.initialized.connect(refuse_symlinked_output)
