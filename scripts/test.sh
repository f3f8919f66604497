#!/usr/bin/env bash
# Set up everything the tests need (Python, npm packages, chromium and Java) and run the whole suite.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install_test_deps.sh
echo "== content/ is what the plan gives"
.venv/bin/python scripts/plan_to_pages.py --check
echo "== lint"
.venv/bin/ruff check .
echo "== tests"
# Two worker processes, each test file in one, test_browser.py's page types shared out (conftest.py,
# pytest_collection_modifyitems), the longest groups first (--no-loadscope-reorder: in conftest's order,
# not xdist's by number of tests); the site is built once for both (docs/testing.md). Arguments given
# here come after, so `-n 0` runs the suite in one process.
.venv/bin/python -m pytest -n 2 --dist loadgroup --no-loadscope-reorder "$@"
