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
# Binary junk is named and cleaned to nothing, not rendered as noise.
for parser in fast gumbo; do
  grep -q "junk.bin: binary data, not a page: [0-9]* control characters in the first 8192 bytes of its text; nothing kept" \
    "$WORK/junk.bin.$parser.err" || fail "binary junk not named ($parser): $(cat "$WORK/junk.bin.$parser.err")"
  python3 -c 'import json,sys; r=json.loads(open(sys.argv[1]).read()); assert r["text"] == "", r["text"][:80]' \
    "$WORK/junk.bin.$parser.jsonl" || fail "binary junk gave text ($parser)"
  ! grep -q "binary data" "$WORK/invalid.html.$parser.err" || fail "a page of invalid UTF-8 taken for binary ($parser)"
done
pass "binary junk named and cleaned to nothing"

# A mirrored site holds more than pages: its robots.txt, a sitemap, a feed,
# a PDF, JSON data, a style sheet. Each is named and cleaned to nothing,
# and the pages come out as they do alone, at -j 1 and -j 2 (nothing
# counted for the site from the other documents).
mkdir -p "$WORK/mirror/harbortimes.example"
cp "$SITES"/harbortimes/*.html "$WORK/mirror/harbortimes.example/"
cp -r "$WORK/mirror" "$WORK/pages-only"
M="$WORK/mirror/harbortimes.example"
printf '# Crawl gently\nUser-agent: *\nDisallow: /drafts/\n\nUser-agent: ExampleBot\nCrawl-delay: 10\n' > "$M/robots.txt"
printf '<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n<url><loc>https://harbortimes.example/ferry-strike.html</loc></url>\n</urlset>\n' > "$M/sitemap.xml"
printf '<?xml version="1.0"?>\n<rss version="2.0"><channel><title>Harbour Times</title><link>https://harbortimes.example/</link>\n<item><title>Ferry strike ends</title><description>The strike is over.</description></item></channel></rss>\n' > "$M/feed.xml"
printf '%%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n4 0 obj\n<< /Length 44 >>\nstream\nBT /F1 24 Tf 100 700 Td (Annual report) Tj ET\nendstream\nendobj\n%%%%EOF\n' > "$M/report.pdf"
printf '{\n  "edition": "weekly",\n  "sections": ["harbour", "council"]\n}\n' > "$M/edition.json"
printf '/* Harbour Times */\nbody { margin: 0; font-family: Georgia, serif; }\n.lead p { font-size: 120%%; }\n@media print { nav { display: none } }\nfooter { color: #555; }\n' > "$M/site.css"
pages=$(ls "$SITES"/harbortimes/*.html | wc -l)
for j in 1 2; do
  "$WINNOW" -j $j --format jsonl "$WORK/mirror" > "$WORK/mirror.$j.jsonl" 2> "$WORK/mirror.$j.err" || fail "mirror -j $j: exit status"
  "$WINNOW" -j $j --format jsonl "$WORK/pages-only" 2> /dev/null | sed "s#$WORK/pages-only#$WORK/mirror#g" > "$WORK/pages-only.$j.jsonl"
  for what in "robots.txt: robots.txt rules" "sitemap.xml: XML data (root element <urlset>)" \
              "feed.xml: XML data (root element <rss>)" "report.pdf: a PDF document" \
              "edition.json: JSON data" "site.css: a style sheet"; do
    grep -qF "$what, not a page; nothing kept" "$WORK/mirror.$j.err" || fail "mirror -j $j: no note '$what': $(cat "$WORK/mirror.$j.err")"
  done
  grep -q "$((pages + 6)) records read, $((pages + 6)) cleaned, 0 skipped, 0 failed" "$WORK/mirror.$j.err" ||
    fail "mirror -j $j: counts: $(tail -1 "$WORK/mirror.$j.err")"
  python3 - "$WORK/mirror.$j.jsonl" "$WORK/pages-only.$j.jsonl" <<'PY' || fail "mirror -j $j: documents or pages cleaned otherwise"
import json, sys
mirror = [json.loads(l) for l in open(sys.argv[1])]
alone = [json.loads(l) for l in open(sys.argv[2])]
others = [r for r in mirror if not r["id"].endswith(".html")]
assert len(others) == 6 and all(r["text"] == "" for r in others), others
assert [r for r in mirror if r["id"].endswith(".html")] == alone
PY
done
pass "a mirror's robots.txt, sitemap, feed, PDF, JSON and style sheet named and cleaned to nothing; its pages as alone"

# A 100 MB page (one attribute of 100 MB) is read into room of its size:
# grown as it was read, the page was held in a 128 MiB string beside a
# copy of half of it, 238 MiB at peak. Peak RSS of the run, in KiB, by
# the kernel's count for the child.
mkdir -p "$WORK/huge"
python3 - "$WORK/huge/page.html" <<'PY'
import sys
open(sys.argv[1], "w").write('<html><body><p>A story beside a huge inline image.</p><img src="data:image/png;base64,'
                             + "A" * 100_000_000 + '"><p>The end of the story.</p></body></html>')
PY
peak=$(python3 - "$WINNOW" "$WORK/huge" "$WORK/huge.jsonl" "$WORK/huge.err" <<'PY'
import resource, subprocess, sys
with open(sys.argv[3], "w") as out, open(sys.argv[4], "w") as err:
    status = subprocess.run([sys.argv[1], "--format", "jsonl", sys.argv[2]], stdout=out, stderr=err).returncode
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss if status == 0 else -1)
PY
)
[ "$peak" -gt 0 ] || fail "a 100 MB page: the run failed"
grep -q "A story beside a huge inline image" "$WORK/huge.jsonl" || fail "a 100 MB page: its text is lost"
# Pages are cleaned up to --max-page-bytes (64 MiB), with a note.
grep -q "page is 100000130 bytes; cleaned its first 67108864" "$WORK/huge.err" ||
  fail "a 100 MB page: no note that it was cut: $(cat "$WORK/huge.err")"
# AddressSanitizer's allocator keeps redzones and freed blocks: a bound
# on peak RSS holds only for the real allocator, so it is skipped there,
# and said so.
if nm "$WINNOW" 2> /dev/null | grep -q __asan_init; then
  echo "skipped - a 100 MB page: peak RSS $((peak / 1024)) MiB, not bounded under AddressSanitizer"
else
  [ "$peak" -lt 170000 ] || fail "a 100 MB page: peak RSS $peak KiB, over 170 MiB"
  pass "a 100 MB page cleaned in $((peak / 1024)) MiB"
fi

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
