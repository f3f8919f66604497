"""The split index (issue 21, item 5): the page fetches a head and the shards of the terms a query
looks up, and finds, to the score, what the whole index finds, on the real plan, through search.js's
own searchSplit in Node."""

from __future__ import annotations

import bisect
import gzip
import json
import tomllib

import pytest
from search_node import support
from search_node.support import node

from plugins.search_index.pack import compact_refs, split_index, word_list
from plugins.search_index.pipeline import STOP_WORDS
from plugins.search_index.stemmer import stem_word

plan, model, search_files, packed, node_dir, english = (
    support.plan, support.model, support.search_files, support.packed, support.node_dir, support.english)

pytestmark = pytest.mark.node

# Every kind of query the page runs: the plan's words, typos (which need every word), word
# families, the vocabulary's phrases, English words the plan lacks, Lunr syntax (fuzzy, wildcard,
# fields, presence), hostile input.
QUERIES = [
    "spiking", "stalking", "stalker", "stalkers", "stalk", "perpetrators", "Clare's Law", "nudification",
    "nudificaton", "stalkng", "harrassment", "spikng", "intimate image abuse", "revenge porn", "married", "buses",
    "my sister's goldfish", "where can I get help", "groped on the train", "train teachers to spot abuse", "IDVA",
    "nudif*", "*ing", "stalk~1", "spiking~99999", "title:spiking", "+police -domestic", "-police", "police^2",
    "<img src=x onerror=alert(1)>", "title:", "*", "~", "\"unclosed", "__proto__", "12e", "£499 million", "funding",
    "someone put something in my drink", "custody of my kids", "zzzz qqqq",
]


def plain_queries(repo_root) -> list[str]:
    labels = sorted((repo_root / "tests" / "labels").glob("plain_queries*.toml"))
    assert labels
    return [q["q"] for path in labels for q in tomllib.loads(path.read_text(encoding="utf-8"))["query"]]


@pytest.fixture(scope="module")
def split(search_files):
    head = json.loads(search_files["search/index/head.json"])
    shards = [json.loads(search_files[f"search/index/{n}.json"]) for n in range(len(head["shards"]))]
    return head, shards


@pytest.fixture(scope="module")
def words(search_files):
    return json.loads(search_files["search/index/words.json"])


def test_the_written_split_is_the_whole_index_split(split, packed, search_files):
    head, shards = split
    assert (head, shards) == split_index(packed)
    assert word_list(packed, shards) == json.loads(search_files["search/index/words.json"])
    assert [t for s in shards for t in s["terms"]] == packed["terms"]
    assert [f for s in shards for f in s["forms"]] == packed["forms"]
    assert [[s["terms"][0], len(s["terms"])] for s in shards] == head["shards"]


def test_the_vocabulary_split_gives_back_the_whole_vocabulary(split, packed):
    """Each phrase key is in the shard its first stem would be in (the one the page loads for that
    word), or in the head when that stem is a stop word's, which the page fetches no shard for;
    together they give back every row of the whole vocabulary, keys in order."""
    head, shards = split
    starts = [s["terms"][0] for s in shards]
    stop_stems = {stem_word(w) for w in STOP_WORDS}
    rows: dict[int, list] = {}
    for place, shard in [(-1, head)] + list(enumerate(shards)):
        for n, keys, *rest in shard.get("plain", {"terms": []})["terms"] if place < 0 else shard.get("plain", []):
            for key in keys.split("|"):
                first = key.split(" ")[0].lstrip("~")
                assert place == (-1 if first in stop_stems else max(bisect.bisect_right(starts, first) - 1, 0)), key
            if n in rows:
                assert rows[n][1:] == rest
                rows[n][0] += "|" + keys
            else:
                rows[n] = [keys, *rest]
    whole = packed["plain"]["terms"]
    assert sorted(rows) == list(range(len(whole)))
    for n, row in rows.items():
        assert sorted(row[0].split("|")) == sorted(whole[n][0].split("|")) and row[1:] == whole[n][1:], n
    assert head["plain"]["filler"] == packed["plain"]["filler"]


def test_compact_refs_give_back_every_ref(packed):
    def expand(items):
        return [r for item in items for r in ([item] if isinstance(item, str) else
                                              [item[0] + chr(ord("a") + i) for i in range(item[1])])]

    every_letter = [f"9{c}" for c in "abcdefghijklmnopqrstuvwxyz"]
    cases = [packed["refs"], ["1a", "1b", "1d", "2a", "x", "3b", "3c", "10a"], [], every_letter]
    for refs in cases:
        assert expand(compact_refs(refs)) == refs
    assert len(compact_refs(packed["refs"])) < len(packed["refs"]) / 4


def test_the_split_postings_give_back_every_row(split, packed):
    """Turned round again, the shards' postings are the packed rows, term for term and count."""
    head, shards = split
    rows = [[[] for _ in packed["refs"]] for _ in head["fields"]]
    number = 0
    for shard in shards:
        for entries in shard["postings"]:
            for f, entry in enumerate(entries):
                d = -1
                for i, value in enumerate(entry):
                    if value > 0:
                        d += value
                        count = -entry[i + 1] if i + 1 < len(entry) and entry[i + 1] < 0 else 1
                        rows[f][d].append((number, count))
            number += 1
    for f, field_rows in enumerate(packed["postings"]):
        for d, row in enumerate(field_rows):
            term, expected = -1, []
            for i, value in enumerate(row):
                if value > 0:
                    term += value
                    expected.append((term, -row[i + 1] if i + 1 < len(row) and row[i + 1] < 0 else 1))
            assert rows[f][d] == expected
            assert head["lengths"][f][d] == sum(count for _, count in expected)


def test_split_search_finds_what_the_whole_index_finds(split, words, packed, node_dir, english, repo_root):
    """Same ranked ids and scores, same corrections, rewrites, words left out and tiers, for every
    query of the plain-language sets and every kind of query above."""
    head, shards = split
    queries = list(dict.fromkeys(QUERIES + plain_queries(repo_root)))
    for exact in (False, True):
        whole = node("search", {"packed": packed, "queries": queries, "english": english, "exact": exact}, node_dir)
        parts = node("split", {"head": head, "shards": shards, "words": words, "queries": queries,
                               "english": english, "exact": exact}, node_dir)
        for query in queries:
            got, want = parts[query], whole[query]
            for key in ("kind", "results", "shared", "words", "suggestions", "pointers", "rewrites", "leftOut",
                        "help", "weak", "tooFuzzy"):
                assert got[key] == want[key], (query, exact, key)


def test_a_first_search_fetches_the_head_and_few_shards(split, words, node_dir, english):
    """A word of the plan needs its own shard (and its family's); a typo, the word list and the
    shards of the words it is corrected to; only a fuzzy or leading wildcard query needs them all."""
    head, shards = split
    queries = ["spiking", "stalker", "revenge porn", "nudificaton", "stalkng", "goldfish", "stalk~1", "*ing"]
    answer = node("split", {"head": head, "shards": shards, "words": words, "queries": queries, "english": english},
                  node_dir)
    fetched = {q: a["shards"] for q, a in answer.items()}
    assert len(fetched["spiking"]) == 1
    assert len(fetched["stalker"]) <= 2
    assert 1 <= len(fetched["revenge porn"]) < len(shards) // 2
    for query in ("nudificaton", "stalkng"):
        assert answer[query]["wordList"] and 1 <= len(fetched[query]) <= 3, query
    assert not answer["spiking"]["wordList"] and not answer["goldfish"]["wordList"]  # an English word is no typo
    for query in ("stalk~1", "*ing"):
        assert fetched[query] == list(range(len(shards))), query


def test_the_split_files_are_small(search_files, split):
    """The head is what every first search fetches; each shard what one word adds."""
    head, shards = split
    size = lambda path: len(gzip.compress(search_files[path]))  # noqa: E731
    assert size("search/index/head.json") < 4 * 1024  # the vocabulary's phrases are in the shards
    assert max(size(f"search/index/{n}.json") for n in range(len(shards))) < 3 * 1024


def test_the_store_split_is_the_whole_store(search_files):
    """The rows' runs, in order, are the store's documents; each run is one commitment's."""
    store = json.loads(search_files["search/store.json"])
    head = json.loads(search_files["search/rows/head.json"])
    runs = [json.loads(search_files[f"search/rows/{n}.json"]) for n in range(len(head["runs"]))]
    assert [row for run in runs for row in run] == store["documents"]
    assert [len(run) for run in runs] == head["runs"]
    assert {k: v for k, v in head.items() if k != "runs"} == {k: v for k, v in store.items() if k != "documents"}
    column = store["columns"].index("commitment")
    assert all(len({row[column] for row in run}) == 1 for run in runs)
    assert f"search/rows/{len(runs)}.json" not in search_files


def test_the_lean_script_the_build_serves_finds_the_same(split, words, node_dir, english, repo_root, tmp_path):
    """plugins/lean_scripts strips comments and indentation from search.js: the lean copy answers
    every query as the source does."""
    from plugins.core.lean import lean

    source = (repo_root / "theme" / "static" / "js" / "search.js").read_text(encoding="utf-8")
    script = tmp_path / "search.js"
    script.write_text(lean(source), encoding="utf-8")
    assert len(gzip.compress(script.read_bytes())) < 0.75 * len(gzip.compress(source.encode()))
    head, shards = split
    payload = {"head": head, "shards": shards, "words": words, "queries": QUERIES, "english": english}
    assert node("split", payload, node_dir, script) == node("split", payload, node_dir)
