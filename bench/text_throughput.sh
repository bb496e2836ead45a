#!/usr/bin/env bash
# Whole-process throughput of winnow on plain text: `winnow --format jsonl
# -q` at -j 1 and -j 2 over a directory of .txt files, both passes, start
# to exit.
#
#   bench/text_throughput.sh [BUILD_DIR] [TEXT_DIR] [RUNS]
#
# Defaults: build/, a corpus made from the truth texts of the shared
# corpora (below), 5 rounds. Prints the median wall and CPU (user + system)
# seconds and MB/s by each, and the -j 2 speed-up.
#
# The made corpus (bench/make_text_sites.py): every article text of
# crawl-to-the-future and readability in 16 site directories, each site's
# copy with its paragraphs rotated by a different amount: 18,224 files,
# 89.6 MB.
set -euo pipefail
BUILD=${1:-build}
TEXTS=${2:-}
RUNS=${3:-5}
[ -x "$BUILD/winnow" ] || { echo "no $BUILD/winnow; build first"; exit 2; }
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
if [ -z "$TEXTS" ]; then
  SHARED=../shared/corpus
  [ -f "$SHARED/crawl-to-the-future/truth.json" ] || { echo "no texts at $SHARED; skipping"; exit 0; }
  TEXTS=$WORK/text
  python3 "$(dirname "$0")/make_text_sites.py" "$SHARED" "$TEXTS" 16
fi
BYTES=$(find "$TEXTS" -type f -printf '%s\n' | awk '{s+=$1} END {print s}')
FILES=$(find "$TEXTS" -type f | wc -l)

median() { sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
"$BUILD/winnow" -q --format jsonl -j 1 "$TEXTS" > /dev/null  # warms the page cache
# -j 1 and -j 2 in turn, so that a change in the machine's speed hits both;
# the speed-up is the median of the per-round ratios.
for _ in $(seq "$RUNS"); do
  for j in 1 2; do
    /usr/bin/time -a -o "$WORK/times$j" -f '%e %U %S' "$BUILD/winnow" -q --format jsonl -j $j "$TEXTS" > /dev/null
  done
done
mbps() { echo "scale=1; $BYTES / 1000000 / $1" | bc -l; }
echo "plain text: $TEXTS ($FILES files, $BYTES bytes), $RUNS rounds, medians"
for j in 1 2; do
  WALL=$(awk '{print $1}' "$WORK/times$j" | median)
  CPU=$(awk '{print $2 + $3}' "$WORK/times$j" | median)
  printf 'winnow -j %s (two passes)  %6s s wall %7s MB/s  %6s s CPU %7s MB/s\n' \
    "$j" "$WALL" "$(mbps "$WALL")" "$CPU" "$(mbps "$CPU")"
done
SPEEDUP=$(paste -d' ' <(awk '{print $1}' "$WORK/times1") <(awk '{print $1}' "$WORK/times2") |
  awk '{printf "%.3f\n", $1 / $2}' | median)
echo "winnow -j 2 speed-up        ${SPEEDUP}x -j 1 (wall, median of the rounds' ratios)"
