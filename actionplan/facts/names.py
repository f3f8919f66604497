"""Finds the organisations, laws, programmes and acronyms that an action's text names, and which
organisations deliver it (the text makes them the doer) rather than being only mentioned.

Names are looked up word by word (an index on each name's first word) rather than with one huge
alternation, which keeps enrich and link fast however long the lists in plan/entities.toml grow.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from functools import lru_cache

from ..memo import ByIdentity
from ..model import Entities, OrganisationRole, Wording
from ..sentences import sentence_at, sentence_spans

_WORD = re.compile(r"[A-Za-z0-9]+")
_APOSTROPHES = "'’"


def entity_names(entities: Entities) -> Iterator[tuple[str, str, tuple[str, ...]]]:
    """(kind, id, every name it answers to) for each organisation, law and programme."""
    for o in entities.organisations:
        yield "organisation", o.id, _unique((o.name, o.short, *o.acronyms, *o.aliases))
    for law in entities.laws:
        yield "law", law.id, _unique((law.name, *law.also_known_as, *law.aliases))
    for p in entities.programmes:
        yield "programme", p.id, _unique((p.name, *p.also_known_as, *p.aliases))


def _unique(names: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(n for n in names if n))


def name_pattern(name: str) -> str:
    """A regular expression for `name` as whole words: any spacing, either apostrophe, a plural
    "s"; a name of three or more words also matches with small first letters, because the plan
    writes "multi-agency public protection arrangements" as often as the capitalised form."""
    words = name.split()
    relax = len(words) >= 3
    parts = []
    for word in words:
        piece = []
        for index, char in enumerate(word):
            starts_word = char.isalpha() and (index == 0 or not word[index - 1].isalnum())
            if char in _APOSTROPHES:
                piece.append("['’]")
            elif relax and starts_word and char.lower() != char.upper():
                piece.append(f"[{char.upper()}{char.lower()}]")
            else:
                piece.append(re.escape(char))
        parts.append("".join(piece))
    return r"\s+".join(parts) + r"s?(?![A-Za-z0-9])"


@lru_cache(maxsize=4096)
def _compiled(name: str) -> re.Pattern:
    """The compiled `name_pattern`: kept across runs (the tests run the generator many times in
    one process, and re's own cache is smaller than the lists of names)."""
    return re.compile(name_pattern(name))


def _first_word(name: str) -> str:
    found = _WORD.search(name)
    return found.group(0).lower() if found else ""


@dataclass(frozen=True)
class Mention:
    kind: str
    entity_id: str
    start: int
    end: int
    text: str


class NameFinder:
    """Finds known names in text, longest name first, without overlaps ("Defence Medical Welfare
    Service" is that charity, not the Ministry of Defence)."""

    def __init__(self, names: Iterable[tuple[str, str, Iterable[str]]]):
        index: dict[str, list[tuple[int, re.Pattern, str, str]]] = {}
        for kind, ident, aliases in names:
            for name in aliases:
                key = _first_word(name)
                if key and name.strip()[0].isalnum():
                    index.setdefault(key, []).append((len(name), _compiled(name), kind, ident))
        for candidates in index.values():
            candidates.sort(key=lambda c: -c[0])
        self._index = index
        # The words (as lower case) that open some name, or one in the plural: any other word is
        # passed over at once.
        self._openers = set(index) | {key + "s" for key in index}
        # enrich, link and write each read the same texts, and a finder is kept for the next run
        # with the same names (`_finder`): each text is searched once
        self._found: dict[str, tuple[Mention, ...]] = {}

    def mentions(self, text: str) -> list[Mention]:
        """Every mention, in text order."""
        found = self._found.get(text)
        if found is None:
            if len(self._found) > 20_000:
                self._found.clear()
            found = self._found[text] = tuple(self._search(text))
        return list(found)

    def _search(self, text: str) -> list[Mention]:
        found: list[Mention] = []
        position = 0
        for word in _WORD.finditer(text):
            key = word.group(0).lower()
            if key not in self._openers or word.start() < position:
                continue
            candidates = self._index.get(key, [])
            if key.endswith("s") and key[:-1] in self._index:
                candidates = sorted(candidates + self._index[key[:-1]], key=lambda c: -c[0])
            for _length, pattern, kind, ident in candidates:
                match = pattern.match(text, word.start())
                if match:
                    found.append(Mention(kind, ident, match.start(), match.end(), match.group(0)))
                    position = match.end()
                    break
        return found

    def first_mentions(self, text: str) -> list[Mention]:
        """The first mention of each entity, in text order."""
        seen: set[tuple[str, str]] = set()
        first = []
        for mention in self.mentions(text):
            if (mention.kind, mention.entity_id) not in seen:
                seen.add((mention.kind, mention.entity_id))
                first.append(mention)
        return first


# One finder of each kind per `Entities` object, found by identity: hashing a whole Entities on
# every call (as functools.lru_cache would) costs more than the search itself.
_FINDERS = ByIdentity(16)


def _cached(kind: str, entities: Entities, build):
    return _FINDERS.get(entities, build, kind)


@lru_cache(maxsize=16)
def _finder(names: tuple[tuple[str, str, tuple[str, ...]], ...]) -> NameFinder:
    """One finder for each list of names, kept from run to run with what it has found (the tests
    run the generator many times in one process, each time with new but equal entities)."""
    return NameFinder(names)


def entity_finder(entities: Entities) -> NameFinder:
    """The finder for the organisations, laws and programmes (enrich and link both need it)."""
    return _cached("entities", entities, lambda: _finder(tuple(entity_names(entities))))


def programme_owners(entities: Entities) -> dict[str, str]:
    """{programme id: organisation id} for each programme whose name opens with an organisation's
    ("CPS VAWG Strategy"): reached as the vehicle of an action, its owner carries the action out."""
    return _cached("owners", entities, lambda: _owners(entities))


def _owners(entities: Entities) -> dict[str, str]:
    organisations = _finder(tuple(found for found in entity_names(entities) if found[0] == "organisation"))
    owners = {}
    for programme in entities.programmes:
        found = organisations.mentions(programme.name)
        if found and found[0].start == 0:
            owners[programme.id] = found[0].entity_id
    return owners


def acronym_finder(entities: Entities) -> NameFinder:
    """Finds the glossary's acronyms exactly as written."""
    return _cached(
        "acronyms", entities, lambda: _finder(tuple(("acronym", a.short, (a.short,)) for a in entities.acronyms))
    )


# --- roles: who delivers an action, who is only mentioned ---------------------------------------

# What may stand between names that share one role: "X, Y and the Z", "X (ACR) and Y".
_LIST_GAP = re.compile(r"\s*(?:\([A-Za-z]+\)\s*)?(?:,\s*(?:and\s+)?|\s+and\s+|\(\s*)(?:the\s+)?\Z", re.I)
# What may stand between a name and its verb: its acronym in brackets, a bracket closing, a clause
# between commas that describes it ("The NCVPP, which is supported by £13.1 million …, will focus").
_AFTER_NAME = re.compile(r"(?:\s*\([A-Za-z]+\))?\)?(?:,\s*(?:which|who)\s(?:[^,.;]|\.(?=\d))*,)?")
# "the CPS and police as they ...": a common noun sharing the name's verb.
_CONJUNCT = r"(?:\s+and\s+(?:the\s+)?[a-z]+)?"


@dataclass(frozen=True)
class _RoleRules:
    """plan/wording.toml's [roles], compiled: each None where the wording has no such words."""

    before: re.Pattern | None
    through: re.Pattern | None
    after: re.Pattern | None
    after_opening: re.Pattern | None
    possessive: re.Pattern | None
    alongside: re.Pattern | None
    object_before: re.Pattern | None


@lru_cache(maxsize=8)
def _role_rules(wording: Wording) -> _RoleRules:
    def either(patterns):
        return "|".join(f"(?:{p})" for p in patterns)

    def compiled(patterns, template):
        return re.compile(template.format(either(patterns)), re.I) if patterns else None

    return _RoleRules(
        before=compiled(wording.doer_before, r"(?<!\w)(?:{})\s+(?:the\s+)?\Z"),
        through=compiled(wording.doer_through, r"(?<!\w)(?:{})\s+(?:[a-z][\w'’-]*\s+){{0,6}}\Z"),
        after=compiled(wording.doer_after, rf"{_CONJUNCT}\s*(?:{{}})(?!\w)"),
        after_opening=compiled(wording.doer_after_opening, r"\s*(?:{})(?!\w)"),
        # "X's" or "X'" and at most three words in the same phrase before the vehicle's noun
        possessive=compiled(wording.doer_possessive, r"['’]s?\s+(?:[\w'’-]+\s+){{0,3}}?(?:{})s?(?!\w)"),
        alongside=compiled(wording.doer_alongside, r"\s*(?:\([A-Za-z]+\)\s*)?,?\s*(?:{})\s+(?:the\s+)?\Z"),
        object_before=compiled(wording.object_before, r"(?<!\w)(?:{})\s+(?:the\s+)?\Z"),
    )


def _groups(text: str, mentions: list[Mention]) -> list[list[Mention]]:
    """Names that share one role because the text lists them together. A list ends at the name
    that "and" joins: in "across the Home Office and Ministry of Justice, HMPPS risk assessment"
    HMPPS begins something else (here, the thing reviewed)."""
    groups: list[list[Mention]] = []
    closed = False
    for mention in mentions:
        gap = text[groups[-1][-1].end : mention.start] if groups else ""
        new_item = closed and gap.lstrip().startswith(",") and " and " not in f" {gap} "
        if groups and _LIST_GAP.match(gap) and not new_item:
            groups[-1].append(mention)
            closed = closed or " and " in f" {gap} "
        else:
            groups.append([mention])
            closed = False
    return groups


def organisation_roles(
    text: str, mentions: Iterable[Mention], wording: Wording, owners: Mapping[str, str] | None = None
) -> tuple[OrganisationRole, ...]:
    """Each organisation `text` names, once, in order of first mention: "delivers" where the
    grammar makes it the doer somewhere (plan/wording.toml's [roles]), else "mentioned"; with the
    sentence that shows it. `owners` (see `programme_owners`) adds the owner of a programme the
    action is carried out through ("through … the updated CPS VAWG Strategy")."""
    mentions = list(mentions)
    organisations = [m for m in mentions if m.kind == "organisation"]
    spans = sentence_spans(text, within_acronyms=True)
    opening_end = spans[0][1] if spans else len(text)
    rules = _role_rules(wording)
    doer: dict[str, Mention] = {}
    groups = _groups(text, organisations)
    doing = [False] * len(groups)
    for index, group in enumerate(groups):
        first, last = group[0], group[-1]
        start = next((s for s, e in spans if s <= first.start < e), 0)
        ahead = text[start : first.start]
        after_name = text[last.end :]
        behind = after_name[_AFTER_NAME.match(after_name).end() :]
        reformed = bool(rules.object_before and rules.object_before.search(ahead))
        doing[index] = bool(
            (rules.before and rules.before.search(ahead))
            or (rules.through and not reformed and rules.through.search(ahead))
            or (rules.after and rules.after.match(behind))
            or (rules.after_opening and last.end < opening_end and rules.after_opening.match(after_name))
            or (rules.possessive and not reformed and rules.possessive.match(after_name))
            or (
                rules.alongside
                and index
                and doing[index - 1]
                and rules.alongside.match(text[groups[index - 1][-1].end : first.start])
            )
        )
        if doing[index]:
            for mention in group:
                doer.setdefault(mention.entity_id, mention)
    for mention in mentions:
        owner = (owners or {}).get(mention.entity_id) if mention.kind == "programme" else None
        if owner and owner not in doer:
            start = next((s for s, e in spans if s <= mention.start < e), 0)
            ahead = text[start : mention.start]
            reformed = rules.object_before and rules.object_before.search(ahead)
            if (rules.before and rules.before.search(ahead)) or (
                rules.through and not reformed and rules.through.search(ahead)
            ):
                doer[owner] = mention
    roles: dict[str, OrganisationRole] = {}
    named = {m.entity_id for m in organisations}
    for mention in organisations + [doer[o] for o in doer if o not in named]:
        ident = mention.entity_id if mention.kind == "organisation" else (owners or {})[mention.entity_id]
        if ident in roles:
            continue
        found = doer.get(ident)
        role = "delivers" if found else "mentioned"
        roles[ident] = OrganisationRole(ident, role, sentence_at(text, (found or mention).start, spans))
    return tuple(roles.values())
