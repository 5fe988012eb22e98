#!/usr/bin/env bash
# ci/symbols-check.sh BUILD_DIR: the public symbols agree everywhere. The
# names declared with OSTAT_API in abi/include, the names listed in the
# version script abi/ostat.map and the names BUILD_DIR/libostat.so.1 exports
# are the same set; every exported symbol is ostat_-prefixed and bound to
# the version node the map gives it; nothing else is exported but the
# version nodes themselves; and the SONAME is libostat.so.1.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
soname=libostat.so.1

[ $# -eq 1 ] || { echo "usage: $0 BUILD_DIR" >&2; exit 2; }
lib="$1/$soname"
map="$root/abi/ostat.map"
inc="$root/abi/include"

for tool in nm objdump awk; do
    command -v "$tool" >/dev/null || { echo "SKIP: $tool is not installed"; exit 77; }
done
[ -e "$lib" ] || { echo "FAIL: no $lib (build first)"; exit 1; }

tmp=$(mktemp -d "${TMPDIR:-/tmp}/ostat-symbols.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
status=0

# 1. OSTAT_API declarations in the public headers. Comments and preprocessor
#    lines are dropped, the rest joined and split at ';': the name of each
#    declaration is the identifier before its first '('.
for h in "$inc/ostat.h" "$inc"/ostat/*.h; do
    awk '
        BEGIN { inc = 0 }
        {
            line = $0
            out = ""
            while (line != "") {
                if (inc) {
                    p = index(line, "*/")
                    if (p == 0) { line = ""; break }
                    line = substr(line, p + 2)
                    inc = 0
                    continue
                }
                p = index(line, "/*")
                if (p == 0) { out = out line; break }
                out = out substr(line, 1, p - 1) " "
                line = substr(line, p + 2)
                inc = 1
            }
            print out
        }' "$h" |
        awk '
            /^[[:space:]]*#/ { cont = /\\$/; next }
            cont { cont = /\\$/; next }
            { printf "%s ", $0 }
        ' |
        tr ';' '\n' |
        grep -E '(^|[^A-Za-z0-9_])OSTAT_API([^A-Za-z0-9_]|$)' |
        sed -E 's/\(.*//; s/.*[^A-Za-z0-9_]([A-Za-z_][A-Za-z0-9_]*)[[:space:]]*$/\1/' || true
done | sort >"$tmp/headers"

# 2. The version script: "NODE { global: name; ... local: *; } PARENT;".
awk '
    { sub(/\/\*.*\*\//, "") }
    /\/\*/ { incomment = 1 }
    incomment { if (/\*\//) incomment = 0; next }
    /^[[:space:]]*OSTAT_[0-9]+\.[0-9]+[[:space:]]*\{/ {
        node = $1; sub(/\{.*/, "", node); section = ""; next
    }
    /global:/ { section = "global"; sub(/.*global:/, "") }
    /local:/ { section = "local"; sub(/.*local:/, "") }
    /^[[:space:]]*\}/ { node = ""; section = ""; next }
    node != "" {
        n = split($0, words, /[;[:space:]]+/)
        for (i = 1; i <= n; i++) {
            if (words[i] == "") continue
            print node, section, words[i]
        }
    }
' "$map" >"$tmp/map.all"
awk '$2 == "global" { print $3 }' "$tmp/map.all" | sort >"$tmp/map"
awk '$2 == "global" { print $3 "@@" $1 }' "$tmp/map.all" | sort >"$tmp/map.versioned"
awk '{ print $1 }' "$tmp/map.all" | sort -u >"$tmp/nodes"

if awk '$2 == "local" && $3 != "*" { exit 0 } END { exit 1 }' "$tmp/map.all"; then
    echo "FAIL: $map: a local: section lists names; only \"local: *;\" is expected"
    status=1
fi
if ! awk '$2 == "local" && $3 == "*" { found = 1 } END { exit !found }' "$tmp/map.all"; then
    echo "FAIL: $map: no \"local: *;\" (everything not listed must stay hidden)"
    status=1
fi
if grep -Ev '^ostat_[a-z0-9_]+$' "$tmp/map" >"$tmp/bad"; then
    echo "FAIL: $map: global names that are not plain ostat_ names:"
    sed 's/^/    /' "$tmp/bad"
    status=1
fi
if [ -n "$(uniq -d "$tmp/map")" ]; then
    echo "FAIL: $map: names listed more than once:"
    uniq -d "$tmp/map" | sed 's/^/    /'
    status=1
fi

# 3. What the library exports.
nm -D --defined-only "$lib" | awk '{ print $NF, $(NF - 1) }' >"$tmp/nm.all"
# Version node definitions show as absolute symbols named after the node.
awk '$2 == "A" { print $1 }' "$tmp/nm.all" | sort >"$tmp/nm.nodes"
awk '$2 != "A" { print $1 }' "$tmp/nm.all" | sort >"$tmp/nm.versioned"
sed 's/@.*//' "$tmp/nm.versioned" | sort >"$tmp/nm"

if grep -Ev '^ostat_[a-z0-9_]+@@OSTAT_[0-9]+\.[0-9]+$' "$tmp/nm.versioned" >"$tmp/bad"; then
    echo "FAIL: $lib exports symbols that are not ostat_NAME@@OSTAT_1.N:"
    sed 's/^/    /' "$tmp/bad"
    status=1
fi
if ! diff -q "$tmp/nm.nodes" "$tmp/nodes" >/dev/null; then
    echo "FAIL: version nodes in $lib differ from those of $map:"
    diff "$tmp/nodes" "$tmp/nm.nodes" | sed -n 's/^[<>]/    &/p'
    status=1
fi

# compare NAME_A FILE_A NAME_B FILE_B: report names in one set only.
compare() {
    local only_a only_b
    only_a=$(comm -23 "$2" "$4")
    only_b=$(comm -13 "$2" "$4")
    if [ -n "$only_a" ]; then
        echo "FAIL: in $1 but not in $3:"
        printf '    %s\n' "${only_a//$'\n'/$'\n    '}"
        status=1
    fi
    if [ -n "$only_b" ]; then
        echo "FAIL: in $3 but not in $1:"
        printf '    %s\n' "${only_b//$'\n'/$'\n    '}"
        status=1
    fi
}

compare "the headers (OSTAT_API)" "$tmp/headers" "$map" "$tmp/map"
compare "$map" "$tmp/map" "$lib" "$tmp/nm"
# Each symbol under the node the map puts it in.
compare "$map (name@@node)" "$tmp/map.versioned" "$lib (name@@node)" "$tmp/nm.versioned"

# 4. The SONAME.
got=$(objdump -p "$lib" | awk '$1 == "SONAME" { print $2 }')
if [ "$got" != "$soname" ]; then
    echo "FAIL: SONAME of $lib is \"$got\", want \"$soname\""
    status=1
fi

echo "symbols: $(wc -l <"$tmp/headers") declared, $(wc -l <"$tmp/map") in the map, $(wc -l <"$tmp/nm") exported, SONAME ${got:-none}"
[ "$status" -eq 0 ] && echo "symbols: OK"
exit "$status"
