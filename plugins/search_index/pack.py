"""Pack the index of the actions compactly, and the result store (reference.py: lunr.py's index, which
the packed one must equal).

lunr's own serialisation repeats every field name in every term's posting, repeats each
posting in the field vectors, and spells every score with three decimals: about 80 KB gzip for
this plan. The packed form keeps only what cannot be recomputed: the sorted vocabulary and, for
each field of each action, which terms it holds and how often. search.js (`unpackIndex`) turns
it back into exactly the object lunr.js 2.3.9's `lunr.Index.load` takes, recomputing BM25 scores
with lunr's own formula; tests/test_search_parity.py checks the round trip against lunr.py's
`Index.serialize()`.
"""

from __future__ import annotations

import bisect

from plugins.core.plan import Plan

from .documents import FIELDS, SearchDocument
from .pipeline import SEARCH_PIPELINE, STOP_WORDS, printed_words
from .stemmer import stem_word

PACK_FORMAT = "lunr-2.3.9-packed-2"
# BM25's parameters, lunr's defaults (lunr.py's Builder k1 and b), which search.js scores with.
K1, B = 1.2, 0.75
# The lunr.js version the index is for: what lunr.py's Index.serialize() writes (lunr.__TARGET_JS_VERSION__).
TARGET_JS_VERSION = "2.3.9"


def printed_form(term: str, word: str) -> str:
    """`word` as an ending of `term`: "stalk", "stalking" -> "ing"; where the stem changed the
    word's end, the letters of the term to drop first, after "=": "agenci", "agency" -> "=1y"."""
    keep = len(term)
    while not word.startswith(term[:keep]):
        keep -= 1
    return word[keep:] if keep == len(term) else f"={len(term) - keep}{word[keep:]}"


def printed_forms(pairs: set[tuple[str, str]], terms: list[str]) -> list[str]:
    """For each term of the sorted vocabulary, the words printed in the plan that it stems from
    (`pairs`: every (word, term) the index holds), as `printed_form` endings joined by "|" ("" is
    the term itself).

    Endings rather than words, because most words are their stem plus a few letters: the words
    in full would be about three times the bytes.
    """
    forms: dict[str, set[str]] = {term: set() for term in terms}
    for word, term in pairs:
        if term in forms:
            forms[term].add(printed_form(term, word))
    return ["|".join(sorted(forms[term])) for term in terms]


def field_words(documents: list[SearchDocument]) -> list[list[list[tuple[str, str]]]]:
    """For each document, for each field of FIELDS: (word as printed, term) of every word the index
    holds from it, in order. The one pass over the text that the index, the printed forms and the
    word list all read."""
    return [[printed_words(document.fields[name]) for name, _boost in FIELDS] for document in documents]


def pack_documents(documents: list[SearchDocument], words: list[list[list[tuple[str, str]]]] | None = None) -> dict:
    """The packed index of the documents (`words`: their `field_words`, when already made).

    It is `reference.pack_index` of lunr.py's Builder given the same documents, made without it:
    the terms and their counts are all the packed form keeps, and lunr.py's Builder spends most of
    its time on what the packed form leaves out (Tokens, postings, term numbers in the order first
    met). tests/test_search_parity.py checks the two are equal.
    """
    if words is None:
        words = field_words(documents)
    terms = sorted({term for fields in words for pairs in fields for _word, term in pairs})
    number = {term: i for i, term in enumerate(terms)}
    postings = []
    for f in range(len(FIELDS)):
        rows = []
        for fields in words:
            counts: dict[int, int] = {}
            for _word, term in fields[f]:
                n = number[term]
                counts[n] = counts.get(n, 0) + 1
            row, previous = [], -1
            for n, count in sorted(counts.items()):
                row.append(n - previous)
                previous = n
                if count > 1:
                    row.append(-count)
            rows.append(row)
        postings.append(rows)
    return {
        "format": PACK_FORMAT,
        "version": TARGET_JS_VERSION,
        "fields": [name for name, _boost in FIELDS],
        "boosts": [boost for _name, boost in FIELDS],
        "k1": K1,
        "b": B,
        "pipeline": [fn.label for fn in SEARCH_PIPELINE],  # the Index's pipeline, as lunr.py names it
        "refs": [document.ref for document in documents],
        "terms": terms,
        "postings": postings,
        "forms": printed_forms({pair for fields in words for pairs in fields for pair in pairs}, terms),
    }


def make_store(plan: Plan, documents: list[SearchDocument]) -> dict:
    """What results and filters show, in the order of the index's refs.

    Documents are arrays, not objects, so that key names are not repeated 259 times; the keys
    are named once in "columns". Topics and organisations (those that deliver an action) are
    listed once as [id, name] and documents refer to them by number. No summary: the snippet
    comes from the action's text, fetched for the results on screen only (search/text/<commitment>.json).
    """
    topics = [(t.id, t.name) for t in plan.topics if any(t.id in d.topics for d in documents)]
    organisations = [(o.id, o.name) for o in plan.organisations if any(o.id in d.organisations for d in documents)]
    topic_number = {topic_id: n for n, (topic_id, _) in enumerate(topics)}
    organisation_number = {organisation_id: n for n, (organisation_id, _) in enumerate(organisations)}
    return {
        "columns": [
            "ref", "url", "title", "pillar", "commitment", "topics", "organisations", "status", "progress", "schedule"
        ],
        "documents": [
            [
                d.ref, d.url, d.title, d.pillar, d.commitment,
                [topic_number[t] for t in d.topics if t in topic_number],
                [organisation_number[o] for o in d.organisations if o in organisation_number],
                d.status,
                d.progress,
                d.schedule,
            ]
            for d in documents
        ],
        "topics": [list(pair) for pair in topics],
        "organisations": [list(pair) for pair in organisations],
    }


# --- The index split for the page: a small head, and the terms in shards fetched as needed ----------

SPLIT_FORMAT = "lunr-2.3.9-split-2"
# Bytes of JSON per shard before gzip (about a third of that sent): a first search fetches the
# head and the shard of each of its words, so a shard's size, not the plan's, sets what it costs.
SHARD_BYTES = 6_000


def term_postings(packed: dict) -> tuple[list[list[list[int]]], list[list[int]]]:
    """The packed rows (per field, per document: term gaps and counts) turned round: for each
    term, per field, the documents that hold it (as gaps, a count > 1 negated after its document);
    and each field's length in each document, which scoring needs for every document."""
    fields, refs = packed["fields"], packed["refs"]
    by_term: list[list[list[int]]] = [[[] for _ in fields] for _ in packed["terms"]]
    last = [[-1] * len(fields) for _ in packed["terms"]]
    lengths = []
    for f, rows in enumerate(packed["postings"]):
        field_lengths = []
        for d in range(len(refs)):
            term, length = -1, 0
            for value in rows[d]:
                if value > 0:  # the gap to the next term, which occurs once unless a count follows
                    term += value
                    length += 1
                    by_term[term][f].append(d - last[term][f])
                    last[term][f] = d
                else:  # the term's count, negated: the posting takes it as it is
                    length -= value + 1
                    by_term[term][f].append(value)
            field_lengths.append(length)
        lengths.append(field_lengths)
    for entries in by_term:
        while entries and not entries[-1]:
            entries.pop()  # trailing empty fields say nothing
    return by_term, lengths


def compact_refs(refs: list[str]) -> list:
    """The refs with each run of one commitment's letters from "a" written once: "12a", "12b",
    "12c" as ["12", 3]; any other ref as it is. A third of the head at 10x, as a list of ids."""
    out: list = []
    i = 0
    while i < len(refs):
        prefix = refs[i][:-1]
        n = 0
        while n < 26 and i + n < len(refs) and refs[i + n] == prefix + chr(ord("a") + n):
            n += 1
        if n:
            out.append([prefix, n])
            i += n
        else:
            out.append(refs[i])
            i += 1
    return out


def split_index(packed: dict) -> tuple[dict, list[dict]]:
    """The packed index as a head and shards of consecutive terms.

    The head holds what every query needs whatever its words: fields, boosts, BM25's k1 and b,
    the refs, each field's length in each document (BM25 normalises by it), the plain-language
    vocabulary's filler and the phrases that start with a small word, the word list's file starts,
    and each shard's first term and size. A shard holds its terms, their printed forms and their
    postings, and the vocabulary's phrases that start with one of its terms; a term's number is its place in the
    whole sorted vocabulary (the shards' sizes before it, plus its place in its shard), so the
    page scores exactly as with the whole index. Shards are cut by bytes alone: the page asks for
    the shard of every term a query looks up (search.js, `hasTerm`), wherever it falls.
    """
    by_term, lengths = term_postings(packed)
    terms, forms = packed["terms"], packed["forms"]
    shards: list[dict] = []
    current: dict = {"terms": [], "forms": [], "postings": []}
    size = 0
    for i, term in enumerate(terms):
        entry_size = len(term) + len(forms[i]) + len(str(by_term[i])) + 6
        if current["terms"] and size + entry_size > SHARD_BYTES:
            shards.append(current)
            current, size = {"terms": [], "forms": [], "postings": []}, 0
        current["terms"].append(term)
        current["forms"].append(forms[i])
        current["postings"].append(by_term[i])
        size += entry_size
    if current["terms"]:
        shards.append(current)
    head = {
        "format": SPLIT_FORMAT,
        **{k: packed[k] for k in ("version", "fields", "boosts", "k1", "b", "pipeline")},
        "refs": compact_refs(packed["refs"]),
        "lengths": lengths,
        "shards": [[shard["terms"][0], len(shard["terms"])] for shard in shards],
        **{k: packed[k] for k in ("english",) if k in packed},
    }
    if "plain" in packed:
        head["plain"], by_shard = split_vocabulary(packed["plain"], [shard["terms"][0] for shard in shards])
        for shard, rows in zip(shards, by_shard, strict=True):
            if rows:
                shard["plain"] = rows
    return head, shards


def split_vocabulary(plain: dict, starts: list[str]) -> tuple[dict, list[list]]:
    """The plain-language vocabulary split as the terms are: a phrase's key goes to the shard of its
    first stem, which the page loads for a query with that word anyway (search.js, `plainMatches`
    finds a phrase by its first stem only), so a first search no longer downloads the whole
    vocabulary with the head. Keys that start with a stop word's stem stay in the head: the page
    fetches no shard for a stop word. Rows are [n, keys, alternatives, label, when, help], n the
    row's place in the whole vocabulary; a row whose keys fall in several places is in each, with
    those keys only.
    """
    stop_stems = {stem_word(w) for w in STOP_WORDS}
    head_rows: list[list] = []
    by_shard: list[list] = [[] for _ in starts]
    for n, (keys, *rest) in enumerate(plain["terms"]):
        places: dict[int, list[str]] = {}
        for key in keys.split("|"):
            first = key.split(" ")[0].lstrip("~")
            place = -1 if first in stop_stems else max(bisect.bisect_right(starts, first) - 1, 0)
            places.setdefault(place, []).append(key)
        for place, place_keys in places.items():
            (head_rows if place < 0 else by_shard[place]).append([n, "|".join(place_keys), *rest])
    for rows in by_shard:
        rows.sort(key=lambda row: row[0])
    head_rows.sort(key=lambda row: row[0])
    return {"terms": head_rows, "filler": plain["filler"]}, by_shard


def word_list(packed: dict, shards: list[dict]) -> dict:
    """Every term with its printed forms and the number of actions that hold it: what typo
    correction compares a word the plan lacks with (search.js, closestWords), without the postings
    of every shard. The page fetches it for a typo only."""
    actions = []
    for entries in (entries for shard in shards for entries in shard["postings"]):
        holders: set[int] = set()
        for entry in entries:
            d = -1
            for value in entry:
                if value > 0:
                    d += value
                    holders.add(d)
        actions.append(len(holders))
    return {"terms": packed["terms"], "forms": packed["forms"], "actions": actions}


def split_store(store: dict) -> tuple[dict, list[list]]:
    """The store as a head (columns and names) and its rows in runs of one commitment each.

    The page fetches the rows of the runs its results fall in (their filters need every result's
    row), not every action's. The head's `runs` gives each run's length, in the order of the
    index's refs, so the page knows a ref's run without its row.
    """
    runs: list[list] = []
    commitment = store["columns"].index("commitment")
    previous = None
    for row in store["documents"]:
        if not runs or row[commitment] != previous:
            runs.append([])
            previous = row[commitment]
        runs[-1].append(row)
    head = {k: v for k, v in store.items() if k != "documents"}
    head["runs"] = [len(run) for run in runs]
    return head, runs
