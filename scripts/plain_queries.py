"""The plain-language queries of tests/labels/plain_queries.toml, and how well a search answers them.

    .venv/bin/python scripts/plain_queries.py [--misses]   # our search, in Node, on the plan as built

A query is a hit when any of its expected actions is among the first five results; its reciprocal
rank is 1/rank of the first expected action (0 when none is in the first ten). Used by
scripts/bench_search.py (beside Pagefind) and tests/test_search_plain.py.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import tomllib
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LABELS = ROOT / "tests" / "labels" / "plain_queries.toml"
TOOL = ROOT / "tests" / "search_node" / "lunr_tool.js"
TOP = 5
DEPTH = 10  # MRR counts ranks down to here, what a reader scrolls through


@dataclass(frozen=True)
class PlainQuery:
    q: str
    persona: str
    expect: tuple[str, ...]


@dataclass(frozen=True)
class Score:
    hits: int
    total: int
    mrr: float
    misses: tuple[str, ...]

    @property
    def rate(self) -> float:
        return self.hits / self.total


def load_queries(path: Path = LABELS) -> list[PlainQuery]:
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    return [PlainQuery(q["q"], q["persona"], tuple(q["expect"])) for q in data["query"]]


def score(queries: list[PlainQuery], ranked: dict[str, list[str]]) -> Score:
    """Top-5 hits and mean reciprocal rank of `ranked` (query -> action ids, best first)."""
    hits, reciprocal, misses = 0, 0.0, []
    for query in queries:
        found = ranked.get(query.q, [])[:DEPTH]
        rank = next((i + 1 for i, ref in enumerate(found) if ref in query.expect), None)
        if rank is not None and rank <= TOP:
            hits += 1
        else:
            misses.append(query.q)
        reciprocal += 1 / rank if rank else 0.0
    return Score(hits, len(queries), reciprocal / len(queries), tuple(misses))


def lunr_rankings(packed: dict, queries: list[str], extra: dict | None = None) -> dict[str, list[str]]:
    """Each query through search.js's runSearch in Node, as the page runs it: action ids, best first."""
    with tempfile.TemporaryDirectory() as scratch:
        source = Path(scratch) / "input.json"
        source.write_text(json.dumps({"packed": packed, "queries": queries, **(extra or {})}), encoding="utf-8")
        done = subprocess.run(["node", str(TOOL), "search", str(source)], capture_output=True, text=True, check=True)
    answer = json.loads(done.stdout)
    return {q: [ref for ref, _ in answer[q]["results"]] for q in queries}


def built_search_files() -> dict[str, bytes]:
    from plugins.search_index import build_search_files

    plan = json.loads((ROOT / "content" / "data" / "actions.json").read_text(encoding="utf-8"))
    return build_search_files(plan)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--misses", action="store_true", help="list the queries missed, with what was found")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    files = built_search_files()
    packed = json.loads(files["search/lunr-index.json"])
    extra = {}
    if "search/vocabulary.json" in files:
        extra["vocabulary"] = json.loads(files["search/vocabulary.json"])
    queries = load_queries()
    ranked = lunr_rankings(packed, [q.q for q in queries], extra)
    result = score(queries, ranked)
    print(f"top-{TOP}: {result.hits}/{result.total} ({result.rate:.0%}), MRR {result.mrr:.3f}")
    if args.misses:
        for query in queries:
            if query.q in result.misses:
                print(f"  {query.q!r} expect {list(query.expect)} got {ranked[query.q][:5]}")


if __name__ == "__main__":
    main()
