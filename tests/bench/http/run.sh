#!/usr/bin/env bash
# HTTP bench of any PocketBase-compatible binaries (hookbase, PocketBase) on the same data and hooks.
#
#   tests/bench/http/run.sh BIN_A [BIN_B]
#
# env: ROWS=10000 (rows seeded in posts and notes), DUR=5s, CONN=16, ROUNDS=2,
#      CASES=REGEX (run only the cases whose name matches), KEEP=1 (keep the data dirs).
# Each binary gets its own temp dir, seeded by pb_migrations/ at start. The cases run
# alternating A B A B; the best req/s of ROUNDS is printed per binary, with the ratio A/B.
# Any non-2xx answer marks the case ERR. Write cases run last so reads see exactly ROWS rows.
set -u
here=$(cd "$(dirname "$0")" && pwd)
ROWS=${ROWS:-10000} DUR=${DUR:-5s} CONN=${CONN:-16} ROUNDS=${ROUNDS:-2} CASES=${CASES:-.}
[ $# -ge 1 ] || { echo "usage: $0 BIN_A [BIN_B]" >&2; exit 2; }
command -v wrk >/dev/null || { echo "wrk is required (apt-get install -y wrk)" >&2; exit 2; }
bins=("$@")
declare -A port pid dir token

start() { # idx bin
  local i=$1 bin=$2 d t0
  d=$(mktemp -d /tmp/httpbench.XXXX); dir[$i]=$d
  cp -r "$here/pb_hooks" "$here/pb_migrations" "$d/"
  port[$i]=$((18190 + i))
  t0=$(date +%s.%N)
  BENCH_ROWS=$ROWS "$bin" serve --http=127.0.0.1:${port[$i]} --dir="$d/pb_data" --hooksDir="$d/pb_hooks" \
    --migrationsDir="$d/pb_migrations" --hooksWatch=false >"$d/log" 2>&1 &
  pid[$i]=$!
  for _ in $(seq 1 1800); do curl -fs "http://127.0.0.1:${port[$i]}/api/health" >/dev/null 2>&1 && break; sleep 0.1; done
  curl -fs "http://127.0.0.1:${port[$i]}/api/health" >/dev/null || { echo "# $bin did not start:"; tail -20 "$d/log"; exit 1; }
  echo "# $i: $bin ready in $(awk "BEGIN{printf \"%.1f\", $(date +%s.%N)-$t0}")s (seeding $ROWS rows)"
  token[$i]=$(curl -fs -X POST -H 'Content-Type: application/json' \
    -d '{"identity":"member0@example.com","password":"benchpass123"}' \
    "http://127.0.0.1:${port[$i]}/api/collections/members/auth-with-password" | sed -n 's/.*"token":"\([^"]*\)".*/\1/p')
  [ -n "${token[$i]}" ] || { echo "# $bin: member sign-in failed"; exit 1; }
}
stop() {
  for i in "${!bins[@]}"; do
    [ -n "${pid[$i]:-}" ] || continue
    kill "${pid[$i]}" 2>/dev/null; wait "${pid[$i]}" 2>/dev/null
    [ -n "${KEEP:-}" ] || rm -rf "${dir[$i]}"
  done
}
trap stop EXIT
rss() { awk '/VmRSS/{print int($2/1024)}' "/proc/$1/status" 2>/dev/null; }

for i in "${!bins[@]}"; do start "$i" "${bins[$i]}"; done
sleep 1
for i in "${!bins[@]}"; do
  n=$(curl -fs "http://127.0.0.1:${port[$i]}/api/collections/posts/records?perPage=1" | sed -n 's/.*"totalItems":\([0-9]*\).*/\1/p')
  echo "# $i: idle RSS $(rss "${pid[$i]}") MiB, posts $n"
done

P=/api/collections/posts/records
F30="perPage=30&sort=-views"
# name|method|auth|lua|path    (auth=1 sends member0's token)
cases=(
  "health|GET|0||/api/health"
  "list30|GET|0||$P?perPage=30"
  "list30-filter-skipTotal|GET|0||$P?perPage=30&skipTotal=1&filter=(views%3E500%20%26%26%20public%3Dtrue)&sort=-views"
  "view|GET|0||$P/p00000000000000"
  "list30-expand|GET|0||$P?perPage=30&expand=author"
  "list30-auth-rule|GET|1||/api/collections/notes/records?perPage=30"
  "filter-indexed|GET|0||$P?$F30&filter=(views%3E%3D990)"
  "filter-indexed-skipTotal|GET|0||$P?$F30&skipTotal=1&filter=(views%3E%3D990)"
  "filter-noindex|GET|0||$P?perPage=30&sort=-score&filter=(score%3E%3D990)"
  "filter-noindex-skipTotal|GET|0||$P?perPage=30&sort=-score&skipTotal=1&filter=(score%3E%3D990)"
  "js-route-hello|GET|0||/bench/hello"
  "js-route-query20|GET|0||/bench/query"
  "update|PATCH|0|patch.lua|$P/p00000000000001"
  "create|POST|0|post.lua|$P"
  "create-jshook|POST|0|post.lua|/api/collections/hooked/records"
)
echo "# rows=$ROWS dur=$DUR conn=$CONN rounds=$ROUNDS"
declare -A best
for c in "${cases[@]}"; do
  IFS='|' read -r name method auth lua path <<<"$c"
  [[ $name =~ $CASES ]] || continue
  for _ in $(seq 1 "$ROUNDS"); do
    for i in "${!bins[@]}"; do
      args=(-t1 -c"$CONN" -d"$DUR")
      [ "$auth" = 1 ] && args+=(-H "Authorization: ${token[$i]}")
      [ -n "$lua" ] && args+=(-s "$here/$lua")
      out=$(wrk "${args[@]}" "http://127.0.0.1:${port[$i]}$path" 2>&1)
      rps=$(echo "$out" | awk '/Requests\/sec/{print $2}')
      non2xx=$(echo "$out" | awk '/Non-2xx/{print $NF}')
      [ -n "$non2xx" ] && rps="ERR($non2xx-non-2xx)"
      [[ $rps =~ ^[0-9.]+$ ]] || rps=${rps:-ERR(no-output)}
      prev=${best[$name,$i]:-0}
      if ! [[ $rps =~ ^[0-9.]+$ ]]; then best[$name,$i]=$rps
      elif [[ $prev =~ ^[0-9.]+$ ]] && awk "BEGIN{exit !($rps > $prev)}"; then best[$name,$i]=$rps; fi
    done
  done
  line=$(printf '%-26s' "$name")
  for i in "${!bins[@]}"; do line="$line  [$i] $(printf '%9s' "${best[$name,$i]}")"; done
  if [ ${#bins[@]} -eq 2 ] && [[ ${best[$name,0]} =~ ^[0-9.]+$ ]] && [[ ${best[$name,1]} =~ ^[0-9.]+$ ]]; then
    line="$line  ratio A/B $(awk "BEGIN{printf \"%.2f\", ${best[$name,0]}/${best[$name,1]}}")"
  fi
  echo "$line"
done
for i in "${!bins[@]}"; do echo "# $i: loaded RSS $(rss "${pid[$i]}") MiB"; done
