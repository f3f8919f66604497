"""plan_context keeps the theme's compiled templates in CACHE_PATH: the next build loads them instead
of compiling, and a template whose source changed is compiled again."""

from __future__ import annotations

from pathlib import Path

import pytest
from jinja2 import Environment, FileSystemLoader

from plugins.plan_context import plan_context


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
    monkeypatch.setattr(plan_context, "_bytecode_caches", {})
    return lambda: monkeypatch.setattr(plan_context, "_bytecode_caches", {})


def test_the_next_build_loads_what_the_last_one_compiled(tmp_path, fresh):
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "page.html").write_text("{% for x in xs %}<p>{{ x }}</p>{% endfor %}", encoding="utf-8")
    cache = tmp_path / "cache"

    first = environment(templates)
    first.bytecode_cache = plan_context.shared_bytecode_cache(first, str(cache))
    compiled = Compiles(first)
    assert first.get_template("page.html").render(xs=["a", "<b>"]) == "<p>a</p><p>&lt;b&gt;</p>"
    assert compiled.names == ["page.html"]
    # Another generator of the same build shares it in memory.
    second = environment(templates)
    second.bytecode_cache = plan_context.shared_bytecode_cache(second, str(cache))
    again = Compiles(second)
    second.get_template("page.html")
    assert again.names == []

    fresh()
    nxt = environment(templates)
    nxt.bytecode_cache = plan_context.shared_bytecode_cache(nxt, str(cache))
    loaded = Compiles(nxt)
    assert nxt.get_template("page.html").render(xs=["a", "<b>"]) == "<p>a</p><p>&lt;b&gt;</p>"
    assert loaded.names == [], "the next build compiled a template the last one kept"

    fresh()
    (templates / "page.html").write_text("{% for x in xs %}<li>{{ x }}</li>{% endfor %}", encoding="utf-8")
    edited = environment(templates)
    edited.bytecode_cache = plan_context.shared_bytecode_cache(edited, str(cache))
    recompiled = Compiles(edited)
    assert edited.get_template("page.html").render(xs=["a"]) == "<li>a</li>"
    assert recompiled.names == ["page.html"]


def test_other_settings_never_load_code_compiled_with_these(tmp_path, fresh):
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "page.html").write_text("{% if x %}\nyes\n{% endif %}", encoding="utf-8")
    cache = str(tmp_path / "cache")
    trimmed = environment(templates)
    trimmed.bytecode_cache = plan_context.shared_bytecode_cache(trimmed, cache)
    assert trimmed.get_template("page.html").render(x=True) == "yes\n"
    fresh()
    untrimmed = Environment(loader=FileSystemLoader(str(templates)), autoescape=True)
    untrimmed.bytecode_cache = plan_context.shared_bytecode_cache(untrimmed, cache)
    assert untrimmed.get_template("page.html").render(x=True) == "\nyes\n"


def test_a_cache_folder_that_cannot_be_made_leaves_the_build_compiling(tmp_path, fresh):
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "page.html").write_text("{{ x }}", encoding="utf-8")
    blocked = tmp_path / "file"
    blocked.write_text("not a folder", encoding="utf-8")
    env = environment(templates)
    env.bytecode_cache = plan_context.shared_bytecode_cache(env, str(blocked))
    assert env.get_template("page.html").render(x="ok") == "ok"
