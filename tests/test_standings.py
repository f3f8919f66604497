"""Standings when the plan was published (issue 19): the reviewed data in plan/standings.toml
decides, the rules propose, and the build stops at the file's line on any mistake."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from actionplan.accuracy import load_model
from actionplan.blind import blind_scores, called_done_wrongly
from actionplan.cli import main
from actionplan.model import PlanError
from actionplan.paths import DEFAULT_STANDINGS
from actionplan.records.review import disagreements, load_review
from actionplan.records.standings import IDS, RETIRED_STATUSES, STANDINGS

ROOT = Path(__file__).resolve().parent.parent
REVIEW_TEXT = DEFAULT_STANDINGS.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def rules():
    return load_model()


@pytest.fixture(scope="module")
def reviewed():
    return load_model(reviewed=True)[1]


def test_three_standings_worded_once():
    assert IDS == ("done", "under-way", "promised")
    assert [s.label for s in STANDINGS.values()] == [
        "Done when the plan was published",
        "Under way when the plan was published",
        "Promised: no progress reported in the plan",
    ]
    assert [s.short for s in STANDINGS.values()] == ["Done", "Under way", "Promised"]
    assert set(RETIRED_STATUSES.values()) <= set(IDS)
    # No template or script spells a standing's words: they come from actionplan/records/standings.py.
    for path in [*(ROOT / "theme" / "templates").rglob("*.html"), *(ROOT / "theme" / "static" / "js").glob("*.js")]:
        text = path.read_text(encoding="utf-8")
        for words in STANDINGS.values():
            assert words.label not in text, (path, words.label)
        assert not re.search(r"Partly done|Not done", text), path


def test_the_schema_names_the_standings():
    schema = json.loads((ROOT / "schema" / "actions.schema.json").read_text(encoding="utf-8"))
    assert schema["properties"]["schema_version"]["const"] == 4
    action = schema["$defs"]["action"] if "action" in schema.get("$defs", {}) else None
    text = json.dumps(schema)
    assert '"enum": ["done", "under-way", "promised"]' in text, action


def test_the_review_decides_on_the_real_plan(reviewed, rules):
    plan, by_rules = rules
    standing = {i: f.standing for i, f in reviewed.actions.items()}
    for action_id in ("8a", "12f", "22b", "21h", "34a", "13f", "12e"):
        assert standing[action_id].standing == "under-way", action_id
        assert standing[action_id].reviewed and standing[action_id].reason
    assert standing["8a"].words.startswith("Already operating in Northamptonshire")
    # Every quote is in its action's text; the review's doers replace the rules' set, and every
    # other organisation the action names stays, as mentioned.
    review = load_review(REVIEW_TEXT, str(DEFAULT_STANDINGS), plan, by_rules)
    assert set(review) == {a.id for a in plan.actions()}
    for action in plan.actions():
        facts, entry = reviewed.actions[action.id], review[action.id]
        pieces = [*action.paragraphs, *(s.text for s in action.subitems), *(f.text for f in action.footnotes)]
        assert any(" ".join(entry.words.split()) in " ".join(p.split()) for p in pieces), action.id
        assert set(facts.delivering) == set(entry.delivers)
        assert {o.id for o in facts.organisations} == {o.id for o in by_rules.actions[action.id].organisations}


def test_the_built_data_carries_the_reviewed_standings(reviewed):
    model = json.loads((ROOT / "content" / "data" / "actions.json").read_text(encoding="utf-8"))
    assert model["schema_version"] == 4
    for action in model["actions"]:
        want = reviewed.actions[action["id"]].standing
        assert action["facts"]["standing"] == {
            "id": want.standing, "words": want.words, "reason": want.reason, "reviewed": True}


def test_the_disagreement_report_is_current():
    """docs/standings.md is generated (scripts/standings_report.py); stale, it misleads."""
    import runpy

    report = runpy.run_path(str(ROOT / "scripts" / "standings_report.py"))["report"]
    assert (ROOT / "docs" / "standings.md").read_text(encoding="utf-8") == report()


def test_disagreements_list_each_action_where_rules_and_review_differ(rules, reviewed):
    _, by_rules = rules
    found = disagreements(by_rules, reviewed)
    for d in found["standing"]:
        assert by_rules.actions[d.action_id].standing.standing == d.rules != d.review
    differing = {i for i in by_rules.actions
                 if by_rules.actions[i].standing.standing != reviewed.actions[i].standing.standing}
    assert {d.action_id for d in found["standing"]} == differing
    assert {d.action_id for d in found["delivers"]} == {
        i for i in by_rules.actions if set(by_rules.actions[i].delivering) != set(reviewed.actions[i].delivering)}


# --- the file's mistakes, each at its line ---------------------------------------------------------


def _line_of(text: str, needle: str) -> int:
    return text[: text.index(needle)].count("\n") + 1


def _mutated(old: str, new: str) -> tuple[str, int]:
    assert REVIEW_TEXT.count(old) == 1, old
    text = REVIEW_TEXT.replace(old, new)
    return text, _line_of(text, new.split("\n")[-1] if new else old)


CASES = [
    # a quote that is not the plan's (one word changed)
    ('words = "The Further Education Student Support Champion launched a comprehensive RSE toolkit"',
     'words = "The Further Education Student Support Champion published a comprehensive RSE toolkit"',
     "words are not in the text of action 3b"),
    ('["3b"]\nstanding = "done"', '["3b"]\nstanding = "finished"', "standing 'finished' is not one of"),
    ('delivers = ["further-education-student-support-champion"]', 'delivers = ["no-such-body"]',
     "'no-such-body' is not an organisation"),
    ('delivers = ["further-education-student-support-champion"]', 'delivers = ["home-office"]',
     "action 3b does not name 'home-office'"),
    ('reason = "The plan reports the toolkit as already launched."',
     'reason = "The plan reports the toolkit as already launched."\nverdict = "good"', "unknown key 'verdict'"),
    ('["3b"]', '["3z"]', "the plan has no action '3z'"),
]


@pytest.mark.parametrize(("old", "new", "message"), CASES)
def test_a_mistake_stops_the_build_at_its_line(tmp_path, capsys, old, new, message):
    text, line = _mutated(old, new)
    path = tmp_path / "standings.toml"
    path.write_text(text, encoding="utf-8")
    status = main(["--standings", str(path), "--check", "--out", str(tmp_path / "content")])
    err = capsys.readouterr().err.strip().splitlines()
    assert status == 1
    assert any(e.startswith(f"{path}:{line}: ") and message in e for e in err), err
    assert all(re.match(rf"{re.escape(str(path))}:\d+: ", e) for e in err), err


def test_a_missing_entry_and_a_second_one_are_mistakes(rules):
    plan, by_rules = rules
    start = REVIEW_TEXT.index('["3b"]')
    end = REVIEW_TEXT.index("\n[", start)
    without = REVIEW_TEXT[:start] + REVIEW_TEXT[end + 1:]
    with pytest.raises(PlanError, match=r":1: 1 action\(s\) have no entry: 3b"):
        load_review(without, "plan/standings.toml", plan, by_rules)
    twice = REVIEW_TEXT + "\n" + REVIEW_TEXT[start:end] + "\n"
    with pytest.raises(PlanError, match=r"plan/standings.toml:\d+: not valid TOML"):
        load_review(twice, "plan/standings.toml", plan, by_rules)


def test_a_text_read_again_says_the_same(rules):
    """What a standings text reads as is kept for the next run in the same process: the same
    mistakes each time, none carried over to another text."""
    plan, by_rules = rules
    text = REVIEW_TEXT.replace('words = "Already operating in Northamptonshire',
                               'words = "Already working in Northamptonshire')
    said = []
    for _ in range(2):
        with pytest.raises(PlanError) as raised:
            load_review(text, "plan/standings.toml", plan, by_rules)
        said.append(str(raised.value))
    assert said[0] == said[1] and len(said[0].splitlines()) == 1, said
    assert load_review(REVIEW_TEXT, "plan/standings.toml", plan, by_rules)["8a"].words.startswith("Already operating")


def test_a_wrong_quote_says_which_action_and_what_to_do(rules):
    """One entry with a wrong quote in an otherwise real file: one line, at the quote's line."""
    plan, by_rules = rules
    text = REVIEW_TEXT.replace('words = "Already operating in Northamptonshire',
                               'words = "Already working in Northamptonshire')
    with pytest.raises(PlanError) as raised:
        load_review(text, "plan/standings.toml", plan, by_rules)
    line = _line_of(text, 'words = "Already working')
    assert str(raised.value) == (f"plan/standings.toml:{line}: "
                                 "words are not in the text of action 8a (quote one paragraph or sub-item exactly)")


# --- the blind-label harness (actionplan/blind.py), on labels written here ------------------------

FIXTURE_LABELS = {
    # The rules propose promised; the review says under way (its legislation is in progress).
    "1c": {"standing": "under-way", "standing_words": "We are legislating", "delivers": [], "dates": [], "sums": []},
    # Labelled promised on purpose: both rules and review call it done, so both count it wrongly.
    "3b": {"standing": "promised", "standing_words": "x", "delivers": ["further-education-student-support-champion"],
           "dates": [], "sums": []},
    "12e": {"standing": "under-way", "standing_words": "We have delivered", "delivers": [],
            "dates": [{"text": "by April 2028", "kind": "by", "of": "sub-item i"}], "sums": []},
}


def test_the_blind_harness_scores_rules_and_review_apart(rules, reviewed):
    _, by_rules = rules
    rows, wrong_done = blind_scores(FIXTURE_LABELS, by_rules, reviewed)
    by_name = {row.name: row for row in rows}
    standing = by_name["standing"]
    assert (standing.rules.true_positives, standing.reviewed.true_positives) == (1, 2)  # 12e; 12e and 1c
    assert wrong_done == {"rules": ("3b",), "reviewed": ("3b",)}
    assert called_done_wrongly({"3b": {"standing": "done"}}, reviewed) == ()
    dates = by_name["date kinds"]
    assert dates.rules.false_negatives == (0 if any(d.text.lower() == "by april 2028" and d.kind == "by"
                                                    for d in by_rules.actions["12e"].deadlines) else 1)
    owners = by_name["date kinds and what they date"]
    assert (owners.rules.true_positives, owners.rules.false_positives) == (1, 0)  # 12e's is sub-item i's
    delivers = by_name["who delivers"].reviewed
    assert delivers.true_positives == 1 and delivers.false_negatives == 0
    with pytest.raises(ValueError, match="99z"):
        blind_scores({"99z": {"standing": "done"}}, by_rules, reviewed)
