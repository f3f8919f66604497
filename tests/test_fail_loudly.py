"""The generator fails loudly and never loses, invents or half-writes a page (issue 13).

Each test tries one way a plan, a data file or an interruption broke that promise, on copies of
the real plan and data files: the run must stop with one `file:line: message` line and exit 1,
leaving content/ as it was, or give exactly the pages the plan gives.
"""

from __future__ import annotations

import csv
import io
import json
import runpy
from pathlib import Path

import markdown
import pytest

from actionplan.cli import DEFAULT_ENTITIES, DEFAULT_ERRATA, DEFAULT_PLAN, main
from plugins.plan_data.csv_table import csv_bytes

ROOT = Path(__file__).resolve().parent.parent
PLAN_TEXT = DEFAULT_PLAN.read_text(encoding="utf-8")
PLAN_LINES = PLAN_TEXT.split("\n")
ERRATA_TEXT = DEFAULT_ERRATA.read_text(encoding="utf-8")



def run(capsys, *args: str) -> tuple[int, str]:
    """main() in this process: (exit status, what it printed to stderr)."""
    status = main(list(args))
    return status, capsys.readouterr().err


def one_error(err: str, file: Path | str, line: int | None = None) -> str:
    """The one error line, checked to be `file:line: message`; returns the message."""
    lines = err.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in err, err
    prefix = f"{file}:{line if line is not None else ''}"
    assert lines[0].startswith(prefix), (lines[0], prefix)
    where, _, message = lines[0].partition(": ")
    assert where.rsplit(":", 1)[1].isdigit() and message, lines[0]
    return message


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
    status, err = run(capsys, "--errata", str(errata), "--out", str(tmp_path / "content"))
    assert status == 0, err
    html = site_markdown().convert(page_body((tmp_path / "content/actions/2e.md").read_text("utf-8")))
    assert 'href="{filename}/pages/organisations/department-for-education.md"' in html
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
    from actionplan.enrich import load_entities
    from actionplan.facts_data import pattern_problem

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
