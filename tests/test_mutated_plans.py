"""Property: the generator run on the real plan with lines cut, deleted, duplicated or re-lettered
either fails loudly (one `file:line: message`, exit 1, content/ untouched) or gives exactly the
actions of plan/actions.lock, with the same words under the same ids, and the same pillars, themes
and commitments with the same words. Never a silent change.

The generator runs in this process on a copy of content/. MUTATED_PLANS sets how many mutated
plans hypothesis tries (250 by default), in SHARDS tests that each try their share with their own
random draws (so that two xdist workers share the minute the test takes: conftest, XDIST_SPLIT_BY);
the counts are printed (pytest -s) and in docs/robustness.md.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import re
import shutil
from collections import Counter
from pathlib import Path

import pytest
from helpers.files import snapshot
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from actionplan.cli import main
from actionplan.paths import DEFAULT_PLAN
from actionplan.reading.source import Kind, read_lines

ROOT = Path(__file__).resolve().parent.parent
TEXT = DEFAULT_PLAN.read_text(encoding="utf-8")
LINES = TEXT.split("\n")
LETTERED = [s.number - 1 for s in read_lines(TEXT) if s.kind is Kind.LETTERED]
EXAMPLES = int(os.environ.get("MUTATED_PLANS", "250"))
SHARDS = 2
XDIST_SPLIT_BY = "shard"
_ERROR = re.compile(r"^[^:\n]+:\d+: \S")
_MARKER = re.compile(r"^(\s*(?:- )?)([a-zA-Z])\)")


def published(content: Path) -> dict:
    return json.loads((content / "data/actions.json").read_text(encoding="utf-8"))


def actions(model: dict) -> list[tuple[str, list[str]]]:
    """Each action's id and words (paragraphs, sub-items, footnotes), as content/ publishes them."""
    return [
        (a["id"], re.findall(r"\w+", " ".join([*a["paragraphs"], *(s["text"] for s in a["subitems"]),
                                                *(f["text"] for f in a["footnotes"])])))
        for a in model["actions"]
    ]


def structure(model: dict) -> list:
    """Pillars, themes and commitments with their words, as content/ publishes them."""
    return [
        [(p["title"], p["introduction"]) for p in model["pillars"]],
        [(t["title"], t["parent"], t["introduction"]) for t in model["themes"]],
        [(c["number"], c["lead_in"], c["theme"], c["actions"]) for c in model["commitments"]],
    ]


line = st.integers(min_value=0, max_value=len(LINES) - 1)
mutation = st.one_of(
    st.tuples(st.just("delete"), line),
    st.tuples(st.just("duplicate"), line),
    st.tuples(st.just("reletter"), st.sampled_from(LETTERED), st.sampled_from("abcdefghijklmnopqrstuvwxyzI")),
    st.tuples(st.just("cut"), line, st.integers(min_value=0, max_value=400)),
)


def mutated(operations: list[tuple]) -> str:
    lines = list(LINES)
    for operation in operations:
        kind, at = operation[0], min(operation[1], len(lines) - 1)
        if kind == "delete":
            del lines[at]
        elif kind == "duplicate":
            lines.insert(at, lines[at])
        elif kind == "reletter":
            lines[at] = _MARKER.sub(lambda m, letter=operation[2]: f"{m.group(1)}{letter})", lines[at], count=1)
        else:  # cut: the file ends here, perhaps inside a line
            lines = lines[:at] + [lines[at][: operation[2]]]
        if not lines:
            lines = [""]
    return "\n".join(lines)


@pytest.mark.parametrize("shard", range(1, SHARDS + 1))
def test_a_mutated_plan_fails_loudly_or_keeps_the_locked_actions(shard, tmp_path_factory):
    examples = -(-EXAMPLES // SHARDS)  # each shard's share, rounded up
    where = tmp_path_factory.mktemp("mutated")
    content = where / "content"
    shutil.copytree(ROOT / "content", content)
    plan = where / "plan.md"
    locked, shape = actions(published(content)), structure(published(content))
    tally: Counter[str] = Counter()
    # content/ as the last failed run left it, checked to be as it found it: the next plan's run
    # starts from the same files. After a run that wrote, or a check that raised, it is read again.
    unchanged: list[dict[str, bytes]] = []

    @settings(max_examples=examples, deadline=None, database=None,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
    @given(st.lists(mutation, min_size=1, max_size=4))
    def check(operations):
        text = mutated(operations)
        plan.write_text(text, encoding="utf-8")
        before = unchanged.pop() if unchanged else snapshot(content)
        err = io.StringIO()
        with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
            status = main(["--plan", str(plan), "--out", str(content)])
        tally["tried"] += 1
        tally["unchanged text"] += text == TEXT
        if status != 0:
            lines = err.getvalue().strip().split("\n")
            assert status == 1 and lines and all(_ERROR.match(x) for x in lines), err.getvalue()
            assert "Traceback" not in err.getvalue() and ": notice: " not in lines[-1]
            assert snapshot(content) == before, f"content/ changed by a failed run: {operations}"
            unchanged.append(before)
            tally["failed loudly"] += 1
        elif actions(model := published(content)) != locked:
            tally["silently changed"] += 1
            raise AssertionError(f"the actions changed without an error: {operations}")
        elif structure(model) != shape:
            tally["silently changed"] += 1
            raise AssertionError(f"a pillar, theme or commitment changed without an error: {operations}")
        else:
            tally["same actions and structure"] += 1

    check()
    print(f"\nmutated plans: {dict(tally)}")
    assert tally["tried"] >= min(examples, 50) and tally["silently changed"] == 0
    assert tally["failed loudly"] and tally["same actions and structure"], tally  # both outcomes were exercised
