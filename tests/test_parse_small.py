"""The parser and the errata on small plans written here: each repair, and each error with its line."""

from __future__ import annotations

import pytest

from actionplan.model import (
    FLAG_HEADER_JOINED,
    FLAG_MARKER_INFERRED,
    FLAG_MARKER_MISREAD,
    FLAG_NUMERAL_INFERRED,
    FLAG_OPENING_LOST,
    PlanError,
)
from actionplan.reading.errata import load_errata
from actionplan.reading.parse import page_drift, parse_plan, parse_plan_file

FRONT = """\
#### **Ministry of Examples**

# A Small Plan for Testing Volume 1

#### Action Plan

June 2026

#### © Crown copyright 2026

Licensed under the Open Government Licence v3.0 except where stated.

ISBN 978-0-00-000000-0

# Contents

Opening words\t3
Pillar 1: First Things\t4
Closing Things\t6

Action Plan

# Opening words

An opening paragraph.

# Pillar 1: First Things

Pillar one introduction.

Action Plan

#### A theme

- 1. To do things, we will:
"""

CLOSING = """
#### Closing Things

The last pillar has no "Pillar" label.

#### Last theme

- 2. To finish, we will:
  - a) Finish.
"""


def plan_text(actions: str, closing: str = CLOSING) -> str:
    return FRONT + actions + closing


def line_of(text: str, start: str) -> int:
    return next(n for n, line in enumerate(text.splitlines(), start=1) if line.lstrip().startswith(start))


def test_a_clean_small_plan():
    text = plan_text("  - a) Do the first thing.\n  - b) **Do the second thing.** Then more.\n")
    plan, account = parse_plan(text, "small.md")
    assert [p.title for p in plan.pillars] == ["First Things", "Closing Things"]
    assert plan.pillars[1].introduction == ('The last pillar has no "Pillar" label.',)
    assert [a.id for a in plan.actions()] == ["1a", "1b", "2a"]
    assert plan.action("1b").headline == "Do the second thing"
    assert plan.action("1b").paragraphs == ("Do the second thing. Then more.",)
    assert all(not a.flags for a in plan.actions())
    assert plan.document.publisher == "Ministry of Examples"
    assert plan.document.title == "A Small Plan for Testing"
    assert plan.pillars[0].pages == (4, 5)
    assert plan.action("1a").pages == (5, 5)
    assert len(account.lines) == len(text.splitlines())


def test_a_header_cutting_a_sentence_is_joined_and_flagged():
    text = plan_text("  - a) Do the first thing with\n\nAction Plan\n\nthe second half.\n  - b) Then this.\n")
    plan, account = parse_plan(text, "small.md")
    first = plan.action("1a")
    assert first.paragraphs == ("Do the first thing with the second half.",)
    assert first.flags == (FLAG_HEADER_JOINED,)
    assert first.pages == (5, 6)
    header = max(n for n, line in enumerate(text.splitlines(), start=1) if line == "Action Plan")
    assert account.lines[header - 1].dropped_by == "page-header"


def test_a_lost_marker_is_inferred_and_a_lost_opening_flagged():
    text = plan_text("  - a) First.\n  - the rest of the second.\n  - I) no, this is c.\n")
    with pytest.raises(PlanError) as error:  # "I)" stands for "l)" only where l is expected
        parse_plan(text, "small.md")
    assert error.value.line == line_of(text, "- I)")
    text = plan_text("  - a) First.\n  - the rest of the second.\n  - c) Third.\n")
    plan, _ = parse_plan(text, "small.md")
    assert plan.action("1b").flags == (FLAG_OPENING_LOST, FLAG_MARKER_INFERRED)
    assert plan.action("1c").flags == ()


def test_capital_i_where_l_is_due_is_a_misread_l():
    letters = "abcdefghijk"
    items = "".join(f"  - {x}) Item {x}.\n" for x in letters) + "  - I) Item l.\n"
    plan, _ = parse_plan(plan_text(items), "small.md")
    assert plan.action("1l").flags == (FLAG_MARKER_MISREAD,)


def test_a_skipped_letter_is_an_error_at_its_line():
    text = plan_text("  - a) First.\n  - c) Third.\n")
    with pytest.raises(PlanError) as error:
        parse_plan(text, "small.md")
    assert error.value.file == "small.md"
    assert error.value.line == line_of(text, "- c)")
    assert "1b" in error.value.message


def test_commitments_out_of_order_are_an_error():
    text = plan_text("  - a) First.\n", CLOSING.replace("- 2.", "- 3."))
    with pytest.raises(PlanError) as error:
        parse_plan(text, "small.md")
    assert error.value.line == line_of(text, "- 3.")


def test_an_action_under_a_theme_without_a_commitment_is_an_error():
    text = plan_text("  - a) First.\n\n#### Another theme\n\n- b) Orphan.\n")
    with pytest.raises(PlanError) as error:
        parse_plan(text, "small.md")
    assert error.value.line == line_of(text, "- b)")


def test_sub_items_and_an_unmarked_nested_one():
    text = plan_text("  - a) This includes:\n    - Unmarked first.\n    - ii. Second.\n")
    plan, _ = parse_plan(text, "small.md")
    action = plan.action("1a")
    assert [(s.id, s.text) for s in action.subitems] == [("1a-i", "Unmarked first."), ("1a-ii", "Second.")]
    assert action.flags == (FLAG_NUMERAL_INFERRED,)  # the letter a) was there: only the numeral was lost


def test_a_footnote_goes_to_the_action_its_page_opens_with():
    text = plan_text(
        "  - a) A statistic from a report.\n\nAction Plan\n\n- b) Continues here with\n\n"
        "Report (2026). Available at: https://example.org/report\n\nAction Plan\n\nmore words.\n"
    )
    plan, account = parse_plan(text, "small.md")
    assert plan.action("1a").footnotes == ()
    assert [f.text for f in plan.action("1b").footnotes] == [
        "Report (2026). Available at: https://example.org/report"
    ]
    assert plan.action("1b").paragraphs == ("Continues here with more words.",)
    assert account.lines[line_of(text, "Report (2026)") - 1].used_by == "footnote:1b"


def test_a_lost_page_header_is_counted_where_a_nested_list_breaks():
    text = plan_text("  - a) First.\n\n- b) Next page.\n")
    plan, _ = parse_plan(text, "small.md")
    assert plan.action("1b").pages == (6, 6)
    assert page_drift(text, "small.md") == ((line_of(text, "#### Closing"), 7, 6),)


@pytest.mark.parametrize(
    ("damage", "message"),
    [
        (lambda t: t.replace("# Contents", "# Index"), "Contents"),
        # A title need not name a volume (tests/test_next_edition.py), but there must be one.
        (lambda t: t.replace("# A Small Plan for Testing Volume 1", "#### A Small Plan for Testing"), "title heading"),
        (lambda t: t.replace("Pillar 1: First Things\n\n", "Pillar 1: Other\n\n"), "no heading for the first pillar"),
        (lambda t: t.replace("#### Closing Things", "#### Closing"), "no heading for the pillar"),
    ],
)
def test_damaged_front_matter_and_headings_are_errors(damage, message):
    text = damage(plan_text("  - a) First.\n"))
    with pytest.raises(PlanError) as error:
        parse_plan(text, "small.md")
    assert message.lower() in str(error.value).lower()
    assert 1 <= error.value.line <= len(text.splitlines())


# Each line of the title page and imprint that a plan may lack, and the field it gives.
OPTIONAL_FRONT = {
    "publisher": "#### **Ministry of Examples**\n",
    "date": "June 2026\n",
    "copyright": "#### © Crown copyright 2026\n",
    "licence": "Licensed under the Open Government Licence v3.0 except where stated.\n",
    "isbn": "ISBN 978-0-00-000000-0\n",
}


@pytest.mark.parametrize("field", list(OPTIONAL_FRONT))
def test_a_missing_front_matter_field_is_a_notice_not_a_stop(field):
    text = plan_text("  - a) First.\n").replace(OPTIONAL_FRONT[field], "")
    plan, account = parse_plan(text, "small.md")
    assert getattr(plan.document, field) is None
    title = line_of(text, "# A Small Plan")
    assert len(account.notices) == 1 and field in account.notices[0]
    assert len(account.notices) == 1 and account.notices[0].startswith(f"small.md:{title}: notice: ")
    others = {"publisher": "Ministry of Examples", "date": "June 2026", "copyright": "© Crown copyright 2026",
              "licence": "Open Government Licence v3.0", "isbn": "978-0-00-000000-0"}
    del others[field]
    assert {k: getattr(plan.document, k) for k in others} == others
    assert [a.id for a in plan.actions()] == ["1a", "2a"]


def test_a_plan_with_only_a_title_and_contents_reads_with_a_notice_for_each_field_it_lacks():
    text = plan_text("  - a) First.\n")
    for line in OPTIONAL_FRONT.values():
        text = text.replace(line, "")
    # No subtitle, so no page header repeats it either.
    text = text.replace("#### Action Plan\n", "").replace("\nAction Plan\n", "\n")
    plan, account = parse_plan(text, "small.md")
    document = plan.document
    assert (document.title, document.volume) == ("A Small Plan for Testing", "Volume 1")
    assert (document.publisher, document.subtitle, document.date, document.copyright, document.licence,
            document.isbn) == (None,) * 6
    assert [c.title for c in document.contents] == ["Opening words", "Pillar 1: First Things", "Closing Things"]
    title = line_of(text, "# A Small Plan")
    assert len(account.notices) == 6
    assert all(n.startswith(f"small.md:{title}: notice: ") for n in account.notices)
    for field in ("publisher", "subtitle", *OPTIONAL_FRONT):
        assert any(field in n for n in account.notices), field
    assert [a.id for a in plan.actions()] == ["1a", "2a"]


def test_the_copyright_heading_is_not_taken_for_a_missing_subtitle():
    text = plan_text("  - a) First.\n").replace("#### Action Plan\n", "").replace("\nAction Plan\n", "\n")
    plan, account = parse_plan(text, "small.md")
    assert plan.document.subtitle is None and plan.document.copyright == "© Crown copyright 2026"
    assert [n.split("notice: ")[1][:25] for n in account.notices] == ["no subtitle heading below"]


def test_a_cover_title_is_not_taken_for_a_missing_publisher():
    text = "# A SMALL PLAN\n\n" + plan_text("  - a) First.\n").replace(OPTIONAL_FRONT["publisher"], "")
    plan, account = parse_plan(text, "small.md")
    assert plan.document.publisher is None
    assert len(account.notices) == 1 and "publisher" in account.notices[0]


def test_an_empty_plan_is_an_error():
    with pytest.raises(PlanError):
        parse_plan("", "empty.md")


# --- errata ------------------------------------------------------------------------------------

BODY = "  - a) Do the frist thing.\n  - b) Do the frist and frist thing.\n"


def errata(find: str, action: str = "1a", replace: str = "first") -> str:
    return (
        "# a comment\n\n[[correction]]\n"
        f'action = "{action}"\nfind = "{find}"\nreplace = "{replace}"\nreason = "A typo."\n'
    )


def test_a_correction_is_applied_and_recorded():
    plan, _ = parse_plan(plan_text(BODY), "small.md", errata("frist"), "errata.toml")
    action = plan.action("1a")
    assert action.paragraphs == ("Do the first thing.",)
    assert [(c.find, c.replace, c.line) for c in action.corrections] == [("frist", "first", 3)]


@pytest.mark.parametrize(
    ("toml", "line", "message"),
    [
        (errata("frist", action="1b"), 3, "occurs 2 times"),
        # Neither the words nor their replacement: stale. (Replacement there, words gone: a notice.)
        (errata("second", replace="third"), 3, "does not occur"),
        (errata("frist", action="9z"), 3, "no action 9z"),
        (errata("frist", action="one"), 3, "not an action id"),
        ('[[correction]]\naction = "1a"\nfind = "frist"\n', 1, "lacks reason, replace"),
        ("[[correction]]\naction = \n", 2, "not valid TOML"),
        ("[fix]\n", 1, "unknown tables"),
    ],
)
def test_errata_errors_name_the_errata_line(toml, line, message):
    with pytest.raises(PlanError) as error:
        parse_plan(plan_text(BODY), "small.md", toml, "errata.toml")
    assert error.value.file == "errata.toml"
    assert error.value.line == line
    assert message in error.value.message


def test_load_errata_keeps_file_order_and_lines():
    text = errata("frist") + "\n" + errata("thing", action="1b", replace="task")
    corrections = load_errata(text, "errata.toml")
    assert [(c.action_id, c.line) for c in corrections] == [("1a", 3), ("1b", 11)]


def test_unreadable_files_are_plan_errors(tmp_path):
    plan = tmp_path / "plan.md"
    plan.write_text(plan_text("  - a) First.\n"), encoding="utf-8")
    assert parse_plan_file(str(plan))[0].action("1a").paragraphs == ("First.",)
    with pytest.raises(PlanError) as error:
        parse_plan_file(str(plan), str(tmp_path / "missing.toml"))
    assert error.value.file.endswith("missing.toml")
    (tmp_path / "latin.md").write_bytes("caf\xe9".encode("latin-1"))
    with pytest.raises(PlanError):
        parse_plan_file(str(tmp_path / "latin.md"))


@pytest.mark.parametrize("item", ["  - \n", "  - b) \n", "    - \n"])
def test_an_empty_list_item_is_an_error(item):
    text = plan_text("  - a) First.\n" + item)
    with pytest.raises(PlanError) as error:
        parse_plan(text, "small.md")
    assert error.value.line == line_of(text, "- a)") + 1
