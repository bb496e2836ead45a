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
# A .warc.zst as web archivists write it: a frame per record, all with one
# dictionary that a skippable frame at the start carries, here compressed.
# It must read as the same records uncompressed, at -j 1 and -j 2; without
# its dictionary frame, the first record fails, named.
mkdir -p "$WORK/zst"
python3 - "$PROJECT/fixtures/sites/harbortimes" "$WORK/zst" <<'PY' || fail "making the .warc.zst records"
import os, sys
src, out = sys.argv[1], sys.argv[2]
plain = b""
for i, name in enumerate(sorted(os.listdir(src))):
    page = open(os.path.join(src, name), "rb").read()
    http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n" + page
    rec = (b"WARC/1.0\r\nWARC-Type: response\r\nWARC-Record-ID: <urn:zst:%d>\r\n"
           b"WARC-Target-URI: http://harbortimes.example/%s\r\nContent-Type: application/http; msgtype=response\r\n"
           b"Content-Length: %d\r\n\r\n" % (i, name.encode(), len(http))) + http + b"\r\n\r\n"
    open(os.path.join(out, "rec%03d" % i), "wb").write(rec)
    plain += rec
    if i == 0:
        open(os.path.join(out, "dict"), "wb").write(page)  # a raw-content dictionary
open(os.path.join(out, "all.warc"), "wb").write(plain)
PY
for rec in "$WORK"/zst/rec*; do zstd -q -D "$WORK/zst/dict" -c "$rec"; done > "$WORK/zst/frames"
zstd -q -19 -c "$WORK/zst/dict" > "$WORK/zst/dict.zst"
python3 - "$WORK/zst" <<'PY' || fail "assembling the .warc.zst"
import os, struct, sys
d = sys.argv[1]
packed = open(os.path.join(d, "dict.zst"), "rb").read()
frames = open(os.path.join(d, "frames"), "rb").read()
open(os.path.join(d, "site.warc.zst"), "wb").write(struct.pack("<II", 0x184D2A5D, len(packed)) + packed + frames)
PY
"$WINNOW" -q --format jsonl "$WORK/zst/all.warc" > "$WORK/zst/plain.jsonl" 2>/dev/null || fail "the plain WARC"
[ "$(wc -l < "$WORK/zst/plain.jsonl")" = "$pages" ] || fail "the plain WARC: $(wc -l < "$WORK/zst/plain.jsonl") pages"
for j in 1 2; do
  "$WINNOW" -q --format jsonl -j $j "$WORK/zst/site.warc.zst" | sed 's/site\.warc\.zst/all.warc/g' > "$WORK/zst/zst-j$j.jsonl"
  expect_same ".warc.zst with its dictionary, -j $j: the records of the plain WARC" "$WORK/zst/plain.jsonl" "$WORK/zst/zst-j$j.jsonl"
done
"$WINNOW" --format jsonl "$WORK/zst/frames" > /dev/null 2> "$WORK/zst/nodict.err"
grep -q "frames: corrupt zstd data" "$WORK/zst/nodict.err" || fail "frames without their dictionary: $(cat "$WORK/zst/nodict.err")"
grep -q "^winnow: 1 records read, 0 cleaned, 0 skipped, 1 failed$" "$WORK/zst/nodict.err" ||
  fail "frames without their dictionary: counts: $(tail -1 "$WORK/zst/nodict.err")"
pass ".warc.zst frames without their dictionary: one failed record, named"
echo "$checks passed, 0 failed"
