"""Waiting for the search page in a browser test: its status line says when a search has run."""

from __future__ import annotations


def wait_for_status(page, startswith: str = "") -> str:
    """The search status once a search has finished (and, if given, once it starts so)."""
    page.wait_for_function(
        "p => { const t = document.getElementById('search-status').textContent;"
        " return t && !t.startsWith('Searching') && t.startsWith(p); }",
        arg=startswith,
        timeout=10_000,
    )
    return page.inner_text("#search-status")
