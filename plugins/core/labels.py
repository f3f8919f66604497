"""Every label the site shows for the progress record, in one place, keyed by the values in
actions.json (actionplan/progress.py and actionplan/updates.py define the values)."""

from __future__ import annotations

import datetime

STATUS = {
    "delivered": "Delivery recorded",
    "dropped": "Dropped",
    "delayed": "Delay recorded",
    "in-progress": "Progress recorded",
    "none-recorded": "No progress recorded",
}
SCHEDULE = {
    "due": "Deadline not yet reached",
    "passed": "Deadline passed, no delivery recorded",
    "delivered": "Delivery recorded",
    "no-deadline": "No deadline in the plan",
}
KIND = {
    "announced": "Announced",
    "consultation-opened": "Consultation opened",
    "legislation-introduced": "Legislation introduced",
    "legislation-passed": "Legislation passed",
    "funding-confirmed": "Funding confirmed",
    "launched": "Launched",
    "published": "Published",
    "delivered": "Delivered",
    "delayed": "Delayed",
    "dropped": "Dropped",
    "plan-revised": "Plan revised",
}
EVIDENCE = {"official": "official statement", "independent": "independent evidence"}

LABELS = {"status": STATUS, "schedule": SCHEDULE, "kind": KIND, "evidence": EVIDENCE}


def long_date(value: str) -> str:
    """"2025-07-16" -> "16 July 2025", "2025-07" -> "July 2025", "2025" -> "2025": no more precise
    than the record is."""
    parts = [int(p) for p in value.split("-")]
    if len(parts) == 1:
        return str(parts[0])
    day = datetime.date(parts[0], parts[1], parts[2] if len(parts) == 3 else 1)
    month_year = f"{day:%B} {day.year}"
    return f"{day.day} {month_year}" if len(parts) == 3 else month_year
