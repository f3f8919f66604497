"""The Get help panel's helplines (plan/helplines.toml): every entry traceable to the page it was checked
against, what kind of page that is and the day, bad entries stopped at their line, every service reachable
(a number, or its own contact page with the reason no number is printed, each such service named), and
the numbers on the built pages exactly those of the file."""

from __future__ import annotations

import datetime
import re
from pathlib import Path
from types import SimpleNamespace

import pytest

from actionplan.model import PlanError
from actionplan.records.helplines import SOURCE_KINDS, load_helplines
from plugins.helplines import HelplinesError, add_helplines

# With pytest-xdist, in one worker with the other files that read every page's parse (conftest.py).
XDIST_GROUP = "every page parsed"

REPO = Path(__file__).resolve().parents[1]
FILE = REPO / "plan" / "helplines.toml"
DOC = REPO / "docs" / "helplines.md"
# How the safety page says what kind of page each number was checked against.
KIND_WORDS = {"own": "its own page", "government": "a government page", "nhs": "an NHS page", "police": "a police page"}


@pytest.fixture(scope="module")
def helplines():
    return load_helplines(FILE.read_text(encoding="utf-8"), "plan/helplines.toml")


def test_every_entry_names_the_page_it_was_checked_against_and_the_day(helplines):
    for h in helplines:
        assert re.match(r"https?://[^/\s]+\.[a-z]{2,}/", h.source), f"{h.id}: source {h.source!r} is not a web page"
        assert datetime.date.fromisoformat(h.checked), h.id
        assert h.source_kind in SOURCE_KINDS, h.id
        if h.source_date:
            assert h.source_date <= h.checked, f"{h.id}: the page is dated after the day it was read"


def test_official_sources_are_on_official_sites_and_own_pages_on_the_services_own(helplines):
    """A number taken from a page other than the service's own says so, and that page is a government,
    NHS or police site; an "own" page is on the service's (or its operator's) site, never a third party's."""
    hosts = {"refuge.org.uk", "247sexualabusesupport.org.uk", "galop.org.uk", "karmanirvana.org.uk",
             "revengepornhelpline.org.uk", "respectphoneline.org.uk", "gov.wales"}
    for h in helplines:
        host = h.source.split("/")[2].removeprefix("www.")
        if h.source_kind == "own":
            assert host in hosts, f"{h.id}: {host} is not a site of the service or of who runs it"
        else:
            assert any(host == d or host.endswith("." + d) for d in SOURCE_KINDS[h.source_kind]), h.id


def test_the_emergency_number_and_silent_solution_come_first(helplines):
    first = helplines[0]
    assert first.phone == "999" and first.tel == "tel:999" and first.compact
    assert "55" in (first.note or ""), "the Silent Solution (press 55) must be explained beside 999"


def test_the_national_helplines_the_issue_names_are_all_there(helplines):
    ids = {h.id for h in helplines}
    for needed in (
        "domestic-abuse",
        "rape-sexual-abuse",
        "stalking",
        "men",
        "lgbt",
        "honour-forced-marriage",
        "perpetrators",
    ):
        assert needed in ids


def test_tel_links_dial_only_digits(helplines):
    for h in helplines:
        if h.phone:
            assert re.fullmatch(r"tel:[0-9]+", h.tel), h.tel
            assert h.tel[4:] == h.phone.replace(" ", "")


ENTRY = """[[helpline]]
id = "emergency"
name = "Police"
for = "If you are in danger now."
phone = "999"
short = "Call"
compact = true
source = "https://www.example.org/999"
source_kind = "own"
checked = "2026-12-01"
"""


def test_a_small_file_loads():
    (h,) = load_helplines(ENTRY, "h.toml")
    assert (h.id, h.phone, h.line) == ("emergency", "999", 1)


@pytest.mark.parametrize("key", ["source", "source_kind", "checked"])
def test_an_entry_without_source_its_kind_or_checked_date_stops_at_its_line(key):
    text = ENTRY + "\n" + ENTRY.replace('"emergency"', '"second"').replace("compact = true\n", "")
    lines = text.splitlines()
    second = [n for n, line in enumerate(lines, start=1) if line == "[[helpline]]"][1]
    broken = "\n".join(line for n, line in enumerate(lines, start=1) if not (n > second and line.startswith(key)))
    with pytest.raises(PlanError) as error:
        load_helplines(broken, "h.toml")
    assert error.value.line == second and key in error.value.message


@pytest.mark.parametrize(
    ("change", "words"),
    [
        (('checked = "2026-12-01"', 'checked = "2026-13-01"'), "not a day"),
        (('checked = "2026-12-01"', 'checked = "1 Dec 2026"'), "checked must be a day"),
        (('source = "https://www.example.org/999"', 'source = "a leaflet"'), "web address"),
        (('phone = "999"', 'phone = "nine nine nine"'), "digits"),
        (('phone = "999"\n', ""), "compact entry needs a phone"),
        (('name = "Police"', 'name = "Police"\nfax = "1"'), "unknown key 'fax'"),
        (('source_kind = "own"', 'source_kind = "nhs"'), "not a nhs site"),
        (('source_kind = "own"', 'source_kind = "charity"'), "source_kind must be one of"),
        (
            ('source = "https://www.example.org/999"\nsource_kind = "own"',
             'source = "https://www.police.uk.example.org/999"\nsource_kind = "police"'),
            "not a police site",
        ),
        (('checked = "2026-12-01"', 'source_date = "12/03/2023"\nchecked = "2026-12-01"'), "source_date must be"),
        (('checked = "2026-12-01"', 'also_source = "http://a.b/"\nchecked = "2026-12-01"'), "https"),
    ],
)
def test_bad_entries_are_errors_at_their_line(change, words):
    text = ENTRY.replace(*change)
    with pytest.raises(PlanError) as error:
        load_helplines(text, "h.toml")
    assert words in error.value.message
    assert str(error.value).startswith(f"h.toml:{error.value.line}: ")


def test_the_build_stops_with_one_line_on_a_bad_file(tmp_path):
    bad = tmp_path / "helplines.toml"
    bad.write_text(ENTRY.replace('source = "https://www.example.org/999"\n', ""), encoding="utf-8")
    pelican = SimpleNamespace(settings={"HELPLINES_FILE": str(bad)})
    with pytest.raises(HelplinesError) as error:
        add_helplines(pelican)
    message = str(error.value)
    assert "\n" not in message and re.search(r"helplines\.toml:\d+: the helpline lacks source", message)


# --- the built pages -------------------------------------------------------------------------------


def tels(soup) -> list[str]:
    """The tel: links in a page or a part of one, in order: its elements taken in one walk and picked here
    (a CSS selector over all 586 pages cost about four times as long)."""
    return [a["href"] for a in soup.find_all(True) if a.name == "a" and a.get("href", "").startswith("tel:")]


def test_the_safety_page_lists_every_helpline_and_every_number(site, helplines):
    soup = site.by_rel["safety/index.html"].soup
    panel = soup.select_one("#helplines")
    assert panel is not None, "the safety page has no #helplines section"
    assert tels(panel) == [h.tel for h in helplines if h.phone]
    names = [n.get_text(strip=True) for n in panel.select(".helplines__name")]
    assert names == [h.name for h in helplines]


def test_the_help_strip_is_on_every_built_page_404_included(site, helplines):
    """People land from shared links on any page (issue 23): every HTML page the build writes, the
    404 page among them, carries the one strip, with 999 and the compact helplines."""
    assert "404.html" in site.by_rel and len(site.pages) > 400
    compact = [h.tel for h in helplines if h.compact]
    for page in site.pages:
        panels = page.soup.select("aside.help")
        assert len(panels) == 1, f"{page.rel}: {len(panels)} Get help strips"
        assert tels(panels[0]) == compact, page.rel
        more = panels[0].select_one("a[href$='safety/#helplines']")
        assert more is not None and more.get_text(strip=True) == "Get help", page.rel


def test_the_strip_is_one_partial_not_copies_per_template():
    templates = REPO / "theme" / "templates"
    using = [p.name for p in templates.rglob("*.html") if 'class="help"' in p.read_text(encoding="utf-8")]
    assert using == ["help.html"], using
    # Rendered once a build into ui.HELP_STRIP (components.html), which base.html, the frame of every
    # page, prints.
    components = (templates / "components.html").read_text(encoding="utf-8")
    assert len(re.findall(r'\{% include "partials/help\.html"( without context)? %\}', components)) == 1
    assert "{{ ui.HELP_STRIP }}" in (templates / "base.html").read_text(encoding="utf-8")
    assert [p.name for p in templates.rglob("*.html") if "partials/help.html" in p.read_text(encoding="utf-8")] == [
        "components.html"
    ]


def test_every_service_has_a_number_or_its_own_contact_page(helplines):
    for h in helplines:
        assert h.phone or h.contact, f"{h.id}: neither a phone nor a contact page"


def test_each_service_without_a_number_is_named_with_the_reason_and_its_own_page(helplines):
    """The exceptions to "a number for every service": each links to the service's own page to phone or
    chat from, records why no number is printed, and is named under docs/helplines.md's "Without a
    number" heading; and that heading names no service that has a number, so the list and the data
    cannot drift apart (today every service has a number and the heading says so)."""
    link_only = [h for h in helplines if not h.phone]
    for h in link_only:
        assert h.contact and h.contact.startswith("https://"), h.id
        assert h.contact_note and "could not confirm" in h.contact_note, f"{h.id}: say why no number is printed"
        assert h.source_kind == "own" and h.contact.split("/")[2] == h.source.split("/")[2], (
            f"{h.id}: the contact page must be on the service's own site, the one checked"
        )
    without = DOC.read_text(encoding="utf-8").split("## Without a number", 1)[1].split("\n## ", 1)[0]
    named = {h.id for h in helplines if h.name in without}
    assert named == {h.id for h in link_only}, f"'Without a number' in docs/helplines.md names {sorted(named)}"
    if not link_only:
        assert "Every service listed has a number" in without


def test_the_record_of_checks_lists_every_source_read(helplines):
    """docs/helplines.md's table and the data agree: every page an entry was checked against is listed."""
    doc = DOC.read_text(encoding="utf-8")
    for h in helplines:
        for url in filter(None, (h.source, h.also_source)):
            assert url in doc, f"{h.id}: {url} is not in docs/helplines.md"


def test_101_and_a_line_for_spiking_are_there(helplines):
    by_id = {h.id: h for h in helplines}
    assert by_id["police-non-emergency"].phone == "101"
    spiking = by_id["spiking"]
    assert spiking.phone and "111" in spiking.for_whom and spiking.source.startswith("https://www.gov.uk/")


def test_a_service_without_phone_or_contact_page_stops_at_its_line():
    text = ENTRY + "\n" + ENTRY.replace('"emergency"', '"second"').replace('phone = "999"\n', "").replace(
        "compact = true\n", ""
    )
    with pytest.raises(PlanError) as error:
        load_helplines(text, "h.toml")
    assert "neither a phone nor a contact page" in error.value.message and error.value.line > 1


def test_the_safety_page_gives_every_service_a_number_or_a_contact_link(site, helplines):
    panel = site.by_rel["safety/index.html"].soup.select_one("#helplines")
    for h, item in zip(helplines, panel.select(".helplines__item"), strict=True):
        assert item["id"] == f"helpline-{h.id}"
        reach = item.select("a[href^='tel:'], a.helplines__contact")
        assert reach, f"{h.id}: no number or contact link on the safety page"
        if not h.phone:
            assert item.select_one("a.helplines__contact")["href"] == h.contact
            assert h.contact_note in item.get_text(" ", strip=True)
        sources = [a["href"] for a in item.select(".helplines__source a")]
        assert sources == [u for u in (h.source, h.also_source) if u], h.id
        kind = item.select_one(".helplines__source").get_text(" ", strip=True)
        assert KIND_WORDS[h.source_kind] in kind, (h.id, kind)


def test_no_number_appears_that_the_file_does_not_hold(site, helplines):
    known = {h.tel for h in helplines if h.phone}
    for page in site.pages:
        unknown = set(tels(page.soup)) - known
        assert not unknown, f"{page.rel}: tel: links not in plan/helplines.toml: {sorted(unknown)}"
