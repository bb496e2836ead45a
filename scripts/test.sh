#!/usr/bin/env bash
# Builds winnow with its tests and runs them all (unit tests, CLI golden
# cases, and the quality gate when ../shared/corpus is present).
set -euo pipefail
cd "$(dirname "$0")/.."
cmake -S . -B build -DWINNOW_DEVELOPER_MODE=ON -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build -j"$(nproc)"
ctest --test-dir build --output-on-failure
