#!/usr/bin/env bash
# Search benchmark: bangvang's static search against Pagefind, on the same
# generated stories and the same built pages, in headless Chromium.
#
#   bench/search/run.sh [N]        default: 10000 stories
#
# 1. bench/gen.py writes N stories into bench/out/search-N/bangvang (reused on
#    later runs unless bench/gen.py or content/registry.yaml changed);
#    `cargo build --release`, then `bangvang build --timings` into
#    bench/out/search-N/public, BUILD_RUNS times (default 3; median reported).
# 2. `npm ci` here (package.json pins `pagefind`, whose npm package carries its
#    binary, and `playwright-core`), then Pagefind indexes the story pages of
#    that same output (bench/out/search-N/public/pagefind/), timed.
# 3. bench/search/truth.py picks 24 queries (8 full names, 8 wards, 8 deeds,
#    lowercase and unaccented) and computes from the story files which stories
#    each should find.
# 4. bench/search/serve.mjs serves the output on 127.0.0.1 with gzip, and
#    bench/search/bench.mjs opens every query in a fresh headless Chromium
#    context: bytes downloaded, requests, time to results, recall, top-5
#    precision, and the bytes of a later query typed in the same page.
# 5. bench/search/report.mjs prints the Markdown report, also saved to
#    bench/out/search-results-<date>.md (logs in bench/out/search-logs/).
#
# Needs python3, cargo, node and npm (with access to the npm registry for
# `npm ci`) and Chromium: /usr/bin/chromium (Debian's package `chromium`,
# installed with apt-get when missing and run as root), or CHROMIUM=/path.
# BENCH_BUILD_DIR=/dev/shm/bench puts the built site (~300 MB at 10000, with
# Pagefind's index) in memory: on a slow or busy disk, writing 25,000 files is
# most of bangvang's build time.
#
# Takes about 5 minutes at 10000 on 2 cores (Pagefind's indexing ~30 s, the
# browser runs ~3 min).
set -euo pipefail

cd "$(dirname "$0")/../.."
ROOT=$PWD
HERE=$ROOT/bench/search
OUT=$ROOT/bench/out
LOGS=$OUT/search-logs

N=${1:-10000}
[[ "$N" =~ ^[1-9][0-9]*$ ]] || { echo "run.sh: N '$N' is not a positive integer" >&2; exit 2; }
[ "$#" -le 1 ] || { echo "usage: bench/search/run.sh [N]" >&2; exit 2; }

die() { echo "run.sh: $*" >&2; exit 1; }
fail() {
    local what=$1 log=$2
    echo >&2
    echo "run.sh: FAILED: $what" >&2
    for f in "$log.stderr" "$log.stdout"; do
        if [ -s "$f" ]; then echo "--- last 30 lines of $f ---" >&2; tail -n 30 "$f" >&2; fi
    done
    exit 1
}
now() { date +%s.%N; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.2f", b - a }'; }

command -v python3 >/dev/null 2>&1 || die "python3 is needed (bench/gen.py, truth.py)"
command -v cargo >/dev/null 2>&1 || die "cargo is needed to build bangvang"
command -v node >/dev/null 2>&1 || die "node is needed (Node.js 18 or newer)"
command -v npm >/dev/null 2>&1 || die "npm is needed to install pagefind and playwright-core"

CHROMIUM=${CHROMIUM:-/usr/bin/chromium}
if [ ! -x "$CHROMIUM" ]; then
    [ "$CHROMIUM" = /usr/bin/chromium ] || die "CHROMIUM=$CHROMIUM is not an executable"
    [ "$(id -u)" -eq 0 ] || die "Chromium is missing; run as root so this script can apt-get install chromium, or set CHROMIUM=/path/to/chrome"
    echo "== apt-get install chromium"
    apt-get update
    DEBIAN_FRONTEND=noninteractive apt-get install -y chromium
fi

mkdir -p "$LOGS" "$OUT/search-bin"
DIR=$OUT/search-$N
# The built site: bench/out/search-N/public, or BENCH_BUILD_DIR/search-N/public
# (e.g. /dev/shm/bench) to time the build rather than a slow disk, as in bench/run.sh.
BUILD_DIR=${BENCH_BUILD_DIR:-$OUT}
case "$BUILD_DIR" in /*) ;; *) BUILD_DIR=$ROOT/$BUILD_DIR ;; esac
PUB=$BUILD_DIR/search-$N/public
mkdir -p "$(dirname "$PUB")"

# 1. Stories and the bangvang build.
GEN_KEY=$(cat bench/gen.py content/registry.yaml | sha256sum | cut -c1-16)
if [ -f "$DIR/.gen-key" ] && [ "$(cat "$DIR/.gen-key")" = "$GEN_KEY" ]; then
    echo "== $N stories: reusing $DIR"
else
    echo "== $N stories: generating into $DIR"
    rm -rf "$DIR"
    mkdir -p "$DIR"
    python3 bench/gen.py "$N" "$DIR" >"$LOGS/gen.stdout" 2>"$LOGS/gen.stderr" || fail "python3 bench/gen.py $N $DIR" "$LOGS/gen"
    cat "$LOGS/gen.stdout"
    # Only the bangvang site is used here.
    rm -rf "$DIR/hugo"
    echo "$GEN_KEY" >"$DIR/.gen-key"
fi

echo "== cargo build --release"
cargo build --release >"$LOGS/cargo.stdout" 2>"$LOGS/cargo.stderr" || fail "cargo build --release" "$LOGS/cargo"
# A private copy: target/release/bangvang may be rebuilt by someone else meanwhile.
BIN=$OUT/search-bin/bangvang
cp -f target/release/bangvang "$BIN"
REV=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
if [ -n "$(git status --porcelain -- src Cargo.toml Cargo.lock themes 2>/dev/null)" ]; then REV="$REV + uncommitted changes"; fi

LOAD=$(cut -d' ' -f1-3 /proc/loadavg)
RUNS=${BUILD_RUNS:-3}
echo "== bangvang build --timings ($N stories), $RUNS runs from an empty output folder (load average $LOAD)"
walls=(); logs=()
for run in $(seq 1 "$RUNS"); do
    rm -rf "$PUB"
    log=$LOGS/build-$run
    t0=$(now)
    "$BIN" build --root "$DIR/bangvang" --output "$PUB" --timings >"$log.stdout" 2>"$log.stderr" \
        || fail "bangvang build --root $DIR/bangvang --output $PUB" "$log"
    walls+=("$(since "$t0")"); logs+=("$log.stdout")
    published=$(grep -o '([0-9]* bài được xuất bản)' "$log.stdout" | grep -o '[0-9]*' || true)
    [ "$published" = "$N" ] || die "bangvang published '${published:-?}' of $N stories; see $log.stdout"
    echo "   run $run: $(grep -E 'search index|chỉ mục' "$log.stdout" | sed 's/^ *//'); $(grep -E 'tổng' "$log.stdout" | sed 's/^ *//'); wall ${walls[-1]} s"
done
BUILD_WALL=$(printf '%s\n' "${walls[@]}" | sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }')
BUILD_LOGS=$(IFS=,; echo "${logs[*]}")

# 2. Pagefind over the same pages.
echo "== npm ci (bench/search)"
(cd "$HERE" && npm ci --no-audit --no-fund) >"$LOGS/npm.stdout" 2>"$LOGS/npm.stderr" || fail "npm ci in bench/search" "$LOGS/npm"
PAGEFIND=$HERE/node_modules/.bin/pagefind
[ -x "$PAGEFIND" ] || die "npm ci did not install the pagefind binary ($PAGEFIND)"

echo "== pagefind --site $PUB --glob 'truyen/*.html'"
t0=$(now)
(cd "$HERE" && npx --no-install pagefind --site "$PUB" --output-subdir pagefind --glob 'truyen/*.html') \
    >"$LOGS/pagefind.stdout" 2>"$LOGS/pagefind.stderr" || fail "pagefind" "$LOGS/pagefind"
PAGEFIND_WALL=$(since "$t0")
grep -E 'Running Pagefind|Indexed [0-9]+ pages|Finished in' "$LOGS/pagefind.stdout" | sed 's/^/   /'
echo "   wall ${PAGEFIND_WALL} s"
cp "$HERE/pagefind.html" "$PUB/pagefind-bench.html"

# 3. Queries and ground truth.
echo "== queries and ground truth"
python3 "$HERE/truth.py" "$DIR/bangvang" "$PUB" "$DIR/truth.json" 2>"$LOGS/truth.stderr" || fail "truth.py" "$LOGS/truth"

# 4. Serve and measure.
echo "== serving $PUB"
# No stale address from an earlier run: the file is read before this server writes it.
rm -f "$LOGS/serve.stdout"
node "$HERE/serve.mjs" "$PUB" 0 >"$LOGS/serve.stdout" 2>"$LOGS/serve.stderr" &
SERVER=$!
trap 'kill "$SERVER" 2>/dev/null || true' EXIT
URL=
for _ in $(seq 1 100); do
    URL=$(grep -o 'http://127.0.0.1:[0-9]*/' "$LOGS/serve.stdout" 2>/dev/null || true)
    [ -n "$URL" ] && break
    kill -0 "$SERVER" 2>/dev/null || fail "serve.mjs" "$LOGS/serve"
    sleep 0.1
done
[ -n "$URL" ] || die "serve.mjs did not start; see $LOGS/serve.stderr"
echo "   $URL"

echo "== headless Chromium: $(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["queries"]))' "$DIR/truth.json") queries, bangvang then Pagefind, fresh context each"
node "$HERE/bench.mjs" --base "$URL" --truth "$DIR/truth.json" --public "$PUB" --out "$DIR/results.json" --chromium "$CHROMIUM" \
    2> >(tee "$LOGS/bench.stderr" >&2) || die "bench.mjs failed; see $LOGS/bench.stderr"

kill "$SERVER" 2>/dev/null || true
wait "$SERVER" 2>/dev/null || true
trap - EXIT

# 5. Report.
MACHINE="$(nproc) CPUs ($(awk -F': ' '/model name/ { print $2; exit }' /proc/cpuinfo)), $(awk '/MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo) RAM"
results=$OUT/search-results-$(date +%Y-%m-%d).md
[ -e "$results" ] && results=$OUT/search-results-$(date +%Y-%m-%d-%H%M%S).md
node "$HERE/report.mjs" --truth "$DIR/truth.json" --results "$DIR/results.json" --public "$PUB" \
    --build-log "$BUILD_LOGS" --build-wall "$BUILD_WALL" --load "$LOAD" \
    --pagefind-log "$LOGS/pagefind.stdout" --pagefind-seconds "$PAGEFIND_WALL" \
    --stories "$N" --rev "$REV" --machine "$MACHINE" \
    --outputs "$(dirname "$PUB") ($(df -PT "$(dirname "$PUB")" | awk 'NR == 2 { print $2 " on " $1 }'))" >"$results"
echo
cat "$results"
echo
echo "Saved to $results"
