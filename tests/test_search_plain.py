"""Search for people who do not speak the plan's language (issue 22), on the real plan, through
the page's own runSearch in Node with the vocabulary (plan/vocabulary.toml) and word list the build
writes: people's words find the plan's, real words are never "corrected", word families meet, and
a query that finds little says so.
"""

from __future__ import annotations

import json
import re

import pytest
from helpers.scripts import load_script
from search_node import support
from search_node.support import node

plan, model, search_files, packed, node_dir, english = (
    support.plan, support.model, support.search_files, support.packed, support.node_dir, support.english)

pytestmark = pytest.mark.node

# The words the issue saw rewritten into plan words they only look like, and what they became.
NOT_TYPOS = {"killed": "skilled", "kids": "kits", "past": "part", "gets": "vets", "turning": "during",
             "wife": "life", "touching": "teaching", "took": "tool"}

QUERIES = [
    "revenge porn", "married", "marriage", "marry", "forced marriage", "where can I get help", "help",
    "groped on the train", "train teachers to spot abuse", "train", "scared of being deported if I report abuse",
    "deporting foreign criminals", "IDVA", "NRPF", "MARAC", "DVPO", "spiking~99999",
    "is anything being done about spiking", "spiking", "my sister's goldfish", "someone put something in my drink",
    "check his past", "he took out a loan in my name", "spiking pets nudification", "buses", "bus",
    "custody of my kids", "can I take my dog with me when I leave", "I hit my partner and want to stop", "stalkng",
    *NOT_TYPOS,
]


@pytest.fixture(scope="module")
def found(packed, node_dir, english):
    return node("search", {"packed": packed, "queries": QUERIES, "english": english}, node_dir)


@pytest.fixture(scope="module")
def exact(packed, node_dir, english):
    return node("search", {"packed": packed, "queries": ["revenge porn", "train"], "english": english,
                           "exact": True}, node_dir)


def ids(answer: dict) -> list[str]:
    return [ref for ref, _score in answer["results"]]


def printed(plan: dict, pattern: str) -> set[str]:
    regex = re.compile(pattern, re.I)
    return {a["id"] for a in plan["actions"] if regex.search(" ".join(
        [a["title"], *a["paragraphs"], *(s["text"] for s in a["subitems"]), *(f["text"] for f in a["footnotes"])]))}


def test_revenge_porn_finds_intimate_image_abuse_and_says_so(found, plan):
    answer = found["revenge porn"]
    assert answer["rewrites"] == [{"words": "revenge porn", "label": "intimate image abuse"}]
    top = ids(answer)[:5]
    intimate = printed(plan, r"intimate image")
    assert top and set(top) <= intimate | printed(plan, r"\bnude image|image-based abuse")
    assert top[0] in intimate
    # Not the strangulation-pornography actions that "porn" widened to before.
    assert not {"1c", "1d"} & set(top)


def test_the_exact_words_can_still_be_searched(exact, found):
    assert exact["revenge porn"]["rewrites"] == []
    assert ids(exact["revenge porn"]) != ids(found["revenge porn"])


@pytest.mark.parametrize("word", NOT_TYPOS)
def test_a_real_word_is_never_corrected_into_a_plan_word(found, word):
    answer = found[word]
    assert answer["suggestions"] == [], answer["suggestions"]
    assert answer["kind"] != "corrected"
    # Either the vocabulary knows it ("killed": deaths) or it is left out and the page says so.
    assert answer["rewrites"] or answer["leftOut"] == [word]


def test_a_typo_is_still_corrected(found):
    assert found["stalkng"]["kind"] == "corrected"
    assert found["stalkng"]["suggestions"][0]["closest"][0] == "stalking"


def test_the_word_list_is_loaded_only_for_words_the_plan_lacks(found):
    assert found["spiking"]["check"] == []
    assert found["stalkng"]["check"] == ["stalkng"]
    assert found["killed"]["check"] == ["killed"]


@pytest.mark.parametrize("query", ["married", "marry"])
def test_married_meets_marriage(found, plan, query):
    marriage = printed(plan, r"\bmarriages?\b")
    assert marriage and marriage <= set(ids(found[query]))
    assert set(ids(found[query])) == set(ids(found["marriage"]))
    assert found[query]["suggestions"] == [] and found[query]["leftOut"] == []


def test_buses_meets_bus(found, plan):
    """Porter keeps a short word's plural apart (bus -> "bu", buses -> "buse"): the family rule joins them."""
    assert set(ids(found["buses"])) == set(ids(found["bus"])) == printed(plan, r"\bbus\b")


def test_question_words_and_filler_are_left_out(found):
    answer = found["is anything being done about spiking"]
    assert ids(answer)[0] == "12e"
    assert answer["words"] == 1 and answer["kind"] == "all words"


@pytest.mark.parametrize("query", ["where can I get help", "help"])
def test_help_queries_show_the_helplines_and_the_actions_on_helplines(found, plan, query):
    answer = found[query]
    assert answer["help"] is True
    assert set(ids(answer)[:5]) & printed(plan, r"\bhelplines?\b")


def test_other_queries_do_not_show_the_helplines(found):
    assert found["spiking"]["help"] is False and found["spiking"]["weak"] is False


def test_nothing_found_says_so(found):
    answer = found["my sister's goldfish"]
    assert answer["results"] == [] and answer["weak"] is True
    assert set(answer["leftOut"]) == {"sister", "goldfish"}


def test_words_no_action_shares_still_find_something_and_say_it_is_weak(found, plan):
    """Three words, no action with two of them: each word's actions rather than an empty page."""
    answer = found["spiking pets nudification"]
    assert answer["weak"] is True and max(answer["shared"]) == 1
    assert {"12e", "1e"} <= set(ids(answer)) and set(ids(answer)) & printed(plan, r"\bpets\b")


def test_a_weak_query_is_offered_the_closest_topics(packed, search_files, node_dir, english):
    store = json.loads(search_files["search/store.json"])
    got = node("topics", {"packed": packed, "store": store, "english": english,
                          "queries": ["stalking", "my sister's goldfish", "online safety goldfish"]}, node_dir)
    assert got["stalking"][0] == "stalking"
    assert got["my sister's goldfish"] == []  # the page then links all topics and the helplines
    assert "online-safety" in got["online safety goldfish"]


def test_two_sense_words_take_the_sense_the_query_gives(found):
    travel = found["groped on the train"]
    assert "trains and stations" in [r["label"] for r in travel["rewrites"]]
    assert set(ids(travel)[:5]) & {"31c", "31d", "31h"}
    training = found["train teachers to spot abuse"]
    assert "trains and stations" not in [r["label"] for r in training["rewrites"]]
    # Alone, "train" is searched as the plan uses it (training).
    assert found["train"]["rewrites"] == []
    victims = found["scared of being deported if I report abuse"]
    assert [r["label"] for r in victims["rewrites"]] == ["victims' fear of immigration enforcement"]
    assert "17c" in ids(victims)[:5]
    offenders = found["deporting foreign criminals"]
    assert "deporting foreign offenders" in [r["label"] for r in offenders["rewrites"]]
    assert ids(offenders)[0] in {"15a", "15d"}


@pytest.mark.parametrize(("query", "action"), [("IDVA", "17e"), ("NRPF", "17d"), ("MARAC", "10d"), ("DVPO", "13b")])
def test_the_sectors_acronyms_find_their_actions(found, query, action):
    assert action in ids(found[query])[:3]


@pytest.mark.parametrize(("query", "actions"), [
    ("someone put something in my drink", {"12e"}),
    ("check his past", {"12a", "12b"}),
    ("he took out a loan in my name", {"26e"}),
    ("custody of my kids", {"22b", "22c", "22d"}),
    ("can I take my dog with me when I leave", {"32d", "32a"}),
    ("I hit my partner and want to stop", {"16f", "14a", "14b"}),
])
def test_the_issues_examples(found, query, actions):
    assert set(ids(found[query])[:5]) & actions


def test_edit_distance_in_lunr_syntax_is_clamped(found):
    answer = found["spiking~99999"]
    assert answer["kind"] == "syntax" and ids(answer)[0] == "12e"
    assert answer["ms"] < 2000


@pytest.mark.parametrize(("labels", "floor"), [
    ("plain_queries.toml", 0.80), ("plain_queries_heldout.toml", 0.70), ("plain_queries_fresh.toml", 0.70),
    ("plain_queries_final.toml", 0.70),
])
def test_plain_language_queries_reach_the_target(packed, english, repo_root, labels, floor):
    """The blind plain-language queries (tests/labels/plain_queries*.toml): the first set (to
    which the vocabulary was fitted; 50 % before this work) at the issue's 80 % with a right action
    in the top 5, the later sets (blind when first measured: 79 %, 67 %, 60 %) at 70 %, so that no
    change to search or the vocabulary loses what they found."""
    plain = load_script("plain_queries")
    load_queries, lunr_rankings, score = plain.load_queries, plain.lunr_rankings, plain.score

    queries = load_queries(repo_root / "tests" / "labels" / labels)
    result = score(queries, lunr_rankings(packed, [q.q for q in queries], {"english": english}))
    assert result.rate >= floor, result.misses
