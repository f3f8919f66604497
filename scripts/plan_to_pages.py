#!/usr/bin/env python3
"""Parse the Action Plan in plan/ and write its pages into content/ (see --help).

The defaults are this checkout's plan/ and content/, even when the package is installed (editable)
from another checkout.
"""

import sys
from pathlib import Path

from actionplan.cli import main

if __name__ == "__main__":
    sys.exit(main(root=Path(__file__).resolve().parent.parent))
