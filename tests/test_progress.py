"""The progress record (plan/updates.toml) and what is derived from it, on fixtures and the real plan."""

from __future__ import annotations

import datetime
import json
import subprocess
import sys
from pathlib import Path

import pytest

from actionplan.model import DEADLINE_KINDS, Deadline, PlanError
from actionplan.paths import DEFAULT_ENTITIES, DEFAULT_ERRATA, DEFAULT_PLAN, DEFAULT_UPDATES
from actionplan.pipeline import Inputs, build
from actionplan.progress import DUE_SOON_DAYS, check_plan_quotes, deadline_end, derive, plan_status, recorded_status
from actionplan.reading.parse import parse_plan_file
from actionplan.records.updates import KINDS, load_updates

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = Path(__file__).parent / "progress" / "updates.toml"
IDS = {"1a", "2b", "3c", "12j"}
SOURCE = 'source = {title = "T", publisher = "P", url = "https://example.org/x", date = "2026-01-02"}'


def record_text(reviewed: str = "2026-01-31", **fields: str) -> str:
    """A one-update record, each field given as its TOML value; None leaves a field out."""
    update = {
        "date": '"2026-01-02"',
        "actions": '["1a"]',
        "kind": '"announced"',
        "text": '"Something happened."',
        "evidence": '"official"',
    } | fields
    body = "".join(f"{key} = {value}\n" for key, value in update.items() if value is not None)
    return f'reviewed_up_to = "{reviewed}"\n\n[[update]]\n{body}{SOURCE}\n'


def error_of(text: str) -> PlanError:
    with pytest.raises(PlanError) as caught:
        load_updates(text, "u.toml", IDS)
    return caught.value


# --- the record -------------------------------------------------------------------------------------


def test_fixture_loads_newest_first_with_equal_dates_in_file_order():
    record = load_updates(FIXTURE.read_text(), str(FIXTURE), IDS)
    assert record.reviewed_up_to == datetime.date(2026, 6, 30)
    # "2026-03" and "2026-03-01" share a first day: the file's order stands between them.
    assert [u.date.text for u in record.updates] == ["2026-06-30", "2026-03", "2026-03-01", "2025"]
    assert [u.line for u in record.updates] == [12, 4, 20, 29]
    assert record.updates[0].actions == ("1a", "2b")
    assert record.updates[3].source.title == "Fixture annual report"  # from an [update.source] table
    assert [u.date.precision for u in record.updates] == ["day", "month", "day", "year"]


def test_an_update_on_the_review_date_is_in_the_record_and_the_day_after_is_not():
    assert load_updates(record_text("2026-01-02"), "u.toml", IDS).updates[0].date.text == "2026-01-02"
    error = error_of(record_text("2026-01-01"))
    assert error.line == 4 and "update dated 2026-01-02, after reviewed_up_to 2026-01-01" in error.message


def test_a_month_counts_from_its_first_day_against_the_review_date():
    assert load_updates(record_text("2026-01-02", date='"2026-01"'), "u.toml", IDS).updates
    assert "after reviewed_up_to" in error_of(record_text("2025-12-31", date='"2026-01"')).message


def with_recorded(text: str, recorded: str, scope: str | None = '"Acts named in the plan"') -> str:
    """`text` with recorded_up_to (and recorded_scope, unless None) after reviewed_up_to."""
    first, rest = text.split("\n", 1)
    extra = f'recorded_up_to = "{recorded}"\n' + (f"recorded_scope = {scope}\n" if scope else "")
    return f"{first}\n{extra}{rest}"


def test_an_update_after_the_full_review_needs_only_recorded_up_to():
    # One new event after the full review: recorded, without claiming a review of every action.
    text = with_recorded(record_text("2025-12-01"), "2026-01-02")
    record = load_updates(text, "u.toml", IDS)
    assert (record.reviewed_up_to, record.recorded_up_to) == (datetime.date(2025, 12, 1), datetime.date(2026, 1, 2))
    assert record.recorded_scope == "Acts named in the plan" and record.updates[0].date.text == "2026-01-02"


def test_the_error_for_a_too_late_date_says_what_moving_each_date_claims():
    message = error_of(record_text("2025-12-01")).message
    assert 'set recorded_up_to = "2026-01-02" or later' in message
    assert "it claims only that updates are recorded up to that day" in message
    assert "move reviewed_up_to only after checking the public sources for every action" in message
    later = error_of(with_recorded(record_text("2025-12-01"), "2026-01-01"))
    assert later.line == 6 and "update dated 2026-01-02, after recorded_up_to 2026-01-01" in later.message


@pytest.mark.parametrize(
    ("text", "words"),
    [
        (with_recorded(record_text("2025-12-01"), "2026-01-02", scope=None), "go together"),
        (with_recorded(record_text("2026-01-31"), "2026-01-02"), "is before reviewed_up_to 2026-01-31"),
        (with_recorded(record_text("2025-12-01"), "2026-01"), "recorded_up_to must be a whole date"),
        (with_recorded(record_text("2025-12-01"), "2026-01-02", scope='""'), "recorded_scope must be one line"),
    ],
)
def test_recorded_up_to_is_checked(text, words):
    assert words in error_of(text).message


def test_an_update_about_the_plan_itself_has_no_actions():
    text = record_text(actions="[]", kind='"plan-revised"', plan="true")
    update = load_updates(text, "u.toml", IDS).updates[0]
    assert (update.about_plan, update.actions, update.id) == (True, (), "2026-01-02-plan")
    assert "has actions = []" in error_of(record_text(kind='"plan-revised"', plan="true")).message
    assert "goes with plan = true" in error_of(record_text(kind='"plan-revised"')).message
    assert "goes with plan = true" in error_of(record_text(actions="[]", plan="true")).message
    assert "non-empty list" in error_of(record_text(actions="[]")).message


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        (record_text(actions='["1a", "99z"]'), 5, "the plan has no action '99z'"),
        (record_text(actions="[]"), 5, "non-empty list"),
        (record_text(actions='["1a", "1a"]'), 5, "listed twice"),
        (record_text(kind='"happened"'), 6, "kind 'happened' is not one of"),
        (record_text(evidence='"rumour"'), 8, "evidence must be official or independent"),
        (record_text(date='"16 July 2025"'), 4, 'date must be a date written "2025-07-16"'),
        (record_text(date='"2025-02-30"'), 4, "is not a day of the calendar"),
        (record_text(text=None), 3, "update lacks text"),
        (record_text(text='""'), 7, "text must be one line of text"),
        (record_text(colour='"red"'), 9, "unknown key 'colour' in an update"),
        (record_text(reviewed="2026-01"), 1, "reviewed_up_to must be a whole date"),
        ('reviewd_up_to = "2026-01-01"\n', 1, "unknown key 'reviewd_up_to'"),
        ("[[update]]\n", 1, "lacks reviewed_up_to"),
        ('reviewed_up_to = "2026-01-01"\nupdate = [{date = "2026-01-01"}]\n', 1, "its own [[update]] table"),
        ('reviewed_up_to = "2026-01-01"\n\n[[update]]\ndate = "2026\n', 4, "not valid TOML"),
        (record_text(text='"Some\u202ething"'), 7, "control character U+202E"),
    ],
)
def test_bad_records_stop_at_the_line_to_fix(text, line, words):
    error = error_of(text)
    assert error.line == line, error
    assert words in error.message
    assert str(error).startswith(f"u.toml:{line}: ") and "\n" not in str(error)


@pytest.mark.parametrize(
    ("source", "words"),
    [
        (
            'source = {title = "T", publisher = "P", date = "2026-01-02"}',
            "source lacks url; no update without a source",
        ),
        ('source = {title = "T", publisher = "P", url = "http://x.org/", date = "2026-01-02"}', "https://"),
        (
            'source = {title = "T", publisher = "P", url = "https://x.org/", date = "2026-01-02", by = "me"}',
            "unknown key 'by'",
        ),
        (
            'source = {title = "T", publisher = "P", url = "https://x.org/", date = "2026-01-01"}',
            "dated before the event",
        ),
        (
            'source = {title = "T", publisher = "P", url = "https://x.org/", date = "2026-02-01"}',
            "after reviewed_up_to",
        ),
        ('source = "the news"', "source must be a table"),
    ],
)
def test_bad_sources_stop_at_the_source_line(source, words):
    error = error_of(record_text().replace(SOURCE, source))
    assert (error.line, words in error.message) == (9, True), error


def test_a_missing_source_is_an_error():
    error = error_of(record_text().replace(SOURCE, ""))
    assert (error.line, error.message) == (3, "update lacks source")


def test_two_updates_of_one_date_and_action_must_be_told_apart():
    text = record_text()
    error = error_of(text + text[text.index("[[update]]") :])
    assert error.line == 10 and "same date and actions as the update at line 3" in error.message


# --- derivation ---------------------------------------------------------------------------------


def updates(*kinds: str):
    """Updates of these kinds, newest first, all dated before the fixture's review date."""
    lines = ['reviewed_up_to = "2026-12-31"']
    for n, kind in enumerate(kinds):
        lines.append(
            f'[[update]]\ndate = "2026-{12 - n:02d}-01"\nactions = ["1a"]\nkind = "{kind}"\ntext = "x"\n'
            'evidence = "official"\n'
            'source = {title = "T", publisher = "P", url = "https://e.org/", date = "2026-12-01"}'
        )
    return load_updates("\n".join(lines) + "\n", "u.toml", IDS).updates


@pytest.mark.parametrize(
    ("at_publication", "kinds", "expected"),
    [
        ("promised", (), "none-recorded"),
        ("under-way", (), "in-progress"),
        ("done", (), "delivered"),
        ("promised", ("announced",), "in-progress"),
        ("promised", ("launched", "delivered"), "delivered"),  # a delivery stands after later news
        ("promised", ("delayed", "announced"), "delayed"),
        ("promised", ("announced", "delayed"), "in-progress"),  # news after a delay
        ("done", ("delayed",), "delivered"),
        ("promised", ("dropped", "delivered"), "dropped"),
        ("done", ("dropped",), "dropped"),
    ],
)
def test_every_status(at_publication, kinds, expected):
    assert recorded_status(at_publication, updates(*kinds)) == expected


def test_every_kind_is_a_status_path():
    # "plan-revised" is about the plan itself, never an action's: it has no status path.
    paths = {recorded_status("promised", updates(kind)) for kind in KINDS if kind != "plan-revised"}
    assert paths == {"in-progress", "delivered", "delayed", "dropped"}


BY_JUNE = Deadline("by", 2026, month=6, text="by June 2026")


@pytest.mark.parametrize(
    ("reviewed", "at_publication", "kinds", "schedule", "soon"),
    [
        (datetime.date(2026, 6, 30), "promised", (), "due", True),  # the deadline's last day: still due
        (datetime.date(2026, 7, 1), "promised", (), "passed", False),
        (datetime.date(2026, 7, 1), "promised", ("announced",), "passed", False),  # news is not delivery
        (datetime.date(2026, 7, 1), "done", (), "delivered", False),
        (datetime.date(2026, 12, 31), "promised", ("delivered",), "delivered", False),
        (datetime.date(2026, 6, 30) - datetime.timedelta(DUE_SOON_DAYS), "promised", (), "due", True),
        (datetime.date(2026, 6, 29) - datetime.timedelta(DUE_SOON_DAYS), "promised", (), "due", False),
    ],
)
def test_every_schedule_with_the_review_boundaries(reviewed, at_publication, kinds, schedule, soon):
    result = derive(at_publication, [BY_JUNE], updates(*kinds), reviewed)
    assert (result.schedule, result.due_soon, result.deadline_end) == (schedule, soon, datetime.date(2026, 6, 30))


def test_only_by_and_in_dates_are_deadlines_and_the_earliest_decides():
    not_deadlines = [
        Deadline("from", 2025, text="from 2025"),
        Deadline("period", 2024, text="in 24/25"),
        Deadline("past", 2024, text="in 2024"),
    ]
    reviewed = datetime.date(2026, 1, 1)
    assert derive("promised", not_deadlines, (), reviewed).schedule == "no-deadline"
    later = Deadline("by", 2029, text="by 2029")
    result = derive("promised", [later, *not_deadlines, BY_JUNE], (), reviewed)
    assert (result.deadline, result.schedule) == (BY_JUNE, "due")
    in_2025 = Deadline("in", 2025, text="in 2025")  # due in a year: passed once that year is over
    result = derive("promised", [later, in_2025], (), reviewed)
    assert (result.deadline, result.schedule) == (in_2025, "passed")


@pytest.mark.parametrize(
    ("deadline", "last_day"),
    [
        (Deadline("by", 2026, month=2), datetime.date(2026, 2, 28)),
        (Deadline("by", 2028, month=2), datetime.date(2028, 2, 29)),
        (Deadline("by", 2026, season="spring"), datetime.date(2026, 5, 31)),
        (Deadline("by", 2026, season="winter"), datetime.date(2026, 12, 31)),
        (Deadline("by", 2026, financial_year="2026/27"), datetime.date(2027, 3, 31)),
        (Deadline("by", 2029), datetime.date(2029, 12, 31)),
        (Deadline("by", 2029, end_of=True), datetime.date(2029, 12, 31)),
    ],
)
def test_a_deadline_runs_to_the_last_day_its_words_cover(deadline, last_day):
    assert deadline_end(deadline) == last_day


# --- the real record, the real plan -------------------------------------------------------------------


@pytest.fixture(scope="module")
def plan():
    return parse_plan_file(str(DEFAULT_PLAN), str(DEFAULT_ERRATA))[0]


@pytest.fixture(scope="module")
def data() -> dict:
    files = build(Inputs(DEFAULT_PLAN, DEFAULT_ERRATA, DEFAULT_ENTITIES, DEFAULT_UPDATES))
    return json.loads(files["data/actions.json"])


def test_the_record_holds_and_every_update_citing_the_plan_quotes_it(plan):
    # Derived from the record, whatever it holds: adding an update keeps this true.
    record = load_updates(DEFAULT_UPDATES.read_text(), str(DEFAULT_UPDATES), {a.id for a in plan.actions()})
    check_plan_quotes(record, plan, str(DEFAULT_UPDATES))  # raises if a quote is not in its action
    from_plan = [u for u in record.updates if u.source.title.startswith(plan.document.title)]
    assert from_plan, "the seed: the dated events the plan itself reports"
    assert all(u.evidence == "official" and u.quote for u in from_plan)
    assert {u.source.publisher for u in from_plan} == {plan.document.publisher}
    assert all(u.date.first_day <= record.latest_allowed for u in record.updates)
    assert any(u.actions == ("12j",) and (u.date.text, u.kind) == ("2025-07-16", "consultation-opened")
               for u in record.updates)


def test_a_quote_the_plan_does_not_have_stops_the_build(plan):
    title = plan.document.title
    text = (
        record_text("2026-01-02", quote='"the Home Office opened nothing"')
        .replace('title = "T"', f'title = "{title}, Volume 2: Action Plan"')
        .replace('["1a"]', '["12j"]')
    )
    record = load_updates(text, "u.toml", {"12j"})
    with pytest.raises(PlanError, match="the quote is not in the text of action 12j") as caught:
        check_plan_quotes(record, plan, "u.toml")
    assert caught.value.line == 3
    with pytest.raises(PlanError, match="quotes the plan's words"):
        check_plan_quotes(
            load_updates(text.replace('quote = "the Home Office opened nothing"\n', ""), "u.toml", {"12j"}),
            plan,
            "u.toml",
        )


def test_actions_json_carries_the_record_and_each_actions_progress(data):
    progress = data["progress"]
    assert progress["reviewed_up_to"] == "2025-12-01" and progress["due_soon_days"] == DUE_SOON_DAYS
    dates = [u["date"] for u in progress["updates"]]
    assert dates == sorted(dates, reverse=True) or len(set(dates)) < len(dates)
    by_id = {a["id"]: a for a in data["actions"]}
    call = by_id["12j"]["progress"]
    assert "2025-07-16-12j" in [u["id"] for u in call["updates"]]
    for action in data["actions"]:
        own = [u for u in progress["updates"] if action["id"] in u["actions"]]
        assert action["progress"]["updates"] == own
        assert action["progress"]["from_plan"] == plan_status(action["facts"]["standing"]["id"])
        # What moves with time is the site's to add, as of the build's date: content/ never holds it.
        assert not {"status", "schedule", "due_soon"} & set(action["progress"])
        deadline = action["progress"]["deadline"]
        by = [d for d in action["facts"]["deadlines"] if d["kind"] in DEADLINE_KINDS]
        assert (deadline is None) == (not by)
        if deadline:
            assert deadline["text"] in [d["text"] for d in by]


def test_a_bad_record_is_one_line_and_exit_1(tmp_path):
    bad = tmp_path / "updates.toml"
    bad.write_text(record_text(actions='["0z"]'))
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "plan_to_pages.py"), "--updates", str(bad), "--check"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1
    assert result.stderr == f"{bad}:5: the plan has no action '0z'\n"
