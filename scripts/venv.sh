#!/usr/bin/env bash
# Makes .venv with the Python packages the Spark test, the Python package's tests and the
# benchmarks need (scripts/requirements.txt, then scripts/requirements-nodeps.txt without
# their dependencies), unless they are already there. Prints the venv's python.
set -euo pipefail
cd "$(dirname "$0")/.."
wanted="pyspark vaderSentiment maturin pytest pandas convokit"
check='import importlib.util as u, sys; sys.exit(any(u.find_spec(m) is None for m in sys.argv[1:]))'
# shellcheck disable=SC2086
if ! .venv/bin/python -c "$check" $wanted >/dev/null 2>&1; then
  echo "== making .venv (PySpark, vaderSentiment, maturin, pytest, pandas, ConvoKit)" >&2
  python3 -m venv .venv >&2
  .venv/bin/pip install --quiet --disable-pip-version-check -r scripts/requirements.txt >&2
  .venv/bin/pip install --quiet --disable-pip-version-check --no-deps \
    -r scripts/requirements-nodeps.txt >&2
fi
echo "$PWD/.venv/bin/python"
