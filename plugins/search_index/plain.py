"""Search for people who do not speak the plan's language: the vocabulary and the word list, as
the browser gets them.

- `compile_vocabulary` turns plan/vocabulary.toml (actionplan/records/vocabulary.py) into what search.js
  matches a query against: each phrase of people's words as the index pipeline makes it (small
  words marked optional), each of the plan's phrases as index terms. A plan phrase with a word
  that no action uses is a `PlanError` at the term's line: the vocabulary never points at nothing.
- `english_files` splits the vendored English word list (wordlist/words.txt.gz, only the words
  search could correct) into small files by first letters, leaving out the words the plan prints
  (the index has those). The page fetches
  only the file a query's unknown word needs, to decide whether it is a word (left out) or a typo
  (corrected).
"""

from __future__ import annotations

import gzip
from itertools import filterfalse
from pathlib import Path

from actionplan.errors import PlanError
from actionplan.records.vocabulary import Vocabulary

from .pipeline import STOP_WORDS, field_terms, normalise_word, token_words, tokenize
from .stemmer import stem_word

WORDLIST = Path(__file__).with_name("wordlist") / "words.txt.gz"
WORDS_DIR = "search/words"
# Words per file: about 3 KB gzip each, so an unknown word costs one small download.
WORDS_PER_FILE = 1500
# Search corrects words of 4 to 24 letters only (search.js, closestWords): shorter or longer
# words need no check.
SHORTEST, LONGEST = 4, 24


def correctable(word: str) -> bool:
    """A word search could otherwise correct: 4 to 24 letters, and not a possessive (normaliseToken
    drops "'s"). scripts/vendor_wordlist.py vendors only these."""
    return SHORTEST <= len(word) <= LONGEST and not word.endswith("'s")


def phrase_key(phrase: str) -> list[str]:
    """A phrase of people's words as search.js matches it: each word's stem, "~" before a stop
    word (optional inside a match)."""
    key = []
    for token in tokenize(phrase):
        for word in token_words(token):
            key.append(("~" if word in STOP_WORDS else "") + stem_word(word))
    return key


def compile_vocabulary(vocabulary: Vocabulary, index_terms: set[str], file: str) -> dict:
    """The vocabulary as search.js reads it (packed index key `plain`).

    terms: [[keys, alternatives, label, when, help], …] where keys are phrase keys (stems joined by
    spaces, without their small words unless they have nothing else) joined by "|", alternatives
    the plan's phrases as index terms (joined by spaces) joined by "|", when the stems that select
    a sense joined by spaces ("" for none), help 1 or 0. filler: stems.
    """
    terms = []
    for term in vocabulary.terms:
        keys = []
        alone = {" ".join(phrase_key(p)) for p in term.words}
        for phrase in term.words:
            key = phrase_key(phrase)
            required = [k for k in key if not k.startswith("~")]
            if not key:
                raise PlanError(file, term.line, f"words: {phrase!r} has no word search can match")
            hijacks = len(key) > 1 and len(required) == 1 and required[0] in index_terms
            if hijacks and required[0] not in alone:
                raise PlanError(
                    file, term.line,
                    f"words: {phrase!r} would match every query with {required[0]!r} (a word the plan uses; the "
                    "others are small words search treats as optional): name that word alone if that is meant",
                )
            # Inside a match the query's small words are skipped, so the key needs them only when it
            # has nothing else ("by and for").
            joined = " ".join(required or key)
            if joined not in keys:
                keys.append(joined)
        alternatives = []
        for phrase in term.means:
            found = field_terms(phrase)
            if not found:
                raise PlanError(file, term.line, f"means: {phrase!r} has only small words, which the index leaves out")
            missing = [t for t in found if t not in index_terms]
            if missing:
                raise PlanError(
                    file, term.line,
                    f"means: no action has the word {missing[0]!r} of {phrase!r} (as the index holds it): the "
                    "plan's words are needed here",
                )
            joined = " ".join(found)
            if joined not in alternatives:
                alternatives.append(joined)
        when = sorted({stem_word(w) for phrase in term.when for w in normalise_word(phrase)})
        # Strings joined by "|" and " " rather than JSON arrays: a fifth fewer bytes, gzip too.
        terms.append(["|".join(keys), "|".join(alternatives), term.label, " ".join(when), 1 if term.help else 0])
    filler = sorted({stem_word(w) for w in vocabulary.filler})
    return {"terms": terms, "filler": filler}


def english_words(path: Path = WORDLIST) -> list[str]:
    return gzip.decompress(path.read_bytes()).decode().split()


def english_files(words: list[str], printed: set[str]) -> tuple[dict[str, bytes], list[str]]:
    """The word list as small files ({path: bytes}) and, for each file after the first, the
    shortest start of its first word that sorts after the previous file's last word (search.js
    finds a word's file by comparing it with these).

    `words`: sorted, every one `correctable`, as the vendored list is; those the plan prints are left
    out (by the set's own lookup, in C: a Python test of each of 76,000 words cost a tenth of the
    search index's build).
    """
    kept = list(filterfalse(printed.__contains__, words))
    files, starts = {}, []
    for n, at in enumerate(range(0, len(kept), WORDS_PER_FILE)):
        chunk = kept[at:at + WORDS_PER_FILE]
        if n:
            last, first = kept[at - 1], chunk[0]
            size = 1
            while first[:size] <= last:
                size += 1
            starts.append(first[:size])
        files[f"{WORDS_DIR}/{n}.txt"] = ("\n".join(chunk) + "\n").encode()
    return files, starts
