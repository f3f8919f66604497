"""Tests for enrich: each fact finder on small strings, the data files' checks, and the facts of
named actions of the real plan, asserted from the plan's own words."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from actionplan.facts.acronyms import harvest_definitions
from actionplan.facts.deadlines import find_deadlines, month_year
from actionplan.facts.enrich import enrich, load_entities
from actionplan.facts.money import amount_of, find_money
from actionplan.facts.names import NameFinder, organisation_roles
from actionplan.facts.status import find_standing
from actionplan.facts.topics import topic_hits
from actionplan.link import first_mentions
from actionplan.model import Deadline, EntityMention, Money, PlanError, Topic
from actionplan.reading.parse import parse_plan_file
from actionplan.sentences import sentence_spans

ROOT = Path(__file__).resolve().parent.parent
PLAN = ROOT / "plan" / "action-plan-2025-12.md"
ERRATA = ROOT / "plan" / "errata.toml"
ENTITIES = ROOT / "plan" / "entities.toml"


@pytest.fixture(scope="module")
def entities():
    return load_entities(ENTITIES)


@pytest.fixture(scope="module")
def plan():
    return parse_plan_file(str(PLAN), str(ERRATA))[0]


@pytest.fixture(scope="module")
def facts(plan, entities):
    return enrich(plan, entities)


WORDING = load_entities(ENTITIES).wording


def bare(facts):
    """The facts without the sentence each was found in (tests of the sentence are apart)."""
    return tuple(replace(f, evidence="") for f in facts)


# --- money ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("largest-ever investment of £550 million", Money(550_000_000, "£550 million")),
        ("supported by £13.1 million of Home Office investment", Money(13_100_000, "£13.1 million")),
        ("£1.5m of funding will enable", Money(1_500_000, "£1.5m")),
        ("Provide up to £1 million of funding", Money(1_000_000, "£1 million", qualifier="up to")),
        ("funded by £122,335 over two years", Money(122_335, "£122,335", period="over two years")),
        ("Commit over £2.4 billion to local", Money(2_400_000_000, "£2.4 billion", qualifier="over", lower_bound=True)),
        ("with £5 million each year from the", Money(5_000_000, "£5 million", period="each year")),
        (
            "invested more than £300,000 to fund",
            Money(300_000, "£300,000", qualifier="more than", lower_bound=True),
        ),
        ("Invest tens of millions a year from 2025", Money(None, "tens of millions", period="a year")),
        ("£150,000 investment over a two-year period", Money(150_000, "£150,000", period="over a two-year period")),
        (
            "We will spend £15.6 billion on mental health support in 25/26 alone",
            Money(15_600_000_000, "£15.6 billion", period="in 25/26", kind="context", context_basis="whole-budget"),
        ),
        (
            "We spent £2 million on helplines in 2025-26 and",
            Money(2_000_000, "£2 million", period="in 2025-26", kind="context", context_basis="before-period"),
        ),
        (
            "We will spend £2 million on helplines in 2026-27 and",
            Money(2_000_000, "£2 million", period="in 2026-27"),
        ),
        (
            "funded by £122,335 over two years to March 2027.",
            Money(122_335, "£122,335", period="over two years to March 2027"),
        ),
    ],
)
def test_money_in_words(text, expected):
    assert bare(find_money(text, WORDING)) == (expected,)


def test_a_sum_inside_a_total_is_part_of_it_and_the_total_takes_its_period():
    text = (
        "Continue to fund the duty, committing £499 million over the next three years. The department "
        "increased funding by £30 million in 2025-26, bringing the total investment to £160 million, and "
        "will spend £499 million over the next three years."
    )
    found = find_money(text, WORDING)
    assert [(m.amount, m.part_of, m.period) for m in found] == [
        (499_000_000, None, "over the next three years"),
        (30_000_000, 2, "in 2025-26"),
        (160_000_000, None, "in 2025-26"),
    ]
    assert found[1].evidence.startswith("The department increased funding by £30 million")
    assert found[0].evidence == "Continue to fund the duty, committing £499 million over the next three years."
    # Two sums of one sentence with nothing saying one contains the other stay apart.
    apart = find_money("£5 million for schools and £3 million for colleges.", WORDING)
    assert [m.part_of for m in apart] == [None, None]


def test_background_figures_are_context_only_in_their_own_clause():
    text = "We will spend £15.6 billion on mental health in 25/26 alone. £2 million will fund a helpline."
    assert [m.kind for m in find_money(text, WORDING)] == ["context", "funding"]
    assert [m.kind for m in find_money(text)] == ["funding", "funding"]  # no wording, no rule


def test_money_period_stays_in_its_clause():
    # The year belongs to the database's expansion, not to the £7 million.
    text = "£7 million of funding will be provided for the development of the database, and plans start in 2026."
    assert bare(find_money(text, WORDING)) == (Money(7_000_000, "£7 million"),)


def test_money_amounts_are_exact_and_repeats_are_kept_once():
    assert amount_of("13", "1", "million") == 13_100_000  # not 13099999 from a float
    assert amount_of("0", "3", "bn") == 300_000_000
    text = "£499 million over the next three years ... with £499 million over the next three years."
    assert len(find_money(text, WORDING)) == 1
    assert find_money("no money here, only 550 million people", WORDING) == ()


# --- deadlines --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Deliver it by Spring 2026.", Deadline("by", 2026, season="spring", text="by Spring 2026")),
        ("from April 2026", Deadline("from", 2026, month=4, text="from April 2026")),
        ("by the end of 2026", Deadline("by", 2026, end_of=True, text="by the end of 2026")),
        ("in financial year 2026/27", Deadline("in", 2026, financial_year="2026/27", text="in financial year 2026/27")),
        ("by June 2028", Deadline("by", 2028, month=6, text="by June 2028")),
        ("by 2029", Deadline("by", 2029, text="by 2029")),
        ("research in 2025/26 to", Deadline("in", 2025, financial_year="2025/26", text="in 2025/26")),
        ("the 2025/26 training programme", Deadline("in", 2025, financial_year="2025/26", text="2025/26")),
        ("by January 2026", Deadline("by", 2026, month=1, text="by January 2026")),
        ("during 2026-27 through", Deadline("in", 2026, financial_year="2026/27", text="during 2026-27")),
        ("on 1 April 2026.", Deadline("in", 2026, month=4, text="on 1 April 2026")),
        ("over two years to March 2027", Deadline("period", 2027, month=3, text="to March 2027")),
        ("the CPS VAWG Strategy for 2025–2030", Deadline("period", 2025, text="for 2025–2030")),
        ("Starting in 2026, launch", Deadline("from", 2026, text="Starting in 2026")),
        ("by 2028/2029", Deadline("by", 2028, financial_year="2028/29", text="by 2028/2029")),
        (
            "By the end of this parliament in 2029, every school",
            Deadline("by", 2029, end_of=True, text="By the end of this parliament in 2029"),
        ),
    ],
)
def test_deadline_in_words(text, expected):
    assert bare(find_deadlines(text)) == (expected,)


@pytest.mark.parametrize(
    "text",
    [
        "the Online Safety Act 2023",  # a name's year, not a date
        "children aged 5–11",  # an age range, not a financial year
        "the 24/7 helpline",  # two-digit pairs count only after "in", "by", ...
    ],
)
def test_not_deadlines(text):
    assert find_deadlines(text) == ()


def test_past_dates_are_events_not_deadlines():
    published = month_year("December 2025")
    assert published == (2025, 12)
    text = (
        "introduced in August 2025; launched in 2023; from 2025 onwards; in 2025/26; by 2029; "
        "published in December 2025; due in December 2025"
    )
    found = [(d.kind, d.text) for d in find_deadlines(text, published, WORDING)]
    assert found == [
        ("past", "in August 2025"),
        ("past", "in 2023"),
        ("from", "from 2025"),
        ("in", "in 2025/26"),
        ("by", "by 2029"),
        ("past", "in December 2025"),  # "published" in the month of publication
        ("in", "in December 2025"),
    ]
    assert [d.is_deadline for d in find_deadlines(text, published, WORDING)] == [False] * 3 + [True] * 2 + [False, True]


@pytest.mark.parametrize(
    ("text", "kind", "when"),
    [
        ("a proven response for perpetrators within three years.", "by", (2028, 12, None)),
        ("investment by the end of the parliament will test", "by", (2029, None, None)),
        ("Commission research this year to look at", "in", (2025, None, None)),
        ("This summer, we have begun to close this loophole", "past", (2025, None, "summer")),
    ],
)
def test_dates_relative_to_publication(text, kind, when):
    (found,) = find_deadlines(text, (2025, 12), WORDING)
    assert (found.kind, (found.year, found.month, found.season)) == (kind, when)
    assert found.evidence == text


def test_the_year_of_a_sum_is_its_period_not_a_deadline():
    from actionplan.facts.money import money_periods

    text = "We will spend £15.6 billion on mental health support in 25/26 alone. We will report in 2026/27."
    found = find_deadlines(text, (2025, 12), WORDING, money_periods(text, WORDING))
    assert [(d.kind, d.text) for d in found] == [("period", "in 25/26"), ("in", "in 2026/27")]


def test_deadline_sort_key_orders_the_timeline():
    found = find_deadlines("by 2029, by Spring 2026, by the end of 2026, from April 2026, in 2026/27")
    ordered = [d.text for d in sorted(found, key=lambda d: d.sort_key)]
    assert ordered == ["by Spring 2026", "from April 2026", "in 2026/27", "by the end of 2026", "by 2029"]


# --- names, acronyms, topics, roles, status ------------------------------------------------------------


def test_names_longest_first_as_written_and_plural():
    finder = NameFinder(
        [
            ("organisation", "mod", ("Ministry of Defence", "Defence")),
            ("organisation", "dmws", ("Defence Medical Welfare Service",)),
            ("programme", "mappa", ("Multi-Agency Public Protection Arrangements", "MAPPA")),
            ("programme", "dapo", ("Domestic Abuse Protection Order", "DAPO")),
            ("law", "dvds", ("Domestic Violence Disclosure Scheme", "Clare's Law")),
        ]
    )
    text = (
        "the Defence Medical Welfare Service and Defence; a testing defence; multi-agency public "
        "protection arrangements; DAPOs; Clare’s Law"
    )
    found = [(m.entity_id, m.text) for m in finder.mentions(text)]
    assert found == [
        ("dmws", "Defence Medical Welfare Service"),
        ("mod", "Defence"),
        ("mappa", "multi-agency public protection arrangements"),
        ("dapo", "DAPOs"),
        ("dvds", "Clare’s Law"),
    ]


def test_acronym_definitions_are_read_from_the_words_before_the_brackets():
    text = (
        "Expand Multi-Agency Tasking and Coordination (MATAC) groups. Roll out Domestic Abuse "
        "Protection Orders (DAPOs) now. Abolished the fee for the Persons at Risk of Violence (PARV) "
        "order. The joint Forced Marriage Unit's (FMU) work. Some words (NOPE) that do not fit."
    )
    assert harvest_definitions([text]) == {
        "MATAC": "Multi-Agency Tasking and Coordination",
        "DAPO": "Domestic Abuse Protection Order",
        "PARV": "Persons at Risk of Violence",
        "FMU": "Forced Marriage Unit",
    }


def test_keyword_rules_case_prefix_and_unless():
    topics = (
        Topic("stalking", "Stalking", keywords=("stalk*",)),
        Topic("armed-forces", "Armed forces", keywords=("Defence",)),
        Topic("health", "Health", keywords=("health",), unless=("Health Education",)),
    )
    assert topic_hits("Stalking and stalkers", topics) == {"stalking": 2}
    assert topic_hits("a testing defence", topics) == {}
    assert topic_hits("hold Defence to account", topics) == {"armed-forces": 1}
    assert topic_hits("Relationships, Sex and Health Education", topics) == {}
    assert topic_hits("Health Education and mental health", topics) == {"health": 1}


@pytest.mark.parametrize(
    ("text", "standing", "evidence"),
    [
        ("Made changes which mean all police officers are now required to hold vetting", "done", None),
        ("Abolished the fee for the Persons at Risk of Violence (PARV) order", "done", None),
        ("The Office for Students introduced a new registration condition in August 2025", "done", None),
        (
            "Take robust action to tackle spiking. We have delivered the manifesto commitment. The rest is to come.",
            "under-way",
            "We have delivered the manifesto commitment.",
        ),
        ("Improve the service. This summer, we have begun to close this loophole.", "under-way",
         "This summer, we have begun to close this loophole."),
        ("Introduce a new package of measures for young people. It will help.", "promised",
         "Introduce a new package of measures for young people."),
        # A programme launched before the plan, which the action delivers: its work is under way.
        ("Deliver the Raising Our Standards Programme, launched in September 2024", "under-way", None),
        ("Continue to fund the helpline for victims.", "under-way", None),
        ("Already operating in five force areas, the service will be rolled out.", "under-way", None),
        # A launch still to come is a promise.
        ("Launch a new campaign, to be launched in 2026.", "promised", None),
        # Something done beside the action is not a part of it.
        ("Remove the Direct Pay service. We have already introduced a CMS Specialist Case Team", "promised", None),
    ],
)
def test_standing_from_the_wording(text, standing, evidence):
    found = find_standing(text, WORDING)
    assert found.standing == standing
    assert found.words == (evidence or found.words) and found.words in text
    assert found.reason and not found.reviewed


def _roles(text: str) -> dict[str, str]:
    finder = NameFinder(
        [
            ("organisation", "ho", ("Home Office",)),
            ("organisation", "npcc", ("National Police Chiefs' Council", "NPCC")),
            ("organisation", "sia", ("Security Industry Authority",)),
            ("organisation", "dfe", ("Department for Education",)),
            ("organisation", "moj", ("Ministry of Justice", "MoJ")),
            ("organisation", "fjb", ("Family Justice Board", "FJB")),
            ("organisation", "cps", ("CPS",)),
            ("organisation", "fmu", ("Forced Marriage Unit", "FMU")),
            ("organisation", "hmpps", ("HM Prison and Probation Service", "HMPPS")),
            ("organisation", "dhsc", ("DHSC",)),
            ("programme", "cps-strategy", ("CPS VAWG Strategy",)),
        ]
    )
    owners = {"cps-strategy": "cps"}
    return {o.id: o.role for o in organisation_roles(text, finder.mentions(text), WORDING, owners)}


@pytest.mark.parametrize(
    ("text", "roles"),
    [
        ("The Home Office will work with the NPCC to ensure forces act.", {"ho": "delivers", "npcc": "delivers"}),
        ("Work with the sector, led by the Department for Education, to act.", {"dfe": "delivers"}),
        ("Deliver training for Security Industry Authority-licenced door supervisors.", {"sia": "mentioned"}),
        (
            "The role of the FJB, co-chaired by the Department for Education and the Ministry of Justice, is central.",
            {"fjb": "mentioned", "dfe": "mentioned", "moj": "mentioned"},
        ),
        ("Publish measures through the Family Justice Board (FJB), to track progress.", {"fjb": "delivers"}),
        ("Expand Home Office investment in helplines.", {"ho": "delivers"}),
        ("Support the CPS and police as they jointly implement the plan.", {"cps": "delivers"}),
        # A clause between commas describing the name does not hide its verb.
        ("The Family Justice Board (FJB), which is funded by £1.5 million, will publish data.", {"fjb": "delivers"}),
        ("The role of the FJB, which is central, is clear.", {"fjb": "mentioned"}),
        ("Consider the findings of the Home Office's report. The Ministry of Justice concluded a pilot.",
         {"ho": "mentioned", "moj": "delivers"}),
        # A name is the doer if it is anywhere in the text: mentioned first, delivering later.
        ("Improve the CPS response. The CPS will publish data.", {"cps": "delivers"}),
        # "X-funded" makes X the doer in the action's opening, not in a later description.
        ("Support a Home Office-funded alert system.", {"ho": "delivers"}),
        ("Apply it. It is from a pioneering, Home Office-funded programme which has run.", {"ho": "mentioned"}),
        # A name's own vehicle, not its processes, operations or report.
        ("Tackle fraud in the Home Office's upcoming Fraud Strategy.", {"ho": "delivers"}),
        ("Expand the use of the Home Office's network of operatives.", {"ho": "delivers"}),
        ("Improve the FMU's operations.", {"fmu": "mentioned"}),
        ("Review the Forced Marriage Unit's plan through our work.", {"fmu": "mentioned"}),
        ("Expand initiatives, like the Home Office's pilot.", {"ho": "mentioned"}),
        # What "through" leads to may be the thing reviewed or improved.
        ("Act through a review of HMPPS risk assessment processes.", {"hmpps": "mentioned"}),
        ("Act through the HMPPS in every region.", {"hmpps": "delivers"}),
        # Names after "led by X, across" share the work.
        (
            "Coordinate efforts, led by the Home Office, across the Department for Education, DHSC and the "
            "Ministry of Justice.",
            {"ho": "delivers", "dfe": "delivers", "dhsc": "delivers", "moj": "delivers"},
        ),
        ("Roll out a service, funded by DHSC, across the Home Office and Ministry of Justice.",
         {"dhsc": "delivers", "ho": "delivers", "moj": "delivers"}),
        ("Roll out the service across the Home Office.", {"ho": "mentioned"}),
        # A list ends at the name "and" joins: what follows a comma is something else.
        (
            "Jointly review, across the Home Office and Ministry of Justice, HMPPS risk assessment processes.",
            {"ho": "delivers", "moj": "delivers", "hmpps": "mentioned"},
        ),
        ("Led by the Home Office, the MoJ and the CPS.", dict.fromkeys(("ho", "moj", "cps"), "delivers")),
        # A programme named after a body, as the action's vehicle: the body carries it out.
        ("Improve the CPS response through the updated CPS VAWG Strategy.", {"cps": "delivers"}),
        ("Publish the CPS VAWG Strategy.", {}),
    ],
)
def test_roles_from_the_grammar(text, roles):
    assert _roles(text) == roles


def test_roles_carry_the_sentence_they_rest_on():
    text = "Improve the CPS response. Then the CPS will publish data. More follows."
    finder = NameFinder([("organisation", "cps", ("CPS",))])
    (role,) = organisation_roles(text, finder.mentions(text), WORDING)
    assert role.evidence == "Then the CPS will publish data."


def test_sub_items_are_sentences_of_their_own():
    text = "Act on spiking. This includes:\n\nDeliver training for door supervisors\n\nFund research."
    assert [text[s:e] for s, e in sentence_spans(text)] == [
        "Act on spiking.", "This includes", "Deliver training for door supervisors", "Fund research.",
    ]


# --- data files -------------------------------------------------------------------------------


def _entities_file(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "entities.toml"
    path.write_text(body, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("body", "line", "message"),
    [
        ('[[organisations]]\nid = "a"\nname = "A"\n\n[[organisations]\n', 5, "not valid TOML"),
        ('[[organisations]]\nid = "a"\nname = "A"\n\n[[organisations]]\nid = "b"\nalias = ["B"]\n', 5, "unknown key"),
        ('[[laws]]\nid = "x"\nname = "X"\nkind = "act"\n', 1, "needs its `year`"),
        ('[[laws]]\nid = "x"\nname = "X"\nkind = "statute"\n', 1, "`kind` must be"),
        ('[[programmes]]\nid = "Bad Id"\nname = "X"\n', 1, "`id` must be"),
        ('[[programmes]]\nid = "x"\nname = "X"\n\n[[programmes]]\nid = "x"\nname = "Y"\n', 5, "already defined"),
        ('[[programmes]]\nid = "x"\nname = "Same"\n\n[[programmes]]\nid = "y"\nname = "same"\n', 5, "already used"),
        ('[[topics]]\nid = "t"\nname = "T"\nkeywords = ["ab*"]\n', 1, "at least 3 letters"),
        ('[[topics]]\nid = "t"\nname = "T"\n', 1, "needs `keywords`"),
        ('include = ["missing.toml"]\n', 1, "cannot read"),
        ('[money]\nperiods = ["(unclosed"]\n', 2, "bad period pattern"),
        ('[roles]\ndoer_after = ["will", "(a+)+"]\n', 2, "bad `doer_after` pattern"),
        ('[standing]\nunder_way = "We have delivered"\n', 2, "must be a list"),
        ('[standing]\nunder_way = ["(unclosed"]\n', 2, "bad `under_way` pattern"),
    ],
)
def test_data_file_mistakes_name_file_and_line(tmp_path, body, line, message):
    path = _entities_file(tmp_path, body)
    with pytest.raises(PlanError) as raised:
        load_entities(path)
    assert raised.value.file == str(path)
    assert raised.value.line == line
    assert message in raised.value.message


def test_data_files_load(entities):
    assert len(entities.organisations) >= 40
    assert len(entities.laws) >= 15
    assert len(entities.programmes) >= 40
    assert 20 <= len(entities.topics) <= 30
    assert entities.wording.done_openings and entities.wording.doer_after and entities.wording.money_periods


# --- the real plan ----------------------------------------------------------------------------


def test_every_action_has_facts_in_plan_order(plan, facts):
    assert list(facts.actions) == [a.id for a in plan.actions()]
    assert all(f.action_id == ident for ident, f in facts.actions.items())


def test_money_in_16a_and_20a(facts):
    assert bare(facts.actions["16a"].money) == (Money(550_000_000, "£550 million", period="over the next three years"),)
    assert bare(facts.actions["20a"].money) == (Money(50_000_000, "£50 million", qualifier="up to"),)


def test_money_across_the_plan(facts):
    # plan/money.toml: the Families First programme's whole budget is not VAWG money.
    assert bare(facts.actions["6a"].money) == (
        Money(
            2_400_000_000,
            "£2.4 billion",
            period="over the next three years",
            qualifier="over",
            kind="context",
            lower_bound=True,
            context_basis="wider-programme",
        ),
    )
    assert bare(facts.actions["7a"].money) == (Money(13_100_000, "£13.1 million", period="in its first year"),)
    assert bare(facts.actions["11a"].money) == (Money(1_500_000, "£1.5m"),)
    assert bare(facts.actions["12d"].money) == (Money(1_000_000, "£1 million", qualifier="up to"),)
    assert bare(facts.actions["6d"].money) == (Money(None, "tens of millions", period="a year"),)
    assert Money(122_335, "£122,335", period="over two years to March 2027") in bare(facts.actions["34h"].money)
    money = facts.actions["25a"].money
    assert [(m.amount, m.kind, m.part_of) for m in money] == [
        (499_000_000, "funding", None),
        (30_000_000, "context", 2),
        (160_000_000, "context", None),
    ]
    assert [m.kind for m in facts.actions["30j"].money] == ["context"]
    assert all(m.evidence and m.text in m.evidence for f in facts.actions.values() for m in f.money)


# --- honest money (issue 19, item 4) ----------------------------------------------------------


def test_a_sum_before_the_plans_period_is_context(facts):
    """25a: "increased funding ... by £30 million in 2025-26, bringing the total investment to £160
    million": the 2025-26 level, before the plan's period (2026–29); the £499 million over the next
    three years is the action's funding."""
    money = {m.text: m for m in facts.actions["25a"].money}
    assert (money["£499 million"].kind, money["£499 million"].context_basis) == ("funding", None)
    for text in ("£160 million", "£30 million"):
        assert (money[text].kind, money[text].context_basis) == ("context", "before-period"), text


def test_a_lower_bound_is_kept_as_at_least(facts):
    """4f "more than £300,000" and 6a "over £2.4 billion" are lower bounds; "up to £1 million" is not."""
    assert [m.lower_bound for m in facts.actions["4f"].money] == [True]
    assert [m.lower_bound for m in facts.actions["6a"].money] == [True]
    assert [m.lower_bound for m in facts.actions["12d"].money] == [False]


def test_wider_programmes_are_read_by_one_rule(facts):
    """The rule for background figures (plan/money.toml's header) read alike: 6a's Families First
    (all vulnerable children) and 17b's Community Help Partnerships ("vulnerable individuals", "part
    of the Government's wider approach to public sector reform") are context; every such decision
    is an entry with its basis and reason, and the sums the plan gives as its victims' and
    survivors' money (16a) stay funding."""
    for action_id, text in (("6a", "£2.4 billion"), ("17b", "£100 million")):
        (m,) = [m for m in facts.actions[action_id].money if m.text == text]
        assert (m.kind, m.context_basis) == ("context", "wider-programme"), action_id
    entries = facts.entities.money_entries
    assert {(e.action_id, e.text) for e in entries} >= {("6a", "£2.4 billion"), ("17b", "£100 million")}
    assert all(e.kind == "funding" or e.basis == "wider-programme" for e in entries)
    assert all(len(e.reason) > 80 for e in entries)
    assert [m.kind for m in facts.actions["16a"].money] == ["funding"]


def test_a_context_entry_must_say_why(plan, tmp_path):
    for name in ("entities.toml", "topics.toml", "wording.toml"):
        (tmp_path / name).write_text((ENTITIES.parent / name).read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "money.toml").write_text(
        '[[sum]]\naction = "6a"\ntext = "£2.4 billion"\nkind = "context"\nreason = "r"\n', encoding="utf-8"
    )
    with pytest.raises(PlanError, match=r"money.toml:1: a context sum needs `basis`"):
        load_entities(tmp_path / "entities.toml")


def test_a_money_entry_that_matches_no_sum_stops_the_build(plan, tmp_path):
    for name in ("entities.toml", "topics.toml", "wording.toml"):
        (tmp_path / name).write_text((ENTITIES.parent / name).read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "money.toml").write_text(
        '[[sum]]\naction = "6a"\ntext = "£9 billion"\nkind = "context"\nbasis = "wider-programme"\nreason = "r"\n',
        encoding="utf-8",
    )
    with pytest.raises(PlanError, match=r"money.toml:1: '£9 billion' matches no sum of action 6a"):
        enrich(plan, load_entities(tmp_path / "entities.toml"))


def test_deadlines_in_10c_and_31g(facts):
    assert bare(facts.actions["10c"].deadlines) == (Deadline("in", 2026, season="spring", text="in spring 2026"),)
    assert bare(facts.actions["31g"].deadlines) == (Deadline("by", 2027, end_of=True, text="by the end of 2027"),)
    assert facts.actions["31g"].deadlines[0].evidence.startswith("Publish statutory guidance by the end of 2027,")


def test_deadlines_across_the_plan(facts):
    def texts(ident):
        return [d.text for d in facts.actions[ident].deadlines]

    assert texts("11a") == ["by Spring 2026"]
    assert texts("30a") == ["from April 2026", "by 2029"]
    assert texts("13d") == ["in financial year 2026/27"]
    assert texts("13m") == ["by June 2028"]
    assert texts("22b") == ["by January 2026"]
    assert texts("14d") == ["in 2025/26"]
    assert texts("10m") == ["by the end of 2026"]
    assert texts("12e") == ["by April 2028"]
    # "in August 2025" was past when the plan was published in December 2025.
    assert [(d.kind, d.text) for d in facts.actions["3c"].deadlines] == [("past", "in August 2025")]
    assert [(d.kind, d.text) for d in facts.actions["26h"].deadlines] == [("past", "in November 2025")]
    assert [(d.kind, d.text) for d in facts.actions["6d"].deadlines] == [("from", "from 2025")]
    found = [(d.kind, d.text) for d in facts.actions["30j"].deadlines]
    assert found == [("forecast", "by 2028/2029"), ("period", "in 25/26")]
    assert texts("14b") == ["within three years"]
    assert texts("2c") == ["by the end of the parliament"]
    assert texts("5a") == ["this year"]


# --- what each date dates (issue 19, item 3) ---------------------------------------------------


def dated(facts, ident):
    return [(d.kind, d.of, d.text) for d in facts.actions[ident].deadlines]


def test_a_date_in_a_sub_item_is_that_sub_items(facts):
    """12e's only date is in sub-item i ("... train all 346,000+ licence holders by April 2028"):
    sub-item i's deadline, not the action's."""
    assert dated(facts, "12e") == [("by", "sub-item i", "by April 2028")]
    (date,) = facts.actions["12e"].deadlines
    assert date.is_deadline and not date.own


def test_past_events_an_action_builds_on_are_background(facts):
    """19b's March 2025 is the launch of the mission statement it builds on; its "since 2005" is the
    unit's history. 13e "Continue[s] to work towards an automated system": what "we have begun"
    this summer is the earlier work it carries on. None is the action's own date."""
    assert dated(facts, "19b") == [("past", "background", "in March 2025"), ("from", "background", "since 2005")]
    assert dated(facts, "13e") == [("past", "background", "This summer")]
    assert not any(d.own or d.is_deadline for i in ("19b", "13e") for d in facts.actions[i].deadlines)
    # A strategy published before the plan is background; the action's own progress is its own.
    assert ("past", "background", "in December 2025") in dated(facts, "4a")
    assert dated(facts, "12f") == [("past", "action", "in July 2025")]  # "... and began in July 2025"


def test_a_forecast_is_not_a_deadline(facts):
    """30j: "an expectation that an additional 384,000 people will access treatment by 2028/2029"."""
    forecast, money = facts.actions["30j"].deadlines
    assert (forecast.kind, forecast.of) == ("forecast", "action") and not forecast.is_deadline
    assert (money.kind, money.of, money.text) == ("period", "money", "in 25/26")


def test_the_period_of_a_sum_is_the_moneys_not_the_actions(facts):
    """25a: "increased funding ... by £30 million in 2025-26": the year of that sum, not the period
    of the action, which commits "£499 million over the next three years"."""
    assert dated(facts, "25a") == [("period", "money", "in 2025-26")]
    assert not [d for d in facts.actions["25a"].deadlines if d.own]
    assert {d.of for d in facts.actions["34h"].deadlines} == {"money"}


def test_what_a_date_dates_from_the_wording_rules(facts):
    """The rules on small texts: forecast words before a date, a publishing verb just before it,
    a start given with "since"."""
    wording = facts.entities.wording
    published = (2025, 12)

    def of(text):
        return [(d.kind, d.of) for d in find_deadlines(text, published, wording)]

    assert of("We expect 500 more places by 2027.") == [("forecast", "action")]
    assert of("Deliver 500 more places by 2027.") == [("by", "action")]
    assert of("Implement the Strategy, published in May 2025.") == [("past", "background")]
    assert of("The pilot began in May 2025.") == [("past", "action")]
    assert of("It has run since 2019.") == [("from", "background")]
    assert of("Invest from 2026.") == [("from", "action")]


def test_organisations_in_10g(facts):
    assert tuple(o.id for o in facts.actions["10g"].organisations) == (
        "home-office",
        "department-for-education",
        "department-of-health-and-social-care",
        "ministry-of-justice",
        "attorney-generals-office",
        "crown-prosecution-service",
    )


def test_organisations_under_other_spellings(facts):
    def named(i):
        return [o.id for o in facts.actions[i].organisations]

    assert "department-for-work-and-pensions" in named("6f")  # "Work Pensions"
    assert "department-for-work-and-pensions" in named("33g")  # "Pension's"
    assert "ministry-of-housing-communities-and-local-government" in named("17a")
    assert "npcc" in named("31k")  # "National Police Chief's Council"
    assert tuple(named("34h")) == (
        "armed-forces-covenant-fund-trust",
        "aurora-new-dawn",
        "defence-medical-welfare-service",  # not the Ministry of Defence
    )


def test_clares_law_in_12a_and_12b(plan, facts):
    """Clare's Law is a disclosure scheme, not legislation: a programme under the plan's name for it
    (issue 19, item 5)."""
    dvds = "domestic-violence-disclosure-scheme"
    assert facts.actions["12a"].laws == () and dvds in facts.actions["12a"].programmes
    assert dvds in facts.actions["12b"].programmes
    assert dvds not in {law.id for law in facts.entities.laws}
    scheme = next(p for p in facts.entities.programmes if p.id == dvds)
    assert scheme.name == "Domestic Violence Disclosure Scheme" and "Clare's Law" in scheme.also_known_as
    assert EntityMention("programme", dvds, "DVDS") in first_mentions(plan.action("12a"), facts)
    assert EntityMention("programme", dvds, "Domestic Violence Disclosure Scheme") in first_mentions(
        plan.action("12b"), facts
    )


def test_raneems_law_is_a_programme_and_laws_are_legislation(facts):
    """Raneem's Law is a police scheme (8a: 'Roll out 'Raneem's Law' to all forces'): a programme.
    Every law left is an Act, a Bill or a statutory instrument, and none is called a "Law"."""
    assert facts.actions["8a"].laws == () and "raneems-law" in facts.actions["8a"].programmes
    assert next(p for p in facts.entities.programmes if p.id == "raneems-law").name == "Raneem's Law"
    for law in facts.entities.laws:
        assert law.kind in ("act", "bill", "si"), law
        assert not law.name.endswith("Law") and not any(n.endswith("Law") for n in law.also_known_as), law


def test_laws_and_programmes_across_the_plan(facts):
    assert facts.actions["1m"].laws == ("online-safety-act-2023",)
    assert "crime-and-policing-bill" in facts.actions["12e"].laws
    assert "operation-soteria" in facts.actions["8c"].programmes
    assert "operation-soteria" in facts.actions["13j"].programmes
    assert facts.actions["5l"].programmes == ("operation-encompass",)
    assert facts.actions["12d"].programmes == ("project-vigilant",)
    assert facts.actions["14b"].programmes == ("drive-project",)
    assert facts.actions["20a"].programmes == ("child-house",)
    assert facts.actions["30n"].programmes == ("steps-to-safety", "child-house")
    assert facts.actions["13m"].programmes == ("mapps",)
    assert facts.actions["13b"].programmes == ("domestic-abuse-protection-orders",)


def test_every_entity_in_the_data_files_is_found_in_the_plan(facts):
    # An entry never found is most likely misspelt.
    found = {i for f in facts.actions.values() for i in (*(o.id for o in f.organisations), *f.laws, *f.programmes)}
    listed = [e.id for e in facts.entities.organisations + facts.entities.laws + facts.entities.programmes]
    assert [i for i in listed if i not in found] == []


def test_every_act_and_bill_in_the_plan_is_a_known_law(plan, facts):
    act_or_bill = re.compile(r"(?:[A-Z][\w'’(),-]*\s+(?:and\s+|of\s+|from\s+|in\s+|for\s+)?)+(?:Act\s+\d{4}|Bill)")
    known = {law.id for law in facts.entities.laws}
    for action in plan.actions():
        for match in act_or_bill.finditer(action.text):
            if match.group(0).split()[0] in ("The", "Our", "Under", "Commence"):
                continue
            laws = facts.actions[action.id].laws
            assert laws and set(laws) <= known, f"{action.id}: {match.group(0)!r} is not in plan/entities.toml"


def test_every_action_has_a_topic_and_every_topic_its_text_names(facts, entities, plan):
    ids = {t.id for t in entities.topics}
    for action in plan.actions():
        f = facts.actions[action.id]
        assert f.topics and set(f.topics) <= ids, action.id
        named = topic_hits(action.text, entities.topics)
        assert set(named) <= set(f.topics), action.id  # ranking orders topics, never drops one
    assert "stalking" in facts.actions["13c"].topics and "stalking" in facts.actions["34h"].topics


def test_every_topic_has_actions(facts, entities):
    used = {t for f in facts.actions.values() for t in f.topics}
    assert [t.id for t in entities.topics if t.id not in used] == []


def test_topics_of_named_actions(facts):
    assert facts.actions["10i"].topics[0] == "stalking"
    assert facts.actions["12e"].topics[0] == "spiking"
    assert "honour-based-abuse" in facts.actions["10h"].topics
    assert facts.actions["34a"].topics[0] == "armed-forces"
    assert facts.actions["25a"].topics[0] == "housing"
    assert facts.actions["26h"].topics[0] == "economic-abuse"
    assert "online-safety" in facts.actions["1m"].topics
    assert "fgm" in facts.actions["30l"].topics


def test_rules_propose_standings_on_the_real_plan(facts):
    """The rules alone (no review): done only where the action opens in the past tense; under way
    where the plan reports progress of the action's own, in the plan's words."""
    by_standing = {}
    for i, f in facts.actions.items():
        by_standing.setdefault(f.standing.standing, []).append(i)
    assert sorted(by_standing["done"]) == ["26h", "3b", "3c", "9a"]
    # 12e: the spiking offence is delivered; training door supervisors runs to April 2028.
    assert {"12e", "13e", "8a", "12f", "22b", "34a", "13f", "32a"} <= set(by_standing["under-way"])
    assert facts.actions["12e"].standing.words.startswith("We have delivered the Government's manifesto commitment")
    assert facts.actions["8a"].standing.words.startswith("Already operating in Northamptonshire")
    assert all(f.standing.words and not f.standing.reviewed for f in facts.actions.values())


def test_who_delivers_12e_12a_and_34h(facts):
    def roles(i):
        return {o.id: o.role for o in facts.actions[i].organisations}

    assert roles("12e") == {"security-industry-authority": "mentioned"}  # its licence holders are trained
    assert roles("12a") == dict.fromkeys(("home-office", "independent-office-for-police-conduct", "ncvpp"), "delivers")
    assert set(roles("34h").values()) == {"delivers"}
    assert roles("30b") == {"nhs": "mentioned", "department-of-health-and-social-care": "mentioned"}


def test_fact_finders_meet_their_targets_on_the_sample(plan, facts):
    from actionplan.facts.measures import done_at_publication, mentioned, who_delivers

    delivers = who_delivers(plan, facts)
    assert delivers.precision >= 0.95 and delivers.recall >= 0.9, delivers.wrong
    assert mentioned(plan, facts).recall >= 0.9
    done = done_at_publication(plan, facts)
    assert done.false_positives == done.false_negatives == 0, done.wrong


def test_who_delivers_meets_its_targets_on_the_actions_labelled_later(plan, facts):
    # tests/labels/organisations_more.toml: the other actions that name a body, labelled after
    # the rules were first written, so that rules fitted to the sample alone would show here.
    from actionplan.facts.measures import mentioned_more, who_delivers_more

    delivers = who_delivers_more(plan, facts)
    assert delivers.true_positives + delivers.false_negatives >= 50
    assert delivers.precision >= 0.95 and delivers.recall >= 0.9, delivers.wrong
    assert mentioned_more(plan, facts).recall >= 0.9


def test_glossary_merges_plan_and_data(facts):
    glossary = {a.short: a for a in facts.entities.acronyms}
    assert glossary["DAPO"].expansion == "Domestic Abuse Protection Order" and glossary["DAPO"].source == "plan"
    assert glossary["MATAC"].expansion == "Multi-Agency Tasking and Coordination"
    assert glossary["VAWG"].source == "plan"  # the plan defines it; its words win over the data file's
    assert glossary["CPS"].expansion == "Crown Prosecution Service" and glossary["CPS"].source == "data"
    shorts = [a.short.casefold() for a in facts.entities.acronyms]
    assert shorts == sorted(shorts) and len(set(shorts)) == len(shorts)
    assert "DAPO" in facts.actions["13b"].acronyms
    assert facts.actions["7a"].acronyms == ("VAWG", "NCVPP")


def test_first_mentions_are_the_words_as_printed(plan, facts):
    for action in plan.actions():
        mentions = first_mentions(action, facts)
        assert len({(m.kind, m.entity_id) for m in mentions}) == len(mentions)
        for mention in mentions:
            assert mention.text in action.text
    assert [m.text for m in first_mentions(plan.action("10g"), facts)][:2] == [
        "Home Office",
        "Department for Education",
    ]


# --- damaged input ----------------------------------------------------------------------------

# Pieces of text the finders look for, joined at random: more likely to reach their corners than
# arbitrary characters.
_MONEYISH = st.lists(
    st.sampled_from(list("£0123456789,.- mkbn/–") + ["million", "billion", " up to ", " over ", " each year", "20"]),
    max_size=40,
).map("".join)


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.text(max_size=200), _MONEYISH))
def test_money_finder_never_raises(text):
    for money in find_money(text, WORDING):
        assert money.amount is None or money.amount >= 0
        assert money.text in text


_DATEISH = st.lists(
    st.sampled_from(
        list("0123456789/–- ") + ["by ", "from ", "in ", "the end of ", "spring ", "April ", "2026", "financial year "]
    ),
    max_size=40,
).map("".join)


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.text(max_size=200), _DATEISH))
def test_deadline_finder_never_raises(text):
    for deadline in find_deadlines(text, (2025, 12)):
        assert 2000 <= deadline.year <= 2099
        assert deadline.kind in ("by", "from", "in", "until", "during")
        deadline.sort_key  # noqa: B018 - computing it must not raise either


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=200))
def test_acronym_harvest_names_and_topics_never_raise(text):
    harvest_definitions([text, f"{text} (ABC)"])
    topic_hits(text, (Topic("t", "T", keywords=("stalk*", "AI", "sexual offence*")),))
    finder = NameFinder([("law", "dvds", ("Domestic Violence Disclosure Scheme", "Clare's Law", "DVDS"))])
    combined = text + " Clare’s Law"
    mentions = finder.mentions(combined)
    assert all(combined[m.start : m.end] == m.text for m in mentions)
    assert mentions and mentions[-1].text == "Clare’s Law"


def test_the_entities_are_read_again_when_a_file_of_them_changes(tmp_path):
    """load_entities keeps what it built for the same texts (the tests run the generator many times
    in one process): an edit to any file it reads, at the same path, is read."""
    for name in ("entities.toml", "topics.toml", "wording.toml", "money.toml"):
        (tmp_path / name).write_bytes((ROOT / "plan" / name).read_bytes())
    first = load_entities(tmp_path / "entities.toml")
    assert load_entities(tmp_path / "entities.toml") == first
    entities = tmp_path / "entities.toml"
    entities.write_text(entities.read_text().replace('name = "Home Office"', 'name = "Home Office HQ"', 1))
    assert next(o.name for o in load_entities(entities).organisations if o.id == "home-office") == "Home Office HQ"
    money = tmp_path / "money.toml"  # an included file
    money.write_text("\n\n" + money.read_text())
    assert load_entities(entities).money_entries[0].line == first.money_entries[0].line + 2
