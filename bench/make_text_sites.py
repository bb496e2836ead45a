#!/usr/bin/env python3
"""Writes a tree of plain-text pages made from the truth texts of the shared
corpora, for the plain-text benchmarks.

    make_text_sites.py SHARED_CORPUS_DIR OUT_DIR [SITES]

Every article text of crawl-to-the-future and readability (1,139 texts,
5.6 MB) is written once per site into SITES site directories (default 16),
each site's copy with its paragraphs rotated by a different amount, so that
sites share no page whole yet repeat text as real sites do. Each site is a
table of its own in the site model, so every site added is new text to
count: 16 sites are 18,224 files, 89.6 MB. Exits 3 if the corpora are absent.
"""
import json
import os
import sys


def main() -> int:
    shared, root = sys.argv[1], sys.argv[2]
    sites = int(sys.argv[3]) if len(sys.argv) > 3 else 16
    texts = []
    for corpus in ("crawl-to-the-future", "readability"):
        path = os.path.join(shared, corpus, "truth.json")
        if os.path.exists(path):
            with open(path, encoding="utf-8") as f:
                texts += [entry["text"] for entry in json.load(f).values() if entry.get("text")]
    if not texts:
        return 3
    for site in range(sites):
        folder = os.path.join(root, f"site{site:02d}.example")
        os.makedirs(folder)
        for i, text in enumerate(texts):
            paragraphs = text.split("\n")
            r = (site * 7 + i) % max(1, len(paragraphs))
            with open(os.path.join(folder, f"{i:05d}.txt"), "w", encoding="utf-8", newline="") as f:
                f.write("\n".join(paragraphs[r:] + paragraphs[:r]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
