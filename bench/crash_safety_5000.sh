#!/usr/bin/env bash
# The full-size crash-safety run: 5 000 documents (about 11 000 output
# files), `samsyn build` killed with SIGKILL at 11 points spread over the
# build, output/ checked byte for byte after each (see tests/crash_safety.rs).
# Release build: a debug build of 5 000 documents takes minutes per build.
#   bench/crash_safety_5000.sh
set -euo pipefail
cd "$(dirname "$0")/.."
exec cargo test --release --test crash_safety -- --ignored --nocapture
