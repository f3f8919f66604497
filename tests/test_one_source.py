"""One source for each fact: an action's Markdown metadata, its record in actions.json and its built page
say the same; kind labels and flag texts are each said in one place."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import pytest
from helpers.site import REPO, Page, Site

from actionplan import model
from actionplan.write import ENTITY_KIND_NAMES, ENTITY_KINDS

CONTENT = REPO / "content"
TEMPLATES = REPO / "theme" / "templates"


@pytest.fixture(scope="module")
def data() -> dict:
    return json.loads((CONTENT / "data" / "actions.json").read_text(encoding="utf-8"))


def metadata(path: Path) -> dict[str, str]:
    head = path.read_text(encoding="utf-8").split("\n\n", 1)[0]
    return {key: value.replace("\\", "") for key, value in (line.split(": ", 1) for line in head.splitlines())}


def listed(meta: dict[str, str], key: str) -> list[str]:
    return [v for v in meta.get(key, "").split("; ") if v]


def test_metadata_agrees_with_the_data(data: dict):
    names = {kind: {e["id"]: e["name"] for e in data[f"{kind}s"]} for kind in ENTITY_KINDS}
    for action in data["actions"]:
        meta = metadata(CONTENT / "actions" / f"{action['id']}.md")
        facts = action["facts"]
        where = action["id"]
        assert meta["Action_id"] == where
        assert (int(meta["Commitment"]), int(meta["Pillar"])) == (action["commitment"], action["pillar"]), where
        roles = {"delivers": "Delivered_by", "mentioned": "Mentions"}
        for role, key in roles.items():
            expected = [names["organisation"][o["id"]] for o in facts["organisations"] if o["role"] == role]
            assert listed(meta, key) == expected, (where, key)
        assert listed(meta, "Laws") == [names["law"][i] for i in facts["laws"]], where
        assert listed(meta, "Programmes") == [names["programme"][i] for i in facts["programmes"]], where
        assert meta.get("Tags", "") == ", ".join(names["topic"][i] for i in facts["topics"]), where
        assert listed(meta, "Money") == [m["text"] for m in facts["money"]], where
        deadlines = [d["text"] for d in facts["deadlines"] if d["kind"] in model.DEADLINE_KINDS]
        assert listed(meta, "Deadlines") == deadlines, where
        assert meta["At_publication"] == facts["status"]["at_publication"], where
        assert meta.get("Flags", "") == ", ".join(action["flags"]), where


@pytest.mark.slow
def test_the_page_shows_what_its_metadata_says(site: Site):
    pages = {page.action_id: page for page in site.of_type("action")}
    assert len(pages) == len(list((CONTENT / "actions").glob("*.md")))
    for path in sorted((CONTENT / "actions").glob("*.md")):
        meta = metadata(path)
        page = pages[meta["Action_id"]]
        text = " ".join(page.soup.get_text(" ").split())
        assert meta["Title"].lstrip("…") in " ".join(page.soup.find("h1").get_text(" ").split()), path.name
        for key in ("Delivered_by", "Laws", "Programmes", "Money", "Deadlines"):
            for value in listed(meta, key):
                assert " ".join(value.split()) in text, (path.name, key, value)
        for topic in filter(None, meta.get("Tags", "").split(", ")):
            assert topic in text, (path.name, "Tags", topic)


LINK = re.compile(r"^- \[.*\]\(\{filename\}/actions/([0-9a-z]+)\.md\)$")


def body_lists(path: Path) -> list[tuple[str, list[str]]]:
    """The (heading, action ids) lists that an entity page's Markdown body gives."""
    lists: list[tuple[str, list[str]]] = []
    for line in path.read_text(encoding="utf-8").split("\n\n", 1)[1].splitlines():
        if line.startswith("## "):
            lists.append((line[3:], []))
        elif m := LINK.match(line):
            lists[-1][1].append(m.group(1))
    return lists


def page_lists(page: Page, level: str = "h2") -> list[tuple[str, list[str]]]:
    """The (heading, linked action ids) lists that the built page shows under its headings of a level."""
    lists: list[tuple[str, list[str]]] = []
    for h2 in page.soup.find("main").find_all(level):
        ids = []
        for sibling in h2.find_next_siblings():
            if sibling.name in ("h2", level):
                break
            ids += [a["href"].rstrip("/").rsplit("/", 1)[-1] for a in sibling.select('a[href*="/actions/"]')]
        if ids:
            lists.append((" ".join(h2.get_text(" ").split()), ids))
    return lists


@pytest.mark.slow
def test_entity_pages_list_the_actions_their_markdown_lists(site: Site, data: dict):
    checked = 0
    for folder, _ in ENTITY_KINDS.values():
        for entity in data[folder]:
            lists = body_lists(CONTENT / "pages" / folder / f"{entity['id']}.md")
            assert lists and all(ids for _, ids in lists), entity["url"]
            # Every action the entity has, once, in one of the lists.
            assert sorted(i for _, ids in lists for i in ids) == sorted(entity["actions"]), entity["url"]
            assert page_lists(site.by_rel[entity["url"] + "index.html"]) == lists, entity["url"]
            checked += 1
    assert checked == sum(len(data[folder]) for folder, _ in ENTITY_KINDS.values())



@pytest.mark.slow
def test_pillar_and_commitment_pages_list_the_actions_their_markdown_lists(site: Site, data: dict):
    for commitment in data["commitments"]:
        lists = body_lists(CONTENT / "pages" / "commitments" / f"{commitment['number']}.md")
        assert [ids for _, ids in lists] == [commitment["actions"]], commitment["url"]
        assert page_lists(site.by_rel[commitment["url"] + "index.html"]) == lists, commitment["url"]
    for pillar in data["pillars"]:
        # The body lists the commitments in order; the page groups them under the pillar's themes.
        lists = {
            re.sub(r"^\[(.*)\]\(\{filename\}/pages/commitments/[0-9]+\.md\)$", r"\1", heading): ids
            for heading, ids in body_lists(CONTENT / "pages" / "pillars" / f"{pillar['number']}.md")
        }
        assert list(lists) == [f"Commitment {n}" for n in pillar["commitments"]], pillar["url"]
        assert sum(map(len, lists.values())) == pillar["action_count"], pillar["url"]
        assert dict(page_lists(site.by_rel[pillar["url"] + "index.html"], "h3")) == lists, pillar["url"]


@pytest.mark.slow
def test_entity_indexes_list_the_entities_their_markdown_lists(site: Site, data: dict):
    for folder, _ in ENTITY_KINDS.values():
        body = (CONTENT / "pages" / folder / "index.md").read_text(encoding="utf-8").split("\n\n", 1)[1]
        listed_ids = re.findall(rf"^- \[.*\]\(\{{filename\}}/pages/{folder}/([a-z0-9-]+)\.md\)$", body, re.M)
        assert sorted(listed_ids) == sorted(e["id"] for e in data[folder]), folder
        shown = site.by_rel[f"{folder}/index.html"].soup.select("main a.entity-list__link")
        assert [a["href"].rstrip("/").rsplit("/", 1)[-1] for a in shown] == listed_ids, folder


@pytest.mark.slow
def test_the_actions_and_glossary_pages_list_what_their_markdown_lists(site: Site, data: dict):
    body = (CONTENT / "pages" / "actions.md").read_text(encoding="utf-8").split("\n\n", 1)[1]
    listed_ids = re.findall(r"^- \[.*\]\(\{filename\}/actions/([0-9a-z]+)\.md\)$", body, re.M)
    assert listed_ids == [a["id"] for a in data["actions"]]
    shown = site.by_rel["actions/index.html"].soup.select("main a.action-list__link")
    assert [a["href"].rstrip("/").rsplit("/", 1)[-1] for a in shown] == listed_ids
    body = (CONTENT / "pages" / "glossary.md").read_text(encoding="utf-8").split("\n\n", 1)[1]
    entries = [(t.replace("\\", ""), x.replace("\\", "")) for t, x in re.findall(r"^- \*\*(.+)\*\*: (.+)$", body, re.M)]
    assert sorted(entries) == sorted((g["acronym"], g["expansion"]) for g in data["glossary"])
    rows = site.by_rel["glossary/index.html"].soup.select("main .glossary__row")
    assert [r.select_one("dt").get_text(" ", strip=True) for r in rows] == [t for t, _ in entries]


@pytest.mark.slow
def test_the_timeline_page_lists_what_its_markdown_lists(site: Site, data: dict):
    listed: list[tuple[str, str, str]] = []
    year = ""
    for line in (CONTENT / "pages" / "timeline.md").read_text(encoding="utf-8").split("\n\n", 1)[1].splitlines():
        if line.startswith("## "):
            year = line[3:]
        elif m := re.match(r"^- (.+): \[.*\]\(\{filename\}/actions/([0-9a-z]+)\.md\)$", line):
            listed.append((year, html.unescape(m.group(1).replace("\\", "")), m.group(2)))
    assert len(listed) == len(data["timeline"])
    shown = [
        (
            section.find("h2").get_text(strip=True),
            " ".join(item.select_one(".timeline__when").get_text(" ").split()),
            item.select_one(".timeline__what a")["href"].rstrip("/").rsplit("/", 1)[-1],
        )
        for section in site.by_rel["timeline/index.html"].soup.select("main section")
        for item in section.select(".timeline__item")
    ]
    assert shown == listed


@pytest.mark.slow
def test_the_money_page_lists_what_its_markdown_lists(site: Site, data: dict):
    listed: list[tuple[str, str, str]] = []
    pillar = ""
    for line in (CONTENT / "pages" / "money.md").read_text(encoding="utf-8").split("\n\n", 1)[1].splitlines():
        if line.startswith("## "):
            pillar = line[3:].replace("\\", "")
        elif m := re.match(r"^- (.+): \[.*\]\(\{filename\}/actions/([0-9a-z]+)\.md\)$", line):
            listed.append((pillar, html.unescape(m.group(1).replace("\\", "")), m.group(2)))
    assert len(listed) == sum(len(a["facts"]["money"]) for a in data["actions"])
    shown = [
        (
            section.find("h2").get_text(strip=True),
            " ".join(item.select_one(".money-list__amount").get_text(" ").split()).lower(),
            item.select_one(".money-list__action a")["href"].rstrip("/").rsplit("/", 1)[-1],
        )
        for section in site.by_rel["money/index.html"].soup.select("main section")
        for item in section.select(".money-list__item")
    ]
    assert [(p, i) for p, _, i in shown] == [(p, i) for p, _, i in listed]
    for (_, amount, _), (_, text, where) in zip(shown, listed, strict=True):
        assert " ".join(text.split()).lower() in amount, (where, text, amount)

def test_kind_labels_come_from_the_data(data: dict):
    assert data["kinds"] == {
        kind: {"name": ENTITY_KIND_NAMES[kind], "plural": plural, "url": f"{folder}/"}
        for kind, (folder, plural) in ENTITY_KINDS.items()
    }
    labels = {ENTITY_KIND_NAMES[k] for k in ENTITY_KINDS} | {plural for _, plural in ENTITY_KINDS.values()}
    pattern = re.compile(r"[\"'>](" + "|".join(map(re.escape, sorted(labels, key=len, reverse=True))) + r")[\"'<]")
    found = [
        f"{path.name}:{n}: {m.group(1)}"
        for path in sorted(TEMPLATES.glob("*.html"))
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        for m in pattern.finditer(line)
    ]
    assert not found, "kind labels written into templates instead of read from PLAN.kinds:\n" + "\n".join(found)


def test_flag_texts_live_in_one_place():
    flags = {value for name, value in vars(model).items() if name.startswith("FLAG_")}
    components = (TEMPLATES / "components.html").read_text(encoding="utf-8")
    block = components[components.index("{% set FLAGS = {"):]
    block = block[: block.index("} %}")]
    assert set(re.findall(r'^\s*"([a-z-]+)": \{"short"', block, re.M)) == flags
    for flag in flags:
        users = [p.name for p in TEMPLATES.glob("*.html") if f'"{flag}"' in p.read_text(encoding="utf-8")]
        assert users == ["components.html"], (flag, users)


@pytest.mark.slow
def test_the_progress_page_lists_what_its_markdown_lists(site: Site, data: dict):
    """Every update, newest first, with its date and actions: the same in content/ and on the page."""
    listed = [
        (m.group(1), re.findall(r"\(\{filename\}/actions/([0-9a-z]+)\.md\)", m.group(2)))
        for line in (CONTENT / "pages" / "progress.md").read_text(encoding="utf-8").splitlines()
        if (m := re.match(r"^- ([0-9-]+), (.+?\.md\)): ", line))
    ]
    assert len(listed) == len(data["progress"]["updates"]) > 0
    shown = [
        (
            item.select_one(".update__when time")["datetime"],
            [a["href"].rstrip("/").rsplit("/", 1)[-1] for a in item.select(".update__actions a")],
        )
        for item in site.by_rel["progress/index.html"].soup.select("#updates ~ ol.updates > li.update")
    ]
    assert shown == listed
