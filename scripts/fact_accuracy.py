"""Print precision and recall of every fact finder against the hand-labelled sample in tests/labels/.

    python scripts/fact_accuracy.py            # a Markdown table, for docs/facts.md
    python scripts/fact_accuracy.py --wrong    # and every item found but not labelled, or missed
    python scripts/fact_accuracy.py --without-entries   # the rules alone (no plan/money.toml)
    python scripts/fact_accuracy.py --blind tests/labels/blind_2026.toml   # a blind label file:
        standing, who delivers, date and money kinds, for the rules alone and the reviewed data
"""

from __future__ import annotations

import argparse

from actionplan import accuracy
from actionplan.accuracy import load_model
from actionplan.facts import measures  # measures registers each class


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--wrong", action="store_true", help="list every disagreement with the labels")
    parser.add_argument(
        "--without-entries", action="store_true", help="the rules alone, without per-action entries kept as data"
    )
    parser.add_argument(
        "--blind", metavar="FILE", help="score a blind label file (rules alone and reviewed data) instead"
    )
    args = parser.parse_args()
    if args.blind:
        from actionplan.blind import blind_scores, blind_table, load_blind

        labels = load_blind(args.blind)
        _, rules = load_model(args.without_entries)
        _, reviewed = load_model(args.without_entries, reviewed=True)
        print(blind_table(labels, rules, reviewed))
        if args.wrong:
            rows, _ = blind_scores(labels, rules, reviewed)
            for row in rows:
                for name, s in (("rules", row.rules), ("reviewed", row.reviewed)):
                    for line in s.wrong:
                        print(f"{row.name} ({name}): {line}")
        return 0
    plan, facts = load_model(args.without_entries)
    assert measures  # imported for its registrations
    print("| fact class | precision | recall | found right | found wrong | missed |")
    print("| --- | --- | --- | --- | --- | --- |")
    scores = [fn(plan, facts) for fn in accuracy.MEASURES.values()]
    for s in scores:
        counts = f"{s.true_positives} | {s.false_positives} | {s.false_negatives}"
        print(f"| {s.name} | {s.precision:.3f} | {s.recall:.3f} | {counts} |")
    if args.wrong:
        for s in scores:
            for line in s.wrong:
                print(f"{s.name}: {line}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
