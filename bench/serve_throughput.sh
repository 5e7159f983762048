#!/usr/bin/env bash
# Throughput of `samsyn serve` under a 10-second load of 50 connections on
# loopback. Needs wrk (apt-get install -y wrk).
#   bench/serve_throughput.sh [SITE_DIR] [PATH]
set -euo pipefail
cd "$(dirname "$0")/.."
site=${1:-.}
path=${2:-/rutiner/orosanmalan/}
command -v wrk >/dev/null || { echo "wrk is not installed (apt-get install -y wrk)"; exit 1; }
[ -x target/release/samsyn ] || cargo build --release
log=$(mktemp)
target/release/samsyn serve "$site" --port 0 --today 2026-11-22 -q >"$log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null' EXIT
for _ in $(seq 100); do grep -q "http://" "$log" && break; sleep 0.1; done
url=$(grep -o 'http://[^ ]*' "$log" | head -1)
wrk -t2 -c50 -d10s "${url%/}$path"
