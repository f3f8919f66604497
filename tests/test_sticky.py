"""Nothing sticky covers the page (issue 23, item 3), measured in chromium from 320 to 1440 px: at
the top of a page no sticky element's box overlaps a box of text outside it; the Exit button, after
any scroll, is a band across the whole width at the top edge, so nothing lies under it that is not
simply scrolled out of view; any other sticky element (the whole plan's side contents on wide
screens) overlaps no text outside it at any scroll; and a link's target or the focused element is
never under the Exit band."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

WIDTHS = [320, 375, 600, 800, 1024, 1280, 1440]
PAGES = ["actions/12e/", "actions/", "plan/", "", "money/", "safety/"]

# The sticky (or fixed) elements as boxes, and for each the text outside it that its box overlaps:
# with `scrolled`, text inside the first sticky element (the Exit band) is left out as well, since what
# lies under the band has simply scrolled out of view (the test checks it is a band across the top).
# Worked out in the page, which measures thousands of text boxes on the whole plan: only the overlaps
# come back, and a text's style is read only when its box overlaps.
COVERED = """(scrolled) => {
  const stuck = [...document.querySelectorAll('body *')].filter(e => {
    const p = getComputedStyle(e).position; return (p === 'sticky' || p === 'fixed') && e.getClientRects().length;
  });
  const boxes = stuck.map((e, i) => {
    const r = e.getBoundingClientRect();
    return {cls: e.className, i, x: r.left, y: r.top, r: r.right, b: r.bottom};
  });
  const overlaps = (a, b) => a.x < b.r - 0.5 && b.x < a.r - 0.5 && a.y < b.b - 0.5 && b.y < a.b - 0.5;
  const covered = boxes.map(() => []);
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode, el = node.parentElement;
    if (!node.textContent.trim() || !el) continue;
    const range = document.createRange(); range.selectNodeContents(node);
    const rects = [...range.getClientRects()].filter(r => r.width > 1 && r.height > 1)
      .map(r => ({x: r.left, y: r.top, r: r.right, b: r.bottom}));
    const hit = boxes.filter(box => rects.some(t => overlaps(t, box)));
    if (!hit.length) continue;
    if (getComputedStyle(el).visibility === 'hidden' || el.closest('[hidden]')) continue;
    const inside = stuck.findIndex(s => s.contains(el));
    for (const box of hit) {
      if (inside === box.i || (scrolled && inside === 0)) continue;
      covered[box.i].push(node.textContent.trim().slice(0, 40));
    }
  }
  return {stuck: boxes, covered, width: document.documentElement.clientWidth};
}"""


FRAMES = "() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))"


@pytest.fixture(scope="module")
def sticky_tab(contexts):
    """One tab for the module (reduced motion: a scroll is done at once, not animated)."""
    with contexts.page(reduced_motion="reduce") as page:
        yield page


@pytest.fixture
def open_page(sticky_tab, site_server):
    """open_page(width, path): the tab at that width showing the page at the top, at its address without a
    fragment. A page already shown (the last test's, at another width: the tests of a page run one width
    after another) is resized and scrolled back to the top instead of loaded again, its fragment (a link
    target the last test went to) taken off the address without a scroll (history.replaceState): where
    sticky elements sit and what they cover is CSS alone (media queries; no script reads the width), so a
    resize lays the page out as a load at that width does. Any other page is loaded."""

    def open_at(width, path):
        sticky_tab.set_viewport_size({"width": width, "height": 800 if width >= 800 else 667})
        if sticky_tab.url.split("#")[0] == site_server + path:
            sticky_tab.evaluate("() => { history.replaceState(null, '', location.pathname); window.scrollTo(0, 0); }")
        else:
            sticky_tab.goto("about:blank")
            sticky_tab.goto(site_server + path, wait_until="load")
        return sticky_tab

    return open_at


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("path", PAGES, ids=[p or "home" for p in PAGES])
def test_the_sticky_exit_button_covers_no_text(open_page, width, path):
    page = open_page(width, path)
    at_top = page.evaluate(COVERED, False)
    assert at_top["stuck"][0]["cls"] == "exit-this-page", at_top["stuck"]
    for box, covered in zip(at_top["stuck"], at_top["covered"], strict=True):
        assert not covered, f"{path} at {width} px: {box['cls']} lies over {covered[:5]}"
    height = page.evaluate("() => document.documentElement.scrollHeight")
    for fraction in (0.2, 0.45, 0.7):
        page.evaluate("y => window.scrollTo(0, y)", int(height * fraction))
        now = page.evaluate(COVERED, True)
        band = now["stuck"][0]
        for box, covered in zip(now["stuck"][1:], now["covered"][1:], strict=True):
            assert not covered, f"{path} at {width} px, scrolled: {box['cls']} lies over {covered[:5]}"
        # A band across the whole width at the top edge: what is under it has left the screen.
        assert band["y"] <= 0.5 and band["x"] <= 0.5 and band["r"] >= now["width"] - 0.5, (
            f"{path} at {width} px: the sticky element is a box at {band}, not a band across the top"
        )


@pytest.mark.parametrize("width", [320, 800, 1024, 1440])
def test_a_link_target_and_the_focused_element_are_never_under_it(open_page, width):
    page = open_page(width, "actions/12e/")
    for target in ("facts-title", "share-title", "12e-iii"):
        page.evaluate("id => { location.hash = id; }", target)
        page.evaluate(FRAMES)  # the scroll to the target laid out (reduced motion: at once)
        band = page.evaluate("() => document.querySelector('.exit-this-page').getBoundingClientRect().bottom")
        top = page.evaluate("id => document.getElementById(id).getBoundingClientRect().top", target)
        assert top >= band, f"#{target} at {width} px starts at {top} px, under the Exit button (to {band} px)"
    page.evaluate("() => window.scrollTo(0, document.documentElement.scrollHeight / 2)")
    page.keyboard.press("Tab")
    focused = page.evaluate("() => document.activeElement.getBoundingClientRect().top")
    band = page.evaluate("() => document.querySelector('.exit-this-page').getBoundingClientRect().bottom")
    assert focused >= band or page.evaluate("() => document.activeElement.closest('.exit-this-page') !== null")
