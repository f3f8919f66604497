"""The updates download, data/updates.csv: one row per update and action, from the progress record.

Pure: `updates_csv_bytes(model)` turns the parsed `actions.json` into the file's exact bytes, in the
same CSV dialect as actions.csv (documented once, on the Data page).
"""

from __future__ import annotations

import csv
import io

from plugins.core.csv_table import BOM, LINE_END, Column, neutralised

UPDATE_COLUMNS: tuple[Column, ...] = (
    Column("date", 'When it happened, as precisely as the source says: "2025-07-16", "2025-07" or "2025".',
           lambda u, a: u["date"]),
    Column("action", "Identifier of the action; an update about several actions has one row for each, one "
           "about the plan itself (an edition revised) one row with this empty.",
           lambda u, a: a),
    Column("kind", 'What kind of event: "announced", "consultation-opened", "launched", "delivered", ….',
           lambda u, a: u["kind"]),
    Column("text", "One neutral sentence on what happened.", lambda u, a: u["text"]),
    Column("evidence", '"official" (the responsible body\'s own statement) or "independent".',
           lambda u, a: u["evidence"]),
    Column("quote", "The source's own words, where quoted.", lambda u, a: u["quote"] or ""),
    Column("source_title", "Title of the source.", lambda u, a: u["source"]["title"]),
    Column("source_publisher", "Who published the source.", lambda u, a: u["source"]["publisher"]),
    Column("source_url", "Address of the source.", lambda u, a: u["source"]["url"]),
    Column("source_date", "Date of the source, as precisely as known.", lambda u, a: u["source"]["date"]),
    Column("update_id", 'The update\'s identifier in actions.json: "2025-07-16-12j".', lambda u, a: u["id"]),
)


def updates_csv_bytes(model: dict) -> bytes:
    """Newest first, as the record orders them; the review date is in actions.json and on the page."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator=LINE_END, quoting=csv.QUOTE_MINIMAL)
    writer.writerow(column.name for column in UPDATE_COLUMNS)
    for update in model["progress"]["updates"]:
        for action_id in update["actions"] or [""]:
            writer.writerow(neutralised(column.value(update, action_id)) for column in UPDATE_COLUMNS)
    return (BOM + out.getvalue()).encode("utf-8")
