#!/usr/bin/env bash
# The project's test command (README): unit, integration, doc tests, and the benches
# compiled and run once as tests so they cannot rot.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --locked
cargo test --locked
cargo test --locked --bench pipeline
