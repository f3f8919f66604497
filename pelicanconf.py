"""Pelican settings for building the site locally: `pelican content` from the repository root."""

import os
from pathlib import Path

from actionplan.records.standings import RETIRED_STATUSES

ROOT = Path(__file__).parent

AUTHOR = "Action Plan Reader"
SITENAME = "Freedom from Violence and Abuse: the Action Plan"
SITE_SHORTNAME = "VAWG Action Plan"
SITEURL = ""
RELATIVE_URLS = False
TIMEZONE = "Europe/London"
DEFAULT_LANG = "en-GB"
DEFAULT_DATE = (2025, 12, 1)

# The one date every deadline, status and schedule is read against ("Dates read as of ..."):
# this value when set ("2026-12-07"); else SOURCE_DATE_EPOCH; else the date of the latest git
# commit (plugins/core/as_of.py). Never the clock: the same checkout gives the same bytes.
# The environment variable of the same name sets it too (the Pages workflow: the day it runs).
AS_OF_DATE = os.environ.get("AS_OF_DATE", "")

PATH = "content"
OUTPUT_PATH = "output"
THEME = "theme"
DELETE_OUTPUT_DIRECTORY = True

ARTICLE_PATHS = ["actions"]
PAGE_PATHS = ["pages"]
STATIC_PATHS = ["data", "extra"]
# data/actions.json is published by the plan_data plugin, as read on the as-of date (below), not
# copied (Pelican's STATIC_EXCLUDES takes folders only; IGNORE_FILES matches a file's name).
IGNORE_FILES = ["**/.*", "actions.json"]
EXTRA_PATH_METADATA = {
    "extra/robots.txt": {"path": "robots.txt"},
}

# Stable URLs that never depend on wording: /actions/12e/
ARTICLE_URL = "actions/{slug}/"
ARTICLE_SAVE_AS = "actions/{slug}/index.html"
PAGE_URL = "{slug}/"
PAGE_SAVE_AS = "{slug}/index.html"

# The generator writes explicit overview pages; Pelican's own listings would duplicate them.
CATEGORY_SAVE_AS = ""
CATEGORIES_SAVE_AS = ""
TAG_SAVE_AS = ""
TAGS_SAVE_AS = ""
AUTHOR_SAVE_AS = ""
AUTHORS_SAVE_AS = ""
ARCHIVES_SAVE_AS = ""
YEAR_ARCHIVE_SAVE_AS = ""
MONTH_ARCHIVE_SAVE_AS = ""
DAY_ARCHIVE_SAVE_AS = ""
DIRECT_TEMPLATES = ["index", "search", "plan", "briefing", "404"]
SEARCH_SAVE_AS = "search/index.html"
SEARCH_URL = "search/"
# The whole plan on one page (theme/templates/plan.html).
PLAN_SAVE_AS = "plan/index.html"
PLAN_URL = "plan/"
# A briefing pack of any selection (theme/templates/briefing.html, theme/static/js/briefing.js).
BRIEFING_SAVE_AS = "briefing/index.html"
BRIEFING_URL = "briefing/"
INDEX_SAVE_AS = "index.html"
DEFAULT_PAGINATION = False
ARTICLE_ORDER_BY = "basename"

FEED_ALL_ATOM = None
CATEGORY_FEED_ATOM = None
TRANSLATION_FEED_ATOM = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None

MARKDOWN = {
    "extension_configs": {
        "markdown.extensions.extra": {},
        "markdown.extensions.abbr": {},
        "markdown.extensions.attr_list": {},
        "markdown.extensions.md_in_html": {},
        "markdown.extensions.smarty": {"smart_quotes": False},
    },
    "output_format": "html",
}

# Plan text lands in HTML, attributes and JSON: escape by default; templates mark Pelican's
# rendered HTML (article.content, summary) as safe explicitly with |safe.
# auto_reload off: Pelican makes new environments for every build (also with --autoreload), so
# checking each template's file date on every page (4,000 stat calls a build) finds nothing new.
# optimized off: Jinja's optimizer folds constant expressions while compiling, a tenth of the
# compile time of these templates (every build compiles each once), and the pages are the same.
# cache_size -1: loaded templates kept in a plain dict, not Jinja's least-recently-used cache of 400,
# which takes a lock and moves the name along a queue on every lookup (every extends and include of
# every page); the theme has about fifty templates.
JINJA_ENVIRONMENT = {
    "trim_blocks": True, "lstrip_blocks": True, "autoescape": True, "auto_reload": False, "optimized": False,
    "cache_size": -1,
}
# The theme's templates compiled, committed so that a fresh clone's build loads them instead of
# compiling (plugins/plan_context/compiled.py); a template edited since is compiled as before.
# After editing a template: python scripts/compile_templates.py
COMPILED_TEMPLATES_PATH = str(ROOT / "theme" / "compiled")

# Our plugins are the package `plugins`, installed with the project (pyproject.toml); sitemap is
# pelican-sitemap's namespace plugin. They share plugins/core (the model, labels, CSV table, charts)
# and never import each other, so their order here does not matter, but url_manifest's: it checks
# what the others wrote, so it comes last.
PLUGINS = [
    "plugins.safe_output",  # first: refuses a symlinked output folder before Pelican empties it
    "plugins.required_metadata",
    "plugins.markdown_reader",  # one Markdown instance for every file, not one each
    "plugins.plan_context",
    "plugins.plan_data",
    "plugins.search_index",
    "plugins.action_filters",
    "plugins.overview_pages",
    "plugins.charts",
    "plugins.progress",
    "plugins.helplines",
    "plugins.lean_scripts",  # search.js served without comments (on finalized, after the theme is copied)
    "sitemap",
    "plugins.url_manifest",  # last: it checks what the others wrote
]

# pelican-sitemap: every page, the 404 page and the filtered lists' CSVs (action_filters) left out.
SITEMAP = {
    "format": "xml",
    "exclude": ["404.html", r"\.csv$"],
    "priorities": {"articles": 0.7, "indexes": 0.5, "pages": 0.5},
    "changefreqs": {"articles": "monthly", "indexes": "monthly", "pages": "monthly"},
}

# url_manifest: the build fails when a URL listed here is no longer built, unless REDIRECTS
# sends it somewhere ({"old/url/": "new/url/"}). Rewrite it: URL_MANIFEST_UPDATE=1 pelican content
URL_MANIFEST = str(ROOT / "urls.txt")
# Schemes the plan calls a law (Clare's Law, Raneem's Law) are programmes, not legislation (issue 19).
# The statuses before the reviewed standings (issue 19): each old list leads to the closest new one
# (actionplan/records/standings.py, RETIRED_STATUSES; action_filters writes the new list's CSV at the old
# CSV's address, as a CSV cannot redirect).
REDIRECTS: dict[str, str] = {
    "laws/domestic-violence-disclosure-scheme/": "programmes/domestic-violence-disclosure-scheme/",
    "laws/raneems-law/": "programmes/raneems-law/",
    **{f"actions/status/{old}/": f"actions/status/{new}/" for old, new in RETIRED_STATUSES.items()},
}
# The defaults (url_manifest.DEFAULT_INCLUDE), the progress feeds and calendar people subscribe to,
# and each filtered list's CSV (action_filters).
URL_MANIFEST_INCLUDE = [
    "*.html", "data/*", "actions/*.json", "robots.txt", "sitemap.xml", "progress/*.atom", "progress/*.ics",
    "actions/*/*/actions.csv", "actions/*/updates.atom", "actions/*/deadlines.ics",
]

# Site settings the theme reads.
# The Get help panel's helplines, each checked against an official page (actionplan/records/helplines.py).
HELPLINES_FILE = str(ROOT / "plan" / "helplines.toml")
# The plain-language vocabulary search maps people's words with (plugins/search_index, docs/search.md).
VOCABULARY_FILE = str(ROOT / "plan" / "vocabulary.toml")
EXIT_URL = "https://www.bbc.co.uk/weather"  # where "Exit this page" goes: neutral, fast
REPO_URL = ""  # e.g. https://github.com/<owner>/<repo>; enables "Suggest a correction"
PLAN_SOURCE_URL = "https://www.gov.uk/government/publications/freedom-from-violence-and-abuse-a-cross-government-strategy"
# The plan's editions: this site reproduces the printed (PDF) edition of December 2025, published
# from PLAN_SOURCE_URL; GOV.UK also publishes an accessible HTML edition, revised since (a
# "plan-revised" update in plan/updates.toml records it). The About page and every citation name both.
PLAN_EDITION_REPRODUCED = "the PDF edition of December 2025"
PLAN_HTML_EDITION_URL = (
    "https://www.gov.uk/government/publications/freedom-from-violence-and-abuse-a-cross-government-strategy/"
    "freedom-from-violence-and-abuse-volume-2-action-plan-accessible"
)
