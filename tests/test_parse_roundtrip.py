"""Property tests on generated plans: write a plan's structure as the converted Markdown looks, parse
it back, and get the same structure, with or without page headers scattered through it."""

from __future__ import annotations

import random

from hypothesis import given, settings
from hypothesis import strategies as st

from actionplan.model import FLAG_HEADER_JOINED
from actionplan.reading.parse import parse_plan
from actionplan.reading.source import roman

WORDS = ["support", "victims", "police", "review", "courts", "guidance", "services", "training", "data",
         "schools", "health", "housing", "funding", "research", "partners", "safety", "local", "national"]
FRONT = """\
#### **Ministry of Examples**

# A Generated Plan Volume 3

#### Action Plan

May 2026

#### © Crown copyright 2026

Licensed under the Open Government Licence v3.0.

ISBN 978-0-00-000000-0

# Contents

Opening\t3
{contents}

Action Plan

# Opening

Opening words.
"""


def words(seed: int) -> str:
    """A sentence of 2 to 12 WORDS, chosen and counted by a random.Random seeded with `seed`."""
    chosen = random.Random(seed)
    return " ".join(chosen.choices(WORDS, k=chosen.randint(2, 12))).capitalize() + "."


# A plan's shape: pillars of (introduction, themes); a theme is a list of commitments (lead-in,
# actions); an action is (text, sub-item texts). A sentence is any 2 to 12 of WORDS, drawn as one
# number (words' seed) rather than as a list of words: hypothesis's bookkeeping for each word drawn
# was nine tenths of the test's time.
sentence = st.integers(0, 2**32).map(words)
action = st.tuples(sentence, st.lists(sentence, max_size=3))
lead_in = sentence.map(lambda s: "To " + s.lower()[:-1] + ", we will:")
commitment = st.tuples(lead_in, st.lists(action, min_size=1, max_size=6))
theme = st.lists(commitment, min_size=1, max_size=3)
pillar = st.tuples(sentence, st.lists(theme, min_size=1, max_size=3))
shapes = st.lists(pillar, min_size=1, max_size=3)


def render(pillars) -> tuple[str, list]:
    """The Markdown, and the expected (pillar, theme, commitment, action) structure."""
    contents = "\n".join(f"Pillar {n}: Pillar number {n}\t{4 + 10 * n}" for n in range(1, len(pillars) + 1))
    out = FRONT.format(contents=contents).splitlines()
    expected = []
    number = 0
    for p, (intro, themes) in enumerate(pillars, start=1):
        out += ["", f"# Pillar {p}: Pillar number {p}", "", intro, "", "Action Plan", ""]
        for t, commitments in enumerate(themes, start=1):
            title = f"Theme {t} of pillar {p}"
            out += ["", f"#### {title}", ""]
            for lead_in, actions in commitments:
                number += 1
                out.append(f"- {number}. {lead_in}")
                for index, (text, subitems) in enumerate(actions):
                    letter = "abcdefghijklmnopqrstuvwxyz"[index]
                    out.append(f"  - {letter}) {text}")
                    out += [f"    - {roman(i)}. {s}" for i, s in enumerate(subitems, start=1)]
                    expected.append((p, title, number, lead_in, f"{number}{letter}", text, subitems))
    return "\n".join(out) + "\n", expected


def structure(plan) -> list:
    themes = {t.slug: t.title for t in plan.themes}
    return [
        (c.pillar, themes[c.theme], c.number, c.lead_in, a.id, " ".join(a.paragraphs), [s.text for s in a.subitems])
        for c in plan.commitments
        for a in c.actions
    ]


@settings(max_examples=60, deadline=None)
@given(shapes)
def test_a_generated_plan_parses_back_to_its_structure(pillars):
    text, expected = render(pillars)
    plan, account = parse_plan(text, "generated.md")
    assert structure(plan) == [tuple(e) for e in expected]
    assert [p.introduction for p in plan.pillars] == [(intro,) for intro, _ in pillars]
    assert all(not a.flags for a in plan.actions())
    assert all(u.used_by or u.dropped_by for u in account.lines)


@settings(max_examples=60, deadline=None)
@given(shapes, st.data())
def test_page_headers_anywhere_in_the_body_change_no_text(pillars, data):
    text, expected = render(pillars)
    lines = text.splitlines()
    body_start = next(i for i, line in enumerate(lines) if line.startswith("# Pillar 1:")) + 1
    cuts = data.draw(st.sets(st.integers(min_value=body_start, max_value=len(lines)), max_size=10))
    damaged = []
    for index, line in enumerate(lines):
        if index in cuts:
            damaged += ["", "Action Plan", ""]
        damaged.append(line)
    plan, _ = parse_plan("\n".join(damaged) + "\n", "generated.md")
    assert structure(plan) == [tuple(e) for e in expected]
    # Only a header that fell between an action's own lines marks it as joined.
    assert all(a.flags in ((), (FLAG_HEADER_JOINED,)) for a in plan.actions())
