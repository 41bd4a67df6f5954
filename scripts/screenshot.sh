#!/usr/bin/env bash
# Regenerates docs/report.png, the README's picture of a report: the report of
# examples/couple-session.txt rendered by headless Chromium (Debian's `chromium`),
# shrunk with pngquant where it is installed (apt-get install chromium pngquant).
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --locked
mkdir -p target docs
./target/release/turnscope report examples/couple-session.txt -o target/sample-report.html
profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT
chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync \
    --host-resolver-rules="MAP * ~NOTFOUND" --user-data-dir="$profile" --hide-scrollbars \
    --window-size=1280,1960 --screenshot="$PWD/target/sample-report.png" \
    "file://$PWD/target/sample-report.html" 2>/dev/null
if command -v pngquant >/dev/null; then
    pngquant --force --quality=70-90 --output docs/report.png target/sample-report.png
else
    cp target/sample-report.png docs/report.png
fi
ls -l docs/report.png
