"""The content folder on disk: which files are the generator's, and replacing them all or nothing.

The generator owns a few folders of content/ (actions/, data/, the overview pages' folders, kept
empty) and any page directly in pages/ that carries its mark (an older run's); it lists what it
wrote in the manifest `.generated-files` and only ever replaces or removes those. A run stages
its changed files in a folder beside content/ and writes the staged manifest last: a stage with a
manifest is complete and is moved in (rename by rename, then stale files removed, then the
manifest); a stage without one is discarded. An interrupted run therefore leaves content/ as it
was, or a complete stage that the next run finishes before it does anything else.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path, PurePosixPath

from .model import PlanError

# Lists every file the generator wrote, so it removes only its own files, never hand-written ones.
MANIFEST = ".generated-files"
# A generated page in pages/ says so in its header; a hand-written one (about.md) does not.
GENERATED_MARK = b"\nGenerator: plan_to_pages\n"


def own_folders() -> tuple[str, ...]:
    """The folders of content/ that only the generator may fill: actions/ and data/, which it writes,
    and the folders of the overview pages' URLs, which stay empty (plugins/overview_pages draws those
    pages; a Markdown file there is a stray, and one an older run wrote is removed as stale)."""
    from .write import ENTITY_KINDS

    return ("actions", "data", "pages/pillars", "pages/commitments",
            *(f"pages/{folder}" for folder, _ in ENTITY_KINDS.values()))


def is_own_path(path: str) -> bool:
    """Whether `path` may name a generated file: relative, plain, inside the generator's folders
    or directly in pages/ (there only files that carry the generator's mark are its own)."""
    parts = path.split("/")
    if not path or "\\" in path or path.startswith("/") or any(p in ("", ".", "..") for p in parts):
        return False
    parent = str(PurePosixPath(path).parent)
    return parent == "pages" or any(parent == f or parent.startswith(f + "/") for f in own_folders())


def _marked(file: Path) -> bool:
    with open(file, "rb") as stream:
        return GENERATED_MARK in b"\n" + stream.read(4096).split(b"\n\n", 1)[0] + b"\n"


def read_manifest(folder: Path) -> set[str]:
    """The files the manifest in `folder` lists; an entry that could reach a file the generator
    does not own is an error at its line, so that a damaged manifest never deletes one."""
    file = folder / MANIFEST
    try:
        data = file.read_bytes()
    except FileNotFoundError:
        return set()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise PlanError(str(file), data.count(b"\n", 0, error.start) + 1, "not UTF-8 text") from None
    entries = set()
    for number, entry in enumerate(text.split("\n"), 1):
        if not entry:
            continue
        if not is_own_path(entry):
            raise PlanError(
                str(file), number,
                f"{entry!r} is not a file of the generator's folders ({', '.join(own_folders())}, pages/*.md)",
            )
        if str(PurePosixPath(entry).parent) == "pages" and (folder / entry).is_file() and not _marked(folder / entry):
            raise PlanError(str(file), number, f"{entry} is listed, but it has no `Generator: plan_to_pages` line")
        entries.add(entry)
    return entries


def staging_folder(out: Path) -> Path:
    """Beside `out`, on the same file system, so that moving a file in is a rename."""
    return out.parent / f".{out.name}.staging"


def strays(files: dict[str, bytes], out: Path) -> list[str]:
    """Files in the generator's folders that the plan does not give (a page left over, or added
    by hand): Pelican would publish them as if the plan had them."""
    found = []
    for folder in own_folders():
        base = out / folder
        if base.is_dir():
            found += [p.relative_to(out).as_posix() for p in base.rglob("*") if not p.is_dir()]
    pages = out / "pages"
    if pages.is_dir():
        found += [p.relative_to(out).as_posix() for p in pages.glob("*.md") if p.is_file() and _marked(p)]
    return sorted(set(found) - files.keys())


def _changed(files: dict[str, bytes], out: Path) -> list[str]:
    """The paths whose file in `out` is missing or holds other bytes than the plan gives."""
    return [path for path, data in files.items() if not (out / path).exists() or (out / path).read_bytes() != data]


def differences(files: dict[str, bytes], out: Path) -> list[str]:
    """What `write` would change in `out`: files missing, different, stale (listed in the manifest,
    no longer given) or stray (in the generator's folders, never given), and an unfinished run."""
    changes = []
    if staging_folder(out).exists():
        changes.append(f"unfinished: {staging_folder(out)} (an interrupted run; the next run finishes or discards it)")
    changes += [f"{'differs' if (out / path).exists() else 'missing'}: {out / path}" for path in _changed(files, out)]
    listed = read_manifest(out)
    for path in strays(files, out) + sorted(p for p in listed - files.keys() if (out / p).exists()):
        changes.append(f"{'stale' if path in listed else 'stray'}: {out / path}")
    return sorted(set(changes), key=changes.index)


def recover(out: Path) -> None:
    """Finish a run that was interrupted after its stage was complete; discard an incomplete one."""
    stage = staging_folder(out)
    if not stage.exists():
        return
    if (stage / MANIFEST).is_file():
        _move_in(stage, out)
    shutil.rmtree(stage)


def _move_in(stage: Path, out: Path) -> None:
    new = read_manifest(stage)
    old = read_manifest(out)
    for path in sorted(new):
        if (stage / path).exists():  # only the changed files were staged; some may be moved already
            (out / path).parent.mkdir(parents=True, exist_ok=True)
            os.replace(stage / path, out / path)
    for path in sorted(old - new):
        (out / path).unlink(missing_ok=True)
    os.replace(stage / MANIFEST, out / MANIFEST)


def write(files: dict[str, bytes], out: Path) -> int:
    """Replace the generator's files in `out` with `files`, all or nothing; return how many changed."""
    recover(out)
    listed = read_manifest(out)
    changed = _changed(files, out)
    for path in changed:
        if path not in listed and path != MANIFEST and (out / path).exists():
            raise PlanError(str(out / path), 1, "a file the generator did not write is in the way; move it first")
    unlisted = [path for path in strays(files, out) if path not in listed]
    if unlisted:
        more = f" (and {len(unlisted) - 1} more; --check lists them)" if len(unlisted) > 1 else ""
        raise PlanError(str(out / unlisted[0]), 1, f"a file the plan does not give is in the generator's folder{more}")
    if not changed and not listed - files.keys():
        return 0
    stage = staging_folder(out)
    try:
        stage.mkdir(parents=True)
        for path in changed:
            if path != MANIFEST:
                (stage / path).parent.mkdir(parents=True, exist_ok=True)
                (stage / path).write_bytes(files[path])
        # The manifest last, by rename: from this moment the stage is complete and will be moved in.
        (stage / (MANIFEST + ".part")).write_bytes(files[MANIFEST])
        os.replace(stage / (MANIFEST + ".part"), stage / MANIFEST)
    except BaseException:
        shutil.rmtree(stage, ignore_errors=True)
        raise
    _move_in(stage, out)
    shutil.rmtree(stage)
    return len(changed)
