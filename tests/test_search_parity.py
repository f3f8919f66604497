"""lunr.py (our plugin) and lunr.js 2.3.9 (the browser) see the same words and find the same actions.

The known trap: lunr.py's own stemmer and trimmer differ from lunr.js's, so an index built by
lunr.py and searched by lunr.js silently misses words ("delay", "money", "Clare's"). The plugin
uses lunr.js-identical functions; these tests build the real plan with both and compare.
"""

from __future__ import annotations

import json
import random
from dataclasses import replace

import pytest
from lunr.stemmer import stemmer as lunr_py_stemmer
from lunr.token import Token
from search_node import support
from search_node.support import (
    FIELDS,
    SEARCH_PIPELINE,
    build_index,
    field_terms,
    index_builder,
    index_pipeline,
    load_index,
    node,
    pack_documents,
    pack_index,
    search_documents,
    stem_word,
    tokenize,
)

# Session fixtures shared by the search tests.
plan, model, search_files, packed, node_dir = (
    support.plan, support.model, support.search_files, support.packed, support.node_dir)

pytestmark = pytest.mark.node

# Words on both sides of the differences between the two stemmers, and punctuation cases.
TRICKY = (
    "delay delays delayed key keys money journey journeys survey try tries cry by say lay yes yearly "
    "young Clare's Clare’s Raneem’s girls' women’s victims/survivors 2026–2029 £1.5m (DVDS), “quoted” "
    "‘safety e-mail non-consensual café naïve 12e 12e-iii ...  – — / ' ’s yyy y-axis happy\u00a0days "
    "generalization relational conditional rational valency hopeful goodness formaliti sensitiviti "
    "controll rolling hopping fizzed agreed feed bled sing plastered motoring caresses ponies ties"
)


def test_stemmer_is_lunr_js_not_lunr_py():
    """The measured trap: lunr.py's stemmer turns a final 'y' after a vowel into 'i'; ours keeps it."""
    for word, js in {"delay": "delay", "key": "key", "money": "money", "journey": "journey"}.items():
        assert stem_word(word) == js
        assert str(lunr_py_stemmer(Token(word))) != js  # lunr.py alone would break these searches


def test_pipeline_matches_lunr_js_word_for_word(plan, node_dir):
    """Every line of the plan and the tricky words: lunr.js's tokenizer and index pipeline give the
    same terms, in the same order, as ours."""
    texts = [TRICKY]
    for action in plan["actions"]:
        texts += action["paragraphs"] + [s["text"] for s in action["subitems"]]
    _assert_same_terms(texts, node("pipeline", {"texts": texts}, node_dir))


SUFFIXES = [
    "", "s", "es", "ies", "ed", "ing", "eed", "y", "ly", "ational", "tional", "enci", "anci", "izer", "bli",
    "alli", "entli", "eli", "ousli", "ization", "ation", "ator", "alism", "iveness", "fulness", "ousness",
    "aliti", "iviti", "biliti", "logi", "icate", "ative", "alize", "iciti", "ical", "ful", "ness", "al",
    "ance", "ence", "er", "ic", "able", "ible", "ant", "ement", "ment", "ent", "ou", "ism", "ate", "iti",
    "ous", "ive", "ize", "sion", "tion", "e", "ll", "ay", "ey", "oy", "uy",
]
PUNCTUATION = list("'’‘`ʼ′\".,;:!?()[]{}/–—-*~^+<>&£$%@#_=|") + ["\u00a0", "\u2009", "\u3000", "\ufeff", "\t",
                                                             "\x1c", "\x1f", "\x85"]


def generated_texts(seed: int, count: int) -> list[str]:
    """Random words built to hit every stemmer rule, wrapped in every kind of punctuation and space."""
    rng = random.Random(seed)
    letters = "abcdefghijklmnopqrstuvwxyz"
    texts = []
    for _ in range(count):
        words = []
        for _ in range(rng.randint(1, 8)):
            stem = "".join(rng.choice(letters + "aeiouy" * 2) for _ in range(rng.randint(0, 7)))
            word = stem + rng.choice(SUFFIXES)
            if rng.random() < 0.2:
                word = word.upper() if rng.random() < 0.5 else word.capitalize()
            if rng.random() < 0.4:
                word = rng.choice(PUNCTUATION) + word
            if rng.random() < 0.4:
                word = word + rng.choice(PUNCTUATION) + rng.choice(["", "s", word[:3]])
            if rng.random() < 0.05:
                word += rng.choice(["é", "ß", "ı", "İ", "😀", "ﬁ"])
            words.append(word)
        texts.append(rng.choice([" ", "-", "  ", "\n", "\u00a0", " – "]).join(words))
    return texts


def test_pipeline_matches_lunr_js_on_generated_words(node_dir):
    """Thousands of generated words and punctuation, through both tokenizers and pipelines."""
    texts = generated_texts(seed=2025, count=3000)
    _assert_same_terms(texts, node("pipeline", {"texts": texts}, node_dir))


def _assert_same_terms(texts: list[str], js: list[list[str]]) -> None:
    """lunr.js's terms equal both ours: the lunr.py Pipeline of our functions over Tokens, and the
    memoised string path (`field_terms`) that the build uses."""
    pipeline = index_pipeline()
    reference = [[str(t) for t in pipeline.run([Token(w) for w in tokenize(text)])] for text in texts]
    built = [field_terms(text) for text in texts]
    assert len(js) == len(reference) == len(built)
    mismatches = [(t, a, b, c) for t, a, b, c in zip(texts, js, reference, built, strict=True) if not a == b == c]
    assert not mismatches, mismatches[:3]


def test_vocabularies_are_identical(model, node_dir):
    """The real plan indexed by lunr.js in Node and by the plugin: the same terms, the same postings,
    the same scores (to lunr's three decimals)."""
    documents = search_documents(model)
    index, _builder = build_index(documents)
    ours = index.serialize()
    js = node(
        "build",
        {"documents": [{"ref": d.ref, "fields": d.fields} for d in documents], "fields": FIELDS},
        node_dir,
    )
    js_terms = [term for term, _ in js["invertedIndex"]]
    our_terms = [term for term, _ in ours["invertedIndex"]]
    assert len(our_terms) > 1500
    assert js_terms == our_terms
    assert _postings(js) == _postings(ours)
    js_vectors, our_vectors = _vectors(js), _vectors(ours)
    assert js_vectors.keys() == our_vectors.keys()
    for field_ref, scores in js_vectors.items():
        assert scores.keys() == our_vectors[field_ref].keys(), field_ref
        for term, score in scores.items():
            assert our_vectors[field_ref][term] == pytest.approx(score, abs=0.0011), (field_ref, term)
    assert js["pipeline"] == ours["pipeline"] == [fn.label for fn in SEARCH_PIPELINE]


def test_packed_index_unpacks_to_what_lunr_js_builds(model, packed, node_dir):
    """search.js's unpackIndex gives, exactly, the index lunr.js itself builds from the same text."""
    documents = search_documents(model)
    js = node(
        "build",
        {"documents": [{"ref": d.ref, "fields": d.fields} for d in documents], "fields": FIELDS},
        node_dir,
    )
    unpacked = node("unpack", packed, node_dir)
    assert _postings(unpacked) == _postings(js)
    assert _vectors(unpacked) == _vectors(js)
    assert unpacked["fields"] == js["fields"]
    assert unpacked["version"] == "2.3.9"


QUERIES = [
    "spiking", "stalking", "domestic abuse", "Clare's Law", "Raneem's Law", "nudification", "delay",
    "money", "journey", "key", "police training", "online safety act", "DAPO", "pets", "rape",
    "coercive control", "honour based abuse", "school", "housing", "migrant victims", "funding",
]


def test_lunr_js_finds_what_lunr_py_finds(model, packed, node_dir):
    """The shipped index, loaded in lunr.js, ranks the same top ten actions as lunr.py does."""
    index, _builder = build_index(search_documents(model))
    js = node("search", {"packed": packed, "queries": QUERIES, "raw": True}, node_dir)
    for query in QUERIES:
        ours = [(r["ref"], r["score"]) for r in index.search(query)]
        theirs = js[query]["results"]
        assert ours, f"lunr.py finds nothing for {query!r}"
        assert len(theirs) == len(ours), query
        # Same order wherever scores are not tied (ties may break either way).
        for (ref, score), (js_ref, js_score) in zip(ours[:10], theirs[:10], strict=True):
            assert js_score == pytest.approx(score, rel=1e-3, abs=1e-3), query
            if ref != js_ref:
                assert dict(theirs).get(ref) == pytest.approx(score, abs=1e-3), (query, ref, js_ref)


def test_the_pages_fast_loader_finds_what_index_load_finds(packed, node_dir):
    """search.js's loadIndex (no minimised token set, shared empty postings) answers every kind of
    query, fuzzy and wildcard included, exactly as lunr.Index.load of the serialisation does."""
    queries = QUERIES + ["stalkng", "nudif*", "*ing", "polic~1", "title:spiking", "+police -domestic",
                         "domestc abuse", "Clare", "schol", "victims/survivors"]
    fast = node("search", {"packed": packed, "queries": queries}, node_dir)
    standard = node("search", {"packed": packed, "queries": queries, "standard": True}, node_dir)
    for query in queries:
        assert fast[query]["results"] == standard[query]["results"], query
        assert fast[query]["kind"] == standard[query]["kind"], query


def test_serialised_index_loads_in_lunr_py(plan, packed, node_dir):
    """The unpacked index is a valid lunr serialisation on the Python side too."""
    index = load_index(node("unpack", packed, node_dir))
    assert [r["ref"] for r in index.search("spiking")][:1] == ["12e"]


def _postings(serialised: dict) -> dict:
    return {term: {k: v for k, v in p.items() if k != "_index"} for term, p in serialised["invertedIndex"]}


def _vectors(serialised: dict) -> dict:
    names = {p["_index"]: term for term, p in serialised["invertedIndex"]}
    return {
        ref: {names[e[i]]: e[i + 1] for i in range(0, len(e), 2)} for ref, e in serialised["fieldVectors"]
    }


def test_search_files_are_compact(search_files):
    """What a first search downloads stays small: the packed index and store, gzip. The
    plain-language vocabulary adds at most 5 KB to it (issue 22), the word list's file starts a
    few hundred bytes, and each file of the word list (fetched for a word the plan lacks) 5 KB."""
    import gzip

    def packed_size(data: dict) -> int:
        return len(gzip.compress(json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode()))

    index = json.loads(search_files["search/lunr-index.json"])
    store = search_files["search/store.json"]
    bare = {k: v for k, v in index.items() if k not in ("plain", "english")}
    assert packed_size(bare) < 30_000
    assert packed_size({k: v for k, v in index.items() if k != "english"}) - packed_size(bare) <= 5 * 1024
    assert packed_size(index) - packed_size({k: v for k, v in index.items() if k != "english"}) < 600
    assert len(gzip.compress(store)) < 15_000
    assert json.loads(store)["columns"][0] == "ref"
    words = [data for path, data in search_files.items() if path.startswith("search/words/")]
    assert len(words) == len(index["english"]) + 1
    assert max(len(gzip.compress(data)) for data in words) < 5 * 1024


def test_the_packed_index_is_what_lunr_py_builds(model):
    """The build packs the index from its own pass over the words (pack_documents), without
    lunr.py's Builder; packing what lunr.py's Builder holds after the same documents gives the same
    index, to the byte: on the real plan, and on the plan's first actions with generated text."""
    documents = search_documents(model)
    generated = generated_texts(seed=21, count=40 * len(FIELDS))
    odd = [
        replace(document, fields={name: generated[n * len(FIELDS) + f] for f, (name, _) in enumerate(FIELDS)})
        for n, document in enumerate(documents[:40])
    ]
    for docs in (documents, odd):
        ours, lunr_py = pack_documents(docs), pack_index(index_builder(docs), docs)
        assert json.dumps(ours) == json.dumps(lunr_py)
