"""lunr.py's index of the same documents, with the same pipeline: the reference the build's own
packing must equal, and lunr.py's search over it, for the tests and tools.

The build (pack.py) makes the packed index without lunr.py, from `printed_token` over strings:
lunr.py's Builder spends most of its time on Tokens and postings that the packed index leaves out,
and a build that imports no lunr.py saves about 13 M instructions more. lunr.py stays the reference
for the format lunr.js 2.3.9 reads: tests/test_search_parity.py checks `pack.pack_documents`
against `pack_index` here, byte for byte.
"""

from __future__ import annotations

from lunr import __TARGET_JS_VERSION__
from lunr.builder import Builder
from lunr.index import Index
from lunr.pipeline import Pipeline

from .documents import FIELDS, SearchDocument
from .pack import PACK_FORMAT, printed_forms
from .pipeline import FUNCTIONS, INDEX_PIPELINE, SEARCH_PIPELINE, field_terms, normalise_token, printed_words

if "normaliseToken" not in Pipeline.registered_functions:
    Pipeline.register_function(normalise_token, "normaliseToken")


def index_pipeline() -> Pipeline:
    """INDEX_PIPELINE as a lunr.py Pipeline over Tokens: the reference `index_terms` must equal."""
    pipeline = Pipeline()
    pipeline.add(*INDEX_PIPELINE)
    return pipeline


def new_builder() -> Builder:
    """A lunr.py Builder for terms that `field_terms` has already processed.

    Its index pipeline stays empty (the index never records it); its search pipeline, which the
    serialised index names for lunr.js, is SEARCH_PIPELINE.
    """
    builder = Builder()
    builder.search_pipeline.add(*SEARCH_PIPELINE)
    return builder


def add_field(builder: Builder, name: str, boost: float = 1) -> None:
    """Index `name` as lunr.js would: its tokenizer (lunr.py's knows fewer spaces), its pipeline.

    lunr.py wraps each element of a list in a Token unsplit, so handing it our processed terms
    gives exactly lunr.js's terms.
    """
    builder.field(name, boost=boost, extractor=lambda doc: field_terms(doc.get(name)))


def load_index(serialised: dict) -> Index:
    """Load a serialised index with these functions, not lunr.py's same-named ones."""
    pipeline = Pipeline()
    for name in serialised["pipeline"]:
        pipeline.add(FUNCTIONS[name])
    index = Index.load(dict(serialised, pipeline=[]))
    index.pipeline = pipeline
    return index


def index_builder(documents: list[SearchDocument]) -> Builder:
    """The documents added to a lunr.py Builder, with the lunr.js-identical pipeline."""
    builder = new_builder()
    builder.ref("ref")
    for name, boost in FIELDS:
        add_field(builder, name, boost)
    # No metadata whitelist: positions would double the index and snippets find terms themselves.
    builder.metadata_whitelist = []
    for document in documents:
        builder.add({"ref": document.ref, **document.fields})
    return builder


def build_index(documents: list[SearchDocument]) -> tuple[Index, Builder]:
    """lunr.py's whole index of the documents: what the packed index must unpack to (the tests)."""
    builder = index_builder(documents)
    return builder.build(), builder


def pack_index(builder: Builder, documents: list[SearchDocument]) -> dict:
    """The index as packed JSON from a lunr.py Builder: vocabulary plus, per field and document, term
    gaps and counts: what `pack.pack_documents` must equal.

    A row lists term numbers (positions in the sorted vocabulary) as gaps from the previous
    one; a term that occurs more than once is followed by its count, negated so it cannot be
    mistaken for a gap.
    """
    terms = sorted(builder.inverted_index)
    number = {term: i for i, term in enumerate(terms)}
    refs = list(builder._documents)
    fields = list(builder._fields)
    postings = []
    for field in fields:
        rows = []
        for ref in refs:
            frequencies = builder.field_term_frequencies[f"{field}/{ref}"]
            row, previous = [], -1
            for term in sorted(frequencies, key=number.__getitem__):
                row.append(number[term] - previous)
                previous = number[term]
                if frequencies[term] > 1:
                    row.append(-frequencies[term])
            rows.append(row)
        postings.append(rows)
    pairs = {pair for document in documents for text in document.fields.values() for pair in printed_words(text)}
    return {
        "format": PACK_FORMAT,
        "version": __TARGET_JS_VERSION__,
        "fields": fields,
        "boosts": [builder._fields[f].boost for f in fields],
        "k1": builder._k1,
        "b": builder._b,
        "pipeline": builder.search_pipeline.serialize(),  # the Index's pipeline
        "refs": refs,
        "terms": terms,
        "postings": postings,
        "forms": printed_forms(pairs, terms),
    }
