# The model of a two-pass clean has a budget (256 MiB by default): past it,
# big sites sample their fingerprints and the model stops growing with the
# input. Here, sites of new text under a small budget: the run holds less
# than without one, and its output depends on neither -j nor the page cache.
source "$(dirname "$0")/lib.sh"

# 24 sites of 300 pages of plain text, each page 300 words drawn from a
# vocabulary of 20,000 made-up words (no two pages share a run of words),
# and one sign-off line per site that every page repeats: 7,200 pages,
# about 14 MB, 850,000 distinct fingerprints.
python3 - "$WORK/sites" <<'PY'
import os, random, sys
root = sys.argv[1]
rng = random.Random(7)
syllables = ["ka", "lo", "mi", "ne", "su", "ta", "ri", "po", "ve", "da", "gu", "sha", "ben", "tor", "lin"]
vocab = sorted({"".join(rng.choice(syllables) for _ in range(rng.randint(2, 4))) for _ in range(40000)})[:20000]
for s in range(24):
    site = os.path.join(root, f"site{s:02d}.example")
    os.makedirs(site)
    sign_off = f"Letters to the desk of site {s} are welcome, and every one of them is read by an editor."
    for p in range(300):
        paragraphs = [" ".join(rng.choice(vocab) for _ in range(60)) + "." for _ in range(5)]
        with open(os.path.join(site, f"{p:03d}.txt"), "w") as f:
            f.write("\n\n".join(paragraphs + [sign_off]) + "\n")
PY

# peak_kib OUT ERR ARGS...: runs winnow ARGS, stdout to OUT, stderr to ERR;
# prints the run's peak RSS in KiB (the kernel's count for the child), or
# -1 if it failed.
peak_kib() {
  python3 - "$WINNOW" "$@" <<'PY'
import resource, subprocess, sys
winnow, out, err, args = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4:]
with open(out, "w") as o, open(err, "w") as e:
    status = subprocess.run([winnow] + args, stdout=o, stderr=e).returncode
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss if status == 0 else -1)
PY
}

unbudgeted=$(peak_kib "$WORK/none.jsonl" "$WORK/none.err" --format jsonl -j 1 --cache-budget 0 --model-budget 0 "$WORK/sites")
budgeted=$(peak_kib "$WORK/small.jsonl" "$WORK/small.err" --format jsonl -j 1 --cache-budget 0 --model-budget 2M "$WORK/sites")
[ "$unbudgeted" -gt 0 ] || fail "no budget: the run failed: $(cat "$WORK/none.err")"
[ "$budgeted" -gt 0 ] || fail "a 2 MiB budget: the run failed: $(cat "$WORK/small.err")"
grep -q "7200 records read, 7200 cleaned" "$WORK/small.err" ||
  fail "a 2 MiB budget: not every page was cleaned: $(tail -1 "$WORK/small.err")"
# Unbudgeted, the model holds about 850,000 fingerprints (16-24 MiB).
[ $((unbudgeted - budgeted)) -gt 10240 ] ||
  fail "a 2 MiB budget held $budgeted KiB, against $unbudgeted KiB without one: not 10 MiB less"
pass "a 2 MiB model budget: $((budgeted / 1024)) MiB at peak, against $((unbudgeted / 1024)) MiB without"

# Sampling depends on the pages counted, never on threads or what pass 1 kept.
"$WINNOW" -q --format jsonl -j 2 --model-budget 2M "$WORK/sites" > "$WORK/small-j2.jsonl"
expect_same "under a budget: -j 2 with the page cache = -j 1 without" "$WORK/small.jsonl" "$WORK/small-j2.jsonl"
cmp -s "$WORK/small.jsonl" "$WORK/none.jsonl" && fail "a 2 MiB budget changed no output: nothing was sampled"
pass "a 2 MiB budget samples: its output differs from the unbudgeted run's"
echo "$checks checks passed"
