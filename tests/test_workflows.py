"""The GitHub workflows: actions on their Node 24 majors, least permissions, and publishing only after the tests.

The floors are the first major of each action whose `action.yml` declares `runs.using: node24` (or, for
upload-pages-artifact, a composite action, the first major whose upload-artifact is a Node 24 one).
An action not in the table fails the test: its runtime has to be checked before it is used.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).resolve().parents[1]
WORKFLOWS = REPO / ".github" / "workflows"

NODE24_FLOOR = {
    "actions/checkout": 5,
    "actions/setup-python": 6,
    "actions/configure-pages": 6,
    "actions/upload-pages-artifact": 5,
    "actions/deploy-pages": 5,
}
# What each job's token may do; anything more is a failure.
ALLOWED_PERMISSIONS = {
    ("test.yml", "test"): {"contents": "read"},
    ("pages.yml", "test"): {"contents": "read"},
    ("pages.yml", "build"): {"contents": "read", "pages": "read"},
    ("pages.yml", "deploy"): {"pages": "write", "id-token": "write"},
}
TEST_COMMAND = "bash scripts/test.sh"


def load(name: str) -> dict:
    return yaml.safe_load((WORKFLOWS / name).read_text(encoding="utf-8"))


def triggers(workflow: dict) -> dict:
    # YAML 1.1 reads the bare key `on` as the boolean True.
    found = workflow.get("on", workflow.get(True))
    return found if isinstance(found, dict) else {name: None for name in ([found] if isinstance(found, str) else found)}


def steps(workflow: dict):
    for job_name, job in workflow["jobs"].items():
        for step in job.get("steps", []):
            yield job_name, step


def test_every_workflow_is_covered():
    assert sorted(path.name for path in WORKFLOWS.glob("*.y*ml")) == ["pages.yml", "test.yml"]


@pytest.mark.parametrize("name", ["pages.yml", "test.yml"])
def test_actions_are_on_node24_majors(name: str):
    used = [step["uses"] for _, step in steps(load(name)) if "uses" in step]
    assert used, f"{name} uses no action"
    for uses in used:
        match = re.fullmatch(r"([\w.-]+/[\w.-]+)@v(\d+)", uses)
        assert match, f"{name}: {uses!r} is not pinned to a major version tag (owner/name@vN)"
        action, major = match[1], int(match[2])
        assert action in NODE24_FLOOR, f"{name}: {action} has no checked Node 24 major in this test"
        assert major >= NODE24_FLOOR[action], f"{name}: {uses} is a Node 20 (or older) major"


@pytest.mark.parametrize("name", ["pages.yml", "test.yml"])
def test_jobs_have_least_permissions(name: str):
    workflow = load(name)
    top = workflow.get("permissions")
    assert top in ({}, {"contents": "read"}), f"{name}: workflow-wide permissions {top!r} grant more than reading"
    for job_name, job in workflow["jobs"].items():
        allowed = ALLOWED_PERMISSIONS[(name, job_name)]
        assert job.get("permissions") == allowed, f"{name}: job {job_name} has {job.get('permissions')!r}"


def test_deploy_needs_the_tests_and_the_build():
    jobs = load("pages.yml")["jobs"]
    assert jobs["test"]["uses"] == "./.github/workflows/test.yml"
    assert jobs["build"]["needs"] == "test"
    assert set(jobs["deploy"]["needs"]) == {"test", "build"}


def test_the_test_workflow_runs_the_readme_command_on_push_and_pull_request():
    workflow = load("test.yml")
    on = triggers(workflow)
    assert {"push", "pull_request", "workflow_call"} <= set(on)
    # Pushes to main run the tests through pages.yml, which calls this workflow before publishing.
    assert (on["push"] or {}).get("branches-ignore") in (None, ["main"])
    assert triggers(load("pages.yml"))["push"]["branches"] == ["main"]
    runs = [step.get("run", "") for _, step in steps(workflow)]
    assert TEST_COMMAND in [line.strip() for run in runs for line in run.splitlines()]
    assert TEST_COMMAND in (REPO / "README.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("name", ["pages.yml", "test.yml"])
def test_checkout_is_shallow(name: str):
    for _, step in steps(load(name)):
        if step.get("uses", "").startswith("actions/checkout@"):
            assert (step.get("with") or {}).get("fetch-depth", 1) == 1, f"{name}: checkout fetches more than one commit"


def test_pages_build_treats_warnings_as_errors():
    runs = [step.get("run", "") for job, step in steps(load("pages.yml")) if job == "build"]
    assert any("pelican content" in run and "--fatal warnings" in run for run in runs)


def test_pages_rebuild_weekly_with_the_day_they_run_as_the_as_of_date():
    on = triggers(load("pages.yml"))
    assert [entry["cron"].split()[2:] for entry in on["schedule"]] == [["*", "*", "1"]]  # weekly, on Mondays
    runs = [step.get("run", "") for job, step in steps(load("pages.yml")) if job == "build"]
    build = next(run for run in runs if "pelican content" in run)
    assert "export AS_OF_DATE=$(date -u +%F)" in build
    assert build.index("AS_OF_DATE") < build.index("pelican content")
