"""Page weight: a page's HTML with the CSS and JavaScript it loads at once, raw and gzipped."""

from __future__ import annotations

import re
from pathlib import Path

from .common import gz

LINK_RE = re.compile(r"""@import\s+(?:url\()?["']?([^"')\s]+)|url\(["']?([^"')]+\.css)["']?\)""")
IMPORT_RE = re.compile(r"""(?:^|\s)import\s+(?:[^'"]*?from\s+)?["']([^"']+\.m?js)["']""", re.M)


def page_resources(output: Path, page: Path) -> list[Path]:
    """Local CSS and JavaScript the page loads at once (stylesheets, scripts, their static imports)."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(page.read_bytes(), "html.parser")
    refs = []
    for tag in soup.find_all("link"):
        rel = " ".join(tag.get("rel") or []).lower()
        if "stylesheet" in rel or "modulepreload" in rel:
            refs.append(tag.get("href"))
    for tag in soup.find_all("script"):
        if tag.get("src"):
            refs.append(tag.get("src"))
    seen: list[Path] = []
    queue = [resolve(output, page, r) for r in refs if r]
    while queue:
        p = queue.pop(0)
        if p is None or p in seen or not p.is_file():
            continue
        seen.append(p)
        text = p.read_text(encoding="utf-8", errors="replace")
        pattern = LINK_RE if p.suffix == ".css" else IMPORT_RE
        for m in pattern.finditer(text):
            ref = next(g for g in m.groups() if g)
            queue.append(resolve(output, p, ref))
    return seen


def resolve(output: Path, base: Path, ref: str) -> Path | None:
    ref = ref.split("#", 1)[0].split("?", 1)[0]
    if not ref or re.match(r"^[a-z]+:|^//", ref):
        return None
    target = output / ref.lstrip("/") if ref.startswith("/") else base.parent / ref
    return target.resolve()


def page_weight(output: Path, rel: str) -> dict | None:
    page = output / rel
    if not page.exists():
        return None
    html = page.read_bytes()
    res = page_resources(output, page)
    css = [p for p in res if p.suffix == ".css"]
    js = [p for p in res if p.suffix in {".js", ".mjs"}]
    parts = {"html": [page], "css": css, "js": js}
    out = {k: (sum(len(p.read_bytes()) for p in v), sum(gz(p.read_bytes()) for p in v)) for k, v in parts.items()}
    out["total"] = (sum(v[0] for v in out.values()), sum(v[1] for v in out.values()))
    other = other_assets(output, page, css)
    out["other"] = (sum(len(p.read_bytes()) for p in other), sum(gz(p.read_bytes()) for p in other))
    base = output.resolve()
    out["files"] = [str(p.relative_to(base)) if p.is_relative_to(base) else str(p) for p in res + other]
    del html
    return out


def other_assets(output: Path, page: Path, css: list[Path]) -> list[Path]:
    """Images, icons and fonts the page or its CSS refer to (not in the CSS + JS target)."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(page.read_bytes(), "html.parser")
    refs = [(page, t.get("src")) for t in soup.find_all(["img", "source"]) if t.get("src")]
    refs += [(page, t.get("href")) for t in soup.find_all("link")
             if "icon" in " ".join(t.get("rel") or []).lower() and t.get("href")]
    for sheet in css:
        for m in re.finditer(r"url\(\s*[\"']?([^\"')]+)", sheet.read_text(encoding="utf-8", errors="replace")):
            if not m.group(1).endswith(".css") and not m.group(1).startswith("data:"):
                refs.append((sheet, m.group(1)))
    found: list[Path] = []
    for base, ref in refs:
        p = resolve(output, base, ref)
        if p and p.is_file() and p not in found:
            found.append(p)
    return found


def output_bytes(output: Path) -> tuple[int, int]:
    files = [p for p in output.rglob("*") if p.is_file()]
    return sum(p.stat().st_size for p in files), len(files)
