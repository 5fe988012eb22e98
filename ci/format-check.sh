#!/usr/bin/env bash
# ci/format-check.sh: fail if any C source or header is not formatted as
# .clang-format says (clang-format 14).
set -euo pipefail
cd "$(dirname "$0")/.."
command -v clang-format >/dev/null || { echo "clang-format is not installed"; exit 77; }
mapfile -t files < <(git ls-files -co --exclude-standard -- \
    'abi/*.[ch]' 'backends/*.[ch]' 'plugins/*.[ch]' 'tools/*.[ch]' \
    'tests/*.[ch]' 'bench/*.[ch]' | sort -u)
bad=0
for f in "${files[@]}"; do
    [ -f "$f" ] || continue
    if ! clang-format --dry-run --Werror "$f" 2>/dev/null; then
        echo "not formatted: $f (run clang-format -i $f)"
        bad=1
    fi
done
echo "checked ${#files[@]} files"
exit $bad
