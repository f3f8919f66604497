"""Ready for the next edition: a plan of the same shape with a plain title parses, an erratum the source
no longer needs is a notice, one that matches neither way still fails at its line, and --no-errata reads
a plan as it is."""

from __future__ import annotations

import datetime
import json
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from actionplan.cli import main
from actionplan.model import PlanError
from actionplan.paths import DEFAULT_ENTITIES, DEFAULT_ERRATA, DEFAULT_PLAN
from actionplan.reading.parse import parse_plan
from plugins.core.as_of import read_as_of

# Same shape as the real plan (cover, title page, imprint, contents, opening, pillars with themes,
# numbered commitments and lettered actions), another subject, and a title that names no volume.
OTHER_PLAN = """\
# CLEAN RIVERS: A PLAN FOR THE NEXT DECADE

**River Plan**

March 2027

#### **Department of Examples**

# Clean Rivers: a plan for the next decade

#### River Plan

March 2027

#### © Crown copyright 2027

This publication is licensed under the terms of the Open Government Licence v3.0 except where otherwise stated.

ISBN 978-1-00-000000-1

# Contents

Foreword 3
Pillar 1: Stopping Pollution 4
Everyone's Rivers 5

River Plan

# Foreword

Rivers matter to everyone, and this plan says how we will clean them.

# Pillar 1: Stopping Pollution

Most pollution comes from a few sources.

River Plan

#### Sewage

- 1. To cut sewage spills, we will:
  - a) Require water companies to monitor every storm overflow by 2028.
  - b) Provide £5 million to councils for river wardens.

#### Farms

- 2. To reduce run-off from farms, we will:
  - a) Publish guidance on buffer strips by 2029.

#### Everyone's Rivers

Everyone can help.

#### Volunteers

- 3. To support volunteers, we will:
  - a) Fund local river groups.
"""

EMPTY_RECORD = 'reviewed_up_to = "2026-12-01"\n'


def run(capsys, *args: str) -> tuple[int, str, str]:
    status = main(list(args))
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def test_a_plan_with_a_plain_title_on_another_subject_parses_into_a_scratch_folder(tmp_path: Path, capsys):
    plan = tmp_path / "rivers.md"
    plan.write_text(OTHER_PLAN, encoding="utf-8")
    updates = tmp_path / "updates.toml"
    updates.write_text(EMPTY_RECORD, encoding="utf-8")
    # The entity lists and wording rules serve any plan; money.toml's decisions name this plan's actions.
    for name in ("topics.toml", "wording.toml"):
        (tmp_path / name).write_bytes((DEFAULT_ENTITIES.parent / name).read_bytes())
    entities = tmp_path / "entities.toml"
    main_file = DEFAULT_ENTITIES.read_text(encoding="utf-8")
    assert 'include = ["topics.toml", "wording.toml", "money.toml"]' in main_file
    entities.write_text(main_file.replace(', "money.toml"]', "]"), encoding="utf-8")
    out = tmp_path / "content"
    status, _, err = run(
        capsys, "--plan", str(plan), "--no-errata", "--updates", str(updates), "--entities", str(entities),
        "--out", str(out), "--no-lock",  # another plan, into a scratch folder: plan/actions.lock is not its lock
    )
    assert status == 0, err
    model = json.loads((out / "data" / "actions.json").read_text(encoding="utf-8"))
    assert model["document"]["title"] == "Clean Rivers: a plan for the next decade"
    assert model["document"]["volume"] is None
    assert model["document"]["publisher"] == "Department of Examples"
    assert [a["id"] for a in model["actions"]] == ["1a", "1b", "2a", "3a"]
    assert (out / "actions" / "1b.md").is_file()


def test_the_real_title_still_gives_its_volume():
    plan, _ = parse_plan(DEFAULT_PLAN.read_text(encoding="utf-8"), str(DEFAULT_PLAN))
    assert plan.document.volume == "Volume 2"
    assert plan.document.title.startswith("Freedom from Violence and Abuse: a cross-government strategy")
    assert not plan.document.title.endswith("Volume 2")


def repaired_plan_text() -> str:
    """The real plan with every erratum's damage repaired in the source, as a cleaned-up edition would be."""
    text = DEFAULT_PLAN.read_text(encoding="utf-8")
    for entry in tomllib.loads(DEFAULT_ERRATA.read_text(encoding="utf-8"))["correction"]:
        assert text.count(entry["find"]) == 1, entry
        text = text.replace(entry["find"], entry["replace"])
    return text


def test_the_real_plan_with_its_damage_repaired_builds_with_the_errata_file_in_place(tmp_path: Path, capsys):
    errata = DEFAULT_ERRATA.read_text(encoding="utf-8")
    entries = errata.splitlines().count("[[correction]]")
    plan = tmp_path / "repaired.md"
    plan.write_text(repaired_plan_text(), encoding="utf-8")
    out = tmp_path / "content"
    # The lock fingerprints the published (corrected) words, so the repaired edition passes it as it is.
    status, _, err = run(capsys, "--plan", str(plan), "--errata", str(DEFAULT_ERRATA), "--out", str(out))
    assert status == 0, err
    notices = err.strip().splitlines()
    assert len(notices) == entries and all(f"{DEFAULT_ERRATA}:" in n and ": notice: " in n for n in notices), err
    # Nothing was corrected, and the pages read as the corrected real plan's do.
    repaired = json.loads((out / "data" / "actions.json").read_text(encoding="utf-8"))
    assert all(not action["corrections"] for action in repaired["actions"])
    real, _ = parse_plan(DEFAULT_PLAN.read_text(encoding="utf-8"), str(DEFAULT_PLAN), errata, str(DEFAULT_ERRATA))
    texts = {action["id"]: action["paragraphs"] for action in repaired["actions"]}
    assert texts == {action.id: list(action.paragraphs) for action in real.actions()}


def test_an_erratum_matching_neither_the_damage_nor_the_repair_fails_at_its_line():
    text = repaired_plan_text()
    errata = DEFAULT_ERRATA.read_text(encoding="utf-8") + (
        '\n[[correction]]\naction = "1a"\nfind = "no such wrods"\nreplace = "no such words"\nreason = "A test."\n'
    )
    line = errata.splitlines().index("[[correction]]", len(errata.splitlines()) - 6) + 1
    with pytest.raises(PlanError) as raised:
        parse_plan(text, "repaired.md", errata, "errata.toml")
    assert (raised.value.file, raised.value.line) == ("errata.toml", line)
    assert "'no such wrods' does not occur in action 1a" in raised.value.message


def test_no_errata_reads_the_plan_as_it_is(tmp_path: Path, capsys):
    out = tmp_path / "content"
    # Uncorrected, the published words differ from the locked ones: a scratch folder, without the lock.
    status, _, err = run(capsys, "--no-errata", "--no-lock", "--out", str(out))
    assert status == 0, err
    model = json.loads((out / "data" / "actions.json").read_text(encoding="utf-8"))
    by_id = {action["id"]: action for action in model["actions"]}
    assert all(not action["corrections"] for action in model["actions"])
    assert by_id["10g"]["paragraphs"][0].startswith("Goordinate efforts")  # the damage, uncorrected


def test_a_plan_whose_title_page_has_only_its_title_builds_with_notices(tmp_path: Path, capsys):
    """No publisher, subtitle (so no page header repeats it), date, copyright, licence or ISBN: each is a
    notice at the title's line, the data says null, and the data still meets its schema."""
    import jsonschema

    text = OTHER_PLAN
    for line in ("#### **Department of Examples**\n", "#### River Plan\n", "March 2027\n",
                 "#### © Crown copyright 2027\n", "ISBN 978-1-00-000000-1\n", "\nRiver Plan\n",
                 "This publication is licensed under the terms of the Open Government Licence v3.0 except where "
                 "otherwise stated.\n"):
        assert line in text, line
        text = text.replace(line, "\n" if line.startswith("\n") else "")
    plan = tmp_path / "rivers.md"
    plan.write_text(text, encoding="utf-8")
    updates = tmp_path / "updates.toml"
    updates.write_text(EMPTY_RECORD, encoding="utf-8")
    for name in ("topics.toml", "wording.toml"):
        (tmp_path / name).write_bytes((DEFAULT_ENTITIES.parent / name).read_bytes())
    entities = tmp_path / "entities.toml"
    entities.write_text(DEFAULT_ENTITIES.read_text(encoding="utf-8").replace(', "money.toml"]', "]"), encoding="utf-8")
    out = tmp_path / "content"
    status, _, err = run(capsys, "--plan", str(plan), "--no-errata", "--updates", str(updates), "--entities",
                         str(entities), "--out", str(out), "--no-lock")
    assert status == 0, err
    title_line = text.splitlines().index("# Clean Rivers: a plan for the next decade") + 1
    notices = [line for line in err.splitlines() if ": notice: " in line]
    assert len(notices) == 6 and all(n.startswith(f"{plan}:{title_line}: notice: ") for n in notices), err
    model = json.loads((out / "data" / "actions.json").read_text(encoding="utf-8"))
    document = model["document"]
    assert [document[k] for k in ("publisher", "subtitle", "date", "copyright", "licence", "isbn")] == [None] * 6
    assert [a["id"] for a in model["actions"]] == ["1a", "1b", "2a", "3a"]
    schema = json.loads((Path(__file__).resolve().parents[1] / "schema" / "actions.schema.json").read_text())
    read_as_of(model, datetime.date(2026, 12, 7))  # the schema describes the model as the site reads it
    jsonschema.validate(model, schema)


def test_another_plan_keeps_its_own_openings_without_our_headings(tmp_path, capsys):
    """plan/headings.toml names the locked plan's actions; a synthetic plan twice the size (whose
    copies lose their openings too, under other ids) is read with --no-lock and builds without it."""
    plan = tmp_path / "twice.md"
    subprocess.run([sys.executable, str(DEFAULT_PLAN.parents[1] / "scripts" / "make_synthetic_plan.py"),
                    "--times", "2", "--out", str(plan)], check=True, capture_output=True)
    out = tmp_path / "content"
    status, _, err = run(capsys, "--plan", str(plan), "--no-lock", "--out", str(out))
    assert status == 0, err
    model = json.loads((out / "data" / "actions.json").read_text(encoding="utf-8"))
    assert all(action["heading_ours"] is None for action in model["actions"])
    assert len(model["actions"]) > 259
