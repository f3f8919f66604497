"""The built site in Debian's chromium: axe-core (WCAG 2.2 A/AA) on every page in the light scheme and
on every template (a sample of each page type that uses all its parts) in the dark scheme and at 320 px,
keyboard use (skip link, visible focus, "Exit this page" and its Shift shortcut), reflow at 320 px,
and a network log proving no request leaves the site.

Every context logs every request and routes those that leave the site through `guard`: the exit
destination is answered with a stub page (no network), and anything else is aborted and recorded as a
failure. The site's own requests are not routed (the browser matches the pattern itself), so they cost
no round trip to Python. The sweeps' tabs, which never follow the Exit link, have no route at all (a
routed context's every request makes a round trip through Playwright): a request leaving the site is
recorded as it is made and fails in the browser, which resolves no host but the test server's.
"""

from __future__ import annotations

import os
import re
import time
import urllib.parse
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from helpers.search import wait_for_status
from helpers.site import EXPECTED_TYPES, REPO, Page, Site

pytestmark = pytest.mark.browser
# With two xdist workers, this file's tests are shared out by page type (conftest, XDIST_SPLIT_BY): the
# axe and reflow tests of a type read one sweep (`every_page_swept`), so they stay together.
XDIST_SPLIT_BY = "kind"

AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
# Every page is loaded once at 320 px (EVERY_PAGE_MODE), where axe checks it and the reflow test reads
# its width from the same load; each type's template sample (Site.template_sample: the few pages that
# between them use every element, class and role any page of the type uses) is checked by axe in the
# other modes: a page differs from the others of its template only in which of the template's parts it
# shows, and the sample shows them all. For a quicker local run, AXE_ACTION_SAMPLE=5 runs axe on every
# 5th action page in plan order plus the damaged ones (helpers.site.DAMAGED_ACTIONS) instead of all 259
# (reflow still reads every page); every other page is always checked.
EVERY_PAGE_MODE = "320px"
WIDE = {"width": 1280, "height": 900}
MODES = {
    "320px": {"viewport": {"width": 320, "height": 640}, "color_scheme": "light"},
    "light": {"viewport": WIDE, "color_scheme": "light"},
    "dark": {"viewport": WIDE, "color_scheme": "dark"},
}
SEARCH_QUERY = "stalking"
EXIT_STUB = "<!DOCTYPE html><html lang='en'><title>Weather</title><p>Stub of the exit destination.</p></html>"


# --- plumbing -------------------------------------------------------------------------------------


@dataclass
class NetworkLog:
    site: str
    exit_url: str
    requests: list[str] = field(default_factory=list)
    outside: list[str] = field(default_factory=list)
    exits: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)

    def watch(self, context, route: bool = True) -> None:
        """Log every request of the context and route those that leave the site through `guard`. Without
        `route` (a context that never follows the Exit link), such a request is logged as it is made and
        fails in the browser, which resolves no host but the test server's (conftest CHROMIUM_ARGS)."""
        context.on("request", self.on_request if route else self.on_unrouted_request)
        context.on("response", self.on_response)
        if route:
            context.route(re.compile("^(?!" + re.escape(self.site) + ")"), self.guard)

    def on_request(self, request) -> None:
        self.requests.append(request.url)

    def on_unrouted_request(self, request) -> None:
        self.requests.append(request.url)
        if not request.url.startswith((self.site, "data:", "blob:")):  # what `guard` would have seen
            self.outside.append(request.url)

    def guard(self, route) -> None:
        url = route.request.url
        if url.startswith(self.site):
            route.continue_()
        elif same_url(url, self.exit_url):
            self.exits.append(url)
            route.fulfill(status=200, content_type="text/html", body=EXIT_STUB)
        else:
            self.outside.append(url)
            route.abort("blockedbyclient")

    def on_response(self, response) -> None:
        if response.status >= 400 and response.url.startswith(self.site):
            self.failed.append(f"{response.status} {response.url}")


def same_url(a: str, b: str) -> bool:
    return a.rstrip("/") == b.rstrip("/")


@pytest.fixture(scope="session")
def exit_url(settings: dict) -> str:
    url = settings.get("EXIT_URL")
    assert url and url.startswith("https://"), f"pelicanconf.py must set EXIT_URL to an https URL, not {url!r}"
    return url


@pytest.fixture
def open_context(contexts, site_server: str, exit_url: str):
    """Lend a browser context (conftest `contexts`: its log and guard are taken off when it is given back)
    with the network guard and a new tab; yields (context, page, log) via a context manager."""

    @contextmanager
    def opener(**options) -> Iterator[tuple]:
        with contexts.context(**options) as context:
            log = NetworkLog(site_server, exit_url)
            log.watch(context)
            page = context.new_page()
            page.set_default_timeout(20_000)
            yield context, page, log

    return opener


@pytest.fixture(scope="session")
def kept_tab(browser, site_server: str, exit_url: str):
    """A tab kept open for the whole session, one per name: kept_tab(name, **context options) -> (tab, log).

    For tests that only open a page and read it or press keys in it (axe, reflow, keyboard, console
    errors, text spacing, motion, charts, Exit): a new tab (its renderer process) costs about 0.4 CPU
    seconds, several navigations, and these leave nothing behind that the next document could see (the
    site stores nothing: test_no_request_leaves_the_site, which, like the print test, still opens a
    context of its own). A test reads its own part of the log from where it started.

    Kept for the session, not the module: under xdist a worker runs this file's page types as groups
    between other files' (conftest, XDIST_SPLIT_BY), and pytest tears a module's fixtures down whenever
    the next test is another file's, so a module's tabs were opened again, cold, for each group (a new
    tab and its first page about 1.2 CPU-s more than a page in a warm one). A fixture that adds a
    listener to a kept tab takes it off when it ends.
    """
    opened: dict[str, tuple] = {}

    def tab(name: str, init_script: Path | None = None, route: bool = True, site: str | None = None, **options):
        if name not in opened:
            context = browser.new_context(**options)
            log = NetworkLog(site or site_server, exit_url)
            log.watch(context, route=route)
            if init_script:
                context.add_init_script(path=str(init_script))
            page = context.new_page()
            page.set_default_timeout(20_000)
            opened[name] = (page, log)
        return opened[name]

    yield tab
    for page, _ in opened.values():
        page.context.close()


def url_of(site_server: str, page: Page) -> str:
    return site_server + page.url


def pages_for_axe(site: Site, kind: str) -> list[Page]:
    every = os.environ.get("AXE_ACTION_SAMPLE", "")
    if kind == "action" and every.isdigit() and int(every) > 1:
        return site.action_sample(int(every))
    return site.of_type(kind)


def of_type_or_skip(site: Site, kind: str) -> list[Page]:
    pages = site.of_type(kind)
    if not pages:
        pytest.skip(f"no page of type {kind!r} in the built site (test_every_page_type_is_built fails for it)")
    return pages


# Tabs a sweep of many pages alternates between, each in its own context (so its own renderer process):
# in one process on two idle cores, one page loads, or axe runs on it, while the sweep reads another.
# Under pytest-xdist's two workers (scripts/test.sh) both cores are already full and a second renderer
# only competes for them: a whole run in a fresh clone, idle machine, took 358.5 s with one tab a sweep
# against 376.6 s with two. SWEEP_TABS sets the number either way.
SWEEP_TABS = max(1, int(os.environ.get("SWEEP_TABS") or (1 if os.environ.get("PYTEST_XDIST_WORKER") else 2)))


def shown(problems: list[str], limit: int = 60) -> str:
    head = "\n".join(f"  {p}" for p in problems[:limit])
    more = f"\n  … and {len(problems) - limit} more" if len(problems) > limit else ""
    return f"{len(problems)} problem(s):\n{head}{more}"


# --- axe-core ---------------------------------------------------------------------------------------

# axe's violations on the document, as a promise: what each one is, where, and the first lines of why.
AXE_RUN = """(tags) => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})
  .then(result => result.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help,
    targets: v.nodes.map(n => n.target.join(' ')),
    summary: v.nodes.length ? (v.nodes[0].failureSummary || '').split('\\n').slice(0, 2).join(' ') : '',
  })))"""
AXE_RESULT = "() => window.__axeViolations"


OVERFLOW = """() => {
  const root = document.documentElement, width = root.clientWidth;
  if (root.scrollWidth <= width) return null;
  const wide = [...document.body.querySelectorAll('*')]
    .filter(e => e.getBoundingClientRect().right > width + 1)
    .filter(e => !e.parentElement || e.parentElement.getBoundingClientRect().right <= width + 1)
    .slice(0, 3)
    .map(e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') +
              (e.classList.length ? '.' + [...e.classList].join('.') : '') +
              ` (right edge ${Math.round(e.getBoundingClientRect().right)}px)`);
  return {scrollWidth: root.scrollWidth, clientWidth: width, wide};
}"""

# What the sweep asks of a loaded page, in one call (each call is a round trip through Playwright's
# driver and chromium's browser process): its width first (`readOverflow`), then axe started on it
# (`tags`, or null for none). With `wait` the call returns axe's violations; without, it returns at
# once, so that axe runs while the sweep loads the next page in another tab, and AXE_RESULT waits.
LOADED = """async ([tags, readOverflow, wait]) => {
  const overflow = readOverflow ? (OVERFLOW)() : null;
  if (tags) window.__axeViolations = (AXE_RUN)(tags);
  return {overflow, violations: tags && wait ? await window.__axeViolations : null};
}""".replace("OVERFLOW", OVERFLOW).replace("AXE_RUN", AXE_RUN)


@dataclass
class Sweep:
    """What one pass over a type's pages in one mode found: axe's violations (each line, and the pages
    by rule) and, where asked, the pages that scroll sideways."""

    kind: str
    mode: str
    axe_checked: int = 0
    axe: list[str] = field(default_factory=list)
    by_rule: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    overflow: list[str] | None = None

    def assert_axe_passes(self) -> None:
        rules = sorted(self.by_rule.items())
        summary = "\n".join(f"  {rule}: {len(rels)} page(s), e.g. {rels[0]}" for rule, rels in rules)
        assert not self.axe, (
            f"axe-core found WCAG 2.2 A/AA violations on {self.kind} pages in {self.mode} ({self.axe_checked} "
            f"checked):\n{summary}\n" + shown(self.axe)
        )


def sweep(
    kind: str, mode: str, pages: list[Page], axe_pages: list[Page], site_server: str, kept_tab,
    axe_script: Path | None, read_overflow: bool = False,
) -> Sweep:
    """Load each page once in one mode's kept tabs: read its width first (`read_overflow`), then run axe
    on it (if it is one of `axe_pages` and axe is installed) while the next page loads in the other tab."""
    # axe.min.js is injected into every document of the context before the page's own scripts (an init
    # script: the same file as add_script_tag(path=...), without its per-page round trip, which measured
    # 0.2-0.3 s a page). bypass_csp: the site's CSP (rightly) refuses injected script; it blocks nothing
    # else on these pages (test_no_console_errors_or_csp_violations), so their layout is the reader's.
    tabs = [
        kept_tab(
            f"sweep {mode} {n}", init_script=axe_script, bypass_csp=True, route=False, site=site_server, **MODES[mode]
        )
        for n in range(min(SWEEP_TABS, len(pages)))
    ]
    outside_before = [len(log.outside) for _, log in tabs]
    result = Sweep(kind, mode, overflow=[] if read_overflow else None)
    with_axe = {page.rel for page in axe_pages} if axe_script else set()
    running: dict[int, Page] = {}

    def record(page: Page, violations: list[dict]) -> None:
        for v in violations:
            targets = ", ".join(v["targets"][:3]) + (f" (+{len(v['targets']) - 3})" if len(v["targets"]) > 3 else "")
            result.axe.append(f"{page.rel} [{mode}]: {v['id']} ({v['impact']}) at {targets}: {v['summary'][:160]}")
            result.by_rule[v["id"]].append(page.rel)

    wait = len(tabs) == 1  # with one tab, nothing else could run while axe does
    for i, page in enumerate(pages):
        n = i % len(tabs)
        tab = tabs[n][0]
        if n in running:
            record(running.pop(n), tab.evaluate(AXE_RESULT))
        tab.goto(url_of(site_server, page), wait_until="load")
        axe_it = page.rel in with_axe
        if not (axe_it or read_overflow):
            continue
        loaded = tab.evaluate(LOADED, [AXE_TAGS if axe_it else None, read_overflow, wait])
        if overflow := loaded["overflow"]:
            result.overflow.append(
                f"{page.rel}: scrollWidth {overflow['scrollWidth']} > clientWidth {overflow['clientWidth']}; "
                f"too wide: {', '.join(overflow['wide']) or '?'}"
            )
        if axe_it:
            result.axe_checked += 1
            if wait:
                record(page, loaded["violations"])
            else:
                running[n] = page
    for n in sorted(running):
        record(running.pop(n), tabs[n][0].evaluate(AXE_RESULT))
    for (_, log), before in zip(tabs, outside_before, strict=True):
        result.axe += [f"request left the site (blocked): {url}" for url in log.outside[before:]]
    return result


# The types with many pages are swept in parts, each part a test of its own (`swept`: 'action-2of3' is the
# second third of the actions in plan order), so that with two xdist workers the parts of the longest
# sweep (259 action pages, about half of this file's time) run on both at once instead of one worker
# finishing it alone.
SWEEP_PARTS = {"action": 3, "actions-filtered": 2}
SWEPT = [
    f"{kind}-{n}of{SWEEP_PARTS[kind]}" if kind in SWEEP_PARTS else kind
    for kind in EXPECTED_TYPES for n in range(1, SWEEP_PARTS.get(kind, 1) + 1)
]


def part_of(site: Site, swept: str) -> tuple[str, list[Page]]:
    """'action-2of3' -> ('action', the second third of the action pages); 'home' -> ('home', its pages)."""
    m = re.fullmatch(r"(.+)-([0-9]+)of([0-9]+)", swept)
    kind = m.group(1) if m else swept
    pages = of_type_or_skip(site, kind)
    if m:
        n, parts = int(m.group(2)), int(m.group(3))
        size = -(-len(pages) // parts)
        pages = pages[(n - 1) * size : n * size]
    return kind, pages


@pytest.fixture(scope="module")
def every_page_swept(site: Site, assets_cached_server: str, kept_tab):
    """every_page_swept(swept) -> Sweep: every page of the type (or of the part, SWEPT) loaded once at
    320 px, its width read and axe run on it; the axe and reflow tests of a type read the one pass."""
    axe = REPO / "node_modules" / "axe-core" / "axe.min.js"  # the axe tests skip or fail (CI) without it
    done: dict[str, Sweep] = {}

    def swept(part: str) -> Sweep:
        if part not in done:
            kind, pages = part_of(site, part)
            chosen = {page.rel for page in pages}
            done[part] = sweep(
                part, EVERY_PAGE_MODE, pages, [p for p in pages_for_axe(site, kind) if p.rel in chosen],
                assets_cached_server, kept_tab, axe if axe.is_file() else None, read_overflow=True,
            )
        return done[part]

    return swept


def test_the_sweep_parts_cover_every_page_once(site: Site):
    """The parts of SWEEP_PARTS between them hold every page of their type, each once."""
    for kind, parts in SWEEP_PARTS.items():
        swept = [page.rel for n in range(1, parts + 1) for page in part_of(site, f"{kind}-{n}of{parts}")[1]]
        assert sorted(swept) == sorted(page.rel for page in site.of_type(kind)), kind


@pytest.mark.node
@pytest.mark.parametrize("kind", SWEPT)
def test_axe_finds_no_wcag_violations_on_any_page(kind, every_page_swept, axe_script: Path):
    every_page_swept(kind).assert_axe_passes()


@pytest.mark.node
@pytest.mark.parametrize("mode", [mode for mode in MODES if mode != EVERY_PAGE_MODE])
@pytest.mark.parametrize("kind", EXPECTED_TYPES)
def test_axe_finds_no_wcag_violations_on_any_template_in_every_mode(
    kind, mode, site: Site, assets_cached_server: str, kept_tab, axe_script: Path
):
    of_type_or_skip(site, kind)
    pages = site.template_sample(kind)
    sweep(kind, mode, pages, pages, assets_cached_server, kept_tab, axe_script).assert_axe_passes()


# --- reflow -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", SWEPT)
def test_nothing_scrolls_sideways_at_320px(kind, every_page_swept):
    """WCAG 1.4.10 reflow: at 320 CSS px (1280 px at 400 % zoom) no page needs horizontal scrolling."""
    problems = every_page_swept(kind).overflow
    assert not problems, f"{kind} pages scroll sideways at 320 px, " + shown(problems)


# Each chart is drawn three times (narrow, medium, wide: plugins/core/charts.py) and CSS shows one:
# the shown one's words with their size on screen (a drawing has no viewBox, so its units are CSS
# px; were one scaled, the scale would count), its width and the width its figure gives it.
CHART_TEXT = """() => [...document.querySelectorAll('svg.chart__svg')]
.filter(svg => svg.getBoundingClientRect().width > 0).flatMap(svg => {
  const width = svg.getBoundingClientRect().width, box = svg.viewBox && svg.viewBox.baseVal;
  const scale = box && box.width ? width / box.width : 1;
  const room = svg.parentElement.getBoundingClientRect().width;
  return [...svg.querySelectorAll('text')].map(t => ({
    text: t.textContent, px: parseFloat(getComputedStyle(t).fontSize) * scale, width, room,
    right: t.getBoundingClientRect().right - svg.getBoundingClientRect().right,
  }));
})"""


@pytest.mark.parametrize("kind", ["home", "timeline", "money", "progress"])
def test_chart_text_is_at_least_14px_at_320px(kind, site: Site, site_server, kept_tab):
    """A chart's words are read on a phone: no smaller than 14 CSS px at the narrowest width."""
    pages = of_type_or_skip(site, kind)
    small = []
    tab, _log = kept_tab("320px 0", **MODES["320px"])
    for page in pages:
        tab.goto(url_of(site_server, page), wait_until="load")
        texts = tab.evaluate(CHART_TEXT)
        assert texts, f"{page.rel}: no chart text"
        small += [f"{page.rel}: {t['text']!r} at {t['px']:.1f} px" for t in texts if t["px"] < 14]
    assert not small, shown(small)


CHART_WIDTHS = [320, 375, 500, 688, 800, 1024, 1280]


@pytest.mark.parametrize("kind", ["home", "timeline", "money", "progress"])
def test_charts_take_the_width_they_have_at_every_width(kind, site: Site, site_server, kept_tab):
    """At every width from a 320 px phone to 1280 px a chart is as wide as its column (up to the
    text column's 40rem), not a phone's 288 px drawing left at that size up to 688 px (issue 23,
    item 9), its words 16 px and none past its right edge, and the page never scrolls sideways."""
    pages = of_type_or_skip(site, kind)
    problems = []
    tab, _log = kept_tab("charts", viewport={"width": CHART_WIDTHS[0], "height": 900})
    for page in pages:
        # Loaded once and read at each width in turn, as a window resized: the charts' widths are CSS
        # alone (media queries pick the drawing, no script reads the width), so a resize lays the page
        # out as a load at that width does.
        tab.set_viewport_size({"width": CHART_WIDTHS[0], "height": 900})
        tab.goto(url_of(site_server, page), wait_until="load")
        for width in CHART_WIDTHS:
            tab.set_viewport_size({"width": width, "height": 900})
            texts = tab.evaluate(CHART_TEXT)
            assert texts, f"{page.rel}: no chart text at {width} px"
            at = f"{page.rel} at {width} px"
            if {round(t["px"]) for t in texts} != {16}:
                problems.append(f"{at}: words of {sorted({round(t['px'], 1) for t in texts})} px")
            column = min(640, width - (32 if width < 640 else 48))  # 40rem at most, less the margins
            if any(abs(t["width"] - min(t["room"], 640)) > 1 or t["width"] < column - 1 for t in texts):
                problems.append(f"{at}: charts {sorted({round(t['width']) for t in texts})} px wide, "
                                f"the text column {column} px")
            problems += [f"{at}: {t['text']!r} ends {t['right']:.0f} px past the chart" for t in texts
                         if t["right"] > 0.5]
            if tab.evaluate("document.documentElement.scrollWidth") > width:
                problems.append(f"{at}: scrolls sideways")
    assert not problems, shown(problems)


# --- keyboard -------------------------------------------------------------------------------------

ACTIVE = """() => {
  const a = document.activeElement, main = document.querySelector('main');
  const href = a ? a.getAttribute('href') : null;
  const target = href && href.startsWith('#') ? document.getElementById(decodeURIComponent(href.slice(1))) : null;
  const r = a ? a.getBoundingClientRect() : null;
  return {
    tag: a ? a.tagName.toLowerCase() : null, href, text: a ? a.textContent.trim().slice(0, 60) : '',
    targetsMain: !!(main && target && (target === main || target.contains(main) || main.contains(target))),
    inMain: !!(main && a && main.contains(a)), hasMain: !!main, hash: location.hash,
    onScreen: !!r && r.width > 0 && r.height > 0 && r.bottom > 0 && r.right > 0 &&
              r.top < innerHeight && r.left < innerWidth,
  };
}"""


SNAPSHOT = """(e) => {
  const s = getComputedStyle(e);
  return {outline: [s.outlineStyle, s.outlineWidth, s.outlineColor, s.outlineOffset].join(' '),
          shadow: s.boxShadow, visible: s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0 ||
          s.boxShadow !== 'none'};
}"""
FOCUSABLE = "a[href], button, input, select, textarea, summary, [tabindex]:not([tabindex='-1'])"
MAX_TAB_STOPS = 40
TABS_AT_ONCE = 8
# Installed once a page has loaded: each element a Tab focuses is read as it takes focus (its label and
# its look while focused), in the page, so that the walk needs no round trip a stop; the stops are kept
# there to be read again after the blur (UNFOCUSED). The walk ends when focus leaves the document (past
# the last stop) or comes back to a stop already seen; an element that is not a link, button or field
# is passed over.
FOCUS_RECORDER = """(focusable) => {
  const snapshot = SNAPSHOT;
  const log = (window.__focusLog = {stops: [], ended: false}), seen = (window.__focusStops = []);
  document.addEventListener('focusin', event => {
    const e = event.target;
    if (log.ended || !e.matches(focusable)) return;
    if (seen.includes(e)) { log.ended = true; return; }
    seen.push(e);
    const label = `<${e.tagName.toLowerCase()}` + (e.getAttribute('href') ? ` href=${e.getAttribute('href')}` : '') +
      `> ${(e.textContent || e.value || e.getAttribute('aria-label') || '').trim().slice(0, 40)}`;
    log.stops.push({label, focused: snapshot(e), fromTheTop: seen.length === 1 && e === window.__firstTab});
  }, true);
  document.addEventListener('focusout', event => { if (!event.relatedTarget) log.ended = true; }, true);
}""".replace("SNAPSHOT", SNAPSHOT)
UNFOCUSED = """() => {
  document.activeElement && document.activeElement.blur();
  return (window.__focusStops || []).map(SNAPSHOT);
}""".replace("SNAPSHOT", SNAPSHOT)


# The first Tab from the load, its element kept in the page for the focus walk to compare with.
FIRST_TAB = """() => { window.__firstTab = document.activeElement; return (ACTIVE)(); }""".replace("ACTIVE", ACTIVE)
# Back to the document's start for the focus walk, after the skip-link check: <body> is made focusable
# for the moment it takes focus (which moves the sequential focus starting point to it) and then no
# longer, so nothing is focused and the next Tab goes to the first focusable element in the body. The
# walk records whether its first stop is the element the first Tab from the load reached
# (`fromTheTop`), and the focus test fails if not: a walk that started elsewhere would miss stops.
TO_THE_START = """() => {
  document.activeElement && document.activeElement.blur();
  document.body.tabIndex = -1;
  document.body.focus({preventScroll: true});
  document.body.removeAttribute('tabindex');
}"""


@dataclass
class OneLoad:
    """What one load of a type's page with the site's own CSP in force at 1280 px showed: the focus of
    each Tab stop, what the first Tab and the skip link did, and the console errors and failed requests
    of the whole visit (the search page's visit ends with a search run from the address: `?q=`)."""

    rel: str
    stops: list[dict] = field(default_factory=list)
    unfocused: list[dict] = field(default_factory=list)
    first_tab: dict = field(default_factory=dict)
    after_skip: dict = field(default_factory=dict)
    messages: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)


@pytest.fixture(scope="module")
def each_type_loaded_once(site: Site, site_server: str, kept_tab):
    """each_type_loaded_once(kind) -> OneLoad: one tab, the site's CSP in force (no bypass), at 1280 px;
    each type's page loaded once for the skip-link, focus and console checks: the skip link is checked
    from the load (the first Tab, then Enter), then focus goes back to the document's start
    (TO_THE_START) for the focus walk; neither changes the document's content. The search page is then
    loaded again with a query (`?q=`) and its search waited for, so that the search script's errors are
    seen; its console errors and failed requests are those of both loads."""
    tab, log = kept_tab("each type, site CSP", viewport=WIDE)
    messages: list[str] = []
    listeners = {
        "console": lambda m: messages.append(f"console.{m.type}: {m.text}") if m.type == "error" else None,
        "pageerror": lambda e: messages.append(f"uncaught: {e}"),
    }
    for event, listener in listeners.items():
        tab.on(event, listener)
    done: dict[str, OneLoad] = {}

    def loaded(kind: str) -> OneLoad:
        if kind in done:
            return done[kind]
        page = site.one_of_each_type().get(kind) or of_type_or_skip(site, kind)[0]
        seen, failed_before = len(messages), len(log.failed)
        result = OneLoad(page.rel)
        tab.goto(url_of(site_server, page), wait_until="load")
        # Skip link: the first Tab from the load, then Enter on it.
        tab.keyboard.press("Tab")
        result.first_tab = tab.evaluate(FIRST_TAB)
        if result.first_tab["tag"] == "a" and result.first_tab["targetsMain"]:
            tab.keyboard.press("Enter")
            after = tab.evaluate(ACTIVE)
            if not after["inMain"]:
                # Without tabindex=-1 on <main>, Chromium moves only the sequential focus starting point.
                tab.keyboard.press("Tab")
                after = tab.evaluate(ACTIVE)
            result.after_skip = after
        # Focus: from the document's start, Tab through the page (up to MAX_TAB_STOPS presses, asking
        # after every TABS_AT_ONCE whether the walk has ended), then read each stop again unfocused.
        tab.evaluate(TO_THE_START)
        tab.evaluate(FOCUS_RECORDER, FOCUSABLE)
        for _ in range(MAX_TAB_STOPS // TABS_AT_ONCE):
            for _ in range(TABS_AT_ONCE):
                tab.keyboard.press("Tab")
            if tab.evaluate("() => window.__focusLog.ended"):
                break
        result.stops = tab.evaluate("() => window.__focusLog.stops")
        result.unfocused = tab.evaluate(UNFOCUSED)
        if kind == "search":
            tab.goto(url_of(site_server, page) + f"?q={SEARCH_QUERY}", wait_until="load")
            wait_for_status(tab)
        result.messages = messages[seen:]
        result.failed = log.failed[failed_before:]
        done[kind] = result
        return result

    yield loaded
    for event, listener in listeners.items():  # the tab is kept for the session (kept_tab)
        tab.remove_listener(event, listener)


@pytest.mark.parametrize("kind", EXPECTED_TYPES)
def test_skip_link_comes_first_and_moves_focus_to_main(kind, each_type_loaded_once):
    one = each_type_loaded_once(kind)
    first, after = one.first_tab, one.after_skip
    assert first["hasMain"], f"{one.rel}: no <main> landmark"
    assert first["tag"] == "a" and first["targetsMain"], (
        f"{one.rel}: the first Tab focuses <{first['tag']} href={first['href']!r}> {first['text']!r}, "
        "not a skip link to <main>"
    )
    assert first["onScreen"], f"{one.rel}: the skip link {first['text']!r} is focused but not visible on screen"
    assert after["inMain"], (
        f"{one.rel}: after Enter on the skip link, focus is on <{after['tag']}> {after['text']!r}, "
        "outside <main> (and the next Tab does not land inside it either)"
    )


@pytest.mark.parametrize("kind", EXPECTED_TYPES)
def test_focus_is_visible_on_links_and_buttons(kind, each_type_loaded_once):
    """Tab through the page; each stop's computed outline or box-shadow must change on focus (WCAG 2.4.7)."""
    one = each_type_loaded_once(kind)
    assert one.stops, f"{one.rel}: Tab reaches no link or button"
    assert one.stops[0]["fromTheTop"], (
        f"{one.rel}: the Tab walk started at {one.stops[0]['label']!r}, not at the first element a Tab from the "
        f"load reaches ({one.first_tab['text']!r}): the check would miss the stops before it"
    )
    problems = []
    for stop, unfocused in zip(one.stops, one.unfocused, strict=True):
        focused, label = stop["focused"], stop["label"]
        changed = focused["outline"] != unfocused["outline"] or focused["shadow"] != unfocused["shadow"]
        if not (changed and focused["visible"]):
            problems.append(
                f"{one.rel}: {label}: no visible focus indicator (focused outline {focused['outline']!r}, "
                f"box-shadow {focused['shadow']!r}; unfocused {unfocused['outline']!r}, {unfocused['shadow']!r})"
            )
    assert not problems, shown(problems)


def exit_button(tab):
    return (
        tab.get_by_role("button", name=re.compile(r"exit this page", re.I))
        .or_(tab.get_by_role("link", name=re.compile(r"exit this page", re.I)))
        .first
    )


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
@pytest.mark.parametrize("kind", ["home", "action", "safety", "search"])
def test_exit_button_leaves_the_page(kind, javascript, site: Site, site_server, kept_tab, exit_url):
    """In one tab kept for each of JavaScript on and off: each test loads its page anew (the last test left
    the tab at the exit destination) and reads only the exits logged since."""
    page = site.one_of_each_type().get(kind) or of_type_or_skip(site, kind)[0]
    tab, log = kept_tab(f"exit, javascript {javascript}", java_script_enabled=javascript)
    tab.goto(url_of(site_server, page), wait_until="load")
    exits_before = len(log.exits)
    button = exit_button(tab)
    assert button.count(), f"{page.rel}: no 'Exit this page' button or link"
    history_before = tab.evaluate("() => history.length")
    assert history_before < 50, "the kept tab's history is full: history.length no longer counts entries"
    button.click()
    tab.wait_for_url(lambda u: same_url(u, exit_url), timeout=5_000)
    exits = log.exits[exits_before:]
    assert exits and same_url(exits[-1], exit_url), f"{page.rel}: no request to {exit_url}: {exits}"
    if javascript:
        # The GOV.UK pattern replaces the page, so Back does not return to it.
        assert tab.evaluate("() => history.length") == history_before, (
            f"{page.rel}: 'Exit this page' added a history entry; Back would return to the page"
        )


@pytest.mark.parametrize("kind", ["home", "action"])
def test_shift_three_times_leaves_the_page(kind, site: Site, site_server, kept_tab, exit_url):
    """In the Exit button test's tab with JavaScript on (kept): the page loaded anew, the exits read from
    where the test started."""
    page = site.one_of_each_type().get(kind) or of_type_or_skip(site, kind)[0]
    tab, log = kept_tab("exit, javascript True", java_script_enabled=True)
    tab.goto(url_of(site_server, page), wait_until="load")
    exits_before = len(log.exits)
    tab.bring_to_front()  # key presses go to the document, as for a reader who has just arrived
    for _ in range(3):
        tab.keyboard.press("Shift")
        time.sleep(0.1)
    try:
        tab.wait_for_url(lambda u: same_url(u, exit_url), timeout=5_000)
    except Exception:  # noqa: BLE001 - Playwright's TimeoutError; reported below with the page
        pytest.fail(f"{page.rel}: pressing Shift three times did not leave the page (still at {tab.url})")
    assert log.exits[exits_before:], f"{page.rel}: no request to {exit_url}"


# --- network, storage and console ----------------------------------------------------------------


@pytest.mark.parametrize("kind", ["home", "action", "search"])
def test_no_request_leaves_the_site(kind, site: Site, site_server, open_context):
    page = site.one_of_each_type().get(kind) or of_type_or_skip(site, kind)[0]
    url = url_of(site_server, page)
    if kind == "search":
        url += "?" + urllib.parse.urlencode({"q": SEARCH_QUERY})
    with open_context() as (context, tab, log):
        tab.goto(url, wait_until="networkidle")
        if kind == "search":
            box = tab.locator("main input[type=search], main input[name=q]").first
            if box.count():
                box.fill(SEARCH_QUERY)
                box.press("Enter")
                tab.wait_for_load_state("networkidle")
        storage = tab.evaluate("() => [localStorage.length, sessionStorage.length, document.cookie]")
        cookies = context.cookies()
    assert log.requests, "the network log is empty: is the request listener working?"
    assert not log.outside, f"{page.rel}: requests left the site: {log.outside}"
    assert not log.failed, f"{page.rel}: requests for the site's own files failed: {log.failed}"
    assert not cookies and storage == [0, 0, ""], (
        f"{page.rel}: the site stores something (cookies {cookies}, localStorage/sessionStorage/document.cookie "
        f"{storage})"
    )


@pytest.mark.parametrize("kind", EXPECTED_TYPES)
def test_no_console_errors_or_csp_violations(kind, each_type_loaded_once):
    """With the site's own CSP in force, scripts run without errors and nothing is refused, from the
    load through the focus and skip-link checks' key presses (and, on the search page, a search)."""
    one = each_type_loaded_once(kind)
    messages = one.messages
    if kind == "404":
        messages = [m for m in messages if "404" not in m]  # the 404 page is served with status 404
    assert not messages, f"{one.rel}: " + shown(messages)
    assert not one.failed, f"{one.rel}: failed requests: {one.failed}"


# --- text spacing and motion ----------------------------------------------------------------------

# WCAG 1.4.12: the spacing a reader may impose with a user style sheet or bookmarklet.
TEXT_SPACING = """
* { line-height: 1.5 !important; letter-spacing: 0.12em !important; word-spacing: 0.16em !important; }
p { margin-bottom: 2em !important; }
"""
CLIPPED = """() => {
  const out = [];
  for (const e of document.body.querySelectorAll('*')) {
    const s = getComputedStyle(e);
    if (!/hidden|clip/.test(s.overflowX + s.overflowY) || e.clientWidth <= 1 || e.clientHeight <= 1) continue;
    if (!e.textContent.trim() || s.visibility === 'hidden' || s.display === 'none') continue;
    if (e.scrollHeight > e.clientHeight + 1 || e.scrollWidth > e.clientWidth + 1) {
      out.push(e.tagName.toLowerCase() + (e.className && typeof e.className === 'string' ? '.' +
               e.className.trim().split(/\\s+/).join('.') : '') + ` "${e.textContent.trim().slice(0, 40)}"`);
    }
  }
  return out.slice(0, 5);
}"""


@pytest.mark.parametrize("kind", EXPECTED_TYPES)
def test_text_spacing_overrides_lose_nothing_at_320px(kind, site: Site, site_server, kept_tab):
    """WCAG 1.4.12 with 1.4.10: with wider text spacing at 320 px, nothing scrolls sideways or is cut off."""
    page = site.one_of_each_type().get(kind) or of_type_or_skip(site, kind)[0]
    tab, _log = kept_tab("320px text spacing", bypass_csp=True, **MODES["320px"])
    tab.goto(url_of(site_server, page), wait_until="load")  # a new document, without the last one's styles
    tab.add_style_tag(content=TEXT_SPACING)
    overflow = tab.evaluate(OVERFLOW)
    clipped = tab.evaluate(CLIPPED)
    assert not overflow, (
        f"{page.rel}: with text spacing overrides at 320 px, scrollWidth {overflow['scrollWidth']} > "
        f"clientWidth {overflow['clientWidth']}; too wide: {', '.join(overflow['wide'])}"
    )
    assert not clipped, f"{page.rel}: with text spacing overrides, text is cut off in: {clipped}"


MOVING = """() => [...document.querySelectorAll('*')].flatMap(e => {
  const s = getComputedStyle(e);
  const longest = v => Math.max(...v.split(',').map(t => parseFloat(t) * (t.trim().endsWith('ms') ? 0.001 : 1)));
  const moving = (s.animationName !== 'none' && longest(s.animationDuration) > 0.01) ||
                 longest(s.transitionDuration) > 0.01 || s.scrollBehavior === 'smooth';
  return moving ? [e.tagName.toLowerCase() + (e.className && typeof e.className === 'string' ? '.' +
                   e.className.trim().split(/\\s+/).join('.') : '')] : [];
}).slice(0, 5)"""


@pytest.mark.parametrize("kind", ["home", "action", "search", "timeline"])
def test_reduced_motion_stops_animation(kind, site: Site, site_server, kept_tab):
    page = site.one_of_each_type().get(kind) or of_type_or_skip(site, kind)[0]
    tab, _log = kept_tab("reduced motion", reduced_motion="reduce")
    tab.goto(url_of(site_server, page), wait_until="load")
    moving = tab.evaluate(MOVING)
    assert not moving, f"{page.rel}: with prefers-reduced-motion: reduce, these still animate: {moving}"


# --- print ----------------------------------------------------------------------------------------


def test_an_action_prints_cleanly_with_its_url(site: Site, site_server, open_context):
    """Printed, an action keeps its heading, text and URL, and drops the controls a page cannot use."""
    page = site.one_of_each_type().get("action") or of_type_or_skip(site, "action")[0]
    with open_context() as (_, tab, _log):
        tab.goto(url_of(site_server, page), wait_until="load")
        tab.emulate_media(media="print")
        shown_controls = [
            name
            for name, locator in [
                ("Exit this page", exit_button(tab)),
                ("search box", tab.locator("input[type=search]").first),
                ("main navigation", tab.get_by_role("navigation", name=re.compile("main", re.I)).first),
            ]
            if locator.count() and locator.is_visible()
        ]
        h1_visible = tab.locator("h1").first.is_visible()
        main_text = tab.locator("main").inner_text()
        pdf = tab.pdf(format="A4")
    assert h1_visible, f"{page.rel}: the heading is hidden in print"
    assert page.url.rstrip("/") in main_text, (
        f"{page.rel}: the printed page does not show its URL (…/{page.url}) in <main>"
    )
    assert not shown_controls, f"{page.rel}: controls still printed: {shown_controls}"
    assert pdf.startswith(b"%PDF") and len(pdf) > 1000, f"{page.rel}: printing to PDF failed"
