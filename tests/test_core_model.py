"""plugins/core: the one loader of the model, checked against its schema once; and plugins that share
it instead of importing each other."""

from __future__ import annotations

import ast
import dataclasses
import datetime
import json
import subprocess
from collections import Counter
from pathlib import Path

import pytest
from helpers.site import REPO, pelican_command

from actionplan.records.standings import STANDINGS
from plugins.core import model as core_model
from plugins.core.as_of import read_as_of
from plugins.core.model import DEFAULT_SCHEMA, PlanDataMissing, load_model
from plugins.core.plan import Action, Plan

DATA = REPO / "content" / "data" / "actions.json"
AS_OF = datetime.date(2026, 12, 7)  # any day: the model is read as of one
PLUGINS = REPO / "plugins"


@pytest.fixture
def model_json() -> dict:
    return json.loads(DATA.read_text(encoding="utf-8"))


def write(tmp_path: Path, model: dict) -> Path:
    path = tmp_path / "actions.json"
    path.write_text(json.dumps(model), encoding="utf-8")
    return path


def same_as_json(value, data, where="") -> list[str]:
    """Where the typed model differs from the JSON it was built from (every key of every object)."""
    if dataclasses.is_dataclass(value):
        keys = [f.name for f in dataclasses.fields(value) if f.init]
        problems = [f"{where}: keys {sorted(keys)} != {sorted(data)}"] if sorted(keys) != sorted(data) else []
        inside = [same_as_json(getattr(value, k), data[k], f"{where}.{k}") for k in keys if k in data]
        return problems + [p for found in inside for p in found]
    if isinstance(value, dict):
        if sorted(value) != sorted(data):
            return [f"{where}: keys differ"]
        return [p for k in value for p in same_as_json(value[k], data[k], f"{where}.{k}")]
    if isinstance(value, tuple):
        if not isinstance(data, list) or len(value) != len(data):
            return [f"{where}: {value!r} != {data!r}"]
        inside = [same_as_json(v, d, f"{where}[{i}]") for i, (v, d) in enumerate(zip(value, data, strict=True))]
        return [p for found in inside for p in found]
    return [] if type(value) is type(data) and value == data else [f"{where}: {value!r} != {data!r}"]


def test_the_typed_model_holds_every_value_of_the_json():
    model = load_model(DATA, DEFAULT_SCHEMA, as_of=AS_OF)
    assert isinstance(model.plan, Plan) and isinstance(model.plan.actions[0], Action)
    assert same_as_json(model.plan, model.data) == []


@pytest.mark.parametrize("as_of", ["2025-06-01", "2026-12-07", "2027-04-01", "2031-01-01"])
def test_the_published_text_is_the_model_as_read_laid_out_as_the_file(monkeypatch, as_of):
    """data/actions.json's bytes: the file's own text with only what read_as_of changes laid out
    again, the same as laying out the whole model as read."""
    text = DATA.read_text(encoding="utf-8")
    data = json.loads(text)
    read_as_of(data, datetime.date.fromisoformat(as_of))
    whole = core_model.laid_out(data) + "\n"
    assert whole != text  # the as-of date changes what the file says
    laid_out, wholes = core_model.laid_out, []

    def watched(value, depth=0):
        wholes.append(value is data)
        return laid_out(value, depth)

    monkeypatch.setattr(core_model, "laid_out", watched)
    assert core_model.as_read(text, data) == whole
    assert wholes and not any(wholes)  # only the parts read_as_of changes were laid out again
    # A file laid out otherwise is laid out again whole.
    compact = json.dumps(json.loads(text), ensure_ascii=False)
    assert core_model.as_read(compact, data) == whole


def test_the_real_model_loads_with_its_derived_lists():
    plan = load_model(DATA, DEFAULT_SCHEMA, as_of=AS_OF).plan
    for action in plan.actions:
        facts = action.facts
        assert facts.delivers + facts.mentioned == tuple(
            sorted(facts.organisations, key=lambda o: o.role != "delivers")
        )
        assert {o.role for o in facts.delivers} <= {"delivers"} and {o.role for o in facts.mentioned} <= {"mentioned"}
    # The entity lists the generator wrote agree with the roles worked out here.
    for organisation in plan.organisations:
        assert organisation.delivers == tuple(
            a for a in organisation.actions
            if organisation.id in [o.id for o in plan.actions_by_id[a].facts.delivers]
        )
        assert organisation.mentioned_in == tuple(
            a for a in organisation.actions
            if organisation.id in [o.id for o in plan.actions_by_id[a].facts.mentioned]
        )
    # Counts per standing, in the standings' order, only those some action has.
    for commitment in plan.commitments:
        counts = plan.standing_counts(commitment.actions)
        assert list(counts) == [s for s in STANDINGS if s in counts] and all(counts.values())
        assert counts == Counter(plan.actions_by_id[a].facts.standing.id for a in commitment.actions)
    assert plan.progress.updated_actions == list(dict.fromkeys(a for u in plan.progress.updates for a in u.actions))
    assert set(plan.progress.updated_actions) == {a.id for a in plan.actions if any(
        u in plan.progress.updates for u in a.progress.updates)}


DAMAGE = {
    "a value outside its enum": (lambda m: m["actions"][0]["facts"]["standing"].update(id="finished"), "is not one of"),
    "a required key gone": (lambda m: m["commitments"][2].pop("lead_in"), "'lead_in' is a required property"),
    "a key the schema does not allow": (lambda m: m["laws"][0].update(nickname="x"), "Additional properties"),
    "a string for a number": (lambda m: m["pillars"][0].update(number="1"), "is not of type 'integer'"),
    "an id its pattern refuses": (lambda m: m["actions"][5].update(id="1A"), "does not match"),
    "a page below 1": (lambda m: m["actions"][7]["pages"].__setitem__(0, 0), "less than the minimum"),
    "a page range of three": (lambda m: m["actions"][7]["pages"].append(9), r"pages: \[6, 6, 9\] is too long"),
    "an empty reason": (lambda m: m["actions"][9]["facts"]["standing"].update(reason=""), "'' should be non-empty"),
    "a month 13": (lambda m: next(d for a in m["actions"] for d in a["facts"]["deadlines"]).update(month=13),
                   "greater than the maximum"),
    "a link to no id": (lambda m: m["actions"][1]["links"].update(previous=12), "is not valid under any"),
    "another schema version": (lambda m: m.update(schema_version=99), "4 was expected"),
}


@pytest.fixture
def few_of_each(model_json) -> dict:
    """The real model with each list cut to its first entries (the actions to the first ten and the
    first with a deadline, those DAMAGE changes): the schema holds every entry of a list to the same
    rules, and jsonschema, which names the place, takes 0.6 s over the whole 860 kB model."""
    actions = model_json["actions"]
    deadline = next(a for a in actions if a["facts"]["deadlines"])
    for key, value in model_json.items():
        if isinstance(value, list):
            model_json[key] = value[:3]
    model_json["actions"] = [*actions[:10], deadline]
    return model_json


def test_the_cut_model_passes_the_check(tmp_path, few_of_each):
    """What the tests below damage is valid as it is."""
    assert load_model(write(tmp_path, few_of_each), DEFAULT_SCHEMA, as_of=AS_OF).plan.actions


def test_data_that_breaks_the_schema_stops_at_the_place_it_breaks(tmp_path, few_of_each):
    n = next(i for i, a in enumerate(few_of_each["actions"]) if a["facts"]["organisations"])
    few_of_each["actions"][n]["facts"]["organisations"][0]["role"] = "funds"
    where = rf"actions\[{n}\]\.facts\.organisations\[0\]\.role: 'funds' is not one of"
    with pytest.raises(PlanDataMissing, match=where):
        load_model(write(tmp_path, few_of_each), DEFAULT_SCHEMA, as_of=AS_OF)


def test_a_missing_key_is_named(tmp_path, few_of_each):
    del few_of_each["pillars"][1]["title"]
    with pytest.raises(PlanDataMissing, match=r"pillars\[1\]: 'title' is a required property"):
        load_model(write(tmp_path, few_of_each), DEFAULT_SCHEMA, as_of=AS_OF)


@pytest.mark.parametrize("damage", DAMAGE, ids=list(DAMAGE))
def test_the_fast_check_stops_what_jsonschema_stops(tmp_path, few_of_each, damage):
    """The build decides validity with jsonschema_rs and only names the place with jsonschema: each
    kind of damage the schema forbids must still stop it, with jsonschema's message."""
    change, message = DAMAGE[damage]
    change(few_of_each)
    with pytest.raises(PlanDataMissing, match=message):
        load_model(write(tmp_path, few_of_each), DEFAULT_SCHEMA, as_of=AS_OF)


def imported_plugins(path: Path) -> set[str]:
    """The plugin packages a module imports, by name (`from ..x` and `from plugins.x` alike)."""
    own = path.relative_to(PLUGINS).parts[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level >= 2 and node.module:
                found.add(node.module.split(".")[0])
            elif node.level == 0 and node.module and node.module.startswith("plugins."):
                found.add(node.module.split(".")[1])
        elif isinstance(node, ast.Import):
            found |= {a.name.split(".")[1] for a in node.names if a.name.startswith("plugins.")}
    return found - {own}


def test_plugins_import_only_the_core_never_each_other():
    found = {
        f"{path.relative_to(REPO)}: {name}"
        for path in PLUGINS.glob("*/**/*.py")
        for name in imported_plugins(path)
        if name != "core"
    }
    assert not found, found
    core = [p for p in (PLUGINS / "core").glob("*.py") if imported_plugins(p)]
    assert not core, "the core imports a plugin"
    assert not (PLUGINS / "core" / "__init__.py").read_text(encoding="utf-8").count("def register")


@pytest.mark.slow
def test_the_plugins_order_does_not_matter(tmp_path, built_site, settings):
    """Plugins in the reverse order (url_manifest, which checks what the others wrote, stays last)
    build the same site, byte for byte."""
    plugins = settings["PLUGINS"]
    reordered = [*reversed(plugins[:-1]), plugins[-1]]
    assert plugins[-1] == "plugins.url_manifest" and reordered != plugins
    output = tmp_path / "output"
    command = pelican_command(output, "pelicanconf.py") + ["-e", f"PLUGINS={json.dumps(reordered)}"]
    result = subprocess.run(command, cwd=REPO, capture_output=True, text=True, timeout=900)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    files = sorted(p.relative_to(built_site).as_posix() for p in built_site.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(output).as_posix() for p in output.rglob("*") if p.is_file())
    differ = [f for f in files if (built_site / f).read_bytes() != (output / f).read_bytes()]
    assert not differ, differ[:10]


def test_the_derived_lists_agree_with_the_json():
    """Each list the templates used to work out with Jinja filters, worked out once in the model,
    says what the JSON says."""
    model = load_model(DATA, DEFAULT_SCHEMA, as_of=AS_OF)
    plan, data = model.plan, model.data
    for action, raw in zip(plan.actions, data["actions"], strict=True):
        f, dates = action.facts, raw["facts"]["deadlines"]
        assert [d.text for d in f.own_dates] == [
            d["text"] for d in dates if d["of"] == "action" and d["kind"] != "forecast"]
        assert [d.text for d in f.subitem_dates] == [d["text"] for d in dates if d["of"].startswith("sub-item ")]
        assert [d.text for d in f.background_dates] == [d["text"] for d in dates if d["of"] == "background"]
        assert [d.text for d in f.forecasts] == [
            d["text"] for d in dates if d["of"] == "action" and d["kind"] == "forecast"]
        assert [d.text for d in f.due] == [d["text"] for d in dates if d["kind"] in ("by", "in")]
        assert [m.text for m in f.funding] == [m["text"] for m in raw["facts"]["money"] if m["kind"] == "funding"]
        delivery = action.progress.delivery
        assert (delivery.id if delivery else None) == raw["progress"]["delivered_by"]
    ends = {a["id"]: (a["progress"]["deadline"] or {}).get("ends") for a in data["actions"]}
    assert [a.id for a in plan.due_soon] == sorted(
        (a["id"] for a in data["actions"] if a["progress"]["due_soon"]), key=ends.get)
    assert [a.id for a in plan.passed] == sorted(
        (a["id"] for a in data["actions"] if a["progress"]["schedule"] == "passed"), key=ends.get)
    assert all(ends[a.id] < AS_OF.isoformat() for a in plan.passed)
    assert plan.calendar_actions == {d["action"] for d in data["progress"]["deadlines"]}
    assert set(plan.timeline_actions) == {e["action"] for e in data["timeline"]}
    assert len(plan.timeline_actions) == len(set(plan.timeline_actions))
    assert [a.id for a in plan.corrected] == [a["id"] for a in data["actions"] if a["corrections"]]
    assert [a.id for a in plan.flagged] == [a["id"] for a in data["actions"] if a["flags"]]
    assert {n: [a.id for a in acts] for n, acts in plan.money_actions_by_pillar.items()} == {
        p["number"]: [a["id"] for a in data["actions"] if a["pillar"] == p["number"] and a["facts"]["money"]]
        for p in data["pillars"] if any(a["pillar"] == p["number"] and a["facts"]["money"] for a in data["actions"])}
    record = data["progress"]
    assert [u.id for u in plan.progress.updates_since_review] == [
        u["id"] for u in record["updates"] if u["date"] > record["reviewed_up_to"]]
    revision = plan.progress.plan_revision
    assert (revision.id if revision else None) == next((u["id"] for u in record["updates"] if u["plan"]), None)
    names = {o["id"]: o["name"] for o in data["organisations"]}
    assert plan.deliverer_names == {
        a["id"]: [names[o["id"]] for o in a["facts"]["organisations"] if o["role"] == "delivers"]
        for a in data["actions"] if any(o["role"] == "delivers" for o in a["facts"]["organisations"])}
    assert plan.updates_from_plan == sum(
        u["source"]["title"].startswith(data["document"]["title"]) for u in record["updates"])
    for action, raw in zip(plan.actions, data["actions"], strict=True):
        related = [r["id"] for r in raw["links"]["related"]]
        assert list(action.links.other_siblings) == [i for i in raw["links"]["siblings"] if i not in related]
        for d, raw_d in zip(action.facts.deadlines, raw["facts"]["deadlines"], strict=True):
            assert d.relative == (not any(c.isdigit() for c in raw_d["text"]))
    # Any selection of actions by pillar, and by pillar and commitment, in the plan's order.
    pillar_of = {a["id"]: a["pillar"] for a in data["actions"]}
    for entity in (*plan.organisations, *plan.topics):
        ids = list(reversed(entity.actions))
        assert [(p.number, group) for p, group in plan.by_pillar(ids)] == [
            (p["number"], [i for i in ids if pillar_of[i] == p["number"]])
            for p in data["pillars"] if any(pillar_of[i] == p["number"] for i in ids)]
        grouped = plan.grouped(ids)
        assert [i for _, commitments in grouped for _, group in commitments for i in group] == [
            a["id"] for a in data["actions"] if a["id"] in ids]
        assert all(group and all(pillar_of[i] == p.number and i in c.actions for i in group)
                   for p, commitments in grouped for c, group in commitments)
    assert sum(len(group) for _, commitments in plan.grouped(plan.actions_by_id) for _, group in commitments) == len(
        plan.actions)
