#!/usr/bin/env bash
# Whole-process throughput on a crawl archive: the pages of a directory
# written as one .warc.gz (a gzip member per record, as crawlers write
# them), cleaned by winnow at -j 1 and -j 2, beside the same pages read
# from the directory. The difference is what reading the archive costs:
# gzip inflation, WARC and HTTP framing.
#
#   bench/warc_throughput.sh [BUILD_DIR] [PAGES_DIR] [RUNS] [BODIES]
#
# Defaults: build/, ../shared/corpus/crawl-to-the-future/html, 5 runs.
# BODIES `gzip` writes each HTTP body gzip-encoded (Content-Encoding:
# gzip), as many servers send pages; by default bodies are plain.
# Prints medians: wall seconds, MB/s of page bytes, and each run's ratio
# to the directory at -j 1.
set -euo pipefail
BUILD=${1:-build}
PAGES=${2:-../shared/corpus/crawl-to-the-future/html}
RUNS=${3:-5}
BODIES=${4:-plain}
[ -x "$BUILD/winnow" ] || { echo "no $BUILD/winnow; build first"; exit 2; }
[ -d "$PAGES" ] || { echo "no pages at $PAGES; skipping"; exit 0; }
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
ARCHIVE=$WORK/pages.warc.gz
# Each page becomes a response record for http://<its folder>/<its name>, so
# the archive's sites are the directory's.
python3 - "$PAGES" "$ARCHIVE" "$BODIES" <<'EOF'
import gzip, os, sys
pages, archive, bodies = sys.argv[1], sys.argv[2], sys.argv[3]
n = 0
with open(archive, "wb") as out:
    for folder, _, names in sorted(os.walk(pages)):
        site = os.path.basename(folder)
        for name in sorted(names):
            n += 1
            body = open(os.path.join(folder, name), "rb").read()
            coding = b""
            if bodies == "gzip":
                body = gzip.compress(body, 6)
                coding = b"Content-Encoding: gzip\r\n"
            http = (b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n" + coding +
                    b"Content-Length: %d\r\n\r\n" % len(body) + body)
            head = ("WARC/1.0\r\nWARC-Type: response\r\n"
                    f"WARC-Target-URI: http://{site}/{name}\r\n"
                    f"WARC-Record-ID: <urn:uuid:00000000-0000-0000-0000-{n:012d}>\r\n"
                    "Content-Type: application/http; msgtype=response\r\n"
                    f"Content-Length: {len(http)}\r\n\r\n").encode()
            out.write(gzip.compress(head + http + b"\r\n\r\n", 6))
EOF
BYTES=$(find "$PAGES" -type f -printf '%s\n' | awk '{s+=$1} END {print s}')

median() { sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
NAMES=(dir warc1 warc2)
CMDS=("$BUILD/winnow -q --format jsonl -j 1 $PAGES"
      "$BUILD/winnow -q --format jsonl -j 1 $ARCHIVE"
      "$BUILD/winnow -q --format jsonl -j 2 $ARCHIVE")
TIMEFORMAT='%3R'
for round in $(seq "$RUNS"); do
  # Each timed run follows an untimed one of its own command, and the
  # order turns each round (as in bench/throughput.sh).
  for i in 0 1 2; do
    k=$(( (i + round) % 3 ))
    eval "${CMDS[$k]}" > /dev/null 2>&1
    { time eval "${CMDS[$k]}" > /dev/null 2>&1; } 2>> "$WORK/${NAMES[$k]}"
  done
done
mbps() { echo "scale=1; $BYTES / 1000000 / $1" | bc -l; }
ratio() { paste -d' ' "$WORK/dir" "$WORK/$1" | awk '{print $1 / $2}' | median; }
echo "pages: $PAGES ($BYTES bytes of pages; archive $(stat -c %s "$ARCHIVE") bytes, $BODIES HTTP bodies), $RUNS rounds, medians"
for name in dir warc1 warc2; do
  case $name in
    dir) label="directory, -j 1" ;;
    warc1) label=".warc.gz, -j 1" ;;
    warc2) label=".warc.gz, -j 2" ;;
  esac
  t=$(median < "$WORK/$name")
  printf '%-18s %6s s wall %7s MB/s  %5.2fx the directory at -j 1\n' "$label" "$t" "$(mbps "$t")" "$(ratio $name)"
done
