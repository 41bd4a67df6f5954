#!/usr/bin/env bash
# Makes .venv with the Python packages the Spark test and the benchmarks need
# (scripts/requirements.txt), unless it is already there. Prints the venv's python.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! .venv/bin/python -c "import pyspark, vaderSentiment" >/dev/null 2>&1; then
  echo "== creating .venv (PySpark, vaderSentiment)" >&2
  python3 -m venv .venv >&2
  .venv/bin/pip install --quiet --disable-pip-version-check -r scripts/requirements.txt >&2
fi
echo "$PWD/.venv/bin/python"
