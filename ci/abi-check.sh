#!/usr/bin/env bash
# ci/abi-check.sh [--update] BUILD_DIR: compare the ABI of
# BUILD_DIR/libostat.so.1 with the baseline abi/baseline/libostat.so.1.abi.xml.
#
# The library's abidw dump (public types only, see abw_opts) is compared
# with the baseline by abidiff. Any change fails: an incompatible one
# (abidiff bit 8: a symbol removed, a type changed incompatibly) always, a
# compatible one (bit 4: a symbol added, ...) until the baseline is
# regenerated with --update in the same commit that adds the symbols under a
# new node of abi/ostat.map (docs/ABI.md). The library needs debug info:
# build with -g (Meson's default debugoptimized does).
#
# Exit status: 0 same ABI (or baseline updated), 1 changed or failed,
# 77 cannot check here (tools missing, no debug info, another architecture).
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
soname=libostat.so.1
baseline="$root/abi/baseline/$soname.abi.xml"
inc="$root/abi/include"

update=0
if [ "${1:-}" = --update ]; then
    update=1
    shift
fi
[ $# -eq 1 ] || { echo "usage: $0 [--update] BUILD_DIR" >&2; exit 2; }
lib="$1/$soname"

for tool in abidw abidiff readelf; do
    if ! command -v "$tool" >/dev/null; then
        echo "SKIP: $tool is not installed (Debian: abigail-tools, binutils)"
        exit 77
    fi
done
[ -e "$lib" ] || { echo "FAIL: no $lib (build first)"; exit 1; }
sections=$(readelf -S "$lib")
if [[ $sections != *.debug_info* ]]; then
    echo "SKIP: $lib has no debug info; build with -g (buildtype debug or debugoptimized)"
    exit 77
fi

# Only what the public headers reach, and nothing that depends on where or
# by whom the library was built: no build directory, no path of the .so,
# no DT_NEEDED list, file names without directories.
abw_opts=(--headers-dir "$inc" --drop-private-types --exported-interfaces-only
    --no-comp-dir-path --no-corpus-path --no-elf-needed --short-locs)

tmp=$(mktemp -d "${TMPDIR:-/tmp}/ostat-abi.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
new="$tmp/$soname.abi.xml"

if ! abidw "${abw_opts[@]}" --out-file "$new" "$lib"; then
    echo "FAIL: abidw could not read $lib"
    exit 1
fi

if [ "$update" -eq 1 ]; then
    mkdir -p "$(dirname "$baseline")"
    cp "$new" "$baseline"
    echo "abi: baseline $baseline written from $lib"
    exit 0
fi

if [ ! -f "$baseline" ]; then
    echo "FAIL: no baseline $baseline; create it with: $0 --update $1"
    exit 1
fi

arch() {
    sed -n "s/.*<abi-corpus [^>]*architecture='\([^']*\)'.*/\1/p" "$1" | head -n 1
}
if [ "$(arch "$baseline")" != "$(arch "$new")" ]; then
    echo "SKIP: the baseline is for $(arch "$baseline"), this build for $(arch "$new")"
    exit 77
fi

rc=0
abidiff --headers-dir1 "$inc" --headers-dir2 "$inc" "$baseline" "$new" \
    >"$tmp/report" 2>&1 || rc=$?
cat "$tmp/report"

if [ $((rc & 3)) -ne 0 ]; then
    echo "FAIL: abidiff could not compare (status $rc)"
    exit 1
fi
if [ $((rc & 8)) -ne 0 ]; then
    echo "FAIL: INCOMPATIBLE ABI change against $baseline (abidiff status $rc)."
    echo "      Symbols and types of SONAME 1 can never be removed or changed."
    exit 1
fi
if [ $((rc & 4)) -ne 0 ]; then
    echo "FAIL: the ABI changed against $baseline (abidiff status $rc)."
    echo "      If the change is an intended addition, list the new symbols under"
    echo "      a new node of abi/ostat.map and run: ci/abi-check.sh --update $1"
    exit 1
fi
echo "abi: $lib matches $baseline"
