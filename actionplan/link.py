"""Cross-links between actions: the previous and next action in plan order, the other actions of
the same commitment, and related actions elsewhere in the plan, each with the reasons a reader is
shown ("Both concern Operation Soteria", "Both name the Crown Prosecution Service").

Relatedness adds up what two actions share, each shared thing weighted by how rare it is in the
plan (sharing the Home Office says less than sharing the Family Justice Board), plus closeness of
wording. Ties go to plan order, so the output never depends on dictionary or set order.
"""

from __future__ import annotations

import math
import re
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
    vectors: dict[str, dict[str, float]]  # action id -> term -> normalised tf-idf weight
    postings: dict[str, list[str]]  # term -> action ids, in plan order
    printed: dict[str, dict[str, str]]  # action id -> term -> its words as the action prints them


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
    terms = {a.id: _terms(_without_names(a.text, entities), common) for a in actions}
    counts = {ident: Counter(term for term, _ in found) for ident, found in terms.items()}
    df = Counter(term for c in counts.values() for term in c)
    limit = max(2, int(len(actions) * WORDING_MAX_SHARE))
    vectors: dict[str, dict[str, float]] = {}
    postings: dict[str, list[str]] = {}
    printed: dict[str, dict[str, str]] = {}
    for action in actions:
        weights = {
            term: (1 + math.log(n)) * math.log(len(actions) / df[term])
            for term, n in counts[action.id].items()
            if 1 < df[term] <= limit
        }
        norm = math.sqrt(sum(w * w for w in weights.values())) or 1.0
        vectors[action.id] = {term: w / norm for term, w in weights.items()}
        printed[action.id] = {}
        for term, words in terms[action.id]:
            printed[action.id].setdefault(term, words)
        for term in weights:
            postings.setdefault(term, []).append(action.id)
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


def _related(
    action: Action,
    commitment_of: dict[str, int],
    position: dict[str, int],
    features: dict[str, list[tuple[str, str]]],
    postings: dict[tuple[str, str], list[str]],
    weight: dict[tuple[str, str], float],
    wording: _Wording,
    labels: dict[tuple[str, str], str],
) -> tuple[Related, ...]:
    """The best related actions outside the action's own commitment, best first."""
    own = action.id

    def elsewhere(other: str) -> bool:
        return commitment_of[other] != commitment_of[own]

    mine = commitment_of[own]
    score: dict[str, float] = {}
    shared_features: dict[str, list[tuple[str, str]]] = {}
    for feature in features.get(own, []):
        value = weight[feature]
        for other in postings[feature]:
            if commitment_of[other] != mine:
                score[other] = score.get(other, 0.0) + value
                shared_features.setdefault(other, []).append(feature)
    vector = wording.vectors.get(own, {})
    similarity: dict[str, float] = {}
    shared_terms: dict[str, list[str]] = {}
    for term, value in vector.items():
        for other in wording.postings.get(term, []):
            if commitment_of[other] != mine:
                similarity[other] = similarity.get(other, 0.0) + value * wording.vectors[other][term]
                shared_terms.setdefault(other, []).append(term)
    alike = {}
    for other, cosine in similarity.items():
        terms = shared_terms[other]
        # One or two loose words in common are chance; a shared phrase or three words are not.
        if cosine >= WORDING_THRESHOLD and (len(terms) >= 3 or any(" " in t for t in terms)):
            alike[other] = WORDING_WEIGHT * cosine
            score[other] = score.get(other, 0.0) + alike[other]
    rounded = {other: round(value, 6) for other, value in score.items()}
    best = sorted(rounded, key=lambda other: (-rounded[other], position[other]))[:MAX_RELATED]
    related = []
    for other in best:
        parts = [(weight[f], _label(f, labels)) for f in shared_features.get(other, [])]
        if other in alike:
            shown = _shared_words(vector, wording.vectors[other])
            words = ", ".join(f"“{wording.printed[own][term]}”" for term in shown)
            parts.append((alike[other], f"Similar wording: {words}"))
        # Stable sort: equal weights keep the order programmes, laws, organisations, topics.
        reasons = tuple(label for _, label in sorted(parts, key=lambda p: -p[0])[:MAX_REASONS])
        related.append(Related(other, reasons, rounded[other]))
    return tuple(related)


def link(plan: Plan, facts: Facts) -> dict[str, ActionLinks]:
    """ActionLinks for every action, by id, in plan order."""
    actions = list(plan.actions())
    position = {a.id: index for index, a in enumerate(actions)}
    commitment_of = {a.id: a.commitment for a in actions}
    features = _features(facts)
    postings: dict[tuple[str, str], list[str]] = {}
    for action in actions:  # plan order, so postings lists are in plan order
        for feature in dict.fromkeys(features.get(action.id, [])):
            postings.setdefault(feature, []).append(action.id)
    weight = {f: WEIGHTS[f[0]] * math.log(len(actions) / len(ids)) for f, ids in postings.items()}
    labels = _labels(facts.entities)
    wording = _wording(actions, facts.entities)
    links = {}
    for index, action in enumerate(actions):
        commitment = plan.commitment_of(action)
        links[action.id] = ActionLinks(
            action_id=action.id,
            previous=actions[index - 1].id if index > 0 else None,
            next=actions[index + 1].id if index + 1 < len(actions) else None,
            siblings=tuple(a.id for a in commitment.actions if a.id != action.id),
            related=_related(action, commitment_of, position, features, postings, weight, wording, labels),
        )
    return links
