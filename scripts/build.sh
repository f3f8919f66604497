#!/usr/bin/env bash
# Set up (a virtual environment in .venv with the pinned dependencies) and build the site into output/.
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON="${PYTHON:-python3}"
if [ ! -x .venv/bin/python ]; then
    "$PYTHON" -m venv .venv
fi
.venv/bin/python -m pip install --quiet --upgrade pip
.venv/bin/python -m pip install --quiet -c constraints.txt -e .
.venv/bin/pelican content -s pelicanconf.py "$@"
echo "Built output/. Preview: .venv/bin/pelican --listen --autoreload (then open http://127.0.0.1:8000/)"
