"""Atom 1.0 (RFC 4287) as text: the bytes feedgenerator's Atom1Feed writes for the elements the
progress feeds use, written directly rather than through its SAX writer, which makes a dozen calls
for every element of the 290 feeds a build writes. tests/test_progress_feeds.py checks each feed
and hostile text against feedgenerator itself."""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from urllib.parse import quote
from xml.sax.saxutils import escape, quoteattr

NAMESPACE = "http://www.w3.org/2005/Atom"
_START = f'<?xml version="1.0" encoding="utf-8"?>\n<feed xml:lang="en-GB" xmlns="{NAMESPACE}">'
# XML 1.0 has no place for these; feedgenerator refuses them the same way.
_CONTROL = re.compile(r"[\x00-\x08\x0B-\x0C\x0E-\x1F]")
_HTML = ' type="html"'


def iri_to_uri(iri: str) -> str:
    """As feedgenerator (and Django) turn a link into a URI: RFC 3987 section 3.1."""
    return quote(iri, safe="/#%[]=:;$&()+,!?*@'~")


def _element(name: str, text: str, attributes: str = "") -> str:
    """An element holding text; empty, it closes itself, as feedgenerator's writer does."""
    if not text:
        return f"<{name}{attributes}/>"
    if _CONTROL.search(text):
        raise ValueError(f"Atom {name}: control characters are not supported in XML 1.0: {text!r}")
    return f"<{name}{attributes}>{escape(text)}</{name}>"


def _link(href: str, rel: str) -> str:
    return f"<link href={quoteattr(iri_to_uri(href))} rel={quoteattr(rel)}/>"


def _date(value: datetime.datetime) -> str:
    """RFC 3339, as feedgenerator writes it: "2026-04-29T00:00:00+00:00"."""
    return value.isoformat() + ("Z" if value.utcoffset() is None else "")


@dataclass(frozen=True)
class Entry:
    title: str
    link: str
    summary: str
    id: str
    date: datetime.datetime  # published and updated: an entry is a dated event, as of that date
    category: str

    def xml(self) -> str:
        date = _date(self.date)
        return (
            f"<entry>{_element('title', self.title)}{_link(self.link, 'alternate')}"
            f"<published>{date}</published><updated>{date}</updated>{_element('id', self.id)}"
            f"{_element('summary', self.summary, _HTML)}<category term={quoteattr(self.category)}/></entry>"
        )


def feed(
    *, title: str, link: str, subtitle: str, feed_url: str, id: str, updated: datetime.datetime, entries: list[Entry]
) -> bytes:
    """The feed's bytes, in UTF-8, its entries in the order given."""
    return (
        f"{_START}{_element('title', title)}{_link(link, 'alternate')}{_link(feed_url, 'self')}"
        f"{_element('id', id)}<updated>{_date(updated)}</updated>"
        # feedgenerator writes a subtitle only where there is one.
        f"{_element('subtitle', subtitle) if subtitle else ''}"
        f"{''.join(entry.xml() for entry in entries)}</feed>"
    ).encode()
