#!/usr/bin/env bash
# Time claimdesk against fzf as whole processes, on the same texts: the
# seeded workspace of the scale benchmarks (examples/sheet_corpus.rs,
# benches/support/) written as a folder of sheets and as one claim a line.
#
# Needs fzf and hyperfine: `apt-get install -y fzf hyperfine`.
#
#   tools/compare-fzf.sh [ARTICLES] [PER_ARTICLE]     (default 1000 100)
#
# "warm": the sheet cache filled by an earlier run; "cold": the cache
# emptied before every run (parse every sheet, write the cache). The files
# themselves are in the page cache either way, as they are for fzf.
# Figures and the machine's load (uptime) go to docs/benchmarks.md by hand.
set -euo pipefail
cd "$(dirname "$0")/.."
ARTICLES=${1:-1000}
PER=${2:-100}
WORK=target/compare-fzf
SHEETS=$WORK/sheets-$ARTICLES-$PER
LINES=$WORK/lines-$ARTICLES-$PER.txt
RUNS=${RUNS:-10}

for tool in fzf hyperfine; do
    command -v "$tool" >/dev/null || { echo "needs $tool: apt-get install -y fzf hyperfine" >&2; exit 1; }
done
cargo build --release --quiet --bin claimdesk --example sheet_corpus
mkdir -p "$WORK"
if [ ! -s "$LINES" ]; then
    target/release/examples/sheet_corpus "$SHEETS" "$LINES" "$ARTICLES" "$PER"
fi
BIN=$PWD/target/release/claimdesk
export XDG_CACHE_HOME=$PWD/$WORK/cache
mkdir -p "$XDG_CACHE_HOME"
export CLAIMDESK_CONFIG=$PWD/$WORK/no-config.toml
echo "corpus: $ARTICLES sheets, $((ARTICLES * PER)) claims, $(du -sh "$SHEETS" | cut -f1) of sheets, $(du -h "$LINES" | cut -f1) of lines"
echo "fzf $(fzf --version), $(hyperfine --version), $(nproc) cores"
echo "load: $(uptime)"

"$BIN" stats "$SHEETS" >/dev/null   # fill the cache
for q in parliament 'peace talks' parlment 'us embassy declined' prlmnt; do
    hyperfine --warmup 1 --runs "$RUNS" --style basic \
        --prepare true --prepare "rm -rf $XDG_CACHE_HOME/claimdesk" --prepare true \
        -n "claimdesk warm '$q'" "$BIN search $SHEETS '$q'" \
        -n "claimdesk cold '$q'" "$BIN search $SHEETS '$q'" \
        -n "fzf '$q'" "fzf --filter '$q' < $LINES"
done
"$BIN" stats "$SHEETS" >/dev/null
hyperfine --warmup 1 --runs "$RUNS" --style basic \
    --prepare true --prepare "rm -rf $XDG_CACHE_HOME/claimdesk" --prepare true \
    -n "stats warm" "$BIN stats $SHEETS" \
    -n "stats cold" "$BIN stats $SHEETS" \
    -n "stats --no-cache" "$BIN --no-cache stats $SHEETS"
echo "load after: $(uptime)"
