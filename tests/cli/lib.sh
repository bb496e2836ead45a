# Shared helpers for the CLI tests: each test script is run as
#   bash test_x.sh WINNOW_BINARY PROJECT_DIR
# and exits non-zero on the first failed check, naming it.
set -u
WINNOW=${1:?usage: test.sh WINNOW_BINARY PROJECT_DIR}
PROJECT=${2:?usage: test.sh WINNOW_BINARY PROJECT_DIR}
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
checks=0
fail() { echo "FAIL: $*" >&2; exit 1; }
pass() { checks=$((checks + 1)); echo "ok - $*"; }
expect_same() {  # expect_same NAME FILE_A FILE_B
  if cmp -s "$2" "$3"; then pass "$1"; else diff -u "$2" "$3" | head -40 >&2; fail "$1"; fi
}
