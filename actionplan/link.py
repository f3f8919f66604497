"""Cross-links between actions: the previous and next action in plan order, the other actions of
the same commitment, and related actions elsewhere in the plan, each with the reasons a reader is
shown ("Both concern Operation Soteria", "Both name the Crown Prosecution Service").

Relatedness adds up what two actions share, each shared thing weighted by how rare it is in the
plan (sharing the Home Office says less than sharing the Family Justice Board), plus closeness of
wording. Ties go to plan order, so the output never depends on dictionary or set order.

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
from dataclasses import dataclass

from .facts_names import entity_finder
from .model import Action, ActionLinks, Entities, EntityMention, Facts, Plan, Related

MAX_RELATED = 5
MAX_REASONS = 3
# What sharing one thing is worth before rarity: a named programme or law ties two actions more
# closely than a department that runs half the plan, and a topic least of all.
WEIGHTS = {"programme": 2.0, "law": 1.6, "organisation": 1.0, "money": 0.8, "topic": 0.5}
WORDING_WEIGHT = 6.0
# Below this cosine similarity, shared words are coincidence rather than a reason.
WORDING_THRESHOLD = 0.15
# A word in more than this share of actions says nothing about any pair of them.
WORDING_MAX_SHARE = 0.2
# How deep each list of sharers is read, how many words stand for an action's wording, and how
# many of the best candidates are scored again in full before the final choice.
WINDOW = 24
WORD_WINDOW = 6
SIGNATURE_TERMS = 24
RESCORED = 15

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


def _terms(text: str, common: frozenset[str]) -> list[tuple[str, str]]:
    """(term, words as printed) for each content word and each pair of neighbouring ones."""
    words: list[tuple[str, str] | None] = []
    for word in _WORD.findall(text.lower().replace("’", "'")):
        word = word[:-2] if word.endswith("'s") else word
        words.append(None if word in common or len(word) < 3 else (_stem(word), word))  # marks are short
    pairs = [(f"{a[0]} {b[0]}", f"{a[1]} {b[1]}") for a, b in zip(words, words[1:], strict=False) if a and b]
    return [w for w in words if w] + pairs


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
    terms = [_terms(_without_names(a.text, entities), common) for a in actions]
    counts = [Counter(term for term, _ in found) for found in terms]
    df = Counter(term for c in counts for term in c)
    limit = max(2, int(len(actions) * WORDING_MAX_SHARE))
    vectors: list[dict[str, float]] = []
    postings: dict[str, list[int]] = {}
    for position, count in enumerate(counts):
        weights = {
            term: (1 + math.log(n)) * math.log(len(actions) / df[term])
            for term, n in count.items()
            if 1 < df[term] <= limit
        }
        signature = sorted(weights, key=lambda t: (-weights[t], t))[:SIGNATURE_TERMS]
        norm = math.sqrt(sum(weights[t] ** 2 for t in signature)) or 1.0
        vectors.append({term: weights[term] / norm for term in signature})
        for term in signature:
            postings.setdefault(term, []).append(position)
    printed = [dict(reversed(found)) for found in terms]  # reversed: the first printing wins
    return _Wording(vectors, postings, printed)


def _shared_words(a: dict[str, float], b: dict[str, float]) -> list[str]:
    """The shared terms that weigh most, pairs of words preferred to the single words in them."""
    shared = sorted((t for t in a if t in b), key=lambda t: (-(a[t] * b[t]), t))
    chosen: list[str] = []
    for term in sorted(shared[:12], key=lambda t: (" " not in t, -(a[t] * b[t]), t)):
        # "criminal justice" and "justice system" say one thing: show it once.
        if not set(term.split()) & {word for c in chosen for word in c.split()}:
            chosen.append(term)
        if len(chosen) == 3:
            break
    return chosen


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
        labels[("topic", t.id)] = "Both about " + name
    return labels


def _label(feature: tuple[str, str], labels: dict[tuple[str, str], str]) -> str:
    if feature[0] == "money":
        return f"Both commit money {feature[1]}"
    return labels[feature]


def _features(facts: Facts) -> dict[str, list[tuple[str, str]]]:
    features = {}
    for ident, f in facts.actions.items():
        features[ident] = (
            [("programme", p) for p in f.programmes]
            + [("law", law) for law in f.laws]
            + [("organisation", o) for o in f.organisations]
            + [("topic", t) for t in f.topics]
            # Money over the same period: the plan's multi-year funding settlements belong together.
            + list(dict.fromkeys(("money", m.period.lower()) for m in f.money if m.period))
        )
    return features


# --- link -------------------------------------------------------------------------------------


def _nearest(positions: list[int], at: int, skip: int, commitment: list[int], size: int = WINDOW) -> list[int]:
    """At most `size` of the sorted `positions` outside commitment `skip`, those nearest `at` in
    plan order (the earlier one first when two are equally near)."""
    if len(positions) <= size:
        return [p for p in positions if commitment[p] != skip]
    right = bisect_left(positions, at)
    left = right - 1
    found: list[int] = []
    while len(found) < size and (left >= 0 or right < len(positions)):
        if right >= len(positions) or (left >= 0 and at - positions[left] <= positions[right] - at):
            candidate, left = positions[left], left - 1
        else:
            candidate, right = positions[right], right + 1
        if commitment[candidate] != skip:
            found.append(candidate)
    return found


@dataclass
class _Relater:
    """What ranking related actions needs about the whole plan, by plan position; built by `link`."""

    ids: list[str]
    commitment: list[int]
    features: list[list[tuple[str, str]]]
    feature_sets: list[frozenset[tuple[str, str]]]
    postings: dict[tuple[str, str], list[int]]
    weight: dict[tuple[str, str], float]
    wording: _Wording
    labels: dict[tuple[str, str], str]

    def related(self, at: int) -> tuple[Related, ...]:
        """The best related actions outside the action's own commitment, best first."""
        mine = self.commitment[at]
        rough: dict[int, float] = {}
        for feature in self.features[at]:
            value = self.weight[feature]
            for other in _nearest(self.postings[feature], at, mine, self.commitment):
                rough[other] = rough.get(other, 0.0) + value
        vectors = self.wording.vectors
        for term, value in vectors[at].items():
            for other in _nearest(self.wording.postings[term], at, mine, self.commitment, WORD_WINDOW):
                rough[other] = rough.get(other, 0.0) + WORDING_WEIGHT * value * vectors[other][term]
        shortlist = sorted(rough, key=lambda other: (-rough[other], other))[:RESCORED]
        scored = {other: self._score(at, other) for other in shortlist}
        scores = {other: round(sum(v for v, _ in parts), 6) for other, parts in scored.items() if parts}
        best = sorted(scores, key=lambda other: (-scores[other], other))[:MAX_RELATED]
        return tuple(Related(self.ids[other], self._reasons(at, other, scored[other]), scores[other]) for other in best)

    def _score(self, at: int, other: int) -> list[tuple[float, tuple[str, str] | None]]:
        """Everything the two actions share, in full: (weight, feature), None for the wording."""
        others = self.feature_sets[other]
        parts: list[tuple[float, tuple[str, str] | None]] = [
            (self.weight[f], f) for f in self.features[at] if f in others
        ]
        mine, theirs = self.wording.vectors[at], self.wording.vectors[other]
        shared = [t for t in mine if t in theirs]
        cosine = sum(mine[t] * theirs[t] for t in shared)
        # One or two loose words in common are chance; a shared phrase or three words are not.
        if cosine >= WORDING_THRESHOLD and (len(shared) >= 3 or any(" " in t for t in shared)):
            parts.append((WORDING_WEIGHT * cosine, None))
        return parts

    def _reasons(self, at: int, other: int, parts: list[tuple[float, tuple[str, str] | None]]) -> tuple[str, ...]:
        # Stable sort: equal weights keep the order programmes, laws, organisations, topics.
        reasons = []
        for _, feature in sorted(parts, key=lambda p: -p[0])[:MAX_REASONS]:
            if feature is None:
                mine, theirs = self.wording.vectors[at], self.wording.vectors[other]
                words = ", ".join(f"“{self.wording.printed[at][t]}”" for t in _shared_words(mine, theirs))
                reasons.append(f"Similar wording: {words}")
            else:
                reasons.append(_label(feature, self.labels))
        return tuple(reasons)


def link(plan: Plan, facts: Facts) -> dict[str, ActionLinks]:
    """ActionLinks for every action, by id, in plan order."""
    actions = list(plan.actions())
    features = _features(facts)
    by_position = [features.get(a.id, []) for a in actions]
    postings: dict[tuple[str, str], list[int]] = {}
    for position, found in enumerate(by_position):  # in plan order, so every list is sorted
        for feature in dict.fromkeys(found):
            postings.setdefault(feature, []).append(position)
    weight = {f: WEIGHTS[f[0]] * math.log(len(actions) / len(at)) for f, at in postings.items()}
    relater = _Relater(
        ids=[a.id for a in actions],
        commitment=[a.commitment for a in actions],
        features=by_position,
        feature_sets=[frozenset(found) for found in by_position],
        postings=postings,
        weight=weight,
        wording=_wording(actions, facts.entities),
        labels=_labels(facts.entities),
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
