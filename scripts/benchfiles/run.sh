#!/usr/bin/env bash
# Files API bench of PocketBase-compatible servers, side by side on loopback:
# serving a 100KB file and a cached thumb (16 connections), 1MB uploads and
# the peak RSS while 16 clients upload 50MB each (streamed from the client).
# usage: scripts/benchfiles/run.sh BIN_A [BIN_B]   (env: ROUNDS=2 DUR=5s)
# Each round starts every server on a fresh data dir; rounds alternate A B A B.
set -u
here=$(cd "$(dirname "$0")" && pwd)
ROUNDS=${ROUNDS:-2} DUR=${DUR:-5s}
tool=$(mktemp /tmp/benchfiles.XXXX)
(cd "$here" && go build -o "$tool" .) || exit 1
trap 'rm -f "$tool"' EXIT
for r in $(seq 1 "$ROUNDS"); do
  i=0
  for bin in "$@"; do
    port=$((18290 + i)); i=$((i + 1))
    d=$(mktemp -d /tmp/benchfiles-data.XXXX)
    "$bin" superuser upsert bench@example.com benchpass123 --dir="$d/pb_data" >/dev/null 2>&1
    "$bin" serve --http=127.0.0.1:$port --dir="$d/pb_data" >"$d/log" 2>&1 &
    pid=$!
    for _ in $(seq 1 300); do curl -fs "http://127.0.0.1:$port/api/health" >/dev/null 2>&1 && break; sleep 0.1; done
    echo "# round $r: $bin"
    timeout 900 "$tool" -url "http://127.0.0.1:$port" -pid "$pid" -dur "$DUR" -c 16
    kill "$pid"; wait "$pid" 2>/dev/null
    rm -rf "$d"
  done
done
