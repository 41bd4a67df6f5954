#!/usr/bin/env bash
# The project's test command (README): unit, integration, doc tests, and the benches
# compiled and run once as tests so they cannot rot.
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
