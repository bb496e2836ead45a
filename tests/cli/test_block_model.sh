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

echo "$checks passed, 0 failed"
