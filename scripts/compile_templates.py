#!/usr/bin/env python3
"""Compiles the theme's templates into theme/compiled/ (COMPILED_TEMPLATES_PATH in pelicanconf.py) as
`pelican content` compiles them, so that a fresh clone's build loads the code instead of compiling
(plugins/plan_context/compiled.py). Run it after editing a template:

    python scripts/compile_templates.py           # rewrite the entries whose template changed
    python scripts/compile_templates.py --check   # exit 1, naming the entries out of date

An entry out of date only makes a build slower (Jinja compiles that template again); --check, which
tests/test_compiled_templates.py runs, keeps the committed entries from going stale unnoticed.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from jinja2 import Environment
from jinja2.bccache import Bucket, bc_magic

from plugins.plan_context import compiled

ROOT = Path(__file__).resolve().parent.parent
COMMAND = "python scripts/compile_templates.py"


def site_environment(settings_file: Path) -> tuple[Environment, Path]:
    """A generator's environment as `pelican content` makes it, the plugins registered (the filters
    they add are part of what the code depends on), and the folder of compiled templates."""
    from pelican import Pelican
    from pelican.generators import Generator
    from pelican.settings import read_settings

    pelican = Pelican(read_settings(str(settings_file)))
    generator = Generator({}, pelican.settings, pelican.path, pelican.theme, pelican.output_path)
    return generator.env, Path(pelican.settings["COMPILED_TEMPLATES_PATH"])


def compile_theme(env: Environment) -> dict[str, Bucket]:
    """Every template a build loads by name (the theme's, and those of Pelican's simple theme it does
    not override), compiled, by entry path."""
    cache = compiled.CompiledTemplates(None, None)
    buckets = {}
    for name in env.list_templates():
        if name.startswith("!"):  # "!simple/base.html": loaded by the name after the prefix
            continue
        source, _, _ = env.loader.get_source(env, name)
        bucket = Bucket(env, compiled.entry_path(env, name), cache.get_source_checksum(source))
        # Named by the template's name, not its file's path: the same code from any checkout. Jinja
        # reports errors with the file's path whatever the code says.
        bucket.code = env.compile(source, name, name)
        buckets[bucket.key] = bucket
    return buckets


def out_of_date(folder: Path, buckets: dict[str, Bucket]) -> dict[str, str]:
    """Entry path -> why it is out of date: missing, another source or Python, other code, or no
    template of that name (left from a removed template or an older Jinja or setting)."""
    found = {p.relative_to(folder).as_posix() for p in folder.rglob("*.cache")} if folder.is_dir() else set()
    stale = {key: "no such template" for key in found - buckets.keys()}
    for key, bucket in buckets.items():
        if key not in found:
            stale[key] = "missing"
            continue
        data = (folder / key).read_bytes()
        committed = Bucket(bucket.environment, key, bucket.checksum)
        committed.bytecode_from_string(data)
        if not data.startswith(bc_magic):
            stale[key] = "compiled by another Python than this one (CI builds with 3.11)"
        elif committed.code is None:
            stale[key] = "template changed"
        elif committed.code != bucket.code:
            stale[key] = "compiles to other code now (Jinja, a setting or a filter changed)"
    return dict(sorted(stale.items()))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="exit 1 if an entry is out of date; write nothing")
    parser.add_argument("--settings", type=Path, default=ROOT / "pelicanconf.py")
    args = parser.parse_args(argv)
    env, folder = site_environment(args.settings)
    buckets = compile_theme(env)
    stale = out_of_date(folder, buckets)
    where = folder.relative_to(ROOT) if folder.is_relative_to(ROOT) else folder
    if args.check:
        for key, why in stale.items():
            print(f"{where}/{key}: {why}")
        if stale:
            print(f"{where}/ is out of date; run: {COMMAND}")
        return 1 if stale else 0
    for key in stale:
        if key in buckets:
            compiled.write_entry(folder / key, buckets[key].bytecode_to_string())
        else:
            (folder / key).unlink()
    for sub in sorted((p for p in folder.rglob("*") if p.is_dir()), reverse=True):
        if not any(sub.iterdir()):
            sub.rmdir()
    done = f"{len(stale)} of {len(buckets)} entries rewritten or removed" if stale else "up to date"
    print(f"{where}/: {done}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
