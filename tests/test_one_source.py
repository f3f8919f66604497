"""One source for each fact: an action's Markdown metadata, its record in actions.json and its built page
say the same; kind labels and flag texts are each said in one place. (Overview pages have no Markdown:
tests/test_overview_pages.py.)"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from helpers.site import REPO, Site

from actionplan import model
from actionplan.records.standings import STANDINGS
from actionplan.write import ENTITY_KIND_NAMES, ENTITY_KINDS
from plugins.core.labels import LABELS, SCHEDULE, STATUS, for_scripts

# With pytest-xdist, in one worker with the other files that read every page's parse (conftest.py):
# the action pages' parse is made once.
XDIST_GROUP = "every page parsed"
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
        deadlines = [
            d["text"] if d["of"] == "action" else f"{d['of'].capitalize()}: {d['text']}"
            for d in facts["deadlines"]
            if d["kind"] in model.DEADLINE_KINDS and d["of"] not in ("background", "money")
        ]
        assert listed(meta, "Deadlines") == deadlines, where
        assert meta["Standing"] == facts["standing"]["id"], where
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
    """Each flag the model can set has its words in labels.py, and only components.html names a flag."""
    flags = {value for name, value in vars(model).items() if name.startswith("FLAG_")}
    assert set(LABELS["flags"]) == flags
    for flag in flags:
        users = [p.name for p in TEMPLATES.glob("*.html") if f'"{flag}"' in p.read_text(encoding="utf-8")]
        assert set(users) <= {"components.html"}, (flag, users)


def site_labels() -> set[str]:
    """Every label plugins/core/labels.py holds, the standings' words among them."""
    found = set()
    for group in LABELS.values():
        for value in group.values():
            found |= set(value.values()) if isinstance(value, dict) else {value}
    return found - {""}


def without_comments(text: str) -> str:
    """Jinja's and JavaScript's block comments blanked, lines kept: a comment may name a label."""
    return re.sub(r"\{#.*?#\}|/\*.*?\*/", lambda m: "\n" * m.group().count("\n"), text, flags=re.S)


def test_labels_are_written_in_labels_py_alone():
    """Templates read LABELS and STANDINGS; the scripts get the labels as data (labels.for_scripts,
    in a data- attribute): none spells a label again, quoted or between tags."""
    labels = site_labels()
    assert {"Who delivers it", "Under way", "Deadline passed, no delivery recorded"} <= labels
    pattern = re.compile(r"[\"'>](" + "|".join(map(re.escape, sorted(labels, key=len, reverse=True))) + r")[\"'<]")
    sources = [*TEMPLATES.rglob("*.html"), *(REPO / "theme" / "static" / "js").glob("*.js")]
    found = [
        f"{path.relative_to(REPO)}:{n}: {m.group(1)}"
        for path in sorted(sources)
        for n, line in enumerate(without_comments(path.read_text(encoding="utf-8")).splitlines(), 1)
        for m in pattern.finditer(line)
    ]
    assert not found, "labels written again instead of read from plugins/core/labels.py:\n" + "\n".join(found)
    scripts = for_scripts()
    assert scripts["status"] == STATUS and scripts["schedule"] == SCHEDULE
    assert {k: v["short"] for k, v in scripts["standing"].items()} == {s.id: s.short for s in STANDINGS.values()}


def test_simple_pages_share_one_layout():
    """Pages open the same way (title, summary, breadcrumbs, heading, lead) from _simple.html; only
    the pages that open otherwise write their own heading."""
    own_heading = sorted(p.stem for p in TEMPLATES.rglob("*.html") if "<h1" in p.read_text(encoding="utf-8"))
    assert own_heading == ["404", "_simple", "action", "actions", "briefing", "index", "plan", "search"]
    simple = ["glossary", "money", "timeline", "data", "progress", "page", "_entities", "_entity", "pillar",
              "commitment"]
    for name in simple:
        assert (TEMPLATES / f"{name}.html").read_text(encoding="utf-8").count('{% extends "_simple.html" %}') == 1, name
