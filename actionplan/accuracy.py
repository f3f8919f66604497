"""Precision and recall of the fact finders against a sample labelled by hand from the plan.

The labels live in `tests/labels/` (one TOML file per fact class, each keyed by action id, over
the action ids listed in `tests/labels/sample.toml`). Each fact class is compared as sets of
hashable items per action; what an item is (an organisation id, an `(id, role)` pair, a money
amount and kind) is up to the class's own measure.
"""

from __future__ import annotations

import tomllib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

LABELS = Path(__file__).resolve().parent.parent / "tests" / "labels"


@dataclass(frozen=True)
class Score:
    """How one fact class fares on the sample: counts of items found and missed."""

    name: str
    true_positives: int
    false_positives: int
    false_negatives: int
    wrong: tuple[str, ...] = ()  # "12e: security-industry-authority (found, not labelled)"

    @property
    def precision(self) -> float:
        found = self.true_positives + self.false_positives
        return self.true_positives / found if found else 1.0

    @property
    def recall(self) -> float:
        labelled = self.true_positives + self.false_negatives
        return self.true_positives / labelled if labelled else 1.0


def score(name: str, expected: Mapping[str, Iterable], found: Mapping[str, Iterable]) -> Score:
    """Compare per-action sets of items; every action in `expected` counts, found or not."""
    tp = fp = fn = 0
    wrong: list[str] = []
    for action_id, labelled in expected.items():
        want, got = set(labelled), set(found.get(action_id, ()))
        tp += len(want & got)
        fp += len(got - want)
        fn += len(want - got)
        wrong += [f"{action_id}: {item} (found, not labelled)" for item in sorted(got - want, key=repr)]
        wrong += [f"{action_id}: {item} (labelled, not found)" for item in sorted(want - got, key=repr)]
    return Score(name, tp, fp, fn, tuple(wrong))


def sample_ids(labels: Path = LABELS) -> tuple[str, ...]:
    """The action ids of the hand-labelled sample."""
    with (labels / "sample.toml").open("rb") as f:
        return tuple(tomllib.load(f)["actions"])


def load_labels(name: str, labels: Path = LABELS) -> dict:
    """One fact class's labels: `tests/labels/<name>.toml`, a table per action id."""
    with (labels / f"{name}.toml").open("rb") as f:
        return tomllib.load(f)


# Each fact class registers a measure here: a function of (plan, facts) giving its Score.
# scripts/fact_accuracy.py prints them all; tests assert each class's targets.
MEASURES: dict[str, Callable] = {}


def measure(name: str) -> Callable[[Callable], Callable]:
    """Register a measure under a fact class's name."""

    def register(fn: Callable) -> Callable:
        MEASURES[name] = fn
        return fn

    return register


def load_model(without_entries: bool = False, reviewed: bool = False):
    """The real plan, parsed and enriched from plan/ as the generator does; `without_entries`
    leaves out the per-action decisions kept as data (plan/money.toml), to report the rules alone;
    `reviewed` applies plan/standings.toml (each action's reviewed standing and doers) as the
    generator does, so that the site's own figures can be measured."""
    from .facts.enrich import enrich, load_entities
    from .paths import DEFAULT_ENTITIES, DEFAULT_ERRATA, DEFAULT_PLAN, DEFAULT_STANDINGS
    from .reading.parse import parse_plan_file

    plan, _account = parse_plan_file(str(DEFAULT_PLAN), str(DEFAULT_ERRATA))
    entities = load_entities(str(DEFAULT_ENTITIES))
    if without_entries:
        from dataclasses import replace

        entities = replace(entities, money_entries=())
    facts = enrich(plan, entities)
    if reviewed:
        from .reading.source import read_text
        from .records.review import apply_review, load_review

        facts = apply_review(facts, load_review(read_text(DEFAULT_STANDINGS), str(DEFAULT_STANDINGS), plan, facts))
    return plan, facts
