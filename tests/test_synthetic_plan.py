"""The synthetic plan the scale benchmark uses: same shape as the real plan, so the real parser reads it,
twice the commitments and actions, and new words rather than copies."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from helpers.scripts import load_script

from actionplan.reading.parse import parse_plan_file

ROOT = Path(__file__).resolve().parent.parent
make_synthetic_plan = load_script("make_synthetic_plan")
REAL_PLAN, synthesise = make_synthetic_plan.REAL_PLAN, make_synthetic_plan.synthesise

ERRATA = ROOT / "plan" / "errata.toml"


def vocabulary(plan) -> set[str]:
    return {w.lower() for action in plan.actions() for w in re.findall(r"[A-Za-z]+", action.text)}


@pytest.fixture(scope="module")
def real():
    plan, _ = parse_plan_file(str(REAL_PLAN), str(ERRATA))
    return plan


@pytest.fixture(scope="module")
def double(tmp_path_factory):
    path = tmp_path_factory.mktemp("synthetic") / "plan-2x.md"
    path.write_text(synthesise(REAL_PLAN.read_text(encoding="utf-8"), 2), encoding="utf-8")
    plan, _ = parse_plan_file(str(path), str(ERRATA))
    return plan


def test_twice_the_commitments_and_actions(real, double):
    assert len(double.commitments) == 2 * len(real.commitments)
    assert sum(1 for _ in double.actions()) == 2 * sum(1 for _ in real.actions())
    last = max(c.number for c in real.commitments)
    assert [c.number for c in double.commitments] == list(range(1, 2 * last + 1))


def test_the_real_plan_is_kept_whole(real, double):
    for action in real.actions():
        assert double.action(action.id).text == action.text


def test_copies_bring_new_words(real, double):
    words, more = vocabulary(real), vocabulary(double)
    assert words < more
    assert len(more) > 1.2 * len(words)


def test_theme_slugs_stay_unique(double):
    slugs = [t.slug for t in double.themes]
    assert len(slugs) == len(set(slugs))


def test_deterministic():
    text = REAL_PLAN.read_text(encoding="utf-8")
    assert synthesise(text, 3) == synthesise(text, 3)
    assert synthesise(text, 1) == text
