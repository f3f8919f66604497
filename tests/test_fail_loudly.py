"""The generator fails loudly and never loses, invents or half-writes a page (issue 13).

Each test tries one way a plan, a data file or an interruption broke that promise, on copies of
the real plan and data files: the run must stop with one `file:line: message` line and exit 1,
leaving content/ as it was, or give exactly the pages the plan gives.
"""

from __future__ import annotations

import csv
import datetime
import fcntl
import io
import json
import os
import re
import runpy
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import markdown
import pytest
from helpers.files import snapshot

from actionplan.cli import main
from actionplan.outdir import lock_file
from actionplan.paths import DEFAULT_ENTITIES, DEFAULT_ERRATA, DEFAULT_PLAN
from plugins.core.as_of import read_as_of
from plugins.core.csv_table import csv_bytes

ROOT = Path(__file__).resolve().parent.parent
PLAN_TEXT = DEFAULT_PLAN.read_text(encoding="utf-8")
PLAN_LINES = PLAN_TEXT.split("\n")
ERRATA_TEXT = DEFAULT_ERRATA.read_text(encoding="utf-8")



def run(capsys, *args: str) -> tuple[int, str]:
    """main() in this process: (exit status, what it printed to stderr)."""
    status = main(list(args))
    return status, capsys.readouterr().err


def one_error(err: str, file: Path | str | None = None, line: int | None = None) -> str:
    """The one error line, checked to be `file:line: message` (any file when None); the message."""
    lines = err.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in err, err
    found = re.match(r"(?P<file>[^:]+):(?P<line>\d+): (?P<message>\S.*)$", lines[0])
    assert found, lines[0]
    if file is not None:
        assert found["file"] == str(file), (lines[0], file)
    if line is not None:
        assert int(found["line"]) == line, (lines[0], line)
    return found["message"]


def line_of(text: str, needle: str) -> int:
    return next(n for n, line in enumerate(text.split("\n"), 1) if needle in line)


def site_markdown() -> markdown.Markdown:
    """Python-Markdown configured as pelicanconf.py configures it for Pelican."""
    config = runpy.run_path(str(ROOT / "pelicanconf.py"))["MARKDOWN"]
    return markdown.Markdown(
        extensions=list(config["extension_configs"]),
        extension_configs=config["extension_configs"],
        output_format=config.get("output_format", "html"),
    )


def page_body(page: str) -> str:
    return page.split("\n\n", 1)[1]


# --- 4. text stays text -------------------------------------------------------------------------

ATTRIBUTES = '{: href="https://evil.example/" onclick="x()" }'


def test_attribute_lists_in_errata_text_do_not_rewrite_a_link(tmp_path, capsys):
    errata = tmp_path / "errata.toml"
    errata.write_text(
        ERRATA_TEXT
        + '\n[[correction]]\naction = "2e"\nfind = "Department for Education,"\n'
        + f"replace = '''Department for Education{ATTRIBUTES},'''\nreason = \"A hostile edit.\"\n",
        encoding="utf-8",
    )
    status, err = run(capsys, "--errata", str(errata), "--no-lock", "--out", str(tmp_path / "content"))
    assert status == 0, err
    html = site_markdown().convert(page_body((tmp_path / "content/actions/2e.md").read_text("utf-8")))
    assert 'href="{site}/organisations/department-for-education/"' in html
    assert "evil.example" not in html.replace(ATTRIBUTES.replace('"', "&quot;"), "").replace(ATTRIBUTES, "")
    assert "onclick" not in html.split(">Department for Education<")[0].rsplit("<a ", 1)[-1]
    assert ATTRIBUTES in html or ATTRIBUTES.replace('"', "&quot;") in html, "the words stay, in order"


@pytest.mark.parametrize(
    "hostile",
    [
        "a {: .x #y } b",
        "a -- b --- c ... d . . . e",
        "{#id} at the start",
        "x << y >> z",
        "*[DAPO]: not an abbreviation",
        "[^1] not a footnote",
        "1. not a list",
        "<script>alert(1)</script> &amp; `code` _em_ **strong** ~~del~~ | table |",
    ],
)
def test_plan_text_comes_out_as_the_same_words(hostile):
    from actionplan.text import escape_markdown

    html = site_markdown().convert(escape_markdown(hostile))
    assert html.startswith("<p>") and html.endswith("</p>") and html.count("<") == 2, html
    text = html[3:-4].replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", '"').replace("&amp;", "&")
    assert text == hostile


# --- 9. control characters, CSV formulas ----------------------------------------------------------


@pytest.mark.parametrize("control", ["\x00", "\x07", "\x1b[31m", "\x85", "\u202e", "\r"])
def test_a_control_character_in_the_plan_is_an_error_at_its_line(tmp_path, capsys, control):
    number = line_of(PLAN_TEXT, "- e) Work with the sector, led by the Department for Education")
    lines = list(PLAN_LINES)
    lines[number - 1] = lines[number - 1].replace("Work with", f"Work{control} with")
    plan = tmp_path / "plan.md"
    plan.write_text("\n".join(lines), encoding="utf-8")
    out = tmp_path / "content"
    status, err = run(capsys, "--plan", str(plan), "--out", str(out))
    assert status == 1
    assert "control character" in one_error(err, plan, number)
    assert not out.exists()


def test_a_control_character_in_an_erratum_is_an_error_at_its_line(tmp_path, capsys):
    errata = tmp_path / "errata.toml"
    errata.write_text(
        ERRATA_TEXT + '\n[[correction]]\naction = "2e"\nfind = "Department for Education,"\n'
        'replace = "Department for\\u001b Education,"\nreason = "A hostile edit."\n',
        encoding="utf-8",
    )
    status, err = run(capsys, "--errata", str(errata), "--out", str(tmp_path / "content"))
    assert status == 1
    assert "control character U+001B" in one_error(err, errata, line_of(errata.read_text(), 'action = "2e"') - 1)


def test_a_control_character_in_an_entity_name_is_an_error_at_its_line(tmp_path, capsys):
    entities = copy_data_files(tmp_path)
    text = entities.read_text(encoding="utf-8").replace('name = "Home Office"', 'name = "Home\\u0007 Office"')
    entities.write_text(text, encoding="utf-8")
    status, err = run(capsys, "--entities", str(entities), "--out", str(tmp_path / "content"))
    assert status == 1
    assert "control character U+0007" in one_error(err, entities, line_of(text, 'id = "home-office"') - 1)


def copy_data_files(tmp_path: Path) -> Path:
    """plan/entities.toml and the files it includes, copied into tmp_path; the copy's path."""
    for name in ("entities.toml", "topics.toml", "wording.toml", "money.toml"):
        (tmp_path / name).write_bytes((DEFAULT_ENTITIES.parent / name).read_bytes())
    return tmp_path / "entities.toml"


def test_csv_cells_never_start_a_formula():
    model = json.loads((ROOT / "content/data/actions.json").read_text("utf-8"))
    read_as_of(model, datetime.date(2026, 12, 7))  # as the site reads it: status and schedule added
    action = dict(model["actions"][0])
    hostile = ['=HYPERLINK("https://evil.example/","click")', "+1", "-1", "@SUM(A1)", "\tx", "'=1", "plain"]
    action.update(paragraphs=hostile[:1], subitems=[], footnotes=[{"text": t} for t in hostile[1:]])
    action["facts"] = {**action["facts"], "money": [{**m, "text": "-£5"} for m in action["facts"]["money"][:1]]}
    rows = list(csv.DictReader(io.StringIO(csv_bytes({**model, "actions": [action]}).decode("utf-8-sig"))))
    cells = [value for value in rows[0].values()]
    assert rows[0]["text"] == "'" + hostile[0]
    assert rows[0]["footnotes"].startswith("'+1")
    assert not [c for c in cells if c[:1] in ("=", "+", "-", "@", "\t", "\r")]


# --- 8. patterns cannot hang the build ----------------------------------------------------------


@pytest.mark.parametrize(
    ("pattern", "problem"),
    [
        ("(a+)+$", "a repeat inside a repeat"),
        ("(?:\\\\w+\\\\s?)+years", "a repeat inside a repeat"),
        ("(?:a|ab)*c", "alternatives inside a repeat"),
        ("(x)\\\\1", "back-references"),
        ("x?", "matches empty text"),
    ],
)
def test_a_hostile_period_pattern_is_an_error_at_its_line(tmp_path, capsys, pattern, problem):
    entities = copy_data_files(tmp_path)
    wording = tmp_path / "wording.toml"
    text = wording.read_text(encoding="utf-8").replace("    'annually',\n", f"    'annually',\n    \"{pattern}\",\n")
    wording.write_text(text, encoding="utf-8")
    status, err = run(capsys, "--entities", str(entities), "--out", str(tmp_path / "content"))
    assert status == 1
    assert problem in one_error(err, wording, line_of(text, "'annually'") + 1)


def test_the_real_period_patterns_pass_the_check():
    from actionplan.facts.data import pattern_problem
    from actionplan.facts.enrich import load_entities

    periods = load_entities(DEFAULT_ENTITIES).wording.money_periods
    assert periods and [p for p in periods if pattern_problem(p)] == []


# --- 10. data-file mistakes ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("edit", "needle", "message"),
    [
        (lambda t: t.replace("[[organisations]]", "[[organisation]]", 1), "[[organisation]]", "unknown table or key"),
        (lambda t: t.replace('short = "Home Office"', 'short = "Home Office"\nshrot = "HO"'), "shrot", "unknown key"),
        (lambda t: t.replace('id = "home-office"', 'id = "index"'), 'id = "index"', "would take the address"),
        (lambda t: t.replace('include = ["topics.toml"', 'include = ["../../../etc/passwd", "topics.toml"'),
         "include =", "only files in the folder"),
        (lambda t: t.replace('include = ["topics.toml"', 'include = ["/etc/hostname", "topics.toml"'),
         "include =", "only files in the folder"),
        (lambda t: "", None, "empty"),
        (lambda t: "# nothing but a comment\n", None, "empty"),
    ],
)
def test_entities_file_mistakes_are_errors_at_their_line(tmp_path, capsys, edit, needle, message):
    entities = copy_data_files(tmp_path)
    text = edit(entities.read_text(encoding="utf-8"))
    entities.write_text(text, encoding="utf-8")
    status, err = run(capsys, "--entities", str(entities), "--out", str(tmp_path / "content"))
    assert status == 1
    line = line_of(text, needle) if needle else 1
    if needle in ('id = "index"', "shrot"):  # an entry's mistakes are reported at its [[table]] line
        line = line_of(text, "Home Office") - 2
    assert message in one_error(err, entities, line)


def test_an_unknown_key_in_wording_is_an_error_at_its_line(tmp_path, capsys):
    entities = copy_data_files(tmp_path)
    wording = tmp_path / "wording.toml"
    text = wording.read_text(encoding="utf-8").replace("[money]\n", "[money]\nperiod = ['a year']\n")
    wording.write_text(text, encoding="utf-8")
    status, err = run(capsys, "--entities", str(entities), "--out", str(tmp_path / "content"))
    assert status == 1
    assert "unknown key `period` in [money]" in one_error(err, wording, line_of(text, "period = ['a year']"))


def test_an_empty_errata_file_is_an_error(tmp_path, capsys):
    errata = tmp_path / "errata.toml"
    errata.write_text("# all corrections lost\n", encoding="utf-8")
    status, err = run(capsys, "--errata", str(errata), "--out", str(tmp_path / "content"))
    assert status == 1
    assert "no [[correction]]" in one_error(err, errata, 1)
    assert not (tmp_path / "content").exists()


# --- 11. every error has its line -----------------------------------------------------------------


def test_a_missing_pillar_heading_is_reported_at_its_contents_line(tmp_path, capsys):
    heading = next(line for line in PLAN_LINES if line.startswith("#") and "Whole of Society Approach" in line)
    plan = tmp_path / "plan.md"
    plan.write_text(PLAN_TEXT.replace(heading + "\n", "", 1), encoding="utf-8")
    status, err = run(capsys, "--plan", str(plan), "--out", str(tmp_path / "content"))
    assert status == 1
    contents_line = line_of(PLAN_TEXT, "Whole of Society Approach\t")
    assert "no heading for the pillar 'Whole of Society Approach'" in one_error(err, plan, contents_line)


# --- 1 and 6. the structural lock ---------------------------------------------------------------


@pytest.fixture
def content(tmp_path) -> Path:
    """A copy of the repository's content/, hand-written pages included."""
    out = tmp_path / "content"
    shutil.copytree(ROOT / "content", out)
    return out


def plan_file(tmp_path: Path, text: str) -> Path:
    plan = tmp_path / "plan.md"
    plan.write_text(text, encoding="utf-8")
    return plan


def relettered(lines: list[str], first: str, second: str) -> list[str]:
    """The plan with the words of two lettered lines of commitment 1 swapped, markers kept."""
    at = {m: next(i for i, line in enumerate(lines) if line.startswith(f"  - {m}) ")) for m in (first, second)}
    out = list(lines)
    out[at[first]] = f"  - {first}) " + lines[at[second]].split(") ", 1)[1]
    out[at[second]] = f"  - {second}) " + lines[at[first]].split(") ", 1)[1]
    return out


def with_new_action(lines: list[str]) -> list[str]:
    last = next(i for i, line in enumerate(lines) if line.startswith("- u) Continue to work with our international"))
    return lines[: last + 1] + ["- v) Do one more thing that the plan never said."] + lines[last + 1 :]


@pytest.mark.parametrize(
    ("damage", "message"),
    [
        (lambda t: t.encode()[:99_994].decode(errors="ignore"), "gone (31a, 31b"),
        (lambda t: t[: t.index("funded by £122,335 over two") + 27], "action 34h ends mid-sentence"),
        (lambda t: "\n".join(relettered(t.split("\n"), "a", "b")), "2 moved (1b→1a, 1a→1b)"),
        (lambda t: "\n".join(with_new_action(t.split("\n"))), "1 added (1v)"),
        (lambda t: t.replace("sets out five government priorities", "sets out six government priorities"),
         "1 changed"),
    ],
    ids=["cut-in-pillar-4", "cut-in-the-last-action", "re-lettered", "inserted", "words-changed"],
)
def test_a_plan_whose_actions_differ_from_the_lock_changes_nothing(tmp_path, capsys, content, damage, message):
    before = snapshot(content)
    plan = plan_file(tmp_path, damage(PLAN_TEXT))
    status, err = run(capsys, "--plan", str(plan), "--out", str(content))
    assert status == 1
    found = one_error(err)
    assert message in found, found
    assert snapshot(content) == before


@pytest.mark.parametrize(
    ("damage", "where", "message"),
    [
        # Commitment 2 and 3 join the theme before: every action keeps its id and words.
        (lambda lines: lines[:105] + lines[106:], 107,
         "1 gone (theme in-schools-and-education); 2 changed (commitment 2, commitment 3)"),
        # The heading doubled: an empty theme of the same title is not in the lock.
        (lambda lines: lines[:76] + lines[76:77] + lines[76:], 78,
         "1 added (theme online-an-unprecedented-challenge-1)"),
        (lambda lines: [line.replace("We will use every tool available", "We will use every tool") for line in lines],
         183, "1 changed (pillar 2)"),
        (lambda lines: [line.replace("To ensure online spaces are safe", "To ensure online spaces are safer")
                        for line in lines], 79, "1 changed (commitment 1)"),
    ],
    ids=["theme-heading-deleted", "theme-heading-doubled", "pillar-introduction-changed", "lead-in-changed"],
)
def test_a_plan_whose_structure_differs_from_the_lock_changes_nothing(
    tmp_path, capsys, content, damage, where, message
):
    before = snapshot(content)
    plan = plan_file(tmp_path, "\n".join(damage(PLAN_LINES)))
    status, err = run(capsys, "--plan", str(plan), "--out", str(content))
    assert status == 1
    found = one_error(err, plan, where)
    assert message in found, found
    assert snapshot(content) == before


def test_accepting_a_change_rewrites_the_lock_and_keeps_its_notes(tmp_path, capsys, content):
    # A checkout of its own (main's `root`): the lock and the data files are copies, so that
    # accepting a change rewrites the copy's lock, never the repository's.
    checkout = tmp_path / "checkout"
    shutil.copytree(ROOT / "plan", checkout / "plan")
    lock = checkout / "plan" / "actions.lock"
    text = lock.read_text("utf-8")
    line_34h = next(line for line in text.split("\n") if line.startswith("34h "))
    lock.write_text(text.replace(line_34h, line_34h + " unfinished: the plan's own text stops here"), "utf-8")
    cut = PLAN_TEXT[: PLAN_TEXT.index("funded by £122,335 over two") + 27]
    plan = plan_file(tmp_path, "\n".join(with_new_action(cut.split("\n"))))
    status = main(["--plan", str(plan), "--out", str(content)], root=checkout)
    err = capsys.readouterr().err
    assert status == 1 and "1 added (1v)" in err and "34h" in err  # the note excuses the ending, not the text
    assert main(["--plan", str(plan), "--out", str(content), "--accept-changes"], root=checkout) == 1
    captured = capsys.readouterr()
    assert "1 added (1v); 1 changed (34h)" in captured.out
    rewritten = lock.read_text("utf-8")
    assert "\n1v " in rewritten and "unfinished: the plan's own text stops here" in rewritten
    assert len([line for line in rewritten.split("\n") if re.match(r"\d+[a-z] ", line)]) == 260
    # The lock is the plan's now; the reviewed standings must follow: 1v has no entry yet.
    assert f"{checkout / 'plan' / 'standings.toml'}:1: 1 action(s) have no entry: 1v" in captured.err
    assert main(["--plan", str(plan), "--out", str(content), "--no-standings"], root=checkout) == 0
    assert (content / "actions/1v.md").is_file()


def test_no_lock_reads_another_plan(tmp_path, capsys):
    plan = plan_file(tmp_path, "\n".join(with_new_action(PLAN_LINES)))
    status, err = run(capsys, "--plan", str(plan), "--out", str(tmp_path / "scratch"), "--no-lock")
    assert status == 0, err
    assert (tmp_path / "scratch/actions/1v.md").is_file()


def test_the_committed_lock_is_the_plan():
    from actionplan.reading.lock import fingerprints, read_lock, structure
    from actionplan.reading.parse import parse_plan_file

    plan, _account = parse_plan_file(str(DEFAULT_PLAN), str(DEFAULT_ERRATA))
    lock = read_lock((ROOT / "plan/actions.lock").read_text("utf-8"), "plan/actions.lock")
    assert list(lock.fingerprints) == [a.id for a in plan.actions()]
    assert lock.fingerprints == fingerprints(plan)
    assert len(set(lock.fingerprints.values())) == len(lock.fingerprints), "every action's words are its own"
    assert lock.structure == structure(plan)
    assert [key for key in lock.structure if key.startswith("commitment ")] == [
        f"commitment {c.number}" for c in plan.commitments]


# --- 3 and 5. the manifest and the generator's folders -----------------------------------------


@pytest.mark.parametrize("entry", ["../outside.md", "/etc/hostname", "pages/about.md", "actions/../../x", ""])
def test_a_manifest_entry_outside_the_generators_files_is_an_error(tmp_path, capsys, content, entry):
    (tmp_path / "outside.md").write_text("keep me\n")
    manifest = content / ".generated-files"
    manifest.write_text(manifest.read_text() + (entry or "actions//1a.md") + "\n")
    before = snapshot(content)
    status, err = run(capsys, "--out", str(content))
    assert status == 1
    assert "generator" in one_error(err, manifest, len(manifest.read_text().split("\n")) - 1).lower()
    assert snapshot(content) == before and (tmp_path / "outside.md").read_text() == "keep me\n"


def test_a_stray_page_in_the_generators_folder_is_reported_and_never_published(tmp_path, capsys, content):
    stray = content / "actions/1v.md"
    stray.write_bytes((content / "actions/1u.md").read_bytes().replace(b"Slug: 1u", b"Slug: 1v"))
    assert main(["--out", str(content), "--check"]) == 1
    assert f"stray: {stray}" in capsys.readouterr().out
    before = snapshot(content)
    status, err = run(capsys, "--out", str(content))
    assert status == 1
    assert "a file the plan does not give" in one_error(err, stray, 1)
    assert snapshot(content) == before


# --- 2. all or nothing on disk --------------------------------------------------------------------


def aged(content: Path) -> dict[str, bytes]:
    """Make every generated file of `content` differ from what the plan gives, as after a plan
    edit; the generator must then rewrite them all. Returns the folder's files as they are now."""
    for path in (content / ".generated-files").read_text().split():
        (content / path).write_bytes((content / path).read_bytes() + b"\n<!-- an older version -->\n")
    return snapshot(content)


def test_an_error_while_writing_leaves_content_as_it_was(tmp_path, capsys, content, monkeypatch):
    new = snapshot(ROOT / "content")
    old = aged(content)
    real_write_bytes = Path.write_bytes
    calls = []

    def failing_write_bytes(self, data):
        calls.append(self)
        if len(calls) == 200:
            raise OSError(28, "No space left on device", str(self))
        return real_write_bytes(self, data)

    monkeypatch.setattr(Path, "write_bytes", failing_write_bytes)
    status, err = run(capsys, "--out", str(content))
    assert status == 1
    assert "No space left on device" in one_error(err, line=1)
    assert snapshot(content) == old, "not one file changed"
    assert not (tmp_path / ".content.staging").exists()
    monkeypatch.undo()
    assert main(["--out", str(content)]) == 0
    assert snapshot(content) == new


def holds_the_lock(out: Path) -> bool:
    """Whether a run holds `out`'s run lock (it reads the plan, then writes, holding it)."""
    with open(lock_file(out), "a") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return True
        fcntl.flock(lock, fcntl.LOCK_UN)
        return False


def files_in(folder: Path) -> int:
    return sum(len(files) for _, _, files in os.walk(folder))


def stands_still(process: subprocess.Popen) -> bool:
    """Stop `process` and wait until it stands still; False if it ended instead."""
    process.send_signal(signal.SIGSTOP)
    stat = Path(f"/proc/{process.pid}/stat")
    while True:
        state = stat.read_text().rpartition(")")[2].split()[0]
        if state in "Tt":
            return True
        if state in "ZX":
            process.wait()
            return False
        time.sleep(0.0001)


def kill_when(process: subprocess.Popen, moment, begun=None) -> bool:
    """Let `process` run in slices of half a millisecond, looking at `moment()` between them while it
    stands still (SIGSTOP), and SIGKILL it there once it is true, so that the kill lands in exactly
    the state looked at, however busy the machine. True if it did; False if the run ended first (a
    moment between two slices, missed).

    `begun()`, where given, is what the moment needs first and stays true until it (the stage is
    there): until a look shows it, the run goes on unstopped between looks, as no moment can have
    come. Stopping a run half a millisecond at a time through its half second of reading, enriching
    and linking cost the test more CPU than the runs' own staging."""
    while True:
        time.sleep(0.0005)
        if begun is not None and not begun():
            if process.poll() is not None:
                return False
            continue
        if not stands_still(process):
            return False
        if moment():
            process.kill()
            process.wait()
            return True
        process.send_signal(signal.SIGCONT)


def test_a_killed_run_leaves_content_whole_and_the_next_run_finishes(tmp_path, content):
    """SIGKILL at moments spread over a run: every file is then the old or the new one, never
    half-written; content/ is the old one unless the run had completed its stage; the next run
    always ends with exactly the new content/."""
    new = snapshot(ROOT / "content")
    old = aged(content)
    stage = tmp_path / ".content.staging"
    command = [sys.executable, str(ROOT / "scripts/plan_to_pages.py"), "--out", str(content)]
    staged = len((content / ".generated-files").read_text().split())  # every one changed (aged)
    # The moments are read from the run itself, not timed, so that each kill lands where it is meant
    # to however fast the run and however busy the machine: while it reads the plan (it holds the
    # lock, no stage yet), while it stages its files (a file, a quarter, half, three quarters, all
    # but one), once the stage is complete (its manifest written), while the stage is moved in.
    def complete() -> bool:
        return (stage / ".generated-files").is_file()

    moments = {
        "reading": lambda: holds_the_lock(content) and not stage.exists(),
        **{f"{n} staged": (lambda n=n: stage.is_dir() and files_in(stage) >= n and not complete())
           for n in (1, staged // 4, staged // 2, 3 * staged // 4, staged - 1)},
        "stage complete": complete,
        "moving in": lambda: complete() and files_in(stage) < staged,
    }
    outcomes = {}
    for name, moment in moments.items():
        begun = None if name == "reading" else stage.is_dir  # every other moment is the stage's
        for _ in range(5):  # a moment a few file writes long can fall between two slices: try again
            process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
            caught = kill_when(process, moment, begun)
            now = snapshot(content)
            assert all(now[path] in (old.get(path), new.get(path)) for path in now), f"{name}: a half-written file"
            committed = complete()
            # Whole and new is right too: the run ended before the kill (a missed moment).
            assert now == new or committed or now == old, f"{name}: changed without a complete stage"
            if not caught:
                assert process.returncode == 0 and now == new, f"{name}: {process.stderr.read().decode()}"
                outcomes[name] = "done"
            else:
                outcomes[name] = "committed" if committed else "untouched" if now == old else "swapped"
            assert main(["--out", str(content)]) == 0
            assert snapshot(content) == new and not stage.exists(), name
            for path, data in old.items():  # back to the older version for the next try
                (content / path).write_bytes(data)
            if caught:
                break
    # Killed before its stage was complete, a run leaves content/ as it was; after, it is finished
    # by the next run.
    assert list(outcomes.values()) == ["untouched"] * 6 + ["committed"] * 2, outcomes


# --- 11. every error is one line with its place -----------------------------------------------------


def test_an_os_error_is_one_line_with_its_file(tmp_path, capsys):
    (tmp_path / "a-file").write_text("not a folder\n")
    status, err = run(capsys, "--out", str(tmp_path / "a-file" / "content"))
    assert status == 1
    assert one_error(err, line=1)


@pytest.mark.parametrize("source", ["/dev/zero", "huge", "binary"])
def test_no_input_gives_a_traceback(tmp_path, source):
    if source == "huge":
        path = tmp_path / "huge.md"
        path.write_bytes(PLAN_TEXT.encode() * 100)
    elif source == "binary":
        path = tmp_path / "binary.md"
        path.write_bytes(bytes(range(256)) * 64)
    else:
        path = Path(source)
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts/plan_to_pages.py"), "--plan", str(path), "--out", str(tmp_path / "o")],
        capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 1
    message = one_error(result.stderr, path, 2 if source == "binary" else 1)  # binary: byte 128 is on line 2
    assert ("larger than" in message) if source != "binary" else ("not UTF-8" in message)
    assert not (tmp_path / "o").exists()


# --- 7. linear time ---------------------------------------------------------------------------------


def with_continuation(size: int) -> str:
    """The real plan with `size` bytes of text continuing action 1a (a page of it never ends)."""
    filler = "and more words that carry on the text of the action across the page without any end in sight"
    at = next(i for i, line in enumerate(PLAN_LINES) if line.startswith("  - a) Build on the Online Safety Act"))
    lines = PLAN_LINES[: at + 1] + [filler] * (size // (len(filler) + 1)) + ["in sight."] + PLAN_LINES[at + 1 :]
    return "\n".join(lines)


def parse_seconds(text: str) -> float:
    """The least CPU time of three parses: the machine's other work adds to a run, never takes away."""
    from actionplan.reading.parse import parse_plan

    times = []
    for _ in range(3):
        start = time.process_time()
        plan, _ = parse_plan(text, "long.md")
        times.append(time.process_time() - start)
    assert len(plan.action("1a").paragraphs[0]) > len(text) // 2
    return min(times)


def test_parsing_time_grows_linearly_with_the_plan():
    small, large = parse_seconds(with_continuation(128 * 1024)), parse_seconds(with_continuation(512 * 1024))
    # Four times the text: about four times the time when linear, sixteen when quadratic.
    assert large / small < 8, (small, large)


def test_a_plan_cut_inside_its_contents_is_an_error_at_the_contents(tmp_path, capsys):
    """Found by tests/test_mutated_plans.py: a contents list without any pillar was an IndexError."""
    contents = line_of(PLAN_TEXT, "# Contents")
    plan = plan_file(tmp_path, "\n".join(PLAN_LINES[: contents + 2]))
    status, err = run(capsys, "--plan", str(plan), "--out", str(tmp_path / "content"))
    assert status == 1
    assert 'the contents list no "Pillar <n>:" entry' in one_error(err, plan, contents)
