"""What the progress record says about each action, as of the date it was reviewed up to.

Pure and deterministic: everything is measured against `reviewed_up_to`, never against the clock.
Three things stay apart: the standing the plan reported at publication, the updates recorded since,
and the schedule (the plan's own deadline against the review date). A deadline is a date of a kind
in `model.DEADLINE_KINDS` ("by" or "in") of the action or one of its sub-items (`Deadline.is_deadline`);
starts, periods, past events, forecasts and dates of what an action builds on are not deadlines.
"""

from __future__ import annotations

import calendar
import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from .model import PlanError
from .updates import Update, UpdatesRecord

# Recorded status, from the plan's own standing at publication and the updates recorded since.
STATUSES = ("delivered", "dropped", "delayed", "in-progress", "none-recorded")
# The plan's deadline against the review date.
SCHEDULES = ("no-deadline", "due", "passed", "delivered")
# "Due soon": a deadline that ends within this many days after the review date (about a quarter).
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


def recorded_status(at_publication: str, updates: tuple[Update, ...]) -> str:
    """The recorded status: a later "dropped" outweighs all; a delivery (reported in the plan or
    recorded since) outweighs delays; any other update, or work the plan reports under way, is progress."""
    latest = updates[0].kind if updates else None
    if latest == "dropped":
        return "dropped"
    if at_publication == "done" or any(u.kind == "delivered" for u in updates):
        return "delivered"
    if latest == "delayed":
        return "delayed"
    if updates or at_publication == "under-way":
        return "in-progress"
    return "none-recorded"


def derive(
    at_publication: str, deadlines: Iterable, updates: tuple[Update, ...], reviewed: datetime.date
) -> ActionProgress:
    """One action's progress; `updates` are its own, newest first, none after `reviewed`."""
    recorded = recorded_status(at_publication, updates)
    # The action's own deadlines and its sub-items' (labelled with their sub-item where shown).
    dated = [d for d in deadlines if d.is_deadline]
    if not dated:
        return ActionProgress(recorded, "no-deadline", None, None, False, updates)
    # The earliest promise decides: a missed first deadline stays missed whatever comes later.
    deadline = min(dated, key=deadline_end)
    end = deadline_end(deadline)
    if recorded == "delivered":
        schedule = "delivered"
    elif reviewed > end:  # on the deadline's last day itself it is still due
        schedule = "passed"
    else:
        schedule = "due"
    due_soon = schedule == "due" and (end - reviewed).days <= DUE_SOON_DAYS
    return ActionProgress(recorded, schedule, deadline, end, due_soon, updates)


def at_publication(action_facts) -> str:
    """The plan's standing for an action when it was published: done, under-way or promised."""
    return action_facts.standing.standing


def progress_by_action(record: UpdatesRecord, facts) -> dict[str, ActionProgress]:
    """Every action's progress, keyed by action id, in the facts' order."""
    return {
        action_id: derive(
            at_publication(action_facts),
            action_facts.deadlines,
            tuple(u for u in record.updates if action_id in u.actions),
            record.reviewed_up_to,
        )
        for action_id, action_facts in facts.actions.items()
    }


def check_plan_quotes(record: UpdatesRecord, plan, file: str) -> None:
    """An update that cites the plan must quote it, and the words must be in each action it names,
    so a seed from the plan can never say more than the plan does."""
    for update in record.updates:
        if not update.source.title.startswith(plan.document.title):
            continue
        if not update.quote:
            raise PlanError(file, update.line, "an update that cites the plan quotes the plan's words (quote)")
        for action_id in update.actions:
            action = plan.action(action_id)
            if update.quote not in "\n".join([*action.paragraphs, *(s.text for s in action.subitems)]):
                raise PlanError(file, update.line, f"the quote is not in the text of action {action_id}")
