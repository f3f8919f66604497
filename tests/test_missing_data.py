"""A build that lacks data fails: no template fallback stands in for the plan's own words."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest
from helpers.site import REPO, pelican_command
from jinja2 import Environment
from jinja2.exceptions import UndefinedError

from plugins.plan_context.missing import MissingValue

TEMPLATES = REPO / "theme" / "templates"


def build(tmp_path: Path, **overrides: str) -> subprocess.CompletedProcess[str]:
    extra = [f"{key}={json.dumps(value)}" for key, value in overrides.items()]
    command = pelican_command(tmp_path / "output", "pelicanconf.py") + ["-e", *extra]
    return subprocess.run(command, cwd=REPO, capture_output=True, text=True, timeout=900)


def test_printing_a_missing_value_is_an_error_and_tests_on_it_are_not():
    env = Environment(autoescape=True, undefined=MissingValue)
    tests_only = "{% if a.b %}x{% endif %}{{ c|default('d') }}{% for i in e %}{% endfor %}"
    assert env.from_string(tests_only).render(a={}) == "d"
    with pytest.raises(UndefinedError, match="missing value"):
        env.from_string("{{ action.title }}").render(action={})


def test_no_template_falls_back_to_words_of_its_own_for_plan_data():
    # The plan's own facts written into a template as a fallback (`or "December 2025"`) would hide a
    # missing document or count behind text that is true of one edition only.
    fallback = re.compile(r"""\b(?:or|else)\s+["'](?:December 2025|Volume 2|Home Office|Action Plan|Freedom from)""")
    found = [
        f"{path.name}:{n}"
        for path in sorted(TEMPLATES.glob("*.html"))
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if fallback.search(line) or "if PLAN.document else" in line
    ]
    assert not found, found


def test_a_build_without_the_plan_data_fails(tmp_path: Path):
    result = build(tmp_path, PLAN_DATA=str(tmp_path / "missing.json"))
    assert result.returncode != 0
    assert "missing.json not found" in " ".join((result.stdout + result.stderr).split())
    assert not (tmp_path / "output" / "index.html").exists()


def test_a_build_whose_data_lacks_an_action_fails(tmp_path: Path):
    model = json.loads((REPO / "content" / "data" / "actions.json").read_text(encoding="utf-8"))
    model["actions"] = [a for a in model["actions"] if a["id"] != "12e"]
    data = tmp_path / "actions.json"
    data.write_text(json.dumps(model), encoding="utf-8")
    result = build(tmp_path, PLAN_DATA=str(data))
    assert result.returncode != 0
    # The first to reach for the action stops the build: a template (an action page, or a list that names
    # it), or the search vocabulary (plan/vocabulary.toml), which needs the plan's words of 12e.
    printed = " ".join((result.stdout + result.stderr).split())
    assert "a template printed a missing value" in printed or "no action has the word" in printed, printed[-2000:]


def test_a_build_whose_data_breaks_its_schema_fails_naming_the_place(tmp_path: Path):
    model = json.loads((REPO / "content" / "data" / "actions.json").read_text(encoding="utf-8"))
    model["commitments"][4]["pillar"] = "two"
    data = tmp_path / "actions.json"
    data.write_text(json.dumps(model), encoding="utf-8")
    result = build(tmp_path, PLAN_DATA=str(data))
    assert result.returncode != 0
    assert "commitments[4].pillar: 'two' is not of type 'integer'" in " ".join((result.stdout + result.stderr).split())
    assert not (tmp_path / "output" / "index.html").exists()
