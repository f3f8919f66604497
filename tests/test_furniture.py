"""The small things of issue 14 in the built pages: labelled landmarks, the link-preview image, the
accessibility statement, share and cite reachable from the top of an action page."""

from __future__ import annotations

import re
import struct
from collections import Counter

import pytest

# With pytest-xdist, in one worker with the other files that read every page's parse (conftest.py).
XDIST_GROUP = "every page parsed"

SAMPLE = [
    "index.html",
    "actions/12e/index.html",
    "search/index.html",
    "plan/index.html",
    "safety/index.html",
    "topics/spiking/index.html",
    "timeline/index.html",
    "accessibility/index.html",
]


@pytest.mark.parametrize("rel", SAMPLE)
def test_every_landmark_of_a_kind_has_its_own_name(site, rel):
    soup = site.by_rel[rel].soup
    for selector in ("[role=search]", "nav", "aside"):
        elements = soup.select(selector)
        names = [e.get("aria-label") or e.get("aria-labelledby") for e in elements]
        if len(elements) > 1 or selector != "nav":
            assert all(names), f"{rel}: a {selector} landmark without a name"
        repeated = [n for n, c in Counter(names).items() if c > 1 and selector != "aside"]
        assert not repeated, f"{rel}: {selector} landmarks share the name {repeated}"


def png_size(path) -> tuple[int, int]:
    head = path.read_bytes()[:24]
    assert head[:8] == b"\x89PNG\r\n\x1a\n", f"{path} is not a PNG"
    return struct.unpack(">II", head[16:24])


def test_every_page_has_the_link_preview_image(site, built_site):
    images = set()
    for page in site.pages:
        tag = page.soup.find("meta", property="og:image")
        assert tag is not None, f"{page.rel}: no og:image"
        images.add(tag["content"])
        assert page.soup.find("meta", property="og:image:alt")["content"].strip()
    (image,) = images
    path = built_site / image.lstrip("/")
    assert png_size(path) == (1200, 630)
    assert path.stat().st_size < 100_000


def test_the_accessibility_statement_says_what_was_tested_and_what_is_known_not_to_work(site):
    soup = site.by_rel["accessibility/index.html"].soup
    headings = [h.get_text(strip=True) for h in soup.select("main h2")]
    for needed in ("How we test", "What we have not tested", "Known problems", "Tell us about a problem"):
        assert needed in headings
    for page in (site.by_rel["index.html"], site.by_rel["actions/12e/index.html"]):
        assert page.soup.select_one("footer a[href$='/accessibility/']") is not None


def test_share_and_cite_is_reachable_from_the_top_of_an_action(site):
    for page in site.of_type("action")[::50]:
        soup = page.soup
        jump = soup.select_one(".action__header a[href='#share-title']")
        assert jump is not None, f"{page.rel}: no share link near the heading"
        assert soup.find(id="share-title") is not None


@pytest.mark.parametrize("rel", ["index.html", "timeline/index.html", "money/index.html", "actions/index.html"])
def test_no_link_reads_only_an_action_number(site, rel):
    page = site.by_rel.get(rel)
    if page is None:
        pytest.skip(f"{rel} is not built")
    bare = [
        a["href"] for a in page.soup.find_all("a", href=True) if re.fullmatch(r"[0-9]+[a-z]+", a.get_text(strip=True))
    ]
    assert not bare, f"{rel}: {len(bare)} links whose text is only an action number, e.g. {bare[:3]}"
