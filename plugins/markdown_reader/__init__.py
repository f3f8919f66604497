"""Pelican's Markdown reader with one `markdown.Markdown` for all the files it reads, reset between
them, instead of a new one per file: building one (its extensions, their processors and patterns)
cost about two thirds as much as converting an action page. Dates written as the generator writes
them (`Date: 2025-12-01`) are read by the datetime module instead of dateutil's general parser, and
a summary of plain words becomes its paragraph without a run of Markdown."""

from __future__ import annotations

import contextlib
import re

from markdown import Markdown
from pelican import readers, signals
from pelican.utils import SafeDatetime, pelican_open

# A calendar day, as content/actions/*.md give it: Pelican's dateutil parse makes it that day at
# midnight, a SafeDatetime, as fromisoformat does, at a fortieth of the cost (every action page has one).
ISO_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")

# A line of words Markdown leaves as they are, in one paragraph: it starts with a letter (not a list,
# heading or quote), ends with no space (no line break) and has none of the characters Markdown or
# the site's extensions read (* _ ` [ < & \ { | # and the like), nor "--" or ".." (smarty's dashes
# and ellipses). Every action's summary is one (tests/test_markdown_reader.py checks the rule against
# Markdown itself); converting each cost about a third as much as converting its page.
PLAIN_PARAGRAPH = re.compile(r"[A-Za-z][A-Za-z0-9 \"'(),./:;?!%£–—…‘’“”-]*(?<! )")


def plain_paragraph(text: str) -> bool:
    return PLAIN_PARAGRAPH.fullmatch(text) is not None and "--" not in text and ".." not in text


class MarkdownReader(readers.MarkdownReader):
    """Reads each file as Pelican's reader does, with the same settings and the same steps: the
    file converted, then its formatted metadata (the summary) converted after a reset, with the
    metadata preprocessor turned off, where it is more than plain words."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._markdown: Markdown | None = None
        self._preprocessors = None

    def read(self, source_path):
        self._source_path = source_path
        if self._markdown is None:
            self._markdown = Markdown(**self.settings["MARKDOWN"])
            self._preprocessors = self._markdown.preprocessors[:]  # a copy: Pelican removes "meta" from its own
        md = self._md = self._markdown
        md.reset()
        md.preprocessors = self._preprocessors[:]
        with pelican_open(source_path) as text:
            content = md.convert(text)
        metadata = self._parse_metadata(md.Meta) if hasattr(md, "Meta") else {}
        return content, metadata

    def _parse_metadata(self, meta):
        """Pelican's, but a formatted field (the summary) of plain words is its paragraph as it is."""
        formatted = self.settings["FORMATTED_FIELDS"]
        plain = {name for name, values in meta.items()
                 if name.lower() in formatted and len(values) == 1 and plain_paragraph(values[0])}
        output = super()._parse_metadata({name: values for name, values in meta.items() if name not in plain})
        for name in plain:
            output[name.lower()] = self.process_metadata(name.lower(), f"<p>{meta[name][0]}</p>")
        return {name.lower(): output[name.lower()] for name in meta}  # the file's order, as Pelican keeps it

    def process_metadata(self, name, value):
        if name == "date" and isinstance(value, str) and ISO_DAY.fullmatch(value):
            with contextlib.suppress(ValueError):  # no such day: Pelican's own parse says so
                return SafeDatetime.fromisoformat(value)
        return super().process_metadata(name, value)


def use_one_markdown(pelican_readers: readers.Readers) -> None:
    for extension, reader in pelican_readers.reader_classes.items():
        if reader is readers.MarkdownReader:
            pelican_readers.reader_classes[extension] = MarkdownReader


def register() -> None:
    signals.readers_init.connect(use_one_markdown)
