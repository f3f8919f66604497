"""plugins/plan_context gives Jinja an `escape` that returns Markup, and strings with nothing to
escape, as they are: the text every template prints must be what markupsafe's escape gives."""

from __future__ import annotations

import jinja2
import jinja2.runtime
import markupsafe
import pytest

from plugins.plan_context import plan_context


class Html:
    def __html__(self) -> str:
        return "<b>safe</b>"


@pytest.mark.parametrize("value", [
    "plain words", "", "Clare’s Law – 2026", "A & B", "<script>", "it's", 'say "no"', "a > b",
    markupsafe.Markup("<em>kept</em> &amp;"), 12, -7, True, 3.5, None, Html(), ["<li>"],
])
def test_the_same_text_as_markupsafe(value):
    assert str(plan_context._escape(value)) == str(markupsafe.escape(value))


def test_templates_of_the_build_use_it(monkeypatch):
    monkeypatch.setattr(jinja2.runtime, "escape", jinja2.runtime.escape)  # undone after the test
    plan_context.register()
    try:
        env = jinja2.Environment(autoescape=True)
        template = env.from_string("{{ plain }}|{{ unsafe }}|{{ markup }}")
        assert jinja2.runtime.escape is plan_context._escape
        out = template.render(plain="words", unsafe="<b>&", markup=markupsafe.Markup("<i>x</i>"))
        assert out == "words|&lt;b&gt;&amp;|<i>x</i>"
    finally:
        from pelican import signals

        signals.generator_init.disconnect(plan_context.add_plan)
