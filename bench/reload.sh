#!/usr/bin/env bash
# Edit-to-reload latency of `bangvang serve` at 1,000 and 10,000 stories
# (or the sizes given): generates the stories with bench/gen.py (reused from
# bench/out/N when present), builds the release binary, then runs
# bench/reload.py on each. Goal: under 200 ms at 10,000 stories.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ "$#" -gt 0 ]; then SIZES=("$@"); else SIZES=(1000 10000); fi
cargo build --release --locked
for n in "${SIZES[@]}"; do
    if [ ! -d "bench/out/$n/bangvang/content" ]; then
        python3 bench/gen.py "$n" "bench/out/$n"
    fi
    python3 bench/reload.py "bench/out/$n/bangvang" 15
done
