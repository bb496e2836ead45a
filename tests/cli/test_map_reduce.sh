# The map-reduce flow of docs/at-scale.md, run with GNU parallel over shards
# of fixtures/mapreduce: learning on k shards (any order) and merging gives
# the byte-identical model of one learn, and cleaning the shards with it
# gives the output of one process; also under a memory budget.
source "$(dirname "$0")/lib.sh"
FIXTURE="$PROJECT/fixtures/mapreduce"
command -v parallel > /dev/null || fail "GNU parallel is not installed"

find "$FIXTURE" -name '*.html' | sort > "$WORK/all.list"
pages=$(wc -l < "$WORK/all.list")
[ "$pages" -ge 10 ] || fail "fixture has only $pages pages"

# The single-process reference.
"$WINNOW" learn -o "$WORK/all.model" "$FIXTURE" 2> "$WORK/learn.err" || fail "learn"
grep -q "^winnow: $pages records read, $pages counted, 0 skipped, 0 failed$" "$WORK/learn.err" ||
  fail "learn counts do not add up: $(cat "$WORK/learn.err")"
"$WINNOW" learn -q -j 1 -o "$WORK/all-j1.model" "$FIXTURE" || fail "learn -j 1"
"$WINNOW" learn -q -j 2 -o "$WORK/all-j2.model" "$FIXTURE" || fail "learn -j 2"
expect_same "learn -j 1 and -j 2 write identical models" "$WORK/all-j1.model" "$WORK/all-j2.model"
"$WINNOW" clean -q --format jsonl --model "$WORK/all.model" "$FIXTURE" | sort > "$WORK/single.jsonl"
"$WINNOW" clean -q --format jsonl "$FIXTURE" | sort > "$WORK/two-pass.jsonl"
expect_same "clean --model equals the two-pass clean" "$WORK/single.jsonl" "$WORK/two-pass.jsonl"
[ "$(wc -l < "$WORK/single.jsonl")" = "$pages" ] || fail "single run did not clean every page"

run_shards() {  # run_shards K SEED BUDGET_FLAG...: map-reduce over K shuffled shards
  local k=$1 seed=$2; shift 2
  local dir="$WORK/k$k-$seed$*"
  dir=${dir// /}
  mkdir -p "$dir"
  shuf --random-source=<(yes "$seed") "$WORK/all.list" | split -n "r/$k" - "$dir/shard."
  # map: one learn per shard, in parallel
  parallel -j 2 "xargs -a {} '$WINNOW' learn -q $* -o {}.model" ::: "$dir"/shard.?? || fail "map (learn) k=$k"
  # reduce: merge the shard models, in reverse order for good measure
  "$WINNOW" merge $* -o "$dir/merged.model" $(ls "$dir"/shard.??.model | sort -r) || fail "merge k=$k"
  # clean each shard against the merged model, in parallel
  parallel -j 2 "xargs -a {} '$WINNOW' clean -q --format jsonl --model '$dir/merged.model'" ::: "$dir"/shard.?? |
    sort > "$dir/cleaned.jsonl"
  echo "$dir"
}

for k in 1 2 5; do
  for seed in 1 2; do
    dir=$(run_shards $k $seed)
    expect_same "k=$k shards (order $seed): merged model equals one learn" "$WORK/all.model" "$dir/merged.model"
    expect_same "k=$k shards (order $seed): cleaned output equals one process" "$WORK/single.jsonl" "$dir/cleaned.jsonl"
  done
done

# Under a memory budget small enough to make sites sample their fingerprints.
budget=12K
"$WINNOW" learn -q --model-budget $budget -o "$WORK/budget.model" "$FIXTURE" || fail "learn with budget"
"$WINNOW" inspect "$WORK/budget.model" | grep -q "budget: 1 in 2^" || fail "budget $budget did not sample"
for k in 2 5; do
  dir=$(run_shards $k 3 --model-budget $budget)
  expect_same "k=$k shards under a $budget budget: merged model equals one learn" "$WORK/budget.model" "$dir/merged.model"
done
# merge inherits the shards' budget when given none
dir="$WORK/inherit"; mkdir -p "$dir"
split -n r/3 "$WORK/all.list" "$dir/shard."
for s in "$dir"/shard.??; do xargs -a "$s" "$WINNOW" learn -q --model-budget $budget -o "$s.model"; done
"$WINNOW" merge -o "$dir/merged.model" "$dir"/shard.??.model || fail "merge without --model-budget"
expect_same "merge without --model-budget inherits the shards' budget" "$WORK/budget.model" "$dir/merged.model"

# inspect: the appeal of each site, with its page count and text
"$WINNOW" inspect --site tidewater.example "$WORK/all.model" > "$WORK/inspect.txt" || fail "inspect"
grep -q "^tidewater.example	12 pages" "$WORK/inspect.txt" || fail "inspect page count: $(head -1 "$WORK/inspect.txt")"
# The merged models above are compared byte for byte, container signatures
# included; here they must exist at all.
grep -q "^tidewater.example	12 pages	[0-9]* fingerprints	[1-9][0-9]* containers$" "$WORK/inspect.txt" ||
  fail "inspect shows no container signatures: $(head -1 "$WORK/inspect.txt")"
grep -q "^ *12  The Tidewater Gazette has no owner but its readers" "$WORK/inspect.txt" ||
  fail "inspect does not show the appeal: $(cat "$WORK/inspect.txt")"
"$WINNOW" inspect --site nowhere.example "$WORK/all.model" > /dev/null 2>&1
[ $? = 1 ] || fail "inspect of an unknown site should exit 1"
pass "inspect lists page counts and repeated blocks"

# A damaged model is a clear error (exit 2), never a crash, for every command.
size=$(stat -c %s "$WORK/all.model")
for cut in 0 7 40 $((size / 2)) $((size - 1)); do
  head -c $cut "$WORK/all.model" > "$WORK/cut.model"
  for cmd in "clean --model $WORK/cut.model $FIXTURE/tidewater/story-01.html" "inspect $WORK/cut.model" \
             "merge -o $WORK/out.model $WORK/all.model $WORK/cut.model"; do
    $WINNOW $cmd > /dev/null 2> "$WORK/cut.err"
    status=$?
    [ $status = 2 ] || fail "$cmd on a model cut at $cut bytes: exit $status, want 2"
    grep -q "^winnow: .*cut.model" "$WORK/cut.err" || fail "$cmd: error does not name the file: $(cat "$WORK/cut.err")"
  done
done
cp "$WORK/all.model" "$WORK/flip.model"
printf '\x55' | dd of="$WORK/flip.model" bs=1 seek=$((size / 3)) conv=notrunc 2> /dev/null
$WINNOW inspect "$WORK/flip.model" > /dev/null 2> "$WORK/flip.err"
[ $? = 2 ] && grep -q "corrupt" "$WORK/flip.err" || fail "flipped byte not reported as corrupt: $(cat "$WORK/flip.err")"
pass "truncated and corrupt models are clear errors"

echo "test_map_reduce: $checks checks passed"
