"""Pelican hooks: find the plan data and the published actions, write the search files."""

from __future__ import annotations

import gc
import hashlib
import json
import logging
import time
from pathlib import Path

from pelican import signals

from .documents import SearchDocument, search_documents
from .pack import index_builder, make_store, pack_index

log = logging.getLogger(__name__)

INDEX_FILE = "search/lunr-index.json"
STORE_FILE = "search/store.json"
TEXT_DIR = "search/text"


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


def build_search_files(plan: dict, published: set[str] | None = None) -> dict[str, bytes]:
    """Every search file, by path relative to the output folder. Pure: no I/O."""
    documents = search_documents(plan, published)
    return {
        INDEX_FILE: _dump(pack_index(index_builder(documents), documents)),
        STORE_FILE: _dump(make_store(plan, documents)),
        **text_files(documents),
    }


def _version(data: bytes) -> str:
    """A short content hash for the file URLs, so a new build is never served a stale index."""
    return hashlib.sha256(data).hexdigest()[:10]


def write_search_files(generators) -> None:
    articles_generator = next((g for g in generators if hasattr(g, "articles")), None)
    if articles_generator is None:
        return
    # plan_context has already read actions.json (honouring PLAN_DATA) into the shared context;
    # reading and decoding it again here would be the same I/O twice, with its own idea of the path.
    plan = articles_generator.context.get("PLAN") or {}
    if not plan.get("actions"):
        log.warning("search_index: no plan in the context (is plan_context enabled?); no search index written")
        return
    started = time.perf_counter()
    published = {
        str(a.metadata.get("action_id") or a.slug) for a in articles_generator.articles
    } or None
    # lunr.py allocates many small objects (tokens, metadata, postings) and frees none of them as
    # cycles, yet the cyclic collector keeps walking the growing heap: measured 30 % of the index
    # build at 10x the plan. Nothing is lost by holding it off for these few hundred ms.
    gc_was_enabled = gc.isenabled()
    gc.disable()
    try:
        files = build_search_files(plan, published)
    finally:
        if gc_was_enabled:
            gc.enable()
    output = Path(articles_generator.output_path)
    for relative, data in files.items():
        target = output / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    # search.html reads these; the version makes each build's files a new URL.
    articles_generator.context["SEARCH_FILES"] = {
        "index": f"{INDEX_FILE}?v={_version(files[INDEX_FILE])}",
        "store": f"{STORE_FILE}?v={_version(files[STORE_FILE])}",
        "text": f"{TEXT_DIR}/",
    }
    log.info(
        "search_index: %d actions indexed in %.2f s", len(published or plan["actions"]), time.perf_counter() - started
    )


def register() -> None:
    signals.all_generators_finalized.connect(write_search_files)
