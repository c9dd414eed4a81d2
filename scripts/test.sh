#!/usr/bin/env bash
# The test command from the README: installs what the tests need, then runs them.
#   1. cargo test (unit and integration tests, tests/folding.rs among them);
#   2. the search script in Node and in headless Chromium (tests/browser/),
#      the printed bulletin, review and board as A4 PDFs (poppler-utils),
#      against the example site built with target/debug/bangvang, and the
#      Nu HTML checker and axe-core over one page of each type.
# The browser tests are never skipped: without Chromium this script fails.
set -euo pipefail
cd "$(dirname "$0")/.."

cargo test --locked "$@"

# Debian's packages, as root (CI) or through sudo (a developer's machine).
apt_install() {
    local run=()
    if [ "$(id -u)" -ne 0 ]; then
        if command -v sudo >/dev/null; then run=(sudo); else
            echo "error: $* missing and not root: install it (apt-get install -y $*)" >&2
            exit 1
        fi
    fi
    "${run[@]}" apt-get update
    DEBIAN_FRONTEND=noninteractive "${run[@]}" apt-get install -y --no-install-recommends "$@"
}

command -v chromium >/dev/null || apt_install chromium
if ! command -v chromium >/dev/null; then
    echo "error: chromium is still missing after apt-get install; the browser tests cannot run" >&2
    exit 1
fi
export CHROMIUM_PATH="$(command -v chromium)"

# tests/browser/print.test.mjs counts and renders the printed pages (pdfinfo,
# pdftoppm, pdftotext).
command -v pdftoppm >/dev/null || apt_install poppler-utils
if ! command -v pdftoppm >/dev/null; then
    echo "error: poppler-utils is still missing after apt-get install; the print tests cannot run" >&2
    exit 1
fi

command -v node >/dev/null && command -v npm >/dev/null || apt_install nodejs npm
node_major="$(node -p 'process.versions.node.split(".")[0]')"
if [ "$node_major" -lt 20 ]; then
    echo "error: the browser tests need Node.js 20 or newer (playwright-core); found $(node --version)" >&2
    exit 1
fi

# The Nu HTML checker (tests/browser/checkers.test.mjs) is vnu.jar from the
# `vnu-jar` npm package, run by Debian's Java (Debian has no vnu package).
command -v java >/dev/null || apt_install default-jre-headless
if ! command -v java >/dev/null; then
    echo "error: java is still missing after apt-get install; the Nu HTML checker cannot run" >&2
    exit 1
fi

# playwright-core only drives the Chromium above; it never downloads a browser.
# No install scripts: vnu-jar's would fetch a Java runtime of its own.
PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --prefix tests/browser --ignore-scripts --no-audit --no-fund

cargo build --locked
export BANGVANG_BIN="$PWD/target/debug/bangvang"
node --test tests/browser/
