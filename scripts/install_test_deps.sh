#!/usr/bin/env bash
# Installs what the test suite needs, and nothing twice: the Python test extras into .venv,
# the pinned npm packages (axe-core, vnu-jar, lunr) into node_modules/, and,
# where missing and when running as root, Debian's chromium and a Java runtime.
# Idempotent and quiet: safe to run before every test run (the README's test command does).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
VENV="${VENV:-$ROOT/.venv}"
say() { printf 'install_test_deps: %s\n' "$*"; }

# --- Python: the project and its [test] extras, editable, into the virtual environment ---
if [ ! -x "$VENV/bin/python" ]; then
    say "creating $VENV"
    python3 -m venv "$VENV"
fi
PY="$VENV/bin/python"
python_ready() {
    "$PY" - <<'EOF' 2>/dev/null
import importlib.util, pathlib, sys
names = ["pelican", "markdown", "lunr", "bs4", "pytest", "hypothesis", "jsonschema", "playwright", "ruff", "yaml", "xdist"]
if any(importlib.util.find_spec(n) is None for n in names):
    sys.exit(1)
for package in ("actionplan", "plugins"):  # both from this checkout, installed editable
    spec = importlib.util.find_spec(package)
    if spec is None or pathlib.Path(spec.origin).resolve().parent.parent != pathlib.Path.cwd().resolve():
        sys.exit(1)
EOF
}
# Reinstalled when pyproject.toml or constraints.txt change, so a new test dependency reaches an old .venv.
py_stamp="$VENV/.install-stamp"
py_want="$(cat pyproject.toml constraints.txt 2>/dev/null | sha256sum | cut -d' ' -f1)"
if ! python_ready || [ ! -f "$py_stamp" ] || [ "$(cat "$py_stamp")" != "$py_want" ]; then
    say "installing Python test dependencies"
    constraints=()
    for f in constraints.txt requirements-lock.txt requirements.lock; do
        if [ -f "$f" ]; then constraints=(-c "$f"); break; fi
    done
    pip_log="$(mktemp)"
    if ! { "$PY" -m pip install --quiet --disable-pip-version-check --upgrade pip &&
           "$PY" -m pip install --quiet --disable-pip-version-check "${constraints[@]}" -e '.[test]'; } \
           >"$pip_log" 2>&1; then
        cat "$pip_log" >&2
        rm -f "$pip_log"
        exit 1
    fi
    rm -f "$pip_log"
    printf '%s\n' "$py_want" >"$py_stamp"
fi

# --- npm: exactly what package-lock.json pins; reinstalled only when the lock changes ---
if [ -f package-lock.json ]; then
    if ! command -v npm >/dev/null 2>&1; then
        say "npm not found: node-dependent tests (axe-core, Nu HTML Checker) will skip outside CI"
    else
        stamp="node_modules/.install-stamp"
        want="$(sha256sum package-lock.json | cut -d' ' -f1)"
        if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
            say "installing npm packages (npm ci)"
            # --ignore-scripts: vnu-jar's postinstall would try to download a Java runtime;
            # we use Debian's instead, and no other pinned package needs an install script.
            npm_log="$(mktemp)"
            if ! npm ci --ignore-scripts --no-audit --no-fund --loglevel=error >"$npm_log" 2>&1; then
                cat "$npm_log" >&2
                rm -f "$npm_log"
                exit 1
            fi
            rm -f "$npm_log"
            printf '%s\n' "$want" >"$stamp"
        fi
    fi
fi

# --- Debian packages: chromium for Playwright (and its old headless shell, in which the browser tests
# run: tests/conftest.py, debian_chromium), a Java runtime for the Nu HTML Checker ---
missing=()
[ -x "${CHROMIUM_PATH:-/usr/bin/chromium}" ] || missing+=(chromium)
[ -n "${CHROMIUM_PATH:-}" ] || [ -x /usr/bin/chromium-headless-shell ] || missing+=(chromium-headless-shell)
command -v java >/dev/null 2>&1 || missing+=(default-jre-headless)
if [ "${#missing[@]}" -gt 0 ]; then
    if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
        say "installing ${missing[*]} with apt-get"
        export DEBIAN_FRONTEND=noninteractive
        apt-get update -qq >/dev/null
        apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
    else
        say "missing ${missing[*]} and cannot apt-get (not root): the tests that need them skip outside CI" \
            "(without chromium-headless-shell alone, the browser tests run in chromium)"
    fi
fi
