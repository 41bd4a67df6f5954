#!/usr/bin/env bash
# The project's test command (README): unit, integration, doc tests, and the benches
# compiled and run once as tests so they cannot rot; then the Spark recipe and the Python
# package, from .venv (made if missing).
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --locked
cargo test --locked
cargo test --locked --bench pipeline
cargo test --locked --bench scale
# The tune/check evaluation script and the support-reply probes (stdlib Python; the part
# that needs ../shared/corpora skips, saying so, where it is absent).
python3 tests/eval/test_split_eval.py --bin target/release/turnscope
# The Spark recipe end to end (PySpark in local mode, from .venv, made if missing).
python="$(./scripts/venv.sh)"
"$python" tests/spark/test_spark_pipe.py --bin target/release/turnscope
# The Python package (python/): maturin builds its wheel into target/ (so the release
# build's dependencies are reused), pip installs it into .venv, pytest tests it against
# the binary built above.
venv_bin="$(dirname "$python")"
rm -rf target/python-wheels
CARGO_TARGET_DIR="$PWD/target" "$venv_bin/maturin" build --release --locked \
    -m python/Cargo.toml -i "$python" -o target/python-wheels
"$venv_bin/pip" install --quiet --disable-pip-version-check --force-reinstall --no-deps \
    target/python-wheels/turnscope-*.whl
TURNSCOPE_BIN="$PWD/target/release/turnscope" "$python" -m pytest python/tests -q
