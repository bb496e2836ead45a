# Bad input is named and skipped, the run goes on, exit status says so;
# a closed pipe ends quietly; hostile pages do not crash anything.
source "$(dirname "$0")/lib.sh"
SITES="$PROJECT/fixtures/sites"

"$WINNOW" --version | grep -q '^winnow ' || fail "--version"
"$WINNOW" --help > /dev/null || fail "--help"
"$WINNOW" clean --help | grep -q -- '--format' || fail "clean --help"
pass "version and help"

"$WINNOW" --format nonsense "$SITES/valleypost" > /dev/null 2>&1
[ $? = 2 ] || fail "usage error exits 2"
pass "usage error"

# A missing file among good ones: reported by name, others cleaned, exit 1.
"$WINNOW" "$SITES/valleypost/week-01.txt" "$WORK/missing.html" "$SITES/valleypost/week-02.txt" \
  > "$WORK/out.txt" 2> "$WORK/err.txt"
status=$?
[ $status = 1 ] || fail "missing input: exit status $status, want 1"
grep -q "missing.html" "$WORK/err.txt" || fail "missing input not named on stderr"
grep -q "Growers across" "$WORK/out.txt" && grep -q "A bus linking" "$WORK/out.txt" || fail "good inputs not cleaned"
grep -q "3 records read, 2 cleaned, 0 skipped, 1 failed" "$WORK/err.txt" || fail "counts do not add up: $(cat "$WORK/err.txt")"
pass "bad input named, run goes on, counts add up"

# Hostile pages: binary junk, 100,000 nested divs, unclosed everything,
# a page of invalid UTF-8, an empty file.
head -c 200000 /dev/urandom > "$WORK/junk.bin"
python3 - "$WORK" <<'PY'
import sys
w = sys.argv[1]
open(f"{w}/deep.html", "w").write("<html><body>" + "<div>" * 100000 + "deep text here" + "</div>" * 3 + "<p>after")
# Just under the depth up to which Gumbo is used when asked for.
open(f"{w}/deep-gumbo.html", "w").write("<html><body>" + "<div>" * 4900 + "deep text here" + "</div>" * 3 + "<p>after")
open(f"{w}/unclosed.html", "w").write("<html><body><p>one<p>two<table><tr><td>three<li>four<b><i>five")
open(f"{w}/invalid.html", "wb").write(b"<html><body><p>caf\xe9 \xff\xfe broken \xc3 bytes</p></body></html>")
open(f"{w}/empty.html", "w").write("")
PY
for f in junk.bin deep.html deep-gumbo.html unclosed.html invalid.html empty.html; do
  for parser in fast gumbo; do
    timeout 60 "$WINNOW" --parser $parser --format jsonl "$WORK/$f" > "$WORK/$f.$parser.jsonl" 2> "$WORK/$f.$parser.err"
    status=$?
    [ $status = 0 ] || fail "$f with $parser: exit status $status"
    python3 -c 'import json,sys; [json.loads(l) for l in open(sys.argv[1])]' "$WORK/$f.$parser.jsonl" ||
      fail "$f with $parser: output is not JSON Lines"
  done
done
for parser in fast gumbo; do
  grep -q "deep text here" "$WORK/deep.html.$parser.jsonl" || fail "text of a 100,000-deep page lost ($parser)"
  grep -q "deep text here" "$WORK/deep-gumbo.html.$parser.jsonl" || fail "text of a 4,900-deep page lost ($parser)"
done
# Gumbo's time grows with the square of the depth: the 100,000-deep page
# goes to the fast parser, saying so; the 4,900-deep one is Gumbo's.
grep -q "deep.html: elements nest deeper than 5000: parsed with the fast parser" "$WORK/deep.html.gumbo.err" ||
  fail "no note for a page too deep for Gumbo: $(cat "$WORK/deep.html.gumbo.err")"
! grep -q "nest deeper" "$WORK/deep-gumbo.html.gumbo.err" || fail "a 4,900-deep page was not Gumbo's"
pass "hostile pages cleaned without a crash"

# A closed pipe ends quietly, with status 0 and nothing on stderr.
mkdir -p "$WORK/many"
for i in $(seq 1 400); do cp "$SITES/harbortimes/ferry-strike.html" "$WORK/many/page-$i.html"; done
# Copies of one page are all template to the site counts; without them each
# copy prints its article, more than a pipe buffer holds.
"$WINNOW" --no-site-counts "$WORK/many" 2> "$WORK/pipe-err.txt" | head -c 100 > /dev/null
status=${PIPESTATUS[0]}
[ "$status" = 0 ] || fail "EPIPE: exit status $status"
[ ! -s "$WORK/pipe-err.txt" ] || fail "EPIPE: stderr not quiet: $(head -3 "$WORK/pipe-err.txt")"
pass "closed pipe ends quietly"
echo "$checks passed, 0 failed"
