"""plan_context loads the theme's compiled templates from theme/compiled/ (committed) and CACHE_PATH
(kept by the last build) instead of compiling them, and compiles a template whose source changed
again; the committed entries are what the theme compiles to now, and a build that loads them gives
the same site as one that compiles every template."""

from __future__ import annotations

import filecmp
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from helpers.site import REPO, pelican_command
from jinja2 import Environment, FileSystemLoader, pass_context
from jinja2.bccache import Bucket

from plugins.plan_context import compiled


def environment(templates: Path) -> Environment:
    return Environment(loader=FileSystemLoader(str(templates)), trim_blocks=True, autoescape=True)


class Compiles:
    """Counts what an environment compiles."""

    def __init__(self, env: Environment) -> None:
        self.names: list[str] = []
        compile_ = env.compile

        def counted(source, name=None, filename=None, raw=False, defer_init=False):
            self.names.append(name)
            return compile_(source, name, filename, raw, defer_init)

        env.compile = counted


@pytest.fixture
def fresh(monkeypatch):
    """Each build is a new process: no compiled template left in memory from another."""
    monkeypatch.setattr(compiled, "_caches", {})
    return lambda: monkeypatch.setattr(compiled, "_caches", {})


def test_the_next_build_loads_what_the_last_one_compiled(tmp_path, fresh):
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "page.html").write_text("{% for x in xs %}<p>{{ x }}</p>{% endfor %}", encoding="utf-8")
    cache = tmp_path / "cache"

    first = environment(templates)
    first.bytecode_cache = compiled.shared_cache(str(cache), None)
    counted = Compiles(first)
    assert first.get_template("page.html").render(xs=["a", "<b>"]) == "<p>a</p><p>&lt;b&gt;</p>"
    assert counted.names == ["page.html"]
    # Another generator of the same build shares it in memory.
    second = environment(templates)
    second.bytecode_cache = compiled.shared_cache(str(cache), None)
    again = Compiles(second)
    second.get_template("page.html")
    assert again.names == []

    fresh()
    nxt = environment(templates)
    nxt.bytecode_cache = compiled.shared_cache(str(cache), None)
    loaded = Compiles(nxt)
    assert nxt.get_template("page.html").render(xs=["a", "<b>"]) == "<p>a</p><p>&lt;b&gt;</p>"
    assert loaded.names == [], "the next build compiled a template the last one kept"

    fresh()
    (templates / "page.html").write_text("{% for x in xs %}<li>{{ x }}</li>{% endfor %}", encoding="utf-8")
    edited = environment(templates)
    edited.bytecode_cache = compiled.shared_cache(str(cache), None)
    recompiled = Compiles(edited)
    assert edited.get_template("page.html").render(xs=["a"]) == "<li>a</li>"
    assert recompiled.names == ["page.html"]


def test_other_settings_never_load_code_compiled_with_these(tmp_path, fresh):
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "page.html").write_text("{% if x %}\nyes\n{% endif %}", encoding="utf-8")
    cache = str(tmp_path / "cache")
    trimmed = environment(templates)
    trimmed.bytecode_cache = compiled.shared_cache(cache, None)
    assert trimmed.get_template("page.html").render(x=True) == "yes\n"
    fresh()
    untrimmed = Environment(loader=FileSystemLoader(str(templates)), autoescape=True)
    untrimmed.bytecode_cache = compiled.shared_cache(cache, None)
    assert untrimmed.get_template("page.html").render(x=True) == "\nyes\n"


def test_a_cache_folder_that_cannot_be_made_leaves_the_build_compiling(tmp_path, fresh):
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "page.html").write_text("{{ x }}", encoding="utf-8")
    blocked = tmp_path / "file"
    blocked.write_text("not a folder", encoding="utf-8")
    env = environment(templates)
    env.bytecode_cache = compiled.shared_cache(str(blocked), None)
    assert env.get_template("page.html").render(x="ok") == "ok"


def test_a_filter_that_takes_the_context_never_loads_code_compiled_for_one_that_does_not(tmp_path, fresh):
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "page.html").write_text("{{ x|shout }}", encoding="utf-8")
    cache = str(tmp_path / "cache")
    plain = environment(templates)
    plain.filters["shout"] = lambda value: value.upper()
    plain.bytecode_cache = compiled.shared_cache(cache, None)
    assert plain.get_template("page.html").render(x="a") == "A"
    fresh()
    with_context = environment(templates)
    with_context.filters["shout"] = pass_context(lambda context, value: value.upper() + context["mark"])
    with_context.bytecode_cache = compiled.shared_cache(cache, None)
    assert with_context.get_template("page.html").render(x="a", mark="!") == "A!"


def test_the_committed_entries_are_found_by_name_from_any_folder_and_checked_against_the_source(tmp_path, fresh):
    """Committed in one checkout, loaded in another (another path, so another file name), read only;
    an entry whose template changed since is compiled again, not used."""
    committed = tmp_path / "compiled"
    for where in ("one", "two"):
        (tmp_path / where).mkdir()
        (tmp_path / where / "page.html").write_text("<p>{{ x }}</p>", encoding="utf-8")
    writer = environment(tmp_path / "one")
    source, _, _ = writer.loader.get_source(writer, "page.html")
    bucket = Bucket(writer, compiled.entry_path(writer, "page.html"),
                             compiled.CompiledTemplates(None, None).get_source_checksum(source))
    bucket.code = writer.compile(source, "page.html", "page.html")
    compiled.write_entry(committed / bucket.key, bucket.bytecode_to_string())
    committed.chmod(0o555)
    try:
        clone = environment(tmp_path / "two")
        clone.bytecode_cache = compiled.shared_cache(str(tmp_path / "cache"), str(committed))
        loaded = Compiles(clone)
        assert clone.get_template("page.html").render(x="<a>") == "<p>&lt;a&gt;</p>"
        assert loaded.names == []

        fresh()
        (tmp_path / "two" / "page.html").write_text("<li>{{ x }}</li>", encoding="utf-8")
        edited = environment(tmp_path / "two")
        edited.bytecode_cache = compiled.shared_cache(str(tmp_path / "cache"), str(committed))
        recompiled = Compiles(edited)
        assert edited.get_template("page.html").render(x="a") == "<li>a</li>"
        assert recompiled.names == ["page.html"]
    finally:
        committed.chmod(0o755)


def test_theme_compiled_is_what_the_theme_compiles_to_now():
    """Every template the build loads by name has its committed entry, for this source, Python,
    Jinja, settings and filters, and no entry is left from a template that is gone."""
    check = subprocess.run([sys.executable, str(REPO / "scripts" / "compile_templates.py"), "--check"],
                           cwd=REPO, capture_output=True, text=True, timeout=300)
    assert check.returncode == 0, check.stdout + check.stderr


@pytest.mark.slow
def test_a_build_that_loads_the_committed_templates_gives_the_same_site_as_one_that_compiles(
        site_build, tmp_path: Path):
    """The session's build loads theme/compiled/ (or a CACHE_PATH a build before it filled); this one
    compiles every template, with nothing committed or kept to load."""
    loaded = site_build[0]
    fresh = tmp_path / "output"
    extra = {"COMPILED_TEMPLATES_PATH": "", "CACHE_PATH": str(tmp_path / "cache")}
    command = pelican_command(fresh, "pelicanconf.py") + ["-e", *(f"{k}={json.dumps(v)}" for k, v in extra.items())]
    result = subprocess.run(command, cwd=REPO, capture_output=True, text=True, timeout=900, env=os.environ)
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-4000:]
    assert list((tmp_path / "cache" / "jinja-bytecode").rglob("*.cache")), "the build compiled nothing"
    files = sorted(p.relative_to(loaded).as_posix() for p in loaded.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(fresh).as_posix() for p in fresh.rglob("*") if p.is_file())
    _, differ, errors = filecmp.cmpfiles(loaded, fresh, files, shallow=False)
    assert differ == [] and errors == []
