"""A maintainer's routine, not a trap: one dated update, and separately one erratum, added to a copy
of plan/ the way docs/progress.md and the README say, then the generator and the checks that read
the data. Nothing here names the record's size or the errata's count; both come from the copy.

The lock error says which file changed an action's words, and how; `--check` says which actions
gain or lose an entity when plan/entities.toml changes.
"""

from __future__ import annotations

import datetime
import json
import re
import shutil
from pathlib import Path

import pytest
from helpers.site import REPO

from actionplan.cli import main
from actionplan.progress import check_plan_quotes
from actionplan.reading.parse import parse_plan_file
from actionplan.records.updates import load_updates
from plugins.core.model import DEFAULT_SCHEMA, load_model
from plugins.core.plan import Plan

AS_OF = datetime.date(2026, 12, 7)


@pytest.fixture
def checkout(tmp_path: Path) -> Path:
    """A copy of the data and of the content it gives, as a maintainer's checkout has them."""
    shutil.copytree(REPO / "plan", tmp_path / "plan")
    shutil.copytree(REPO / "content", tmp_path / "content")
    return tmp_path


def run(checkout: Path, *args: str) -> int:
    return main([*args], root=checkout)


def data_checks(checkout: Path) -> Plan:
    """What the suite checks that depends on the data: the record against the plan, --check clean,
    and the model the site reads valid against its schema once read as of a date."""
    plan, _ = parse_plan_file(str(checkout / "plan" / "action-plan-2025-12.md"), str(checkout / "plan" / "errata.toml"))
    updates = checkout / "plan" / "updates.toml"
    record = load_updates(updates.read_text(encoding="utf-8"), str(updates), {a.id for a in plan.actions()})
    check_plan_quotes(record, plan, str(updates))
    assert run(checkout, "--check") == 0
    return load_model(checkout / "content" / "data" / "actions.json", DEFAULT_SCHEMA, as_of=AS_OF).plan


def test_one_dated_update_added_as_the_docs_say(checkout: Path, capsys):
    updates = checkout / "plan" / "updates.toml"
    before = json.loads((checkout / "content" / "data" / "actions.json").read_text(encoding="utf-8"))
    text = updates.read_text(encoding="utf-8")
    # docs/progress.md, step 7: an event after recorded_up_to moves recorded_up_to, never reviewed_up_to.
    text = re.sub(r'^recorded_up_to = "[0-9-]+"', 'recorded_up_to = "2026-07-15"', text, flags=re.M)
    text += (
        '\n[[update]]\ndate = "2026-07-15"\nactions = ["12e"]\nkind = "announced"\n'
        'text = "A maintainer recorded one new event."\nevidence = "official"\n'
        'source = {title = "A report", publisher = "Home Office", url = "https://www.gov.uk/report", '
        'date = "2026-07-15"}\n'
    )
    updates.write_text(text, encoding="utf-8")
    assert run(checkout) == 0
    plan = data_checks(checkout)
    assert len(plan.progress.updates) == len(before["progress"]["updates"]) + 1
    assert plan.progress.reviewed_up_to == before["progress"]["reviewed_up_to"]
    assert plan.actions_by_id["12e"].progress.updates[0].id == "2026-07-15-12e"
    capsys.readouterr()


def test_one_erratum_added_as_the_readme_says(checkout: Path, capsys):
    errata = checkout / "plan" / "errata.toml"
    before = json.loads((checkout / "content" / "data" / "actions.json").read_text(encoding="utf-8"))
    errata.write_text(
        errata.read_text(encoding="utf-8")
        + '\n[[correction]]\naction = "12e"\nfind = "Take robust action"\nreplace = "Take firm action"\n'
        'reason = "A fixture: a word changed to test the routine."\n',
        encoding="utf-8",
    )
    # Without --accept-changes the lock stops the run, naming the errata and the words.
    assert run(checkout) == 1
    error = capsys.readouterr().err
    assert error.startswith(f"{errata}:")
    assert "changed by a correction in the errata: 'Take robust action to tackle' now reads 'Take firm action" in error
    assert run(checkout, "--accept-changes") == 0
    plan = data_checks(checkout)
    corrected = [a for a in plan.actions if a.corrections]
    assert len(corrected) == len([a for a in before["actions"] if a["corrections"]]) + ("12e" not in {
        a["id"] for a in before["actions"] if a["corrections"]})
    assert plan.actions_by_id["12e"].title_words.startswith("Take firm action")


def test_a_change_to_the_plan_is_named_with_its_words(checkout: Path, capsys):
    source = checkout / "plan" / "action-plan-2025-12.md"
    source.write_text(source.read_text(encoding="utf-8").replace("Take robust action to tackle spiking",
                                                                 "Take strong action to tackle spiking", 1))
    assert run(checkout, "--check") == 1
    error = capsys.readouterr().err
    assert error.startswith(f"{source}:")
    assert ("changed by the plan's text: 'Take robust action to tackle' now reads "
            "'Take strong action to tackle'") in error


def test_check_says_which_actions_gain_or_lose_an_entity(checkout: Path, capsys):
    entities = checkout / "plan" / "entities.toml"
    text = entities.read_text(encoding="utf-8")
    wrong = text.replace('aliases = ["Department for Culture, Media, and Sport"]',
                         'aliases = ["Department for Culture, Media, and Sport", "sport"]', 1)
    assert wrong != text
    entities.write_text(wrong, encoding="utf-8")
    assert run(checkout, "--check") == 1
    out = capsys.readouterr().out
    line = next(x for x in out.splitlines() if x.startswith("organisation department-for-culture-media-and-sport:"))
    assert "gains " in line and "loses" not in line
