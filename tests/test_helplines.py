"""The Get help panel's helplines (plan/helplines.toml): every entry traceable to the official page it was
checked against and the day, bad entries stopped at their line, and the numbers on the built pages
exactly those of the file."""

from __future__ import annotations

import datetime
import re
from pathlib import Path
from types import SimpleNamespace

import pytest

from actionplan.helplines import load_helplines
from actionplan.model import PlanError
from plugins.helplines import HelplinesError, add_helplines

REPO = Path(__file__).resolve().parents[1]
FILE = REPO / "plan" / "helplines.toml"


@pytest.fixture(scope="module")
def helplines():
    return load_helplines(FILE.read_text(encoding="utf-8"), "plan/helplines.toml")


def test_every_entry_names_the_page_it_was_checked_against_and_the_day(helplines):
    for h in helplines:
        assert re.match(r"https?://[^/\s]+\.[a-z]{2,}/", h.source), f"{h.id}: source {h.source!r} is not a web page"
        assert datetime.date.fromisoformat(h.checked), h.id


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
checked = "2026-12-01"
"""


def test_a_small_file_loads():
    (h,) = load_helplines(ENTRY, "h.toml")
    assert (h.id, h.phone, h.line) == ("emergency", "999", 1)


@pytest.mark.parametrize("key", ["source", "checked"])
def test_an_entry_without_source_or_checked_date_stops_at_its_line(key):
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
    return [a["href"] for a in soup.select("a[href^='tel:']")]


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
    assert '{% include "partials/help.html" %}' in (templates / "base.html").read_text(encoding="utf-8")


def test_every_service_has_a_number_or_its_own_contact_page(helplines):
    for h in helplines:
        assert h.phone or h.contact, f"{h.id}: neither a phone nor a contact page"
        if h.contact:
            assert h.contact.startswith("https://") and h.contact_note, h.id
            assert "could not confirm" in h.contact_note, f"{h.id}: say why no number is printed"


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
        source = item.select_one(".helplines__source a")
        assert source is not None and source["href"] == h.source, h.id


def test_no_number_appears_that_the_file_does_not_hold(site, helplines):
    known = {h.tel for h in helplines if h.phone}
    for page in site.pages:
        unknown = set(tels(page.soup)) - known
        assert not unknown, f"{page.rel}: tel: links not in plan/helplines.toml: {sorted(unknown)}"
