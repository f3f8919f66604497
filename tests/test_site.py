"""Checks on the built site that need no browser: page types, links and anchors, privacy, CSP, markup
(the Nu HTML Checker) and reproducible builds."""

from __future__ import annotations

import difflib
import json
import re
import urllib.parse
from collections import defaultdict
from pathlib import Path

import pytest
from helpers.server import url_to_file
from helpers.site import EXPECTED_TYPES, Page, Site, build, css_references, references, tree_hashes

from plugins.search_index.plugin import csp_hash

# With pytest-xdist, in one worker with the other files that read every page's parse (conftest.py).
XDIST_GROUP = "every page parsed"

# A stand-in origin for resolving a page's links as a browser would; the local build has SITEURL "".
ORIGIN = "http://site.invalid"
# The 404 page is served at any missing URL, so its links must work from anywhere: check them from here.
DEEP_MISSING_URL = "no/such/folder/page/"
SAFE_SCHEMES = {"mailto", "tel"}


def shown(problems: list[str], limit: int = 60) -> str:
    head = "\n".join(f"  {p}" for p in problems[:limit])
    more = f"\n  … and {len(problems) - limit} more" if len(problems) > limit else ""
    return f"{len(problems)} problem(s):\n{head}{more}"


def base_for(page: Page) -> str:
    return f"{ORIGIN}/{DEEP_MISSING_URL if page.rel == '404.html' else page.url}"


def internal_path(url: str) -> str | None:
    """The site-relative path of an internal URL, or None when the URL leaves the site."""
    parts = urllib.parse.urlsplit(url)
    if f"{parts.scheme}://{parts.netloc}" != ORIGIN:
        return None
    return parts.path.lstrip("/") if parts.path != "/" else ""


# --- the build itself ---------------------------------------------------------------------------


def test_build_logs_no_errors_or_warnings(site_build):
    _, result = site_build
    log = result.stdout + result.stderr
    bad = [line for line in log.splitlines() if re.search(r"\b(ERROR|WARNING|CRITICAL)\b", line)]
    assert not bad, "Pelican logged errors or warnings while building the site:\n" + "\n".join(bad[:40])


def test_every_page_type_is_built(site: Site):
    present = {p.type for p in site.pages}
    missing = [t for t in EXPECTED_TYPES if t not in present]
    assert not missing, f"page types with no page in the built site: {missing}"
    others = [p.rel for p in site.pages if p.type == "other"]
    assert not others, (
        "HTML files that match no page type of docs/architecture.md (a stray Pelican listing, or a URL "
        f"the harness does not know): {others[:30]}"
    )


def test_every_page_has_one_h1_and_a_title(site: Site):
    problems = []
    for page in site.pages:
        h1s = page.soup.find_all("h1")
        if len(h1s) != 1:
            problems.append(f"{page.rel}: {len(h1s)} <h1> elements, expected exactly 1")
        title = page.soup.title
        if title is None or not title.get_text(strip=True):
            problems.append(f"{page.rel}: no <title> text")
        html = page.soup.find("html")
        if html is None or html.get("lang") != "en-GB":
            problems.append(f"{page.rel}: <html lang> is {html.get('lang') if html else None!r}, not 'en-GB'")
    assert not problems, shown(problems)


# --- links and anchors ----------------------------------------------------------------------------


def test_no_broken_internal_link_or_anchor(site: Site):
    problems = []
    checked = 0
    for page in site.pages:
        base = base_for(page)
        for ref in references(page):
            value = ref.value
            where = f"{page.rel}: <{ref.tag} {ref.attribute}={value!r}>"
            if not value:
                problems.append(f"{where} is empty")
                continue
            scheme = urllib.parse.urlsplit(value).scheme.lower()
            if scheme in SAFE_SCHEMES or scheme == "data":
                continue
            url = urllib.parse.urljoin(base, value)
            path = internal_path(url)
            if path is None:
                continue
            checked += 1
            same_document = urllib.parse.urldefrag(url)[0] == urllib.parse.urldefrag(base)[0]
            target = page.path if same_document else url_to_file(site.root, path)
            if target is None:
                problems.append(f"{where} -> /{path} does not exist in the built site")
                continue
            fragment = urllib.parse.unquote(urllib.parse.urlsplit(url).fragment)
            if "#" not in value:
                continue
            if fragment == "":
                problems.append(f"{where}: an empty fragment '#' goes nowhere")
            elif fragment != "top" and target.suffix == ".html":
                rel = target.relative_to(site.root).as_posix()
                if fragment not in site.ids(rel):
                    problems.append(f"{where}: no element with id={fragment!r} in {rel}")
    assert checked, "no internal link found on any page: is the site empty?"
    assert not problems, "broken internal links or anchors, " + shown(problems)


def test_ids_are_unique_on_every_page(site: Site):
    problems = []
    for page in site.pages:
        seen: dict[str, int] = defaultdict(int)
        for tag in page.elements:
            if "id" in tag.attrs:
                seen[tag["id"]] += 1
        problems += [f"{page.rel}: id={i!r} used {n} times" for i, n in seen.items() if n > 1]
    assert not problems, shown(problems)


def test_css_references_resolve(site: Site):
    problems = []
    sheets = sorted(site.root.rglob("*.css"))
    for sheet in sheets:
        rel = sheet.relative_to(site.root).as_posix()
        for value in css_references(sheet.read_text(encoding="utf-8", errors="replace")):
            if value.startswith(("data:", "#")):
                continue
            url = urllib.parse.urljoin(f"{ORIGIN}/{rel}", value)
            path = internal_path(url)
            if path is None:
                problems.append(f"{rel}: url({value}) loads from outside the site")
            elif url_to_file(site.root, path) is None:
                problems.append(f"{rel}: url({value}) -> /{path} does not exist")
    assert not problems, shown(problems)


# --- privacy and security -----------------------------------------------------------------------


def test_nothing_is_loaded_from_elsewhere(site: Site):
    """No CDN, web font, analytics or embed: every resource the browser fetches by itself is the site's."""
    problems = []
    for page in site.pages:
        for ref in references(page):
            if not ref.loaded or ref.value.startswith("data:"):
                continue
            url = urllib.parse.urljoin(base_for(page), ref.value)
            if internal_path(url) is None:
                problems.append(f"{page.rel}: <{ref.tag} {ref.attribute}={ref.value!r}> loads from another site")
        for tag in page.elements:
            if tag.name in ("iframe", "embed", "object", "frame"):
                problems.append(f"{page.rel}: <{tag.name}> embeds are not allowed")
    assert not problems, shown(problems)


def csp_of(page: Page) -> str | None:
    meta = page.soup.find("meta", attrs={"http-equiv": re.compile("^content-security-policy$", re.I)})
    return meta.get("content") if meta else None


def test_every_page_has_a_strict_csp_and_referrer_policy(site: Site):
    problems = []
    for page in site.pages:
        csp = csp_of(page)
        if not csp:
            problems.append(f"{page.rel}: no <meta http-equiv='Content-Security-Policy'>")
            continue
        directives = {d.split()[0].lower(): d.split()[1:] for d in (x.strip() for x in csp.split(";")) if d}
        for name in ("script-src", "style-src"):
            sources = directives.get(name, directives.get("default-src"))
            if sources is None:
                problems.append(f"{page.rel}: CSP sets neither {name} nor default-src")
                continue
            weak = [
                s for s in sources if s.lower() in ("'unsafe-inline'", "'unsafe-eval'", "*", "data:", "http:", "https:")
            ]
            weak += [s for s in sources if re.match(r"^(https?:)?//|^[a-z0-9.-]+\.[a-z]{2,}", s, re.I)]
            if weak:
                problems.append(f"{page.rel}: CSP {name} allows {weak}")
        if "default-src" not in directives:
            problems.append(f"{page.rel}: CSP has no default-src fallback")
        referrer = page.soup.find("meta", attrs={"name": "referrer"})
        if referrer is None or not referrer.get("content"):
            problems.append(f"{page.rel}: no <meta name='referrer'> policy")
    assert not problems, shown(problems)


# Non-JavaScript data blocks are never executed, so a CSP does not apply to them.
DATA_BLOCK_TYPES = {"application/ld+json", "application/json", "importmap"}


def allowed_by_hash(soup, script) -> bool:
    """An inline script the page's own CSP allows by its SHA-256 hash (the search page's search-early.js),
    so it runs under the strict policy; any other inline script is blocked and so is a fault."""
    meta = soup.find("meta", attrs={"http-equiv": "Content-Security-Policy"})
    return bool(meta and script.string and csp_hash(script.string) in meta["content"])


def test_no_inline_script_or_style(site: Site):
    """A strict CSP blocks inline script (unless the page's policy names its hash), inline event handlers,
    javascript: URLs and inline styles."""
    problems = []
    for page in site.pages:
        soup = page.soup
        elements = page.elements
        for script in (tag for tag in elements if tag.name == "script"):
            kind = (script.get("type") or "").lower()
            if not script.get("src") and kind not in DATA_BLOCK_TYPES and not allowed_by_hash(soup, script):
                problems.append(f"{page.rel}: inline <script> {script.get_text()[:60]!r}")
            elif script.get("src") and script.get_text(strip=True):
                problems.append(f"{page.rel}: <script src> with inline content")
        for style in (tag for tag in elements if tag.name == "style"):
            problems.append(f"{page.rel}: <style> element {style.get_text()[:60]!r}")
        for tag in elements:
            for attribute, value in tag.attrs.items():
                if attribute.lower() == "style":
                    problems.append(f"{page.rel}: style attribute on <{tag.name}>: {value!r}")
                elif attribute.lower().startswith("on"):
                    problems.append(f"{page.rel}: inline event handler {attribute} on <{tag.name}>")
                elif isinstance(value, str) and value.strip().lower().startswith("javascript:"):
                    problems.append(f"{page.rel}: javascript: URL in {attribute} on <{tag.name}>")
    assert not problems, shown(problems)


# --- markup ---------------------------------------------------------------------------------------


@pytest.mark.node
def test_nu_html_checker_finds_no_errors(site: Site, vnu_report: tuple[int, str]):
    returncode, output = vnu_report
    try:
        report = json.loads(output)
    except json.JSONDecodeError:
        pytest.fail(f"the Nu HTML Checker did not answer in JSON (exit {returncode}):\n{output[:3000]}")
    by_page: dict[str, list[str]] = defaultdict(list)
    for message in report.get("messages", []):
        if message.get("type") not in ("error", "non-document-error") and message.get("subType") != "fatal":
            continue
        url = message.get("url", "")
        rel = Path(urllib.parse.unquote(urllib.parse.urlsplit(url).path)).resolve()
        try:
            rel = rel.relative_to(site.root.resolve()).as_posix()
        except ValueError:
            rel = url
        extract = (message.get("extract") or "").replace("\n", " ")[:80]
        by_page[rel].append(f"line {message.get('lastLine', '?')}: {message.get('message')} [{extract}]")
    problems = [f"{page}: {m}" for page, messages in sorted(by_page.items()) for m in messages]
    assert not problems, f"the Nu HTML Checker found errors on {len(by_page)} page(s), " + shown(problems)
    assert returncode == 0, f"the Nu HTML Checker exited {returncode}:\n{output[:3000]}"


# --- reproducible builds --------------------------------------------------------------------------


@pytest.mark.slow
def test_two_builds_are_byte_identical(built_site: Path, repo_root: Path, tmp_path: Path):
    again = tmp_path / "output"
    result = build(again, "pelicanconf.py", cwd=repo_root)
    assert result.returncode == 0, f"second build failed:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}"
    first, second = tree_hashes(built_site), tree_hashes(again)
    only_first = sorted(set(first) - set(second))
    only_second = sorted(set(second) - set(first))
    changed = sorted(k for k in set(first) & set(second) if first[k] != second[k])
    detail = ""
    for rel in changed[:3]:
        a = (built_site / rel).read_text(encoding="utf-8", errors="replace").splitlines()
        b = (again / rel).read_text(encoding="utf-8", errors="replace").splitlines()
        diff = list(difflib.unified_diff(a, b, rel, rel, n=0, lineterm=""))[:12]
        detail += "\n" + "\n".join(line[:200] for line in diff)
    assert not (only_first or only_second or changed), (
        f"two builds differ: only in the first {only_first[:20]}, only in the second {only_second[:20]}, "
        f"different bytes {changed[:20]} ({len(changed)} in all){detail}"
    )
