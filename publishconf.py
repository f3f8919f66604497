"""Settings for publishing to GitHub Pages: `pelican content -s publishconf.py`."""

import os
from pathlib import Path
from runpy import run_path

# pelicanconf.py's settings, read by path (Pelican does not put the settings folder on sys.path).
globals().update(
    {name: value for name, value in run_path(str(Path(__file__).with_name("pelicanconf.py"))).items()
     if name.isupper()}
)

# A project site lives under a sub-path: https://<owner>.github.io/<repo>/
SITEURL = os.environ.get("SITEURL", "").rstrip("/")
RELATIVE_URLS = False
DELETE_OUTPUT_DIRECTORY = True
REPO_URL = os.environ.get("REPO_URL", "")
