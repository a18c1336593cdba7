#!/usr/bin/env python3
"""Measure the article reader against Mozilla Readability's test pages.

For each page in PAGES (../shared/eval/readability/pages), the reference
body is Readability's own `expected.html` with its tags stripped; bodies
are compared as bags of words (precision, recall, F1 of word counts,
lower-cased, punctuation stripped). Titles are "exact" when equal after
whitespace normalisation; bylines and dates are "found" when the
reference metadata has one and the reader returned one (bylines also
"match" when they share a word). With --trafilatura, trafilatura.extract
runs on the same pages side by side.

    cargo build --release --example read_pages
    target/release/examples/read_pages ../shared/eval/readability/pages > /tmp/ours.jsonl
    python3 tools/eval_reader.py ../shared/eval/readability/pages /tmp/ours.jsonl --trafilatura
"""
import argparse
import html as htmlmod
import json
import os
import re
from collections import Counter

WORD = re.compile(r"\w+", re.UNICODE)


def strip_tags(h):
    h = re.sub(r"(?is)<(script|style)[^>]*>.*?</\1>", " ", h)
    h = re.sub(r"(?s)<[^>]+>", " ", h)
    return htmlmod.unescape(h)


def bag(text):
    return Counter(w.lower() for w in WORD.findall(text or ""))


def prf(got, ref):
    g, r = bag(got), bag(ref)
    common = sum((g & r).values())
    p = common / sum(g.values()) if g else 0.0
    rc = common / sum(r.values()) if r else 0.0
    f = 2 * p * rc / (p + rc) if p + rc else 0.0
    return p, rc, f


def norm(s):
    return " ".join((s or "").split())


def summary(name, rows):
    n = len(rows)
    mean = lambda k: sum(r[k] for r in rows) / n if n else 0.0
    print(f"{name:12} pages={n} precision={mean('p'):.3f} recall={mean('r'):.3f} F1={mean('f'):.3f}")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("pages")
    ap.add_argument("ours")
    ap.add_argument("--trafilatura", action="store_true")
    ap.add_argument("--show-worst", type=int, default=0)
    args = ap.parse_args()
    ours = {}
    for line in open(args.ours, encoding="utf-8"):
        d = json.loads(line)
        ours[d["name"]] = d
    rows, trows = [], []
    titles = [0, 0]
    bylines = [0, 0, 0]
    dates = [0, 0]
    ttitles, tbylines, tdates = [0], [0, 0], [0]
    if args.trafilatura:
        import trafilatura
    for name in sorted(os.listdir(args.pages)):
        d = os.path.join(args.pages, name)
        try:
            ref_html = open(os.path.join(d, "expected.html"), encoding="utf-8").read()
            meta = json.load(open(os.path.join(d, "expected-metadata.json"), encoding="utf-8"))
        except OSError:
            continue
        ref = strip_tags(ref_html)
        o = ours.get(name, {})
        p, r, f = prf(o.get("body", ""), ref)
        rows.append({"name": name, "p": p, "r": r, "f": f, "err": o.get("error")})
        if meta.get("title"):
            titles[1] += 1
            titles[0] += norm(meta["title"]) == norm(o.get("title"))
        if meta.get("byline"):
            bylines[2] += 1
            if o.get("byline"):
                bylines[0] += 1
                a = set(WORD.findall(meta["byline"].lower()))
                b = set(WORD.findall(o["byline"].lower()))
                bylines[1] += bool(a & b)
        if meta.get("publishedTime"):
            dates[1] += 1
            dates[0] += bool(o.get("published"))
        if args.trafilatura:
            src = open(os.path.join(d, "source.html"), encoding="utf-8", errors="replace").read()
            t = trafilatura.extract(src) or ""
            tp, tr, tf = prf(t, ref)
            trows.append({"name": name, "p": tp, "r": tr, "f": tf})
            m = trafilatura.extract_metadata(src)
            if m is not None:
                if meta.get("title"):
                    ttitles[0] += norm(meta["title"]) == norm(m.title)
                if meta.get("byline") and m.author:
                    tbylines[0] += 1
                    a = set(WORD.findall(meta["byline"].lower()))
                    tbylines[1] += bool(a & set(WORD.findall(m.author.lower())))
                if meta.get("publishedTime"):
                    tdates[0] += bool(m.date)
    summary("claimdesk", rows)
    if trows:
        summary("trafilatura", trows)
    print(f"titles exact: {titles[0]}/{titles[1]} ({titles[0] / max(titles[1], 1):.0%})")
    print(f"bylines: found {bylines[0]}/{bylines[2]}, sharing a word with the reference {bylines[1]}/{bylines[2]}")
    print(f"dates found: {dates[0]}/{dates[1]}")
    if trows:
        print(f"trafilatura: titles exact {ttitles[0]}/{titles[1]}, bylines found {tbylines[0]}/{bylines[2]} "
              f"(sharing a word {tbylines[1]}), dates found {tdates[0]}/{dates[1]}")
    errors = [r for r in rows if r["err"]]
    print(f"pages refused: {len(errors)} ({', '.join(r['name'] + ': ' + r['err'][:30] for r in errors)})")
    if args.show_worst:
        for r in sorted(rows, key=lambda r: r["f"])[: args.show_worst]:
            print(f"  {r['name']:40} P={r['p']:.2f} R={r['r']:.2f} F1={r['f']:.2f} {r['err'] or ''}")


if __name__ == "__main__":
    main()
