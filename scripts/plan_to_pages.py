#!/usr/bin/env python3
"""Parse the Action Plan in plan/ and write its pages into content/ (see --help)."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from actionplan.cli import main  # noqa: E402

if __name__ == "__main__":
    sys.exit(main())
