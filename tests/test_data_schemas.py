"""plan/standings.toml, plan/vocabulary.toml and plan/headings.toml: each checked after decoding
against its declared schema by the one validator (actionplan/records/schema.py; issue 20). Each test edits
the real file once and expects one `file:LINE: message` at the line of the edit."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from actionplan.model import PlanError
from actionplan.reading.errata import load_errata
from actionplan.records.helplines import load_helplines
from actionplan.records.own_headings import load_own_headings
from actionplan.records.review import read_review
from actionplan.records.updates import load_updates
from actionplan.records.vocabulary import load_vocabulary

PLAN_DIR = Path(__file__).resolve().parent.parent / "plan"


def edit(name: str, old: str, new: str, after: str = "") -> tuple[str, int]:
    """The file's text with the first `old` after `after` replaced by `new`, and the line of `old`."""
    text = (PLAN_DIR / name).read_text(encoding="utf-8")
    at = text.index(old, text.index(after))
    return text[:at] + new + text[at + len(old):], text[:at].count("\n") + 1


def test_the_real_files_pass():
    for name, load in (("standings.toml", read_review), ("vocabulary.toml", load_vocabulary),
                       ("headings.toml", load_own_headings)):
        load((PLAN_DIR / name).read_text(encoding="utf-8"), f"plan/{name}")


def _action_ids() -> set[str]:
    model = json.loads((PLAN_DIR.parent / "content" / "data" / "actions.json").read_text(encoding="utf-8"))
    return {action["id"] for action in model["actions"]}


@pytest.mark.parametrize(("name", "table", "load"), [
    ("helplines.toml", "helpline", load_helplines),
    ("vocabulary.toml", "term", load_vocabulary),
    ("headings.toml", "heading", load_own_headings),
    ("errata.toml", "correction", load_errata),
    ("updates.toml", "update", lambda text, file: load_updates(text, file, _action_ids())),
])
def test_a_comment_after_a_table_header_changes_nothing(name, table, load):
    """TOML allows `[[term]]  # a note`; every loader finds its entries' lines by the one finder
    (source.table_lines), so each reads the file with such comments exactly as without them."""
    text = (PLAN_DIR / name).read_text(encoding="utf-8")
    header = re.compile(rf"^(\s*\[\[\s*{table}\s*\]\])\s*$", re.M)
    commented, count = header.subn(r"\1  # a note", text)
    assert count > 1, f"plan/{name} has no [[{table}]] headers to comment"
    assert load(commented, f"plan/{name}") == load(text, f"plan/{name}")


def one_line(error: PlanError) -> tuple[int, str]:
    lines = str(error).splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"{error.file}:{error.line}: "), str(error)
    return error.line, error.message


# The first entry of plan/standings.toml, ["1a"], and the keys it has.
STANDING_1A = 'standing = "promised"\nwords = "Build on the Online Safety Act'


@pytest.mark.parametrize(("old", "new", "words"), [
    ('reason = "The Online Safety Act', 'reason = "\\u202EThe Online Safety Act', "control character U+202E"),
    ('words = "Build on', 'words = "\\u200BBuild on', "control character U+200B"),
    ('reason = "The Online Safety Act', 'reason = "\\u0007The Online Safety Act', "control character U+0007"),
    ("delivers = []", 'delivers = ["Home Office"]', "lower-case words joined by hyphens"),
    ("delivers = []", 'delivers = []\nnote = "\\u2066isolated\\u2069"', "control character U+2066"),
    ("delivers = []", 'delivers = []\ndelivers_note = "   "', "delivers_note must be text"),
])
def test_a_standings_entry_is_checked_after_decoding(old, new, words):
    """Escapes in a string pass the check of the file's text; the decoded value is checked."""
    text, line = edit("standings.toml", old, new, after=STANDING_1A)
    line += new.count("\n")  # a key added after `old` is on the next line
    with pytest.raises(PlanError) as caught:
        read_review(text, "plan/standings.toml")
    assert (caught.value.file, one_line(caught.value)[0]) == ("plan/standings.toml", line)
    assert words in caught.value.message, caught.value.message


@pytest.mark.parametrize(("old", "new", "words"), [
    ('standing = "promised"', "standing = 3", "standing must be a string"),
    ('standing = "promised"', 'standing = "pending"', "is not one of done"),
    ("delivers = []", "delivers = []\nreviewer = \"me\"", "unknown key 'reviewer'"),
])
def test_a_standings_entry_keeps_its_plain_messages(old, new, words):
    """Where the loader already says a mistake plainly, the schema does not say it again."""
    text, line = edit("standings.toml", old, new, after=STANDING_1A)
    line += new.count("\n")  # a key added after `old` is on the next line
    with pytest.raises(PlanError) as caught:
        read_review(text, "plan/standings.toml")
    assert one_line(caught.value)[0] == line and words in caught.value.message, str(caught.value)


@pytest.mark.parametrize(("after", "old", "new", "words"), [
    ("\n[filler]\n", 'reason = """Words', 'reason = """\\u202EWords', "control character U+202E"),
    ("\n[[term]]\n", 'reason = "', 'reason = "\\u0000', "control character U+0000"),
    ("\n[[term]]\n", 'label = "helplines', 'label = "\\u2028helplines', "control character U+2028"),
    ("\n[[term]]\n", 'words = [', 'source = "\\u200Fsection 1"\nwords = [', "control character U+200F"),
    ("\n[[term]]\n", 'words = [', 'source = 3\nwords = [', "source must be text"),
    ("\n[[term]]\n", 'label = "helplines and support"', 'label = ["two", "labels"]', "label must be text"),
    ("\n[[term]]\n", "help = true", 'help = "yes"', "help must be true or false"),
])
def test_the_vocabulary_is_checked_after_decoding(after, old, new, words):
    """[filler], then the first [[term]]; a wrong type keeps its plain message."""
    text, line = edit("vocabulary.toml", old, new, after=after)
    with pytest.raises(PlanError) as caught:
        load_vocabulary(text, "plan/vocabulary.toml")
    assert one_line(caught.value)[0] == line and words in caught.value.message, str(caught.value)


@pytest.mark.parametrize(("old", "new", "words"), [
    ('heading = "Court delays', 'heading = "Court\\u0008 delays', "control character U+0008"),
    ('heading = "Court delays', 'heading = "\\u202ECourt delays', "control character U+202E"),
    ('heading = "Court delays', 'heading = "Court\\ndelays', "control character U+000A"),
    ('action = "21c"', 'action = "21C"', "an action id"),
    ('reason = "The surviving words are about the time', 'reason = "\\u2067The surviving words are about the time',
     "control character U+2067"),
])
def test_own_headings_are_checked_after_decoding(old, new, words):
    text, line = edit("headings.toml", old, new)
    with pytest.raises(PlanError) as caught:
        load_own_headings(text, "plan/headings.toml")
    assert one_line(caught.value)[0] == line and words in caught.value.message, str(caught.value)
