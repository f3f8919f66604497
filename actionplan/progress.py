"""What the progress record says about each action, as of a given date.

Pure and deterministic: everything is measured against a date passed in, never against the clock.
The generator uses it for what does not move with time (each action's deadline and its last day,
its status from the plan alone); the site (plugins/core/as_of.py) measures status and schedule
against the build's one as-of date, so content/ stays the same from day to day.
Three things stay apart: the standing the plan reported at publication, the updates recorded since,
and the schedule (the plan's own deadline against the as-of date). A deadline is a date of a kind
in `model.DEADLINE_KINDS` ("by" or "in") of the action or one of its sub-items (`Deadline.is_deadline`);
starts, periods, past events, forecasts and dates of what an action builds on are not deadlines.
"""

from __future__ import annotations

import calendar
import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .errors import PlanError

if TYPE_CHECKING:  # the site reads the record from actions.json, not plan/updates.toml
    from .records.updates import Update, UpdatesRecord

# Recorded status, from the plan's own standing at publication and the updates recorded since.
STATUSES = ("delivered", "dropped", "delayed", "in-progress", "none-recorded")
# The plan's deadline against the as-of date ("due": not yet reached).
SCHEDULES = ("no-deadline", "due", "passed", "delivered")
# "Due soon": a deadline that ends within this many days after the as-of date (about a quarter).
DUE_SOON_DAYS = 92
# The last month a season covers, as the deadline finder reads seasons (winter is its December).
_SEASON_END = {"spring": 5, "summer": 8, "autumn": 11, "winter": 12}


@dataclass(frozen=True)
class ActionProgress:
    status: str  # one of STATUSES
    schedule: str  # one of SCHEDULES
    deadline: object | None  # the earliest deadline (a facts Deadline), if any
    deadline_end: datetime.date | None  # the last day that deadline's words cover
    due_soon: bool  # due, and the deadline ends within DUE_SOON_DAYS of the review date
    updates: tuple[Update, ...]  # newest first


def deadline_end(deadline) -> datetime.date:
    """The last day a deadline's words cover: "by Spring 2026" runs to 31 May 2026, "by 2026/27"
    to 31 March 2027, "by 2029" and "by the end of 2029" to 31 December 2029."""
    if deadline.financial_year:
        year, month = deadline.year + 1, 3
    elif deadline.month:
        year, month = deadline.year, deadline.month
    elif deadline.season:
        year, month = deadline.year, _SEASON_END[deadline.season]
    else:
        year, month = deadline.year, 12
    return datetime.date(year, month, calendar.monthrange(year, month)[1])


def plan_status(at_publication: str) -> str:
    """The recorded status from the plan alone, before any update: delivered when the plan reports
    the action done, in progress when it reports work under way, else (promised) none recorded."""
    if at_publication == "done":
        return "delivered"
    if at_publication == "under-way":
        return "in-progress"
    return "none-recorded"


def status_from(from_plan: str, kinds: tuple[str, ...]) -> str:
    """The recorded status from the plan's (`plan_status`) and the kinds of the updates, newest
    first: a later "dropped" outweighs all; a delivery (reported in the plan or recorded since)
    outweighs delays; any other update, or work the plan reports under way, is progress."""
    latest = kinds[0] if kinds else None
    if latest == "dropped":
        return "dropped"
    if from_plan == "delivered" or "delivered" in kinds:
        return "delivered"
    if latest == "delayed":
        return "delayed"
    if kinds or from_plan == "in-progress":
        return "in-progress"
    return "none-recorded"


def recorded_status(at_publication: str, updates: tuple[Update, ...]) -> str:
    """The recorded status from the plan's status at publication and the updates, newest first."""
    return status_from(plan_status(at_publication), tuple(u.kind for u in updates))


def schedule_of(status: str, end: datetime.date | None, as_of: datetime.date) -> tuple[str, bool]:
    """(schedule, due soon) of a deadline ending on `end` for an action of `status`, on `as_of`."""
    if end is None:
        return "no-deadline", False
    if status == "delivered":
        return "delivered", False
    if as_of > end:  # on the deadline's last day itself it is not yet passed
        return "passed", False
    return "due", (end - as_of).days <= DUE_SOON_DAYS


def earliest_deadline(deadlines: Iterable) -> tuple[object | None, datetime.date | None]:
    """The deadline an action is measured against and its last day, or (None, None): the earliest
    promise decides, so a missed first deadline stays missed whatever comes later."""
    # The action's own deadlines and its sub-items' (labelled with their sub-item where shown).
    dated = [d for d in deadlines if d.is_deadline]
    if not dated:
        return None, None
    deadline = min(dated, key=deadline_end)
    return deadline, deadline_end(deadline)


def derive(
    at_publication: str, deadlines: Iterable, updates: tuple[Update, ...], as_of: datetime.date
) -> ActionProgress:
    """One action's progress on `as_of`; `updates` are its own, newest first. Updates dated after
    `as_of` (by the first day their date covers) are not yet known on that day and are left out."""
    updates = tuple(u for u in updates if u.date.first_day <= as_of)
    recorded = recorded_status(at_publication, updates)
    deadline, end = earliest_deadline(deadlines)
    schedule, due_soon = schedule_of(recorded, end, as_of)
    return ActionProgress(recorded, schedule, deadline, end, due_soon, updates)


def at_publication(action_facts) -> str:
    """The plan's standing for an action when it was published: done, under-way or promised."""
    return action_facts.standing.standing


def progress_by_action(record: UpdatesRecord, facts, as_of: datetime.date) -> dict[str, ActionProgress]:
    """Every action's progress on `as_of`, keyed by action id, in the facts' order."""
    return {
        action_id: derive(
            at_publication(action_facts),
            action_facts.deadlines,
            tuple(u for u in record.updates if action_id in u.actions),
            as_of,
        )
        for action_id, action_facts in facts.actions.items()
    }


def check_plan_quotes(record: UpdatesRecord, plan, file: str) -> None:
    """An update that cites the plan must quote it, and the words must be in each action it names,
    so a seed from the plan can never say more than the plan does."""
    for update in record.updates:
        if update.about_plan or not update.source.title.startswith(plan.document.title):
            continue
        if not update.quote:
            raise PlanError(file, update.line, "an update that cites the plan quotes the plan's words (quote)")
        for action_id in update.actions:
            action = plan.action(action_id)
            if update.quote not in "\n".join([*action.paragraphs, *(s.text for s in action.subitems)]):
                raise PlanError(file, update.line, f"the quote is not in the text of action {action_id}")
