"""The command: parse the arguments, run the pipeline (actionplan/pipeline.py), write or check
content/. An error in the inputs prints one line `file:line: message` and exits 1; nothing is
written when the plan does not parse.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .model import PlanError
from .outdir import differences, one_run, write
from .paths import (
    ENTITIES_PATH,
    ERRATA_PATH,
    HEADINGS_PATH,
    LOCK_PATH,
    OUT_PATH,
    PLAN_PATH,
    STANDINGS_PATH,
    UPDATES_PATH,
    checkout_root,
)
from .pipeline import Inputs, accept_changes, build, entity_changes

__all__ = ["main"]


def main(argv: list[str] | None = None, root: Path | None = None) -> int:
    """The command; `root` is the checkout whose plan/ and content/ are the defaults (scripts/
    plan_to_pages.py passes its own; the installed command uses the checkout it runs in)."""
    root = checkout_root(Path.cwd()) if root is None else root
    parser = argparse.ArgumentParser(
        prog="plan_to_pages.py",
        description="Parse the Action Plan and write one Markdown page per action into content/.",
    )
    parser.add_argument("--plan", type=Path, default=root / PLAN_PATH, help="the plan text (Markdown)")
    parser.add_argument("--errata", type=Path, default=root / ERRATA_PATH, help="word-level corrections (TOML)")
    parser.add_argument(
        "--no-errata", action="store_true", help="apply no corrections (to read another plan or edition as it is)"
    )
    parser.add_argument("--entities", type=Path, default=root / ENTITIES_PATH, help="known entities (TOML)")
    parser.add_argument("--updates", type=Path, default=root / UPDATES_PATH, help="the progress record (TOML)")
    parser.add_argument(
        "--standings", type=Path, default=None,
        help="the reviewed standings (TOML; default plan/standings.toml, read only with the lock)",
    )
    parser.add_argument(
        "--no-standings", action="store_true", help="no reviewed standings: every standing is the rules' proposal"
    )
    parser.add_argument("--out", type=Path, default=root / OUT_PATH, help="the content folder to write")
    parser.add_argument(
        "--check", action="store_true", help="write nothing; exit 1 if the content folder is not current"
    )
    lock = parser.add_mutually_exclusive_group()
    lock.add_argument(
        "--accept-changes", action="store_true",
        help="the plan's actions changed on purpose: rewrite plan/actions.lock to match the plan",
    )
    lock.add_argument(
        "--no-lock", action="store_true",
        help="do not compare the plan's actions with plan/actions.lock (to read another plan "
        "into a scratch folder given with --out, never into content/)",
    )
    args = parser.parse_args(argv)
    errata = None if args.no_errata else args.errata
    # The review and our headings are of the locked plan's actions: another plan (--no-lock) is read
    # by the rules alone and keeps its own openings.
    standings = None if args.no_standings else args.standings or (None if args.no_lock else root / STANDINGS_PATH)
    headings = None if args.no_errata or args.no_lock else root / HEADINGS_PATH
    inputs = Inputs(
        args.plan, errata, args.entities, args.updates, root / LOCK_PATH, not args.no_lock, standings,
        headings, args.out / "data" / "actions.json",
    )
    try:
        with one_run(args.out):
            return _run(args, inputs)
    except PlanError as error:
        print(error, file=sys.stderr)
        return 1
    except OSError as error:
        print(f"{error.filename or args.out}:1: {error.strerror or error}", file=sys.stderr)
        return 1
    except (MemoryError, RecursionError) as error:
        print(f"{args.plan}:1: the input is too large or too deeply nested to read ({type(error).__name__})",
              file=sys.stderr)
        return 1


def _run(args: argparse.Namespace, inputs: Inputs) -> int:
    """One run, under the lock: build, then check or write."""
    if args.accept_changes:
        print(accept_changes(inputs))
    files = build(inputs)
    if args.check:
        changes = differences(files, args.out)
        for change in changes:
            print(change)
        # Which actions gain or lose each entity (a wrong alias silently links unrelated actions).
        for line in entity_changes(inputs.previous, files["data/actions.json"]):
            print(line)
        if changes:
            print(f"{args.out}: {len(changes)} file(s) are not what the plan gives; run scripts/plan_to_pages.py")
            return 1
        print(f"{args.out}: up to date ({len(files) - 1} files)")
        return 0
    written = write(files, args.out)
    print(f"{args.out}: {written} file(s) written, {len(files) - 1} generated in all")
    return 0
