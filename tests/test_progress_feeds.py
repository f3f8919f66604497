"""The Atom feeds are written directly (plugins/progress/atom.py): byte for byte what feedgenerator's
Atom1Feed, which Pelican's own feeds use, writes for the same feed, on the real plan and on hostile text."""

from __future__ import annotations

import dataclasses
import datetime

import feedgenerator
import pytest
from helpers.site import REPO
from hypothesis import given, settings
from hypothesis import strategies as st

from plugins.core.model import DEFAULT_SCHEMA, load_model
from plugins.progress import atom
from plugins.progress.feeds import action_files, feeds

DATA = REPO / "content" / "data" / "actions.json"


class _DatedFeed(feedgenerator.Atom1Feed):
    """feedgenerator dates a feed by its newest entry, or the clock: the site dates it by the as-of date."""

    def __init__(self, *args, updated: datetime.datetime, **kwargs):
        super().__init__(*args, **kwargs)
        self.updated = updated

    def latest_post_date(self) -> datetime.datetime:
        return self.updated


def reference(title, link, subtitle, feed_url, id, updated, entries) -> bytes:
    """The feed as feedgenerator writes it (the site's feeds before atom.py)."""
    feed = _DatedFeed(
        title=title, link=link, description=subtitle, feed_url=feed_url, language="en-GB", feed_guid=id,
        updated=updated,
    )
    for e in entries:
        feed.add_item(title=e.title, link=e.link, description=e.summary, unique_id=e.id, pubdate=e.date,
                      updateddate=e.date, categories=[e.category])
    return feed.writeString("utf-8").encode("utf-8")


@pytest.fixture(scope="module")
def plan():
    return load_model(DATA, DEFAULT_SCHEMA, as_of=datetime.date(2026, 12, 7)).plan


@pytest.mark.parametrize("siteurl", ["", "https://example.org/vawg"])
def test_every_feed_is_feedgenerators_bytes(plan, siteurl, monkeypatch):
    """Each feed of the build is read back through feedgenerator, with the values atom.feed was given."""
    given_to: dict[str, dict] = {}
    write = atom.feed

    def recording(**values):
        given_to[values["feed_url"]] = values
        return write(**values)

    monkeypatch.setattr(atom, "feed", recording)
    files = {**feeds(plan, siteurl, "Site"), **action_files(plan, siteurl, "Site")}
    written = {path: data for path, data in files.items() if path.endswith(".atom")}
    assert len(written) == len(plan.topics) + 1 + len(plan.actions) == len(given_to)
    with_entries = 0
    for path, data in written.items():
        values = given_to[f"{siteurl}/{path}"]
        assert data == reference(**values), path
        with_entries += bool(values["entries"])
    assert with_entries > 1  # entries as well as empty feeds were compared


text = st.text(st.characters(blacklist_categories=("Cs",)), max_size=40)


@settings(max_examples=200, deadline=None)
@given(title=text, subtitle=text, link=text, summary=text, category=text, entry_title=text, entry_link=text)
def test_hostile_text_is_written_as_feedgenerator_writes_it(title, subtitle, link, summary, category, entry_title,
                                                            entry_link):
    """Quotes, ampersands, angle brackets, line breaks, tabs and any letter, in every field; empty fields."""
    day = datetime.datetime(2026, 4, 29, tzinfo=datetime.UTC)
    entry = atom.Entry(title=entry_title, link=entry_link, summary=summary, id="urn:uuid:1", date=day,
                       category=category)
    values = dict(title=title, link=link, subtitle=subtitle, feed_url="https://example.org/f.atom",
                  id="urn:uuid:0", updated=day, entries=[entry, dataclasses.replace(entry, summary="")])
    try:
        expected = reference(**values)
    except ValueError:  # control characters: refused by both
        with pytest.raises(ValueError):
            atom.feed(**values)
        return
    assert atom.feed(**values) == expected
