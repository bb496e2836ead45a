# stdin without a model is cleaned in one pass with a per-site lookahead
# window (docs/streaming.md): deterministic, in input order, and with a
# window larger than the stream it equals the two-pass clean of the same
# records. With --model there is no window at all.
source "$(dirname "$0")/lib.sh"
FIXTURE="$PROJECT/fixtures/mapreduce"

# A single document on stdin is cleaned like the same file.
page="$FIXTURE/tidewater/story-01.html"
"$WINNOW" -q < "$page" > "$WORK/stdin.txt" || fail "single document on stdin"
"$WINNOW" -q "$page" > "$WORK/file.txt" || fail "single document as a file"
expect_same "a document on stdin is cleaned like the file" "$WORK/file.txt" "$WORK/stdin.txt"

# The fixture as one JSON Lines stream, sites interleaved.
python3 - "$FIXTURE" > "$WORK/pages.jsonl" <<'PY'
import glob, json, re, sys
files = sorted(glob.glob(sys.argv[1] + "/*/*.html"))
files.sort(key=lambda f: (int(re.search(r"(\d+)\.html$", f).group(1)), f))  # interleave the sites
for f in files:
    html = open(f, encoding="utf-8").read()
    url = re.search(r'rel="canonical" href="([^"]+)"', html).group(1)
    print(json.dumps({"id": f.split("/")[-2] + "/" + f.split("/")[-1], "url": url, "html": html}))
PY
records=$(wc -l < "$WORK/pages.jsonl")
"$WINNOW" --format jsonl < "$WORK/pages.jsonl" > "$WORK/w64.jsonl" 2> "$WORK/w64.err" || fail "stream clean"
grep -q "^winnow: $records records read, $records cleaned, 0 skipped, 0 failed$" "$WORK/w64.err" ||
  fail "stream counts do not add up: $(cat "$WORK/w64.err")"
pass "stream counts add up ($records records)"

# A bad record in the stream is named, counted as failed, and the rest is cleaned.
{ head -3 "$WORK/pages.jsonl"; echo '{"url": broken'; tail -n +4 "$WORK/pages.jsonl"; } > "$WORK/bad.jsonl"
"$WINNOW" --window 2 < "$WORK/bad.jsonl" > /dev/null 2> "$WORK/bad.err"
status=$?
[ $status = 1 ] || fail "stream with a bad record: exit $status, want 1"
grep -q "^winnow: $((records + 1)) records read, $records cleaned, 0 skipped, 1 failed$" "$WORK/bad.err" ||
  fail "stream with a bad record: counts do not add up: $(cat "$WORK/bad.err")"
"$WINNOW" learn -o "$WORK/bad.model" < "$WORK/bad.jsonl" 2> "$WORK/bad-learn.err"
grep -q "^winnow: $((records + 1)) records read, $records counted, 0 skipped, 1 failed$" "$WORK/bad-learn.err" ||
  fail "learn with a bad record: counts do not add up: $(cat "$WORK/bad-learn.err")"
pass "a bad record in a stream is counted as failed by clean and learn alike"

# At -j 2 and more, workers parse the records' lines: every kind of bad
# line must be named in the same words, in the same order, with the same
# counts and output as at -j 1, from stdin and from a file.
{ head -2 "$WORK/pages.jsonl"; echo 'not json'; echo '{"html": 5}'; echo '[1,2]'
  echo '{"title": "no content field"}'; echo '{"html": "<p>x</p>"} trailing'; echo '{"html": "<p>y</p>", "z": tru}'
  tail -n +3 "$WORK/pages.jsonl"; } > "$WORK/bad-lines.jsonl"
for j in 1 2 3; do
  "$WINNOW" --format jsonl --window 2 -j $j < "$WORK/bad-lines.jsonl" > "$WORK/bad-lines-j$j.jsonl" 2> "$WORK/bad-lines-j$j.err"
  echo "exit $?" >> "$WORK/bad-lines-j$j.err"
  "$WINNOW" --format jsonl -j $j "$WORK/bad-lines.jsonl" > "$WORK/bad-file-j$j.jsonl" 2> "$WORK/bad-file-j$j.err"
  echo "exit $?" >> "$WORK/bad-file-j$j.err"
done
grep -q "^winnow: -#3: line 3 of -: not a JSON object$" "$WORK/bad-lines-j1.err" || fail "bad lines: line 3 not named"
grep -q "^winnow: $((records + 6)) records read, $records cleaned, 0 skipped, 6 failed$" "$WORK/bad-lines-j1.err" ||
  fail "bad lines: counts do not add up: $(cat "$WORK/bad-lines-j1.err")"
for j in 2 3; do
  for f in bad-lines bad-file; do
    expect_same "bad lines, $f: -j $j gives the output of -j 1" "$WORK/$f-j1.jsonl" "$WORK/$f-j$j.jsonl"
    expect_same "bad lines, $f: -j $j reports as -j 1" "$WORK/$f-j1.err" "$WORK/$f-j$j.err"
  done
done

# A window longer than the stream: every page waits for the end, sees all
# counts, and the result is the two-pass clean of the same records.
"$WINNOW" -q --format text --window 100000 < "$WORK/pages.jsonl" > "$WORK/stream-all.txt" || fail "big window"
"$WINNOW" -q --format text "$WORK/pages.jsonl" > "$WORK/two-pass.txt" || fail "two-pass clean"
expect_same "a window longer than the stream equals the two-pass clean" "$WORK/two-pass.txt" "$WORK/stream-all.txt"

# Plain-text records among the HTML ones: an HTML page waits for its site
# as its analysis, a text page as its bytes; both end as the two-pass clean
# of the same records.
python3 - "$WORK/pages.jsonl" > "$WORK/mixed.jsonl" <<'PY'
import json, sys
records = [json.loads(line) for line in open(sys.argv[1])]
appeal = "Readers like you keep the Ledger Lantern lit: chip in what you can each month."
for i, r in enumerate(records):
    print(json.dumps(r))
    if i % 3 == 0:
        body = f"Field note {i}: the river gauge read {i * 7 % 13} feet at dawn, and the ferry ran late."
        print(json.dumps({"id": f"note-{i}.txt", "url": f"https://notes.example/field/{i}",
                          "text": f"{body}\n\n{appeal}\n\nFiled by the night desk."}))
PY
"$WINNOW" -q --format jsonl --window 100000 < "$WORK/mixed.jsonl" > "$WORK/mixed-stream.jsonl" || fail "mixed stream"
"$WINNOW" -q --format jsonl "$WORK/mixed.jsonl" > "$WORK/mixed-two-pass.jsonl" || fail "mixed two-pass clean"
expect_same "HTML and text records: a window longer than the stream equals the two-pass clean" \
  "$WORK/mixed-two-pass.jsonl" "$WORK/mixed-stream.jsonl"
grep -q "Readers like you keep" "$WORK/mixed-stream.jsonl" && fail "the text records' repeated appeal survived"
grep -q "the river gauge read" "$WORK/mixed-stream.jsonl" || fail "the text records' own lines were dropped"
"$WINNOW" -q --format jsonl --window 2 -j 1 < "$WORK/mixed.jsonl" > "$WORK/mixed-w2-j1.jsonl" || fail "mixed -j 1"
"$WINNOW" -q --format jsonl --window 2 -j 2 < "$WORK/mixed.jsonl" > "$WORK/mixed-w2-j2.jsonl" || fail "mixed -j 2"
expect_same "HTML and text records, window 2: -j 1 and -j 2 give the same output" \
  "$WORK/mixed-w2-j1.jsonl" "$WORK/mixed-w2-j2.jsonl"

# Determinism: threads never change a stream's output, whatever the window.
for w in 1 3 64; do
  "$WINNOW" -q --format jsonl --window $w -j 1 < "$WORK/pages.jsonl" > "$WORK/w$w-j1.jsonl" || fail "window $w -j 1"
  "$WINNOW" -q --format jsonl --window $w -j 2 < "$WORK/pages.jsonl" > "$WORK/w$w-j2.jsonl" || fail "window $w -j 2"
  expect_same "window $w: -j 1 and -j 2 give the same output" "$WORK/w$w-j1.jsonl" "$WORK/w$w-j2.jsonl"
  python3 -c 'import json,sys; ids=[json.loads(l)["id"] for l in open(sys.argv[1])]; exp=[json.loads(l)["id"] for l in open(sys.argv[2])]; sys.exit(ids!=exp)' \
    "$WORK/w$w-j1.jsonl" "$WORK/pages.jsonl" || fail "window $w: output not in input order"
done
pass "output keeps input order"

# The trade-off is real: with a window of 1 the first pages of a site have
# too few counts, so the appeal survives there; with the whole stream it
# is gone everywhere.
grep -q "has no owner but its readers" "$WORK/w1-j1.jsonl" || fail "window 1 should keep the appeal on early pages"
grep -q "has no owner but its readers" "$WORK/stream-all.txt" && fail "whole-stream window kept the appeal"
pass "small windows see fewer counts, as documented"

# With a model there is no waiting: the stream equals clean --model on the file.
"$WINNOW" learn -q -o "$WORK/m.model" "$WORK/pages.jsonl" || fail "learn from JSON Lines"
"$WINNOW" -q --model "$WORK/m.model" < "$WORK/pages.jsonl" > "$WORK/model-stream.txt" || fail "stream with model"
"$WINNOW" -q --model "$WORK/m.model" "$WORK/pages.jsonl" > "$WORK/model-file.txt" || fail "file with model"
expect_same "stdin with --model equals the file with --model" "$WORK/model-file.txt" "$WORK/model-stream.txt"
"$WINNOW" learn -q -o "$WORK/m-stdin.model" < "$WORK/pages.jsonl" || fail "learn from stdin"
expect_same "learn from stdin writes the model of learn from the file" "$WORK/m.model" "$WORK/m-stdin.model"

# stdout is buffered in large blocks, except when pages come from stdin:
# there each page leaves as soon as it is cleaned, for a consumer that waits
# on it while the stream is still open. (The reader reads stdin ahead in
# 64 KiB chunks, so the stream is sent 4 times over: at least its first
# copy is read and cleaned while stdin stays open.)
for _ in 1 2 3 4; do cat "$WORK/pages.jsonl"; done > "$WORK/pages4.jsonl"
mkfifo "$WORK/in.fifo"
"$WINNOW" -q --format jsonl --model "$WORK/m.model" < "$WORK/in.fifo" > "$WORK/open.jsonl" &
pid=$!
exec 7> "$WORK/in.fifo"
cat "$WORK/pages4.jsonl" >&7
for _ in $(seq 300); do
  [ "$(wc -l < "$WORK/open.jsonl")" -ge "$records" ] && break
  sleep 0.1
done
lines=$(wc -l < "$WORK/open.jsonl")
exec 7>&-
wait $pid || fail "stream from a FIFO"
[ "$lines" -ge "$records" ] || fail "stdin open: $lines pages written, want at least $records"
"$WINNOW" -q --format jsonl --model "$WORK/m.model" < "$WORK/pages4.jsonl" > "$WORK/closed.jsonl"
expect_same "pages from stdin leave while stdin is open ($lines of $((4 * records)) before it closed)" \
  "$WORK/closed.jsonl" "$WORK/open.jsonl"

# A closed pipe mid-stream ends quietly. The stream is long enough (50
# copies of the pages: a JSON line for each of 1,000 records, 0.8 MB,
# past a pipe's 64 KiB even once the copies' text is all repeated) that winnow
# must meet the closed pipe: with one copy, a quick run could write all of
# it before head exited, and then rightly print its summary.
for _ in $(seq 50); do cat "$WORK/pages.jsonl"; done > "$WORK/long.jsonl"
"$WINNOW" --format jsonl --window 2 < "$WORK/long.jsonl" 2> "$WORK/epipe.err" | head -c 10 > /dev/null
status=${PIPESTATUS[0]}
[ "$status" = 0 ] && [ ! -s "$WORK/epipe.err" ] || fail "closed pipe: exit $status, stderr: $(cat "$WORK/epipe.err")"
pass "a closed pipe ends the stream quietly"

# A pipe filter answers each record as it comes: the writer sends one
# record and keeps the pipe open; its cleaned record is out long before the
# pipe closes (the reader neither waits for 64 KB to sniff the format nor
# for a chunk's worth of lines).
head -n 1 "$WORK/pages.jsonl" > "$WORK/first.jsonl"
{ cat "$WORK/first.jsonl"; sleep 6; } | "$WINNOW" -q --format jsonl --no-site-counts - > "$WORK/first-out.jsonl" &
filter=$!
answered=no
for _ in $(seq 40); do  # up to 4 s, checked every 0.1 s
  if [ -s "$WORK/first-out.jsonl" ]; then answered=yes; break; fi
  sleep 0.1
done
kill -0 "$filter" 2>/dev/null || fail "the filter ended before its input did"
wait "$filter"
[ "$answered" = yes ] || fail "the first record waited for the pipe to close"
[ "$(wc -l < "$WORK/first-out.jsonl")" = 1 ] || fail "one record in, one out"
pass "a record on a pipe is answered before the pipe closes"

echo "test_streaming: $checks checks passed"
