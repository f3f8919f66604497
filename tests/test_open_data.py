"""Open data (issue 7): actions.json against its schema, the CSV, per-action JSON, the Data page and
the "Suggest a correction" link, all checked on the site built from the real plan."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import subprocess
import urllib.parse
from pathlib import Path

import hypothesis
import jsonschema
import pytest
from bs4 import BeautifulSoup
from helpers.site import REPO, Page, Site, linking_tags, pelican_command
from hypothesis import given
from hypothesis import strategies as st

from plugins.core.csv_table import (
    BOM,
    COLUMNS,
    FORMULA_STARTS,
    LIST_SEPARATOR,
    NEUTRALISER,
    correction_text,
    csv_bytes,
    csv_rows,
    encoded_rows,
    full_text,
    table_of,
)
from plugins.plan_data.build_date import build_date
from plugins.plan_data.schema_table import schema_fields

# With pytest-xdist, in one worker with the other files that read every page's parse (conftest.py):
# the action pages' parse is made once.
XDIST_GROUP = "every page parsed"
SCHEMA = REPO / "schema" / "actions.schema.json"
# A repository and site address for the build that shows correction links; never contacted.
EXAMPLE_REPO = "https://github.com/example-owner/example-repo"
EXAMPLE_SITE = "https://example-owner.github.io/example-repo"
FORMULA_START = ("=", "+", "-", "@")  # a spreadsheet reads a cell starting so as a formula


def norm(text: str) -> str:
    return " ".join(text.split())


# --- fixtures ---------------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def schema() -> dict:
    return json.loads(SCHEMA.read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def model(built_site: Path) -> dict:
    """The published actions.json, as a reader downloads it."""
    return json.loads((built_site / "data" / "actions.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def csv_raw(built_site: Path) -> bytes:
    return (built_site / "data" / "actions.csv").read_bytes()


@pytest.fixture(scope="session")
def csv_records(csv_raw: bytes) -> list[dict[str, str]]:
    text = csv_raw.decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text, newline="")))


@pytest.fixture(scope="session")
def action_pages(site: Site) -> dict[str, Page]:
    return {page.action_id: page for page in site.of_type("action")}


def build_with(source: Path, output: Path, **overrides: str) -> Path:
    """Build the real site with settings overridden (values as JSON, the way `pelican -e` takes them)."""
    extra = [f"{key}={json.dumps(value)}" for key, value in overrides.items()]
    command = pelican_command(output, "pelicanconf.py") + ["-e", *extra]
    result = subprocess.run(command, cwd=source, capture_output=True, text=True, timeout=900)
    if result.returncode != 0 or not (output / "index.html").is_file():
        pytest.fail(f"pelican content failed:\n{result.stdout[-4000:]}\n{result.stderr[-4000:]}", pytrace=False)
    return output


@pytest.fixture(scope="session")
def site_with_repo(tmp_path_factory, repo_root: Path) -> Site:
    output = tmp_path_factory.mktemp("site-with-repo") / "output"
    return Site(build_with(repo_root, output, REPO_URL=EXAMPLE_REPO, SITEURL=EXAMPLE_SITE))


@pytest.fixture(scope="session")
def site_without_repo(tmp_path_factory, repo_root: Path, settings: dict, site: Site) -> Site:
    if not settings.get("REPO_URL"):
        return site
    output = tmp_path_factory.mktemp("site-without-repo") / "output"
    return Site(build_with(repo_root, output, REPO_URL=""))


# --- the schema and actions.json -----------------------------------------------------------------------


def test_schema_is_valid_draft_2020_12(schema: dict):
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    jsonschema.Draft202012Validator.check_schema(schema)


def test_actions_json_validates_against_the_schema(schema: dict, model: dict):
    errors = sorted(jsonschema.Draft202012Validator(schema).iter_errors(model), key=lambda e: list(e.path))
    shown = [f"{'/'.join(map(str, e.absolute_path))}: {e.message[:200]}" for e in errors[:30]]
    assert not errors, f"{len(errors)} schema error(s) in actions.json:\n" + "\n".join(shown)


def objects_in(node: object, where: str = "#"):
    if isinstance(node, dict):
        if node.get("type") == "object":
            yield where, node
        for key, value in node.items():
            yield from objects_in(value, f"{where}/{key}")
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from objects_in(value, f"{where}/{i}")


def test_schema_documents_every_field(schema: dict):
    """Undocumented fields cannot pass validation, and every documented field has a description."""
    open_objects = [where for where, node in objects_in(schema) if node.get("additionalProperties") is not False]
    assert not open_objects, f"objects that let undocumented fields through: {open_objects}"
    # The Data page says every field is always present.
    optional = [where for where, node in objects_in(schema) if set(node.get("required", ())) != set(node["properties"])]
    assert not optional, f"objects with optional fields: {optional}"
    fields = schema_fields(schema)
    assert len(fields) > 100
    bare = [f.path for f in fields if len(f.description) < 10]
    assert not bare, f"fields without a description: {bare}"


def test_schema_is_published_byte_for_byte(built_site: Path):
    assert (built_site / "data" / "actions.schema.json").read_bytes() == SCHEMA.read_bytes()


# --- every action in the JSON, the CSV and on its page -----------------------------------------------------


def page_text(page: Page, action: dict) -> tuple[list[str], list[str]]:
    """The action's paragraphs and sub-items as its page shows them, whitespace normalised.

    Found by their words rather than by a theme class: the paragraph holding the first paragraph's
    words, then every paragraph beside it (a paragraph the data lacks would show up there)."""
    soup = page.soup
    items = []
    for subitem in action["subitems"]:
        tag = soup.find(id=subitem["id"])
        assert tag is not None, f"{page.rel}: no element with id {subitem['id']}"
        items.append(norm(tag.get_text()))
    paragraphs: list[str] = []
    if action["paragraphs"]:
        first = norm(action["paragraphs"][0])
        match = next((p for p in soup.find_all("p") if norm(p.get_text()) == first), None)
        assert match is not None, f"{page.rel}: no paragraph on the page reads exactly: {first[:200]}"
        paragraphs = [norm(p.get_text()) for p in match.parent.find_all("p", recursive=False)]
    return paragraphs, items


def test_every_action_has_a_page_a_json_entry_and_a_csv_row(model: dict, action_pages: dict, csv_records: list):
    ids = [a["id"] for a in model["actions"]]
    assert len(ids) == len(set(ids)) > 200
    assert sorted(action_pages) == sorted(ids)
    assert [r["id"] for r in csv_records] == ids, "the CSV has one row per action, in plan order"


def test_json_text_is_the_pages_text(model: dict, action_pages: dict):
    problems = []
    for action in model["actions"]:
        paragraphs, items = page_text(action_pages[action["id"]], action)
        if paragraphs != [norm(p) for p in action["paragraphs"]]:
            problems.append(f"{action['id']}: paragraphs differ")
        if items != [norm(s["text"]) for s in action["subitems"]]:
            problems.append(f"{action['id']}: sub-items differ")
    assert not problems, "\n".join(problems)


def test_csv_text_is_the_pages_text(model: dict, action_pages: dict, csv_records: list):
    """The text cell: the page's paragraphs, then its sub-items with their numerals, as documented."""
    problems = []
    for action, record in zip(model["actions"], csv_records, strict=True):
        paragraphs, items = page_text(action_pages[action["id"]], action)
        numbered = [f"({s['numeral']}) {text}" for s, text in zip(action["subitems"], items, strict=True)]
        if norm(record["text"]) != norm(" ".join(paragraphs + numbered)):
            problems.append(action["id"])
        if record["text"] != full_text(action):
            problems.append(f"{action['id']} (separators)")
    assert not problems, f"CSV text differs from the page for: {problems}"


def split_list(cell: str) -> list[str]:
    return cell.split(LIST_SEPARATOR) if cell else []


def test_csv_columns_follow_the_json(model: dict, csv_records: list):
    names = {kind: {e["id"]: e["name"] for e in model[kind]} for kind in ("laws", "topics")}
    organisation = {e["id"]: e["name"] for e in model["organisations"]}
    pillars = {p["number"]: p["title"] for p in model["pillars"]}
    for action, record in zip(model["actions"], csv_records, strict=True):
        facts = action["facts"]
        assert record["commitment"] == str(action["commitment"])
        assert record["letter"] == action["letter"]
        assert record["pillar"] == str(action["pillar"])
        assert record["pillar_title"] == pillars[action["pillar"]]
        assert record["title"] == action["title"]
        assert record["summary"] == action["summary"]
        assert record["url"] == action["url"], "without SITEURL the CSV gives the site's own relative address"
        for kind in names:
            assert split_list(record[kind]) == [names[kind][i] for i in facts[kind]]
        work = [d for d in facts["deadlines"] if d["kind"] in ("by", "in") and d["of"] not in ("background", "money")]
        others = [d for d in facts["deadlines"] if d not in work]
        own = [d for d in work if d["of"] == "action"]
        assert record["deadlines"] == LIST_SEPARATOR.join(d["text"] for d in own)
        subitems = [f"{d['of']}: {d['text']}" for d in work if d not in own]
        assert record["subitem_deadlines"] == LIST_SEPARATOR.join(subitems)
        assert split_list(record["deadline_year"]) == sorted({str(d["end_year"]) for d in work})
        assert record["other_dates"] == LIST_SEPARATOR.join(f"{d['kind']} ({d['of']}): {d['text']}" for d in others)
        assert record["money"] == LIST_SEPARATOR.join(m["text"] for m in facts["money"])
        cells = record["money_amounts"].split(LIST_SEPARATOR) if facts["money"] else []
        amounts = [int(cell) if cell else None for cell in cells]
        assert amounts == [m["amount"] for m in facts["money"]]
        periods = record["money_periods"].split(LIST_SEPARATOR) if facts["money"] else []
        assert periods == [m["period"] or "" for m in facts["money"]]
        for column, role in (("delivered_by", "delivers"), ("mentions", "mentioned")):
            named = [organisation[o["id"]] for o in facts["organisations"] if o["role"] == role]
            assert split_list(record[column]) == named
        standing = facts["standing"]
        assert (record["standing"], record["standing_words"], record["standing_reason"]) == (
            standing["id"], standing["words"], standing["reason"])
        assert record["standing_reviewed"] == ("yes" if standing["reviewed"] else "no")
        assert record["flags"] == LIST_SEPARATOR.join(action["flags"])
        assert split_list(record["corrections"]) == [correction_text(c) for c in action["corrections"]]
        assert split_list(record["footnotes"]) == [f["text"] for f in action["footnotes"]]
        first, last = action["pages"]
        assert record["pages"] == (str(first) if first == last else f"{first}–{last}")


def test_csv_money_columns_on_25a_and_30j(model: dict, csv_records: list):
    """The numeric columns a spreadsheet sums, and the kinds that say which sums not to add."""
    records = {r["id"]: r for r in csv_records}
    assert records["25a"]["money_amounts"] == "499000000 | 30000000 | 160000000"
    assert records["25a"]["money_kinds"] == (
        "funding | context (before-period), part of 3 | context (before-period)"
    )
    assert records["4f"]["money_kinds"] == "funding, at least"
    assert records["6a"]["money_kinds"] == "context (wider-programme), at least"
    assert records["17b"]["money_kinds"] == "context (wider-programme)"
    assert records["25a"]["money_periods"] == "over the next three years | in 2025-26 | in 2025-26"
    assert records["30j"]["money_kinds"] == "context (whole-budget)"
    assert records["30j"]["deadlines"] == "" and records["30j"]["deadline_year"] == ""
    assert records["30j"]["other_dates"] == "forecast (action): by 2028/2029 | period (money): in 25/26"
    assert records["26h"]["deadlines"] == "" and records["26h"]["other_dates"] == "past (action): in November 2025"


def test_csv_date_columns_say_what_each_date_dates(csv_records: list):
    """Issue 19: a sub-item's deadline in its own column, the deadline year the year it ends, and
    every other date with its kind and what it dates."""
    records = {r["id"]: r for r in csv_records}
    assert records["12e"]["deadlines"] == "" and records["12e"]["subitem_deadlines"] == "sub-item i: by April 2028"
    assert records["12e"]["deadline_year"] == "2028"
    # "in financial year 2026/27" runs to 31 March 2027: its year is 2027, not 2026.
    assert records["13d"]["deadlines"] == "in financial year 2026/27" and records["13d"]["deadline_year"] == "2027"
    assert records["19b"]["other_dates"] == "past (background): in March 2025 | from (background): since 2005"
    assert records["25a"]["other_dates"] == "period (money): in 2025-26"


def test_no_list_item_contains_the_list_separator(model: dict):
    """Otherwise splitting a cell on the separator would cut an item in two."""
    items = [e["name"] for kind in ("organisations", "laws", "programmes", "topics") for e in model[kind]]
    for action in model["actions"]:
        facts = action["facts"]
        items += [d["text"] for d in facts["deadlines"]] + [m["text"] for m in facts["money"]]
        items += [f["text"] for f in action["footnotes"]] + [correction_text(c) for c in action["corrections"]]
    assert not [item for item in items if LIST_SEPARATOR.strip() in item]


def test_csv_is_spreadsheet_ready(csv_raw: bytes, model: dict):
    assert csv_raw.startswith(BOM.encode("utf-8")), "UTF-8 with a byte order mark, for Excel"
    text = csv_raw.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert rows[0] == [c.name for c in COLUMNS]
    assert len(rows) == len(model["actions"]) + 1
    assert all(len(row) == len(COLUMNS) for row in rows)
    # RFC 4180: every record ends with CRLF; line feeds only appear inside quoted text cells.
    assert csv_raw.endswith(b"\r\n") and csv_raw.count(b"\r\n") == len(rows)
    assert b"\r" not in csv_raw.replace(b"\r\n", b"")
    risky = [(row[0], cell[:40]) for row in rows[1:] for cell in row if cell.startswith(FORMULA_START)]
    assert not risky, f"cells a spreadsheet would read as formulas: {risky}"


def test_csv_is_deterministic(model: dict, csv_raw: bytes):
    assert csv_bytes(model) == csv_bytes(json.loads(json.dumps(model))) == csv_raw


def test_a_table_of_rows_encoded_one_by_one_is_the_csv_modules_own_table(model: dict):
    """The filtered lists' CSVs join rows encoded once each: the bytes the csv module writes for
    the same rows in one table."""
    rows = csv_rows(model)[::5]
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(column.name for column in COLUMNS)
    writer.writerows(rows)
    assert table_of(encoded_rows(rows)) == (BOM + out.getvalue()).encode("utf-8")


@hypothesis.settings(max_examples=60)
@given(
    paragraphs=st.lists(st.text(st.characters(blacklist_categories=("Cs",)), min_size=1), min_size=1, max_size=3),
    numeral=st.sampled_from(["i", "ii", "iv"]),
    item=st.text(st.characters(blacklist_categories=("Cs",))),
)
def test_any_text_survives_the_csv_round_trip(model: dict, paragraphs: list[str], numeral: str, item: str):
    """Commas, quotes, line breaks and separators in the text come back out of csv.reader unchanged."""
    action = dict(model["actions"][0])
    action.update(
        paragraphs=paragraphs, subitems=[{"id": f"{action['id']}-{numeral}", "numeral": numeral, "text": item}]
    )
    changed = {**model, "actions": [action]}
    text = csv_bytes(changed).decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    assert len(rows) == 1
    cell = rows[0]["text"]
    # The Data page's rule: one leading apostrophe keeps a formula start from running; drop it.
    if cell.lstrip(NEUTRALISER).startswith(FORMULA_STARTS):
        assert cell.startswith(NEUTRALISER)
        cell = cell[1:]
    assert cell == full_text(action)


def test_csv_gives_absolute_addresses_when_the_site_has_one(site_with_repo: Site, model: dict):
    records = list(csv.DictReader(io.StringIO((site_with_repo.root / "data" / "actions.csv").read_text("utf-8-sig"))))
    assert [r["url"] for r in records] == [f"{EXAMPLE_SITE}/{a['url']}" for a in model["actions"]]


# --- per-action JSON ------------------------------------------------------------------------------------


def test_each_action_is_published_as_json_beside_its_page(built_site: Path, model: dict):
    for action in model["actions"]:
        url = action["url"]
        assert url == f"actions/{action['id']}/"
        assert (built_site / url / "index.html").is_file()
        published = built_site / "actions" / f"{action['id']}.json"
        assert published.is_file(), f"missing {published}"
        assert json.loads(published.read_text(encoding="utf-8")) == action
    stray = {p.stem for p in (built_site / "actions").glob("*.json")} - {a["id"] for a in model["actions"]}
    assert not stray


def test_each_action_page_links_to_its_json(action_pages: dict):
    missing = []
    for action_id, page in action_pages.items():
        hrefs = {a.get("href", "") for a in page.soup.find_all("a")}
        if f"/actions/{action_id}.json" not in hrefs:
            missing.append(action_id)
    assert not missing, f"action pages with no link to their JSON: {missing[:20]}"


# --- the Data page --------------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def data_page(site: Site) -> Page:
    page = site.by_rel.get("data/index.html")
    assert page is not None, "no Data page at data/"
    return page


def test_data_page_links_every_download_with_its_size(data_page: Page, built_site: Path):
    sizes = {tag.get("value") for tag in data_page.soup.find_all("data")}
    hrefs = {a.get("href") for a in data_page.soup.find_all("a")}
    for name in ("actions.json", "actions.csv", "actions.schema.json"):
        assert f"/data/{name}" in hrefs
        assert str((built_site / "data" / name).stat().st_size) in sizes, f"size of {name} not shown"
    total = sum(p.stat().st_size for p in (built_site / "actions").glob("*.json"))
    assert str(total) in sizes, "total size of the per-action files not shown"


def test_data_page_documents_every_field_and_column(data_page: Page, schema: dict):
    codes = {norm(code.get_text()) for code in data_page.soup.find_all("code")}
    text = norm(data_page.soup.get_text(" "))
    for field in schema_fields(schema):
        assert field.path in codes, f"field {field.path} is not on the Data page"
        assert norm(field.description) in text
    for column in COLUMNS:
        assert column.name in codes, f"CSV column {column.name} is not on the Data page"
    assert f"<code>{LIST_SEPARATOR}</code>" in data_page.path.read_text(encoding="utf-8")


def test_data_page_gives_licence_attribution_and_build_date(data_page: Page, model: dict):
    text = norm(data_page.soup.get_text(" "))
    assert "Contains public sector information licensed under the Open Government Licence v3.0." in text
    assert "Home Office" in text and "December 2025" in text and "© Crown copyright 2025" in text
    licence = data_page.soup.find("a", rel="license")
    assert licence["href"] == "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/"
    expected = build_date(os.environ.get("SOURCE_DATE_EPOCH"), model["document"]["date"])
    times = {t.get("datetime") for t in data_page.soup.find_all("time")}
    assert expected.iso in times or expected.iso[:7] in times


def test_build_date_never_reads_the_clock():
    assert build_date("1700000000", "December 2025").iso == "2023-11-14"
    assert build_date(None, "December 2025").iso == "2025-12-01"
    assert build_date("", "December 2025").label == "December 2025"
    with pytest.raises(ValueError, match="SOURCE_DATE_EPOCH"):
        build_date("yesterday", "December 2025")


# --- Suggest a correction -----------------------------------------------------------------------------


def correction_links(page: Page) -> list[str]:
    """The page's "Suggest a correction" links, read by the tokenizer alone (helpers.site.linking_tags): the
    build with a repository is not parsed for any other test, and a whole parse of its 259 action pages
    cost about four times as much."""
    return [
        attrs["href"]
        for name, attrs in linking_tags(page.path)
        if name == "a" and "correction__link" in attrs.get("class", "").split() and "href" in attrs
    ]


@pytest.mark.slow
def test_correction_link_opens_a_prefilled_issue(site_with_repo: Site, model: dict):
    for action in model["actions"]:
        page = site_with_repo.by_rel[f"actions/{action['id']}/index.html"]
        links = correction_links(page)
        assert len(links) == 1, f"{page.rel}: {len(links)} correction links"
        parts = urllib.parse.urlsplit(links[0])
        assert (parts.scheme, parts.netloc, parts.path) == (
            "https",
            "github.com",
            "/example-owner/example-repo/issues/new",
        )
        query = urllib.parse.parse_qs(parts.query, strict_parsing=True)
        assert set(query) == {"title", "body"}
        (title,), (body,) = query["title"], query["body"]
        assert title == f"Correction to action {action['id']}: {action['title']}"
        assert body.startswith(f"Action {action['id']}: {action['title']}\nPage: {EXAMPLE_SITE}/{action['url']}\n")
        assert "do not include personal information" in body, "issues are public: the body says so"


def test_correction_link_is_absent_without_a_repository(site_without_repo: Site):
    pages = site_without_repo.of_type("action")
    assert pages
    # The class searched for in the bytes, which needs no parse: no page may hold the link at all.
    with_link = [p.rel for p in pages if b"correction__link" in p.path.read_bytes()]
    assert not with_link, f"correction links rendered with REPO_URL empty: {with_link[:10]}"


def report_links(page: Page) -> list[str]:
    """The page's links to report a problem, in its footers: the page from its first <footer> on is
    parsed (the footers are the last fifth of a page or less; the two builds' 1,170 pages parse in a
    fifth of the time of a whole parse, and nothing else of them is read)."""
    html = page.path.read_text(encoding="utf-8")
    start = html.find("<footer")
    if start < 0:
        return []
    links = BeautifulSoup(html[start:], "html.parser").select("footer a[href]")
    return [a["href"] for a in links if a.get_text(strip=True) == "Report a problem with this page"]


@pytest.mark.slow
def test_every_page_offers_to_report_a_problem_with_it(site_with_repo: Site):
    for page in site_with_repo.pages:
        if page.type == "other" and not page.rel.endswith("index.html"):
            continue
        links = report_links(page)
        assert len(links) == 1, f"{page.rel}: {len(links)} report links"
        parts = urllib.parse.urlsplit(links[0])
        assert parts.netloc == "github.com" and parts.path == "/example-owner/example-repo/issues/new"
        query = urllib.parse.parse_qs(parts.query, strict_parsing=True)
        (title,), (body,) = query["title"], query["body"]
        assert title == f"Problem with the page /{page.url}", page.rel
        assert body.startswith(f"Page: {EXAMPLE_SITE}/{page.url}\n"), page.rel
        assert "do not include personal information" in body


# A report link as its bytes show it, whatever its address: its words closing an <a>, or an issue form's address.
REPORT_LINK = re.compile(rb"Report a problem with this page\s*</a>|/issues/new")


def test_no_report_link_without_a_repository(site_without_repo: Site):
    """Searched for in each page's bytes, without a parse (the site the group parses, when REPO_URL is
    empty: its footers were parsed again for this)."""
    assert not [p.rel for p in site_without_repo.pages if REPORT_LINK.search(p.path.read_bytes())]
