#!/usr/bin/env python3
"""Candidate claim pairs across PolNeAR articles, for hand labelling.

Prints pairs of attribution contents from different articles whose word
overlap is notable, with references (article id, start, end) and the texts
to read. Only the references and the labels go into the repository
(tests/data/similar_pairs.tsv); the texts stay in ../shared/eval.

    python3 tools/similar_candidates.py ../shared/eval/polnear/dev.jsonl > /tmp/candidates.txt
"""
import json
import re
import sys
import unicodedata

STOP = set("a an and are as at be been but by for from had has have he her his i in is it its of on or our she that the their them there they this to was we were which who will with would you".split())


def words(t):
    t = unicodedata.normalize("NFKD", t.lower())
    t = "".join(c for c in t if not unicodedata.combining(c)).replace("\u2019", "'")
    return {w.strip("'") for w in re.split(r"[^\w']+", t) if w.strip("'") and w.strip("'") not in STOP}


def main():
    docs = [json.loads(l) for l in open(sys.argv[1], encoding="utf-8")]
    items = []
    for d in docs:
        for a in d["attributions"]:
            if not a.get("content"):
                continue
            s, e = a["content"][0][0], a["content"][-1][1]
            text = d["text"][s:e]
            w = words(text)
            if len(w) >= 4:
                items.append((d["id"], s, e, text, w, a.get("source_text") or ""))
    pairs = []
    for i in range(len(items)):
        for j in range(i + 1, len(items)):
            a, b = items[i], items[j]
            if a[0] == b[0]:
                continue
            inter = len(a[4] & b[4])
            if inter < 3:
                continue
            jac = inter / len(a[4] | b[4])
            if jac >= 0.12:
                pairs.append((jac, a, b))
    pairs.sort(key=lambda p: -p[0])
    for n, (jac, a, b) in enumerate(pairs[:160]):
        print(f"#{n} jac={jac:.2f}\t{a[0]}\t{a[1]}\t{a[2]}\t{b[0]}\t{b[1]}\t{b[2]}")
        print(f"  A [{a[5]}] {a[3][:300]}")
        print(f"  B [{b[5]}] {b[3][:300]}")


if __name__ == "__main__":
    main()
