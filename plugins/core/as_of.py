"""The build's one as-of date, and the progress record read against it.

content/ holds only what does not move with time (each action's deadline and its last day, its
status from the plan alone, the dated updates), so `plan_to_pages.py --check` stays stable from day
to day. Everything that does move (status and schedule per action, due soon, which deadlines have
passed) is worked out here, once per build (model.site_model), against one date: AS_OF_DATE when set; else
SOURCE_DATE_EPOCH; else the date of the latest git commit. Never the clock, so the same checkout
with the same settings gives the same bytes.
"""

from __future__ import annotations

import datetime
import subprocess
from pathlib import Path

from actionplan.progress import schedule_of, status_from


class AsOfDateError(Exception):
    """The build cannot tell which date to read the plan's deadlines against."""


def resolve_as_of(setting: str | None, source_date_epoch: str | None, repo: Path) -> tuple[datetime.date, str]:
    """(the as-of date, where it came from): the AS_OF_DATE setting, else SOURCE_DATE_EPOCH (a
    UTC timestamp, as reproducible builds define it), else the committer date of the latest commit."""
    if setting:
        try:
            return datetime.date.fromisoformat(str(setting)), "AS_OF_DATE"
        except ValueError:
            raise AsOfDateError(f"AS_OF_DATE must be a date written 2026-12-07; got {setting!r}") from None
    if source_date_epoch:
        try:
            stamp = datetime.datetime.fromtimestamp(int(source_date_epoch), tz=datetime.UTC)
        except (ValueError, OverflowError):
            raise AsOfDateError(
                f"SOURCE_DATE_EPOCH must be whole seconds since 1970; got {source_date_epoch!r}"
            ) from None
        return stamp.date(), "SOURCE_DATE_EPOCH"
    try:
        result = subprocess.run(
            ["git", "log", "-1", "--format=%cs"], cwd=repo, capture_output=True, text=True, check=False, timeout=30
        )
    except OSError as error:
        raise AsOfDateError(
            f"no as-of date: git could not be run ({error}); set AS_OF_DATE or SOURCE_DATE_EPOCH"
        ) from None
    if result.returncode != 0 or not result.stdout.strip():
        raise AsOfDateError(
            f"no as-of date: {repo} is not a git checkout with a commit, so the latest commit's date is unknown; "
            "set AS_OF_DATE=2026-12-07 (pelicanconf.py or the environment) or SOURCE_DATE_EPOCH"
        )
    return datetime.date.fromisoformat(result.stdout.strip()), "the latest commit"


def _first_day(value: str) -> datetime.date:
    parts = [int(p) for p in value.split("-")] + [1, 1]
    return datetime.date(parts[0], parts[1], parts[2])


def read_as_of(plan: dict, as_of: datetime.date) -> None:
    """Add to a freshly read `plan` (in place) what the record says on `as_of`: progress.as_of;
    per action status, schedule, due_soon and the update that records a delivery; per deadline and
    timeline entry whether it has passed. Updates dated after `as_of` (by the first
    day their date covers) are not yet known then and are left out everywhere."""
    record = plan["progress"]
    record["as_of"] = as_of.isoformat()
    record["updates"] = [u for u in record["updates"] if _first_day(u["date"]) <= as_of]
    for action in plan["actions"]:
        progress = action["progress"]
        updates = [u for u in progress["updates"] if _first_day(u["date"]) <= as_of]
        status = status_from(progress["from_plan"], tuple(u["kind"] for u in updates))
        deadline = progress["deadline"]
        end = datetime.date.fromisoformat(deadline["ends"]) if deadline else None
        schedule, due_soon = schedule_of(status, end, as_of)
        progress.update(
            status=status,
            schedule=schedule,
            due_soon=due_soon,
            updates=updates,
            delivered_by=next((u["id"] for u in updates if u["kind"] == "delivered"), None),
        )
    for deadline in record["deadlines"]:
        deadline["passed"] = datetime.date.fromisoformat(deadline["ends"]) < as_of
    for entry in plan.get("timeline", []):
        entry["passed"] = datetime.date.fromisoformat(entry["deadline"]["ends"]) < as_of

