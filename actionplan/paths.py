"""Where the generator's inputs and output sit in a checkout: the one place every command, script
and measure takes its paths from."""

from __future__ import annotations

from pathlib import Path

# Relative to a checkout's root.
PLAN_PATH = Path("plan") / "action-plan-2025-12.md"
ERRATA_PATH = Path("plan") / "errata.toml"
ENTITIES_PATH = Path("plan") / "entities.toml"
UPDATES_PATH = Path("plan") / "updates.toml"
# The reviewed standing and doers of every action of the locked plan: see actionplan/records/review.py.
STANDINGS_PATH = Path("plan") / "standings.toml"
# Headings of ours for actions whose opening the source lost: see actionplan/records/own_headings.py.
HEADINGS_PATH = Path("plan") / "headings.toml"
OUT_PATH = Path("content")
# Every action id with a fingerprint of its words: see actionplan/reading/lock.py.
LOCK_PATH = Path("plan") / "actions.lock"

# The checkout this package was loaded from, for tests and library callers only: the command takes
# its defaults from the checkout it runs in (see `checkout_root`), never from where it is installed.
ROOT = Path(__file__).resolve().parent.parent
DEFAULT_PLAN = ROOT / PLAN_PATH
DEFAULT_ERRATA = ROOT / ERRATA_PATH
DEFAULT_ENTITIES = ROOT / ENTITIES_PATH
DEFAULT_UPDATES = ROOT / UPDATES_PATH
DEFAULT_STANDINGS = ROOT / STANDINGS_PATH
DEFAULT_HEADINGS = ROOT / HEADINGS_PATH
DEFAULT_OUT = ROOT / OUT_PATH
DEFAULT_LOCK = ROOT / LOCK_PATH


def checkout_root(start: Path) -> Path:
    """The checkout `start` is in: the nearest folder, itself or above, that holds plan/actions.lock
    (else `start`). An editable install of another checkout must not send a run's writes there."""
    start = start.resolve()
    return next((folder for folder in (start, *start.parents) if (folder / LOCK_PATH).is_file()), start)
