"""Browser contexts kept for the whole session and lent to one test at a time.

A new context costs chromium a new renderer and network stack (about 0.6 s more than a new tab in a
context it has, measured on two busy cores), and most browser tests need nothing a context keeps: so
each set of context options has one context, and every test gets a new tab in it (its own history,
sessionStorage, listeners and page-level routes). What a context keeps across tabs is reset when the
test gives it back: its routes, listeners, cookies and permissions; and one that stored anything
(localStorage, IndexedDB, a cookie) is closed rather than lent again. A test that changes what cannot
be reset (a clock, an init script on the context, `set_offline`) asks for a context of its own.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager


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
        try:
            yield context
        finally:
            if own or not self.give_back(context, before):
                context.close()
            else:
                self.idle[key] = context

    @contextmanager
    def page(self, own: bool = False, **options) -> Iterator:
        """A new tab in a lent context (see `context`)."""
        with self.context(own=own, **options) as context:
            yield context.new_page()

    @staticmethod
    def give_back(context, before: set[tuple[str, Callable]]) -> bool:
        """Reset what the context keeps for its next test; False when it must be closed instead."""
        for page in list(context.pages):
            page.close()
        for event, handler in listeners(context) - before:
            context._impl_obj.remove_listener(event, handler)
        context.unroute_all(behavior="ignoreErrors")
        context.clear_cookies()
        context.clear_permissions()
        state = context.storage_state(indexed_db=True)
        return not (state["cookies"] or state["origins"])

    def close(self) -> None:
        for context in self.idle.values():
            context.close()
        self.idle.clear()


def listeners(context) -> set[tuple[str, Callable]]:
    """Every (event, handler) on the context, whoever added it (Playwright's own emitter: the sync API's
    `on` wraps a handler, so only the emitter knows what a test added)."""
    emitter = context._impl_obj
    return {(event, handler) for event in emitter.event_names() for handler in emitter.listeners(event)}
