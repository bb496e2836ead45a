#!/usr/bin/env python3
"""Train and validate winnow's learned block model (models/blocks.model).

Exports every block's features from the development corpora
(`winnow --dump-block-features --no-block-model`), labels each block content
or chrome from the corpus truth the way score.py judges it, trains
gradient-boosted regression trees (logistic loss, numpy only) and writes the
versioned model file that the build embeds.

  train_block_model.py --winnow build/winnow --corpora ../shared/corpus train
  train_block_model.py --winnow build/winnow --corpora ../shared/corpus validate

`validate` reports, per corpus, score.py F1 of the hand rules alone and of the
model out of fold: pages are grouped by site (host), groups split into 5 folds,
and each fold's pages are cleaned by a model trained without them. It also
trains on two corpora and tests on the third (--no-cross-corpus skips that),
and leaves the out-of-fold text in CACHE/oof-CORPUS.jsonl, for
`score.py CORPUS CACHE/oof-CORPUS.jsonl --worst N`. --drop F1,F2 leaves
features out, to measure a set against one dump without rebuilding.
--no-counts-weight W also trains on each corpus cleaned with
--no-site-counts (a single page, a stream's first pages), its rows weighed
W; validate reports the out-of-fold figures of both kinds of run. Labels:
  - "text" truth (4-gram shingles): a block's target is the share of its
    4-grams (score.py's tokens) found in the truth; weight its token count
    over the page's truth size, so each page weighs about one, as the page-
    averaged metric does.
  - "with"/"without" snippets: the blocks a snippet spans are content (with)
    or chrome (without), each weighted by its share of the snippet; blocks no
    snippet touches carry no label.
"""
import argparse
import collections
import hashlib
import json
import os
import re
import subprocess
import sys
import tempfile

import numpy as np

CORPORA = ("trafilatura-dev", "readability", "crawl-to-the-future")
TOKEN = re.compile(r"\w+", re.UNICODE)
VERSION = 1
DECLARED = "declared in structured data"  # the reason section 8 gives (src/classify/classifier.cpp)


# ---------------------------------------------------------------- export

def export(winnow, corpus_dir, cache_dir, extra=()):
    """Runs the feature dump over a corpus (cached by file)."""
    name = os.path.basename(corpus_dir.rstrip("/"))
    tag = "-".join(a.strip("-") for a in extra)
    path = os.path.join(cache_dir, name + (("." + tag) if tag else "") + ".features.jsonl")
    if not os.path.exists(path):
        os.makedirs(cache_dir, exist_ok=True)
        with open(path + ".tmp", "w", encoding="utf-8") as out:
            subprocess.run([winnow, "--dump-block-features", "--no-block-model", "-q", *extra,
                            os.path.join(corpus_dir, "html")], stdout=out, check=True)
        os.replace(path + ".tmp", path)
    return path


def truth_key(ident, truth):
    """The truth key a record id ends with (score.py's matching)."""
    parts = ident.replace(os.sep, "/").split("/")
    for n in range(1, len(parts) + 1):
        key = "/".join(parts[-n:])
        if key in truth:
            return key
    return None


def load_pages(path, truth):
    """Pages in input order: {key, site, blocks: [(text, line_break, x, hand_label)]}."""
    pages, names = [], None
    with open(path, encoding="utf-8") as f:
        for line in f:
            if not line.strip():
                continue
            row = json.loads(line)
            if "features" in row:
                names = row["features"]
                pages.append({"id": row["id"], "key": truth_key(row["id"], truth), "site": row["site"],
                              "blocks": []})
            else:
                pages[-1]["blocks"].append(row)
    return pages, names


def site_group(page, truth, corpus):
    """Cross-site folds: the host a page belongs to."""
    key = page["key"]
    gold = truth.get(key, {})
    if "/" in key:
        return key.split("/")[0]  # a site folder
    url = gold.get("url") or ""
    m = re.match(r"[a-z]+://(?:www\.)?([^/:]+)", url)
    if m:
        return m.group(1)
    if "." in page["site"] and page["site"] != "html":
        return page["site"]
    return key


# ---------------------------------------------------------------- labels

def shingle_set(tokens, n=4):
    return {tuple(tokens[i:i + n]) for i in range(len(tokens) - n + 1)}


def label_text_page(page, gold_text):
    gold = TOKEN.findall(gold_text)
    grams = shingle_set(gold)
    short = set()
    for n in (1, 2, 3):
        short |= shingle_set(gold, n)
    size = max(len(gold), 1) + 20
    ys, ws = [], []
    for b in page["blocks"]:
        toks = TOKEN.findall(b["text"])
        if not toks:
            ys.append(0.0)
            ws.append(0.0)
            continue
        if len(toks) >= 4:
            g = [tuple(toks[i:i + 4]) for i in range(len(toks) - 3)]
            y = sum(x in grams for x in g) / len(g)
        else:
            y = 1.0 if tuple(toks) in short else 0.0
        ys.append(y)
        ws.append(min(len(toks) / size, 1.0))
    return ys, ws


def norm(text):
    return " ".join((text or "").split())


def label_snippet_page(page, gold):
    texts = [norm(b["text"]) for b in page["blocks"]]
    starts, pos = [], 0
    for t in texts:
        starts.append(pos)
        pos += len(t) + 1
    full = " ".join(texts)
    ys = [0.0] * len(texts)
    ws = [0.0] * len(texts)
    total = max(1, len(gold.get("with", [])) + len(gold.get("without", [])))

    def spans(snippet):
        s = norm(snippet)
        if not s:
            return []
        out, at = [], full.find(s)
        while at >= 0:
            out.append([i for i, st in enumerate(starts) if st < at + len(s) and st + len(texts[i]) > at])
            at = full.find(s, at + 1)
        return out

    for s in gold.get("with", []):
        found = spans(s)
        if found:
            for i in found[0]:
                ys[i], ws[i] = 1.0, ws[i] + 1.0 / (len(found[0]) * total)
    for s in gold.get("without", []):
        for blocks in spans(s):
            for i in blocks:
                if ys[i] == 1.0 and ws[i] > 0:
                    continue  # a "with" snippet needs it
                ys[i], ws[i] = 0.0, ws[i] + 1.0 / (len(blocks) * total)
    return ys, ws


# ---------------------------------------------------------------- data set

class Corpus:
    def __init__(self, name, corpus_dir, feature_path):
        with open(os.path.join(corpus_dir, "truth.json"), encoding="utf-8") as f:
            self.truth = json.load(f)
        self.name, self.dir = name, corpus_dir
        self.pages, self.names = load_pages(feature_path, self.truth)
        self.pages = [p for p in self.pages if p["key"] is not None]
        xs, ys, ws, page_of = [], [], [], []
        self.groups = []
        for pi, p in enumerate(self.pages):
            gold = self.truth[p["key"]]
            y, w = (label_text_page(p, gold["text"]) if "text" in gold else label_snippet_page(p, gold))
            for b in p["blocks"]:
                xs.append(b["x"])
            ys += y
            ws += w
            page_of += [pi] * len(p["blocks"])
            self.groups.append(site_group(p, self.truth, name))
        self.x = np.array(xs, dtype=np.float64).reshape(-1, len(self.names))
        self.y = np.array(ys)
        self.w = np.array(ws)
        self.page_of = np.array(page_of, dtype=np.int64)
        # Section 8 (text the page declares in JSON-LD) comes after the model
        # and keeps its blocks whatever the model says; the dump's reason
        # names it.
        self.declared = np.array([b["reason"].startswith(DECLARED) for p in self.pages for b in p["blocks"]],
                                 dtype=bool)
        self.hand = (self.x[:, self.names.index("hand_content")] > 0.5) | self.declared
        self.line_break = self.names.index("line_break")  # in the dump's rows (b["x"]), whatever --drop leaves

    def render(self, keep, path):
        """JSON Lines as the CLI's: content blocks joined as render_text does."""
        lb = self.line_break
        with open(path, "w", encoding="utf-8") as out:
            row = 0
            for p in self.pages:
                parts = []
                for b in p["blocks"]:
                    if keep[row] and b["text"]:
                        if parts:
                            parts.append("\n" if b["x"][lb] > 0.5 else "\n\n")
                        parts.append(b["text"])
                    row += 1
                out.write(json.dumps({"id": p["id"], "text": "".join(parts)}, ensure_ascii=False) + "\n")

    def score(self, keep, scorer):
        with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False) as f:
            path = f.name
        self.render(keep, path)
        res = subprocess.run([sys.executable, scorer, self.dir, path, "--json"], capture_output=True, text=True,
                             check=True)
        os.unlink(path)
        return json.loads(res.stdout.strip().splitlines()[-1])


# ---------------------------------------------------------------- boosting

class Booster:
    """Gradient-boosted regression trees, logistic loss, histogram splits."""

    def __init__(self, trees=150, depth=4, rate=0.1, bins=48, lam=1.0, min_hess=0.5, subsample=1.0, colsample=1.0,
                 seed=1):
        self.n_trees, self.depth, self.rate, self.bins, self.lam, self.min_hess = trees, depth, rate, bins, lam, min_hess
        # Stochastic boosting: each tree chooses its splits on a random share of
        # the rows and of the features (then fits its leaves to every row).
        self.subsample, self.colsample, self.seed = subsample, colsample, seed

    def _binning(self, x):
        self.edges = []
        for f in range(x.shape[1]):
            col = x[:, f]
            qs = np.unique(np.quantile(col, np.linspace(0, 1, self.bins + 1)[1:-1]))
            vals = np.unique(col)
            edges = vals[1:] if len(vals) < self.bins else qs[qs > vals[0]]
            self.edges.append(edges)
        b = np.zeros(x.shape, dtype=np.int32)
        for f in range(x.shape[1]):
            b[:, f] = np.searchsorted(self.edges[f], x[:, f], side="right")  # bin k: x >= edges[k-1]
        return b

    def fit(self, x, y, w):
        keep = w > 0
        x, y, w = x[keep], y[keep], w[keep]
        bins = self._binning(x)
        n, nf = x.shape
        width = self.bins + 1
        offsets = np.arange(nf) * width
        pos = np.clip((w * y).sum() / w.sum(), 1e-4, 1 - 1e-4)
        self.base = float(np.log(pos / (1 - pos)))
        score = np.full(n, self.base)
        self.trees = []
        flat = bins + offsets
        rng = np.random.default_rng(self.seed)
        for _ in range(self.n_trees):
            p = 1 / (1 + np.exp(-score))
            g, h = w * (p - y), w * p * (1 - p)
            rows = np.flatnonzero(rng.random(n) < self.subsample) if self.subsample < 1 else np.arange(n)
            usable = rng.random(nf) < self.colsample if self.colsample < 1 else np.ones(nf, bool)
            nodes = []

            def build(idx, level, every):
                """idx: the sampled rows at this node; every: all its rows."""
                me = len(nodes)
                nodes.append(None)
                G, H = g[idx].sum(), h[idx].sum()
                best = None
                if level < self.depth and len(idx) > 1:
                    fl = flat[idx].ravel()
                    hg = np.bincount(fl, np.repeat(g[idx], nf), minlength=nf * width).reshape(nf, width)
                    hh = np.bincount(fl, np.repeat(h[idx], nf), minlength=nf * width).reshape(nf, width)
                    gl, hl = np.cumsum(hg, 1)[:, :-1], np.cumsum(hh, 1)[:, :-1]
                    gr, hr = G - gl, H - hl
                    gain = gl ** 2 / (hl + self.lam) + gr ** 2 / (hr + self.lam) - G ** 2 / (H + self.lam)
                    gain[(hl < self.min_hess) | (hr < self.min_hess)] = -1
                    for f in range(nf):  # splits only at real edges
                        gain[f, len(self.edges[f]):] = -1
                    gain[~usable, :] = -1
                    f, k = np.unravel_index(np.argmax(gain), gain.shape)
                    if gain[f, k] > 1e-6:
                        best = (int(f), int(k))
                if best is None:
                    value = -G / (H + self.lam) * self.rate
                    nodes[me] = ("leaf", value)
                    score[every] += value
                    return me
                f, k = best
                go_left, every_left = bins[idx, f] <= k, bins[every, f] <= k
                left = build(idx[go_left], level + 1, every[every_left])
                right = build(idx[~go_left], level + 1, every[~every_left])
                nodes[me] = ("split", f, float(self.edges[f][k]), left, right)
                return me

            build(rows, 0, np.arange(n))
            self.trees.append(nodes)
        return self

    def predict(self, x):
        out = np.full(len(x), self.base)
        rows = np.arange(len(x))
        for nodes in self.trees:
            split = np.array([n[0] == "split" for n in nodes])
            feat = np.array([n[1] if n[0] == "split" else 0 for n in nodes])
            thr = np.array([n[2] if n[0] == "split" else 0.0 for n in nodes])
            lft = np.array([n[3] if n[0] == "split" else i for i, n in enumerate(nodes)])
            rgt = np.array([n[4] if n[0] == "split" else i for i, n in enumerate(nodes)])
            leaf = np.array([n[1] if n[0] == "leaf" else 0.0 for n in nodes])
            at = np.zeros(len(x), dtype=np.int64)
            for _ in range(self.depth + 1):
                xv = x[rows, feat[at]]
                at = np.where(split[at], np.where(xv < thr[at], lft[at], rgt[at]), at)
            out += leaf[at]
        return out

    def write(self, path, names, cutoffs, comment):
        lines = [f"winnow-block-model {VERSION}"]
        lines += ["# " + c for c in comment]
        lines.append(f"features {len(names)}")
        lines += names
        lines.append(f"base {self.base!r}")
        lines.append(f"cutoff {cutoffs[0]!r} {cutoffs[1]!r}")
        lines.append(f"trees {len(self.trees)}")
        for nodes in self.trees:
            lines.append(f"tree {len(nodes)}")
            for n in nodes:
                lines.append(f"leaf {n[1]!r}" if n[0] == "leaf" else f"split {n[1]} {n[2]!r} {n[3]} {n[4]}")
        lines.append("end")
        with open(path, "w", encoding="utf-8") as f:
            f.write("\n".join(lines) + "\n")


class Bag:
    """The mean of several boosters grown from different draws (seeds).

    Written as one model: every tree of every member, its leaves divided by
    the number of members, and the mean of their bases, so the C++ side
    reads it as any other model.
    """

    def __init__(self, members):
        self.members = members

    def fit(self, x, y, w):
        for m in self.members:
            m.fit(x, y, w)
        return self

    def predict(self, x):
        return sum(m.predict(x) for m in self.members) / len(self.members)

    def write(self, path, names, cutoffs, comment):
        n = len(self.members)
        merged = Booster()
        merged.base = sum(m.base for m in self.members) / n
        merged.trees = [[("leaf", node[1] / n) if node[0] == "leaf" else node for node in tree]
                        for m in self.members for tree in m.trees]
        merged.write(path, names, cutoffs, comment)


# ---------------------------------------------------------------- main

def fold_of(group, k):
    return int(hashlib.sha1(group.encode()).hexdigest(), 16) % k


def stack(corpora, masks):
    x = np.concatenate([c.x[m] for c, m in zip(corpora, masks)])
    y = np.concatenate([c.y[m] for c, m in zip(corpora, masks)])
    w = np.concatenate([c.w[m] for c, m in zip(corpora, masks)])
    return x, y, w


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("command", choices=("train", "validate"))
    ap.add_argument("--winnow", default="build/winnow")
    ap.add_argument("--corpora", default="../shared/corpus")
    ap.add_argument("--scorer", default=None, help="score.py (default: CORPORA/../tools/score.py)")
    ap.add_argument("--cache", default="build/block-features")
    ap.add_argument("--output", default="models/blocks.model")
    ap.add_argument("--trees", type=int, default=150)
    ap.add_argument("--depth", type=int, default=4)
    ap.add_argument("--rate", type=float, default=0.1)
    ap.add_argument("--subsample", type=float, default=1.0, help="share of the rows each tree's splits see")
    ap.add_argument("--colsample", type=float, default=1.0, help="share of the features each tree may split on")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--bag", type=int, default=1, metavar="N",
                    help="average N boosters grown with seeds SEED..SEED+N-1 (N times the trees)")
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--weight", action="append", default=[], metavar="CORPUS=W",
                    help="multiply a corpus's block weights (default 1 each)")
    ap.add_argument("--cutoffs", default="0,0", metavar="LOW,HIGH",
                    help="a block the rules keep is removed below LOW; one they remove is kept above HIGH")
    ap.add_argument("--sweep", action="store_true", help="validate: also score a grid of cutoffs out of fold")
    ap.add_argument("--drop", default="", metavar="F1,F2",
                    help="leave these features out (to measure a feature set against the dump without it)")
    ap.add_argument("--no-cross-corpus", action="store_true", help="validate: skip the cross-corpus runs")
    ap.add_argument("--no-counts-weight", type=float, default=0.0, metavar="W",
                    help="also train on every corpus cleaned without site counts, its rows weighed W")
    args = ap.parse_args()
    scorer = args.scorer or os.path.join(args.corpora, "..", "tools", "score.py")
    # Each corpus twice: cleaned with the site counts, as a batch run cleans
    # it, and without them, as a single page or a stream's first pages are.
    # The model sees both kinds of rows (the second weighed by
    # --no-counts-weight): trained on counted pages alone, what it made of
    # pages without counts was left to chance, and one retraining lost 0.010
    # on readability cleaned with --no-site-counts.
    corpora, uncounted = [], []
    for name in CORPORA:
        d = os.path.join(args.corpora, name)
        corpora.append(Corpus(name, d, export(args.winnow, d, args.cache)))
        uncounted.append(Corpus(name, d, export(args.winnow, d, args.cache, ("--no-site-counts",))))
        print(f"{name}: {len(corpora[-1].pages)} pages, {len(corpora[-1].y)} blocks, "
              f"{len(set(corpora[-1].groups))} sites", file=sys.stderr)
    names = corpora[0].names
    if args.drop:
        dropped = args.drop.split(",")
        keep_cols = [k for k, f in enumerate(names) if f not in dropped]
        for c in corpora + uncounted:
            c.x = c.x[:, keep_cols]
            c.names = [names[k] for k in keep_cols]
        names = corpora[0].names
    for spec in args.weight:
        name, value = spec.split("=")
        for c in corpora + uncounted:
            if c.name == name:
                c.w = c.w * float(value)
    for c in uncounted:
        c.w = c.w * args.no_counts_weight
    both = args.no_counts_weight > 0
    training = corpora + uncounted if both else corpora
    low, high = (float(v) for v in args.cutoffs.split(","))

    def decide(c, score, lo=None, hi=None):
        """As apply_block_model: cutoffs by the rules' label; repetition stays."""
        lo = low if lo is None else lo
        hi = high if hi is None else hi
        repeated = (c.x[:, names.index("r_repeated")] > 0.5) | (c.x[:, names.index("r_repcontainer")] > 0.5)
        return c.declared | np.where(repeated, c.hand, np.where(c.hand, score > lo, score > hi))

    def booster():
        members = [Booster(trees=args.trees, depth=args.depth, rate=args.rate, subsample=args.subsample,
                           colsample=args.colsample, seed=args.seed + i) for i in range(args.bag)]
        return members[0] if args.bag == 1 else Bag(members)

    if args.command == "train":
        model = booster().fit(*stack(training, [np.ones(len(c.y), bool) for c in training]))
        model.write(args.output, names, (low, high), [
            "Learned block model: gradient-boosted trees over block features (src/classify/block_features.hpp).",
            f"Trained by tools/train_block_model.py on {', '.join(CORPORA)}: "
            f"{args.trees} trees, depth {args.depth}, rate {args.rate}, subsample {args.subsample}, "
            f"colsample {args.colsample}, seed {args.seed}" +
            (f", the mean of {args.bag} such boosters (seeds {args.seed}-{args.seed + args.bag - 1})." if args.bag > 1
             else "."),
            "Score = base + sum of leaves (log-odds of content); a split goes left when feature < threshold.",
            "cutoff LOW HIGH: a block the rules keep is removed when its score is below LOW; one they remove is",
            "kept when its score is above HIGH."] + [f"corpus weight {w}" for w in args.weight] +
            ([f"rows without site counts weighed {args.no_counts_weight}"] if both else []))
        for label, cs in (("", corpora), (" without counts", uncounted)):
            for c in cs:
                r = c.score(decide(c, model.predict(c.x)), scorer)
                print(f"{c.name}{label} in-sample F1 {r['f1']:.4f} P {r['precision']:.4f} R {r['recall']:.4f}")
        return

    # Hand rules, from the same dump (must equal the CLI's --no-block-model figures).
    for c in corpora:
        r = c.score(c.hand, scorer)
        print(f"{c.name} hand rules F1 {r['f1']:.4f} P {r['precision']:.4f} R {r['recall']:.4f}")
    # Cross-site k-fold.
    folds = [np.array([fold_of(c.groups[p], args.folds) for p in c.page_of]) for c in corpora]
    oof = [np.zeros(len(c.y)) for c in corpora]
    oof_uncounted = [np.zeros(len(c.y)) for c in uncounted]
    for k in range(args.folds):
        model = booster().fit(*stack(training, [f != k for f in (folds + folds if both else folds)]))
        for c, f, o in zip(corpora, folds, oof):
            o[f == k] = model.predict(c.x[f == k])
        for c, f, o in zip(uncounted, folds, oof_uncounted):
            o[f == k] = model.predict(c.x[f == k])
        print(f"fold {k} done", file=sys.stderr)
    np.savez(os.path.join(args.cache, "oof.npz"), *oof)
    for c, o in zip(corpora, oof):
        # The out-of-fold text, for score.py --worst (per-page losses).
        c.render(decide(c, o), os.path.join(args.cache, f"oof-{c.name}.jsonl"))
        r = c.score(decide(c, o), scorer)
        print(f"{c.name} cross-site out-of-fold F1 {r['f1']:.4f} P {r['precision']:.4f} R {r['recall']:.4f}")
    for c, o in zip(uncounted, oof_uncounted):
        r = c.score(decide(c, o), scorer)
        print(f"{c.name} without counts, cross-site out-of-fold F1 {r['f1']:.4f} P {r['precision']:.4f} "
              f"R {r['recall']:.4f}")
    if args.sweep:
        for lo in (0.0, -0.5, -1.0, -1.5, -2.0):
            for hi in (0.0, 0.5, 1.0, 1.5):
                f1s = [c.score(decide(c, o, lo, hi), scorer)["f1"] for c, o in zip(corpora, oof)]
                print(f"sweep cutoffs {lo},{hi} out-of-fold F1 " + " ".join(f"{f:.4f}" for f in f1s), flush=True)
    # Cross-corpus: train on two, test on the third.
    for i, c in enumerate(corpora if not args.no_cross_corpus else ()):
        others = [np.full(len(d.y), j != i) for j, d in enumerate(corpora)]
        model = booster().fit(*stack(training, others + others if both else others))
        r = c.score(decide(c, model.predict(c.x)), scorer)
        print(f"{c.name} cross-corpus (trained on the other two) F1 {r['f1']:.4f} P {r['precision']:.4f} "
              f"R {r['recall']:.4f}")


if __name__ == "__main__":
    main()
