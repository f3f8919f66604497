"""The plan's front matter: cover, title page, imprint and contents, read into a `Document`.

Everything before the first pillar is read here; `parse` reads the pillars. Each line gets a use
("document") or the rule that dropped it ("cover", "imprint", "page-header"), so nothing is lost
without a name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .model import ContentsEntry, Document, PlanError
from .source import Kind, SourceLine, plain

# A title may end in the volume it is ("... Volume 2"); a plan that is not one volume of a series has none.
_VOLUME = re.compile(r"^(?P<title>.*\S)\s+(?P<volume>Volume \d+)$")
_DATE = re.compile(
    r"^(January|February|March|April|May|June|July|August|September|October|November|December) \d{4}$"
)
_ISBN = re.compile(r"\bISBN\s+(?P<isbn>[\d-]{10,17})\b")
_LICENCE = re.compile(r"Open Government Licen[cs]e v\d+(?:\.\d+)?")
_CONTENTS_ENTRY = re.compile(r"^(?P<title>.*?\S)\s+(?P<page>\d{1,3})$")
_PILLAR_ENTRY = re.compile(r"^Pillar \d+\s*:\s*")


@dataclass(frozen=True)
class FrontMatter:
    document: Document
    uses: dict[int, tuple[str | None, str | None]]  # line -> (used_by, dropped_by)
    running_header: str  # the text every page repeats at its top: "Action Plan"
    pillar_entries: tuple[ContentsEntry, ...]  # contents entries that open a pillar, in order
    end: int  # index in the lines of the first line after the front matter


def pillar_entries(contents: tuple[ContentsEntry, ...]) -> tuple[ContentsEntry, ...]:
    """The contents entries that are pillars: the first "Pillar n:" entry and all after it.

    The last pillar of the plan ("Whole of Society Approach") is not printed as "Pillar 4:", so
    position, not wording, decides.
    """
    for index, entry in enumerate(contents):
        if _PILLAR_ENTRY.match(entry.title):
            return contents[index:]
    return ()


def _level(line: SourceLine) -> int:
    marks = line.raw.lstrip()
    return len(marks) - len(marks.lstrip("#"))


def pillar_title(entry_title: str) -> str:
    return _PILLAR_ENTRY.sub("", entry_title).strip()


def read_front_matter(lines: tuple[SourceLine, ...], file: str) -> FrontMatter:
    uses: dict[int, tuple[str | None, str | None]] = {}

    def fail(line: int, message: str) -> PlanError:
        return PlanError(file, line, message)

    contents_at = next(
        (i for i, s in enumerate(lines) if s.kind is Kind.HEADING and plain(s.body).lower() == "contents"),
        None,
    )
    if contents_at is None:
        raise fail(1, 'no "# Contents" heading: the front matter cannot be told from the plan')

    # The title page's title is the last top-level heading before the contents (the cover, which
    # repeats it, comes first); its wording is free.
    title_at = next(
        (i for i in range(contents_at - 1, -1, -1) if lines[i].kind is Kind.HEADING and _level(lines[i]) == 1),
        None,
    )
    if title_at is None:
        raise fail(1, 'no title heading ("# <title>") before the contents')
    title_text = plain(lines[title_at].body)
    volume_match = _VOLUME.match(title_text)
    uses[lines[title_at].number] = ("document", None)

    # The publisher is the heading just above the title, the subtitle the heading just below it.
    publisher_at = next((i for i in range(title_at - 1, -1, -1) if lines[i].kind is Kind.HEADING), None)
    subtitle_at = next((i for i in range(title_at + 1, contents_at) if lines[i].kind is Kind.HEADING), None)
    if publisher_at is None:
        raise fail(lines[title_at].number, "no publisher heading above the title")
    if subtitle_at is None:
        raise fail(lines[title_at].number, "no subtitle heading below the title")
    uses[lines[publisher_at].number] = ("document", None)
    uses[lines[subtitle_at].number] = ("document", None)
    subtitle = plain(lines[subtitle_at].body)

    found: dict[str, tuple[int, str]] = {}
    for i in range(title_at + 1, contents_at):
        text = plain(lines[i].body)
        if "date" not in found and _DATE.match(text):
            found["date"] = (i, text)
        elif "copyright" not in found and "©" in text:
            found["copyright"] = (i, text)
        elif "licence" not in found and (m := _LICENCE.search(text)):
            found["licence"] = (i, m.group(0))
        elif "isbn" not in found and (m := _ISBN.search(text)):
            found["isbn"] = (i, m.group("isbn"))
    for name in ("date", "copyright", "licence", "isbn"):
        if name not in found:
            raise fail(lines[title_at].number, f"the title page and imprint give no {name}")
        uses[lines[found[name][0]].number] = ("document", None)

    contents, end = _read_contents(lines, contents_at, subtitle, uses, file)
    pillars = pillar_entries(contents)
    if not pillars:  # before the opening, which reads up to the first pillar's heading
        raise fail(lines[contents_at].number, 'the contents list no "Pillar <n>:" entry')
    opening_title, opening, end = _read_opening(lines, end, contents, subtitle, uses, file)

    for i in range(end):
        line = lines[i]
        if line.number in uses:
            continue
        if line.kind is Kind.BLANK:
            uses[line.number] = ("blank", None)
        elif plain(line.body) == subtitle and i > subtitle_at:
            uses[line.number] = (None, "page-header")
        elif i < title_at:
            uses[line.number] = (None, "cover")  # the cover repeats the title page
        else:
            uses[line.number] = (None, "imprint")  # printing and enquiry notes the site does not carry

    document = Document(
        title=volume_match.group("title") if volume_match else title_text,
        volume=volume_match.group("volume") if volume_match else None,
        subtitle=subtitle,
        date=found["date"][1],
        publisher=plain(lines[publisher_at].body),
        isbn=found["isbn"][1],
        licence=found["licence"][1],
        copyright=found["copyright"][1],
        contents=contents,
        opening_title=opening_title,
        opening=opening,
    )
    return FrontMatter(document, uses, subtitle, pillars, end)


def _read_contents(lines, contents_at, running_header, uses, file):
    """The contents list: "Title<tab>page" lines up to the first line that is not one."""
    uses[lines[contents_at].number] = ("document", None)
    entries: list[ContentsEntry] = []
    i = contents_at + 1
    while i < len(lines):
        line = lines[i]
        if line.kind is Kind.BLANK:
            uses[line.number] = ("blank", None)
        elif line.kind is Kind.TEXT and (m := _CONTENTS_ENTRY.match(plain(line.body))) and (
            plain(line.body) != running_header
        ):
            entries.append(ContentsEntry(m.group("title"), int(m.group("page"))))
            uses[line.number] = ("document", None)
        else:
            break
        i += 1
    if not entries:
        raise PlanError(file, lines[contents_at].number, "the contents list is empty")
    pages = [e.page for e in entries]
    if pages != sorted(pages):
        raise PlanError(file, lines[contents_at].number, f"contents pages are not in order: {pages}")
    return tuple(entries), i


def _read_opening(lines, start, contents, running_header, uses, file):
    """The sections the contents list before the first pillar: the first one is the opening.

    Later ones ("Our Action Plan") were whole-page graphics that the conversion lost; their heading
    is kept as part of the document, and any text under them would be an error, not silently lost.
    """
    before_pillars = contents[: len(contents) - len(pillar_entries(contents))]
    titles = [e.title for e in before_pillars]
    first_pillar = pillar_entries(contents)[0].title
    opening_title = titles[0] if titles else ""
    opening: list[str] = []
    section: str | None = None
    i = start
    while i < len(lines):
        line = lines[i]
        text = plain(line.body)
        if line.kind is Kind.HEADING and text == first_pillar:
            break
        if line.kind is Kind.BLANK:
            uses[line.number] = ("blank", None)
        elif text == running_header:
            uses[line.number] = (None, "page-header")
        elif line.kind is Kind.HEADING and text in titles:
            section = text
            uses[line.number] = ("document", None)
        elif section == opening_title and section is not None:
            opening.append(text)
            uses[line.number] = ("document", None)
        else:
            raise PlanError(file, line.number, f"text before the first pillar outside the opening: {text[:60]!r}")
        i += 1
    if i == len(lines):
        raise PlanError(file, lines[start].number if start < len(lines) else 1,
                        f"no heading for the first pillar {first_pillar!r}")
    return opening_title, tuple(opening), i
