"""The context pool (helpers/browser.py) lends a context back clean: what one test stored, routed,
listened to or was granted is gone for the next, and a context of its own is never lent again."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

STORE = """() => new Promise(done => {
  localStorage.setItem('kept', '1'); sessionStorage.setItem('kept', '1'); document.cookie = 'kept=1; path=/';
  const open = indexedDB.open('kept'); open.onsuccess = () => done(true);
})"""
STORED = """() => indexedDB.databases().then(dbs => ({
  local: localStorage.length, session: sessionStorage.length, cookie: document.cookie, databases: dbs.length,
}))"""


def test_a_lent_context_comes_back_without_what_the_last_test_left(contexts, site_server):
    heard: list[str] = []
    with contexts.context(viewport={"width": 400, "height": 600}) as first:
        tab = first.new_page()
        tab.goto(site_server + "actions/12e/")
        assert tab.evaluate(STORE)
        first.on("request", lambda request: heard.append(request.url))
        first.route("**/*.css", lambda route: route.abort())
        first.grant_permissions(["clipboard-read"])
    with contexts.context(viewport={"width": 400, "height": 600}) as again:
        assert again is first, "the pool opened a new context instead of lending the idle one"
        assert not again.pages, "the last test's tabs are still open"
        tab = again.new_page()
        heard.clear()
        failed: list[str] = []
        tab.on("requestfailed", lambda request: failed.append(request.url))
        assert tab.goto(site_server + "actions/12e/").ok
        assert not failed, f"the last test's route still blocks {failed}"
        assert not heard, "the last test's listener still hears requests"
        assert tab.evaluate(STORED) == {"local": 0, "session": 0, "cookie": "", "databases": 0}
        assert not again.cookies()
        state = tab.evaluate("() => navigator.permissions.query({name: 'clipboard-read'}).then(p => p.state)")
        assert state != "granted", "the last test's permission is still granted"


def test_a_context_of_its_own_is_closed_not_lent(contexts):
    with contexts.context(own=True, viewport={"width": 401, "height": 600}) as own:
        pass
    with contexts.context(viewport={"width": 401, "height": 600}) as lent:
        assert lent is not own
