"""The plain-language queries of tests/labels/plain_queries.toml, and how well a search answers them.

    .venv/bin/python scripts/plain_queries.py [--misses]   # our search, in Node, on the plan as built

A query is a hit when any of its expected actions is among the first five results; its reciprocal
rank is 1/rank of the first expected action (0 when none is in the first ten). Used by
scripts/bench_search.py (beside Pagefind) and tests/test_search_plain.py.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
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


def trace(packed: dict, extra: dict, queries: list[str]) -> dict:
    with tempfile.TemporaryDirectory() as scratch:
        source = Path(scratch) / "input.json"
        source.write_text(json.dumps({"packed": packed, "queries": queries, **extra}), encoding="utf-8")
        done = subprocess.run(["node", str(TOOL), "search", str(source)], capture_output=True, text=True, check=True)
    answer = json.loads(done.stdout)
    return {q: {k: answer[q][k] for k in ("kind", "rewrites", "leftOut", "suggestions", "words")} for q in queries}


def built_search_files() -> dict[str, bytes]:
    """The search files as the build writes them, with the vocabulary and the word list."""
    from plugins.core.as_of import read_as_of, resolve_as_of
    from plugins.core.plan import from_json
    from plugins.search_index.plain import english_words
    from plugins.search_index.plugin import build_search_files, read_vocabulary

    plan = json.loads((ROOT / "content" / "data" / "actions.json").read_text(encoding="utf-8"))
    # As the build reads it: each action's progress on the build's as-of date (the store has it).
    as_of, _source = resolve_as_of(os.environ.get("AS_OF_DATE"), os.environ.get("SOURCE_DATE_EPOCH"), ROOT)
    read_as_of(plan, as_of)
    vocabulary = read_vocabulary({"VOCABULARY_FILE": str(ROOT / "plan" / "vocabulary.toml")})
    return build_search_files(from_json(plan), None, vocabulary, english_words())


def search_input(files: dict[str, bytes]) -> tuple[dict, dict]:
    """The packed index, and what lunr_tool.js's search needs besides: the word list's files."""
    packed = json.loads(files["search/lunr-index.json"])
    words = [w for path, data in files.items() if path.startswith("search/words/") for w in data.decode().split()]
    return packed, ({"english": words} if words else {})


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--misses", action="store_true", help="list the queries missed, with what was found")
    parser.add_argument("--trace", action="store_true", help="with --misses: how each missed query was read")
    parser.add_argument("--labels", default=str(LABELS), help="the queries (default: tests/labels/plain_queries.toml)")
    args = parser.parse_args()
    packed, extra = search_input(built_search_files())
    queries = load_queries(Path(args.labels))
    ranked = lunr_rankings(packed, [q.q for q in queries], extra)
    result = score(queries, ranked)
    print(f"top-{TOP}: {result.hits}/{result.total} ({result.rate:.0%}), MRR {result.mrr:.3f}")
    if args.misses:
        for query in queries:
            if query.q in result.misses:
                print(f"  {query.q!r} expect {list(query.expect)} got {ranked[query.q][:5]}")
    if args.trace:
        print(json.dumps(trace(packed, extra, [q.q for q in queries if q.q in result.misses]), indent=1)[:20000])


if __name__ == "__main__":
    main()
