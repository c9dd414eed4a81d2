#!/usr/bin/env bash
# Cold queries at any size, bangvang alone (no Pagefind, no recall listing):
# bytes as sent, requests and time to first results of one query in a fresh
# browser. For 100,000 stories, where run.sh's Pagefind indexing and listing
# every result for recall would take hours.
#
#   bench/search/cold.sh SITE PUBLIC [OUT_DIR]
#
# SITE is a bangvang site written by bench/gen.py (truth.py reads its story
# files), PUBLIC its built output (`bangvang build --root SITE --output
# PUBLIC`; only read). truth.py picks the 24 queries (8 full names, 8 wards,
# 8 deed phrases); cold.mjs adds the surnames "nguyen" and "nguyễn" and
# prints the Markdown table, each query's time the fastest of RUNS cold runs
# (default 3). truth.json and cold.json go to OUT_DIR (default
# bench/out/cold-<stories>).
#
# Example, 100,000 stories in memory:
#   python3 bench/gen.py 100000 /dev/shm/c100k
#   target/release/bangvang build --root /dev/shm/c100k/bangvang --output /dev/shm/o100k
#   bench/search/cold.sh /dev/shm/c100k/bangvang /dev/shm/o100k
set -euo pipefail

[ "$#" -ge 2 ] && [ "$#" -le 3 ] || { echo "usage: bench/search/cold.sh SITE PUBLIC [OUT_DIR]" >&2; exit 2; }
SITE=$(realpath "$1")
PUB=$(realpath "$2")
cd "$(dirname "$0")/../.."
[ -f "$PUB/search/meta.json" ] || { echo "cold.sh: $PUB/search/meta.json missing: not a built site" >&2; exit 1; }
DOCS=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["docs"])' "$PUB/search/meta.json")
OUT=${3:-bench/out/cold-$DOCS}
mkdir -p "$OUT"

echo "== queries and ground truth ($DOCS stories)"
python3 bench/search/truth.py "$SITE" "$PUB" "$OUT/truth.json"
# cold.mjs drives Chromium with playwright-core from either folder; a fresh
# clone has neither, so install bench/search's pinned one.
if [ ! -d bench/search/node_modules/playwright-core ] && [ ! -d tests/browser/node_modules/playwright-core ]; then
    echo "== npm ci (bench/search: playwright-core)"
    (cd bench/search && npm ci --no-audit --no-fund >/dev/null)
fi
echo "== cold queries in headless Chromium (load average $(cut -d' ' -f1-3 /proc/loadavg))"
node bench/search/cold.mjs "$PUB" --truth "$OUT/truth.json" --out "$OUT/cold.json" --runs "${RUNS:-3}"
