"""plugins.markdown_reader reads every page of content/ as Pelican's own Markdown reader does, with one
Markdown instance for all of them: nothing one file defines (abbreviations, footnotes, metadata)
reaches the next, and summaries are converted as Pelican converts them."""

from __future__ import annotations

import runpy
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import settings as examples
from hypothesis import strategies as st
from pelican import readers
from pelican.settings import DEFAULT_CONFIG

from plugins.markdown_reader import MarkdownReader

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def settings() -> dict:
    conf = runpy.run_path(str(REPO / "pelicanconf.py"))
    return {**DEFAULT_CONFIG, **{k: v for k, v in conf.items() if k.isupper()}}


def test_one_instance_reads_every_page_as_a_new_instance_per_page_does(settings):
    pages = sorted((REPO / "content").rglob("*.md"))
    assert len(pages) > 250
    ours = MarkdownReader(settings)
    for page in pages:
        expected = readers.MarkdownReader(settings).read(str(page))
        assert ours.read(str(page)) == expected, page.relative_to(REPO)


def test_what_one_file_defines_does_not_reach_the_next(settings, tmp_path):
    first = tmp_path / "first.md"
    # No summary: Pelican resets its instance before converting one, which would hide a missing reset.
    first.write_text("Title: One\n\nThe DAPO[^1].\n\n[^1]: A note.\n\n"
                     "*[DAPO]: Domestic Abuse Protection Order\n", encoding="utf-8")
    second = tmp_path / "second.md"
    second.write_text("Title: Two\nSummary: Also DAPO\n\nAlso DAPO.\n", encoding="utf-8")
    ours = MarkdownReader(settings)
    ours.read(str(first))
    content, metadata = ours.read(str(second))
    assert content == "<p>Also DAPO.</p>"
    assert metadata["summary"] == "<p>Also DAPO</p>" and metadata["title"] == "Two"
    assert (content, metadata) == readers.MarkdownReader(settings).read(str(second))


def test_the_site_reads_markdown_with_it(settings):
    from pelican import signals

    import plugins.markdown_reader as plugin

    plugin.register()
    try:
        assert isinstance(readers.Readers(settings).readers["md"], MarkdownReader)
    finally:
        signals.readers_init.disconnect(plugin.use_one_markdown)


@pytest.mark.parametrize("written", ["2025-12-01", "2024-02-29", "1 December 2025", "2025-12-01 10:30", "2025_12_01"])
def test_dates_read_as_pelican_reads_them(settings, written):
    ours = MarkdownReader(settings).process_metadata("date", written)
    pelicans = readers.MarkdownReader(settings).process_metadata("date", written)
    assert (ours, type(ours)) == (pelicans, type(pelicans))


@pytest.mark.parametrize("written", ["2025-02-30", "2025-13-01"])
def test_a_day_that_does_not_exist_fails_as_in_pelican(settings, written):
    with pytest.raises(ValueError, match="is not a valid date"):
        MarkdownReader(settings).process_metadata("date", written)


# Plain words in every form the rule lets through, and the characters it stops at, as a summary.
WORDS = st.text(alphabet="Aa1 \"'(),./:;?!%£–—…‘’“”-*_`[]<>&\\{}|#+=~^\t", min_size=0, max_size=14)


@examples(max_examples=400, deadline=None)
@given(first=st.sampled_from("Aa1-*#> ("), rest=WORDS)
def test_a_summary_reads_as_markdown_converts_it(settings, tmp_path_factory, first, rest):
    summary = first + rest
    page = tmp_path_factory.mktemp("summary") / "page.md"
    page.write_text(f"Title: T\nSummary: {summary}\n\nText.\n", encoding="utf-8")
    assert MarkdownReader(settings).read(str(page)) == readers.MarkdownReader(settings).read(str(page))
