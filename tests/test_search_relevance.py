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

plan, model, search_files, packed, node_dir = (
    support.plan, support.model, support.search_files, support.packed, support.node_dir)
english = support.english

pytestmark = pytest.mark.node


@pytest.fixture(scope="module")
def results(packed, node_dir, english):
    """The ranked action ids for every query used below, from one Node run."""
    queries = [
        "spiking", "Clare's Law", "Clare’s law", "clares law", "nudification", "Raneem's Law", "stalkng",
        "stalking", "DAPO", "Domestic Abuse Protection Orders", "DVDS", "Domestic Violence Disclosure Scheme",
        "delay", "money", "journey", "key", "pets", "non-consensual", "nudif*", "title:spiking",
        "+police -domestic", "<img src=x onerror=alert(1)>", "title:", "*", "~", "x" * 10_000,
        "\"unclosed", "police^", "-", "__proto__", "constructor", "12e",
        *TYPOS, *FAMILIES, *MONEY, "intimate image abuse", "intimate image", "nudificaton abuse",
    ]
    answer = node("search", {"packed": packed, "queries": queries, "english": english}, node_dir)
    return {query: [ref for ref, _score in answer[query]["results"]] for query in queries} | {
        f"{key}:{query}": answer[query][key] for query in queries for key in ("kind", "shared", "words", "suggestions",
                                                                               "pointers")
    }


# Typos against the words as printed (one letter dropped, doubled, swapped or wrong), with the
# word the plan prints: the stem of "nudification" is "nudif", six edits from "nudificaton".
TYPOS = {
    "nudificaton": "nudification",
    "strangulaton": "strangulation",
    "stalkng": "stalking",
    "harrassment": "harassment",
    "domestc": "domestic",
    "perpetartor": "perpetrator",
    "spikng": "spiking",
}
# Word families: the person and the act, which the Porter stemmer keeps apart.
FAMILIES = ("stalker", "stalkers", "stalking", "stalk", "perpetrator", "perpetrators")
MONEY = ("£", "money", "£499 million", "funding")


def printed(plan: dict, word: str) -> set[str]:
    """The actions whose own words (paragraphs, sub-items, footnotes, title) contain `word`."""
    pattern = re.compile(rf"\b{re.escape(word)}", re.I)
    return {
        a["id"] for a in plan["actions"]
        if pattern.search(" ".join([a["title"], *a["paragraphs"], *(s["text"] for s in a["subitems"]),
                                    *(f["text"] for f in a["footnotes"])]))
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
    assert results["kind:stalkng"] == "corrected"
    found = results["stalkng"][:5]
    assert found
    # A stalking action says "stalk" or is on the Stalking topic (13c: Stalking Protection Orders, "SPOs").
    assert all(re.search(r"stalk", " ".join(action(plan, a)["paragraphs"]), re.I)
               or "stalking" in action(plan, a)["facts"]["topics"] for a in found[:3])
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
    "query", ["<img src=x onerror=alert(1)>", "title:", "*", "~", "x" * 10_000, "-", "__proto__"]
)
def test_hostile_input_finds_nothing_and_does_not_break(results, query):
    assert results[query] == []


def test_an_unclosed_quote_is_searched_as_the_word(results):
    """The quote is dropped; "unclosed" is not printed in the plan, so it is taken as a typo."""
    assert results["kind:\"unclosed"] == "corrected"
    assert results["suggestions:\"unclosed"][0]["word"] == "unclosed"


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


@pytest.mark.parametrize("typo", TYPOS)
def test_a_typo_finds_the_actions_of_the_word_as_printed(results, plan, typo):
    word = TYPOS[typo]
    assert results[f"kind:{typo}"] == "corrected"
    assert results[f"suggestions:{typo}"][0]["word"] == typo
    assert results[f"suggestions:{typo}"][0]["closest"][0] == word
    expected = printed(plan, word)
    assert expected and expected <= set(results[typo]), (typo, expected - set(results[typo]))


def test_nudificaton_and_strangulaton_find_their_actions(results):
    assert results["nudificaton"][0] == "1e"
    assert {"1c", "1d"} <= set(results["strangulaton"])


def test_a_typo_among_known_words_is_corrected_and_the_rest_kept(results):
    assert results["kind:nudificaton abuse"] == "corrected"
    assert results["nudificaton abuse"][0] == "1e"
    assert [s["word"] for s in results["suggestions:nudificaton abuse"]] == ["nudificaton"]


def test_known_words_get_no_suggestion(results):
    for query in ("stalking", "spiking", "intimate image abuse"):
        assert results[f"suggestions:{query}"] == []


@pytest.mark.parametrize("query", ["stalker", "stalkers", "stalk"])
def test_a_word_family_finds_what_stalking_finds(results, plan, query):
    assert set(results[query]) == set(results["stalking"])
    assert printed(plan, "stalker") | printed(plan, "stalking") <= set(results[query])
    # More than the stemmer alone gives: "stalker" and "stalkers" stem to "stalker".
    assert len(results["stalker"]) > len(printed(plan, "stalker"))


def test_an_exact_word_ranks_above_its_family(results, plan):
    """"stalker" finds the stalking actions too, but the actions that say "stalker" lead."""
    top = results["stalker"][: len(printed(plan, "stalker"))]
    assert set(top) & printed(plan, "stalker")


def test_families_join_only_doer_and_verb(results):
    # perpetrator(s) stem alike already; nothing else joins them.
    assert set(results["perpetrator"]) == set(results["perpetrators"])


def test_few_with_every_word_are_followed_by_those_with_most_words(results, plan):
    """Few actions have all of "intimate image abuse"; 1e, 1g and 1l say "intimate image" and
    come next, before any action with only one of the words."""
    found = results["intimate image abuse"]
    shared = results["shared:intimate image abuse"]
    assert results["kind:intimate image abuse"] == "some words"
    assert results["words:intimate image abuse"] == 3
    assert {"1e", "1g", "1l"} <= set(found)
    assert shared == sorted(shared, reverse=True)
    everyone = [a for a, n in zip(found, shared, strict=True) if n == 3]
    assert everyone and len(everyone) < 3 and found[: len(everyone)] == everyone
    assert min(shared) >= 2  # with three words, one of them alone is noise
    assert set(results["intimate image"]) <= set(found)


def test_enough_with_every_word_shows_only_those(results):
    assert results["kind:intimate image"] == "all words"
    assert set(results["shared:intimate image"]) == {2}


@pytest.mark.parametrize("query", MONEY)
def test_money_and_the_pound_sign_point_to_the_money_page(results, query):
    assert results[f"pointers:{query}"] == ["money"]


@pytest.mark.parametrize("query", ["stalking", "constructor", "__proto__", "pets"])
def test_other_queries_point_nowhere(results, query):
    assert results[f"pointers:{query}"] == []


def test_edit_distance_counts_a_swap_as_one_edit(node_dir):
    pairs = [["stalking", "stlaking"], ["stalking", "stalkng"], ["stalking", "stalkingg"], ["abc", "xyz"],
             ["", "abc"], ["nudification", "nudificaton"]]
    got = node("distance", {"pairs": pairs, "max": 2}, node_dir)
    assert got == [1, 1, 1, 3, 3, 1]


def test_did_you_mean_replaces_only_the_mistyped_word(node_dir):
    got = node("replace", {"cases": [["Nudificaton  abuse", "nudificaton", "nudification"],
                                     ["stalkng, police", "stalkng", "stalking"]]}, node_dir)
    assert got == ["nudification  abuse", "stalking, police"]
