# WARC and JSON Lines in: records cleaned with their site's counts, bad
# records named and skipped, counts that add up, unknown JSON fields kept.
source "$(dirname "$0")/lib.sh"
python3 "$PROJECT/tests/cli/make_archives.py" "$PROJECT/fixtures" "$WORK" || fail "making archives"

"$WINNOW" --format jsonl "$WORK/site.warc.gz" > "$WORK/warc.jsonl" 2> "$WORK/warc.err"
status=$?
[ $status = 1 ] || fail "warc: exit status $status, want 1 (bad records)"
grep -q "badlength" "$WORK/warc.err" || fail "warc: the record with a wrong Content-Length is not named: $(cat "$WORK/warc.err")"
grep -q "urn:test:cut: truncated gzip member" "$WORK/warc.err" || fail "warc: the truncated member is not named"
grep -q "9 records read, 7 cleaned, 7 skipped, 2 failed" "$WORK/warc.err" ||
  fail "warc: counts: $(tail -1 "$WORK/warc.err")"
python3 - "$WORK/warc.jsonl" <<'PY' || fail "warc output"
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
ids = [r["id"] for r in rows]
assert "urn:test:page1" in ids and "urn:test:after" in ids, ids
for r in rows:
    assert r["site"] == "harbortimes.example", r
    assert "Reader-funded reporting" not in r["text"], r["id"]
assert any("Crews on the island ferry" in r["text"] for r in rows)
assert any("The record after the bad one still reads." in r["text"] for r in rows)
PY
pass "WARC: responses cleaned, requests and binary skipped, bad records named, counts add up"

# Encoded HTTP bodies: decoded to the same pages as the plain archive's, the
# two broken ones named; at -j 2 and 3 the workers decode them, with the
# same output, messages and exit status as -j 1.
for j in 1 2 3; do
  "$WINNOW" --format jsonl -j $j "$WORK/encoded.warc.gz" > "$WORK/encoded-j$j.jsonl" 2> "$WORK/encoded-j$j.err"
  echo "exit $?" >> "$WORK/encoded-j$j.err"
done
grep -q "urn:test:badgzip: truncated compressed body" "$WORK/encoded-j1.err" ||
  fail "encoded: the broken gzip body is not named: $(cat "$WORK/encoded-j1.err")"
grep -q "urn:test:badchunk: broken chunked transfer encoding" "$WORK/encoded-j1.err" ||
  fail "encoded: the broken chunked body is not named"
pages=$(ls "$PROJECT/fixtures/sites/harbortimes" | wc -l)
grep -q "^winnow: $((pages + 2)) records read, $pages cleaned, 0 skipped, 2 failed$" "$WORK/encoded-j1.err" ||
  fail "encoded: counts: $(cat "$WORK/encoded-j1.err")"
python3 - "$WORK/encoded-j1.jsonl" "$WORK/warc.jsonl" <<'PY' || fail "encoded bodies do not decode to the pages"
import json, sys
enc = {r["url"]: r["text"] for r in map(json.loads, open(sys.argv[1]))}
plain = {r["url"]: r["text"] for r in map(json.loads, open(sys.argv[2]))}
assert len(enc) >= 3 and all(plain[u] == t for u, t in enc.items()), sorted(enc)
PY
for j in 2 3; do
  expect_same "encoded bodies: -j $j gives the output of -j 1" "$WORK/encoded-j1.jsonl" "$WORK/encoded-j$j.jsonl"
  expect_same "encoded bodies: -j $j reports as -j 1" "$WORK/encoded-j1.err" "$WORK/encoded-j$j.err"
done

cat "$WORK/site.warc.gz" | "$WINNOW" -q --format jsonl > "$WORK/warc-stdin.jsonl" 2>/dev/null
grep -q "Crews on the island ferry" "$WORK/warc-stdin.jsonl" || fail "warc.gz on stdin"
pass "WARC on stdin, recognised from content"

"$WINNOW" --format jsonl "$WORK/site.jsonl" > "$WORK/jsonl.jsonl" 2> "$WORK/jsonl.err"
status=$?
[ $status = 1 ] || fail "jsonl: exit status $status, want 1"
grep -q "site.jsonl#4\|line 4" "$WORK/jsonl.err" || fail "jsonl: malformed line not named: $(cat "$WORK/jsonl.err")"
grep -q "7 records read, 6 cleaned, 0 skipped, 1 failed" "$WORK/jsonl.err" || fail "jsonl counts: $(tail -1 "$WORK/jsonl.err")"
python3 - "$WORK/jsonl.jsonl" <<'PY' || fail "jsonl passthrough"
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
assert [r["id"] for r in rows] == [f"doc-{i}" for i in range(6)], [r["id"] for r in rows]
for i, r in enumerate(rows):
    assert r["lang_score"] == 0.98 and r["tags"] == ["news", i], r
    assert "html" not in r
    assert "Reader-funded reporting" not in r["text"]
PY
pass "JSON Lines: ids kept, unknown fields passed through, malformed line reported"

zstd -q -c "$WORK/site.jsonl" | "$WINNOW" -q --format jsonl > "$WORK/zst.jsonl" 2>/dev/null
[ "$(wc -l < "$WORK/zst.jsonl")" = 6 ] || fail "zstd JSON Lines on stdin"
pass "zstd-compressed JSON Lines on stdin"
echo "$checks passed, 0 failed"
