#!/usr/bin/env bash
# The test command from the README: installs what the tests need, then runs them.
set -euo pipefail
cd "$(dirname "$0")/.."

cargo test --locked "$@"
