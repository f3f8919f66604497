"""Parse the converted plan into a `Plan` and an `Account` of what became of every source line.

The plan's shape: pillars (from the contents), themes (the headings inside a pillar), numbered
commitments, lettered actions and roman-numbered sub-items. The conversion from PDF damaged that
shape in known ways, each repaired here and recorded as a flag on the action:

- page headers ("Action Plan") cut running text: the parts are joined (`header-joined`);
- footnotes sit in the middle of the text they follow: they are kept apart, on their action;
- list markers were lost ("- Work to ensure ...") or misread ("I)" for "l)"): the letter or a
  sub-item's numeral is inferred from the sequence (`marker-inferred`, `numeral-inferred`,
  `marker-misread`);
- some items lost their first words ("- that the new curriculum ..."): `opening-lost`.

Nothing here knows about the web. File reading is in `parse_plan_file`, at the edge.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

from ..model import (
    FLAG_HEADER_JOINED,
    FLAG_MARKER_INFERRED,
    FLAG_MARKER_MISREAD,
    FLAG_NUMERAL_INFERRED,
    FLAG_OPENING_LOST,
    Account,
    Action,
    Commitment,
    Footnote,
    LineUse,
    Pillar,
    Plan,
    PlanError,
    SubItem,
    Theme,
)
from ..paths import ERRATA_PATH
from .errata import apply_errata, load_errata
from .frontmatter import FrontMatter, pillar_title, read_front_matter
from .source import Kind, SourceLine, control_character, plain, read_lines, read_text, roman

FLAG_ORDER = (FLAG_OPENING_LOST, FLAG_MARKER_INFERRED, FLAG_NUMERAL_INFERRED, FLAG_MARKER_MISREAD, FLAG_HEADER_JOINED)
DEFAULT_ERRATA_FILE = ERRATA_PATH.as_posix()  # how a message names the errata when no path is given

# A footnote is a citation printed at the foot of a page: it names a source or a web address.
_FOOTNOTE = re.compile(r"https?://|\bwww\.|\bAvailable at\b")
# Text that ends a sentence (a stop, then any closing quotes); a page break after anything else
# cut a sentence in two.
_STOPS = ".!?:;"
_CLOSERS = "\"'’”)"
_HEADLINE = re.compile(r"^\*\*(?P<headline>[^*]+?)\*\*")
_LETTERS = "abcdefghijklmnopqrstuvwxyz"


def slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


# --- drafts: the mutable notes the reader keeps while it walks the lines ------------------------


class _Run:
    """Text that page breaks cut, joined again: kept as parts and joined once at the end, so that
    reading a long run of continuation lines takes time linear in its length, not its square."""

    __slots__ = ("parts",)

    def __init__(self, text: str):
        self.parts = [text]

    def join(self, after: str) -> None:
        # A word hyphenated across the page break ("co-" / "ordinate") stays one word.
        tail = self.parts[-1][-2:] if len(self.parts[-1]) >= 2 else "".join(self.parts[-2:])[-2:]
        if not (len(tail) == 2 and tail[1] == "-" and tail[0].isascii() and tail[0].isalpha()):
            self.parts.append(" ")
        self.parts.append(after)

    def ends_sentence(self) -> bool:
        """Whether the text ends a sentence: a stop, perhaps followed by closing quotes."""
        for part in reversed(self.parts):
            kept = part.rstrip(_CLOSERS)
            if kept:
                return kept[-1] in _STOPS
        return False

    def __str__(self) -> str:
        if len(self.parts) > 1:
            self.parts = ["".join(self.parts)]
        return self.parts[0]


@dataclass
class _SubDraft:
    numeral: str
    text: _Run
    line: int


@dataclass
class _ActionDraft:
    commitment: int
    letter: str
    headline: str | None
    paragraphs: list[_Run]
    flags: set[str]
    lines: list[int]
    pages: list[int]
    subitems: list[_SubDraft] = field(default_factory=list)
    footnotes: list[Footnote] = field(default_factory=list)

    @property
    def id(self) -> str:
        return f"{self.commitment}{self.letter}"

    def build(self) -> Action:
        return Action(
            id=self.id,
            commitment=self.commitment,
            letter=self.letter,
            headline=self.headline,
            paragraphs=tuple(str(p) for p in self.paragraphs),
            subitems=tuple(SubItem(f"{self.id}-{s.numeral}", s.numeral, str(s.text), s.line) for s in self.subitems),
            footnotes=tuple(self.footnotes),
            flags=tuple(f for f in FLAG_ORDER if f in self.flags),
            corrections=(),
            lines=tuple(sorted(self.lines)),
            pages=(min(self.pages), max(self.pages)),
        )


@dataclass
class _CommitmentDraft:
    number: int
    lead_in: _Run
    pillar: int
    theme: str
    line: int
    actions: list[_ActionDraft] = field(default_factory=list)


@dataclass
class _ThemeDraft:
    slug: str
    title: str
    pillar: int
    parent: str | None
    line: int
    introduction: list[str] = field(default_factory=list)
    has_commitments: bool = False


@dataclass
class _PillarDraft:
    number: int
    title: str
    first_page: int
    line: int
    introduction: list[str] = field(default_factory=list)


# --- the reader -------------------------------------------------------------------------------


class _Reader:
    """Walks the lines after the front matter once, keeping the open pillar, theme, commitment and
    action, the printed page, and whether a page break has cut the text since the last line read."""

    def __init__(self, lines: tuple[SourceLine, ...], front: FrontMatter, file: str):
        self.lines = lines
        self.front = front
        self.file = file
        self.uses: dict[int, tuple[str | None, str | None]] = dict(front.uses)
        self.pillars: list[_PillarDraft] = []
        self.themes: list[_ThemeDraft] = []
        self.commitments: list[_CommitmentDraft] = []
        self.parent: str | None = None  # the theme that encloses the themes that follow it
        self.action: _ActionDraft | None = None
        self.page = 0
        self.on_divider = False  # a pillar's first page holds only its heading and introduction
        self.cut = False  # a page header or footnote came between this line and the last one read
        self.page_opener: _ActionDraft | None = None  # the first action with text on this page
        self.last_content: SourceLine | None = None
        self.drift: list[tuple[int, int, int]] = []  # (line, page counted, page printed)
        self.pillar_themes: dict[int, list[_ThemeDraft]] = {}  # by pillar number, in source order
        self.slugs: set[str] = set()
        # The index of the next line that is not blank, for each line: one pass instead of a
        # search ahead from every line that looks like a footnote.
        self.next_content: list[int | None] = [None] * len(lines)
        following = None
        for index in range(len(lines) - 1, -1, -1):
            self.next_content[index] = following
            if lines[index].kind is not Kind.BLANK:
                following = index

    def fail(self, line: SourceLine, message: str) -> PlanError:
        return PlanError(self.file, line.number, message)

    def use(self, line: SourceLine, used_by: str) -> None:
        self.uses[line.number] = (used_by, None)

    def drop(self, line: SourceLine, rule: str) -> None:
        self.uses[line.number] = (None, rule)

    # The page counter follows the printed pages: a page starts at each running header, at each
    # pillar heading (taken from the contents), after a pillar's divider page, and where a blank
    # line ends a nested list and a top-level item follows, which is where the conversion dropped
    # a page's header. tests/test_parse.py checks the count against the contents.
    def turn_page(self) -> None:
        self.page += 1
        self.page_opener = None

    def is_running_header(self, line: SourceLine) -> bool:
        return line.kind in (Kind.TEXT, Kind.HEADING) and plain(line.body) == self.front.running_header

    def is_footnote(self, index: int) -> bool:
        line = self.lines[index]
        if line.kind is not Kind.TEXT or not _FOOTNOTE.search(line.body):
            return False
        after = self.next_content[index]
        return after is None or self.is_running_header(self.lines[after])

    def read(self) -> None:
        pillar_titles = [pillar_title(e.title) for e in self.front.pillar_entries]
        for index in range(self.front.end, len(self.lines)):
            line = self.lines[index]
            if line.kind is Kind.BLANK:
                self.use(line, "blank")
                continue
            if self.is_running_header(line):
                self.drop(line, "page-header")
                self.turn_page()
                self.on_divider = False
                self.cut = True
                continue
            if self.on_divider and not (line.kind is Kind.TEXT and not self.themes_in_pillar()):
                self.turn_page()
                self.on_divider = False
            elif self._lost_header(index):
                self.turn_page()
            footnote = self.is_footnote(index)
            if line.kind is Kind.HEADING:
                title = plain(line.body)
                if len(self.pillars) < len(pillar_titles) and pillar_title(title) == pillar_titles[len(self.pillars)]:
                    self.start_pillar(line, pillar_title(title))
                else:
                    self.start_theme(line, title)
            elif footnote:
                self.footnote(line)
            elif line.kind is Kind.COMMITMENT:
                self.start_commitment(line)
            elif line.kind is Kind.LETTERED:
                self.start_action(line, line.marker or "")
            elif line.kind is Kind.NUMBERED:
                self.subitem(line, line.marker or "", inferred=False)
            elif line.kind is Kind.BULLET:
                self.bullet(line)
            else:
                self.text(line)
            if not footnote:  # the header after a footnote cuts the text, the footnote does not end it
                self.cut = False
                self.last_content = line
        if len(self.pillars) != len(pillar_titles):
            missing = pillar_titles[len(self.pillars)]
            # Reported at its line in the contents: the heading's own place is what is unknown.
            listed = next(
                (s.number for s in self.lines[: self.front.end] if pillar_title(plain(s.body)).startswith(missing)),
                len(self.lines),
            )
            raise PlanError(self.file, listed, f"no heading for the pillar {missing!r} listed here in the contents")

    def _lost_header(self, index: int) -> bool:
        line, last = self.lines[index], self.last_content
        if last is None or self.cut or line.kind not in (Kind.LETTERED, Kind.NUMBERED, Kind.BULLET):
            return False
        blank_before = self.lines[index - 1].kind is Kind.BLANK
        return blank_before and line.indent == 0 and last.is_item and last.indent >= 2

    def themes_in_pillar(self) -> list[_ThemeDraft]:
        return self.pillar_themes.get(self.pillars[-1].number, []) if self.pillars else []

    def open_commitment(self) -> _CommitmentDraft | None:
        """The last commitment, unless a pillar or theme heading has come after it."""
        if not self.commitments or not self.pillars:
            return None
        last = self.commitments[-1]
        # Themes are appended in source order, so the pillar's latest heading is its own line or
        # its last theme's: no need to look through every theme for every line (plan size squared).
        latest = self.pillars[-1].line
        if self.themes and self.themes[-1].pillar == self.pillars[-1].number:
            latest = max(latest, self.themes[-1].line)
        return last if latest < last.line else None

    # --- structure ---

    def start_pillar(self, line: SourceLine, title: str) -> None:
        number = len(self.pillars) + 1
        entry = self.front.pillar_entries[number - 1]
        if self.pillars and self.page + 1 != entry.page:  # the heading opens a new page
            self.drift.append((line.number, self.page + 1, entry.page))
        self.action = None
        self.parent = None
        self.page = entry.page
        self.page_opener = None
        self.on_divider = True
        self.pillars.append(_PillarDraft(number, title, entry.page, line.number))
        self.use(line, f"pillar:{number}")

    def start_theme(self, line: SourceLine, title: str) -> None:
        if not self.pillars:
            raise self.fail(line, f"the heading {title!r} comes before the first pillar")
        pillar = self.pillars[-1].number
        in_pillar = self.themes_in_pillar()
        previous = in_pillar[-1] if in_pillar else None
        if previous and not previous.introduction and not previous.has_commitments:
            # A heading with nothing under it but more headings encloses them ("Right to live free
            # from abuse" holds Housing, Economic Abuse, ...) until the pillar ends.
            self.parent = previous.slug
        theme_slug = slug(title)
        if theme_slug in self.slugs:
            theme_slug = f"{theme_slug}-{pillar}"
        while theme_slug in self.slugs:
            theme_slug += "-x"
        theme = _ThemeDraft(theme_slug, title, pillar, self.parent, line.number)
        self.themes.append(theme)
        self.pillar_themes.setdefault(pillar, []).append(theme)
        self.slugs.add(theme_slug)
        self.action = None
        self.use(line, f"theme:{theme_slug}")

    def start_commitment(self, line: SourceLine) -> None:
        number = int(line.marker or 0)
        expected = self.commitments[-1].number + 1 if self.commitments else 1
        if number != expected:
            raise self.fail(line, f"commitment {number} where commitment {expected} was expected")
        themes = self.themes_in_pillar()
        if not themes:
            raise self.fail(line, f"commitment {number} comes before any theme heading in its pillar")
        themes[-1].has_commitments = True
        self.commitments.append(
            _CommitmentDraft(number, _Run(plain(line.body)), self.pillars[-1].number, themes[-1].slug, line.number)
        )
        self.action = None
        self.use(line, f"commitment:{number}")

    def start_action(self, line: SourceLine, marker: str, *, inferred: bool = False) -> None:
        commitment = self.open_commitment()
        if commitment is None:
            raise self.fail(line, "a lettered action outside any commitment")
        done = len(commitment.actions)
        if done >= len(_LETTERS):
            raise self.fail(line, f"commitment {commitment.number} has more than 26 actions")
        expected = _LETTERS[done]
        flags: set[str] = set()
        letter = marker
        if inferred:
            letter = expected
            flags.add(FLAG_MARKER_INFERRED)
        elif marker == "I" and expected == "l":
            letter = "l"
            flags.add(FLAG_MARKER_MISREAD)
        if letter != expected:
            raise self.fail(
                line, f"action marker {marker}) where {commitment.number}{expected} was expected: "
                "is an action missing its marker, or out of order?"
            )
        body = line.body
        headline = None
        if match := _HEADLINE.match(body):
            headline = plain(match.group("headline")).rstrip(",.;: ")
        text = plain(body)
        if not text:
            raise self.fail(line, f"an empty list item where action {commitment.number}{expected} was expected")
        if text[0].islower() or text[0] in "(,;)":
            flags.add(FLAG_OPENING_LOST)
        draft = _ActionDraft(commitment.number, letter, headline, [_Run(text)], flags, [line.number], [self.page])
        commitment.actions.append(draft)
        self.action = draft
        if self.page_opener is None:
            self.page_opener = draft
        self.use(line, f"action:{draft.id}")

    def subitem(self, line: SourceLine, numeral: str, *, inferred: bool) -> None:
        action = self.action
        if action is None:
            raise self.fail(line, f"the sub-item {numeral or '(unmarked)'} belongs to no action")
        expected = roman(len(action.subitems) + 1)
        if not plain(line.body):
            raise self.fail(line, f"an empty list item where sub-item {action.id}-{expected} was expected")
        if inferred:
            numeral = expected
            action.flags.add(FLAG_NUMERAL_INFERRED)
        if numeral != expected:
            raise self.fail(line, f"sub-item {numeral}. where {action.id}-{expected} was expected")
        if self.cut:
            action.flags.add(FLAG_HEADER_JOINED)
        action.subitems.append(_SubDraft(numeral, _Run(plain(line.body)), line.number))
        action.lines.append(line.number)
        action.pages.append(self.page)
        if self.page_opener is None:
            self.page_opener = action
        self.use(line, f"action:{action.id}")

    def bullet(self, line: SourceLine) -> None:
        """A list item whose marker the conversion lost: deeper ones are sub-items, others actions."""
        if self.action is not None and line.indent >= 4:
            self.subitem(line, "", inferred=True)
        else:
            self.start_action(line, "", inferred=True)

    def footnote(self, line: SourceLine) -> None:
        # The note's reference mark was lost; the first action with text on the page is the best
        # guess, and right for the plan's one footnote (13o's statistic, cited from MAPPA).
        opener = self.page_opener or self.action
        if opener is None:
            raise self.fail(line, "a footnote on a page without any action")
        opener.footnotes.append(Footnote(plain(line.body), line.number))
        self.use(line, f"footnote:{opener.id}")

    def text(self, line: SourceLine) -> None:
        """A paragraph without a marker: an introduction, or the rest of an item a page cut."""
        text = plain(line.body)
        if self.action is not None:
            self.continue_action(self.action, line, text)
        elif not self.pillars:
            raise self.fail(line, f"text outside any pillar: {text[:60]!r}")
        elif commitment := self.open_commitment():
            commitment.lead_in.join(text)
            self.use(line, f"commitment:{commitment.number}")
        elif self.themes_in_pillar():
            theme = self.themes_in_pillar()[-1]
            theme.introduction.append(text)
            self.use(line, f"theme:{theme.slug}")
        else:
            pillar = self.pillars[-1]
            pillar.introduction.append(text)
            self.use(line, f"pillar:{pillar.number}")

    def continue_action(self, action: _ActionDraft, line: SourceLine, text: str) -> None:
        if self.cut:
            action.flags.add(FLAG_HEADER_JOINED)
        if action.subitems:
            action.subitems[-1].text.join(text)
        elif not action.paragraphs[-1].ends_sentence() or text[:1].islower():  # a sentence cut in two
            action.paragraphs[-1].join(text)
        else:
            action.paragraphs.append(_Run(text))
        action.lines.append(line.number)
        action.pages.append(self.page)
        if self.page_opener is None:
            self.page_opener = action
        self.use(line, f"action:{action.id}")

    # --- results ---

    def plan(self, document) -> Plan:
        last_page = self.page
        pillars = []
        first_pages = {p.number: p.first_page for p in self.pillars}
        for draft in self.pillars:
            following = first_pages.get(draft.number + 1)
            end = following - 1 if following is not None else last_page
            pillars.append(
                Pillar(draft.number, draft.title, slug(draft.title), tuple(draft.introduction),
                       (draft.first_page, end), draft.line)
            )
        themes = tuple(
            Theme(t.slug, t.title, t.pillar, t.parent, tuple(t.introduction), t.line) for t in self.themes
        )
        commitments = tuple(
            Commitment(c.number, str(c.lead_in), c.pillar, c.theme, tuple(a.build() for a in c.actions), c.line)
            for c in self.commitments
        )
        for commitment in self.commitments:
            if not commitment.actions:
                raise PlanError(self.file, commitment.line, f"commitment {commitment.number} has no actions")
        return Plan(self.file, document, tuple(pillars), themes, commitments)


# --- entry points -----------------------------------------------------------------------------


@lru_cache(maxsize=4)
def parse_plan(
    text: str, file: str, errata: str | None = None, errata_file: str = DEFAULT_ERRATA_FILE
) -> tuple[Plan, Account]:
    """The plan in `text` (read from `file`), with the corrections in the errata TOML text applied.
    Remembered (the result is frozen): the tests run the generator many times in one process,
    mostly on the same plan."""
    if found := control_character(text):
        raise PlanError(file, *found)
    lines = read_lines(text)
    if not lines:
        raise PlanError(file, 1, "the plan is empty")
    front = read_front_matter(lines, file)
    reader = _Reader(lines, front, file)
    reader.read()
    plan = reader.plan(front.document)
    notices: tuple[str, ...] = front.notices
    if errata is not None:
        plan, errata_notices = _with_errata(plan, load_errata(errata, errata_file), errata_file)
        notices += errata_notices
    account = Account(
        tuple(LineUse(s.number, s.raw, *reader.uses.get(s.number, (None, None))) for s in lines), notices
    )
    unaccounted = [u.line for u in account.lines if not (u.used_by or u.dropped_by)]
    if unaccounted:  # a bug in this module, not in the plan: say where to look
        raise PlanError(file, unaccounted[0], "the parser gave this line no use")
    return plan, account


def _with_errata(plan: Plan, corrections, errata_file: str) -> tuple[Plan, tuple[str, ...]]:
    actions = {a.id: a for a in plan.actions()}
    fixed, notices = apply_errata(actions, corrections, errata_file)
    commitments = tuple(
        Commitment(c.number, c.lead_in, c.pillar, c.theme, tuple(fixed[a.id] for a in c.actions), c.line)
        for c in plan.commitments
    )
    return Plan(plan.source, plan.document, plan.pillars, plan.themes, commitments), notices


def page_drift(text: str, file: str) -> tuple[tuple[int, int, int], ...]:
    """Where the page counter disagrees with the printed contents: (line, counted, printed) for each
    pillar heading after the first. Empty when every page break was found; the parser then trusts
    the contents, so a drift only makes action pages approximate, never wrong by more than it."""
    lines = read_lines(text)
    reader = _Reader(lines, read_front_matter(lines, file), file)
    reader.read()
    return tuple(reader.drift)


def parse_plan_file(plan_path: str, errata_path: str | None = None) -> tuple[Plan, Account]:
    """Read the plan and its errata file (none when `errata_path` is None); parse as `parse_plan`."""
    errata = read_text(errata_path) if errata_path is not None else None
    return parse_plan(read_text(plan_path), plan_path, errata, errata_path or DEFAULT_ERRATA_FILE)
