"""Readers of a built site: which pages it has, what type each is, and what each links to or loads."""

from __future__ import annotations

import gc
import hashlib
import re
import subprocess
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cached_property
from html.parser import HTMLParser
from pathlib import Path

from bs4 import BeautifulSoup

REPO = Path(__file__).resolve().parents[2]

# URL patterns (docs/architecture.md) -> page type. Order matters: first match wins.
PAGE_TYPES: list[tuple[str, re.Pattern[str]]] = [
    ("home", re.compile(r"^index\.html$")),
    ("404", re.compile(r"^404\.html$")),
    ("actions", re.compile(r"^actions/index\.html$")),
    ("action", re.compile(r"^actions/[0-9]+[a-z]+/index\.html$")),
    ("actions-filtered", re.compile(r"^actions/[a-z]+/[^/]+/index\.html$")),
    ("pillar", re.compile(r"^pillars/[^/]+/index\.html$")),
    ("commitment", re.compile(r"^commitments/[^/]+/index\.html$")),
    ("topics", re.compile(r"^topics/index\.html$")),
    ("topic", re.compile(r"^topics/[^/]+/index\.html$")),
    ("organisations", re.compile(r"^organisations/index\.html$")),
    ("organisation", re.compile(r"^organisations/[^/]+/index\.html$")),
    ("laws", re.compile(r"^laws/index\.html$")),
    ("law", re.compile(r"^laws/[^/]+/index\.html$")),
    ("programmes", re.compile(r"^programmes/index\.html$")),
    ("programme", re.compile(r"^programmes/[^/]+/index\.html$")),
    ("timeline", re.compile(r"^timeline/index\.html$")),
    ("progress", re.compile(r"^progress/index\.html$")),
    ("money", re.compile(r"^money/index\.html$")),
    ("glossary", re.compile(r"^glossary/index\.html$")),
    ("search", re.compile(r"^search/index\.html$")),
    ("briefing", re.compile(r"^briefing/index\.html$")),
    ("data", re.compile(r"^data/index\.html$")),
    ("about", re.compile(r"^about/index\.html$")),
    ("safety", re.compile(r"^safety/index\.html$")),
    ("plan", re.compile(r"^plan/index\.html$")),
    ("accessibility", re.compile(r"^accessibility/index\.html$")),
    ("how-to-use", re.compile(r"^how-to-use/index\.html$")),
]
# Every type the theme issue (#8) and the architecture promise.
EXPECTED_TYPES = [name for name, _ in PAGE_TYPES]

# Actions whose source text was damaged or corrected: always in any sample of action pages.
DAMAGED_ACTIONS = ["2c", "12a", "12e", "13c", "21c"]


# An opening tag's name, a class attribute's value or a role attribute's value (Page.features).
FEATURE = re.compile(rb'<([a-zA-Z][a-zA-Z0-9-]*)|\sclass="([^"]*)"|\srole="([^"]*)"')


def page_type(rel: str) -> str:
    for name, pattern in PAGE_TYPES:
        if pattern.match(rel):
            return name
    return "other"


def page_url(rel: str) -> str:
    """The URL path of a page relative to the site root: 'actions/12e/index.html' -> 'actions/12e/'."""
    if rel == "index.html":
        return ""
    if rel.endswith("/index.html"):
        return rel[: -len("index.html")]
    return rel


def action_sort_key(action_id: str) -> tuple[int, str]:
    m = re.fullmatch(r"([0-9]+)([a-z]+)", action_id)
    return (int(m.group(1)), m.group(2)) if m else (10**6, action_id)


@dataclass(frozen=True)
class Page:
    root: Path
    rel: str  # path of the HTML file relative to the site root, with '/'

    @property
    def path(self) -> Path:
        return self.root / self.rel

    @property
    def url(self) -> str:
        return page_url(self.rel)

    @cached_property
    def type(self) -> str:
        return page_type(self.rel)

    @property
    def action_id(self) -> str | None:
        m = re.fullmatch(r"actions/([0-9]+[a-z]+)/index\.html", self.rel)
        return m.group(1) if m else None

    @cached_property
    def soup(self) -> BeautifulSoup:
        """The page parsed, kept for the session (the whole-site checks share it): parsed with the cyclic
        garbage collector paused, then frozen out of its sight (gc.freeze). Each parse makes about 2,000
        objects that are never garbage, and the collector's full passes during the walk over every page
        went through all the pages parsed so far: a fifth of the parse's CPU (10.5 -> 8.1 s for the 586
        pages). Freezing keeps out of later passes whatever else is alive then as well (collected by
        reference counting as ever, but not as part of a cycle): a few objects of the test run."""
        paused = gc.isenabled()
        gc.disable()
        try:
            soup = BeautifulSoup(self.path.read_bytes(), "html.parser")
        finally:
            if paused:
                gc.enable()
        gc.freeze()
        return soup

    @cached_property
    def elements(self) -> list:
        """Every element of the page, in document order: one walk of the parse, kept for the checks that
        pick elements by name or attribute (a find_all by name, attribute or CSS selector runs
        BeautifulSoup's filter on every element, about five times as long as picking them here)."""
        return self.soup.find_all(True)

    @cached_property
    def features(self) -> frozenset[str]:
        """The element names, class names and roles the page uses: what its template drew for it.
        Read with a regular expression, not parsed: it is asked of every page of a type."""
        found: set[str] = set()
        for tag, classes, role in FEATURE.findall(self.path.read_bytes()):
            if tag:
                found.add(tag.lower().decode())
            elif classes:
                found.update("." + c for c in classes.decode().split())
            else:
                found.add(f"[role={role.decode()}]")
        return frozenset(found)


class Site:
    """A built site on disk; pages are parsed lazily and once."""

    def __init__(self, root: Path):
        self.root = root
        rels = sorted(p.relative_to(root).as_posix() for p in root.rglob("*.html"))
        # The pages of pelicanconf.REDIRECTS only send readers on (url_manifest.redirect_page, which
        # checks each target is built): none of the parts of a page, so apart from `pages`.
        every = [Page(root, rel) for rel in rels]
        self.redirects = [p for p in every if b'<meta http-equiv="refresh"' in p.path.read_bytes()[:1024]]
        self.pages = [p for p in every if p not in self.redirects]
        self.by_rel = {p.rel: p for p in self.pages}
        self._samples: dict[str, list[Page]] = {}
        self._one_of_each: dict[str, Page] | None = None
        self._ids: dict[str, frozenset[str]] = {}

    def of_type(self, kind: str) -> list[Page]:
        pages = [p for p in self.pages if p.type == kind]
        if kind == "action":
            pages.sort(key=lambda p: action_sort_key(p.action_id or ""))
        return pages

    def action_sample(self, every: int = 5) -> list[Page]:
        """A deterministic sample of action pages: every `every`-th in plan order, plus the damaged ones."""
        actions = self.of_type("action")
        chosen = {p.rel for p in actions[::every]}
        chosen |= {f"actions/{a}/index.html" for a in DAMAGED_ACTIONS if f"actions/{a}/index.html" in self.by_rel}
        return [p for p in actions if p.rel in chosen]

    def one_of_each_type(self) -> dict[str, Page]:
        """The first page of each type present (for action: 12e, which has sub-items and corrections)."""
        if self._one_of_each is not None:
            return dict(self._one_of_each)
        chosen: dict[str, Page] = {}
        for kind in EXPECTED_TYPES:
            pages = self.of_type(kind)
            if kind == "action" and "actions/12e/index.html" in self.by_rel:
                chosen[kind] = self.by_rel["actions/12e/index.html"]
            elif pages:
                chosen[kind] = pages[0]
        self._one_of_each = chosen  # asked by most browser tests; the types are worked out once
        return dict(chosen)

    def template_sample(self, kind: str) -> list[Page]:
        """Pages of one type that between them use every element and class any page of that type uses.

        The checks run once per template (axe in the dark scheme and at 320 px) open these instead of every
        page: each page of a type is drawn by one template, so what can differ between them in another
        mode is which of the template's parts and variants (a standing's tag, a chart, a table) it shows.
        Chosen greedily in plan order, starting from `one_of_each_type`'s page, so the sample is the same
        on every run of the same build.
        """
        if kind in self._samples:
            return self._samples[kind]
        pages = self.of_type(kind)
        if not pages:
            return []
        first = self.one_of_each_type()[kind]
        chosen, covered = [first], set(first.features)
        while True:
            best = max(pages, key=lambda p: len(p.features - covered))
            if not best.features - covered:
                break
            chosen.append(best)
            covered |= best.features
        self._samples[kind] = [p for p in pages if p in chosen]
        return self._samples[kind]

    def ids(self, rel: str) -> frozenset[str]:
        """The ids (and <a name>s) a page's fragments can point at: worked out once a page, as the link
        test asks it for every link with a fragment (the test: 7.3 CPU s after the parse, 3.7 s with this kept)."""
        if rel not in self._ids:
            page = self.by_rel.get(rel)
            found: set[str] = set()
            if page is not None:
                for tag in page.elements:
                    if "id" in tag.attrs:
                        found.add(tag["id"])
                    if tag.name == "a" and "name" in tag.attrs:
                        found.add(tag["name"])
            self._ids[rel] = frozenset(found)
        return self._ids[rel]


# Attributes that name a URL the browser loads or the reader follows.
URL_ATTRIBUTES = {
    "a": ["href"],
    "area": ["href"],
    "link": ["href"],
    "script": ["src"],
    "img": ["src", "srcset"],
    "source": ["src", "srcset"],
    "iframe": ["src"],
    "embed": ["src"],
    "object": ["data"],
    "video": ["src", "poster"],
    "audio": ["src"],
    "track": ["src"],
    "form": ["action"],
    "input": ["src"],
    "image": ["href", "xlink:href"],
    "use": ["href", "xlink:href"],
}
# Elements whose URL the browser fetches by itself (as opposed to links the reader follows).
LOADED = {"script", "img", "source", "iframe", "embed", "object", "video", "audio", "track", "input", "image"}
LINK_REL_LOADED = {
    "stylesheet",
    "icon",
    "preload",
    "modulepreload",
    "prefetch",
    "manifest",
    "apple-touch-icon",
    "mask-icon",
    "shortcut",
}


@dataclass(frozen=True)
class Reference:
    tag: str
    attribute: str
    value: str
    loaded: bool  # fetched by the browser without the reader doing anything


# The elements `references` reads: those that name a URL, and <meta> (a redirect's refresh).
LINKING_TAGS = frozenset([*URL_ATTRIBUTES, "meta"])
REFRESH = re.compile("^refresh$", re.I)


def references(page: Page) -> Iterator[Reference]:
    """What a parsed page links to or loads (its `elements`, picked here)."""
    return tag_references((tag.name, tag.attrs) for tag in page.elements if tag.name in LINKING_TAGS)


def tag_references(tags: Iterable[tuple[str, dict]]) -> Iterator[Reference]:
    """What these tags (name, attributes), in the page's order, link to or load: each URL attribute's,
    then each <meta http-equiv="refresh">'s."""
    metas = []
    for name, attrs in tags:
        if name == "meta":
            metas.append(attrs)
            continue
        for attribute in URL_ATTRIBUTES[name]:
            raw = attrs.get(attribute)
            if raw is None:
                continue
            loaded = name in LOADED
            if name == "link":
                rel = attrs.get("rel") or []
                loaded = bool({r.lower() for r in (rel.split() if isinstance(rel, str) else rel)} & LINK_REL_LOADED)
            values = [c.strip().split()[0] for c in raw.split(",") if c.strip()] if attribute == "srcset" else [raw]
            for value in values:
                yield Reference(name, attribute, value.strip(), loaded)
    # <meta http-equiv="refresh" content="0; url=..."> (redirect pages)
    for attrs in metas:
        if not REFRESH.search(attrs.get("http-equiv", "")):
            continue
        m = re.search(r"url\s*=\s*['\"]?([^'\"]+)", attrs.get("content", ""), re.I)
        if m:
            yield Reference("meta", "content", m.group(1).strip(), False)


class _LinkingTags(HTMLParser):
    """The start tags of LINKING_TAGS, as (name, attributes) with the values a parse with BeautifulSoup's
    html.parser gives (the same tokenizer: entities decoded, a bare attribute "", the last of a repeated one)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in LINKING_TAGS:
            self.tags.append((tag, {name: "" if value is None else value for name, value in attrs}))


def linking_tags(path: Path) -> list[tuple[str, dict[str, str]]]:
    """A page's LINKING_TAGS read by the tokenizer alone, for a test that reads nothing else of a site it does
    not share (test_subpath): about a third of the CPU of a BeautifulSoup parse, even one limited to these tags
    by a SoupStrainer, which builds nothing else but still runs its filter on every tag."""
    reader = _LinkingTags()
    reader.feed(path.read_bytes().decode("utf-8"))
    reader.close()
    return reader.tags


CSS_URL = re.compile(r"""url\(\s*(['"]?)([^'")]+)\1\s*\)|@import\s+(['"])([^'"]+)\3""")


def css_references(css: str) -> list[str]:
    return [m.group(2) or m.group(4) for m in CSS_URL.finditer(css)]


def tree_hashes(root: Path) -> dict[str, str]:
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def pelican_command(output: Path, settings: str) -> list[str]:
    pelican = Path(sys.executable).with_name("pelican")
    if not pelican.exists():
        pelican = REPO / ".venv" / "bin" / "pelican"
    # As in the Pages workflow: a warning (a missing template value, a broken link) fails the build.
    return [str(pelican), "content", "-o", str(output), "-s", settings, "--fatal", "warnings"]


def build(
    output: Path, settings: str = "pelicanconf.py", env: dict[str, str] | None = None, cwd: Path = REPO
) -> subprocess.CompletedProcess[str]:
    """Run Pelican from the repository root, as a maintainer does; never raises on failure."""
    return subprocess.run(
        pelican_command(output, settings), cwd=cwd, env=env, capture_output=True, text=True, timeout=900
    )
