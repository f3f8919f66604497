"""One as-of date per build: where it comes from, what it changes, and that it alone changes it.

A fixture record (updates either side of the as-of date, deadlines either side of it) read with the
site's own code (plugins/core/as_of.py), then the real site built with an explicit as-of date:
twice with the same date for the same bytes, and read for what every page, filter and download says.
"""

from __future__ import annotations

import csv
import datetime
import io
import json
import os
import subprocess
from pathlib import Path

import icalendar
import pytest
from bs4 import BeautifulSoup
from helpers.site import build, tree_hashes

from plugins.core.as_of import AsOfDateError, read_as_of, resolve_as_of
from plugins.core.labels import SCHEDULE, long_date

AS_OF = "2026-12-07"


# --- where the date comes from ----------------------------------------------------------------------


def test_the_setting_wins_then_source_date_epoch_then_the_latest_commit(tmp_path):
    assert resolve_as_of("2026-12-07", "0", tmp_path) == (datetime.date(2026, 12, 7), "AS_OF_DATE")
    # 1 765 584 000 is 13 December 2025, 00:00 UTC.
    assert resolve_as_of("", "1765584000", tmp_path) == (datetime.date(2025, 12, 13), "SOURCE_DATE_EPOCH")
    env = {**os.environ, "GIT_COMMITTER_DATE": "2026-03-31T12:00:00+00:00", "GIT_AUTHOR_DATE": "2026-03-31T12:00:00"}
    for command in (["init", "-q"], ["-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-q",
                                      "--allow-empty", "-m", "one"]):
        subprocess.run(["git", *command], cwd=tmp_path, env=env, check=True)
    assert resolve_as_of(None, None, tmp_path) == (datetime.date(2026, 3, 31), "the latest commit")


def test_without_a_setting_or_a_git_checkout_the_error_says_what_to_set(tmp_path):
    with pytest.raises(AsOfDateError, match="not a git checkout.*set AS_OF_DATE"):
        resolve_as_of("", None, tmp_path)
    with pytest.raises(AsOfDateError, match="AS_OF_DATE must be a date"):
        resolve_as_of("7 December 2026", None, tmp_path)
    with pytest.raises(AsOfDateError, match="SOURCE_DATE_EPOCH must be whole seconds"):
        resolve_as_of("", "yesterday", tmp_path)


# --- a fixture record read as of one date ------------------------------------------------------------


def update(date: str, action: str, kind: str) -> dict:
    return {"id": f"{date}-{action}", "date": date, "actions": [action], "kind": kind, "text": "Something happened."}


def deadline(ends: str) -> dict:
    return {"kind": "by", "of": "action", "text": "by then", "ends": ends}


def fixture_plan() -> dict:
    """Four actions: a deadline passed with no update; one passed, delivered by an update before
    the as-of date; one not yet reached, due within 92 days; one whose only delivery update is dated
    after the as-of date (not yet known then)."""
    updates = [
        update("2027-01", "4d", "delivered"),  # after 7 December 2026
        update("2026-12-07", "2b", "delivered"),  # on the as-of date itself: known
        update("2026-04", "2b", "legislation-passed"),
        update("2025-11", "1a", "announced"),
    ]
    ends = {"1a": "2026-03-31", "2b": "2026-06-30", "3c": "2027-01-31", "4d": "2026-12-31"}
    actions = [
        {"id": a, "progress": {"from_plan": "none-recorded", "deadline": {"text": "by then", "ends": ends[a]},
                               "updates": [u for u in updates if a in u["actions"]]}}
        for a in ("1a", "2b", "3c", "4d")
    ]
    return {
        "actions": actions,
        "timeline": [
            {"action": "1a", "deadline": deadline("2026-03-31")},
            {"action": "3c", "deadline": deadline("2027-01-31")},
        ],
        "progress": {
            "reviewed_up_to": "2025-12-01",
            "due_soon_days": 92,
            "updates": updates,
            "deadlines": [{"action": a, "text": "by then", "ends": ends[a]} for a in ends],
        },
    }


def test_a_fixture_record_read_as_of_one_date():
    plan = fixture_plan()
    read_as_of(plan, datetime.date.fromisoformat(AS_OF))
    by_id = {a["id"]: a["progress"] for a in plan["actions"]}
    got = {a: (p["status"], p["schedule"], p["due_soon"], p["delivered_by"]) for a, p in by_id.items()}
    assert got == {
        "1a": ("in-progress", "passed", False, None),  # news is not delivery
        "2b": ("delivered", "delivered", False, "2026-12-07-2b"),
        "3c": ("none-recorded", "due", True, None),  # ends 31 January 2027: within 92 days
        "4d": ("none-recorded", "due", True, None),  # its delivery, dated January 2027, is not yet known
    }
    assert [u["id"] for u in plan["progress"]["updates"]] == ["2026-12-07-2b", "2026-04-2b", "2025-11-1a"]
    assert by_id["4d"]["updates"] == []
    assert plan["progress"]["as_of"] == AS_OF
    assert {d["action"]: d["passed"] for d in plan["progress"]["deadlines"]} == {
        "1a": True, "2b": True, "3c": False, "4d": False
    }
    assert [e["passed"] for e in plan["timeline"]] == [True, False]


def test_the_same_record_a_month_later():
    plan = fixture_plan()
    read_as_of(plan, datetime.date(2027, 2, 1))
    by_id = {a["id"]: a["progress"] for a in plan["actions"]}
    assert (by_id["3c"]["schedule"], by_id["4d"]["schedule"]) == ("passed", "delivered")
    assert by_id["4d"]["delivered_by"] == "2027-01-4d"


# --- the real site, built with an explicit as-of date -------------------------------------------------


def build_as_of(repo_root: Path, output: Path, as_of: str) -> Path:
    env = {**os.environ, "AS_OF_DATE": as_of}
    env.pop("SOURCE_DATE_EPOCH", None)
    result = build(output, "pelicanconf.py", env=env, cwd=repo_root)
    if result.returncode != 0:
        pytest.fail(f"pelican content failed:\n{result.stdout[-4000:]}\n{result.stderr[-4000:]}", pytrace=False)
    return output


@pytest.fixture(scope="module")
def site_as_of(tmp_path_factory, repo_root: Path) -> Path:
    return build_as_of(repo_root, tmp_path_factory.mktemp("as-of") / "output", AS_OF)


@pytest.fixture(scope="module")
def model(site_as_of: Path) -> dict:
    return json.loads((site_as_of / "data" / "actions.json").read_text(encoding="utf-8"))


def words(element) -> str:
    return " ".join(element.get_text().split())


@pytest.mark.slow
def test_the_same_checkout_and_as_of_date_give_the_same_bytes(site_as_of: Path, repo_root: Path, tmp_path: Path):
    again = build_as_of(repo_root, tmp_path / "output", AS_OF)
    first, second = tree_hashes(site_as_of), tree_hashes(again)
    assert first == second, sorted(k for k in set(first) | set(second) if first.get(k) != second.get(k))[:10]


def test_every_page_says_its_as_of_date(site_as_of: Path):
    pages = sorted(site_as_of.rglob("*.html"))
    saying = [p for p in pages if "Dates read as of <time datetime=\"2026-12-07\">7 December 2026</time>." in
              p.read_text(encoding="utf-8")]
    redirects = [p for p in pages if b'http-equiv="refresh"' in p.read_bytes()[:1024]]
    assert len(saying) == len(pages) - len(redirects) > 500


def test_no_passed_deadline_is_called_not_yet_reached(model: dict, site_as_of: Path):
    as_of = datetime.date.fromisoformat(AS_OF)
    assert model["progress"]["as_of"] == AS_OF
    for action in model["actions"]:
        p = action["progress"]
        if p["deadline"] and datetime.date.fromisoformat(p["deadline"]["ends"]) < as_of:
            assert p["schedule"] in ("passed", "delivered"), action["id"]
        elif p["deadline"]:
            assert p["schedule"] in ("due", "delivered"), action["id"]
    passed = [a for a in model["actions"] if a["progress"]["schedule"] == "passed"]
    # 14d ("in 2025/26"), 28c (end of March 2026) and 31a (1 April 2026) fell in 2026.
    assert {"14d", "28c", "31a"} <= {a["id"] for a in passed}
    for a in passed:
        page = BeautifulSoup((site_as_of / a["url"] / "index.html").read_text(encoding="utf-8"), "html.parser")
        text = words(page.find("section", class_="progress"))
        assert "has passed by 7 December 2026, and no delivery is recorded here" in text, a["id"]
        assert f"fully reviewed up to {long_date(model['progress']['reviewed_up_to'])}" in text
        assert "not yet reached" not in text
    # The filter page for "not yet reached" (the slug stays `due`) lists none of them.
    due_page = (site_as_of / "actions" / "schedule" / "due" / "index.html").read_text(encoding="utf-8")
    listed = {a["href"].rstrip("/").rsplit("/", 1)[-1] for a in
              BeautifulSoup(due_page, "html.parser").select("main a[href*='/actions/']")}
    assert not {a["id"] for a in passed} & listed
    assert "ahead" not in SCHEDULE["due"].lower()


def test_downloads_read_the_same_date(model: dict, site_as_of: Path):
    text = (site_as_of / "data" / "actions.csv").read_bytes().decode("utf-8-sig")
    rows = {r["id"]: r for r in csv.DictReader(io.StringIO(text, newline=""))}
    for action in model["actions"]:
        assert rows[action["id"]]["schedule"] == action["progress"]["schedule"]
    one = json.loads((site_as_of / "actions" / "14d.json").read_text(encoding="utf-8"))
    assert one["progress"]["schedule"] == "passed"
    status = {a["id"]: a["progress"]["status"] for a in model["actions"]}
    cal = icalendar.Calendar.from_ical((site_as_of / "progress" / "deadlines.ics").read_bytes())
    for event, d in zip(cal.walk("VEVENT"), model["progress"]["deadlines"], strict=True):
        assert event.decoded("DTSTAMP").date() == datetime.date(2026, 12, 7)
        state = str(event["DESCRIPTION"]).rsplit("As of 7 December 2026: ", 1)[1]
        if status[d["action"]] == "delivered":
            assert state == "delivery recorded"
        else:
            assert state == ("passed, no delivery recorded" if d["passed"] else "not yet reached")


def test_the_timeline_marks_each_deadline(model: dict, site_as_of: Path):
    page = BeautifulSoup((site_as_of / "timeline" / "index.html").read_text(encoding="utf-8"), "html.parser")
    states = [words(p) for p in page.select(".timeline__state")]
    assert len(states) == len(model["timeline"])
    for state, entry in zip(states, model["timeline"], strict=True):
        assert state.startswith(f"Runs to {long_date(entry['deadline']['ends'])}: ")
        assert ("not yet reached on 7 December 2026" in state) == (not entry["passed"])
