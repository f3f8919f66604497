"""The progress record on the built site: pages, feeds, calendar and CSV, read with real parsers."""

from __future__ import annotations

import csv
import datetime
import io
import json
import xml.etree.ElementTree as ET
from pathlib import Path

import icalendar
import pytest
from bs4 import BeautifulSoup, SoupStrainer

from actionplan.progress import SCHEDULES, STATUSES
from actionplan.records.standings import STANDINGS
from actionplan.records.updates import EVIDENCE, KINDS
from plugins.core.labels import EVIDENCE as EVIDENCE_LABELS
from plugins.core.labels import KIND, SCHEDULE, STATUS, long_date
from plugins.plan_data.updates_table import UPDATE_COLUMNS
from plugins.progress.feeds import _fold

ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture(scope="module")
def out(built_site) -> Path:
    return built_site


@pytest.fixture(scope="module")
def model(out) -> dict:
    return json.loads((out / "data" / "actions.json").read_text(encoding="utf-8"))


def first_day(partial: str) -> str:
    """"2025-07" -> "2025-07-01": the first day a partial date covers."""
    return "-".join([*partial.split("-"), "01", "01"][:3])


def soup(site: Path, rel: str) -> BeautifulSoup:
    return BeautifulSoup((site / rel).read_text(encoding="utf-8"), "html.parser")


FOLLOW = SoupStrainer("p", class_="progress__follow")


def follow_links(path: Path):
    """An action page's 'follow' paragraph, the page parsed for it alone (a whole parse of the 259
    action pages took 3.7 CPU seconds, this 1.6)."""
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser", parse_only=FOLLOW).find(
        "p", class_="progress__follow"
    )


def words(element) -> str:
    """The element's text as a reader hears it: one space between words."""
    return " ".join(element.get_text().split())


def test_every_value_has_one_label():
    assert (list(STATUS), set(SCHEDULE), list(KIND), list(EVIDENCE_LABELS)) == (
        list(STATUSES), set(SCHEDULES), list(KINDS), list(EVIDENCE)
    )


@pytest.mark.parametrize(
    ("value", "words"), [("2025-07-16", "16 July 2025"), ("2025-07", "July 2025"), ("2025", "2025")]
)
def test_dates_are_shown_no_more_precisely_than_recorded(value, words):
    assert long_date(value) == words


def bounds(record: dict) -> str:
    """How far the record goes, as action pages say it."""
    since = f"; updates recorded since up to {long_date(record['recorded_up_to'])}" if record["recorded_up_to"] else ""
    return f"fully reviewed up to {long_date(record['reviewed_up_to'])}{since}"


def test_an_action_with_updates_lists_them_with_their_source(out, model):
    section = soup(out, "actions/12j/index.html").find("section", class_="progress")
    text = words(section)
    assert f"Recorded here ({bounds(model['progress'])}): Progress recorded" in text
    item = section.find("li", id="update-2025-07-16-12j")
    assert item.find("time")["datetime"] == "2025-07-16"
    assert "Consultation opened" in item.get_text()
    source = item.find("p", class_="update__source").find("a")
    assert source["href"] == "https://www.gov.uk/official-documents"
    assert source.get_text().startswith(model["document"]["title"])
    assert "On 16 July 2025, the Home Office launched a public Call for Evidence" in item.find("blockquote").get_text()


def test_an_action_without_updates_says_so_bounded_by_the_review_date(out, model):
    quiet = next(
        a for a in model["actions"] if a["progress"]["status"] == "none-recorded" and not a["progress"]["deadline"]
    )
    section = soup(out, f"actions/{quiet['id']}/index.html").find("section", class_="progress")
    text = words(section)
    assert f"No progress on this action is recorded here ({bounds(model['progress'])}), which does not mean" in text
    assert "The plan sets no deadline for it." in text and not section.find("ol", class_="updates")


def test_the_progress_page_counts_lists_and_dates(out, model):
    page = soup(out, "progress/index.html")
    text = words(page)
    n = len(model["progress"]["updates"])
    record = model["progress"]
    assert f"This record was fully reviewed up to {long_date(record['reviewed_up_to'])}" in text
    assert f"It holds {n} dated updates" in text
    if record["recorded_up_to"]:
        since = [u for u in record["updates"] if u["date"] > record["reviewed_up_to"]]
        assert (f"updates recorded since ({len(since)}) up to {long_date(record['recorded_up_to'])}, "
                f"from a narrower search: {record['recorded_scope']}") in text
    from_plan = all(u["source"]["title"].startswith(model["document"]["title"]) for u in record["updates"])
    assert ("all of them events the plan itself reports" in text) == from_plan
    due = page.find("h2", id="due-soon").find_next_sibling()
    soon = [a["id"] for a in model["actions"] if a["progress"]["due_soon"]]
    assert [a["href"].rstrip("/").rsplit("/", 1)[-1] for a in due.select(".timeline__what a")] == soon
    items = page.find("h2", id="updates").find_next_sibling("ol").find_all("li", class_="update")
    assert [li["id"] for li in items] == [f"update-{u['id']}" for u in model["progress"]["updates"]]
    table = page.find("figure", id="chart-progress").find("table")
    total = table.find("tbody").find_all("tr")[-1]
    assert [td.get_text() for td in total.find_all("td")][-1] == str(len(model["actions"]))
    assert page.find("link", rel="alternate", type="application/atom+xml")["href"].endswith("/progress/updates.atom")


def test_the_atom_feed_reads_as_atom(out, model):
    feed = ET.parse(out / "progress" / "updates.atom").getroot()
    assert feed.tag == f"{ATOM}feed"
    entries = feed.findall(f"{ATOM}entry")
    assert len(entries) == len(model["progress"]["updates"])
    ids = [e.findtext(f"{ATOM}id") for e in entries]
    assert len(set(ids)) == len(ids) and all(i.startswith("urn:uuid:") for i in ids)
    first = entries[0]
    # An entry is as of its update's date; the feed as of the build's as-of date, never the clock.
    assert first.findtext(f"{ATOM}updated") == f"{first_day(model['progress']['updates'][0]['date'])}T00:00:00+00:00"
    assert feed.findtext(f"{ATOM}updated") == f"{model['progress']['as_of']}T00:00:00+00:00"
    assert first.find(f"{ATOM}link").get("href").endswith(f"#update-{model['progress']['updates'][0]['id']}")
    published = [e.findtext(f"{ATOM}published") for e in entries]
    assert published == sorted(published, reverse=True)
    # Each entry says where its actions stood when the plan was published, in the standings' words.
    standing = {a["id"]: a["facts"]["standing"]["id"] for a in model["actions"]}
    for entry, update in zip(entries, model["progress"]["updates"], strict=True):
        said = entry.findtext(f"{ATOM}summary") or entry.findtext(f"{ATOM}content") or ""
        for action_id in update["actions"]:
            assert f"Action {action_id}: {STANDINGS[standing[action_id]].label}." in said, action_id


def test_a_feed_per_topic_holds_that_topics_updates(out, model):
    actions = {a["id"]: a for a in model["actions"]}
    for topic in model["topics"]:
        feed = ET.parse(out / "progress" / f"topic-{topic['id']}.atom").getroot()
        expected = [
            u
            for u in model["progress"]["updates"]
            if any(topic["id"] in actions[a]["facts"]["topics"] for a in u["actions"])
        ]
        assert len(feed.findall(f"{ATOM}entry")) == len(expected), topic["id"]
        # never the clock, even when empty
        assert feed.findtext(f"{ATOM}updated") == f"{model['progress']['as_of']}T00:00:00+00:00"


def test_the_calendar_reads_as_icalendar(out, model):
    raw = (out / "progress" / "deadlines.ics").read_bytes()
    assert all(len(line) <= 75 for line in raw.split(b"\r\n")) and b"\n" not in raw.replace(b"\r\n", b"")
    cal = icalendar.Calendar.from_ical(raw)
    events = list(cal.walk("VEVENT"))
    deadlines = model["progress"]["deadlines"]
    assert len(events) == len(deadlines) > 0
    for event, deadline in zip(events, deadlines, strict=True):
        assert event.decoded("DTSTART") == datetime.date.fromisoformat(deadline["ends"])
        whose = f"Action {deadline['action']}" + ("" if deadline["of"] == "action" else f", {deadline['of']},")
        assert str(event["SUMMARY"]) == f"{whose} deadline: {deadline['text']}"
        standing = next(a for a in model["actions"] if a["id"] == deadline["action"])["facts"]["standing"]
        assert f"Action {deadline['action']}: {STANDINGS[standing['id']].label}." in str(event["DESCRIPTION"])
    assert "Action 12e, sub-item i, deadline: by April 2028" in {str(e["SUMMARY"]) for e in events}
    assert len({str(e["UID"]) for e in events}) == len(events)


def test_folding_never_splits_a_character():
    line = "DESCRIPTION:" + "é£–" * 60
    folded = _fold(line).encode()
    assert all(len(part) <= 75 for part in folded.split(b"\r\n"))
    assert folded.decode().replace("\r\n ", "").rstrip("\r\n") == line


def test_updates_csv_has_a_row_per_update_and_action(out, model):
    text = (out / "data" / "updates.csv").read_bytes().decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert rows[0] == [c.name for c in UPDATE_COLUMNS]
    # An update about the plan itself (no actions) has one row, its action empty.
    expected = [(u["date"], a, u["kind"]) for u in model["progress"]["updates"] for a in u["actions"] or [""]]
    assert [(r[0], r[1], r[2]) for r in rows[1:]] == expected


def test_actions_csv_carries_status_and_schedule(out, model):
    text = (out / "data" / "actions.csv").read_bytes().decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    by_id = {a["id"]: a for a in model["actions"]}
    for row in rows:
        progress = by_id[row["id"]]["progress"]
        assert (row["progress_status"], row["schedule"]) == (progress["status"], progress["schedule"])
    assert next(r for r in rows if r["id"] == "12j")["latest_update"].startswith("2025-07-16 consultation-opened: ")


def test_the_report_form_asks_for_what_an_update_needs():
    import yaml

    form = yaml.safe_load((Path(__file__).resolve().parent.parent / ".github" / "ISSUE_TEMPLATE" /
                           "report-progress.yml").read_text(encoding="utf-8"))
    fields = {b["id"]: b for b in form["body"] if "id" in b}
    assert {"action", "date", "kind", "what", "source-url", "evidence"} <= set(fields)
    assert all(fields[k]["validations"]["required"] for k in ("action", "date", "what", "source-url"))
    assert fields["kind"]["attributes"]["options"] == list(KIND.values())  # the site's labels, in its order


def test_each_topic_page_links_its_own_feed(out, model):
    for topic in model["topics"]:
        page = soup(out, f"topics/{topic['id']}/index.html")
        hrefs = {page.find("link", rel="alternate", type="application/atom+xml")["href"]}
        hrefs |= {a["href"] for a in page.select("p.follow a[type='application/atom+xml']")}
        assert hrefs == {f"/progress/topic-{topic['id']}.atom"}, topic["id"]
        assert (out / "progress" / f"topic-{topic['id']}.atom").is_file()


# --- following one action -------------------------------------------------------------------------


def test_each_action_has_its_own_feed_linked_from_its_page(out, model):
    for action in model["actions"]:
        feed = ET.parse(out / "actions" / action["id"] / "updates.atom").getroot()
        assert feed.tag == f"{ATOM}feed"
        entries = feed.findall(f"{ATOM}entry")
        assert [e.find(f"{ATOM}link").get("href").rsplit("#", 1)[1] for e in entries] == [
            f"update-{u['id']}" for u in action["progress"]["updates"]
        ], action["id"]
        assert all(f"/{action['url']}#" in e.find(f"{ATOM}link").get("href") for e in entries)
        assert feed.findtext(f"{ATOM}updated") == f"{model['progress']['as_of']}T00:00:00+00:00"
    page = soup(out, "actions/12e/index.html")
    alternate = page.find("link", rel="alternate", type="application/atom+xml")
    assert alternate["href"].endswith("/actions/12e/updates.atom")
    follow = page.find("p", class_="progress__follow")
    assert [a["href"].rsplit("/", 2)[-2:] for a in follow.find_all("a")] == [
        ["12e", "updates.atom"], ["12e", "deadlines.ics"]
    ]


def test_each_action_with_a_deadline_has_its_own_calendar(out, model):
    by_action: dict[str, list[dict]] = {}
    for deadline in model["progress"]["deadlines"]:
        by_action.setdefault(deadline["action"], []).append(deadline)
    for action in model["actions"]:
        path = out / "actions" / action["id"] / "deadlines.ics"
        follow = follow_links(out / "actions" / action["id"] / "index.html")
        linked = any(a["href"].endswith("/deadlines.ics") for a in follow.find_all("a"))
        assert path.exists() == linked == (action["id"] in by_action), action["id"]
        if not path.exists():
            continue
        events = list(icalendar.Calendar.from_ical(path.read_bytes()).walk("VEVENT"))
        expected = by_action[action["id"]]
        assert [e.decoded("DTSTART") for e in events] == [datetime.date.fromisoformat(d["ends"]) for d in expected]
        assert all(str(e["SUMMARY"]).startswith(f"Action {action['id']}") for e in events)


# --- the plan's editions ------------------------------------------------------------------------------


def test_the_about_page_and_every_citation_name_both_editions(out, model, settings):
    pdf, html = settings["PLAN_SOURCE_URL"], settings["PLAN_HTML_EDITION_URL"]
    about = soup(out, "about/index.html").find("h2", id="editions").parent
    assert [a["href"] for a in about.find_all("a", rel="external")] == [pdf, html]
    assert f"This site reproduces {settings['PLAN_EDITION_REPRODUCED']}" in words(about)
    revisions = [u for u in model["progress"]["updates"] if u["plan"]]
    for action in model["actions"][::20]:
        citation = words(soup(out, f"actions/{action['id']}/index.html").find(id="action-citation"))
        assert f"Published at {pdf} (this site reproduces {settings['PLAN_EDITION_REPRODUCED']}; " in citation
        assert html in citation
        if revisions:
            assert f"updated {long_date(revisions[0]['date'])}" in citation


def test_an_update_about_the_plan_itself_is_in_the_record_and_its_feed(out, model):
    revisions = [u for u in model["progress"]["updates"] if u["plan"]]
    assert all(u["actions"] == [] and u["kind"] == "plan-revised" for u in revisions)
    feed = ET.parse(out / "progress" / "updates.atom").getroot()
    links = [e.find(f"{ATOM}link").get("href") for e in feed.findall(f"{ATOM}entry")]
    for u in revisions:
        assert any(link.endswith(f"progress/#update-{u['id']}") for link in links)
        item = soup(out, "progress/index.html").find("li", id=f"update-{u['id']}")
        assert item.find("p", class_="update__actions").get_text().startswith("The plan itself")
