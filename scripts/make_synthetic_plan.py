"""Write a synthetic plan N times the size of the real one, in the same Markdown shape, for the scale
benchmark (`scripts/bench.py`) and its test.

The real plan is kept as it is (so its errata and identifiers still hold), then N-1 varied copies of
every pillar's body (its themes and commitments, not its heading and introduction) follow the last
pillar, since the parser wants commitments in sequence: copy k of commitment c is numbered
`k * 34 + c` (35, 36, ...). The last pillar's page range grows by the printed pages the copies add
(the parser counts page headers); the contents stay right for the pillars before it.
Each copy swaps a seeded share (about a third) of the plain words for invented ones, different in
every copy, so the vocabulary grows with the plan as it would with real new text; every heading of a
copy is varied whole, so theme titles and slugs stay unique. Structure (markers, page headers, the
damage the parser repairs, capitalised names and acronyms that enrich recognises, numbers, money,
dates, addresses) is left alone. Deterministic: the same N and seed always give the same bytes.

    python scripts/make_synthetic_plan.py --times 10 --out /tmp/plan-10x.md
"""

from __future__ import annotations

import argparse
import hashlib
import random
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REAL_PLAN = ROOT / "plan" / "action-plan-2025-12.md"

PAGE_HEADER = re.compile(r"^\s*(?:#+\s*)?(?:\*\*)?Action Plan(?:\*\*)?\s*$")
COMMITMENT = re.compile(r"^(\s*-\s+)(\d+)(\.\s)")
HEADING = re.compile(r"^(#+)\s+(.*\S)\s*$")
CONTENTS_ENTRY = re.compile(r"^(.*\S)\t(\d+)\s*$")
WORD = re.compile(r"[A-Za-z]+")

# Words the parser may read as structure, and short function words: never varied.
KEEP = {
    "action", "actions", "plan", "pillar", "pillars", "contents", "commitment", "commitments",
    "will", "shall", "which", "their", "there", "these", "those", "where", "while", "would",
    "should", "could", "about", "other", "under", "after", "before", "through", "within",
    "across", "between", "including", "include", "includes", "available", "footnote",
}
SHARE = 0.35  # share of distinct plain words varied in each copy
ONSETS = ["b", "br", "c", "cl", "cr", "d", "dr", "f", "fl", "g", "gl", "gr", "h", "j", "k", "l", "m",
          "n", "p", "pl", "pr", "qu", "r", "s", "sc", "sp", "st", "t", "tr", "v", "w", "z", "th", "sh"]
VOWELS = ["a", "e", "i", "o", "u", "ai", "ea", "ou", "io", "y"]
CODAS = ["", "", "", "n", "r", "l", "s", "m", "nt", "rd", "st", "x", "ck"]
SUFFIXES = ["ations", "ation", "ments", "ment", "ness", "ings", "ing", "ies", "ed", "es", "ly", "er", "s"]


def _unit(*parts: object) -> float:
    """A stable number in [0, 1) for the parts (hash() is salted per process; this is not)."""
    digest = hashlib.sha256("\x1f".join(map(str, parts)).encode()).digest()
    return int.from_bytes(digest[:8], "big") / 2**64


class Vocabulary:
    """Invents the words of each copy: one new word per (copy, word), never a real or used one."""

    def __init__(self, real_words: set[str], seed: int):
        self.seed = seed
        self.taken = {w.lower() for w in real_words}
        self.made: dict[tuple[int, str], str] = {}

    def varies(self, copy: int, word: str, heading: bool) -> bool:
        lower = word.lower()
        if lower in KEEP or len(word) < 4 or word.isupper():
            return False
        if heading:
            return True
        return word.islower() and len(word) >= 5 and _unit(self.seed, copy, lower) < SHARE

    def swap(self, copy: int, word: str) -> str:
        key = (copy, word.lower())
        if key not in self.made:
            self.made[key] = self._invent(copy, word.lower())
        new = self.made[key]
        if word.isupper():
            return new.upper()
        if word[0].isupper():
            return new.capitalize()
        return new

    def _invent(self, copy: int, word: str) -> str:
        suffix = next((s for s in SUFFIXES if word.endswith(s) and len(word) - len(s) >= 3), "")
        target = max(3, len(word) - len(suffix))
        rng = random.Random(f"{self.seed}:{copy}:{word}")
        while True:
            stem = ""
            while len(stem) < target:
                stem += rng.choice(ONSETS) + rng.choice(VOWELS) + rng.choice(CODAS)
            new = stem + suffix
            if new not in self.taken:
                self.taken.add(new)
                return new


def _vary_line(line: str, copy: int, vocab: Vocabulary, heading: bool) -> str:
    # Leave link targets and addresses alone: only the words of running text change.
    if "http" in line or "www." in line or "@" in line:
        return line
    return WORD.sub(
        lambda m: vocab.swap(copy, m.group()) if vocab.varies(copy, m.group(), heading) else m.group(),
        line,
    )


def _copy_body(body: list[str], copy: int, offset: int, vocab: Vocabulary) -> list[str]:
    out = []
    for line in body:
        if PAGE_HEADER.match(line):
            out.append(line)
            continue
        number = COMMITMENT.match(line)
        if number:
            lead, n, dot = number.groups()
            rest = line[number.end():]
            out.append(f"{lead}{int(n) + offset}{dot}{_vary_line(rest, copy, vocab, False)}")
            continue
        heading = HEADING.match(line)
        out.append(_vary_line(line, copy, vocab, heading is not None))
    return out


def _normalise(text: str) -> str:
    return re.sub(r"[#*\s]+", " ", text).strip().lower()


def synthesise(text: str, times: int, seed: int = 2025) -> str:
    """The plan `times` times over: the real text, then its varied copies."""
    if times < 1:
        raise ValueError("times must be at least 1")
    lines = text.split("\n")
    if times == 1:
        return text

    # The contents: titles and pages, between "# Contents" and the first heading after it.
    contents_at = next(i for i, ln in enumerate(lines) if _normalise(ln) == "contents")
    entries: dict[int, tuple[str, int]] = {}
    for i in range(contents_at + 1, len(lines)):
        if HEADING.match(lines[i]):
            break
        m = CONTENTS_ENTRY.match(lines[i])
        if m:
            entries[i] = (m.group(1), int(m.group(2)))
    titles = {_normalise(t): i for i, (t, _) in entries.items()}

    # Pillar headings are the headings after the contents whose text is a contents title, in order.
    # Of those, a pillar is one whose contents entry is followed by a pillar or ends the list
    # ("Actions to deliver change" and "Our Action Plan" are front matter, not pillars).
    headings = [
        (i, titles[_normalise(m.group(2))])
        for i, ln in enumerate(lines)
        if i > max(entries) and (m := HEADING.match(ln)) and _normalise(m.group(2)) in titles
    ]
    pillar_entries = [e for e in entries if entries[e][0].lower().startswith("pillar")]
    first_pillar_entry = min(pillar_entries)
    pillars = [(i, e) for i, e in headings if e >= first_pillar_entry]
    # One heading per entry: the first one after the contents.
    seen: set[int] = set()
    pillars = [(i, e) for i, e in pillars if not (e in seen or seen.add(e))]

    commitment_numbers = [int(m.group(2)) for ln in lines if (m := COMMITMENT.match(ln))]
    last = max(commitment_numbers)
    real_words = set(WORD.findall(text))
    vocab = Vocabulary(real_words, seed)

    # Each pillar's body: from its first theme heading or commitment (after the pillar's heading
    # and introduction) to the next pillar, without trailing blank lines.
    bodies = []
    for p, (start, _entry) in enumerate(pillars):
        end = pillars[p + 1][0] if p + 1 < len(pillars) else len(lines)
        body_at = next(
            i for i in range(start + 1, end) if HEADING.match(lines[i]) or COMMITMENT.match(lines[i])
        )
        body = lines[body_at:end]
        while body and not body[-1].strip():
            body.pop()
        bodies.append(body)

    # The parser wants commitments in sequence, so the copies follow the last pillar's body, copy k
    # holding every pillar's themes and commitments again, numbered on from the copy before it.
    out = list(lines)
    while out and not out[-1].strip():
        out.pop()
    for k in range(1, times):
        for body in bodies:
            # A page break before each copied pillar body, as the printed plan has between pillars.
            out += ["", "Action Plan", ""] + _copy_body(body, k, k * last, vocab)
    out.append("")
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--times", type=int, default=10, help="size as a multiple of the real plan")
    parser.add_argument("--plan", type=Path, default=REAL_PLAN, help="the real plan to grow")
    parser.add_argument("--seed", type=int, default=2025)
    parser.add_argument("--out", type=Path, required=True, help="where to write the synthetic plan")
    args = parser.parse_args(argv)
    text = synthesise(args.plan.read_text(encoding="utf-8"), args.times, args.seed)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text, encoding="utf-8")
    print(f"{args.out}: {args.times}x, {len(text.splitlines())} lines", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
