"""Where an action stood when the plan was published, by the plan's own account: the three
standings and every word the site uses for them, in this one place.

The generator writes the ids into actions.json and the CSV; the theme, the filters, the search
page's script and the data page receive these words from here through plugins/core/labels.py
(templates as STANDINGS, the scripts in a data- attribute), so no template or script spells a
label of its own. The wording reports what the plan says, never a verdict on
the Government: "promised" means only that the plan reports no progress on the action.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class StandingWords:
    id: str  # in actions.json, the CSV and URLs: actions/status/<id>/
    label: str  # on an action's page and wherever a standing stands alone
    short: str  # in lists, filters and charts, beside the others
    means: str  # one sentence for the data page, the schema and the filter page


DONE, UNDER_WAY, PROMISED = "done", "under-way", "promised"

STANDINGS: dict[str, StandingWords] = {
    s.id: s
    for s in (
        StandingWords(
            DONE, "Done when the plan was published", "Done",
            "The plan reports the whole action as already done.",
        ),
        StandingWords(
            UNDER_WAY, "Under way when the plan was published", "Under way",
            "The plan says part of this action is already delivered, running, piloted, launched, commenced or "
            "being implemented, or the action continues a programme or service that already runs.",
        ),
        StandingWords(
            PROMISED, "Promised: no progress reported in the plan", "Promised",
            "The plan says the action will be done and reports no progress on it; this says nothing about "
            "what has happened since.",
        ),
    )
}
IDS: tuple[str, ...] = tuple(STANDINGS)

# The filter pages of the earlier statuses (done, partly done, not done) are published URLs; each
# now leads to the standing closest to what it listed. "done" kept its id and its page.
RETIRED_STATUSES = {"partly-done": UNDER_WAY, "not-done": PROMISED}


def as_data() -> dict[str, dict[str, str]]:
    """The words as plain data, for Jinja and for the search page's script."""
    return {s.id: {"label": s.label, "short": s.short, "means": s.means} for s in STANDINGS.values()}
