"""Settings for publishing to GitHub Pages: `pelican content -s publishconf.py`."""

import os
import sys

sys.path.append(os.curdir)
from pelicanconf import *  # noqa: E402,F403

# A project site lives under a sub-path: https://<owner>.github.io/<repo>/
SITEURL = os.environ.get("SITEURL", "").rstrip("/")
RELATIVE_URLS = False
DELETE_OUTPUT_DIRECTORY = True
REPO_URL = os.environ.get("REPO_URL", "")
