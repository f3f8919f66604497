"""Keeps published URLs alive: fails the build when a URL listed in the committed manifest
(`urls.txt`) is no longer built, unless a redirect is declared for it, and writes those redirects.

Settings:
- URL_MANIFEST: path of the manifest, one URL a line relative to the site root ("" for the home
  page is written as "/"); empty or unset turns the check off.
- REDIRECTS: {"old/url/": "new/url/"}; each old URL gets a small page that sends readers on.
- URL_MANIFEST_INCLUDE: glob patterns of output files that count as published URLs.
Run with URL_MANIFEST_UPDATE=1 in the environment to rewrite the manifest from the build.
It also adds a `Sitemap:` line to robots.txt when SITEURL is absolute, and gives pelican-sitemap a
fixed date for pages that have none (SOURCE_DATE_EPOCH, else DEFAULT_DATE), so builds are reproducible.
"""

from __future__ import annotations

import fnmatch
import logging
import os
import re
from datetime import UTC, datetime
from html import escape

from pelican import signals

log = logging.getLogger(__name__)

DEFAULT_INCLUDE = ["*.html", "data/*", "actions/*.json", "robots.txt", "sitemap.xml"]
HOME = "/"


class UrlManifestError(SystemExit):
    """Exits the build with one clear line (SystemExit prints its message and exits 1)."""


def file_to_url(relpath: str) -> str:
    """actions/12e/index.html -> actions/12e/; index.html -> /; 404.html -> 404.html."""
    relpath = relpath.replace(os.sep, "/")
    if relpath == "index.html":
        return HOME
    if relpath.endswith("/index.html"):
        return relpath[: -len("index.html")]
    return relpath


def url_to_file(url: str) -> str:
    if url == HOME:
        return "index.html"
    return url + "index.html" if url.endswith("/") else url


# Output files Pelican's writer wrote in this build (content_written), absolute paths.
_written: set[str] = set()


def _literal_folder(pattern: str) -> str:
    """The folder part of a pattern up to its first wildcard: "actions/*.json" -> "actions"."""
    folder = ""
    for part in pattern.split("/")[:-1]:
        if any(c in part for c in "*?["):
            break
        folder = f"{folder}/{part}" if folder else part
    return folder


def _candidates(output_path: str, include: list[str], written: set[str]) -> set[str]:
    """Files the patterns can match, without opening every folder of the site (one per page):
    what the writer wrote, and the files directly in each pattern's folder (data/, actions/,
    the root), which is where plugins and static files put what the writer does not."""
    # The record holds absolute paths (note_written): those inside the output folder lose its prefix,
    # which is what os.path.relpath gives, without its work for every file.
    prefix = os.path.join(os.path.abspath(output_path), "")
    files = {
        (path[len(prefix) :] if path.startswith(prefix) else os.path.relpath(path, output_path)).replace(os.sep, "/")
        for path in written
    }
    for folder in {_literal_folder(p) for p in include}:
        try:
            entries = os.scandir(os.path.join(output_path, folder))
        except OSError:
            continue
        with entries:
            files.update(f"{folder}/{e.name}" if folder else e.name for e in entries if e.is_file())
    return files


def published_urls(output_path: str, include: list[str], written: set[str] | None = None) -> set[str]:
    """The URLs of the output files that `include` matches: every file on disk, or, given the
    files Pelican's writer wrote, those and the files in the patterns' own folders."""
    if not include:
        return set()
    if written is None:
        rels = (
            os.path.relpath(os.path.join(folder, name), output_path).replace(os.sep, "/")
            for folder, _, files in os.walk(output_path)
            for name in files
        )
    else:
        rels = _candidates(output_path, include, written)
    matches = re.compile("|".join(f"(?:{fnmatch.translate(p)})" for p in include)).match
    return {file_to_url(rel) for rel in rels if not rel.startswith("theme/") and matches(rel)}


def read_manifest(path: str) -> list[str]:
    with open(path, encoding="utf-8") as f:
        return [line.strip() for line in f if line.strip() and not line.startswith("#")]


def write_manifest(path: str, urls: set[str]) -> None:
    with open(path, "w", encoding="utf-8") as f:
        f.write("# Every published URL, relative to the site root. The build fails when one disappears\n")
        f.write("# without a redirect in REDIRECTS (pelicanconf.py). Rewrite: URL_MANIFEST_UPDATE=1 pelican content\n")
        for url in sorted(urls, key=lambda u: (u != HOME, u)):
            f.write(url + "\n")


def redirect_page(siteurl: str, target: str) -> str:
    href = escape(f"{siteurl}/{'' if target == HOME else target}", quote=True)
    return (
        '<!DOCTYPE html>\n<html lang="en-GB">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'self'; base-uri 'none'\">\n"
        '<meta name="referrer" content="no-referrer">\n<meta name="robots" content="noindex">\n'
        f'<meta http-equiv="refresh" content="0; url={href}">\n<link rel="canonical" href="{href}">\n'
        "<title>This page has moved</title>\n</head>\n<body>\n<main>\n<h1>This page has moved</h1>\n"
        f'<p><a href="{href}">Go to its new address</a>.</p>\n</main>\n</body>\n</html>\n'
    )


def write_redirects(output_path: str, siteurl: str, redirects: dict[str, str], built: set[str]) -> set[str]:
    written = set()
    for old, new in sorted(redirects.items()):
        if new not in built:
            raise UrlManifestError(f"url_manifest: REDIRECTS sends {old} to {new}, which this build does not publish.")
        if old in built:
            continue  # the old page still exists; it wins
        path = os.path.join(output_path, url_to_file(old))
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w", encoding="utf-8") as f:
            f.write(redirect_page(siteurl, new))
        written.add(old)
    return written


def add_sitemap_to_robots(output_path: str, siteurl: str) -> None:
    robots = os.path.join(output_path, "robots.txt")
    sitemap = os.path.join(output_path, "sitemap.xml")
    if not (siteurl.startswith(("http://", "https://")) and os.path.exists(robots) and os.path.exists(sitemap)):
        return
    with open(robots, encoding="utf-8") as f:
        text = f.read()
    if "Sitemap:" not in text:
        with open(robots, "a", encoding="utf-8") as f:
            f.write(("" if text.endswith("\n") else "\n") + f"Sitemap: {siteurl}/sitemap.xml\n")


def check(pelican) -> None:
    settings = pelican.settings
    output_path = pelican.output_path
    siteurl = settings.get("SITEURL", "")
    add_sitemap_to_robots(output_path, siteurl)
    manifest = settings.get("URL_MANIFEST")
    if not manifest:
        return
    include = settings.get("URL_MANIFEST_INCLUDE", DEFAULT_INCLUDE)
    redirects = {str(k): str(v) for k, v in (settings.get("REDIRECTS") or {}).items()}
    # The writer's record, when this build made one (a check run on its own walks the folder).
    built = published_urls(output_path, include, set(_written) if _written else None)
    built |= write_redirects(output_path, siteurl, redirects, built)
    if os.environ.get("URL_MANIFEST_UPDATE"):
        write_manifest(manifest, built)
        log.warning("url_manifest: wrote %d URLs to %s", len(built), manifest)
        return
    if not os.path.exists(manifest):
        log.info("url_manifest: no %s yet; create it with URL_MANIFEST_UPDATE=1 pelican content", manifest)
        return
    listed = read_manifest(manifest)
    gone = [url for url in listed if url not in built]
    if gone:
        shown = ", ".join(gone[:10]) + (f" and {len(gone) - 10} more" if len(gone) > 10 else "")
        raise UrlManifestError(
            f"url_manifest: {len(gone)} published URL{'s' if len(gone) != 1 else ''} from {os.path.basename(manifest)} "
            f"no longer built: {shown}. Restore them, or declare a redirect for each in REDIRECTS "
            "(old URL: new URL) in pelicanconf.py."
        )
    new = built - set(listed)
    if new:  # not an error: tests/test_theme.py asks for the manifest to be brought up to date
        log.info(
            "url_manifest: %d new URL%s not yet in %s (e.g. %s); run URL_MANIFEST_UPDATE=1 pelican content",
            len(new),
            "s" if len(new) != 1 else "",
            os.path.basename(manifest),
            sorted(new)[0],
        )


def build_date(settings: dict) -> datetime:
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        return datetime.fromtimestamp(int(epoch), tz=UTC)
    default = settings.get("DEFAULT_DATE")
    if isinstance(default, (tuple, list)):
        return datetime(*default, tzinfo=UTC)
    return datetime(1970, 1, 1, tzinfo=UTC)


def fix_sitemap_date(pelican) -> None:
    """pelican-sitemap stamps the home and search pages with the clock's time; use the build date."""
    try:
        from pelican.plugins.sitemap import sitemap
    except ImportError:
        return
    sitemap.generator.now = build_date(pelican.settings)
    sitemap.format_date = _same_format(sitemap.format_date)


def _same_format(format_date):
    """pelican-sitemap formats each page's date anew, through Pelican's slow strftime for an
    article's date; a build has a handful of dates. Keyed by the offset too: equal instants in
    other zones are written differently."""
    if getattr(format_date, "remembers", False):
        return format_date
    formatted: dict = {}

    def remembered(date):
        key = (date, date.utcoffset())
        if key not in formatted:
            formatted[key] = format_date(date)
        return formatted[key]

    remembered.remembers = True
    return remembered


def note_written(path: str, context=None) -> None:
    _written.add(os.path.abspath(path))


def start_record(generator) -> None:
    """A build is starting (generators are made before anything is written): forget the last."""
    _written.clear()


def register() -> None:
    signals.initialized.connect(fix_sitemap_date)
    signals.generator_init.connect(start_record)
    signals.content_written.connect(note_written)
    signals.finalized.connect(check)
