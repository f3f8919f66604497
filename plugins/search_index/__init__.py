"""search_index: a prebuilt Lunr index of the actions, with the store its results show.

At the end of context generation it takes content/data/actions.json as the plan_context plugin loaded it
(PLAN), builds the packed index (pipeline identical to lunr.js 2.3.9; lunr.py's index is the reference,
reference.py), and writes into the output folder:

- search/lunr-index.json  the packed index (search.js unpacks it for `lunr.Index.load`)
- search/store.json       title, URL, pillar, summary and filter facts of every action
- search/text/<n>.json    the texts of commitment n's actions, fetched only for the results shown, for snippets

See docs/search.md.
"""

from .plugin import build_search_files, register

__all__ = ["build_search_files", "register"]
