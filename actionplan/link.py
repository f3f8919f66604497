"""Cross-links between actions: the previous and next action in plan order, the other actions of
the same commitment, and related actions elsewhere in the plan, each with the reasons a reader is
shown ("Both concern Operation Soteria", "Both name the Crown Prosecution Service").

Relatedness adds up what two actions share, each shared thing weighted by how rare it is in the
plan (sharing the Home Office says less than sharing the Family Justice Board), plus closeness of
wording. Two actions are related only when they share a subject: a programme, a law, a narrow
topic or organisation, or wording; a broad topic ("policing") alone is not a reason. Actions of the
same commitment are related like any others when they share a subject (12e spiking and 12d
Project Vigilant's spiking dogs). Ties go to plan order, so the output never depends on dictionary
or set order.

Linking must grow in step with the plan, not with its square: each list of the actions sharing a
thing is read at most WINDOW entries deep (WORD_WINDOW for a word), those nearest the action in
plan order, and wording is compared on each action's SIGNATURE_TERMS most telling words. On the
real plan almost every list of things is shorter than the window, so little is lost; in a plan ten
times larger, a topic shared by hundreds of actions proposes the nearest of them, which are also
the likeliest to be related.
"""

from __future__ import annotations

import math
import re
from bisect import bisect_left
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TypeVar

from .facts.names import entity_finder
from .model import Action, ActionLinks, Entities, EntityMention, Facts, Plan, Related

MAX_RELATED = 5
MAX_SIBLINGS = 3  # of the MAX_RELATED
MAX_REASONS = 3
# What sharing one thing is worth before rarity: a named programme or law ties two actions more
# closely than a department that runs half the plan, and a topic or a bill (which carries many
# unrelated measures) least of all.
WEIGHTS = {"programme": 2.0, "law": 1.6, "organisation": 1.0, "money": 0.8, "topic": 0.5, "bill": 0.5}
WORDING_WEIGHT = 6.0
# A topic or organisation that more than this share of the plan names is broad ("policing", the
# Home Office): it may add to a score, but two actions that share only broad things share no subject.
BROAD_SHARE = 0.06
BROAD_AT_LEAST = 12  # and more than this many: in a small plan nothing is broad
# Actions of one commitment serve one aim of the plan: when they share a subject, that counts
# for this much more.
SIBLING_WEIGHT = 2.0
# Below this cosine similarity, shared words are coincidence rather than a reason.
WORDING_THRESHOLD = 0.15
SIBLING_WORDING_THRESHOLD = 0.05  # between actions of one commitment
# A word in more than this share of actions says nothing about any pair of them.
WORDING_MAX_SHARE = 0.2
# How deep each list of sharers is read, how many words stand for an action's wording, and how
# many of the best candidates are scored again in full before the final choice.
WINDOW = 24
WORD_WINDOW = 6
SIGNATURE_TERMS = 24
RESCORED = 15

_Key = TypeVar("_Key", int, str)

# A word, or a mark that ends a phrase (no pair of words is made across it).
_WORD = re.compile(r"[a-z][a-z'’-]*[a-z]|[|.;:()]")


def first_mentions(action: Action, facts: Facts) -> tuple[EntityMention, ...]:
    """The first mention of each known organisation, law and programme in the action's text, in
    text order, with the words exactly as printed so the writer can link them."""
    return tuple(
        EntityMention(m.kind, m.entity_id, m.text) for m in entity_finder(facts.entities).first_mentions(action.text)
    )


# --- wording ----------------------------------------------------------------------------------


def _stem(word: str) -> str:
    """A crude singular, enough to pair "orders" with "order" and "communities" with "community"."""
    if len(word) > 5 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 4 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


@lru_cache(maxsize=4096)  # pure: the tests run the generator many times on the same texts
def _terms(text: str, common: frozenset[str]) -> tuple[tuple[str, str], ...]:
    """(term, words as printed) for each content word and each pair of neighbouring ones."""
    words: list[tuple[str, str] | None] = []
    for word in _WORD.findall(text.lower().replace("’", "'")):
        word = word[:-2] if word.endswith("'s") else word
        words.append(None if word in common or len(word) < 3 else (_stem(word), word))  # marks are short
    pairs = [(f"{a[0]} {b[0]}", f"{a[1]} {b[1]}") for a, b in zip(words, words[1:], strict=False) if a and b]
    return tuple([w for w in words if w] + pairs)


@dataclass(frozen=True)
class _Wording:
    vectors: list[dict[str, float]]  # by plan position: term -> normalised tf-idf weight
    postings: dict[str, list[int]]  # term -> plan positions of the actions it stands for
    printed: list[dict[str, str]]  # by plan position: term -> its words as the action prints them


def _without_names(text: str, entities: Entities) -> str:
    """The text with known names blanked out: sharing them is already a reason of its own, and
    counting them again as wording would say the same thing twice."""
    pieces, at = [], 0
    for mention in entity_finder(entities).mentions(text):
        pieces.append(text[at : mention.start])
        pieces.append(" | ")  # a break, so the words either side do not make a pair
        at = mention.end
    pieces.append(text[at:])
    return "".join(pieces)


def _wording(actions: list[Action], entities: Entities) -> _Wording:
    common = frozenset(entities.wording.common_words)
    # One string object per term, so that looking a term up in another action's vector compares
    # two pointers rather than two strings held far apart in memory (in a large plan that cache
    # traffic, not the arithmetic, is what a comparison costs).
    canonical: dict[str, str] = {}
    counts: list[Counter[str]] = []
    printed: list[dict[str, str]] = []
    df: Counter[str] = Counter()
    # One action's words at a time, kept only as counts and printings: holding every action's
    # list of words at once would give the garbage collector the whole plan's words to walk,
    # again and again, in a large plan.
    for action in actions:
        found = _terms(_without_names(action.text, entities), common)
        counts.append(Counter(canonical.setdefault(term, term) for term, _ in found))
        printed.append(dict(reversed(found)))  # reversed: the first printing wins
        df.update(counts[-1].keys())
    limit = max(2, int(len(actions) * WORDING_MAX_SHARE))
    idf = {term: math.log(len(actions) / n) for term, n in df.items() if 1 < n <= limit}
    vectors: list[dict[str, float]] = []
    postings: dict[str, list[int]] = {}
    for position, count in enumerate(counts):
        weights = {term: (1 + math.log(n)) * idf[term] for term, n in count.items() if term in idf}
        signature = _best_first(weights)[:SIGNATURE_TERMS]
        norm = math.sqrt(sum(weights[t] ** 2 for t in signature)) or 1.0
        vectors.append({term: weights[term] / norm for term in signature})
        for term in signature:
            postings.setdefault(term, []).append(position)
    return _Wording(vectors, postings, printed)


def _shared_words(a: dict[str, float], b: dict[str, float]) -> list[str]:
    """The shared terms that weigh most, pairs of words preferred to the single words in them."""
    weight = {t: a[t] * b[t] for t in a if t in b}
    shared = _best_first(weight)[:12]  # then pairs first, each kind still heaviest first
    chosen: list[str] = []
    used: set[str] = set()
    for term in [t for t in shared if " " in t] + [t for t in shared if " " not in t]:
        # "criminal justice" and "justice system" say one thing: show it once.
        words = term.split()
        if used.isdisjoint(words):
            chosen.append(term)
            used.update(words)
        if len(chosen) == 3:
            break
    return chosen


def _best_first(values: dict[_Key, float]) -> list[_Key]:
    """The keys by value, highest first, ties in key order. Two sorts that call no Python code
    (a stable sort keeps the key order among equal values, reversed or not) cost less than half
    of one sort calling a Python key function for every key."""
    return sorted(sorted(values), key=values.__getitem__, reverse=True)


# --- reasons ----------------------------------------------------------------------------------


def _with_article(name: str, entities: Entities) -> str:
    if " " not in name or name.startswith(entities.wording.without_article):
        return name
    return "the " + name


def _labels(entities: Entities) -> dict[tuple[str, str], str]:
    """How each shared thing is told to a reader."""
    labels = {}
    for o in entities.organisations:
        labels[("organisation", o.id)] = "Both name " + _with_article(o.name, entities)
    for law in entities.laws:
        labels[("law", law.id)] = "Both concern " + _with_article(law.name, entities)
    for p in entities.programmes:
        labels[("programme", p.id)] = "Both concern " + _with_article(p.name, entities)
    for t in entities.topics:
        first = t.name.split()[0]
        name = t.name if first.isupper() else t.name[0].lower() + t.name[1:]
        labels[("topic", t.id)] = "Both are about " + name
    return labels


def _label(feature: tuple[str, str], labels: dict[tuple[str, str], str]) -> str:
    if feature[0] == "money":
        return f"Both commit money {feature[1]}"
    if feature[0] == "commitment":
        return f"Both are part of commitment {feature[1]}"
    return labels[feature]


def _features(facts: Facts) -> dict[str, list[tuple[str, str]]]:
    """What each action names, by action id. Each thing is one tuple however many actions name it:
    a large plan then holds a few thousand of them rather than one for every mention, and the
    garbage collector has that much less to walk."""
    known: dict[tuple[str, str], tuple[str, str]] = {}
    features = {}
    for ident, f in facts.actions.items():
        found = (
            [("programme", p) for p in f.programmes]
            + [("law", law) for law in f.laws]
            + [("organisation", o.id) for o in f.organisations]
            + [("topic", t) for t in f.topics]
            # Money over the same period: the plan's multi-year funding settlements belong together.
            + list(dict.fromkeys(("money", m.period.lower()) for m in f.money if m.period))
        )
        features[ident] = [known.setdefault(feature, feature) for feature in found]
    return features


# --- link -------------------------------------------------------------------------------------


def _nearest(positions: list[int], at: int, own: tuple[int, int], size: int = WINDOW) -> list[int]:
    """At most `size` of the sorted `positions` outside `own` (the span of plan positions that the
    action's commitment holds), those nearest `at` in plan order (the earlier one when two are
    equally near), in no particular order.

    The commitment's actions sit together in plan order, so two bisections cut them out and what
    is left either side is already in order of nearness: choosing how many to take from the left
    is one more bisection, not a walk along the list. So a word shared by a thousand actions
    costs about what one shared by ten does."""
    cut = bisect_left(positions, own[0])
    resume = bisect_left(positions, own[1], cut)
    if len(positions) - (resume - cut) <= size:
        return positions[:cut] + positions[resume:]
    # Take k from the left: the least k whose next one on the left is farther than the
    # (size - k)th on the right (a tie goes to the left, the earlier in the plan).
    low, high = max(0, size - (len(positions) - resume)), min(size, cut)
    while low < high:
        k = (low + high) // 2
        if at - positions[cut - k - 1] <= positions[resume + size - k - 1] - at:
            low = k + 1
        else:
            high = k
    return positions[cut - low : cut] + positions[resume : resume + size - low]


@dataclass
class _Relater:
    """What ranking related actions needs about the whole plan, by plan position; built by `link`."""

    ids: list[str]
    spans: list[tuple[int, int]]  # by position, the positions [start, end) left out: itself
    weighted: list[list[tuple[float, tuple[str, str]]]]  # (weight, feature) for each thing it names
    feature_sets: list[frozenset[tuple[str, str]]]
    postings: dict[tuple[str, str], list[int]]
    wording: _Wording
    labels: dict[tuple[str, str], str]
    subjects: frozenset[tuple[str, str]]  # the shared things that make a subject (`_subjects`)
    commitments: list[int]  # by position, the number of its commitment
    explained: dict[tuple[int, int], list[str]] = field(default_factory=dict)  # `_shared_words`, by pair

    def related(self, at: int) -> tuple[Related, ...]:
        """The best related actions, best first: any action but itself that shares a subject."""
        own = self.spans[at]
        rough: dict[int, float] = {}
        so_far = rough.get
        for value, feature in self.weighted[at]:
            for other in _nearest(self.postings[feature], at, own):
                rough[other] = so_far(other, 0.0) + value
        vectors, postings = self.wording.vectors, self.wording.postings
        for term, value in vectors[at].items():
            scale = WORDING_WEIGHT * value
            for other in _nearest(postings[term], at, own, WORD_WINDOW):
                rough[other] = so_far(other, 0.0) + scale * vectors[other][term]
        shortlist = _best_first(rough)[:RESCORED]
        scored = {other: self._score(at, other) for other in shortlist}
        scores = {
            other: round(sum([v for v, _ in parts]), 6)
            for other, parts in scored.items()
            if any(f is None or f in self.subjects for _, f in parts)
        }
        # Siblings are listed on the page anyway: at most MAX_SIBLINGS of them, so that the rest
        # of the list reaches the other commitments that share the subject.
        best, siblings = [], 0
        for other in _best_first(scores):
            sibling = self.commitments[other] == self.commitments[at]
            if sibling and siblings == MAX_SIBLINGS:
                continue
            siblings += sibling
            best.append(other)
            if len(best) == MAX_RELATED:
                break
        return tuple(Related(self.ids[other], self._reasons(at, other, scored[other]), scores[other]) for other in best)

    def _score(self, at: int, other: int) -> list[tuple[float, tuple[str, str] | None]]:
        """Everything the two actions share, in full: (weight, feature), None for the wording."""
        others = self.feature_sets[other]
        parts: list[tuple[float, tuple[str, str] | None]] = [p for p in self.weighted[at] if p[1] in others]
        mine, theirs = self.wording.vectors[at], self.wording.vectors[other]
        products = [mine[t] * theirs[t] for t in mine if t in theirs]
        cosine = sum(products)
        siblings = self.commitments[at] == self.commitments[other]
        # One or two loose words in common are chance; a shared phrase or three words are not. In
        # one commitment they are not chance: "pets" in two of commitment 32's actions is its subject.
        if siblings:
            if cosine >= SIBLING_WORDING_THRESHOLD:
                parts.append((WORDING_WEIGHT * cosine, None))
            parts.append((SIBLING_WEIGHT, ("commitment", str(self.commitments[at]))))
        elif cosine >= WORDING_THRESHOLD and (len(products) >= 3 or any(" " in t for t in mine if t in theirs)):
            parts.append((WORDING_WEIGHT * cosine, None))
        return parts

    def _shared_words(self, at: int, other: int) -> list[str]:
        """`_shared_words` for the pair, worked out once though each action may explain it: the
        terms do not depend on which of the two is asking (only their printing does)."""
        pair = (at, other) if at < other else (other, at)
        found = self.explained.get(pair)
        if found is None:
            vectors = self.wording.vectors
            found = self.explained[pair] = _shared_words(vectors[pair[0]], vectors[pair[1]])
        return found

    def _reasons(self, at: int, other: int, parts: list[tuple[float, tuple[str, str] | None]]) -> tuple[str, ...]:
        # A broad topic or organisation is no reason: "Both are about policing" tells a reader nothing.
        told = [p for p in parts if p[1] is None or p[1] in self.subjects or p[1][0] not in ("topic", "organisation")]
        # Heaviest first (equal weights keep the order programmes, laws, organisations, topics), the
        # commitment last: what two actions share says more than where they are printed.
        told.sort(key=lambda p: (p[1] is not None and p[1][0] == "commitment", -p[0]))
        # A word a shared topic already names is not said again: "Both are about spiking", not also "“spiking”".
        named = {self.labels[f].removeprefix("Both are about ").lower() for _, f in told if f and f[0] == "topic"}
        reasons = []
        for _, feature in told:
            if feature is None:
                printed = [self.wording.printed[at][t] for t in self._shared_words(at, other)]
                words = [f"“{w}”" for w in printed if w.lower() not in named]
                if not words:
                    continue
                # Plain words (issue 23): what the two have in common is that they use these words.
                noun = "word" if len(words) == 1 else "words"
                reasons.append(f"Both use the {noun} {_and_list(words)}")
            else:
                reasons.append(_label(feature, self.labels))
            if len(reasons) == MAX_REASONS:
                break
        return tuple(reasons)


def _and_list(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _subjects(
    postings: dict[tuple[str, str], list[int]], size: int, bills: set[tuple[str, str]]
) -> frozenset[tuple[str, str]]:
    """The things that, shared, make two actions about one subject: every programme, every law
    but a bill (a bill carries many unrelated measures: the Crime and Policing Bill holds spiking
    and Stalking Protection Orders alike), and the topics and organisations few enough actions name."""
    broad = max(BROAD_SHARE * size, BROAD_AT_LEAST)
    return frozenset(
        f
        for f, at in postings.items()
        if f[0] == "programme"
        or (f[0] == "law" and f not in bills)
        or (f[0] in ("topic", "organisation") and len(at) <= broad)
    )


def link(plan: Plan, facts: Facts) -> dict[str, ActionLinks]:
    """ActionLinks for every action, by id, in plan order."""
    actions = list(plan.actions())
    features = _features(facts)
    by_position = [features.get(a.id, []) for a in actions]
    postings: dict[tuple[str, str], list[int]] = {}
    for position, found in enumerate(by_position):  # in plan order, so every list is sorted
        for feature in dict.fromkeys(found):
            postings.setdefault(feature, []).append(position)
    bills = {("law", law.id) for law in facts.entities.laws if law.kind == "bill"}
    weighted = {
        f: (WEIGHTS["bill" if f in bills else f[0]] * math.log(len(actions) / len(at)), f) for f, at in postings.items()
    }
    relater = _Relater(
        ids=[a.id for a in actions],
        spans=[(position, position + 1) for position in range(len(actions))],  # all but itself
        weighted=[[weighted[f] for f in found] for found in by_position],
        feature_sets=[frozenset(found) for found in by_position],
        postings=postings,
        wording=_wording(actions, facts.entities),
        labels=_labels(facts.entities),
        subjects=_subjects(postings, len(actions), bills),
        commitments=[a.commitment for a in actions],
    )
    members = {c.number: [a.id for a in c.actions] for c in plan.commitments}
    links = {}
    for position, action in enumerate(actions):
        links[action.id] = ActionLinks(
            action_id=action.id,
            previous=actions[position - 1].id if position > 0 else None,
            next=actions[position + 1].id if position + 1 < len(actions) else None,
            siblings=tuple(i for i in members[action.commitment] if i != action.id),
            related=relater.related(position),
        )
    return links
