"""Safe under concurrency and hostile data (issue 20): one test, or more, for each of its 17 failures.

Each test tries what an attacker or a careless maintainer tried and checks the promise: one run at
a time, a one-line `file:line: message` error that changes nothing, text that reaches no page
with a character nobody sees, and no traceback.
"""

from __future__ import annotations

import errno
import fcntl
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from helpers.files import snapshot
from search_node import support

from actionplan import outdir
from actionplan.cli import main

# The real plan's packed search index and a scratch folder for Node (tests/search_node/support.py).
plan, model, search_files, packed, node_dir = (
    support.plan, support.model, support.search_files, support.packed, support.node_dir)
ROOT = Path(__file__).resolve().parent.parent


def run(capsys, *args: str) -> tuple[int, str]:
    status = main(list(args))
    return status, capsys.readouterr().err


def one_error(err: str) -> tuple[str, int, str]:
    """The one error line, checked to be `file:line: message`: (file, line, message)."""
    lines = err.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in err, err
    found = re.match(r"(?P<file>[^:]+):(?P<line>\d+): (?P<message>\S.*)$", lines[0])
    assert found, lines[0]
    return found["file"], int(found["line"]), found["message"]


@pytest.fixture
def content(tmp_path) -> Path:
    """A copy of the repository's content/, hand-written pages included."""
    out = tmp_path / "content"
    shutil.copytree(ROOT / "content", out)
    return out


def aged(content: Path) -> dict[str, bytes]:
    """Every generated file made to differ from what the plan gives, so that a run rewrites them all."""
    for path in (content / ".generated-files").read_text().split():
        (content / path).write_bytes((content / path).read_bytes() + b"\n<!-- an older version -->\n")
    return snapshot(content)


# --- 1. one run at a time ----------------------------------------------------------------------------


def test_a_second_run_waits_for_the_lock_then_refuses_in_one_line(capsys, content, monkeypatch):
    old = aged(content)
    monkeypatch.setattr(outdir, "LOCK_WAIT_SECONDS", 0.3)
    with open(outdir.lock_file(content), "a+") as held:
        fcntl.flock(held, fcntl.LOCK_EX)  # a first run, still writing
        status, err = run(capsys, "--out", str(content))
    assert status == 1
    file, _, message = one_error(err)
    assert file == str(content) and "another run of the generator" in message
    assert snapshot(content) == old, "the second run changed nothing"


def test_an_error_never_removes_a_stage_the_run_did_not_make(capsys, content, monkeypatch):
    """A stage that appears between a run's recovery and its own stage is another run's: an error
    then must leave it alone (it used to be removed, leaving that run's content/ mixed)."""
    aged(content)
    stage = outdir.staging_folder(content)
    real_recover = outdir.recover

    def recover_then_another_run_stages(out):
        real_recover(out)
        (stage / "actions").mkdir(parents=True)
        (stage / "actions" / "1a.md").write_bytes(b"another run's page\n")

    monkeypatch.setattr(outdir, "recover", recover_then_another_run_stages)
    status, err = run(capsys, "--out", str(content))
    assert status == 1 and "another run's stage" in one_error(err)[2]
    assert (stage / "actions" / "1a.md").read_bytes() == b"another run's page\n"


def test_two_runs_at_once_leave_content_whole_and_new(content):
    new = snapshot(ROOT / "content")
    command = [sys.executable, str(ROOT / "scripts/plan_to_pages.py"), "--out", str(content)]
    for _ in range(2):
        aged(content)
        runs = [subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in "ab"]
        results = [(p.wait(timeout=300), *p.communicate()) for p in runs]
        for status, _out, err in results:
            assert status == 0, err  # the second waited for the first
            assert "Traceback" not in err
        counts = sorted(re.search(r"(\d+) file\(s\) written, (\d+) generated", out).groups() for _, out, _ in results)
        generated = int(counts[0][1])
        assert [int(n) for n, _ in counts] == [0, generated], results  # one wrote every page, the other none
        assert snapshot(content) == new
        assert not outdir.staging_folder(content).exists()


def test_staged_files_are_flushed_to_disk_before_the_swap(capsys, content, monkeypatch):
    aged(content)
    synced = []
    real_fsync = os.fsync

    def recording_fsync(descriptor):
        synced.append(os.readlink(f"/proc/self/fd/{descriptor}"))
        return real_fsync(descriptor)

    monkeypatch.setattr(os, "fsync", recording_fsync)
    assert run(capsys, "--out", str(content))[0] == 0
    stage = str(outdir.staging_folder(content))
    staged = {s for s in synced if s.startswith(stage + "/")}
    assert len([s for s in staged if s.endswith(".md")]) == len(list((ROOT / "content" / "actions").glob("*.md")))
    assert str(content) in synced, "the content folder flushed after the swap"


# --- 12. a stage that cannot be moved in ------------------------------------------------------------


@pytest.mark.parametrize("code", [errno.EXDEV, errno.EROFS])
def test_content_on_another_mount_or_read_only_is_one_true_line(capsys, content, monkeypatch, code):
    """A rename from the stage into content/ that the system refuses (content/ its own mount, or
    read-only): one line that says so and what to do, content/ unchanged, and the next run, once
    the cause is gone, recovers."""
    old = aged(content)
    real_replace = os.replace

    def refusing_replace(source, target):
        if str(target).startswith(str(content) + "/"):
            raise OSError(code, os.strerror(code), str(source), str(target))
        return real_replace(source, target)

    monkeypatch.setattr(os, "replace", refusing_replace)
    status, err = run(capsys, "--out", str(content))
    assert status == 1
    file, _, message = one_error(err)
    assert file == str(content)
    expected = "another file system or mount" if code == errno.EXDEV else "make it writable"
    assert expected in message and "cross-device" not in message.lower()
    assert snapshot(content) == old
    assert not outdir.staging_folder(content).exists()
    monkeypatch.undo()
    assert main(["--out", str(content)]) == 0
    assert snapshot(content) == snapshot(ROOT / "content")


def test_a_symlinked_stage_is_refused_and_never_moved_in(tmp_path, capsys, content):
    old = aged(content)
    elsewhere = tmp_path / "elsewhere"
    (elsewhere / "actions").mkdir(parents=True)
    (elsewhere / "actions" / "1a.md").write_bytes(b"Title: not the plan\n\nplanted\n")
    (elsewhere / ".generated-files").write_bytes(b"actions/1a.md\n")
    outdir.staging_folder(content).symlink_to(elsewhere)
    status, err = run(capsys, "--out", str(content))
    assert status == 1
    file, _, message = one_error(err)
    assert file == str(outdir.staging_folder(content)) and "symlink" in message
    assert snapshot(content) == old
    assert (elsewhere / "actions" / "1a.md").exists()


# --- 5. symlinks inside content/ --------------------------------------------------------------------


@pytest.mark.parametrize("link", ["actions", "data", "actions/1a.md", "."])
def test_a_symlink_in_content_is_refused_and_nothing_changes(tmp_path, capsys, content, link):
    aged(content)
    elsewhere = tmp_path / "elsewhere"
    if link == ".":
        shutil.move(content, elsewhere)
        content.symlink_to(elsewhere)
        target = content
    else:
        shutil.move(content / link, elsewhere)
        (content / link).symlink_to(elsewhere)
        target = content / link
    before = snapshot(elsewhere)
    for check in ([], ["--check"]):
        status, err = run(capsys, "--out", str(content), *check)
        assert status == 1
        file, _, message = one_error(err)
        assert file == str(target) and "symlink" in message
    assert snapshot(elsewhere) == before, "nothing written or removed through the link"


# --- 16. default paths from the checkout the command runs in -----------------------------------------


def test_the_script_writes_its_own_checkout_not_the_installed_ones(tmp_path):
    """A second checkout's scripts/plan_to_pages.py (the package installed from this one) must read
    and check its own plan/ and content/."""
    other = tmp_path / "other"
    for folder in ("scripts", "plan", "content"):
        shutil.copytree(ROOT / folder, other / folder, ignore=shutil.ignore_patterns("__pycache__"))
    (other / "content" / "actions" / "1a.md").unlink()
    result = subprocess.run(
        [sys.executable, str(other / "scripts" / "plan_to_pages.py"), "--check"],
        cwd=ROOT, capture_output=True, text=True, timeout=300,
    )
    assert result.returncode == 1, result.stdout + result.stderr
    assert f"missing: {other / 'content' / 'actions' / '1a.md'}" in result.stdout
    assert (ROOT / "content" / "actions" / "1a.md").exists()


# --- 13, 14, 15. Pelican over hand-edited content and a symlinked output ------------------------------


def pelican(tmp_path: Path, content: Path, output: Path) -> subprocess.CompletedProcess[str]:
    from helpers.site import pelican_command

    command = pelican_command(output, "pelicanconf.py")
    command[1] = str(content)
    # A copy of content/ outside the checkout has no commit to date it: the as-of date is given.
    env = {**os.environ, "AS_OF_DATE": "2026-12-07"}
    return subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=900, env=env)


def test_a_symlinked_output_folder_is_refused_before_pelican_empties_it(tmp_path, content):
    elsewhere = tmp_path / "precious"
    elsewhere.mkdir()
    (elsewhere / "keep.txt").write_text("not the site's\n")
    (tmp_path / "output").symlink_to(elsewhere)
    result = pelican(tmp_path, content, tmp_path / "output")
    assert result.returncode != 0
    assert f"{tmp_path / 'output'}:1: the output folder is a symlink" in result.stderr, result.stderr[-2000:]
    assert (elsewhere / "keep.txt").read_text() == "not the site's\n"


@pytest.mark.slow
@pytest.mark.parametrize(("edit", "field"), [
    (lambda text: re.sub(r"^Title: .*$", "Title:", text, count=1, flags=re.M), "Title: field is empty"),
    (lambda text: re.sub(r"^Title: .*\n", "", text, count=1, flags=re.M), "Title: field is missing"),
    (lambda text: re.sub(r"^Action_id: .*\n", "", text, count=1, flags=re.M), "Action_id: field is missing"),
])
def test_a_page_without_a_required_field_fails_the_build_naming_the_file(tmp_path, content, edit, field):
    page = content / "actions" / "1a.md"
    page.write_text(edit(page.read_text(encoding="utf-8")), encoding="utf-8")
    result = pelican(tmp_path, content, tmp_path / "output")
    assert result.returncode != 0
    assert f"{page}:1: the page's {field}" in result.stderr, (result.stdout + result.stderr)[-3000:]
    assert "Traceback" not in result.stderr


@pytest.mark.slow
def test_titles_are_escaped_never_tag_stripped(tmp_path, content):
    from bs4 import BeautifulSoup

    title = "Stop <script>alert('t1')</script> and <b>bold</b> & more"
    page = content / "actions" / "1a.md"
    page.write_text(re.sub(r"^Title: .*$", f"Title: {title}", page.read_text(), count=1, flags=re.M))
    result = pelican(tmp_path, content, tmp_path / "output")
    assert result.returncode == 0, (result.stdout + result.stderr)[-3000:]
    soup = BeautifulSoup((tmp_path / "output" / "actions" / "1a" / "index.html").read_bytes(), "html.parser")
    assert soup.title.string.startswith(f"Action 1a: {title} – ")
    assert soup.find("meta", property="og:title")["content"] == f"Action 1a: {title}"
    assert not soup.head.find("script", string=re.compile("alert"))


# --- 2. a search link never freezes the page ---------------------------------------------------------


@pytest.mark.node
def test_fuzzy_and_wildcard_queries_are_bounded_and_said_to_be_too_fuzzy(packed, node_dir):
    bombs = ["online~25", "online~30", "x~99999", "*e*", "*a* *e* *i* *o* *u* *s* *t* *n* *r* *l* *c* *d*",
             "*er*~2 *in*~2 *on*~2 *at*~2", " ".join(f"w{i}~2" for i in range(40)), "ab~9 " * 60]
    answer = support.node("search", {"packed": packed, "queries": [*bombs, "online~2", "online"]}, node_dir)
    for query in bombs:
        assert answer[query]["tooFuzzy"], query
        assert answer[query]["ms"] < 1500, (query, answer[query]["ms"])
    assert answer["online~25"]["results"] == answer["online~2"]["results"]
    assert not answer["online~2"]["tooFuzzy"] and not answer["online"]["tooFuzzy"]


@pytest.mark.browser
@pytest.mark.slow
@pytest.mark.parametrize("how", ["button", "shift"])
def test_exit_acts_at_once_on_a_fuzzy_search_link(page, site_server, settings, how):
    import time

    exit_url = settings["EXIT_URL"]
    page.context.route(exit_url + "**", lambda route: route.fulfill(body="elsewhere", content_type="text/html"))
    page.goto(site_server + "search/?q=online~30", wait_until="commit")
    page.wait_for_selector("#search-status")
    started = time.perf_counter()
    if how == "button":
        page.get_by_role("button", name=re.compile("exit this page", re.I)).first.click(timeout=3_000)
    else:
        page.bring_to_front()
        for _ in range(3):
            page.keyboard.press("Shift")
    page.wait_for_url(lambda url: url.startswith(exit_url), timeout=10_000)
    assert time.perf_counter() - started < 2.0


@pytest.mark.browser
@pytest.mark.slow
def test_a_too_fuzzy_search_says_so(page, site_server):
    from helpers.search import wait_for_status

    page.goto(site_server + "search/?q=online~25")
    status = wait_for_status(page)
    assert "too fuzzy" in status and "~2" in status, status
    assert not page.problems, page.problems


# --- 3, 4, 6-11. data files: one schema each, one validator -----------------------------------------

PLAN_DIR = ROOT / "plan"


def data_copy(tmp_path: Path) -> Path:
    """plan/'s data files copied into tmp_path (the plan and the lock stay where they are)."""
    for path in PLAN_DIR.glob("*.toml"):
        (tmp_path / path.name).write_bytes(path.read_bytes())
    return tmp_path


def run_with(capsys, tmp_path: Path, *extra: str) -> tuple[int, str]:
    data = tmp_path
    return run(capsys, "--entities", str(data / "entities.toml"), "--updates", str(data / "updates.toml"),
               "--errata", str(data / "errata.toml"), "--out", str(tmp_path / "content"), *extra)


def edited(path: Path, old: str, new: str) -> int:
    """Replace the first `old` in the file by `new`; the line it is on."""
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return text[: text.index(old)].count("\n") + 1


def test_plain_repeats_in_a_row_in_a_pattern_are_refused_at_once(tmp_path, capsys):
    """25 repeats one after another ran past 120 s on a few words: refused before use (3)."""
    import time

    data = data_copy(tmp_path)
    pattern = "[\\w ]*" * 25 + "!"
    line = edited(data / "wording.toml", "    'annually',\n", f"    'annually',\n    '{pattern}',\n") + 1
    started = time.perf_counter()
    status, err = run_with(capsys, data)
    assert status == 1 and time.perf_counter() - started < 30
    file, at, message = one_error(err)
    assert (file, at) == (str(data / "wording.toml"), line) and "repeat right after another repeat" in message


@pytest.mark.parametrize("escape", ["\\u0001", "\\u202E", "\\r", "\\u2028", "\\u200B", "\\u0000"])
def test_control_characters_written_as_toml_escapes_are_refused(tmp_path, capsys, escape):
    """Escapes pass a check of the file's text; the decoded value is checked (4)."""
    data = data_copy(tmp_path)
    line = edited(data / "updates.toml", 'text = "The National', f'text = "abc{escape}def The National')
    status, err = run_with(capsys, data)
    assert status == 1
    file, at, message = one_error(err)
    assert (file, at) == (str(data / "updates.toml"), line) and "control character" in message


@pytest.mark.parametrize(("old", "new", "words"), [
    ('name = "Police', 'name = "\\u0000Police', "control character U+0000"),
    ('name = "Police', 'name = "\\u202EPolice', "control character U+202E"),
    ('phone = "999"', 'phone = "999\\n"', "digits in groups"),  # (9) tel:999\n
    ('checked = "2026-12-07"', 'checked = "2999-12-01"', "not after the last commit"),
    ('source = "https://www.bracknell-forest', 'source = "http://www.bracknell-forest', "https://"),
])
def test_helplines_are_checked_after_decoding(old, new, words):
    """The safety page's numbers and sources (4, 9)."""
    from actionplan.model import PlanError
    from actionplan.records.helplines import load_helplines

    text = (PLAN_DIR / "helplines.toml").read_text(encoding="utf-8")
    assert old in text
    changed = text.replace(old, new, 1)
    with pytest.raises(PlanError) as caught:
        load_helplines(changed, "helplines.toml")
    assert caught.value.line == text[: text.index(old)].count("\n") + 1 and words in str(caught.value)


@pytest.mark.parametrize("rule", [
    'years_after = "two"', "years_after = 99999999", 'year = "soon", reason = "r"',
    'years_after = 2, season = "monsoon"', 'years_after = 2, end_of = "no"', "years_after = 1.5",
    "years_after = -3000", 'year = true, reason = "r"',
])
def test_relative_date_rules_are_type_checked(tmp_path, capsys, rule):
    """Each was a traceback or a wrong date (6)."""
    data = data_copy(tmp_path)
    line = edited(data / "wording.toml", "{ words = 'within (?:the next )?two years', kind = \"by\", years_after = 2 }",
                  "{ words = 'within (?:the next )?two years', kind = \"by\", " + rule + " }")
    status, err = run_with(capsys, data)
    assert status == 1
    assert one_error(err)[:2] == (str(data / "wording.toml"), line)


def test_a_review_date_in_the_future_is_refused(tmp_path, capsys):
    """reviewed_up_to = 2999 would publish every deadline as passed (7)."""
    data = data_copy(tmp_path)
    line = edited(data / "updates.toml", 'reviewed_up_to = "', 'reviewed_up_to = "2999-01-01" #')
    edited(data / "updates.toml", 'recorded_up_to = "', 'recorded_up_to = "2999-01-02" #')
    status, err = run_with(capsys, data)
    assert status == 1
    file, at, message = one_error(err)
    assert (file, at) == (str(data / "updates.toml"), line) and "not after the last commit" in message


@pytest.mark.parametrize(("old", "new"), [
    ('date = "2025-12"', 'date = "2025-12\\n"'),
    ('url = "https://www.gov.uk/official-documents"', 'url = "https://www.gov.uk/official-documents\\n"'),
    ('date = "2025-12"', 'date = "２０２５-12"'),
    ('title = "Freedom from Violence and Abuse: a cross-government strategy to build a safer society for women and '
     'girls, Volume 2: Action Plan"', 'title = """Freedom from Violence\nand Abuse"""'),
    ('url = "https://www.gov.uk/official-documents"', 'url = "https://a.b/)<img src=x onerror=alert(1)>"'),
])
def test_loose_record_values_are_refused(tmp_path, capsys, old, new):
    """$ let a newline through, \\d fullwidth digits, a title ran over lines, a URL carried HTML (8)."""
    data = data_copy(tmp_path)
    line = edited(data / "updates.toml", old, new)
    status, err = run_with(capsys, data)
    assert status == 1
    assert one_error(err)[:2] == (str(data / "updates.toml"), line)


@pytest.mark.parametrize("invisible", ["\u200b", "\u200e", "\u2060"])
def test_invisible_characters_in_the_plan_or_an_erratum_are_refused(tmp_path, capsys, invisible):
    plan_text = (PLAN_DIR / "action-plan-2025-12.md").read_text(encoding="utf-8")
    plan = tmp_path / "plan.md"
    plan.write_text(plan_text.replace("are made using Al.", f"are made{invisible} using Al."), encoding="utf-8")
    status, err = run(capsys, "--plan", str(plan), "--out", str(tmp_path / "content"))
    assert status == 1
    file, at, message = one_error(err)
    assert file == str(plan) and at == plan_text[: plan_text.index("are made using Al.")].count("\n") + 1
    data = data_copy(tmp_path)
    line = edited(data / "errata.toml", 'replace = "made using AI."', f'replace = "made using{invisible} AI."')
    entry = (data / "errata.toml").read_text(encoding="utf-8").split("\n")[:line]
    entry_line = max(n for n, text in enumerate(entry, 1) if text == "[[correction]]")
    status, err = run_with(capsys, data)
    assert status == 1 and one_error(err)[:2] == (str(data / "errata.toml"), entry_line)


def test_the_lock_notices_an_invisible_character_between_words():
    """Read through another path than the plan file (which refuses them), an invisible or direction
    character between words still changes the action's fingerprint (10)."""
    from actionplan.reading.lock import _words, fingerprint

    for invisible in ("\u200b", "\u200e", "\u2060", "\u2066", "\ufeff"):
        assert fingerprint(_words([f"are made {invisible} using AI."])) != fingerprint(_words(["are made using AI."]))


def test_a_stale_erratum_whose_replacement_occurs_elsewhere_is_an_error_at_its_line(tmp_path, capsys):
    """Its words gone, its replacement elsewhere in a changed action: not a repaired source (11)."""
    plan_text = (PLAN_DIR / "action-plan-2025-12.md").read_text(encoding="utf-8")
    plan = tmp_path / "plan.md"
    plan.write_text(plan_text.replace("are made using Al.", "are made by software, often made using AI."), "utf-8")
    errata = PLAN_DIR / "errata.toml"
    status, err = run(capsys, "--plan", str(plan), "--out", str(tmp_path / "content"))
    assert status == 1
    file, at, message = one_error(err)
    errata_text = errata.read_text(encoding="utf-8")
    before = errata_text[: errata_text.index('find = "made using Al."')].split("\n")
    assert (file, at) == (str(errata), max(n for n, text in enumerate(before, 1) if text == "[[correction]]"))
    assert "stale" in message


def test_the_lock_rejects_a_line_for_an_action_that_does_not_exist():
    from actionplan.reading.lock import changes, fingerprints, read_lock
    from actionplan.reading.parse import parse_plan_file

    plan, _ = parse_plan_file(str(PLAN_DIR / "action-plan-2025-12.md"), str(PLAN_DIR / "errata.toml"))
    found = fingerprints(plan)
    text = (PLAN_DIR / "actions.lock").read_text(encoding="utf-8")
    assert changes(read_lock(text, "actions.lock"), found) == {}
    extra = read_lock(text + f"99z {found['1a']}\n", "actions.lock")
    assert changes(extra, found) == {"gone": ["99z"]}
