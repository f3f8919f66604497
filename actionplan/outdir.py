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

import errno
import fcntl
import os
import shutil
import time
from contextlib import contextmanager
from pathlib import Path, PurePosixPath

from .model import ENTITY_KINDS, PlanError

# Lists every file the generator wrote, so it removes only its own files, never hand-written ones.
MANIFEST = ".generated-files"
# A generated page in pages/ says so in its header; a hand-written one (about.md) does not.
GENERATED_MARK = b"\nGenerator: plan_to_pages\n"


def own_folders() -> tuple[str, ...]:
    """The folders of content/ that only the generator may fill: actions/ and data/, which it writes,
    and the folders of the overview pages' URLs, which stay empty (plugins/overview_pages draws those
    pages; a Markdown file there is a stray, and one an older run wrote is removed as stale)."""
    return ("actions", "data", "pages/pillars", "pages/commitments",
            *(f"pages/{folder}" for folder, _ in ENTITY_KINDS.values()))


_OWN_FOLDERS = frozenset(own_folders())
_INSIDE_OWN_FOLDERS = tuple(f"{folder}/" for folder in own_folders())


def is_own_path(path: str) -> bool:
    """Whether `path` may name a generated file: relative, plain, inside the generator's folders
    or directly in pages/ (there only files that carry the generator's mark are its own). Asked of
    every file a run gives and every line of the manifest, two or three times a run: string
    operations, not a PurePosixPath each time."""
    parts = path.split("/")
    if not path or "\\" in path or path.startswith("/") or "" in parts or "." in parts or ".." in parts:
        return False
    parent = path.rpartition("/")[0]  # "" for a file at the top, which no folder below matches
    return parent == "pages" or parent in _OWN_FOLDERS or parent.startswith(_INSIDE_OWN_FOLDERS)


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


def lock_file(out: Path) -> Path:
    """Beside `out`: held by the one run that may read or write `out` and its stage."""
    return out.parent / f".{out.name}.lock"


# How long a second run waits for the first before it gives up: a whole run takes a few seconds.
LOCK_WAIT_SECONDS = 30.0


@contextmanager
def one_run(out: Path, wait: float | None = None):
    """Hold `out`'s lock for the block: a second run waits for the first, then refuses in one line.

    Two runs at once would each finish or discard the other's stage and leave `out` mixed; the
    lock (flock, released by the kernel when a run dies, so a killed run never leaves it held)
    makes them take turns."""
    wait = LOCK_WAIT_SECONDS if wait is None else wait
    path = lock_file(out)
    if path.is_symlink():
        raise PlanError(str(path), 1, "the run lock is a symlink; remove it and run again (nothing was changed)")
    descriptor = os.open(path, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC, 0o644)
    try:
        deadline = time.monotonic() + wait
        while True:
            try:
                fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise PlanError(
                        str(out), 1,
                        f"another run of the generator is writing it (it holds {path}); "
                        f"waited {wait:g} s; run again when it has finished (nothing was changed)",
                    ) from None
                time.sleep(0.05)
        yield
    finally:
        os.close(descriptor)  # releases the lock


def check_paths(out: Path) -> None:
    """Refuse to work through a symlink: `out` itself, its stage, or anything inside `out`
    would let a write or a removal land outside the folder the maintainer named."""
    for path, what in ((out, "the content folder"), (staging_folder(out), "the stage of an earlier run")):
        if path.is_symlink():
            raise PlanError(
                str(path), 1,
                f"{what} is a symlink (to {os.readlink(path)}); the generator writes only into a real "
                f"folder: replace the link with the folder (nothing was changed)",
            )
    if not out.is_dir():
        return
    for folder, dirs, files in os.walk(out):
        for name in sorted(dirs + files):
            path = Path(folder) / name
            if path.is_symlink():
                raise PlanError(
                    str(path), 1,
                    f"a symlink (to {os.readlink(path)}) inside {out}; the generator would write or remove "
                    "through it: replace it with a real file or folder (nothing was changed)",
                )


def _fsync(path: Path) -> None:
    """Flush a file or folder to disk, so that a crash after the swap never finds an empty page."""
    descriptor = os.open(path, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def _check_rename(stage: Path, out: Path) -> None:
    """Move one empty file from the stage into `out` and out again before staging anything:
    a stage that cannot be renamed into `out` (another file system or mount) or a read-only
    `out` is a one-line error with the way out, before either is touched."""
    probe = stage / ".rename-probe"
    target = out / f"{MANIFEST}.rename-probe"
    probe.write_bytes(b"")
    try:
        os.replace(probe, target)
    except OSError as error:
        if error.errno == errno.EXDEV:
            raise PlanError(
                str(out), 1,
                f"{out} is on another file system or mount than its stage {stage}, so files cannot be "
                f"moved in by rename; mount the folder above it instead of {out.name}/ itself, or give "
                "--out a folder whose parent is on the same mount (nothing was changed)",
            ) from None
        if error.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
            raise PlanError(
                str(out), 1,
                f"cannot write into {out} ({os.strerror(error.errno)}); make it writable and run again "
                "(nothing was changed)",
            ) from None
        raise
    target.unlink()


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
    check_paths(out)
    changes = []
    if staging_folder(out).exists():
        changes.append(f"unfinished: {staging_folder(out)} (an interrupted run; the next run finishes or discards it)")
    changes += [f"{'differs' if (out / path).exists() else 'missing'}: {out / path}" for path in _changed(files, out)]
    listed = read_manifest(out)
    for path in strays(files, out) + sorted(p for p in listed - files.keys() if (out / p).exists()):
        changes.append(f"{'stale' if path in listed else 'stray'}: {out / path}")
    return sorted(set(changes), key=changes.index)


def recover(out: Path) -> None:
    """Finish a run that was interrupted after its stage was complete; discard an incomplete one.
    Only ever called under the run lock, so the stage is no other live run's."""
    stage = staging_folder(out)
    if not stage.exists():
        return
    if (stage / MANIFEST).is_file():
        try:
            _move_in(stage, out)
        except OSError as error:
            if error.errno not in (errno.EXDEV, errno.EROFS, errno.EACCES, errno.EPERM):
                raise
            raise PlanError(
                str(stage), 1,
                f"an earlier run's stage cannot be moved into {out} ({os.strerror(error.errno)}); "
                f"remove {stage} (content/ keeps the files already moved in) and run again",
            ) from None
    shutil.rmtree(stage)


def _folder_made(folder: Path, made: set[Path]) -> None:
    """`folder` made (with its parents) unless this run has made it already: `made` holds those, which
    are also the folders whose entries the run fsyncs."""
    if folder not in made:
        folder.mkdir(parents=True, exist_ok=True)
        made.add(folder)


def _move_in(stage: Path, out: Path) -> None:
    new = read_manifest(stage)
    old = read_manifest(out)
    folders = {out}
    for path in sorted(new):
        if (stage / path).exists():  # only the changed files were staged; some may be moved already
            _folder_made((out / path).parent, folders)
            os.replace(stage / path, out / path)
    for path in sorted(old - new):
        (out / path).unlink(missing_ok=True)
        folders.add((out / path).parent)
    for folder in sorted(f for f in folders if f.is_dir()):
        _fsync(folder)  # the renames themselves on disk before the manifest says they happened
    os.replace(stage / MANIFEST, out / MANIFEST)
    _fsync(out)


def write(files: dict[str, bytes], out: Path) -> int:
    """Replace the generator's files in `out` with `files`, all or nothing; return how many changed.
    The caller holds the run lock (`one_run`)."""
    check_paths(out)
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
    out.mkdir(parents=True, exist_ok=True)
    try:
        stage.mkdir()
    except FileExistsError:  # made since recover(): not this run's, so not this run's to remove
        message = "another run's stage appeared; is a generator running without the lock?"
        raise PlanError(str(stage), 1, message) from None
    try:
        _check_rename(stage, out)
        folders = {stage}
        for path in changed:
            if path != MANIFEST:
                _folder_made((stage / path).parent, folders)
                (stage / path).write_bytes(files[path])
                _fsync(stage / path)
        for folder in folders:
            _fsync(folder)
        # The manifest last, by rename: from this moment the stage is complete and will be moved in.
        (stage / (MANIFEST + ".part")).write_bytes(files[MANIFEST])
        _fsync(stage / (MANIFEST + ".part"))
        os.replace(stage / (MANIFEST + ".part"), stage / MANIFEST)
        _fsync(stage)
    except BaseException:
        shutil.rmtree(stage, ignore_errors=True)  # this run made it, so this run removes it
        raise
    _move_in(stage, out)
    shutil.rmtree(stage)
    return len(changed)
