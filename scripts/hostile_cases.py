#!/usr/bin/env python3
"""Tries hostile and careless edits of the plan's data files, content folder and search, as issue 20
did, and counts how many the code holds (a one-line `file:line` error, or a bounded, flagged
search) and how many get through (accepted, a traceback, or too slow). Figures: docs/robustness.md.

    python scripts/hostile_cases.py            # prints one line per failed case, then the totals
"""

from __future__ import annotations

import contextlib
import io
import json
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from actionplan.cli import main
from actionplan.facts.data import load_entities
from actionplan.model import PlanError
from actionplan.reading.errata import load_errata
from actionplan.reading.parse import parse_plan
from actionplan.records.helplines import load_helplines
from actionplan.records.updates import load_updates

ROOT = Path(__file__).resolve().parent.parent
PLAN = ROOT / "plan"
IDS = {f"{n}{c}" for n in range(1, 35) for c in "abcdefghijklmnopqrstuvwxyz"}
CHARACTERS = ["\x00", "\x01", "\x07", "\x1b", "\x7f", "\x85", "\x9b", "\u200b", "\u200c", "\u200d", "\u200e",
              "\u200f", "\u2028", "\u2029", "\u202a", "\u202e", "\u2060", "\u2064", "\u2066", "\u2069", "\ufeff"]
URLS = ["https://a.b/)<img src=x onerror=alert(1)>", "https://a.b/x\n", "http://a.b/", "javascript:alert(1)",
        "https://a.b/\"onmouseover=x", "https://a.b/ x", "https://exa\u200bmple.org/", "//a.b/", "https:/a.b"]
DATES = ["2025-12\n", "２０２５-12", "2999-01-01", "2025-13-01", " 2025-12", "2025-1-1", "2025-02-30", "25-12-01"]
RULES = ['years_after = "two"', "years_after = 99999999", 'year = "soon", reason = "r"', "years_after = 1.5",
         'years_after = 2, season = "monsoon"', 'years_after = 2, end_of = "no"', "years_after = -3000",
         'year = true, reason = "r"', "years_after = 2, kind2 = 1", "years_after = [2]"]
PATTERNS = ["[\\w ]*" * 25 + "!", "(a+)+$", "(?:a|ab)*c", "(x)\\1", "\\w+\\w+\\w+\\w+x", "(?:\\s*\\w*)*!",
            "[a-z]*[a-z]*[a-z]*[a-z]*[a-z]*[a-z]*[a-z]*[a-z]*!"]
SEARCHES = ["online~25", "online~30", "x~99999", "*e*", "*a* *e* *i* *o* *u* *s* *t* *n* *r* *l* *c* *d*",
            "*er*~2 *in*~2 *on*~2 *at*~2", " ".join(f"w{i}~2" for i in range(40)), "ab~9 " * 60,
            "*ing* *ion* *ent* *ate* *ort* *ver*", "a~2 b~2 c~2 d~2 e~2 f~2 g~2 h~2 i~2 j~2 k~2 l~2 m~2"]


def held(load, text: str, seconds: float = 10.0) -> str | None:
    """None when `load(text)` stops with a PlanError in time; else what happened."""
    started = time.perf_counter()
    try:
        load(text)
    except PlanError:
        return None if time.perf_counter() - started < seconds else "too slow"
    except Exception as error:  # noqa: BLE001 - a traceback is the failure being counted
        return f"traceback {type(error).__name__}"
    return "accepted"


def read(name: str) -> str:
    return (PLAN / name).read_text(encoding="utf-8")


def toml_escape(char: str) -> str:
    return f"\\u{ord(char):04X}"


def entities_with(tmp: Path, name: str, text: str) -> Path:
    for path in PLAN.glob("*.toml"):
        shutil.copy(path, tmp / path.name)
    (tmp / name).write_text(text, encoding="utf-8")
    return tmp / "entities.toml"


def data_cases(tmp: Path):
    updates, helplines, errata, wording = read("updates.toml"), read("helplines.toml"), read("errata.toml"), read(
        "wording.toml")
    load_u = lambda t: load_updates(t, "updates.toml", IDS)  # noqa: E731
    load_h = lambda t: load_helplines(t, "helplines.toml")  # noqa: E731
    checked = re.search(r'checked = "[^"\n]*"', helplines).group(0)  # the first entry's day checked
    load_e = lambda t: load_errata(t, "errata.toml")  # noqa: E731
    for char in CHARACTERS:
        e = toml_escape(char)
        yield f"updates text {e}", held(load_u, updates.replace('text = "The', f'text = "The{e}', 1))
        yield f"updates source title {e}", held(load_u, updates.replace('title = "Freedom', f'title = "Fr{e}eedom', 1))
        yield f"helplines name {e}", held(load_h, helplines.replace('name = "Police', f'name = "{e}Police', 1))
        yield f"helplines note {e}", held(load_h, helplines.replace('note = "If', f'note = "{e}If', 1))
        yield f"errata replace {e}", held(load_e, errata.replace('replace = "made using AI."',
                                                                    f'replace = "made{e} using AI."', 1))
        yield f"entities wording {e}", held(
            lambda t: load_entities(entities_with(tmp, "wording.toml", t)),
            wording.replace("    'annually',\n", f"    \"ann{e}ually\",\n", 1))
        plan = read("action-plan-2025-12.md")
        yield f"plan line {e}", held(lambda t: parse_plan(t, "plan.md"),
                                     plan.replace("are made using", f"are{char} made using", 1))
    for url in URLS:
        value = json.dumps(url)
        yield f"updates url {url!r}", held(load_u, updates.replace('url = "https://www.gov.uk/official-documents"',
                                                                    f"url = {value}", 1))
        yield f"helplines source {url!r}", held(load_h, helplines.replace('source = "https://',
                                                                           f"source = {value[:-1]}x", 1))
        yield f"helplines url {url!r}", held(load_h, helplines.replace(checked,
                                                                        f'url = {value}\n{checked}', 1))
    for date in DATES:
        value = json.dumps(date, ensure_ascii=False)
        yield f"updates date {date!r}", held(load_u, updates.replace('date = "2025-12"', f"date = {value}", 1))
        moved = updates.replace('reviewed_up_to = "', f"reviewed_up_to = {value} #", 1)
        moved = moved.replace('recorded_up_to = "', 'recorded_up_to = "2999-12-31" #', 1)
        yield f"updates reviewed {date!r}", held(load_u, moved)
        yield f"helplines checked {date!r}", held(load_h, helplines.replace(checked,
                                                                             f"checked = {value}", 1))
    yield "helplines phone '999\\n'", held(load_h, helplines.replace('phone = "999"', 'phone = "999\\n"', 1))
    yield "helplines phone fullwidth", held(load_h, helplines.replace('phone = "999"', 'phone = "９９９"', 1))
    old_rule = "{ words = 'within (?:the next )?two years', kind = \"by\", years_after = 2 }"
    for rule in RULES:
        text = wording.replace(old_rule, "{ words = 'within (?:the next )?two years', kind = \"by\", " + rule + " }")
        yield f"relative rule {rule}", held(lambda t: load_entities(entities_with(tmp, "wording.toml", t)), text)
    for pattern in PATTERNS:
        text = wording.replace("    'annually',\n", f"    '{pattern}',\n", 1)
        yield f"pattern {pattern[:30]!r}", held(lambda t: load_entities(entities_with(tmp, "wording.toml", t)), text)


def folder_cases(tmp: Path):
    """Symlinks inside content/, for content/ and for the stage: a one-line error, nothing changed."""
    for link in ("actions", "data", "actions/1a.md", ".", "stage"):
        case = tmp / f"case-{link.replace('/', '-').replace('.', 'self')}"
        content = case / "content"
        shutil.copytree(ROOT / "content", content)
        elsewhere = case / "elsewhere"
        elsewhere.mkdir()
        (elsewhere / "keep").write_text("keep\n")
        if link == "stage":
            (case / ".content.staging").symlink_to(elsewhere)
        elif link == ".":
            shutil.move(content, elsewhere / "content")
            content.symlink_to(elsewhere / "content")
        else:
            shutil.move(content / link, elsewhere / "moved")
            (content / link).symlink_to(elsewhere / "moved")
        before = sorted(p.name for p in elsewhere.rglob("*"))
        err = io.StringIO()
        with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
            status = main(["--out", str(content)])
        lines = err.getvalue().strip().splitlines()
        ok = status == 1 and len(lines) == 1 and "symlink" in lines[0] and sorted(
            p.name for p in elsewhere.rglob("*")) == before
        yield f"symlink {link}", None if ok else f"exit {status}: {lines[-1:]}"


def search_cases():
    node = shutil.which("node")
    if node is None:
        return
    import os

    from plugins.core.as_of import read_as_of, resolve_as_of
    from plugins.core.plan import from_json
    from plugins.search_index import build_search_files
    from plugins.search_index.plain import english_words
    from plugins.search_index.plugin import read_vocabulary

    # The search files as the build writes them (as tests/search_node/support.py makes them).
    model = json.loads((ROOT / "content/data/actions.json").read_text(encoding="utf-8"))
    read_as_of(model, resolve_as_of(os.environ.get("AS_OF_DATE"), os.environ.get("SOURCE_DATE_EPOCH"), ROOT)[0])
    vocabulary = read_vocabulary({"VOCABULARY_FILE": str(ROOT / "plan" / "vocabulary.toml")})
    files = build_search_files(from_json(model), None, vocabulary, english_words())
    packed = json.loads(files["search/lunr-index.json"])
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "in.json"
        source.write_text(json.dumps({"packed": packed, "queries": SEARCHES}))
        done = subprocess.run([node, str(ROOT / "tests/search_node/lunr_tool.js"), "search", str(source)],
                              capture_output=True, text=True, timeout=600)
    answer = json.loads(done.stdout)
    for query in SEARCHES:
        found = answer[query]
        ok = found["tooFuzzy"] and found["ms"] < 1500
        yield f"search {query[:30]!r}", None if ok else f"{found['ms']:.0f} ms, tooFuzzy {found['tooFuzzy']}"


def main_() -> int:
    results = []
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        for name, outcome in [*data_cases(tmp), *folder_cases(tmp), *search_cases()]:
            results.append((name, outcome))
            if outcome:
                print(f"FAILED {name}: {outcome}")
    failed = sum(1 for _, outcome in results if outcome)
    print(f"{len(results)} cases tried, {len(results) - failed} held, {failed} failed")
    return 0


if __name__ == "__main__":
    sys.exit(main_())
