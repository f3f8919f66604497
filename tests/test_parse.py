"""The parser on the real plan: structure, repairs, footnotes, pages and the account of every line.

Expectations are derived from the source where they can be (counts of markers, page headers, the
words of each line); the few named actions are damage a reader of the plan can see for themself.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from actionplan.model import (
    FLAG_HEADER_JOINED,
    FLAG_MARKER_INFERRED,
    FLAG_MARKER_MISREAD,
    FLAG_NUMERAL_INFERRED,
    FLAG_OPENING_LOST,
)
from actionplan.reading.parse import page_drift, parse_plan, parse_plan_file
from actionplan.reading.source import Kind, plain, read_lines

ROOT = Path(__file__).resolve().parent.parent
PLAN = ROOT / "plan" / "action-plan-2025-12.md"
ERRATA = ROOT / "plan" / "errata.toml"
TEXT = PLAN.read_text(encoding="utf-8")
LINES = read_lines(TEXT)


@pytest.fixture(scope="module")
def raw():
    """The plan as parsed, without errata: its text is the source's, word for word."""
    return parse_plan(TEXT, "plan/action-plan-2025-12.md")


@pytest.fixture(scope="module")
def corrected():
    return parse_plan_file(str(PLAN), str(ERRATA))


def words(text: str) -> list[str]:
    return re.findall(r"[A-Za-z0-9£%]+", plain(text))


def line_words(number: int) -> list[str]:
    """A source line's words without its bullet or list marker."""
    line = LINES[number - 1]
    return words(line.body if line.kind is not Kind.HEADING else line.body)


# --- structure ---------------------------------------------------------------------------------


def test_pillars_are_the_contents_entries_from_pillar_1_on(raw):
    plan, _ = raw
    entries = plan.document.contents
    first = next(i for i, e in enumerate(entries) if e.title.startswith("Pillar 1:"))
    expected = [re.sub(r"^Pillar \d+:\s*", "", e.title) for e in entries[first:]]
    assert [p.title for p in plan.pillars] == expected
    assert [p.number for p in plan.pillars] == list(range(1, len(expected) + 1))
    assert len(plan.pillars) == 4
    assert plan.pillars[3].title == "Whole of Society Approach"
    assert plan.pillars[0].slug == "prevention-and-early-intervention"


def test_commitments_are_numbered_1_to_34_in_order(raw):
    plan, _ = raw
    source_numbers = [int(s.marker) for s in LINES if s.kind is Kind.COMMITMENT]
    assert [c.number for c in plan.commitments] == source_numbers == list(range(1, 35))
    assert plan.commitments[8].lead_in == "To keep perpetrators out of policing, we:"


def test_action_letters_run_from_a_without_gaps(raw):
    plan, _ = raw
    for commitment in plan.commitments:
        letters = "".join(a.letter for a in commitment.actions)
        assert letters == "abcdefghijklmnopqrstuvwxyz"[: len(letters)], commitment.number
        assert all(a.id == f"{commitment.number}{a.letter}" for a in commitment.actions)


def test_every_list_item_in_the_source_is_one_action(raw):
    plan, _ = raw
    # Top-level items: lettered ones, and unmarked bullets that are not nested sub-items.
    items = [
        s for s in LINES
        if s.kind is Kind.LETTERED or (s.kind is Kind.BULLET and s.indent < 4 and s.number > 60)
    ]
    assert sum(1 for _ in plan.actions()) == len(items) == 259
    assert [a.lines[0] for a in plan.actions()] == [s.number for s in items]


def test_sub_items_carry_their_action_and_numeral(raw):
    plan, _ = raw
    spiking = plan.action("12e")
    assert [s.id for s in spiking.subitems] == [f"12e-{n}" for n in ("i", "ii", "iii", "iv", "v", "vi")]
    assert spiking.subitems[2].text.startswith("Support police spiking intensification weeks")
    numbered = sum(1 for s in LINES if s.kind is Kind.NUMBERED)
    unmarked = sum(1 for s in LINES if s.kind is Kind.BULLET and s.indent >= 4)
    assert sum(len(a.subitems) for a in plan.actions()) == numbered + unmarked == 12
    assert [s.numeral for s in plan.action("33b").subitems] == ["i", "ii", "iii"]


def test_themes_nest_under_a_heading_with_nothing_but_headings_below_it(raw):
    plan, _ = raw
    by_slug = {t.slug: t for t in plan.themes}
    assert len(by_slug) == len(plan.themes) == 23
    children = [t.slug for t in plan.themes if t.parent == "right-to-live-free-from-abuse"]
    assert children == ["housing", "economic-abuse", "employment", "learning-from-tragedy"]
    assert by_slug["right-to-live-free-from-abuse"].parent is None
    assert by_slug["online-an-unprecedented-challenge"].title == "Online: an unprecedented challenge"
    for commitment in plan.commitments:
        assert by_slug[commitment.theme].pillar == commitment.pillar
    assert plan.commitments[24].theme == "housing"  # commitment 25


def test_pillar_introductions_and_the_opening(raw):
    plan, _ = raw
    assert plan.pillars[0].introduction[0].startswith("We must stop violence and abuse before it starts.")
    assert plan.pillars[3].introduction[0].startswith("Ending VAWG starts with the individual")
    assert plan.document.opening_title == "Actions to deliver change"
    assert plan.document.opening[0].startswith("The Freedom from Violence and Abuse")


def test_document_fields_come_from_the_title_page_and_imprint(raw):
    document = raw[0].document
    assert document.title.startswith("Freedom from Violence and Abuse: a cross-government strategy")
    assert document.volume == "Volume 2"
    assert document.subtitle == "Action Plan"
    assert document.date == "December 2025"
    assert document.publisher == "Home Office"
    assert document.isbn == "978-1-5286-6142-3"
    assert document.licence == "Open Government Licence v3.0"
    assert document.copyright == "© Crown copyright 2025"
    assert [(e.title, e.page) for e in document.contents][:2] == [
        ("Actions to deliver change", 3), ("Our Action Plan", 4)
    ]


# --- nothing lost, nothing invented ----------------------------------------------------------


def test_every_line_is_accounted_for_once(raw):
    _, account = raw
    assert [u.line for u in account.lines] == list(range(1, len(LINES) + 1))
    for use in account.lines:
        assert (use.used_by is None) != (use.dropped_by is None), use
        assert use.text == LINES[use.line - 1].raw
    assert {u.dropped_by for u in account.dropped()} == {"page-header", "cover", "imprint"}


def test_only_running_headers_and_front_matter_are_dropped(raw):
    _, account = raw
    headers = [s.number for s in LINES if plain(s.body) == "Action Plan" and s.number > 21]
    assert [u.line for u in account.lines if u.dropped_by == "page-header"] == headers
    assert len(headers) == 31
    contents_line = next(s.number for s in LINES if plain(s.body) == "Contents")
    assert all(u.line < contents_line for u in account.dropped() if u.dropped_by != "page-header")


def test_each_action_holds_exactly_the_words_of_its_lines(raw):
    plan, account = raw
    by_action: dict[str, list[int]] = {}
    for use in account.lines:
        if use.used_by and use.used_by.startswith("action:"):
            by_action.setdefault(use.used_by.removeprefix("action:"), []).append(use.line)
    assert set(by_action) == {a.id for a in plan.actions()}
    for action in plan.actions():
        assert list(action.lines) == by_action[action.id]
        source = [w for n in action.lines for w in line_words(n)]
        assert words(action.text) == source, action.id


def test_no_markup_survives_in_the_text(raw):
    plan, _ = raw
    for action in plan.actions():
        for text in (*action.paragraphs, *(s.text for s in action.subitems)):
            assert "**" not in text and "  " not in text and text == text.strip(), action.id
            assert not re.match(r"^(- |[a-z]\) |[ivx]+\. )", text), action.id


# --- repairs -----------------------------------------------------------------------------------


def first_line(action) -> object:
    return LINES[action.lines[0] - 1]


def test_marker_inferred_exactly_where_the_source_lost_a_marker(raw):
    plan, _ = raw
    for action in plan.actions():
        lost_letter = first_line(action).kind is Kind.BULLET
        lost_numeral = any(LINES[s.line - 1].kind is Kind.BULLET for s in action.subitems)
        assert (FLAG_MARKER_INFERRED in action.flags) == lost_letter, action.id
        assert (FLAG_NUMERAL_INFERRED in action.flags) == lost_numeral, action.id
    inferred = [a.id for a in plan.actions() if FLAG_MARKER_INFERRED in a.flags]
    assert {"1i", "1l", "2c", "6f", "10g", "12a", "13c", "21c", "26h", "31g"} <= set(inferred)
    # 33b kept its letter "b)"; its first sub-item lost the numeral "i."
    assert plan.action("33b").flags == (FLAG_NUMERAL_INFERRED,)


def test_opening_lost_where_an_item_starts_mid_sentence(raw):
    plan, _ = raw
    lost = [a.id for a in plan.actions() if FLAG_OPENING_LOST in a.flags]
    assert lost == ["2c", "12a", "13c", "21c"]
    assert plan.action("2c").paragraphs[0].startswith("that the new curriculum has the greatest impact")
    assert plan.action("12a").paragraphs[0].startswith('(DVDS, or "Clare\'s Law") statutory guidance')


def test_misread_capital_i_markers_become_l(raw):
    plan, _ = raw
    misread = [a.id for a in plan.actions() if FLAG_MARKER_MISREAD in a.flags]
    assert misread == ["5l", "10l"]
    assert [s.number for s in LINES if s.kind is Kind.LETTERED and s.marker == "I"] == [
        plan.action(i).lines[0] for i in misread
    ]


def test_text_cut_by_a_page_header_is_joined(raw):
    plan, account = raw
    dropped = {u.line for u in account.dropped()}
    for action in plan.actions():
        spans_header = any(n in dropped for n in range(action.lines[0], action.lines[-1]))
        assert (FLAG_HEADER_JOINED in action.flags) == spans_header, action.id
    assert "working with external providers to provide whole school sessions" in plan.action("2b").text
    # A bold run the conversion made of the first words after a page break is not a headline.
    assert "Kicks community programmes. These will engage" in plan.action("4e").text
    assert plan.action("4e").headline is None
    # A complete sentence before the header: the text after it is a new paragraph.
    assert plan.action("16f").paragraphs[1].startswith("This investment will strengthen")


def test_headlines_are_the_bold_openings(raw):
    plan, _ = raw
    headlines = {a.id: a.headline for a in plan.actions() if a.headline}
    bold_openings = [s.number for s in LINES if s.kind is Kind.LETTERED and s.body.startswith("**")]
    assert len(headlines) == len(bold_openings) == 8
    assert headlines["5h"] == "Strengthen our crime prevention approach"
    assert headlines["10l"] == "Issue multi-agency statutory guidance on stalking"
    assert plan.action("10l").paragraphs[0].startswith("Issue multi-agency statutory guidance on stalking, including")


def test_the_footnote_is_kept_apart_on_the_action_its_page_opens_with(raw):
    plan, account = raw
    footnoted = {a.id: a.footnotes for a in plan.actions() if a.footnotes}
    assert list(footnoted) == ["13o"]
    note = footnoted["13o"][0]
    assert note.text.startswith("HM Government (2025) Multi-Agency Public Protection Arrangements")
    assert account.lines[note.line - 1].used_by == "footnote:13o"
    assert all("Available at" not in a.text for a in plan.actions())
    # The action the footnote interrupted reads on across it.
    assert "covers both domestic abuse and stalking perpetrator interventions by 2026. This will" in (
        plan.action("14f").paragraphs[0]
    )


# --- pages -------------------------------------------------------------------------------------


def test_the_page_count_agrees_with_the_contents():
    assert page_drift(TEXT, "plan") == ()


def test_pages_run_in_order_inside_each_pillar(raw):
    plan, _ = raw
    assert [p.pages for p in plan.pillars] == [(5, 14), (15, 26), (27, 38), (39, 46)]
    previous = 0
    for action in plan.actions():
        first, last = action.pages
        pillar = plan.pillar(plan.commitment_of(action).pillar)
        assert pillar.pages[0] <= first <= last <= pillar.pages[1], action.id
        assert first >= previous, action.id
        previous = first
    assert plan.action("12e").pages == (20, 21)  # its sub-items run over a page break


# --- errata ------------------------------------------------------------------------------------


def test_errata_repair_words_and_are_recorded(raw, corrected):
    plan, _ = corrected
    assert plan.action("10g").paragraphs[0].startswith("Coordinate efforts, led by the Home Office")
    assert "made using AI." in plan.action("1l").text
    assert "multi-agency-public-protection-arrangements" in plan.action("13o").footnotes[0].text
    errata_lines = ERRATA.read_text(encoding="utf-8").splitlines()
    recorded = [c for a in plan.actions() for c in a.corrections]
    # Derived from the file: adding an erratum keeps this true.
    assert len(recorded) == errata_lines.count("[[correction]]") > 0
    for correction in recorded:
        assert errata_lines[correction.line - 1] == "[[correction]]"
        assert correction.replace in plan.action(correction.action_id).text + "".join(
            f.text for f in plan.action(correction.action_id).footnotes
        )
    # Only the corrected actions differ from the source text.
    changed = {a.id for a, b in zip(raw[0].actions(), plan.actions(), strict=True) if a != b}
    assert changed == {c.action_id for c in recorded}
