"""The command line: read the plan and its data files, run the steps, write or check content/.

All file I/O of the generator happens here. Errors in the inputs print one line
`file:line: message` and exit 1; nothing is written when the plan does not parse.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass
from pathlib import Path

from .model import PlanError

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_PLAN = ROOT / "plan" / "action-plan-2025-12.md"
DEFAULT_ERRATA = ROOT / "plan" / "errata.toml"
DEFAULT_ENTITIES = ROOT / "plan" / "entities.toml"
DEFAULT_UPDATES = ROOT / "plan" / "updates.toml"
DEFAULT_OUT = ROOT / "content"
# Lists every file the generator wrote, so it removes only its own files, never hand-written ones.
MANIFEST = ".generated-files"


@dataclass(frozen=True)
class Inputs:
    plan: Path
    errata: Path | None  # None: read the plan as it is, without corrections (--no-errata)
    entities: Path
    updates: Path = DEFAULT_UPDATES


def build(inputs: Inputs) -> dict[str, bytes]:
    """Run parse, enrich, link and write; return the content files in memory."""
    from .enrich import enrich, load_entities
    from .link import first_mentions, link
    from .parse import parse_plan_file
    from .progress import check_plan_quotes
    from .updates import load_updates
    from .write import render_content

    plan, account = parse_plan_file(str(inputs.plan), str(inputs.errata) if inputs.errata else None)
    for line in account.notices:
        print(line, file=sys.stderr)
    facts = enrich(plan, load_entities(str(inputs.entities)))
    updates_file = str(inputs.updates)
    record = load_updates(inputs.updates.read_text(encoding="utf-8"), updates_file, {a.id for a in plan.actions()})
    check_plan_quotes(record, plan, updates_file)
    links = link(plan, facts)
    mentions = {action.id: first_mentions(action, facts) for action in plan.actions()}
    files = render_content(plan, facts, links, mentions, record=record)
    files[MANIFEST] = "".join(f"{path}\n" for path in sorted(files)).encode()
    return files


def _previous_manifest(out: Path) -> set[str]:
    try:
        return set((out / MANIFEST).read_text(encoding="utf-8").split())
    except FileNotFoundError:
        return set()


def _changed(files: dict[str, bytes], out: Path) -> list[str]:
    """The paths whose file in `out` is missing or holds other bytes than the plan gives."""
    return [path for path, data in files.items() if not (out / path).exists() or (out / path).read_bytes() != data]


def differences(files: dict[str, bytes], out: Path) -> list[str]:
    """What `write` would change in `out`: files missing, different, or stale."""
    changes = [
        f"{'differs' if (out / path).exists() else 'missing'}: {out / path}" for path in _changed(files, out)
    ]
    for path in sorted(_previous_manifest(out) - files.keys()):
        if (out / path).exists():
            changes.append(f"stale: {out / path}")
    return changes


def write(files: dict[str, bytes], out: Path) -> int:
    """Write changed files, remove the generator's own files that the plan no longer gives."""
    previous = _previous_manifest(out)
    changed = _changed(files, out)
    for path in changed:
        if path not in previous and path != MANIFEST and (out / path).exists():
            raise PlanError(str(out / path), 1, "a file the generator did not write is in the way; move it first")
    for path in changed:
        (out / path).parent.mkdir(parents=True, exist_ok=True)
        (out / path).write_bytes(files[path])
    for path in sorted(previous - files.keys()):
        (out / path).unlink(missing_ok=True)
    return len(changed)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="plan_to_pages.py",
        description="Parse the Action Plan and write one Markdown page per action into content/.",
    )
    parser.add_argument("--plan", type=Path, default=DEFAULT_PLAN, help="the plan text (Markdown)")
    parser.add_argument("--errata", type=Path, default=DEFAULT_ERRATA, help="word-level corrections (TOML)")
    parser.add_argument(
        "--no-errata", action="store_true", help="apply no corrections (to read another plan or edition as it is)"
    )
    parser.add_argument("--entities", type=Path, default=DEFAULT_ENTITIES, help="known entities (TOML)")
    parser.add_argument("--updates", type=Path, default=DEFAULT_UPDATES, help="the progress record (TOML)")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="the content folder to write")
    parser.add_argument(
        "--check", action="store_true", help="write nothing; exit 1 if the content folder is not current"
    )
    args = parser.parse_args(argv)
    try:
        files = build(Inputs(args.plan, None if args.no_errata else args.errata, args.entities, args.updates))
        if args.check:
            changes = differences(files, args.out)
            for change in changes:
                print(change)
            if changes:
                print(f"{args.out}: {len(changes)} file(s) are not what the plan gives; run scripts/plan_to_pages.py")
                return 1
            print(f"{args.out}: up to date ({len(files) - 1} files)")
            return 0
        written = write(files, args.out)
    except PlanError as error:
        print(error, file=sys.stderr)
        return 1
    except OSError as error:
        print(f"{error.filename or args.plan}: {error.strerror or error}", file=sys.stderr)
        return 1
    print(f"{args.out}: {written} file(s) written, {len(files) - 1} generated in all")
    return 0
