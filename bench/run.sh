#!/usr/bin/env bash
# Build benchmark: bangvang against Hugo on the same generated stories.
#
#   bench/run.sh [SIZES...]        default: 1000 10000
#
# For each size N, bench/gen.py writes bench/out/N/{bangvang,hugo}/ (reused on
# later runs unless bench/gen.py or content/registry.yaml changed), then each
# generator does a full build 3 times (output deleted before every run), timed
# by /usr/bin/time -v. The table reports the median wall time, the largest
# "Maximum resident set size" of the 3 runs and the number of .html files
# written, then the files and bytes of each output in all and per story
# (bangvang's share cards shown apart: most of its bytes), and is also saved to bench/out/results-<date>.md. Logs of every run
# are in bench/out/logs/.
#
# Then the rebuilds a ward lives with, each tool in turn (interleaved), 3 times:
# a build again with nothing changed, and a build after a one-story edit (a
# sentence added at the end of the same story in both sites; put back after).
# bangvang also gets one cold build first: no output and no cache beside it
# (a fresh machine; its share cards are all drawn). Last, the physical floor
# of a full build: each finished output tree copied with `cp -r` to a new
# folder on the same disk, each tool's in turn, 3 times.
#
# 100000 is allowed but slow: generating takes a few minutes, every build
# minutes, and it needs roughly 7 GB of disk under bench/out/100000 (content
# ~1.6 GB, bangvang output ~3.7 GB, Hugo output ~1.8 GB, extrapolated from 1000).
#
# Build outputs go to bench/out/N/{bangvang,hugo}-public. On a slow or
# throttled disk, file creation can dominate the wall time of both generators
# (see the "outputs on" line of the report); BENCH_BUILD_DIR=/dev/shm/bench
# writes the outputs to that folder instead (N/ under it) to time the
# generators rather than the disk. Sources always stay in bench/out/N.
#
# Needs python3 and cargo; installs hugo and time (/usr/bin/time) with apt-get
# when missing (as root). Fails loudly, with the last 30 lines of the failing
# command's stderr, if any build fails.
set -euo pipefail

cd "$(dirname "$0")/.."
# Absolute: hugo resolves a relative -d against its -s folder.
OUT=$PWD/bench/out
LOGS=$OUT/logs
RUNS=3
BUILD_DIR=${BENCH_BUILD_DIR:-$OUT}
case "$BUILD_DIR" in /*) ;; *) BUILD_DIR=$PWD/$BUILD_DIR ;; esac

if [ "$#" -gt 0 ]; then SIZES=("$@"); else SIZES=(1000 10000); fi
for n in "${SIZES[@]}"; do
    [[ "$n" =~ ^[1-9][0-9]*$ ]] || { echo "run.sh: size '$n' is not a positive integer" >&2; exit 2; }
done
# Smallest to largest, so the linearity line compares the ends.
mapfile -t SIZES < <(printf '%s\n' "${SIZES[@]}" | sort -n -u)

die() { echo "run.sh: $*" >&2; exit 1; }

APT_UPDATED=0
apt_install() {
    [ "$(id -u)" -eq 0 ] || die "$1 is missing; run as root so this script can apt-get install it, or install it yourself"
    if [ "$APT_UPDATED" -eq 0 ]; then apt-get update; APT_UPDATED=1; fi
    DEBIAN_FRONTEND=noninteractive apt-get install -y "$@"
}
command -v hugo >/dev/null 2>&1 || apt_install hugo
[ -x /usr/bin/time ] || apt_install time
command -v python3 >/dev/null 2>&1 || die "python3 is needed for bench/gen.py"
command -v cargo >/dev/null 2>&1 || die "cargo is needed to build bangvang"

mkdir -p "$LOGS"

# Print the tail of a failed command's stderr (or stdout if stderr is empty) and stop.
fail() {
    local what=$1 log=$2
    echo >&2
    echo "run.sh: FAILED: $what" >&2
    if [ -s "$log.stderr" ]; then
        echo "--- last 30 lines of stderr ($log.stderr) ---" >&2
        tail -n 30 "$log.stderr" >&2
    elif [ -s "$log.stdout" ]; then
        echo "--- stderr is empty; last 30 lines of stdout ($log.stdout) ---" >&2
        tail -n 30 "$log.stdout" >&2
    fi
    exit 1
}

echo "== cargo build --release"
if ! cargo build --release >"$LOGS/cargo.stdout" 2>"$LOGS/cargo.stderr"; then
    fail "cargo build --release" "$LOGS/cargo"
fi
# Time a private copy: target/release/bangvang may be rebuilt by someone else
# while the benchmark runs.
BIN=$OUT/bin/bangvang
mkdir -p "$OUT/bin"
cp -f target/release/bangvang "$BIN"

GEN_KEY=$(cat bench/gen.py content/registry.yaml | sha256sum | cut -c1-16)

# Run "$@" under /usr/bin/time -v, logs at $1; sets WALL (s) and RSS_KB.
timed() {
    local log=$1; shift
    if ! /usr/bin/time -v -o "$log.time" "$@" >"$log.stdout" 2>"$log.stderr"; then
        fail "$*" "$log"
    fi
    # "Elapsed (wall clock) time (h:mm:ss or m:ss): 0:01.23"
    WALL=$(awk '/Elapsed \(wall clock\)/ { n = split($NF, p, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + p[i]; print s }' "$log.time")
    RSS_KB=$(awk '/Maximum resident set size/ { print $NF }' "$log.time")
    [ -n "$WALL" ] && [ -n "$RSS_KB" ] || die "could not read /usr/bin/time output in $log.time"
}

median() { printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
maximum() { printf '%s\n' "$@" | sort -g | tail -n 1; }
html_count() {
    [ -d "$1" ] || die "no output folder $1 after the build"
    find "$1" -type f -name '*.html' | wc -l | tr -d ' '
}

# Files and bytes under a folder, as "FILES BYTES".
out_size() {
    [ -d "$1" ] || die "no output folder $1 after the build"
    find "$1" -type f -printf '%s\n' | awk '{ b += $1 } END { printf "%d %d\n", NR, b }'
}
# bangvang's share cards (a PNG per story and the site's), as "FILES BYTES".
card_size() {
    { find "$1/truyen" -type f -name '*.png' -printf '%s\n'; [ -f "$1/chia-se.png" ] && stat -c %s "$1/chia-se.png"; } \
        | awk '{ b += $1 } END { printf "%d %d\n", NR, b }'
}

declare -A R_WALL R_RSS R_PAGES R_FILES R_BYTES R_COLD R_AGAIN R_EDIT R_FLOOR

# The story edited by the one-edit rebuilds, in each site, and its original.
EDITED=7
edited_files() {
    local dir=$1
    compgen -G "$dir/bangvang/content/stories/*/$EDITED.md" | head -n 1
    echo "$dir/hugo/content/stories/$EDITED.md"
}
# The originals wait outside the sites: a new file in content/ is an edit too.
backup_of() { echo "$LOGS/edited-$(echo "$1" | md5sum | cut -c1-12).orig"; }
restore_edits() {
    local f
    for f in "${EDIT_FILES[@]:-}"; do
        [ -n "$f" ] && [ -f "$(backup_of "$f")" ] && cp -f "$(backup_of "$f")" "$f"
    done
    return 0
}
trap restore_edits EXIT

# Rebuilds into the outputs of the last full build: nothing changed, then a
# one-story edit; each tool in turn, $RUNS times. Sets R_AGAIN and R_EDIT.
rebuilds() {
    local n=$1 dir=$2 pub=$3 run g log
    mapfile -t EDIT_FILES < <(edited_files "$dir")
    local f
    for f in "${EDIT_FILES[@]}"; do cp -p "$f" "$(backup_of "$f")"; done
    local -A again edit
    for run in $(seq 1 "$RUNS"); do
        timed "$LOGS/bangvang-$n-again-$run" "$BIN" build --root "$dir/bangvang" --output "$pub/bangvang-public"
        again[bangvang]+="$WALL "
        timed "$LOGS/hugo-$n-again-$run" hugo --quiet -s "$dir/hugo" -d "$pub/hugo-public"
        again[hugo]+="$WALL "
        for f in "${EDIT_FILES[@]}"; do
            printf '\nMột câu thêm vào lần sửa thứ %d.\n' "$run" >>"$f"
        done
        timed "$LOGS/bangvang-$n-edit-$run" "$BIN" build --root "$dir/bangvang" --output "$pub/bangvang-public"
        edit[bangvang]+="$WALL "
        timed "$LOGS/hugo-$n-edit-$run" hugo --quiet -s "$dir/hugo" -d "$pub/hugo-public"
        edit[hugo]+="$WALL "
        printf '   rebuild %d: nothing changed: bangvang %6.2f s | hugo %6.2f s\n' "$run" \
            "$(echo "${again[bangvang]}" | awk '{ print $NF }')" "$(echo "${again[hugo]}" | awk '{ print $NF }')"
        printf '              one story edited: bangvang %6.2f s | hugo %6.2f s\n' \
            "$(echo "${edit[bangvang]}" | awk '{ print $NF }')" "$(echo "${edit[hugo]}" | awk '{ print $NF }')"
    done
    restore_edits
    EDIT_FILES=()
    for g in bangvang hugo; do
        # shellcheck disable=SC2086 # word splitting wanted: one wall time a word
        R_AGAIN[$g,$n]=$(median ${again[$g]})
        # shellcheck disable=SC2086
        R_EDIT[$g,$n]=$(median ${edit[$g]})
    done
}

# The physical floor of a full build: copying each finished output tree
# (`cp -r`, no links kept) to a new folder on the same disk, each tool's in
# turn, $RUNS times; the copy is removed after each run. Sets R_FLOOR.
floors() {
    local n=$1 pub=$2 run g
    local -A walls
    for run in $(seq 1 "$RUNS"); do
        for g in bangvang hugo; do
            rm -rf "$pub/floor-copy"
            timed "$LOGS/$g-$n-floor-$run" cp -r "$pub/$g-public" "$pub/floor-copy"
            walls[$g]+="$WALL "
        done
        rm -rf "$pub/floor-copy"
        printf '   copy %d: bangvang output %6.2f s | hugo output %6.2f s\n' "$run" \
            "$(echo "${walls[bangvang]}" | awk '{ print $NF }')" "$(echo "${walls[hugo]}" | awk '{ print $NF }')"
    done
    for g in bangvang hugo; do
        # shellcheck disable=SC2086 # word splitting wanted: one wall time a word
        R_FLOOR[$g,$n]=$(median ${walls[$g]})
    done
}

for n in "${SIZES[@]}"; do
    dir=$OUT/$n
    if [ -f "$dir/.gen-key" ] && [ "$(cat "$dir/.gen-key")" = "$GEN_KEY" ]; then
        echo "== $n stories: reusing $dir"
    else
        echo "== $n stories: generating into $dir"
        rm -rf "$dir/bangvang" "$dir/hugo" "$dir/.gen-key"
        mkdir -p "$dir"
        if ! python3 bench/gen.py "$n" "$dir" >"$LOGS/gen-$n.stdout" 2>"$LOGS/gen-$n.stderr"; then
            fail "python3 bench/gen.py $n $dir" "$LOGS/gen-$n"
        fi
        cat "$LOGS/gen-$n.stdout"
        echo "$GEN_KEY" >"$dir/.gen-key"
    fi

    pub=$BUILD_DIR/$n
    mkdir -p "$pub"
    # A first build on a fresh machine: no output, no cache (every card drawn).
    rm -rf "$pub/bangvang-public" "$pub/.bangvang-public.bangvang-"*
    timed "$LOGS/bangvang-$n-cold" "$BIN" build --root "$dir/bangvang" --output "$pub/bangvang-public"
    R_COLD[$n]=$WALL
    printf '   cold: bangvang %6.2f s (no output, no cache)\n' "$WALL"
    bv_walls=(); bv_rss=(); hg_walls=(); hg_rss=()
    for run in $(seq 1 "$RUNS"); do
        # bangvang: no previous output, so nothing is hard-linked from an older build.
        rm -rf "$pub/bangvang-public" "$pub/.bangvang-public.bangvang-new" "$pub/.bangvang-public.bangvang-old"
        log=$LOGS/bangvang-$n-$run
        timed "$log" "$BIN" build --root "$dir/bangvang" --output "$pub/bangvang-public"
        bv_walls+=("$WALL"); bv_rss+=("$RSS_KB")
        # Every story must be published, or the comparison is off.
        published=$(grep -o '([0-9]* bài được xuất bản)' "$log.stdout" | grep -o '[0-9]*' || true)
        if [ -z "$published" ]; then
            echo "run.sh: warning: could not read the published count from $log.stdout" >&2
        elif [ "$published" != "$n" ]; then
            echo "run.sh: bangvang published $published of $n stories; see $log.stdout and $log.stderr" >&2
            exit 1
        fi
        if [ "$run" -eq 1 ] && [ -s "$log.stderr" ]; then
            echo "run.sh: note: bangvang printed $(wc -l <"$log.stderr") line(s) on stderr (warnings), first 10:" >&2
            head -n 10 "$log.stderr" >&2
        fi

        # Hugo: no public/ and no resource cache.
        rm -rf "$pub/hugo-public" "$dir/hugo/resources/_gen" "$dir/hugo/.hugo_build.lock"
        log=$LOGS/hugo-$n-$run
        timed "$log" hugo --quiet -s "$dir/hugo" -d "$pub/hugo-public"
        hg_walls+=("$WALL"); hg_rss+=("$RSS_KB")
        printf '   run %d: bangvang %6.2f s %7.1f MiB | hugo %6.2f s %7.1f MiB\n' "$run" \
            "${bv_walls[-1]}" "$(awk -v k="${bv_rss[-1]}" 'BEGIN { print k / 1024 }')" \
            "${hg_walls[-1]}" "$(awk -v k="${hg_rss[-1]}" 'BEGIN { print k / 1024 }')"
    done
    rebuilds "$n" "$dir" "$pub"
    floors "$n" "$pub"
    R_WALL[bangvang,$n]=$(median "${bv_walls[@]}"); R_RSS[bangvang,$n]=$(maximum "${bv_rss[@]}")
    R_WALL[hugo,$n]=$(median "${hg_walls[@]}");     R_RSS[hugo,$n]=$(maximum "${hg_rss[@]}")
    R_PAGES[bangvang,$n]=$(html_count "$pub/bangvang-public")
    R_PAGES[hugo,$n]=$(html_count "$pub/hugo-public")
    read -r R_FILES[bangvang,$n] R_BYTES[bangvang,$n] < <(out_size "$pub/bangvang-public")
    read -r R_FILES[cards,$n] R_BYTES[cards,$n] < <(card_size "$pub/bangvang-public")
    R_FILES[nocards,$n]=$(( R_FILES[bangvang,$n] - R_FILES[cards,$n] ))
    R_BYTES[nocards,$n]=$(( R_BYTES[bangvang,$n] - R_BYTES[cards,$n] ))
    read -r R_FILES[hugo,$n] R_BYTES[hugo,$n] < <(out_size "$pub/hugo-public")
done

# ---------------------------------------------------------------------------
# Report.

rev=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
if [ -n "$(git status --porcelain -- src Cargo.toml Cargo.lock themes 2>/dev/null)" ]; then rev="$rev + uncommitted changes"; fi
report() {
    echo "# Build benchmark, $(date -u '+%Y-%m-%d %H:%M UTC')"
    echo
    echo "- bangvang $rev (cargo build --release); $(hugo version | cut -d' ' -f1-2)"
    echo "- machine: $(nproc) CPUs ($(awk -F': ' '/model name/ { print $2; exit }' /proc/cpuinfo)), $(awk '/MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo) RAM"
    echo "- outputs on: $BUILD_DIR ($(df -PT "$BUILD_DIR" | awk 'NR == 2 { print $2 " on " $1 }'))"
    echo "- each build run $RUNS times from an empty output folder (warm file cache); wall = median, RSS = max; /usr/bin/time -v, 10 ms resolution"
    echo "- pages = .html files written (Hugo's count includes its page/1/ alias redirects; Hugo also writes RSS and a sitemap, bangvang a search index)"
    for n in "${SIZES[@]}"; do
        echo
        echo "### $n stories"
        echo
        echo "| generator | stories | pages (.html) | wall s (median of $RUNS) | peak RSS MiB | wall ratio to Hugo | RSS ratio to Hugo |"
        echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: |"
        for g in bangvang hugo; do
            awk -v g="$g" -v n="$n" -v p="${R_PAGES[$g,$n]}" \
                -v w="${R_WALL[$g,$n]}" -v r="${R_RSS[$g,$n]}" \
                -v hw="${R_WALL[hugo,$n]}" -v hr="${R_RSS[hugo,$n]}" 'BEGIN {
                    wr = (hw > 0) ? sprintf("%.2f", w / hw) : "n/a"
                    printf "| %s | %d | %d | %.2f | %.1f | %s | %.2f |\n", g, n, p, w, r / 1024, wr, r / hr
                }'
        done
        echo
        echo "Rebuilds into the last build's output (median of $RUNS, each tool in turn):"
        echo
        echo "| build | bangvang s | Hugo s | bangvang ÷ Hugo |"
        echo "| --- | ---: | ---: | ---: |"
        awk -v c="${R_COLD[$n]}" -v w="${R_WALL[bangvang,$n]}" -v h="${R_WALL[hugo,$n]}" \
            -v a="${R_AGAIN[bangvang,$n]}" -v ah="${R_AGAIN[hugo,$n]}" \
            -v e="${R_EDIT[bangvang,$n]}" -v eh="${R_EDIT[hugo,$n]}" \
            -v f="${R_FLOOR[bangvang,$n]}" -v fh="${R_FLOOR[hugo,$n]}" 'BEGIN {
                printf "| full, cold (no output, no cache) | %.2f | %.2f | %.2f |\n", c, h, c / h
                printf "| full, empty output, cache kept | %.2f | %.2f | %.2f |\n", w, h, w / h
                printf "| again, nothing changed | %.2f | %.2f | %.2f |\n", a, ah, a / ah
                printf "| one story edited | %.2f | %.2f | %.2f |\n", e, eh, e / eh
                printf "| floor: `cp -r` of the output tree on the same disk | %.2f | %.2f | %.2f |\n", f, fh, f / fh
            }'
        echo
        echo "Output written (every file; the goal is at most 1.5× Hugo's per story):"
        echo
        echo "| output | files | MB | files per story | KB per story | files ÷ Hugo | bytes ÷ Hugo |"
        echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: |"
        for g in bangvang cards nocards hugo; do
            local label=$g
            case $g in
                cards) label="of which bangvang's share cards (PNG)" ;;
                nocards) label="bangvang without share cards" ;;
            esac
            awk -v g="$label" -v n="$n" -v f="${R_FILES[$g,$n]}" -v b="${R_BYTES[$g,$n]}" \
                -v hf="${R_FILES[hugo,$n]}" -v hb="${R_BYTES[hugo,$n]}" 'BEGIN {
                    printf "| %s | %d | %.1f | %.2f | %.1f | %.2f | %.2f |\n", g, f, b / 1e6, f / n, b / n / 1e3, f / hf, b / hb
                }'
        done
    done
    echo
    local lo=${SIZES[0]} hi=${SIZES[-1]}
    if [ "$lo" = "$hi" ]; then
        echo "Linearity: n/a (one size only; run with two or more sizes, e.g. \`bench/run.sh 1000 10000\`)."
    else
        for g in bangvang hugo; do
            awk -v g="$g" -v lo="$lo" -v hi="$hi" -v tl="${R_WALL[$g,$lo]}" -v th="${R_WALL[$g,$hi]}" 'BEGIN {
                    t = (tl > 0) ? sprintf("%.1f", th / tl) : "n/a"
                    printf "Linearity, %s: time(%d)/time(%d) = %s vs story ratio %.1f (equal = linear, smaller = fixed costs dominate at the small size).\n", g, hi, lo, t, hi / lo
                }'
        done
    fi
}

results=$OUT/results-$(date +%Y-%m-%d).md
[ -e "$results" ] && results=$OUT/results-$(date +%Y-%m-%d-%H%M%S).md
echo
report | tee "$results"
echo
echo "Saved to $results"
