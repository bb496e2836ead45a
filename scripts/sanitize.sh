#!/usr/bin/env bash
# Builds winnow and its tests with AddressSanitizer and
# UndefinedBehaviorSanitizer and runs them all; any report fails the run
# (UBSan's reports are fatal, not printed and passed over).
#
#   scripts/sanitize.sh [BUILD_DIR]     (default build-sanitize/)
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD=${1:-build-sanitize}
FLAGS="-fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer"
cmake -S . -B "$BUILD" -DWINNOW_DEVELOPER_MODE=ON -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DCMAKE_C_FLAGS="$FLAGS" -DCMAKE_CXX_FLAGS="$FLAGS" > /dev/null
cmake --build "$BUILD" -j"$(nproc)"
# The install test builds a consumer of the installed library without the
# sanitizers, which cannot link against a sanitized archive: it is run by
# scripts/test.sh, not here.
ctest --test-dir "$BUILD" --output-on-failure -E '^cli_test_install$'
