#!/usr/bin/env bash
# Runs every test: go vet, the Go test suite (unit, API and end-to-end tests,
# which install the npm SDK themselves), then a short, bounded fuzzing of the
# filter grammar and the record resolver (no panics, no literal reaching SQL).
set -euo pipefail
cd "$(dirname "$0")"
go vet ./...
go test -count=1 -timeout 25m ./...
FUZZTIME=${FUZZTIME:-15s}
go test -run '^$' -fuzz '^FuzzParse$' -fuzztime "$FUZZTIME" ./engine/search
go test -run '^$' -fuzz '^FuzzBuild$' -fuzztime "$FUZZTIME" ./engine/search
go test -run '^$' -fuzz '^FuzzRecordFieldResolverFilter$' -fuzztime "$FUZZTIME" ./engine/core
