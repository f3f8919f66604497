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


# `uses: owner/name@<full commit SHA> # vX.Y.Z`: a tag can be moved to other code, a commit cannot;
# the comment says which release the commit is (and is what Dependabot updates beside it).
PINNED = re.compile(r"uses: (?P<action>[\w.-]+/[\w.-]+)@(?P<sha>[0-9a-f]{40}) # v(?P<major>\d+)\.\d+\.\d+")


def uses_lines(name: str) -> list[str]:
    """The `uses:` lines of a workflow as written (YAML loading drops the version comments)."""
    text = (WORKFLOWS / name).read_text(encoding="utf-8")
    return [line.strip().removeprefix("- ") for line in text.splitlines() if re.match(r"\s*(- )?uses: ", line)]


@pytest.mark.parametrize("name", ["pages.yml", "test.yml"])
def test_actions_are_pinned_to_commits_of_node24_majors(name: str):
    used = [line for line in uses_lines(name) if not line.startswith("uses: ./")]
    assert used, f"{name} uses no action"
    for line in used:
        match = PINNED.fullmatch(line)
        assert match, f"{name}: {line!r} is not pinned to a full commit SHA with its version (@<40 hex> # vX.Y.Z)"
        action, major = match["action"], int(match["major"])
        assert action in NODE24_FLOOR, f"{name}: {action} has no checked Node 24 major in this test"
        assert major >= NODE24_FLOOR[action], f"{name}: {line} is a Node 20 (or older) major"


def test_dependabot_keeps_the_pins_the_constraints_and_the_npm_locks_current():
    config = yaml.safe_load((REPO / ".github" / "dependabot.yml").read_text(encoding="utf-8"))
    assert config["version"] == 2
    watched = {(u["package-ecosystem"], u.get("directory", "/")) for u in config["updates"]}
    assert {("github-actions", "/"), ("pip", "/"), ("npm", "/"), ("npm", "/scripts/bench-node")} <= watched
    assert all(u["schedule"]["interval"] in ("daily", "weekly", "monthly") for u in config["updates"])


def test_the_test_workflow_audits_the_workflows_offline():
    runs = [step.get("run", "") for _, step in steps(load("test.yml"))]
    assert any("zizmor --offline" in run and "--min-severity high" in run for run in runs)


def test_the_workflow_audit_finds_nothing_high():
    """zizmor (a test dependency, pinned in constraints.txt), offline: no network at test time."""
    import shutil
    import subprocess
    import sys

    zizmor = shutil.which("zizmor") or str(Path(sys.executable).with_name("zizmor"))
    if not Path(zizmor).exists():
        pytest.fail("zizmor is not installed: run scripts/install_test_deps.sh")
    done = subprocess.run([zizmor, "--offline", "--format", "json", "--min-severity", "high", str(WORKFLOWS)],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode in (0, 14) or done.stdout.strip().startswith("["), done.stderr[-2000:]
    import json

    findings = json.loads(done.stdout or "[]")
    assert not findings, [(f["ident"], f["locations"][0]["symbolic"]["key"]) for f in findings]


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
