#!/usr/bin/env bash
# Whole-process throughput of winnow beside a bare Gumbo parse of the same
# pages, measured in the same run, quoted as a ratio (absolute times drift
# on shared machines; the ratio holds).
#
#   bench/throughput.sh [BUILD_DIR] [PAGES_DIR] [RUNS]
#
# Defaults: build/, ../shared/corpus/crawl-to-the-future/html, 3 runs. Each
# figure is the median of RUNS runs. Prints MB/s for each and the ratios.
set -euo pipefail
BUILD=${1:-build}
PAGES=${2:-../shared/corpus/crawl-to-the-future/html}
RUNS=${3:-3}
[ -x "$BUILD/winnow" ] && [ -x "$BUILD/bench/gumbo_baseline" ] ||
  { echo "build with -DWINNOW_DEVELOPER_MODE=ON first (need $BUILD/winnow and $BUILD/bench/gumbo_baseline)"; exit 2; }
[ -d "$PAGES" ] || { echo "no pages at $PAGES; skipping"; exit 0; }
BYTES=$(find "$PAGES" -type f -printf '%s\n' | awk '{s+=$1} END {print s}')
FILES=$(find "$PAGES" -type f | wc -l)

median() { sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
seconds_of() {  # wall seconds of a command, output discarded
  local start end
  start=$(date +%s.%N); "$@" > /dev/null 2>&1; end=$(date +%s.%N)
  echo "$end - $start" | bc -l
}
run() {  # NAME COMMAND...: median seconds over RUNS, after one warm-up
  "${@:2}" > /dev/null 2>&1 || true
  for _ in $(seq "$RUNS"); do seconds_of "${@:2}"; done | median
}

echo "pages: $PAGES ($FILES files, $BYTES bytes), $RUNS runs each, median"
gumbo=$(run gumbo "$BUILD/bench/gumbo_baseline" "$PAGES")
fast1=$(run winnow-j1 "$BUILD/winnow" -q --format jsonl -j 1 "$PAGES")
fast2=$(run winnow-j2 "$BUILD/winnow" -q --format jsonl -j 2 "$PAGES")
gumbo_parser=$(run winnow-gumbo "$BUILD/winnow" -q --format jsonl -j 1 --parser gumbo "$PAGES")
mbps() { echo "scale=1; $BYTES / 1000000 / $1" | bc -l; }
printf '%-34s %8s s  %8s MB/s\n' "bare Gumbo parse (reference)" "$gumbo" "$(mbps "$gumbo")"
printf '%-34s %8s s  %8s MB/s  %5.2fx Gumbo\n' "winnow -j 1 (two passes)" "$fast1" "$(mbps "$fast1")" "$(echo "$gumbo / $fast1" | bc -l)"
printf '%-34s %8s s  %8s MB/s  %5.2fx -j 1\n' "winnow -j 2" "$fast2" "$(mbps "$fast2")" "$(echo "$fast1 / $fast2" | bc -l)"
printf '%-34s %8s s  %8s MB/s  %5.2fx Gumbo\n' "winnow -j 1 --parser gumbo" "$gumbo_parser" "$(mbps "$gumbo_parser")" "$(echo "$gumbo / $gumbo_parser" | bc -l)"
