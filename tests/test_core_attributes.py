"""plugins/core/attributes.py: dicts templates read by attribute read exactly as Jinja reads a dict."""

from __future__ import annotations

import jinja2
import pytest

from plugins.core.attributes import AttributeDict, readable


def test_keys_read_as_attributes_at_every_depth():
    labels = readable({"facts": {"when": "When"}, "list": [{"a": 1}]})
    assert labels.facts.when == "When" and labels == {"facts": {"when": "When"}, "list": [{"a": 1}]}
    with pytest.raises(AttributeError):
        labels.nothing  # noqa: B018


@pytest.mark.parametrize("source", ["{{ d.facts.when }}", "{{ d.items()|list|length }}", "{{ d['items'] }}",
                                    "{{ d.missing is undefined }}", "{{ d|tojson }}"])
def test_templates_read_it_as_a_dict(source):
    data = {"facts": {"when": "When"}, "items": "a key named as a dict method"}
    template = jinja2.Environment(autoescape=True).from_string(source)
    assert template.render(d=readable(data)) == template.render(d=data)
    assert isinstance(readable(data), AttributeDict)
