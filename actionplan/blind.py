"""Scores the site's facts against a blind label file (the format of /work/review/BLIND_FORMAT.md,
kept as tests/labels/blind_2026.toml): actions labelled from the plan's text alone, none of them
in the samples the rules were written against.

Each measure takes the labels (a table per action id) and a `Facts`, so the same labels score the
rules alone and the reviewed data (plan/standings.toml applied) side by side:

    python scripts/fact_accuracy.py --blind tests/labels/blind_2026.toml
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

from .accuracy import Score, score
from .facts.measures import date_words

# Money qualifiers that make a figure a lower bound ("more than £300,000"), for facts that do not
# say so themselves.
LOWER_BOUND_QUALIFIERS = ("more than", "over", "at least", "in excess of")


def load_blind(path: str | Path) -> dict[str, dict]:
    """The label file's action tables, by id; a top-level key that is not a table (a note, a date
    labelled) is the file's own description, not a label."""
    with open(path, "rb") as f:
        data = tomllib.load(f)
    return {key: value for key, value in data.items() if isinstance(value, dict)}


def standing_agreement(labels: dict, facts) -> Score:
    """One item per action, its standing: precision = recall = the share that agree."""
    expected = {i: {label["standing"]} for i, label in labels.items()}
    return score("standing", expected, {i: {facts.actions[i].standing.standing} for i in labels})


def called_done_wrongly(labels: dict, facts) -> tuple[str, ...]:
    """Actions the facts call done that the labels do not (the issue's target: none)."""
    return tuple(i for i, label in labels.items() if facts.actions[i].standing.done and label["standing"] != "done")


def who_delivers(labels: dict, facts) -> Score:
    """(action, organisation) pairs of the doers."""
    expected = {i: label.get("delivers", []) for i, label in labels.items()}
    return score("who delivers", expected, {i: facts.actions[i].delivering for i in labels})


def date_kinds(labels: dict, facts) -> Score:
    """(date words, kind) pairs: recall is the share of labelled dates found with the right kind,
    precision the share of found dates that are labelled so."""
    expected = {i: [(date_words(d["text"]), d["kind"]) for d in label.get("dates", [])] for i, label in labels.items()}
    found = {i: [(date_words(d.text), d.kind) for d in facts.actions[i].deadlines] for i in labels}
    return score("date kinds", expected, found)


def date_owners(labels: dict, facts) -> Score:
    """(date words, kind, what it dates) triples: `of` is "action", "sub-item <numeral>",
    "background" or "money" in the labels and in `Deadline.of` alike (issue 19, item 3)."""
    expected = {
        i: [(date_words(d["text"]), d["kind"], d.get("of", "action")) for d in label.get("dates", [])]
        for i, label in labels.items()
    }
    found = {i: [(date_words(d.text), d.kind, d.of) for d in facts.actions[i].deadlines] for i in labels}
    return score("date kinds and what they date", expected, found)


def _sum_key(amount, text: str):
    return amount if amount is not None else " ".join(text.lower().split())


def _lower_bound(money) -> bool:
    flag = getattr(money, "lower_bound", None)
    if flag is not None:
        return bool(flag)
    return (money.qualifier or "").lower() in LOWER_BOUND_QUALIFIERS


def money_kinds(labels: dict, facts) -> Score:
    """(sum, kind) pairs, a sum known by its amount (else its words)."""
    expected = {
        i: [(_sum_key(s.get("amount"), s["text"]), s["kind"]) for s in label.get("sums", [])]
        for i, label in labels.items()
    }
    found = {i: [(_sum_key(m.amount, m.text), m.kind) for m in facts.actions[i].money] for i in labels}
    return score("money kinds", expected, found)


def money_lower_bounds(labels: dict, facts) -> Score:
    """The sums labelled as lower bounds ("more than £300,000"), as (sum) items."""
    expected = {
        i: [_sum_key(s.get("amount"), s["text"]) for s in label.get("sums", []) if s.get("lower_bound")]
        for i, label in labels.items()
    }
    found = {i: [_sum_key(m.amount, m.text) for m in facts.actions[i].money if _lower_bound(m)] for i in labels}
    return score("money lower bounds", expected, found)


MEASURES = (standing_agreement, who_delivers, date_kinds, date_owners, money_kinds, money_lower_bounds)


@dataclass(frozen=True)
class Row:
    name: str
    rules: Score
    reviewed: Score


def blind_scores(labels: dict, rules, reviewed) -> tuple[tuple[Row, ...], dict[str, tuple[str, ...]]]:
    """Every measure for the rules alone and for the reviewed data, and the actions each calls
    done wrongly. Labels for an action the facts lack are a mistake in the label file."""
    unknown = sorted(set(labels) - set(rules.actions))
    if unknown:
        raise ValueError(f"labels for actions the plan lacks: {', '.join(unknown)}")
    rows = []
    for measure in MEASURES:
        by_rules = measure(labels, rules)
        rows.append(Row(by_rules.name, by_rules, measure(labels, reviewed)))
    wrong_done = {"rules": called_done_wrongly(labels, rules), "reviewed": called_done_wrongly(labels, reviewed)}
    return tuple(rows), wrong_done


def blind_table(labels: dict, rules, reviewed) -> str:
    """A Markdown table of the blind scores, for docs/facts.md."""
    rows, wrong_done = blind_scores(labels, rules, reviewed)

    def cell(s: Score) -> str:
        return f"{s.precision:.3f} / {s.recall:.3f} ({s.true_positives} right, {s.false_positives} wrong, " \
               f"{s.false_negatives} missed)"

    lines = [
        f"Blind sample: {len(labels)} actions. Each cell: precision / recall (for the standing both are the "
        "share of actions that agree).",
        "",
        "| measure | rules alone | reviewed data |",
        "| --- | --- | --- |",
        *(f"| {r.name} | {cell(r.rules)} | {cell(r.reviewed)} |" for r in rows),
        f"| called done, not done | {len(wrong_done['rules'])} {list(wrong_done['rules'])} | "
        f"{len(wrong_done['reviewed'])} {list(wrong_done['reviewed'])} |",
    ]
    return "\n".join(lines)
