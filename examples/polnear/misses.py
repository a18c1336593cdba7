#!/usr/bin/env python3
"""Where PolNeAR recall and speaker accuracy go, on TRAIN only.

Runs `BIN extract FILE --all --format json` on the articles of a PolNeAR
split (train: reading its misses is how to learn; never run this on dev),
scores them as `score_attribution.py` does, and buckets what is lost:

- each missed gold content (under half covered by attributed claims) by what
  covers it instead: an accepted claim without a speaker, a sentence rejected
  by a filter (by reason), an attributed claim covering under half (span too
  short: the content runs over sentences, or sits before the cue), nothing;
- whether the gold source sits in the content's sentence, a neighbour, or
  nowhere; the cue words of the misses (a frequency table);
- each speaker error (recalled, non-pronoun gold source, our speaker shares
  no name token) by shape: the gold source is a nominal the scorer can never
  match (only dropped words: "the senator"), ours is a pronoun left
  unresolved, the gold source is in the sentence but we named someone else
  (another name in the sentence: a neighbour's speaker), or the gold source
  is not in the sentence.

    python3 examples/polnear/misses.py --bin target/release/claimdesk \
        ../shared/eval/polnear/train.jsonl --from 672      # held-out fifth

`--from/--to` choose articles by index; `--examples K` prints K examples of
each bucket. The figures it prints for a range are the scorer's.
"""
import argparse, collections, json, os, re, subprocess, sys, tempfile
from concurrent.futures import ThreadPoolExecutor

# the scorer's own rules, from the eval folder that holds DATA (eval/polnear/train.jsonl)
_data = next((x for x in sys.argv[1:] if x.endswith(".jsonl")), "")
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(_data))))
from score_attribution import covered, is_pronoun, speaker_ok, tokens, DROP  # noqa: E402


def run(binary, text):
    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False, encoding="utf-8") as f:
        f.write(text)
        path = f.name
    try:
        out = subprocess.run([binary, "extract", path, "--all", "--format", "json"],
                             capture_output=True, text=True, timeout=120)
        data = json.loads(out.stdout)
        return data["claims"], data.get("rejected", [])
    finally:
        os.unlink(path)


def sentences(text):
    """Rough sentence spans (full stop, ! or ? and closing quotes before a
    space and a capital or quote; a line break), for bucketing only."""
    out, start = [], 0
    for m in re.finditer(r'[.!?][\"”’)]*\s+(?=[A-Z“"(])|\n+', text):
        out.append({"start": start, "end": m.end()})
        start = m.end()
    out.append({"start": start, "end": len(text) + 1})
    return out


def sentence_of(pos, cands):
    """Index of the sentence holding `pos`."""
    for i, c in enumerate(cands):
        if c["start"] <= pos < c["end"]:
            return i
    return None


def analyse(r, claims, rejected, st, ex):
    text = r["text"]
    attributed = [c for c in claims if (c.get("speaker") or "").strip()]
    plain = [c for c in claims if not (c.get("speaker") or "").strip()]
    every = sentences(text)
    sp = lambda cs: [(c["start"], c["end"]) for c in cs]
    for c in attributed:
        st["pred"] += 1
        n = max(1, c["end"] - c["start"])
        if any(covered([(c["start"], c["end"])], g["content"]) >= 0.5 * n for g in r["attributions"]):
            st["pred_ok"] += 1
    for g in r["attributions"]:
        st["gold"] += 1
        glen = max(1, sum(e - s for s, e in g["content"]))
        frac = covered(g["content"], sp(attributed)) / glen
        src = g.get("source_text", "")
        cue = " ".join(text[s:e] for s, e in g["cue"]).lower()
        c0 = g["content"][0][0]
        ci = sentence_of(c0, every)
        if frac >= 0.5:
            st["gold_ok"] += 1
            if src and not is_pronoun(src):
                st["spk"] += 1
                best = max(attributed, key=lambda c: covered(g["content"], [(c["start"], c["end"])]))
                if speaker_ok(best["speaker"], src):
                    st["spk_ok"] += 1
                else:
                    kind = speaker_bucket(best, g, src, text, every, ci)
                    st["spk_err"][kind] += 1
                    ex[kind].append(f"got {best['speaker']!r} gold {src!r} :: {g['content_text'][:80]!r}")
            continue
        kind = miss_bucket(g, glen, frac, plain, rejected, attributed, every, ci, sp)
        st["miss"][kind] += 1
        where = source_where(g, every, ci)
        st["where"][(kind.split(":")[0], where)] += 1
        st["cues"][kind.split(":")[0]][cue_key(cue)] += 1
        st["cues_all"][cue_key(cue)] += 1
        ex[kind].append(f"{src!r} [{cue}] :: {g['content_text'][:100]!r}")


def cue_key(cue):
    w = re.findall(r"[a-z']+", cue)
    return " ".join(w[-2:]) if w else "(none)"


def source_where(g, every, ci):
    if not g["source"]:
        return "no source"
    si = sentence_of(g["source"][0][0], every)
    if si is None or ci is None:
        return "outside sentences"
    if si == ci:
        return "same sentence"
    return "neighbour" if abs(si - ci) <= 2 else "far"


def miss_bucket(g, glen, frac, plain, rejected, attributed, every, ci, sp):
    if frac > 0:
        spans = len({sentence_of(s, every) for s, e in g["content"]} |
                    {sentence_of(max(s, e - 1), every) for s, e in g["content"]})
        if spans > 1:
            return "partly: content runs over sentences"
        if g["cue"] and g["cue"][0][0] > g["content"][-1][1]:
            return "partly: content before the cue"
        return "partly: other"
    if covered(g["content"], sp(plain)) >= 0.5 * glen:
        return "claim without speaker"
    for c in rejected:
        if covered(g["content"], [(c["start"], c["end"])]) >= 0.5 * glen:
            return "rejected: " + (c.get("reason") or "?")
    if covered(g["content"], sp(plain + rejected)) > 0:
        return "split over unattributed pieces"
    return "no candidate"


def speaker_bucket(best, g, src, text, every, ci):
    got = best["speaker"]
    gt = [t for t in tokens(src) if t not in DROP]
    if not gt:
        return "gold is only dropped words (the senator)"
    if is_pronoun(got) or got.lower() in ("i", "we", "you"):
        return "ours a pronoun"
    si = sentence_of(g["source"][0][0], every) if g["source"] else None
    if si is None or si != sentence_of(best["start"], every):
        return "gold source in another sentence"
    sent = text[every[si]["start"]:every[si]["end"]]
    if got.split()[-1] in sent or got in sent:
        return "another entity of the sentence"
    return "gold in sentence, ours from elsewhere"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", default="target/release/claimdesk")
    ap.add_argument("data")
    ap.add_argument("--from", dest="lo", type=int, default=0)
    ap.add_argument("--to", dest="hi", type=int, default=0)
    ap.add_argument("--examples", type=int, default=0)
    ap.add_argument("--jobs", type=int, default=2)
    a = ap.parse_args()
    if "dev" in os.path.basename(a.data):
        sys.exit("misses.py reads train only: dev is for measuring")
    rows = [json.loads(l) for l in open(a.data, encoding="utf-8")]
    rows = rows[a.lo: a.hi or len(rows)]
    for r in rows:
        r["text"] = r["text"].replace("\r\n", "\n").lstrip("\ufeff")
    with ThreadPoolExecutor(a.jobs) as pool:
        outs = list(pool.map(lambda r: run(a.bin, r["text"]), rows))
    st = {k: 0 for k in ("pred", "pred_ok", "gold", "gold_ok", "spk", "spk_ok")}
    st["miss"] = collections.Counter()
    st["spk_err"] = collections.Counter()
    st["where"] = collections.Counter()
    st["cues"] = collections.defaultdict(collections.Counter)
    st["cues_all"] = collections.Counter()
    ex = collections.defaultdict(list)
    for r, (claims, rejected) in zip(rows, outs):
        analyse(r, claims, rejected, st, ex)
    p = st["pred_ok"] / max(1, st["pred"])
    rc = st["gold_ok"] / max(1, st["gold"])
    f1 = 2 * p * rc / (p + rc) if p + rc else 0
    print(f"articles {len(rows)}  gold {st['gold']}  attributed claims {st['pred']}")
    print(f"precision {p:.3f}  recall {rc:.3f}  F1 {f1:.3f}  speaker accuracy "
          f"{st['spk_ok'] / max(1, st['spk']):.3f} (of {st['spk']})")
    print("\nmissed gold contents:", st["gold"] - st["gold_ok"])
    for k, n in st["miss"].most_common():
        print(f"  {n:6}  {k}")
    print("\nwhere the gold source is, by bucket:")
    for (k, w), n in sorted(st["where"].items(), key=lambda x: -x[1]):
        print(f"  {n:6}  {k} / {w}")
    print("\ncue words of the misses (last two words of the gold cue):")
    for k, n in st["cues_all"].most_common(40):
        print(f"  {n:6}  {k}")
    print("\nspeaker errors:", st["spk"] - st["spk_ok"])
    for k, n in st["spk_err"].most_common():
        print(f"  {n:6}  {k}")
    if a.examples:
        for k, xs in ex.items():
            print(f"\n== {k}")
            for x in xs[: a.examples]:
                print("  ", x)


if __name__ == "__main__":
    main()
