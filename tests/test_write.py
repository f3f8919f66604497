"""The writer and the plan_to_pages command line, on the real plan."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import markdown
import pytest

from actionplan.cli import main
from actionplan.model import PlanError
from actionplan.outdir import MANIFEST
from actionplan.paths import DEFAULT_ENTITIES, DEFAULT_ERRATA, DEFAULT_PLAN
from actionplan.pipeline import Inputs, build
from actionplan.records.headings import OPENING_LOST_NOTE, OWN_HEADING_NOTE, phrase
from actionplan.text import cut_at_word, escape_markdown

ROOT = Path(__file__).resolve().parent.parent
CONTENT = ROOT / "content"


@pytest.fixture(scope="module")
def files() -> dict[str, bytes]:
    return build(Inputs(DEFAULT_PLAN, DEFAULT_ERRATA, DEFAULT_ENTITIES))


@pytest.fixture(scope="module")
def data(files) -> dict:
    return json.loads(files["data/actions.json"])


def metadata(page: bytes) -> dict[str, str]:
    head = page.decode().split("\n\n", 1)[0]
    return dict(line.split(": ", 1) for line in head.splitlines())


def test_two_runs_give_the_same_bytes(files):
    assert build(Inputs(DEFAULT_PLAN, DEFAULT_ERRATA, DEFAULT_ENTITIES)) == files


def test_the_same_plan_elsewhere_gives_the_same_bytes(tmp_path, files):
    """A fresh clone in another folder must pass --check: no path of this checkout in the output."""
    plan_dir = tmp_path / "elsewhere" / "plan"
    shutil.copytree(DEFAULT_PLAN.parent, plan_dir)
    moved = Inputs(plan_dir / DEFAULT_PLAN.name, plan_dir / DEFAULT_ERRATA.name, plan_dir / DEFAULT_ENTITIES.name)
    assert build(moved) == files


def test_one_page_per_action_with_a_stable_slug(files, data):
    ids = [a["id"] for a in data["actions"]]
    assert len(ids) == len(set(ids)) >= 250
    pages = sorted(p for p in files if p.startswith("actions/"))
    assert pages == sorted(f"actions/{i}.md" for i in ids)
    for action in data["actions"]:
        meta = metadata(files[f"actions/{action['id']}.md"])
        assert meta["Slug"] == meta["Action_id"] == action["id"]
        assert meta["Template"] == "action"
        assert action["url"] == f"actions/{action['id']}/"
        assert meta["Tags"], f"{action['id']} has no topic"


def test_titles_are_whole_phrases_in_the_plans_words(data):
    """The heading is the h1, the browser title, every link and the citation's quote: a phrase the
    plan says, never a sentence's middle or a lead-in to a list."""
    cut = 0
    for action in data["actions"]:
        title, words = action["title"], action["title_words"]
        assert 3 <= len(title) <= 96, (action["id"], title)
        assert not title.startswith("…") and not title.rstrip("…").endswith((":", ",", ";")), (action["id"], title)
        if "opening-lost" in action["flags"]:
            ours = action["heading_ours"]["heading"]
            assert title == f"{ours} {OWN_HEADING_NOTE}" and words.startswith("…"), (action["id"], title)
            words = words[1:]
        else:
            assert title == words, action["id"]
        text = " ".join(" ".join(action["paragraphs"]).split())
        assert text.startswith(words.rstrip("…")), (action["id"], title)  # the plan's own opening words
        cut += title.endswith("…")
    assert cut <= 62, f"{cut} headings still cut with an ellipsis (218 before whole phrases)"


def test_headline_becomes_the_title(data):
    by_id = {a["id"]: a for a in data["actions"]}
    assert by_id["10l"]["headline"] and by_id["10l"]["title"] == "Issue multi-agency statutory guidance on stalking"


def test_headings_the_issue_names(data):
    by_id = {a["id"]: a for a in data["actions"]}
    assert by_id["12e"]["title"] == "Take robust action to tackle spiking"
    assert by_id["33b"]["title"] == "Work with employers to strengthen their response to VAWG"  # not "… This includes:"
    assert by_id["12a"]["title_words"].startswith("…(DVDS, or \"Clare's Law\") statutory guidance")
    assert by_id["21c"]["title_words"].startswith("…courts. The time it takes for rape")


def test_lost_openings_are_not_disguised(data):
    by_id = {a["id"]: a for a in data["actions"]}
    for action_id in ("2c", "12a", "13c", "21c"):
        assert "opening-lost" in by_id[action_id]["flags"], action_id
        assert by_id[action_id]["title"].endswith(" " + OWN_HEADING_NOTE), by_id[action_id]["title"]
        assert by_id[action_id]["summary"].startswith(OPENING_LOST_NOTE + " …"), by_id[action_id]["summary"]


def test_lost_openings_have_a_heading_of_ours_naming_their_subject(data):
    """Issue 23, item 4: the four get a heading of ours, marked as ours, kept with its reason in
    plan/headings.toml; only actions that lost their opening have one, and the text stays the plan's."""
    by_id = {a["id"]: a for a in data["actions"]}
    subjects = {"2c": "relationships", "12a": "Disclosure Scheme", "13c": "Stalking Protection", "21c": "Court"}
    for action_id, subject in subjects.items():
        ours = by_id[action_id]["heading_ours"]
        assert subject in ours["heading"] and len(ours["reason"]) > 40, action_id
        assert by_id[action_id]["title"] == f"{ours['heading']} {OWN_HEADING_NOTE}"
        assert by_id[action_id]["title_words"].startswith("…"), "the citation still quotes only the plan's words"
    assert [a["id"] for a in data["actions"] if a["heading_ours"]] == list(subjects)


def test_a_heading_of_ours_for_an_action_that_kept_its_opening_stops_at_its_line(tmp_path):
    from actionplan.reading.parse import parse_plan_file
    from actionplan.records.own_headings import apply_own_headings, load_own_headings

    plan, _ = parse_plan_file(str(DEFAULT_PLAN), str(DEFAULT_ERRATA))
    text = (DEFAULT_PLAN.parent / "headings.toml").read_text(encoding="utf-8")
    wrong = text + '\n[[heading]]\naction = "12e"\nheading = "Spiking"\nreason = "A test of a wrong entry."\n'
    with pytest.raises(PlanError) as error:
        apply_own_headings(plan, load_own_headings(wrong, "h.toml"), "h.toml")
    assert "12e has its opening words" in error.value.message and error.value.line == len(text.splitlines()) + 2
    missing = text[: text.index("[[heading]]\naction = \"21c\"")]
    with pytest.raises(PlanError) as error:
        apply_own_headings(plan, load_own_headings(missing, "h.toml"), "h.toml")
    assert "21c lost its opening words" in error.value.message


def test_a_heading_stops_where_the_plans_grammar_does():
    """Small sentences written here: the phrase before a purpose, a relative clause, a dash."""
    long_tail = " and then a great many more words that carry on well past any reasonable heading length."
    assert phrase("Provide up to £1 million of funding to intensify Project Vigilant deployments in many police forces"
                  + long_tail)[1] == "Provide up to £1 million of funding to intensify Project Vigilant deployments"
    assert phrase("Publish a cross-government commissioning statement, which will replace the National Statement"
                  + long_tail)[1] == "Publish a cross-government commissioning statement"
    # "designed to" and "help schools to" need what follows; a list's "and" is no break.
    assert phrase("Ban nudification apps and other tools designed to create synthetic images" + long_tail)[0] == "cut"
    assert phrase("Implement the overhauled Relationship, Sex, and Health Education curriculum to ensure that"
                  + long_tail)[1] == "Implement the overhauled Relationship, Sex, and Health Education curriculum"
    # A whole short sentence is the heading; a lead-in colon is not part of it.
    assert phrase("Work with employers to strengthen their response to VAWG. This includes:") == (
        "sentence", "Work with employers to strengthen their response to VAWG")


def test_subitems_have_anchors(files):
    page = files["actions/12e.md"].decode()
    html = markdown.markdown(page.split("\n\n", 1)[1], extensions=["extra", "abbr", "md_in_html"])
    for numeral in ("i", "ii", "iii", "iv", "v", "vi"):
        assert f'id="12e-{numeral}"' in html


def test_every_cross_link_points_to_a_generated_page(files, data):
    ids = {a["id"] for a in data["actions"]}
    for action in data["actions"]:
        links = action["links"]
        for target in [links["previous"], links["next"], *links["siblings"], *(r["id"] for r in links["related"])]:
            assert target is None or target in ids, (action["id"], target)
    for path, page in files.items():
        for target in re.findall(r"\]\(\{filename\}/([^)]+)\)", page.decode("utf-8", "replace")):
            assert target in files, f"{path} links to missing {target}"


def test_previous_and_next_follow_plan_order(data):
    actions = data["actions"]
    assert actions[0]["links"]["previous"] is None and actions[-1]["links"]["next"] is None
    for before, after in zip(actions, actions[1:], strict=False):
        assert before["links"]["next"] == after["id"] and after["links"]["previous"] == before["id"]


def test_the_generator_writes_the_actions_and_the_data_only(files, data):
    """Overview pages (pillars, commitments, entities, indexes …) are drawn by plugins/overview_pages."""
    assert set(files) == {MANIFEST, "data/actions.json"} | {f"actions/{a['id']}.md" for a in data["actions"]}


def test_committed_content_is_what_the_plan_gives():
    assert main(["--check"]) == 0


def test_check_names_a_changed_file_and_a_stale_one(tmp_path, files, capsys):
    out = tmp_path / "content"
    assert main(["--out", str(out)]) == 0
    (out / "actions/12e.md").write_text("edited by hand\n")
    (out / "actions/99z.md").write_text("left over\n")
    manifest = out / MANIFEST
    manifest.write_text(manifest.read_text() + "actions/99z.md\n")
    capsys.readouterr()
    assert main(["--check", "--out", str(out)]) == 1
    printed = capsys.readouterr().out
    assert "differs:" in printed and "actions/12e.md" in printed
    assert "stale:" in printed and "actions/99z.md" in printed


def test_generator_never_touches_hand_written_pages(tmp_path):
    out = tmp_path / "content"
    (out / "pages").mkdir(parents=True)
    about = out / "pages/about.md"
    about.write_text("Title: About\n\nWritten by hand.\n")
    assert main(["--out", str(out)]) == 0
    (out / MANIFEST).write_text((out / MANIFEST).read_text() + "pages/old-generated.md\n")
    (out / "pages/old-generated.md").write_text("Generator: plan_to_pages\n")
    assert main(["--out", str(out)]) == 0
    assert about.read_text() == "Title: About\n\nWritten by hand.\n"
    assert not (out / "pages/old-generated.md").exists()


def test_a_hand_written_file_in_the_way_is_an_error(tmp_path, capsys):
    out = tmp_path / "content"
    (out / "actions").mkdir(parents=True)
    (out / "actions/12e.md").write_text("Title: My action\n")
    assert main(["--out", str(out)]) == 1
    assert "actions/12e.md:1: a file the generator did not write is in the way" in capsys.readouterr().err
    assert (out / "actions/12e.md").read_text() == "Title: My action\n"


@pytest.mark.parametrize(
    "content",
    [b"", b"# Something else entirely\n\nNot an action plan.\n", b"\x00\xff\xfe binary \x00 junk"],
    ids=["empty", "other-document", "binary"],
)
def test_bad_plan_gives_one_line_and_exit_1(tmp_path, content):
    plan = tmp_path / "plan.md"
    plan.write_bytes(content)
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts/plan_to_pages.py"), "--plan", str(plan), "--out", str(tmp_path / "o")],
        capture_output=True, text=True, timeout=60,
    )
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in result.stderr, result.stderr
    assert re.match(rf"{re.escape(str(plan))}:\d+: \S", lines[0]), lines[0]
    assert not (tmp_path / "o").exists(), "nothing is written when the plan does not parse"


def test_missing_plan_gives_one_line_and_exit_1(tmp_path):
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts/plan_to_pages.py"), "--plan", str(tmp_path / "nope.md"), "--check"],
        capture_output=True, text=True, timeout=60,
    )
    assert result.returncode == 1
    assert result.stderr.count("\n") == 1 and "nope.md" in result.stderr and "Traceback" not in result.stderr


def test_plan_text_never_becomes_markup():
    hostile = "1. <img src=x onerror=alert(1)> *not bold* [not a link](javascript:x) a_b & c | # h"
    html = markdown.markdown(escape_markdown(hostile), extensions=["extra", "abbr", "md_in_html"])
    assert "<img" not in html and "<em>" not in html and "<a " not in html and "<ol>" not in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html


def test_cut_at_word_marks_the_cut():
    text = "Support victims and survivors with the largest-ever investment of £550 million in victim support services"
    title = cut_at_word(text, 90)
    assert len(title) <= 91 and title.endswith("…") and text.startswith(title.rstrip("…"))
    assert cut_at_word("short enough", 90) == "short enough"
