#!/usr/bin/env bash
# Install luoshi with its test dependencies, then run the checks and the whole test suite.
# The README's second command, and what CI runs (.ci/run).
set -euo pipefail
cd "$(dirname "$0")/.."

PY=${PYTHON:-python3}

# System packages the tests use: PostgreSQL for the store's tests (they start a
# throw-away server themselves), a browser and Java. Installed with apt when missing and allowed.
need=()
compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null || need+=(postgresql)
# Chromium (with a CJK font, or Chinese renders as boxes) for the browser tests; Java for Spark.
command -v chromium >/dev/null || need+=(chromium)
compgen -G "/usr/share/fonts/truetype/wqy/*" >/dev/null || need+=(fonts-wqy-microhei)
command -v java >/dev/null || need+=(default-jre-headless)
if ((${#need[@]})); then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "== installing ${need[*]}"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
  else
    echo "note: ${need[*]} not installed and not installable here; those tests will skip"
  fi
fi

"$PY" -m pip install --quiet --disable-pip-version-check -e '.[test]'

echo "== ruff"
"$PY" -m ruff check src tests bench
"$PY" -m ruff format --check src tests bench
echo "== mypy"
"$PY" -m mypy
echo "== pytest"
"$PY" -m pytest "$@"
