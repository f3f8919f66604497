"""Browser contexts kept for the whole session and lent to one test at a time.

Each set of context options has one context, and every test gets a new tab in it (its own history,
sessionStorage, listeners and page-level routes) instead of a new context: a new context cost about
0.1 s more than a new tab in a kept one at a load of 5, up to 0.6 s at a load of 10, on two cores.
What a context keeps across tabs is reset when the test gives it back: its routes, listeners,
cookies and permissions, and all that the origins its tabs showed stored (localStorage, IndexedDB,
caches: cleared through the DevTools protocol, 8 ms; reading it with `storage_state` opens a page
per origin and took 0.3-0.4 s). A test that changes what cannot be reset (a clock, an init script on
the context, `set_offline`) asks for a context of its own.
"""

from __future__ import annotations

import json
import urllib.parse
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager

import pytest


class ContextPool:
    def __init__(self, browser) -> None:
        self.browser = browser
        self.idle: dict[str, object] = {}

    @contextmanager
    def context(self, own: bool = False, **options) -> Iterator:
        """A context with these options, idle since its last test (or new); with `own`, a new one that is
        closed afterwards."""
        key = json.dumps(options, sort_keys=True, default=str)
        context = None if own else self.idle.pop(key, None)
        if context is None:
            context = self.browser.new_context(**options)
        before = listeners(context)
        origins: set[str] = set()
        context.on("page", lambda page: page.on("framenavigated", lambda frame: origins.add(origin_of(frame.url))))
        try:
            yield context
        finally:
            if own:
                context.close()
            else:
                give_back(context, before, origins - {""})
                self.idle[key] = context

    @contextmanager
    def page(self, own: bool = False, **options) -> Iterator:
        """A new tab in a lent context (see `context`)."""
        with self.context(own=own, **options) as context:
            yield context.new_page()

    def close(self) -> None:
        for context in self.idle.values():
            context.close()
        self.idle.clear()


def give_back(context, before: set[tuple[str, Callable]], origins: set[str]) -> None:
    """Reset what the context keeps for its next test."""
    if origins:
        cdp = context.new_cdp_session(context.pages[0] if context.pages else context.new_page())
        for origin in sorted(origins):
            cdp.send("Storage.clearDataForOrigin", {"origin": origin, "storageTypes": "all"})
        cdp.detach()
    for page in list(context.pages):
        page.close()
    for event, handler in listeners(context) - before:
        context._impl_obj.remove_listener(event, handler)
    context.unroute_all(behavior="ignoreErrors")
    context.clear_cookies()
    context.clear_permissions()


def origin_of(url: str) -> str:
    parts = urllib.parse.urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme in ("http", "https") else ""


def listeners(context) -> set[tuple[str, Callable]]:
    """Every (event, handler) on the context, whoever added it (Playwright's own emitter: the sync API's
    `on` wraps a handler, so only the emitter knows what a test added)."""
    emitter = context._impl_obj
    return {(event, handler) for event in emitter.event_names() for handler in emitter.listeners(event)}


def record(page) -> None:
    """Give a tab what conftest's `page` gives each test's new tab: JavaScript errors, console errors
    (CSP violations among them) and dialogs recorded in `page.problems` (a dialog dismissed), every URL
    it requests in `page.requests`. A tab kept for several tests empties both between them."""
    page.problems = []
    page.requests = []
    page.on("pageerror", lambda error: page.problems.append(f"page error: {error}"))
    page.on("console", lambda m: page.problems.append(f"console {m.type}: {m.text}") if m.type == "error" else None)
    page.on("dialog", lambda d: (page.problems.append(f"dialog: {d.message}"), d.dismiss()))
    page.on("request", lambda request: page.requests.append(request.url))


@contextmanager
def kept_tab(contexts: ContextPool, **options) -> Iterator[Callable]:
    """One tab kept for several tests (a module's), in a context lent with these options: yields
    `fresh()`, which readies it for the next test and returns it. A new tab costs about 0.4 CPU seconds
    (its renderer process); a test that only loads pages and reads or uses them needs none of its own.
    `fresh()` leaves the tab as a new one would be for such a test: at about:blank (so the test's first
    `goto` loads its page anew, even at the address and another fragment of where the last test left
    it), its history reset to that one entry (the DevTools protocol: history.length counts only the
    test's entries), its size, emulated media and the context's granted permissions undone, and what `record`
    keeps emptied, and the routes the last test set on it removed. What a document held goes with it (the
    site stores nothing: test_browser.py's test_no_request_leaves_the_site), and a page loaded again
    fetches all it needs again, as in a new tab: the test server sends no-store, so chromium reuses no
    response (the search page's loads, a search and a typo in a kept tab asked for the same 40 files as in
    a new one; only the favicon, which chromium asks for now and then per context, may differ), so a test
    of what a first load fetches can take it too. A test that sets a clock takes a context of its own."""
    with contexts.page(**options) as tab:
        record(tab)
        cdp = tab.context.new_cdp_session(tab)
        size = tab.viewport_size

        def fresh():
            tab.unroute_all(behavior="ignoreErrors")
            tab.goto("about:blank")
            if tab.viewport_size != size:  # a test sized it (set_viewport_size)
                tab.set_viewport_size(size)
            cdp.send("Page.resetNavigationHistory")
            tab.emulate_media(media="null", reduced_motion="null")
            tab.context.clear_permissions()
            tab.problems.clear()
            tab.requests.clear()
            return tab

        yield fresh


@contextmanager
def kept_tabs(contexts: ContextPool, setup: Callable | None = None) -> Iterator[Callable]:
    """Yields `tab(**options)`: the tab kept for these context options (a `kept_tab` for each set of
    options asked for), readied for the test by its `fresh()`. `setup(tab)` runs once on each new tab
    (a route its context keeps, a default timeout)."""
    with ExitStack() as stack:
        kept: dict[str, Callable] = {}

        def tab(**options):
            key = json.dumps(options, sort_keys=True)
            if key not in kept:
                kept[key] = stack.enter_context(kept_tab(contexts, **options))
                if setup is not None:
                    setup(kept[key]())
            return kept[key]()

        yield tab


@pytest.fixture(scope="module")
def kept(contexts):
    """One tab for a module's browser tests (`kept_tab`: a new tab costs about 0.4 CPU s), with the
    options of conftest's `page`. A module takes it with `from helpers.browser import kept, kept_page`."""
    with kept_tab(contexts, accept_downloads=True) as fresh:
        yield fresh


@pytest.fixture(name="page")
def kept_page(kept):
    """The module's `page` in place of conftest's new tab: the kept tab, readied for the test."""
    return kept()
