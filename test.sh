#!/usr/bin/env bash
# Runs every test: go vet, the Go test suite (unit, API and end-to-end tests,
# which install the npm SDK themselves), the race detector over the code that
# shares state across goroutines, then a short, bounded fuzzing of the filter
# grammar and the record resolver (no panics, no literal reaching SQL).
set -euo pipefail
cd "$(dirname "$0")"
go vet ./...
go test -count=1 -timeout 25m ./...

# Race detector. Whole packages where goroutines meet: the JS runtime pool and
# hot reload, the bindings driving core and apis in-process under concurrent
# requests, the realtime broker, the filter cache and the leaf tools (store,
# hook, cron). In engine/core and engine/apis only the concurrency tests: the
# rest runs single-goroutine SQLite work that -race slows about tenfold (the
# two whole packages took 8 and >10 minutes). tests/ drives a separately built
# binary, which -race on the test process would not check.
go test -race -count=1 -timeout 20m ./jsvm ./bindings ./engine/realtime ./engine/search ./engine/tools/...
go test -race -count=1 -timeout 20m \
	-run 'Concurrent|Stress|GroupCommit|RequestGate|WhileWriters|WhileAnother|LogsWriter|Hijacked|Realtime|Backup|Restore|Thumb' \
	./engine/core ./engine/apis ./engine/filesystem
# Fuzz budgets are input counts (about 15 s each here), not durations: when a
# duration runs out while a worker is mid-input, go test can fail the run
# with "context deadline exceeded" and no crasher. FUZZTIME overrides all three.
go test -run '^$' -fuzz '^FuzzParse$' -fuzztime "${FUZZTIME:-200000x}" ./engine/search
go test -run '^$' -fuzz '^FuzzBuild$' -fuzztime "${FUZZTIME:-100000x}" ./engine/search
go test -run '^$' -fuzz '^FuzzRecordFieldResolverFilter$' -fuzztime "${FUZZTIME:-80000x}" ./engine/core
