#!/usr/bin/env python3
"""Parse the Action Plan in plan/ and write its pages into content/ (see --help)."""

import sys

from actionplan.cli import main

if __name__ == "__main__":
    sys.exit(main())
