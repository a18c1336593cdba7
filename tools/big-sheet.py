#!/usr/bin/env python3
"""Write one article of N claims and its sheet, for the big-sheet figures:

    tools/big-sheet.py FOLDER N [SEED]

Each claim is one line of 60 to 250 characters from a fixed vocabulary,
with a speaker, prefix and suffix, as extraction writes them; the sheet is
about 400 bytes a claim (100,000 claims: about 40 MB).
"""
import hashlib, os, random, sys

WORDS = ("the government said parliament would vote on the budget next week while "
         "peace talks with the taliban continued in doha and the us embassy declined "
         "to comment on reports that troops would leave by the end of the year minister "
         "police election percent million court army law report officials").split()
SPEAKERS = ["Hamid Karzai", "a spokesman", "the minister", "Robert Gates", "NATO", "an official"]

def main():
    folder, n = sys.argv[1], int(sys.argv[2])
    rng = random.Random(int(sys.argv[3]) if len(sys.argv) > 3 else 7)
    os.makedirs(folder, exist_ok=True)
    lines = []
    for _ in range(n):
        target = rng.randint(60, 250)
        words = []
        while sum(len(w) + 1 for w in words) < target:
            words.append(rng.choice(WORDS))
        lines.append(" ".join(words).capitalize() + ".")
    text = "\n".join(lines) + "\n"
    with open(os.path.join(folder, "big.txt"), "w") as f:
        f.write(text)
    sha = hashlib.sha256(text.encode()).hexdigest()
    out = [f'format = 1\narticle = "big.txt"\nsha256 = "{sha}"\n']
    pos = 0
    for i, line in enumerate(lines, 1):
        prefix = text[max(0, pos - 32):pos].replace("\n", " ")
        end = pos + len(line)
        suffix = text[end:end + 32].replace("\n", " ")
        out.append(f'\n[[claim]]\nid = "C{i}"\nstatus = "unconfirmed"\n'
                   f'speaker = "{rng.choice(SPEAKERS)}"\ntext = "{line}"\n'
                   f'start = {pos}\nend = {end}\nprefix = "{prefix}"\nsuffix = "{suffix}"\n')
        pos = end + 1
    with open(os.path.join(folder, "big.claims.toml"), "w") as f:
        f.write("".join(out))

main()
