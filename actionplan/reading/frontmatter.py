"""The plan's front matter: cover, title page, imprint and contents, read into a `Document`.

Everything before the first pillar is read here; `parse` reads the pillars. Each line gets a use
("document") or the rule that dropped it ("cover", "imprint", "page-header"), so nothing is lost
without a name. Only a title and the contents are required: another plan of the same shape may
print no publisher, subtitle, date, copyright line, licence or ISBN, and each one missing is a
notice (`file:line: notice: ...`), not a stop.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..model import ContentsEntry, Document, PlanError
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


# What each imprint field looks like, in the order a title page and imprint print them.
_IMPRINT = {
    "date": lambda text: text if _DATE.match(text) else None,
    "copyright": lambda text: text if "©" in text else None,
    "licence": lambda text: m.group(0) if (m := _LICENCE.search(text)) else None,
    "isbn": lambda text: m.group("isbn") if (m := _ISBN.search(text)) else None,
}


@dataclass(frozen=True)
class FrontMatter:
    document: Document
    uses: dict[int, tuple[str | None, str | None]]  # line -> (used_by, dropped_by)
    running_header: str  # the text every page repeats at its top: "Action Plan" ("" when unknown)
    pillar_entries: tuple[ContentsEntry, ...]  # contents entries that open a pillar, in order
    end: int  # index in the lines of the first line after the front matter
    notices: tuple[str, ...] = ()  # `file:line: notice: ...` for each field the front matter lacks


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
    notices: list[str] = []

    def fail(line: int, message: str) -> PlanError:
        return PlanError(file, line, message)

    def notice(line: int, message: str) -> None:
        notices.append(f"{file}:{line}: notice: {message}")

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

    title_line = lines[title_at].number

    # The publisher is the heading just above the title (a top-level one is the cover's title, not
    # a publisher); the subtitle is the heading just below it, unless that is already the imprint
    # (a "#### © Crown copyright" heading).
    above = next((i for i in range(title_at - 1, -1, -1) if lines[i].kind is Kind.HEADING), None)
    publisher_at = above if above is not None and _level(lines[above]) > 1 else None
    below = next((i for i in range(title_at + 1, contents_at) if lines[i].kind is Kind.HEADING), None)
    subtitle_at = below if below is not None and not _imprint_field(plain(lines[below].body)) else None
    if publisher_at is None:
        notice(title_line, "no publisher heading above the title: the site names no publisher")
    else:
        uses[lines[publisher_at].number] = ("document", None)
    if subtitle_at is None:
        notice(title_line, "no subtitle heading below the title: no page header can be recognised by it")
        subtitle = None
    else:
        uses[lines[subtitle_at].number] = ("document", None)
        subtitle = plain(lines[subtitle_at].body)

    found: dict[str, tuple[int, str]] = {}
    for i in range(title_at + 1, contents_at):
        text = plain(lines[i].body)
        for name, read in _IMPRINT.items():
            if name not in found and (value := read(text)):
                found[name] = (i, value)
                uses[lines[i].number] = ("document", None)
                break
    for name in _IMPRINT:
        if name not in found:
            notice(title_line, f"the title page and imprint give no {name}")

    running_header = subtitle or ""
    contents, end = _read_contents(lines, contents_at, running_header, uses, file)
    pillars = pillar_entries(contents)
    if not pillars:  # before the opening, which reads up to the first pillar's heading
        raise fail(lines[contents_at].number, 'the contents list no "Pillar <n>:" entry')
    opening_title, opening, end = _read_opening(lines, end, contents, running_header, uses, file)

    for i in range(end):
        line = lines[i]
        if line.number in uses:
            continue
        if line.kind is Kind.BLANK:
            uses[line.number] = ("blank", None)
        elif subtitle_at is not None and plain(line.body) == subtitle and i > subtitle_at:
            uses[line.number] = (None, "page-header")
        elif i < title_at:
            uses[line.number] = (None, "cover")  # the cover repeats the title page
        else:
            uses[line.number] = (None, "imprint")  # printing and enquiry notes the site does not carry

    document = Document(
        title=volume_match.group("title") if volume_match else title_text,
        volume=volume_match.group("volume") if volume_match else None,
        subtitle=subtitle,
        date=found["date"][1] if "date" in found else None,
        publisher=plain(lines[publisher_at].body) if publisher_at is not None else None,
        isbn=found["isbn"][1] if "isbn" in found else None,
        licence=found["licence"][1] if "licence" in found else None,
        copyright=found["copyright"][1] if "copyright" in found else None,
        contents=contents,
        opening_title=opening_title,
        opening=opening,
    )
    return FrontMatter(document, uses, running_header, pillars, end, tuple(notices))


def _imprint_field(text: str) -> bool:
    return any(read(text) for read in _IMPRINT.values())


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
