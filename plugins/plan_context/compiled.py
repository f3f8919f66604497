"""The theme's compiled templates, so that a build loads code instead of compiling each template
(about 0.4 s of a build's CPU): shared in memory by Pelican's generators, kept in CACHE_PATH for the
next build, and committed in the repository (theme/compiled/, by scripts/compile_templates.py) for
a fresh clone's.
"""

from __future__ import annotations

import hashlib
import logging
import os
import tempfile
from pathlib import Path

import jinja2
from jinja2 import BytecodeCache, Environment
from jinja2.bccache import Bucket

log = logging.getLogger(__name__)


def _pass_args(functions: dict) -> tuple:
    # Compiled code hands a filter or test the context or environment it asks for: which one is
    # written into the code, so it is part of what the code depends on.
    return tuple(sorted((name, kind.name) for name, f in functions.items()
                        if (kind := getattr(f, "jinja_pass_arg", None)) is not None))


def fingerprint(env: Environment) -> str:
    """What decides the code Jinja compiles a template to, besides its source (whose checksum Jinja
    checks itself) and Python's version (in every entry's header, checked by Jinja too): Jinja's
    version, the environment's syntax and options, and which filters and tests take the context or
    the environment."""
    settings = (
        jinja2.__version__,
        env.block_start_string, env.block_end_string, env.variable_start_string, env.variable_end_string,
        env.comment_start_string, env.comment_end_string, env.line_statement_prefix, env.line_comment_prefix,
        env.trim_blocks, env.lstrip_blocks, env.newline_sequence, env.keep_trailing_newline,
        tuple(sorted(env.extensions)), env.optimized, repr(env.autoescape), env.is_async,
        repr(getattr(env.finalize, "jinja_pass_arg", None)) if env.finalize else None,
        _pass_args(env.filters), _pass_args(env.tests),
    )
    return hashlib.sha256(repr(settings).encode()).hexdigest()[:16]


def entry_path(env: Environment, name: str) -> str:
    """A template's entry, relative to a folder of compiled templates: by its name, not its file's
    path, so that a checkout in another folder finds the same entry."""
    return f"{fingerprint(env)}/{name}.cache"


class CompiledTemplates(BytecodeCache):
    """Compiled templates by environment fingerprint and template name. Jinja checks each entry's
    source checksum and Python version, and compiles a template again where they differ: an entry
    out of date makes a build slower, never different. In memory for the generators of this build;
    then in `committed` (read only) and `kept` (CACHE_PATH, written for the next build)."""

    def __init__(self, kept: Path | None, committed: Path | None) -> None:
        self._code: dict[str, bytes] = {}
        self._kept = kept
        self._committed = committed

    def get_bucket(self, environment: Environment, name: str, filename: str | None, source: str) -> Bucket:
        bucket = Bucket(environment, entry_path(environment, name), self.get_source_checksum(source))
        self.load_bytecode(bucket)
        return bucket

    def load_bytecode(self, bucket: Bucket) -> None:
        code = self._code.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)
            return
        for folder in (self._committed, self._kept):
            if folder is None:
                continue
            try:
                code = (folder / bucket.key).read_bytes()
            except OSError:
                continue
            bucket.bytecode_from_string(code)
            if bucket.code is not None:
                self._code[bucket.key] = code
                return

    def dump_bytecode(self, bucket: Bucket) -> None:
        code = self._code[bucket.key] = bucket.bytecode_to_string()
        if self._kept is None:
            return
        try:
            write_entry(self._kept / bucket.key, code)
        except OSError as error:  # a read-only checkout builds as well, compiling every time
            log.info("plan_context: compiled templates not kept (%s)", error)
            self._kept = None


def write_entry(path: Path, code: bytes) -> None:
    """Writes whole or not at all: another build may be reading the folder."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, staged = tempfile.mkstemp(dir=path.parent, prefix=".", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(code)
        os.replace(staged, path)
    except BaseException:
        Path(staged).unlink(missing_ok=True)
        raise


_caches: dict[tuple, CompiledTemplates] = {}


def shared_cache(cache_path: str | None, committed: str | None) -> CompiledTemplates:
    """One cache for every generator of the build (Pelican gives each its own environment, and each
    would compile base.html and components.html again)."""
    key = (cache_path or None, committed or None)
    if key not in _caches:
        kept = Path(cache_path) / "jinja-bytecode" if cache_path else None
        _caches[key] = CompiledTemplates(kept, Path(committed) if committed else None)
    return _caches[key]
