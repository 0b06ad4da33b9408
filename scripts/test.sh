#!/usr/bin/env bash
# Install luoshi with its test dependencies, then run the checks and the whole test suite.
# The README's second command, and what CI runs (.ci/run).
set -euo pipefail
cd "$(dirname "$0")/.."

PY=${PYTHON:-python3}
"$PY" -m pip install --quiet --disable-pip-version-check -e '.[test]'

echo "== ruff"
"$PY" -m ruff check src tests bench
"$PY" -m ruff format --check src tests bench
echo "== mypy"
"$PY" -m mypy
echo "== pytest"
"$PY" -m pytest "$@"
