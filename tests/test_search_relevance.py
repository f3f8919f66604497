"""Queries readers actually type find the right actions in the real plan.

Each query runs through the page's own code (theme/static/js/search.js's runSearch, in Node, on
the packed index the build writes), so these are the results a reader sees.
"""

from __future__ import annotations

import json
import re

import pytest
from search_node import support
from search_node.support import node

plan, search_files, packed, node_dir = support.plan, support.search_files, support.packed, support.node_dir

pytestmark = pytest.mark.node


@pytest.fixture(scope="module")
def results(packed, node_dir):
    """The ranked action ids for every query used below, from one Node run."""
    queries = [
        "spiking", "Clare's Law", "Clare’s law", "clares law", "nudification", "Raneem's Law", "stalkng",
        "stalking", "DAPO", "Domestic Abuse Protection Orders", "DVDS", "Domestic Violence Disclosure Scheme",
        "delay", "money", "journey", "key", "pets", "non-consensual", "nudif*", "title:spiking",
        "+police -domestic", "<img src=x onerror=alert(1)>", "title:", "*", "~", "x" * 10_000,
        "\"unclosed", "police^", "-", "__proto__", "constructor", "12e",
    ]
    answer = node("search", {"packed": packed, "queries": queries}, node_dir)
    return {query: [ref for ref, _score in answer[query]["results"]] for query in queries} | {
        f"kind:{query}": answer[query]["kind"] for query in queries
    }


def action(plan: dict, action_id: str) -> dict:
    return next(a for a in plan["actions"] if a["id"] == action_id)


def test_spiking_finds_12e_first(results):
    assert results["spiking"][0] == "12e"


@pytest.mark.parametrize("query", ["Clare's Law", "Clare’s law"])
def test_clares_law_finds_12a_and_12b_in_the_top_three(results, query):
    assert {"12a", "12b"} <= set(results[query][:3])


def test_nudification_finds_1e(results):
    assert results["nudification"][0] == "1e"


def test_raneems_law_finds_8a(results):
    assert results["Raneem's Law"][0] == "8a"


def test_a_typo_still_finds_stalking_actions(results, plan):
    assert results["kind:stalkng"] == "fuzzy"
    found = results["stalkng"][:5]
    assert found
    assert all(re.search(r"stalk", " ".join(action(plan, a)["paragraphs"]), re.I) for a in found[:3])
    assert set(results["stalking"][:3]) == set(found[:3])


def test_acronyms_and_expansions_find_each_other(results):
    assert "13b" in results["DAPO"][:3]
    assert "13b" in results["Domestic Abuse Protection Orders"][:3]
    assert set(results["DVDS"][:3]) & set(results["Domestic Violence Disclosure Scheme"][:3])


@pytest.mark.parametrize("word", ["delay", "money", "journey", "key"])
def test_words_lunr_py_would_stem_differently_are_found(results, plan, word):
    """The trap in the issue: lunr.py stems 'delay' to 'delai', so lunr.js found nothing."""
    expected = {
        a["id"] for a in plan["actions"] if re.search(rf"\b{word}\b", " ".join(a["paragraphs"]), re.I)
    }
    assert expected, word
    assert expected <= set(results[word])


def test_pets_finds_the_actions_about_pets(results, plan):
    assert results["pets"]
    for action_id in results["pets"][:2]:
        assert re.search(r"\bpets?\b", " ".join(action(plan, action_id)["paragraphs"]), re.I)


def test_lunr_syntax_works_when_it_parses(results):
    assert results["title:spiking"] == ["12e"]
    assert results["nudif*"][0] == "1e"
    assert results["+police -domestic"]
    assert results["kind:+police -domestic"] == "syntax"


@pytest.mark.parametrize(
    "query", ["<img src=x onerror=alert(1)>", "title:", "*", "~", "x" * 10_000, "\"unclosed", "-", "__proto__"]
)
def test_hostile_input_finds_nothing_and_does_not_break(results, query):
    assert results[query] == []


def test_broken_syntax_is_retried_as_plain_words(results):
    assert results["police^"], "a QueryParseError must fall back to a plain search for 'police'"


def test_action_numbers_are_recognised(plan, node_dir):
    refs = [a["id"] for a in plan["actions"]]
    queries = ["12e", "12 e", "12E", " 12e ", "action 12e", "12e iii", "12e-iii", "12e(iii)", "12.e", "99z",
               "12", "spiking 12e", "e12"]
    got = node("identify", {"refs": refs, "queries": queries}, node_dir)
    for query in ["12e", "12 e", "12E", " 12e ", "action 12e", "12.e"]:
        assert got[query] == {"ref": "12e", "subitem": None}, query
    for query in ["12e iii", "12e-iii", "12e(iii)"]:
        assert got[query] == {"ref": "12e", "subitem": "12e-iii"}, query
    for query in ["99z", "12", "spiking 12e", "e12"]:
        assert got[query] is None, query


def test_snippet_highlights_the_matching_words(packed, node_dir, search_files):
    text = json.loads(search_files["search/text/12.json"])["12e"]
    segments = node("snippet", {"packed": packed, "text": text, "terms": ["spike"]}, node_dir)
    marked = [s["text"] for s in segments if s["mark"]]
    assert marked and all(m.lower() == "spiking" for m in marked)
    assert "".join(s["text"] for s in segments).strip(" …") in " ".join(text.split())
