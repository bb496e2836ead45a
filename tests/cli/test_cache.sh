# Pass 1 keeps pages for pass 2 within --cache-budget (HTML pages as their
# analyses, plain text as its bytes); once a page does not fit, pass 2 reads
# every input again and re-parses the pages not kept. Either way the
# output, notes and errors are the same, byte for byte.
source "$(dirname "$0")/lib.sh"
SITES="$PROJECT/fixtures/sites"

# A JSON Lines input with a passthrough field, a record that cannot be read
# and a page over --max-page-bytes, beside the fixture sites.
python3 - "$SITES/harbortimes" "$WORK/pages.jsonl" <<'PY'
import json, os, sys
src, out = sys.argv[1], sys.argv[2]
with open(out, "w") as f:
    for i, name in enumerate(sorted(os.listdir(src))):
        html = open(os.path.join(src, name), encoding="utf-8").read()
        f.write(json.dumps({"id": name, "url": "https://harbortimes.example/" + name,
                            "html": html, "lang_hint": i}) + "\n")
        if i == 2:
            f.write("{not json\n")
        if i == 3:
            f.write(json.dumps({"id": "plain", "url": "https://harbortimes.example/plain",
                                "text": "Support the Harbor Times today.\nA plain text record.\n"}) + "\n")
    f.write(json.dumps({"id": "big", "url": "https://harbortimes.example/big",
                        "html": "<p>" + "word " * 40000 + "</p>"}) + "\n")
PY

# Plain text pages are kept as their bytes, and the HTML pages after them
# as their analyses.
mkdir -p "$WORK/text/notes.example"
for i in 1 2 3 4 5; do
  printf 'Notes %s\n\nSubscribe to the weekly notes by mail.\nLine %s of a note about tides and ferries.\n' \
    "$i" "$i" > "$WORK/text/notes.example/$i.txt"
done

run() {  # run NAME ARGS...: output and stderr of one run into $WORK/NAME.*
  local name=$1
  shift
  "$WINNOW" "$@" > "$WORK/$name.out" 2> "$WORK/$name.err"
  echo $? > "$WORK/$name.status"
}

for args in "--format jsonl" "--format jsonl --explain" "--format markdown" "--format html" "--format text --explain"; do
  for j in 1 2; do
    # shellcheck disable=SC2086
    run base --cache-budget 0 -j $j --max-page-bytes 100000 $args "$WORK/text" "$SITES" "$WORK/pages.jsonl"
    for budget in 256M 60K 1; do
      # shellcheck disable=SC2086
      run cached --cache-budget $budget -j $j --max-page-bytes 100000 $args "$WORK/text" "$SITES" "$WORK/pages.jsonl"
      for part in out err status; do
        expect_same "$args -j $j --cache-budget $budget: same $part as without the cache" \
          "$WORK/base.$part" "$WORK/cached.$part"
      done
    done
  done
done

# A tree of plain text only: with the default budget every page is kept and
# pass 2 reads no file; the output and the counts are those of re-reading.
for j in 1 2; do
  run text-base --cache-budget 0 -j $j --format jsonl "$WORK/text"
  run text-cached -j $j --format jsonl "$WORK/text"
  for part in out err status; do
    expect_same "plain text -j $j: same $part with every page kept as without the cache" \
      "$WORK/text-base.$part" "$WORK/text-cached.$part"
  done
  grep -q "^winnow: 5 records read, 5 cleaned, 0 skipped, 0 failed$" "$WORK/text-cached.err" ||
    fail "plain text -j $j: counts do not add up: $(cat "$WORK/text-cached.err")"
  pass "plain text -j $j: counts add up"
done

# The site-learned container (fixtures/sites/quayside) comes from pass 1's
# counts, kept analysis or not: the archive teaser stays out both ways.
for budget in 0 256M; do
  "$WINNOW" -q --cache-budget $budget "$SITES/quayside" > "$WORK/quayside.txt" || fail "quayside with cache $budget"
  grep -q "An exhibition at the customs house" "$WORK/quayside.txt" && fail "--cache-budget $budget: site container not followed"
  grep -q "^Anglers who fish" "$WORK/quayside.txt" || fail "--cache-budget $budget: short story lost"
done
pass "site-learned container with and without kept analyses"

grep -q '"lang_hint":' "$WORK/base.out" || true
"$WINNOW" -q --format jsonl "$WORK/pages.jsonl" 2>/dev/null | grep -q '"lang_hint":3' || fail "passthrough field lost"
pass "passthrough fields kept"
grep -q "not json\|line 4\|pages.jsonl" "$WORK/base.err" || fail "the bad record is reported"
pass "the bad record is reported"

"$WINNOW" --cache-budget lots "$SITES" > /dev/null 2>&1
[ $? = 2 ] || fail "--cache-budget with a bad size exits 2"
pass "--cache-budget with a bad size exits 2"
echo "$checks checks passed"
