#!/usr/bin/env bash
# Overhead of the observability features on one binary: the request metrics
# (settings.observability.metricsEnabled) and the visitor stats
# (analyticsEnabled) all on vs all off, switched through /api/settings on
# one running server, on the health and list30 cases of ../shared/bench.
# usage: scripts/benchobs/run.sh BIN   (needs wrk; env: DUR=5s CONN=16 ROUNDS=3)
# Rounds alternate the order (on off, off on, ...) so that a drift of the
# machine's load does not favour one side; each side keeps its best run.
# Prints req/s on and off per case and how much slower "on" is.
set -u
here=$(cd "$(dirname "$0")" && pwd)
bin=${1:?usage: run.sh BIN}
DUR=${DUR:-5s} CONN=${CONN:-16} ROUNDS=${ROUNDS:-3}
port=18390
d=$(mktemp -d /tmp/benchobs.XXXX)
cp -r "$here/pb_migrations" "$d/"
"$bin" superuser upsert bench@example.com benchpass123 --dir="$d/pb_data" --migrationsDir="$d/pb_migrations" >/dev/null 2>&1
"$bin" serve --http=127.0.0.1:$port --dir="$d/pb_data" --migrationsDir="$d/pb_migrations" --hooksDir="$d/pb_hooks" \
  --hooksWatch=false >"$d/log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null; rm -rf "$d"' EXIT
base="http://127.0.0.1:$port"
for _ in $(seq 1 600); do curl -fs "$base/api/health" >/dev/null 2>&1 && break; sleep 0.1; done
token=$(curl -fs -X POST -H 'Content-Type: application/json' \
  -d '{"identity":"bench@example.com","password":"benchpass123"}' \
  "$base/api/collections/_superusers/auth-with-password" | sed -n 's/.*"token":"\([^"]*\)".*/\1/p')
[ -n "$token" ] || { echo "could not sign in as the bench superuser" >&2; exit 1; }

observe() { # on|off
  local v=false; [ "$1" = on ] && v=true
  curl -fs -X PATCH -H 'Content-Type: application/json' -H "Authorization: $token" \
    -d "{\"observability\":{\"metricsEnabled\":$v,\"analyticsEnabled\":$v}}" "$base/api/settings" >/dev/null ||
    { echo "could not switch observability $1" >&2; exit 1; }
}

cases=("health|/api/health" "list30|/api/collections/posts/records?perPage=30")
echo "# $bin: observability on vs off, best of $ROUNDS x $DUR, $CONN connections"
for c in "${cases[@]}"; do
  IFS='|' read -r name path <<<"$c"
  declare -A best=([on]=0 [off]=0)
  wrk -t1 -c"$CONN" -d1s "$base$path" >/dev/null 2>&1 # warm up: page cache, pools
  for r in $(seq 1 "$ROUNDS"); do
    order="on off"; [ $((r % 2)) -eq 0 ] && order="off on"
    for mode in $order; do
      observe "$mode"
      out=$(wrk -t1 -c"$CONN" -d"$DUR" "$base$path" 2>&1)
      rps=$(echo "$out" | awk '/Requests\/sec/{print $2}')
      if echo "$out" | grep -q Non-2xx || [ -z "$rps" ]; then echo "$name $mode: failed requests" >&2; exit 1; fi
      awk "BEGIN{exit !($rps > ${best[$mode]})}" && best[$mode]=$rps
    done
  done
  echo "$name  on ${best[on]}  off ${best[off]}  on/off $(awk "BEGIN{printf \"%.3f\", ${best[on]}/${best[off]}}")  overhead $(awk "BEGIN{printf \"%.1f%%\", (1-${best[on]}/${best[off]})*100}")"
done
