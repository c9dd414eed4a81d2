#!/usr/bin/env bash
# Load on `bangvang serve` (bench/serve_load.py): requests per second at
# concurrency 100 with 500 live-reload streams open, on the example site.
# Builds the release binary and installs Debian's wrk if missing.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v wrk >/dev/null || apt-get install -y wrk
cargo build --release --locked
python3 bench/serve_load.py target/release/bangvang . "$@"
