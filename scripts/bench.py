#!/usr/bin/env python3
"""Benchmarks for the whole pipeline: generator phases, `pelican content` beside plain Pelican, a cached
rebuild, search, page weight, Lighthouse, and scale with synthetic plans 2, 5 and 10 times the size.

The measurements live in the package scripts/benchmarks/ (one module per kind of figure); this is
its command. Prints a table with each target's figure and PASS or MISS, and writes docs/benchmarks.md (the machine,
versions and date; a "## Notes" section already in that file is kept). Everything runs on this machine
in temporary folders; nothing reaches the network.

    .venv/bin/python scripts/bench.py            # full run, about 10 minutes on 2 cores
    .venv/bin/python scripts/bench.py --quick    # fewer repetitions, scales 1x and 10x only
    .venv/bin/python scripts/bench.py --profile  # also write pyinstrument profiles to .bench/
"""

import sys

from benchmarks.cli import main  # scripts/benchmarks/, beside this file

if __name__ == "__main__":
    sys.exit(main())
