#!/usr/bin/env bash
# consumer-test.sh: install the built library into a temporary directory
# and build and run tests/consumer/consumer.c against the installed headers
# and library only, found through the installed ostat.pc.
#
#   consumer-test.sh BUILD_DIR CONSUMER_C LIBDIR INCLUDEDIR VERSION SANITIZE
#                    --meson WORD... --cc WORD...
#
# LIBDIR and INCLUDEDIR are the configured absolute install paths, VERSION
# the project version, SANITIZE the b_sanitize option ("none" or e.g.
# "address,undefined"; an instrumented library needs an instrumented
# program). --meson and --cc give those commands a word at a time.
set -euo pipefail

if [ $# -lt 6 ]; then
    echo "usage: $0 BUILD_DIR CONSUMER_C LIBDIR INCLUDEDIR VERSION SANITIZE --meson WORD... --cc WORD..." >&2
    exit 2
fi
build=$1 source=$2 libdir=$3 includedir=$4 version=$5 sanitize=$6
shift 6
meson_cmd=()
cc=()
while [ $# -gt 0 ]; do
    case $1 in
    --meson) meson_cmd+=("$2"); shift 2 ;;
    --cc) cc+=("$2"); shift 2 ;;
    *) echo "unknown argument $1" >&2; exit 2 ;;
    esac
done
[ ${#meson_cmd[@]} -gt 0 ] || { echo "SKIP: meson not found"; exit 77; }
[ ${#cc[@]} -gt 0 ] || { echo "SKIP: no C compiler"; exit 77; }
command -v pkg-config >/dev/null || { echo "SKIP: pkg-config is not installed"; exit 77; }

srcinc=$(cd "$(dirname "$0")/../../abi/include" && pwd)
tmp=$(mktemp -d "${TMPDIR:-/tmp}/ostat-consumer.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
dest="$tmp/root"
status=0
fail() {
    echo "FAIL: $*"
    status=1
}

# 1. Install. meson install wants every installed target built; `meson test`
#    builds only what the selected tests need, so after a partial build say
#    so instead of failing on someone else's target.
abs_build=$(cd "$build" && pwd)
missing=$("${meson_cmd[@]}" introspect "$build" --installed --indent |
    sed -n 's/^ *"\([^"]*\)": .*/\1/p' |
    while read -r f; do
        case $f in
        "$abs_build"/*) [ -e "$f" ] || echo "$f" ;;
        esac
    done)
if [ -n "$missing" ]; then
    echo "SKIP: not built yet (run ninja -C $build first):"
    printf '    %s\n' "${missing//$'\n'/$'\n    '}"
    exit 77
fi
"${meson_cmd[@]}" install -C "$build" --destdir "$dest" --no-rebuild --quiet

# 2. What was installed: the library with its links, the pkg-config file,
#    and every public header of the source tree.
inst_lib="$dest$libdir"
inst_inc="$dest$includedir"
[ -f "$inst_lib/libostat.so.$version" ] || fail "no $libdir/libostat.so.$version"
[ "$(readlink "$inst_lib/libostat.so.1" || true)" = "libostat.so.$version" ] ||
    fail "$libdir/libostat.so.1 is not a link to libostat.so.$version"
[ "$(readlink "$inst_lib/libostat.so" || true)" = libostat.so.1 ] ||
    fail "$libdir/libostat.so is not a link to libostat.so.1"
[ -f "$inst_lib/pkgconfig/ostat.pc" ] || fail "no $libdir/pkgconfig/ostat.pc"
(cd "$srcinc" && find . -name '*.h' | sort) >"$tmp/src-headers"
if [ -d "$inst_inc" ]; then
    (cd "$inst_inc" && find . \( -name 'ostat.h' -o -path './ostat/*.h' \) | sort) >"$tmp/inst-headers"
else
    : >"$tmp/inst-headers"
fi
if ! diff -u "$tmp/src-headers" "$tmp/inst-headers" >"$tmp/diff"; then
    fail "installed headers differ from abi/include (- source, + installed):"
    sed 's/^/    /' "$tmp/diff"
fi
while read -r h; do
    if [ -f "$inst_inc/$h" ] && ! cmp -s "$srcinc/$h" "$inst_inc/$h"; then
        fail "installed $h differs from abi/include/$h"
    fi
done <"$tmp/src-headers"
[ "$status" -eq 0 ] || exit 1

# 3. pkg-config, seeing only the installed tree. System directories are kept
#    in the output so that they too get the sysroot prefix.
export PKG_CONFIG_LIBDIR="$inst_lib/pkgconfig"
export PKG_CONFIG_PATH=
export PKG_CONFIG_SYSROOT_DIR="$dest"
export PKG_CONFIG_ALLOW_SYSTEM_CFLAGS=1
export PKG_CONFIG_ALLOW_SYSTEM_LIBS=1
got=$(pkg-config --modversion ostat)
[ "$got" = "$version" ] || fail "pkg-config --modversion ostat is $got, want $version"
read -ra pc_flags <<<"$(pkg-config --cflags --libs ostat)"
echo "pkg-config --cflags --libs ostat: ${pc_flags[*]}"
for f in "${pc_flags[@]}"; do
    case $f in
    -I* | -L*)
        case ${f:2} in
        "$dest"/*) ;;
        *) fail "pkg-config gives $f, outside the installed tree" ;;
        esac
        ;;
    esac
done

# 4. Build the consumer: the installed headers and library only.
san=()
if [ "$sanitize" != none ]; then
    san=("-fsanitize=$sanitize" -fno-omit-frame-pointer)
fi
if ! "${cc[@]}" -std=c11 -pedantic -Wall -Wextra -Werror "${san[@]}" \
    "-DCONSUMER_EXPECT_VERSION=\"$version\"" \
    -o "$tmp/consumer" "$source" "${pc_flags[@]}"; then
    fail "the consumer does not build against the installed library"
    exit 1
fi

# 5. Run it with the installed library, and make sure that is the one used.
export LD_LIBRARY_PATH="$inst_lib"
if command -v ldd >/dev/null; then
    used=$(ldd "$tmp/consumer" | awk '$1 ~ /^libostat\.so/ { print $3 }')
    case $used in
    "$inst_lib"/*) echo "libostat: $used" ;;
    *) fail "the consumer loads libostat from \"$used\", not $inst_lib" ;;
    esac
fi
if ! "$tmp/consumer"; then
    fail "the consumer failed"
fi
exit "$status"
