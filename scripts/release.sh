#!/usr/bin/env bash
# Builds the release archives of hookbase: one static binary (CGO off,
# modernc SQLite) per OS/arch, packed with the README and LICENSE into
# hookbase_<version>_<os>_<arch>.zip (Windows) or .tar.gz, plus
# checksums.txt (SHA-256). The version is stamped into the binary, so
# `hookbase --version` prints it.
#
#   scripts/release.sh VERSION [os/arch ...]
#
# Without targets it builds linux, darwin and windows × amd64 and arm64.
# DIST (default ./dist) is where the archives go; it is emptied first.
set -euo pipefail

if [[ $# -lt 1 || -z "$1" ]]; then
	echo "usage: $0 VERSION [os/arch ...]" >&2
	exit 2
fi
VERSION="${1#v}"
shift
TARGETS=("$@")
if [[ ${#TARGETS[@]} -eq 0 ]]; then
	TARGETS=(linux/amd64 linux/arm64 darwin/amd64 darwin/arm64 windows/amd64 windows/arm64)
fi

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DIST="${DIST:-$ROOT/dist}"
rm -rf "$DIST"
mkdir -p "$DIST"
DIST="$(cd "$DIST" && pwd)"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT

sha256() {
	if command -v sha256sum >/dev/null; then
		sha256sum "$@"
	else
		shasum -a 256 "$@"
	fi
}

# make_zip OUT DIR: zips DIR's files (flat) into OUT with zip or, when it
# is missing, Python's zipfile.
make_zip() {
	local out="$1" dir="$2"
	if command -v zip >/dev/null; then
		(cd "$dir" && zip -q -9 -X "$out" ./*)
	elif command -v python3 >/dev/null; then
		python3 - "$out" "$dir" <<'PY'
import os, sys, zipfile
out, src = sys.argv[1], sys.argv[2]
with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
    for name in sorted(os.listdir(src)):
        z.write(os.path.join(src, name), name)
PY
	else
		echo "release: need zip or python3 to pack Windows archives" >&2
		return 1
	fi
}

LDFLAGS="-s -w -X github.com/hookbase/hookbase/cli.Version=${VERSION}"
cd "$ROOT"
for target in "${TARGETS[@]}"; do
	os="${target%/*}"
	arch="${target#*/}"
	name="hookbase_${VERSION}_${os}_${arch}"
	stage="$WORK/$name"
	mkdir -p "$stage"
	exe="hookbase"
	[[ "$os" == windows ]] && exe="hookbase.exe"
	echo "release: building $os/$arch"
	CGO_ENABLED=0 GOOS="$os" GOARCH="$arch" go build -trimpath -ldflags "$LDFLAGS" -o "$stage/$exe" ./cmd/hookbase
	cp README.md "$stage/"
	[[ -f LICENSE ]] && cp LICENSE "$stage/"
	[[ -f CHANGELOG.md ]] && cp CHANGELOG.md "$stage/"
	if [[ "$os" == windows ]]; then
		make_zip "$DIST/$name.zip" "$stage"
	else
		(cd "$stage" && tar -czf "$DIST/$name.tar.gz" *)
	fi
done

(cd "$DIST" && sha256 hookbase_* >checksums.txt)
echo "release: archives in $DIST"
(cd "$DIST" && ls -l)
