#!/usr/bin/env bash
# Peak memory as the input grows: the same pages given 1, 4 and 16 times
# (and more for the stream), so the input grows while nothing else
# changes, and sites of new text, which grow the site model too. What it
# shows:
#
#  - two-pass runs over files (-j 1 and -j 2): peak RSS grows with the
#    input only until the page analyses kept between the passes reach
#    --cache-budget (default 256 MiB), then stays flat; with
#    --cache-budget 0 it is flat from the start;
#  - two-pass runs over files of new text (plain-text sites made by
#    bench/make_text_sites.py, 4 to 96 of them): the model grows with
#    every site until it reaches --model-budget (256 MiB by default for a
#    two-pass clean), then samples and stops growing; without a budget
#    (--model-budget 0) it grows with the input;
#  - a JSON Lines stream on stdin: flat at any length (the per-site window
#    and the stream model's budget bound it).
#
# Repeated pages add no new fingerprints, so the model does not grow in
# the first and last parts; the new text shows the model's bound.
#
#   bench/memory.sh [BUILD_DIR] [PAGES_DIR] [STREAM_COPIES]
#
# Defaults: build/, ../shared/corpus/crawl-to-the-future/html, 24 (the
# largest stream: 24 copies of the pages, about 2.1 GB for the default
# pages). Prints one line per run: input bytes, pages, peak RSS in MiB.
set -euo pipefail
BUILD=${1:-build}
PAGES=${2:-../shared/corpus/crawl-to-the-future/html}
STREAM_COPIES=${3:-24}
WINNOW=$BUILD/winnow
[ -x "$WINNOW" ] || { echo "no $WINNOW; build first"; exit 2; }
[ -d "$PAGES" ] || { echo "no pages at $PAGES; skipping"; exit 0; }
command -v python3 > /dev/null || { echo "needs python3"; exit 2; }
BYTES=$(find "$PAGES" -type f -printf '%s\n' | awk '{s+=$1} END {print s}')
FILES=$(find "$PAGES" -type f | wc -l)
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

# peak_mib CMD...: runs CMD with stdout discarded, prints its peak RSS in MiB.
peak_mib() {
  /usr/bin/time -o "$TMP/time" -f '%M' "$@" > /dev/null 2> "$TMP/err" ||
    { [ $? = 1 ] || { cat "$TMP/err" >&2; exit 1; }; }  # 1: some pages failed, still measured
  awk '{printf "%.1f", $1 / 1024}' "$TMP/time"
}

echo "pages: $PAGES ($FILES files, $BYTES bytes); peak RSS in MiB (/usr/bin/time -v's maximum resident set size)"
echo
echo "two passes over files (the directory given N times):"
printf '%-6s %8s %9s %12s %12s %14s %14s\n' copies pages "input MB" "-j 1" "-j 2" "-j 1 cache 0" "-j 2 cache 0"
for n in 1 4 16; do
  args=()
  for _ in $(seq "$n"); do args+=("$PAGES"); done
  row=()
  for budget in 256M 0; do
    for j in 1 2; do row+=("$(peak_mib "$WINNOW" -q --format jsonl -j "$j" --cache-budget "$budget" "${args[@]}")"); done
  done
  printf '%-6s %8s %9.0f %12s %12s %14s %14s\n' "x$n" $((n * FILES)) "$(echo "$n * $BYTES / 1000000" | bc -l)" "${row[@]}"
done

echo
echo "two passes over files of new text (N sites of plain text, -j 1):"
printf '%-6s %8s %9s %12s %14s %22s\n' sites pages "input MB" defaults "cache 0" "cache 0, no budget"
for n in 4 16 48 96; do
  rm -rf "$TMP/text"
  python3 "$(dirname "$0")/make_text_sites.py" "$(dirname "$PAGES")/.." "$TMP/text" "$n" ||
    { echo "no truth texts beside $PAGES; skipping"; break; }
  text_pages=$(find "$TMP/text" -type f | wc -l)
  text_bytes=$(find "$TMP/text" -type f -printf '%s\n' | awk '{s+=$1} END {print s}')
  row=()
  row+=("$(peak_mib "$WINNOW" -q --format jsonl -j 1 "$TMP/text")")
  row+=("$(peak_mib "$WINNOW" -q --format jsonl -j 1 --cache-budget 0 "$TMP/text")")
  row+=("$(peak_mib "$WINNOW" -q --format jsonl -j 1 --cache-budget 0 --model-budget 0 "$TMP/text")")
  printf '%-6s %8s %9.0f %12s %14s %22s\n' "$n" "$text_pages" "$(echo "$text_bytes / 1000000" | bc -l)" "${row[@]}"
done
rm -rf "$TMP/text"

# The pages as JSON Lines (url + html), written once and repeated on stdin.
python3 - "$PAGES" "$TMP/pages.jsonl" <<'PY'
import json, os, sys
root, out = sys.argv[1], sys.argv[2]
with open(out, "w", encoding="utf-8") as f:
    for dirpath, _, names in sorted(os.walk(root)):
        for name in sorted(names):
            path = os.path.join(dirpath, name)
            site = os.path.basename(dirpath)
            html = open(path, "rb").read().decode("utf-8", errors="replace")
            f.write(json.dumps({"url": f"https://{site}/{name}", "html": html}) + "\n")
PY
STREAM_BYTES=$(stat -c %s "$TMP/pages.jsonl")
echo
echo "a JSON Lines stream on stdin (the pages repeated N times):"
printf '%-6s %8s %9s %12s %12s\n' copies pages "input MB" "-j 1" "-j 2"
for n in 1 4 16 "$STREAM_COPIES"; do
  row=()
  for j in 1 2; do
    row+=("$(peak_mib sh -c "for i in \$(seq $n); do cat '$TMP/pages.jsonl'; done | '$WINNOW' -q --format jsonl -j $j")")
  done
  printf '%-6s %8s %9.0f %12s %12s\n' "x$n" $((n * FILES)) "$(echo "$n * $STREAM_BYTES / 1000000" | bc -l)" "${row[@]}"
done
