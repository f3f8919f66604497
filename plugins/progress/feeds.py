"""The ways to follow the record: Atom feeds of updates (Pelican's feedgenerator) and an
iCalendar file of the plan's deadlines. Pure: bytes from the model as read on the build's as-of
date (plugins/core/as_of.py), dated by that date, never by the clock, so the same checkout with
the same as-of date gives the same files."""

from __future__ import annotations

import datetime
import functools
import uuid
from collections.abc import Iterable

from feedgenerator import Atom1Feed

from plugins.core.labels import KIND, STANDINGS, long_date
from plugins.core.plan import Action, Plan, RecordDeadline, Update

FEED_PATH = "progress/updates.atom"
TOPIC_FEED_PATH = "progress/topic-{id}.atom"
CALENDAR_PATH = "progress/deadlines.ics"
# Follow one action: its updates and its deadlines, beside its page (no account, nothing stored).
ACTION_FEED_PATH = "actions/{id}/updates.atom"
ACTION_CALENDAR_PATH = "actions/{id}/deadlines.ics"
CALENDAR_ID = "-//VAWG Action Plan reader//Progress record//EN"


def _day(value: str) -> datetime.datetime:
    """The first day a partial date covers, at midnight UTC: Atom wants a full timestamp."""
    parts = [int(p) for p in value.split("-")] + [1, 1]
    return datetime.datetime(parts[0], parts[1], parts[2], tzinfo=datetime.UTC)


def _absolute(siteurl: str, url: str) -> str:
    return f"{siteurl.rstrip('/')}/{url}"


class _ReviewedFeed(Atom1Feed):
    """An Atom feed dated by the build's as-of date: feedgenerator would date a feed without
    entries by the clock."""

    def __init__(self, *args, reviewed: datetime.datetime, **kwargs):
        super().__init__(*args, **kwargs)
        self.reviewed = reviewed

    def latest_post_date(self) -> datetime.datetime:
        return self.reviewed


@functools.cache  # an update's id is in every feed that lists it
def _guid(name: str) -> str:
    """A permanent id that does not move with the site's address: a name-based UUID."""
    return f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, 'vawg-action-plan/progress/' + name)}"


def standings_said(actions: list[Action]) -> str:
    """Where each action stood when the plan was published, in the standings' own words
    (plugins/core/labels.py): "Action 12e: Under way when the plan was published." """
    return " ".join(f"Action {a.id}: {STANDINGS[a.facts.standing.id]['label']}." for a in actions)


def atom_feed(
    plan: Plan,
    siteurl: str,
    sitename: str,
    updates: Iterable[Update],
    title: str,
    path: str,
    action: Action | None = None,
) -> bytes:
    """A feed of `updates`, newest first; each entry links to its (first, or `action`'s) Progress
    section, and the feed to the progress page or to `action`'s page."""
    record = plan.progress
    reviewed_text = record.reviewed_up_to
    feed = _ReviewedFeed(
        reviewed=_day(record.as_of),
        title=f"{sitename}: {title}",
        link=_absolute(siteurl, action.url if action else "progress/"),
        description=(
            f"Dated, sourced updates on the plan's actions: fully reviewed up to {long_date(reviewed_text)},"
            f" read as of {long_date(record.as_of)}."
        ),
        feed_url=_absolute(siteurl, path),
        language="en-GB",
        feed_guid=_guid(path),
    )
    for update in updates:
        actions = [plan.actions_by_id[a] for a in update.actions]
        first = action or (actions[0] if actions else None)
        about = ", ".join(a.id for a in actions) or "The plan"
        where = f"{first.url}#update-{update.id}" if first else f"progress/#update-{update.id}"
        source = update.source
        feed.add_item(
            title=f"{about}: {KIND[update.kind]} ({long_date(update.date)})",
            link=_absolute(siteurl, where),
            description=(
                f"{update.text} Source: {source.title}, {source.publisher}, {long_date(source.date)}"
                f" ({source.url}). " + standings_said(actions)
            ),
            unique_id=_guid(f"update/{update.id}"),
            pubdate=_day(update.date),
            # An update is a dated event: its entry is as of that date and does not change.
            updateddate=_day(update.date),
            categories=[KIND[update.kind]],
        )
    return feed.writeString("utf-8").encode("utf-8")


def feeds(plan: Plan, siteurl: str, sitename: str) -> dict[str, bytes]:
    """The site-wide feed and one per topic (an empty feed where a topic has no update yet, so a
    subscription made today keeps working)."""
    updates, actions = plan.progress.updates, plan.actions_by_id
    files = {FEED_PATH: atom_feed(plan, siteurl, sitename, updates, "progress updates", FEED_PATH)}
    for topic in plan.topics:
        mine = [u for u in updates if any(topic.id in actions[a].facts.topics for a in u.actions)]
        path = TOPIC_FEED_PATH.format(id=topic.id)
        files[path] = atom_feed(plan, siteurl, sitename, mine, f"progress updates on {topic.name}", path)
    return files


def action_files(plan: Plan, siteurl: str, sitename: str) -> dict[str, bytes]:
    """Each action's own feed (an empty one until it has an update, so a subscription made today
    keeps working) and, where the plan sets it a deadline, its own calendar."""
    files = {}
    for action in plan.actions:
        path = ACTION_FEED_PATH.format(id=action.id)
        title = f"progress updates on action {action.id}, {action.title}"
        files[path] = atom_feed(plan, siteurl, sitename, action.progress.updates, title, path, action)
        deadlines = [d for d in plan.progress.deadlines if d.action == action.id]
        if deadlines:
            name = f"action {action.id} deadlines"
            files[ACTION_CALENDAR_PATH.format(id=action.id)] = calendar(plan, siteurl, sitename, deadlines, name)
    return files


# --- iCalendar (RFC 5545) -------------------------------------------------------------------------


def _text(value: str) -> str:
    """A TEXT value escaped as RFC 5545 section 3.3.11 says."""
    return value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def _fold(line: str) -> str:
    """Lines of at most 75 octets, continued after CRLF and a space, never inside a character."""
    if line.isascii():  # one octet a character: cut by length alone
        if len(line) <= 75:
            return line + "\r\n"
        return "\r\n ".join([line[:75], *(line[i : i + 74] for i in range(75, len(line), 74))]) + "\r\n"
    out, current = [], b""
    for char in line:
        encoded = char.encode("utf-8")
        if len(current) + len(encoded) > (75 if not out else 74):
            out.append(current)
            current = b""
        current += encoded
    out.append(current)
    return "\r\n ".join(part.decode("utf-8") for part in out) + "\r\n"


def calendar(
    plan: Plan, siteurl: str, sitename: str, deadlines: list[RecordDeadline] | None = None, name: str = "deadlines"
) -> bytes:
    """Every deadline ("by" and "in" dates of an action or one of its sub-items) in the plan, or
    those given, as an all-day event on the last day its words cover."""
    record = plan.progress
    stamp = _day(record.as_of).strftime("%Y%m%dT%H%M%SZ")
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{CALENDAR_ID}",
        "CALSCALE:GREGORIAN",
        f"X-WR-CALNAME:{_text(f'{sitename}: {name}')}",
    ]
    for deadline in record.deadlines if deadlines is None else deadlines:
        action = plan.actions_by_id[deadline.action]
        end = datetime.date.fromisoformat(deadline.ends)
        # A sub-item's deadline says whose it is ("Action 12e, sub-item i, deadline: by April 2028").
        whose = f"Action {action.id}" + (f", {deadline.of}," if deadline.of != "action" else "")
        summary = f"{whose} deadline: {deadline.text}"
        description = (
            f"{action.title}\nThe plan's words: {deadline.text}\n{standings_said([action])}\n"
            f"As of {long_date(record.as_of)}: {_state(deadline, action)}"
        )
        lines += [
            "BEGIN:VEVENT",
            f"UID:{action.id}-{end:%Y%m%d}-{_slug(deadline.text)}@{_host(siteurl)}",
            f"DTSTAMP:{stamp}",
            f"DTSTART;VALUE=DATE:{end:%Y%m%d}",
            f"DTEND;VALUE=DATE:{end + datetime.timedelta(days=1):%Y%m%d}",
            f"SUMMARY:{_text(summary)}",
            f"DESCRIPTION:{_text(description)}",
            # URL takes an absolute address only: a build without SITEURL has none to give.
            *([f"URL:{_absolute(siteurl, action.url)}"] if "://" in siteurl else []),
            "TRANSP:TRANSPARENT",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "".join(_fold(line) for line in lines).encode("utf-8")


def _state(deadline: RecordDeadline, action: Action) -> str:
    """This deadline (not only the action's earliest) as read on the as-of date."""
    if action.progress.status == "delivered":
        return "delivery recorded"
    return "passed, no delivery recorded" if deadline.passed else "not yet reached"


def _slug(text: str) -> str:
    return "-".join("".join(c if c.isalnum() else " " for c in text.lower()).split())


def _host(siteurl: str) -> str:
    """The site's host for event UIDs; a reserved name where the build has no address."""
    host = siteurl.split("://", 1)[-1].split("/", 1)[0]
    return host or "vawg-action-plan.invalid"
