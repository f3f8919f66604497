"""The plan model: plain, frozen data that every step passes on and none mutates.

`parse` builds `Plan` and an `Account` of every source line; `enrich` adds `ActionFacts`;
`link` adds `ActionLinks`; `write` turns all three into Pelican content. Nothing here knows
about the web.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property

# Defined where the site's plugins import them without the model's dataclasses; the generator's
# modules import them from here with the rest of the model.
from .errors import PlanError as PlanError
from .terms import DATE_KINDS as DATE_KINDS
from .terms import DEADLINE_KINDS, SUBITEM_OF
from .terms import SITE_LINK as SITE_LINK

# --- the document ---------------------------------------------------------------------------


@dataclass(frozen=True)
class ContentsEntry:
    """One line of the printed contents: a title and the page it starts on."""

    title: str
    page: int


@dataclass(frozen=True)
class Document:
    title: str  # "Freedom from Violence and Abuse: a cross-government strategy ..."
    volume: str | None  # "Volume 2"; None for a plan whose title names no volume
    # Only the title and the contents are required; a plan may print none of these (None).
    subtitle: str | None  # "Action Plan"
    date: str | None  # "December 2025"
    publisher: str | None  # "Home Office"
    isbn: str | None
    licence: str | None  # "Open Government Licence v3.0"
    copyright: str | None  # "© Crown copyright 2025"
    contents: tuple[ContentsEntry, ...]
    opening_title: str  # "Actions to deliver change"
    opening: tuple[str, ...]  # its paragraphs


# --- the plan's structure --------------------------------------------------------------------


@dataclass(frozen=True)
class Footnote:
    """A note printed at the foot of a page, kept apart from the action's running text."""

    text: str
    line: int


@dataclass(frozen=True)
class Correction:
    """One word-level repair from plan/errata.*, recorded so pages can say what was changed."""

    action_id: str
    find: str
    replace: str
    reason: str
    line: int  # the line of the errata file that asked for it


@dataclass(frozen=True)
class SubItem:
    id: str  # "12e-iii"
    numeral: str  # "iii"
    text: str
    line: int


# Where each kind of entity gets its pages, and the page kinds the theme has templates for.
ENTITY_KINDS = {
    "organisation": ("organisations", "Organisations"),
    "law": ("laws", "Laws"),
    "programme": ("programmes", "Programmes and schemes"),
    "topic": ("topics", "Topics"),
}
# One of each kind, as a page's caption says it. With ENTITY_KINDS, the only place a kind is named:
# the theme reads both from actions.json ("kinds").
ENTITY_KIND_NAMES = {"organisation": "Organisation", "law": "Law", "programme": "Programme or scheme", "topic": "Topic"}


# Source flags: honest notes about damage in the source that pages show to readers.
FLAG_OPENING_LOST = "opening-lost"  # the first words of the action are missing in the source
FLAG_MARKER_INFERRED = "marker-inferred"  # the action's letter was missing; inferred from the sequence
FLAG_NUMERAL_INFERRED = "numeral-inferred"  # a sub-item's numeral ("i.") was missing; inferred likewise
FLAG_MARKER_MISREAD = "marker-misread"  # the marker was misread ("I)" for "l)") and corrected
FLAG_HEADER_JOINED = "header-joined"  # a page header cut the text; the parts were joined


@dataclass(frozen=True)
class OwnHeading:
    """A heading of ours for an action whose opening words the source lost (plan/headings.toml)."""

    heading: str
    reason: str
    line: int


@dataclass(frozen=True)
class Action:
    id: str  # "12e"
    commitment: int  # 12
    letter: str  # "e"
    headline: str | None  # the bold headline where the plan prints one, without the ** marks
    paragraphs: tuple[str, ...]  # full text, headline included where it opens the text
    subitems: tuple[SubItem, ...]
    footnotes: tuple[Footnote, ...]
    flags: tuple[str, ...]  # FLAG_* values, in a stable order
    corrections: tuple[Correction, ...]
    lines: tuple[int, ...]  # the 1-based source lines it came from
    pages: tuple[int, ...] = ()  # first and last printed page it appears on (parse counts pages)
    own_heading: OwnHeading | None = None  # ours, where the source lost the opening (plan/headings.toml)

    @property
    def text(self) -> str:
        """All running text as one string (paragraphs then sub-items), for search and facts."""
        return "\n\n".join(self.paragraphs + tuple(s.text for s in self.subitems))


@dataclass(frozen=True)
class Commitment:
    number: int
    lead_in: str  # "To ensure online spaces are safe ..., we will:"
    pillar: int
    theme: str  # Theme.slug
    actions: tuple[Action, ...]
    line: int


@dataclass(frozen=True)
class Theme:
    slug: str  # unique across the plan: "online-an-unprecedented-challenge"
    title: str  # "Online: an unprecedented challenge"
    pillar: int
    parent: str | None  # slug of the enclosing theme ("right-to-live-free-from-abuse")
    introduction: tuple[str, ...]
    line: int


@dataclass(frozen=True)
class Pillar:
    number: int  # 1..4
    title: str  # "Prevention and Early Intervention" (no "Pillar 1:")
    slug: str  # "prevention-and-early-intervention"
    introduction: tuple[str, ...]
    pages: tuple[int, int]  # first and last page in the printed plan, from the contents
    line: int


@dataclass(frozen=True)
class Plan:
    source: str  # the file it was parsed from, as given
    document: Document
    pillars: tuple[Pillar, ...]
    themes: tuple[Theme, ...]  # in plan order; parents before children
    commitments: tuple[Commitment, ...]

    def actions(self) -> Iterator[Action]:
        for commitment in self.commitments:
            yield from commitment.actions

    def action(self, action_id: str) -> Action:
        found = self._by_id.get(action_id)
        if found is None:
            raise KeyError(action_id)
        return found

    @cached_property
    def _by_id(self) -> dict[str, Action]:
        """Each action by its id (the first, were an id given twice): looked up a few hundred
        times a run, by the review, the progress record and the checks."""
        by_id: dict[str, Action] = {}
        for action in self.actions():
            by_id.setdefault(action.id, action)
        return by_id

    def commitment_of(self, action: Action) -> Commitment:
        return next(c for c in self.commitments if c.number == action.commitment)

    def pillar(self, number: int) -> Pillar:
        return next(p for p in self.pillars if p.number == number)

    def theme(self, slug: str) -> Theme:
        return next(t for t in self.themes if t.slug == slug)


# --- the account of every source line ---------------------------------------------------------


@dataclass(frozen=True)
class LineUse:
    """What became of one source line: `used_by` a model part ("action:12e", "pillar:1",
    "commitment:12", "theme:housing", "document", "footnote:13c", "blank") or `dropped_by`
    the furniture rule that removed it ("page-header", "image-placeholder", "cover", ...)."""

    line: int
    text: str
    used_by: str | None = None
    dropped_by: str | None = None


@dataclass(frozen=True)
class Account:
    lines: tuple[LineUse, ...]
    # Front-matter fields the plan lacks and errata entries the source no longer needs, as
    # `file:line: notice: ...` lines for the CLI to print.
    notices: tuple[str, ...] = ()

    def dropped(self) -> tuple[LineUse, ...]:
        return tuple(u for u in self.lines if u.dropped_by)


# --- facts (enrich) ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Organisation:
    id: str  # slug: "home-office"
    name: str  # "Home Office"
    short: str  # "Home Office", "DfE"
    acronyms: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()  # other spellings found in the text


@dataclass(frozen=True)
class Law:
    id: str  # "online-safety-act-2023"
    name: str  # "Online Safety Act 2023"
    kind: str  # "act" | "bill" | "si" (statutory instrument); a named scheme is a Programme
    year: int | None = None
    also_known_as: tuple[str, ...] = ()  # another name the plan gives it
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class Programme:
    id: str
    name: str
    description: str = ""
    aliases: tuple[str, ...] = ()
    also_known_as: tuple[str, ...] = ()  # the plan's other name for it, shown: "Clare's Law"


@dataclass(frozen=True)
class Topic:
    id: str  # "online-safety"
    name: str  # "Online safety"
    description: str = ""
    keywords: tuple[str, ...] = ()  # words that place an action under it (plan/topics.toml)
    unless: tuple[str, ...] = ()  # phrases that do not count ("Health Education" is not health)


@dataclass(frozen=True)
class Acronym:
    short: str  # "DAPO"
    expansion: str  # "Domestic Abuse Protection Order"
    source: str  # "plan" (defined in the text) or "data" (plan/entities.*)




@dataclass(frozen=True)
class Deadline:
    """A date the plan gives, normalised, with what kind of date it is and what it dates. Partial:
    year always, then month or season or financial year where the words give one."""

    kind: str  # one of DATE_KINDS; only DEADLINE_KINDS are deadlines
    year: int
    month: int | None = None  # 1..12
    season: str | None = None  # "spring" | "summer" | "autumn" | "winter"
    financial_year: str | None = None  # "2026/27"
    end_of: bool = False  # "by the end of 2026"
    text: str = ""  # the original words, e.g. "by Spring 2026"
    evidence: str = ""  # the sentence of the plan the date is in
    of: str = "action"  # one of DATE_OF, or SUBITEM_OF + numeral ("sub-item i")

    @property
    def is_deadline(self) -> bool:
        """A deadline of the action's work: its own or one of its sub-items' (the timeline and the
        deadline-year filter count both, the sub-item's labelled with it)."""
        return self.kind in DEADLINE_KINDS and (self.of == "action" or self.of.startswith(SUBITEM_OF))

    @property
    def own(self) -> bool:
        """A deadline or timing of the action as a whole: what its page shows under "When"."""
        return self.of == "action"

    @property
    def sort_key(self) -> tuple:
        """Year, then month (a season by its first month, a financial year by April, 'the end of'
        last). Equal keys are left to the caller: the timeline keeps plan order among them."""
        season_month = {"spring": 3, "summer": 6, "autumn": 9, "winter": 12}
        month = self.month or season_month.get(self.season or "", 0) or (13 if self.end_of else 0)
        if self.financial_year:
            month = 4
        return (self.year, month)


# "funding": money for the action's own work within the plan's period; "context": a background
# figure that no total of the plan's money may add. Why a sum is context (`Money.context_basis`):
# "before-period" its period ends before the plan's (25a's 2025-26 level), "whole-budget" the
# sentence gives a whole budget or total ("... in 25/26 alone"), "wider-programme" it pays for a
# programme wider than the plan's work and the text does not say what part is for it (a reading,
# kept in plan/money.toml with its reason).
MONEY_KINDS = ("funding", "context")
CONTEXT_BASES = ("before-period", "whole-budget", "wider-programme")


@dataclass(frozen=True)
class Money:
    amount: int | None  # whole pounds; None where the plan gives no figure ("tens of millions")
    text: str  # "£13.1 million"
    period: str | None = None  # "each year", "over the next three years"
    qualifier: str | None = None  # "up to", "over", "more than", "almost"
    kind: str = "funding"  # one of MONEY_KINDS
    part_of: int | None = None  # index, in the action's money, of the sum the text says contains it
    evidence: str = ""  # the sentence of the plan the sum is in
    lower_bound: bool = False  # "more than £300,000": at least the amount; totals say "at least"
    context_basis: str | None = None  # one of CONTEXT_BASES for a context sum, else None

    @property
    def quantified(self) -> bool:
        return self.amount is not None


@dataclass(frozen=True)
class OrganisationRole:
    """An organisation an action names, and whether the text makes it the doer."""

    id: str  # Organisation.id
    role: str  # "delivers" (does, leads, funds or jointly carries out the action) | "mentioned"
    evidence: str  # the sentence the role rests on, in the plan's words


@dataclass(frozen=True)
class Standing:
    """Where the action stood when the plan was published, by the plan's own account: one of
    actionplan/records/standings.py's ids, with the plan's words it rests on. The rules propose it
    (facts/status.py); a reviewer's entry in plan/standings.toml decides (records/review.py)."""

    standing: str  # "done" | "under-way" | "promised"
    words: str  # the plan's words it rests on, as the plan prints them
    reason: str = ""  # why, in plain words for a reader: the reviewer's, else the rule's
    reviewed: bool = False  # True when plan/standings.toml decided it, False for the rules' proposal

    @property
    def done(self) -> bool:
        return self.standing == "done"


ROLES = ("delivers", "mentioned")


@dataclass(frozen=True)
class ActionFacts:
    action_id: str
    organisations: tuple[OrganisationRole, ...] = ()  # in order of first mention
    laws: tuple[str, ...] = ()
    programmes: tuple[str, ...] = ()
    deadlines: tuple[Deadline, ...] = ()
    money: tuple[Money, ...] = ()
    topics: tuple[str, ...] = ()  # Topic.id; at least one
    acronyms: tuple[str, ...] = ()  # Acronym.short used in the text
    standing: Standing = Standing("promised", "")
    delivers_note: str = ""  # a reviewer's note on a doer the organisation list lacks (plan/standings.toml)

    @property
    def delivering(self) -> tuple[str, ...]:
        """The ids of the organisations that deliver the action."""
        return tuple(o.id for o in self.organisations if o.role == "delivers")


@dataclass(frozen=True)
class RelativeDate:
    """A date the plan gives relative to its publication ("within three years", "this summer") or
    to a date it gives elsewhere ("the end of the parliament"), from plan/wording.toml."""

    words: str  # a regular expression for the phrase, without its binding word ("by", "from")
    kind: str  # the kind when no binding word precedes it
    years_after: int = 0  # the year: the publication's plus this ...
    year: int | None = None  # ... or this year
    season: str | None = None
    end_of: bool = False
    reason: str = ""


@dataclass(frozen=True)
class MoneyEntry:
    """A decision about one sum of one action that no rule can make, with its reason, from
    plan/money.toml. It must match exactly one sum, or the build stops at its line."""

    action_id: str
    text: str  # the plan's words for the amount ("£2.4 billion")
    kind: str
    basis: str | None  # why a context sum is context (CONTEXT_BASES); None for funding
    reason: str
    file: str
    line: int


@dataclass(frozen=True)
class Wording:
    """How the fact finders read the plan's English, from plan/wording.toml."""

    done_openings: tuple[str, ...] = ()  # "Made", "Abolished": an action opening so is done
    done_verbs: tuple[str, ...] = ()  # "launched": done when it follows the subject at the opening
    under_way: tuple[str, ...] = ()  # "We have delivered", "Continue to": under way, wherever it appears
    doer_before: tuple[str, ...] = ()  # regular expressions: "led by", "work with" just before a name
    doer_through: tuple[str, ...] = ()  # "through": the doer further on in the same phrase
    doer_after: tuple[str, ...] = ()  # regular expressions: "will", "investment" just after a name
    doer_after_opening: tuple[str, ...] = ()  # "-funded": just after a name, in the action's opening only
    doer_possessive: tuple[str, ...] = ()  # "strategy": a name's own vehicle ("the Home Office's Fraud Strategy")
    doer_alongside: tuple[str, ...] = ()  # "across": names after a doer that share its work
    object_before: tuple[str, ...] = ()  # "review", "improve the": what comes next is reformed, not a doer
    money_qualifiers: tuple[str, ...] = ()  # "up to", "over", "almost"
    money_periods: tuple[str, ...] = ()  # regular expressions: "each year", "over the next \\w+ years"
    money_unquantified: tuple[str, ...] = ()  # "tens of millions"
    money_context: tuple[str, ...] = ()  # regular expressions: "alone" after a sum makes it background
    money_containing: tuple[str, ...] = ()  # regular expressions: "bringing the total to" between two sums
    money_lower_bounds: tuple[str, ...] = ()  # "more than", "over": the amount is a lower bound
    plan_period_starts: str = ""  # "2026-04": a sum whose period ends before this is background
    relative_dates: tuple[RelativeDate, ...] = ()  # "within three years", "this year"
    past_verbs: tuple[str, ...] = ()  # "published": a date of the publication's month after it is past
    background_verbs: tuple[str, ...] = ()  # "published", "launched": a past date after one dates something else
    continuing_openings: tuple[str, ...] = ()  # "Continue": such an action's past dates are what it builds on
    forecast_words: tuple[str, ...] = ()  # regular expressions: "expectation that" before a date
    common_words: tuple[str, ...] = ()  # too common in the plan to show two actions are alike
    without_article: tuple[str, ...] = ()  # names read without "the": "Operation ", "Clare's Law"


@dataclass(frozen=True)
class Entities:
    """Everything enrich knows about, from plan/entities.* and the plan's own definitions."""

    organisations: tuple[Organisation, ...]
    laws: tuple[Law, ...]
    programmes: tuple[Programme, ...]
    topics: tuple[Topic, ...]
    acronyms: tuple[Acronym, ...]
    wording: Wording = Wording()
    money_entries: tuple[MoneyEntry, ...] = ()


@dataclass(frozen=True)
class Facts:
    entities: Entities
    actions: dict[str, ActionFacts] = field(default_factory=dict)  # by Action.id


# --- cross-links (link) -----------------------------------------------------------------------


@dataclass(frozen=True)
class Related:
    action_id: str
    reasons: tuple[str, ...]  # human sentences: "Both involve Operation Soteria"
    score: float


@dataclass(frozen=True)
class ActionLinks:
    action_id: str
    previous: str | None
    next: str | None
    siblings: tuple[str, ...]  # the other actions of its commitment
    related: tuple[Related, ...]  # best first


@dataclass(frozen=True)
class EntityMention:
    """The first mention of a known entity in an action's text, to link to its page."""

    kind: str  # "organisation" | "law" | "programme"
    entity_id: str
    text: str  # the exact words in the action's text
