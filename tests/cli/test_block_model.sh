# The learned block model: it can be switched off, replaced by a file (a bad
# one is a usage error), and its features can be exported as training data.
source "$(dirname "$0")/lib.sh"
SITE="$PROJECT/fixtures/sites/harbortimes"

"$WINNOW" -q --no-block-model --explain "$SITE" > "$WORK/rules.txt" || fail "--no-block-model run"
grep -q "\[model " "$WORK/rules.txt" && fail "--no-block-model still shows model decisions"
pass "--no-block-model: the rules alone"

printf 'winnow-block-model 7\n' > "$WORK/bad.model"
"$WINNOW" -q --block-model "$WORK/bad.model" "$SITE" > /dev/null 2> "$WORK/err.txt"
[ $? = 2 ] || fail "bad --block-model: want exit 2"
grep -q "bad.model: line 1: block model version 7 is not supported" "$WORK/err.txt" || fail "bad model error: $(cat "$WORK/err.txt")"
pass "a bad model file is refused with its reason"

# A model with no trees leaves the rules' labels: same output as without one.
printf 'winnow-block-model 1\nfeatures 0\nbase 0\ncutoff 0 0\ntrees 0\nend\n' > "$WORK/empty.model"
"$WINNOW" -q --block-model "$WORK/empty.model" --explain "$SITE" > "$WORK/empty.txt" || fail "empty model run"
expect_same "an empty model file changes nothing" "$WORK/rules.txt" "$WORK/empty.txt"

"$WINNOW" -q --dump-block-features "$SITE" > "$WORK/features.jsonl" || fail "--dump-block-features run"
python3 - "$WORK/features.jsonl" <<'PY' || fail "feature dump"
import json, sys
pages = blocks = 0
names = None
for line in open(sys.argv[1], encoding="utf-8"):
    row = json.loads(line)
    if "features" in row:
        pages += 1
        names = row["features"]
        assert "hand_content" in names and "rep_block_share" in names
    else:
        blocks += 1
        assert len(row["x"]) == len(names) and row["label"] in ("content", "chrome")
        assert isinstance(row["block"], int) and row["id"].endswith(".html")
assert pages == 6 and blocks > 60, (pages, blocks)
PY
pass "feature dump: a header per page, a row per block"

# The context features are read off the page's other rows: check them
# against the rows they come from.
python3 - "$WORK/features.jsonl" <<'PY' || fail "context features"
import json, sys
pages, names, rows = [], None, None
for line in open(sys.argv[1], encoding="utf-8"):
    row = json.loads(line)
    if "features" in row:
        names = row["features"]
        rows = []
        pages.append(rows)
    else:
        rows.append(dict(zip(names, row["x"])))
checked = 0
for rows in pages:
    n = len(rows)
    total = sum(r["chars"] for r in rows)
    before = 0
    for i, r in enumerate(rows):
        want = rows[i - 2]["hand_content"] if i >= 2 else -1
        assert r["prev2_content"] == want, (i, r["prev2_content"], want)
        want = rows[i + 2]["chars"] if i + 2 < n else -1
        assert r["next2_chars"] == want, (i, r["next2_chars"], want)
        others = [rows[j]["hand_content"] for j in range(max(0, i - 3), min(n, i + 4)) if j != i]
        assert abs(r["window_content"] - (sum(others) / len(others) if others else -1)) < 1e-9
        assert abs(r["text_before"] - before / total) < 1e-9
        before += r["chars"]
        run = 1
        j = i - 1
        while j >= 0 and rows[j]["kind"] == r["kind"]:
            run, j = run + 1, j - 1
        j = i + 1
        while j < n and rows[j]["kind"] == r["kind"]:
            run, j = run + 1, j + 1
        assert r["kind_run"] == run, (i, r["kind_run"], run)
        heads = [j for j in range(i) if rows[j]["kind"] == 1]
        assert r["since_heading"] == (i - heads[-1] if heads else -1)
        # Against the page's long prose paragraphs (kind 0, 150+ characters, links under 0.2).
        long_ = [j for j in range(n) if rows[j]["kind"] == 0 and rows[j]["chars"] >= 150 and rows[j]["link_density"] < 0.2]
        earlier, later = [j for j in long_ if j < i], [j for j in long_ if j > i]
        assert r["since_long"] == (min(i - earlier[-1], 50) if earlier else -1), (i, r["since_long"])
        assert r["until_long"] == (min(later[0] - i, 50) if later else -1), (i, r["until_long"])
        long_total = sum(rows[j]["chars"] for j in long_)
        if long_total:
            assert abs(r["long_after"] - sum(rows[j]["chars"] for j in later) / long_total) < 1e-9
            assert abs(r["long_before"] - sum(rows[j]["chars"] for j in earlier) / long_total) < 1e-9
        else:
            assert r["long_after"] == -1 and r["long_before"] == -1
        checked += 1
assert checked > 60
PY
pass "context features agree with the rows they are read from"

echo "$checks passed, 0 failed"
