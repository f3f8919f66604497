"""The test server's caching: nothing stored unless asked, and then never a page's HTML (the browser
tests read what each load fetches; the sweeps of every page reuse a page's stylesheet and script)."""

from __future__ import annotations

import urllib.error
import urllib.request
from pathlib import Path

import pytest
from helpers.server import StaticServer


@pytest.fixture
def root(tmp_path: Path) -> Path:
    (tmp_path / "page").mkdir()
    (tmp_path / "page" / "index.html").write_text("<!DOCTYPE html><title>p</title>", encoding="utf-8")
    (tmp_path / "site.css").write_text("body { color: #000 }", encoding="utf-8")
    (tmp_path / "404.html").write_text("<!DOCTYPE html><title>Not found</title>", encoding="utf-8")
    return tmp_path


def cache_control(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url) as response:
            return response.status, response.headers["Cache-Control"]
    except urllib.error.HTTPError as error:
        return error.code, error.headers["Cache-Control"]


def test_nothing_is_stored_unless_asked(root: Path):
    with StaticServer(root) as server:
        for path in ["page/", "page/index.html", "site.css", "missing.css"]:
            assert cache_control(server.base_url + path)[1] == "no-store", path


def test_with_max_age_what_a_page_loads_is_cached_but_never_a_page(root: Path):
    with StaticServer(root, max_age=600) as server:
        assert cache_control(server.base_url + "site.css") == (200, "max-age=600")
        assert cache_control(server.base_url + "site.css?v=1") == (200, "max-age=600")
        assert cache_control(server.base_url + "page/") == (200, "no-store")
        assert cache_control(server.base_url + "page/index.html") == (200, "no-store")
        assert cache_control(server.base_url + "missing.css") == (404, "no-store")
