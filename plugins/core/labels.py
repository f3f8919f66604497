"""Every label the site shows, in one place, keyed by the values in actions.json: the progress
record's (actionplan/progress.py and actionplan/records/updates.py define the values), the standings'
(worded by actionplan/records/standings.py, which the generator shares), the facts' and the laws' kinds.

Templates read them as LABELS (plan_context); the scripts get the few they need as one JSON
object (`for_scripts`), handed over in a data- attribute, so no script spells a label of its own.
"""

from __future__ import annotations

import datetime
import functools

from actionplan.records import standings

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
# Where each action stood when the plan was published: label, short and means, by standing id.
STANDINGS = standings.as_data()
# The names of an action's facts, on its page and in the briefing pack.
FACTS = {
    "delivers": "Who delivers it",
    "nobody_delivers": "The plan does not name a body; it speaks for the Government.",
    "mentioned": "Also mentioned (not said to deliver it)",
    "when": "When",
    "subitem_dates": "Sub-item dates",
    "forecast": "Forecast (not a deadline)",
    "background": "Builds on (dates of earlier work)",
    "money": "Money",
    "acronyms": "Abbreviations",
    "standing": "When the plan was published",
    "pages": "In the printed plan",
    "progress": "Progress since publication",
    # The briefing pack's shorter list of the same facts.
    "standing_at_publication": "Standing when the plan was published",
    "dates": "Dates",
    "no_dates": "None given",
    "no_money": "None named",
    # The action page's first screen, at a glance.
    "glance_standing": "Standing",
    "glance_deadline": "Deadline",
    "glance_delivers": "Who delivers",
}
# The all-actions page's filters: each facet's heading and the words before a value's label when it
# stands alone ("Topic: Stalking"); the money facet's one value.
FILTERS = {
    "pillar": {"label": "Pillar", "prefix": ""},
    "topic": {"label": "Topic", "prefix": "Topic: "},
    "organisation": {"label": "Organisation", "prefix": "Delivered by "},
    "deadline": {"label": "Deadline year", "prefix": "Deadline in "},
    "money": {"label": FACTS["money"], "prefix": ""},
    "status": {"label": FACTS["standing"], "prefix": ""},
    "progress": {"label": "Progress record", "prefix": "Progress: "},
    "schedule": {"label": "Deadline schedule", "prefix": "Schedule: "},
}
FUNDING_NAMED = {"funding": "Funding named"}
# Why a sum is left out of every total, by its context_basis: in a few words (the chart's table, the
# money page) and in full (an action's page).
MONEY_LEFT_OUT = {
    "before-period": (
        "for a year before the plan's period",
        "a background figure: it is for a year before the plan's period (2026–29), an earlier level "
        "rather than this plan's money, so no total on this site adds it",
    ),
    "whole-budget": (
        "a whole budget",
        "a background figure: a whole budget the plan gives for context, so no total on this site adds it",
    ),
    "wider-programme": (
        "a wider programme",
        "a background figure: the money of a programme wider than this plan's work, and the plan does not "
        "say how much of it is for violence against women and girls, so no total on this site adds it",
    ),
}
# The search page's filters of the results: each one's name and its option for any value.
SEARCH_FILTERS = {
    "pillar": {"label": "In pillar", "any": "Any pillar"},
    "topic": {"label": "About topic", "any": "Any topic"},
    "organisation": {"label": "Delivered by", "any": "Any organisation"},
    "status": {"label": FACTS["standing"], "any": "Any standing"},
    "progress": {"label": "Progress recorded", "any": "Any progress"},
    "schedule": {"label": "Deadline", "any": "Any schedule"},
}
# What the site says of damage the source did to an action (the flags in actions.json): a few
# words for lists (the About page) and a note for the action's page.
FLAGS = {
    "opening-lost": {
        "short": "its first words are missing",
        "note": (
            "The first words of this action are missing from the copy of the plan this site is built from, so"
            " the text below starts part-way through a sentence. We have not guessed them: the printed plan "
            "has them."
        ),
    },
    "marker-inferred": {
        "short": "its letter was missing and follows from its neighbours",
        "note": (
            "In the copy we work from, the letter before this action was missing; it is the letter between "
            "those of the actions either side."
        ),
    },
    "numeral-inferred": {
        "short": "a numeral of its list was missing",
        "note": (
            "In the copy we work from, a numeral (such as “i.”) before one of the items in this action's list"
            " was missing; the items are numbered in their printed order."
        ),
    },
    "marker-misread": {
        "short": "its letter was misread and put right",
        "note": (
            "In the copy we work from, this action's letter was misread (“I)” for “l)”); it is shown "
            "correctly here."
        ),
    },
    "header-joined": {
        "short": "a page break falls inside it",
        "note": (
            "A page break falls inside this action in the printed plan; the text here runs on across it."
        ),
    },
}
# The site's sections by URL, in a few words: the main menu's (base.html, in its order; topics and
# organisations are named by the plan's kinds between "plan/" and "timeline/"), the titles of the
# overview pages drawn for them (overview_pages) and the links to them.
SECTIONS = {
    "actions/": "All actions",
    "plan/": "The whole plan",
    "timeline/": "Timeline",
    "money/": FACTS["money"],
    "progress/": "Progress",
    "glossary/": "Glossary",
    "data/": "Open data",
    "about/": "About",
    "safety/": "Staying safe",
}
LAW_KIND = {"act": "An Act of Parliament", "bill": "A Bill before Parliament", "si": "A statutory instrument"}

LABELS = {
    "status": STATUS,
    "schedule": SCHEDULE,
    "kind": KIND,
    "evidence": EVIDENCE,
    "standing": STANDINGS,
    "facts": FACTS,
    "law_kind": LAW_KIND,
    "flags": FLAGS,
    "filters": FILTERS,
    "funding": FUNDING_NAMED,
    "search_filters": SEARCH_FILTERS,
    "sections": SECTIONS,
}


def for_scripts() -> dict:
    """The labels the scripts show, as one small JSON object: the search page's filters (standings,
    progress, schedule) and the briefing pack's facts. Pages hand it over in a data- attribute."""
    return {
        "standing": {key: {"label": words["label"], "short": words["short"]} for key, words in STANDINGS.items()},
        "status": STATUS,
        "schedule": SCHEDULE,
        "facts": FACTS,
    }


@functools.cache  # a few dates, each said on many pages and in many feeds
def long_date(value: str) -> str:
    """"2025-07-16" -> "16 July 2025", "2025-07" -> "July 2025", "2025" -> "2025": no more precise
    than the record is."""
    parts = [int(p) for p in value.split("-")]
    if len(parts) == 1:
        return str(parts[0])
    day = datetime.date(parts[0], parts[1], parts[2] if len(parts) == 3 else 1)
    month_year = f"{day:%B} {day.year}"
    return f"{day.day} {month_year}" if len(parts) == 3 else month_year
