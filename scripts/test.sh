#!/usr/bin/env bash
# Every test and check medsec has: lint, format, types, layer contracts, docstring and
# complexity gates, tests.
# Creates the virtual environment on first use (VENV, default .venv) and installs medsec with
# its development extras, so it works the same on a fresh machine and in CI.
set -euo pipefail
cd "$(dirname "$0")/.."
VENV="${VENV:-.venv}"
if [ ! -x "$VENV/bin/python" ]; then
  python3 -m venv "$VENV"
  "$VENV/bin/python" -m pip install --quiet --upgrade pip
fi
"$VENV/bin/python" -m pip install --quiet --disable-pip-version-check -e ".[dev]"
bin="$VENV/bin"
echo "== ruff format --check"; "$bin/ruff" format --check src tests benchmarks
echo "== ruff check";          "$bin/ruff" check src tests benchmarks
echo "== mypy --strict (src)"; "$bin/mypy"
echo "== import-linter";       "$bin/lint-imports" --no-cache
# tests and their fixtures that live beside rules and checklist items are not the public API
mapfile -t beside < <(find src -name 'test_*.py' -o -name '_fixtures.py')
echo "== interrogate (docstrings >= 80%)"
"$bin/interrogate" --quiet --fail-under 80 "${beside[@]/#/--exclude=}" src
echo "== radon (no function worse than grade C)"
complex=$("$bin/radon" cc --min D --show-complexity --exclude 'src/*/test_*.py' src)
if [ -n "$complex" ]; then echo "$complex"; exit 1; fi
echo "== function size (<= 60 lines)"; "$bin/python" scripts/function_size.py src
# one test process per core (pytest-xdist); "-n 0" among the arguments runs them in this one
# (for -s, --pdb); a test never depends on another's process or on the order they run in
echo "== pytest";              "$bin/pytest" -q -p no:cacheprovider -n auto "$@"
