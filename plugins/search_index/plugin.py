"""Pelican hooks: find the plan data and the published actions, write the search files."""

from __future__ import annotations

import base64
import gc
import hashlib
import json
import logging
import os
import time
from pathlib import Path

from pelican import signals

from actionplan.errors import PlanError
from actionplan.reading.source import read_text
from actionplan.records.vocabulary import Vocabulary, load_vocabulary
from plugins.core.lean import lean
from plugins.core.model import site_model
from plugins.core.output import write_files
from plugins.core.plan import Plan

from .documents import SearchDocument, search_documents
from .pack import field_words, make_store, pack_documents, split_index, split_store, word_list
from .pipeline import STOP_WORDS
from .plain import WORDS_DIR, compile_vocabulary, english_files, english_words

log = logging.getLogger(__name__)

INDEX_FILE = "search/lunr-index.json"
STORE_FILE = "search/store.json"
TEXT_DIR = "search/text"
SPLIT_DIR = "search/index"
ROWS_DIR = "search/rows"


def _dump(data: object) -> bytes:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=False).encode()


def text_files(documents: list[SearchDocument]) -> dict[str, bytes]:
    """The actions' texts for snippets, one file per commitment: {"12a": "…", "12b": "…"}.

    A page of results mostly falls in a few commitments, so this fetches about as many bytes as
    one file per action would, from 34 files instead of 259 (on this site, each file written
    costs a build about as much as rendering a small page).
    """
    by_commitment: dict[int, dict[str, str]] = {}
    for document in documents:
        by_commitment.setdefault(document.commitment, {})[document.ref] = document.text
    return {f"{TEXT_DIR}/{number}.json": _dump(texts) for number, texts in by_commitment.items()}


class SearchIndexError(SystemExit):
    """Exits the build with one clear line (SystemExit prints its message and exits 1)."""


def build_search_files(
    plan: Plan,
    published: set[str] | None = None,
    vocabulary: tuple[Vocabulary, str] | None = None,
    english: list[str] | None = None,
) -> dict[str, bytes]:
    """Every search file, by path relative to the output folder. Pure: no I/O.

    `vocabulary` (the plain-language vocabulary and its file's name, for errors) goes into the
    index as `plain`; `english` (the word list) is written as small files, named in the index's
    `english`, for the page to tell real words from typos.
    """
    documents = search_documents(plan, published)
    words = field_words(documents)
    packed = pack_documents(documents, words)
    files = {}
    if vocabulary is not None:
        packed["plain"] = compile_vocabulary(vocabulary[0], set(packed["terms"]), vocabulary[1])
    if english is not None:
        printed = {word for fields in words for pairs in fields for word, _term in pairs}
        word_files, starts = english_files(english, printed)
        packed["english"] = starts
        files.update(word_files)
    head, shards = split_index(packed)
    # The page fetches the split index (head, then the shards a query needs) and the store's head
    # and the rows of its results' runs; the whole index and store stay beside them, unfetched,
    # for the tests and tools that read them in one piece.
    files[f"{SPLIT_DIR}/head.json"] = _dump(head)
    files[f"{SPLIT_DIR}/words.json"] = _dump(word_list(packed, shards))
    files.update({f"{SPLIT_DIR}/{n}.json": _dump(shard) for n, shard in enumerate(shards)})
    store = make_store(plan, documents)
    store_head, runs = split_store(store)
    files[f"{ROWS_DIR}/head.json"] = _dump(store_head)
    files.update({f"{ROWS_DIR}/{n}.json": _dump(rows) for n, rows in enumerate(runs)})
    return {
        INDEX_FILE: _dump(packed),
        STORE_FILE: _dump(store),
        **text_files(documents),
        **files,
    }


def read_vocabulary(settings: dict) -> tuple[Vocabulary, str]:
    """VOCABULARY_FILE (plan/vocabulary.toml), checked; a bad entry stops the build at its line."""
    path = settings.get("VOCABULARY_FILE")
    if not path:
        raise SearchIndexError("search_index: VOCABULARY_FILE is not set (pelicanconf.py)")
    shown = os.path.relpath(path)
    try:
        return load_vocabulary(read_text(path, shown), shown), shown
    except PlanError as error:
        raise SearchIndexError(str(error)) from None


def _version(data: bytes) -> str:
    """A short content hash for the file URLs, so a new build is never served a stale index."""
    return hashlib.sha256(data).hexdigest()[:10]


EARLY_SCRIPT = "static/js/search-early.js"


def csp_hash(code: str) -> str:
    """The CSP source that allows exactly this inline script: 'sha256-' and its digest in base64."""
    return "'sha256-" + base64.b64encode(hashlib.sha256(code.encode("utf-8")).digest()).decode("ascii") + "'"


def early_script(settings: dict, files: dict[str, bytes]) -> dict:
    """The theme's search-early.js, inlined (without its comments, plugins/lean_scripts) in the search
    page's head, with the hash its CSP names, the first term of each shard of the index, which it
    reads to guess a query's shards, and the stop words, whose shards it does not guess."""
    code = lean((Path(settings["THEME"]) / EARLY_SCRIPT).read_text(encoding="utf-8"))
    head = json.loads(files[f"{SPLIT_DIR}/head.json"])
    return {
        "code": code,
        "csp": csp_hash(code),
        "shard_starts": json.dumps([first for first, _count in head["shards"]], ensure_ascii=False),
        # The small words it skips (of two letters or more: it looks at no shorter word).
        "stop_words": " ".join(sorted(w for w in STOP_WORDS if len(w) >= 2)),
    }


def write_search_files(generators) -> None:
    articles_generator = next((g for g in generators if hasattr(g, "articles")), None)
    if articles_generator is None:
        return
    # The model every plugin shares (plugins/core: loaded once a build, honouring PLAN_DATA).
    plan = site_model(articles_generator.settings).plan
    started = time.perf_counter()
    published = {
        str(a.metadata.get("action_id") or a.slug) for a in articles_generator.articles
    } or None
    # The index build allocates many small objects and frees none of them as cycles, yet the cyclic
    # collector keeps walking the growing heap: measured 30 % of the index build at 10x the plan, when
    # lunr.py's Builder made it (before dc401d0). Nothing is lost by holding it off for these few
    # hundred ms.
    gc_was_enabled = gc.isenabled()
    gc.disable()
    try:
        files = build_search_files(plan, published, read_vocabulary(articles_generator.settings), english_words())
    except PlanError as error:
        raise SearchIndexError(str(error)) from None
    finally:
        if gc_was_enabled:
            gc.enable()
    write_files(articles_generator.output_path, files)
    # search.html reads these; the version makes each build's files a new URL.
    # The head, shards and word list share one hash of all their bytes: a new head never meets an
    # old shard, and a change to how the index is split is a new URL as a change to the index is.
    split_version = _version(b"\n".join(data for path, data in sorted(files.items())
                                        if path.startswith(f"{SPLIT_DIR}/")))
    articles_generator.context["SEARCH_FILES"] = {
        "index": f"{INDEX_FILE}?v={_version(files[INDEX_FILE])}",
        "head": f"{SPLIT_DIR}/head.json?v={split_version}",
        "shards": f"{SPLIT_DIR}/",
        "version": split_version,
        "rows_head": f"{ROWS_DIR}/head.json?v={_version(files[STORE_FILE])}",
        "rows": f"{ROWS_DIR}/",
        "rows_version": _version(files[STORE_FILE]),
        "store": f"{STORE_FILE}?v={_version(files[STORE_FILE])}",
        "text": f"{TEXT_DIR}/",
        "words": f"{WORDS_DIR}/",
    }
    articles_generator.context["SEARCH_EARLY"] = early_script(articles_generator.settings, files)
    log.info(
        "search_index: %d actions indexed in %.2f s", len(published or plan.actions), time.perf_counter() - started
    )


def register() -> None:
    signals.all_generators_finalized.connect(write_search_files)
