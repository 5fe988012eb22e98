#!/usr/bin/env bash
# skip.sh REASON...: a test that cannot run in this build; Meson counts
# exit status 77 as skipped.
set -euo pipefail
echo "SKIP: $*"
exit 77
