#!/usr/bin/env bash
# Set up everything the tests need (Python, npm packages, chromium and Java) and run the whole suite.
set -euo pipefail
cd "$(dirname "$0")/.."
# Bytecode kept (__pycache__/, ignored by git) even where the shell sets PYTHONDONTWRITEBYTECODE: else
# each of the two workers compiles and assertion-rewrites every test module again (collection 4.5 CPU s
# a worker, 1.7 with the bytecode kept), and every generator or Pelican run in a subprocess compiles
# actionplan/ and plugins/ again (0.07 CPU s of a 0.65 s generator run).
unset PYTHONDONTWRITEBYTECODE
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
