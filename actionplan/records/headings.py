"""An action's heading: a whole phrase in the plan's own words, short enough for a link.

The heading is the page's h1, the browser title, the text of every link to the action and the
words the citation quotes, so it must read as a phrase the plan says, not as a sentence cut off.
It is the bold headline where the plan prints one; otherwise the first sentence where it is short
enough; otherwise the longest head of that sentence that ends where the plan's own grammar ends a
phrase (before "to ensure …", ", which …", " – "); and only where no such phrase exists, the
sentence cut at a word with "…". Where the source lost the action's first words, the heading
says so before the words that survive.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ..model import FLAG_OPENING_LOST, Action
from ..sentences import first_sentence
from ..text import TITLE_LIMIT, cut_at_word

# Said before the surviving words of an action whose opening the source lost; never the plan's.
OPENING_LOST_NOTE = "[Opening words missing]"
# Said after a heading of ours (plan/headings.toml, actionplan/records/own_headings.py) for such an action.
OWN_HEADING_NOTE = "(heading ours: the plan's opening words are missing)"

# A whole sentence or phrase may run this far past the limit ("about 90 characters"): a few more
# characters are better than a cut ("… domestic abuse and stalking perpetrators", 96).
WHOLE_SLACK = 6
# A phrase shorter than this says too little to name an action ("Review", "Work with partners").
MIN_PHRASE = 32
MIN_WORDS = 4
# Surviving words shorter than this ("courts.") are joined by the next sentence in the heading.
MIN_FRAGMENT_WORDS = 4

# Verbs that, after " to ", start a purpose: "Roll out X to ensure Y" names the action by "Roll out X".
_PURPOSE_VERBS = (
    "ensure|improve|help|support|make|provide|tackle|better|prevent|protect|deliver|strengthen|"
    "raise|reduce|increase|identify|understand|address|enable|inform|give|allow|build|develop|"
    "create|encourage|drive|establish|promote|bolster|equip|track|catch|assess|explore|keep|"
    "disrupt|stop|safeguard|intensify|monitor|test|learn|embed|boost|consider|capture|clarify|"
    "set|bring|target|transform|reflect|align|increase|maximise|share|challenge|spot|respond|"
    "hold|end|cover|tackle|meet|work|roll|pilot|recognise|streamline|harness|look|examine|"
    "deter|reach|scale|gather|publish|empower|upskill"
)
# Where the plan's grammar ends a phrase; the heading may stop just before any of these.
_BREAKS = re.compile(
    r" [–—-] "  # a dash opens an aside
    r"|; "
    r"|: "
    r"|, (?=(?:which|who|where|so|ensuring|helping|including|with|to|as|while|enabling|providing|"
    r"making|building|improving|supporting|meaning|alongside|giving|allowing|through|by|in order|"
    r"before|after|starting|following|focusing|equipping|creating|recognising|reducing|"
    r"strengthening|increasing|bringing|delivering|working|drawing|setting|using|such as|"
    r"and (?:to |will |we |this |it |in |ensure|help|improve|support|provide|make))\b)"
    r"| (?=(?:so that|in order to|through|which|ensuring|including|as part of|alongside|"
    r"in line with|helping|enabling|by (?:\w+ing|the end|spring|summer|autumn|winter|20\d\d))\b)"
)
# ", and" ends a phrase unless it ends a list ("Relationship, Sex, and Health Education").
_AND = re.compile(r", and (?=\S)")
# " to" and a verb start a purpose ("Roll out X to ensure Y"), unless the words before need it:
# "designed to", "a commitment to", "help schools to".
_PURPOSE = re.compile(rf" (?=to (?:{_PURPOSE_VERBS})\b)")
_NEEDS_TO = {
    "designed", "required", "right", "continue", "continues", "able", "commitment", "route",
    "ability", "options", "plans", "plan", "funding", "million", "billion", "contract", "duty",
    "power", "powers", "way", "ways", "opportunity", "opportunities", "effort", "efforts", "used",
    "going", "intended", "enough", "aim", "seek", "want", "starting", "mean", "means", "will",
}
_MAKES_TO = {
    "help", "helping", "helps", "support", "supporting", "enable", "enabling", "allow", "allowing",
    "encourage", "encouraging", "require", "requiring", "requires", "ask", "asking", "empower",
    "empowering", "equip", "equipping", "expect", "invite", "inviting", "work",
}
# A preposition starts a phrase of its own: "… deployments | in many police forces".
_PREPOSITION = re.compile(
    r" (?=(?:in|across|for|with|from|at|on|within|among|under|into|between|during|after|before|"
    r"via|using|towards|alongside|beyond|as)\b)"
)
# Nouns that say little without the words after them: "guidance | on Domestic Homicide Reviews".
_NEEDS_COMPLEMENT = {
    "guidance", "research", "evidence", "training", "data", "consultation", "call", "review",
    "support", "access", "investment", "awareness", "understanding", "use", "reasons", "decline",
    "role", "scope", "rules", "network", "range", "number", "information", "funding", "pilot",
    "requirement", "offer", "change", "changes", "those", "people", "work", "time",
}
# Words that open a clause: a head cut inside the clause may lack its verb ("Ensure that victims
# and survivors of domestic abuse | can continue ...").
_CLAUSE_OPENERS = {"that", "whether", "why", "how", "what", "who", "where", "when"}
# The "will" of the main clause, not of a relative one ("a statement, which will replace ...").
_MAIN_WILL = re.compile(r"(?<!\bwhich )(?<!\bwho )(?<!\bthat )(?<!\bthis )(?<!\bit )(?<!\bwe )(?<!\bthey )\bwill\b")
# "Work with the VAWG sector and police | to develop ...": the partners alone are not the action.
_ONLY_PARTNERS = re.compile(
    r"^(?:continue to |further )?(?:work|collaborate|partner|engage)(?: closely)?(?: in partnership)?"
    r"(?: across government)? with (?:(?! (?:to|on|in|for|through|so|by|across|at) )[^,;])*$",
    re.IGNORECASE,
)

# Words a phrase must not end on: it would read as broken.
_WEAK_ENDINGS = {
    "a", "an", "the", "and", "or", "of", "to", "for", "in", "on", "with", "by", "at", "from",
    "as", "that", "this", "their", "its", "our", "into", "across", "such", "we", "will", "is", "are",
    "be", "being", "both", "new", "more", "all", "how", "not",
    # words that lead on to more: "to look | at", "participating | in", "starting | by"
    "look", "looking", "set", "setting", "roll", "rolling", "bring", "carry", "draw", "drawing",
    "focused", "focusing", "participating", "based", "starting", "easier", "harder", "designed",
    "required", "right", "able", "continue", "those", "ensure", "whether", "why", "what", "who",
    "which", "due", "according", "relating", "related", "linked", "up", "down", "out", "off",
    "support", "access", "focus",
}
_PAIRS = (("(", ")"), ("“", "”"))
# A single quote opens after a space and closes before one; an apostrophe ("CPS' ") only closes.
_SINGLE_OPEN = re.compile(r"(?:^|(?<=\s))['‘]")
_SINGLE_CLOSE = re.compile(r"['’](?=\s|$|[,.;:])")


@dataclass(frozen=True)
class Heading:
    """What the heading says and what it rests on.

    `text` is shown (h1, links, browser title); `quote` is the plan's words in it, which the
    citation quotes: the same as `text` except that an action whose opening was lost has the note
    saying so in `text` only. `kind` says how it was found: "headline" (the plan's bold lead),
    "sentence" (its whole first sentence), "phrase" (the head of that sentence up to a break in its
    grammar) or "cut" (cut at a word with "…", where no phrase was short enough).
    """

    text: str
    quote: str
    kind: str


def action_heading(action: Action, limit: int = TITLE_LIMIT) -> Heading:
    if action.headline:
        words = " ".join(action.headline.split()).rstrip(",.;: ")
        return Heading(words, words, "headline")
    opening = action.paragraphs[0] if action.paragraphs else action.text
    if FLAG_OPENING_LOST in action.flags:
        room = limit - len(OPENING_LOST_NOTE) - 2  # the note, a space and the leading "…"
        kind, words = _fragment(opening, room)
        quote = "…" + words
        if action.own_heading is not None:  # ours, naming the subject, and said to be ours
            return Heading(f"{action.own_heading.heading} {OWN_HEADING_NOTE}", quote, "ours")
        return Heading(f"{OPENING_LOST_NOTE} {quote}", quote, kind)
    kind, words = phrase(opening, limit)
    return Heading(words, words, kind)


@lru_cache(maxsize=4096)
def phrase(text: str, limit: int = TITLE_LIMIT) -> tuple[str, str]:
    """(kind, words): the first sentence of `text`, or its longest whole phrase within `limit`.
    Remembered: every page and list that names an action asks for its heading."""
    sentence = _sentence(text)
    if len(sentence) <= limit + WHOLE_SLACK and _balanced(sentence):
        return "sentence", sentence
    fitting = [h for h in _heads(sentence) if len(h) <= limit + WHOLE_SLACK and _reads_whole(h)]
    if fitting:
        return "phrase", max(fitting, key=len)
    return "cut", cut_at_word(sentence, limit)


def _heads(sentence: str) -> list[str]:
    """Every head of the sentence that ends where a phrase of the plan's grammar ends."""
    heads = [sentence[: m.start()] for m in _BREAKS.finditer(sentence)]
    heads += [h for m in _AND.finditer(sentence) if "," not in (h := sentence[: m.start()])]
    for m in _PREPOSITION.finditer(sentence):
        head, after = sentence[: m.start()], sentence[m.end():].split()
        last = head.split()[-1] if head.split() else ""
        in_a_name = last[:1].isupper() and len(after) > 1 and after[1][:1].isupper()  # "Department for Education"
        if not in_a_name and last.lower() not in _NEEDS_COMPLEMENT:
            heads.append(head)
    for m in _PURPOSE.finditer(sentence):
        head = sentence[: m.start()]
        before = [w.lower().strip(",;:") for w in head.split()]
        if before and before[-1] not in _NEEDS_TO and _MAKES_TO.isdisjoint(before[-4:]):
            heads.append(head)
    main = _MAIN_WILL.search(sentence)
    main_will = main.start() if main else None
    return [h.rstrip(" ,") for h in heads if _has_its_verb(h.rstrip(" ,"), sentence, main_will)]


def _has_its_verb(head: str, sentence: str, main_will: int | None) -> bool:
    """A head keeps the sentence's verb: not "every school | will have", not "Ensure that victims |
    can continue", not only the partners of "Work with X | to do Y". `main_will` is where the
    sentence's main "will" starts (None: it has none)."""
    rest = sentence[len(head):]
    if main_will is not None and main_will >= len(head):
        return False
    if _ONLY_PARTNERS.match(head):
        return False
    words = {w.lower().strip(",;:") for w in head.split()}
    strong = rest.lstrip(" ,").startswith(("which", "–", "—", "-", ";", ":")) or rest.startswith(", ")
    return strong or words.isdisjoint(_CLAUSE_OPENERS)


def opening_fragment(text: str) -> str:
    """The first sentence of an action that lost its opening; where the surviving words of it are a
    word or two ("courts."), the next sentence too, so that they say something."""
    text = " ".join(text.split())
    first = first_sentence(text)
    rest = text[len(first):].strip()
    if len(first.split()) >= MIN_FRAGMENT_WORDS or not rest:
        return first
    return f"{first} {first_sentence(rest)}"


def _fragment(text: str, limit: int) -> tuple[str, str]:
    fragment = opening_fragment(text)
    if fragment == first_sentence(fragment):
        return phrase(fragment, limit)
    words = fragment.rstrip(" .:;,")
    return ("sentence", words) if len(words) <= limit + WHOLE_SLACK else ("cut", cut_at_word(words, limit))


def _sentence(text: str) -> str:
    """The first sentence without its closing mark; a lead-in colon ("This includes:") is no part
    of a heading."""
    sentence = first_sentence(" ".join(text.split()))
    return sentence.rstrip().rstrip(".:;, ")


def _reads_whole(words: str) -> bool:
    """Long enough to name the action, brackets and quotes closed, not ending on a word that needs
    another after it."""
    if len(words) < MIN_PHRASE or len(words.split()) < MIN_WORDS:
        return False
    if words.split()[-1].lower().strip(",;:") in _WEAK_ENDINGS:
        return False
    return _balanced(words)


def _balanced(words: str) -> bool:
    if words.count('"') % 2:
        return False
    if len(_SINGLE_OPEN.findall(words)) > len(_SINGLE_CLOSE.findall(words)):
        return False
    return all(words.count(a) == words.count(b) for a, b in _PAIRS)
