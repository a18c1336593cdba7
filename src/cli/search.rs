//! `claimdesk search`: fuzzy search over one sheet or a folder of sheets.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

use anyhow::{Result, bail};
use serde::Serialize;

use super::open_doc;
use super::{Ctx, TextOrJson};
use crate::domain::StatusFilter;
use crate::domain::cache::pack::{self, ClaimRow, PackWrite, SheetPart};
use crate::domain::sanitize;
use crate::domain::search::scope::Scope;
use crate::domain::search::{Hit, Index, IndexPart, Item};

#[derive(Debug, clap::Args)]
#[command(
    after_help = "Query syntax (as in fzf): space-separated terms must all match, in any order;\n  'word  matches word exactly      !word  leaves out claims containing word\n  @word  said by a speaker whose name contains word\n  #word  in an article whose path contains word\n  lower-case terms match any case; accents and curly quotes match plain ones.\n\nMatches scoring under 3/4 of the best are left out (stderr says how many); --all shows them.\n\nExamples:\n  claimdesk search data/karzai-taliban-talks.txt \"taliban talks\" --limit 5\n  claimdesk search articles/ \"'embassy !denied\" --status unreviewed --format json"
)]
pub struct Args {
    /// An article, a sheet, or a folder of them (searched recursively).
    pub path: PathBuf,
    /// The query: space-separated terms must all match; 'exact, !exclude.
    pub query: String,
    /// Only claims with this status.
    #[arg(long, value_parser = super::status_filter())]
    pub status: Option<StatusFilter>,
    /// At most this many results.
    #[arg(long)]
    pub limit: Option<usize>,
    /// Every match, also those scoring far below the best.
    #[arg(long)]
    pub all: bool,
    #[arg(long, value_enum, default_value = "text")]
    pub format: TextOrJson,
}

/// What a search needs of one sheet, with the name it is shown under.
struct Source {
    name: String,
    part: SheetPart,
}

/// A match is shown when it scores at least this share (in percent) of the
/// best score (`--all` shows every match): weaker ones are mostly scattered
/// letters. On 40 PolNeAR dev articles (507 claims), `trump` matched 254
/// claims, 97 of them with the word, and 98 are kept; `clinton` 277, 79
/// and 80; `police` 227, 4 and 20 (docs/search.md).
pub const CUT_OFF_PERCENT: i64 = 75;

/// The lowest score kept among matches whose best score is `best` (when
/// even the best is not positive, only its equals).
pub fn cut_off(best: i64) -> i64 {
    if best > 0 {
        best * CUT_OFF_PERCENT / 100
    } else {
        best
    }
}

pub fn run(args: Args, _ctx: &Ctx) -> Result<()> {
    let (mut sources, failed, pack) = load(&args.path)?;
    let scope = Scope::parse(&args.query);
    let (index, owners) = index_of(&mut sources, &scope, args.status);
    let fuzzy = !scope.fuzzy.trim().is_empty();
    let (mut hits, total) = if !fuzzy {
        // Only @speaker / #article words: every claim they keep.
        let all: Vec<Hit> = (0..owners.len())
            .map(|index| Hit {
                index,
                score: 0,
                text_positions: Vec::new(),
            })
            .collect();
        let n = all.len();
        (all, n)
    } else if args.all {
        // Highlight positions only for the hits printed, when they show;
        // without --all, only the matches that can pass the cut-off scored.
        index.top_plain(&scope.fuzzy, usize::MAX)
    } else {
        index.top_at_least(&scope.fuzzy, cut_off)
    };
    let weak = if fuzzy && !args.all {
        total - hits.len()
    } else {
        0
    };
    hits.truncate(args.limit.unwrap_or(usize::MAX));
    let stdout = std::io::stdout();
    let tty = stdout.is_terminal();
    if fuzzy && (tty || args.format == TextOrJson::Json) {
        index.highlight(&mut hits, &scope.fuzzy);
    }
    let rows: Vec<Row> = hits
        .iter()
        .map(|h| {
            let (s, c) = owners[h.index];
            Row {
                hit: h,
                sheet: &sources[s].name,
                item: &index.items()[h.index],
                claim: &sources[s].part.rows[c],
            }
        })
        .collect();
    let mut out = std::io::BufWriter::with_capacity(1 << 16, stdout.lock());
    match args.format {
        TextOrJson::Json => write_json(&mut out, &args.query, (total, weak), &rows)?,
        TextOrJson::Text => write_text(&mut out, &rows, tty)?,
    }
    out.flush()?;
    drop(out);
    report(&args, total, rows.len(), weak, tty);
    pack.finish();
    if failed > 0 {
        bail!(
            "{failed} sheet{} under {} could not be read (see the warnings above)",
            if failed == 1 { "" } else { "s" },
            args.path.display()
        );
    }
    Ok(())
}

/// The index of the claims of `sources` that `status` and the scope's
/// words keep (the parts of sheets kept whole are taken as they are), and
/// per indexed claim its sheet and place there.
fn index_of(
    sources: &mut [Source],
    scope: &Scope,
    status: Option<StatusFilter>,
) -> (Index, Vec<(usize, usize)>) {
    let mut owners = Vec::new();
    let mut parts = Vec::with_capacity(sources.len());
    for (s, src) in sources.iter_mut().enumerate() {
        let items = src.part.index.items();
        let keep: Vec<bool> = src
            .part
            .rows
            .iter()
            .zip(items)
            .map(|(row, item)| {
                status.is_none_or(|f| row.kept_by(f))
                    && scope.keeps(row.has_speaker.then_some(&*item.speaker), &src.name)
            })
            .collect();
        owners.extend((0..keep.len()).filter(|&c| keep[c]).map(|c| (s, c)));
        if keep.iter().all(|&k| k) {
            // Taken whole: its items are read back from the index.
            parts.push(std::mem::replace(
                &mut src.part.index,
                IndexPart::of(Vec::new()),
            ));
        } else {
            parts.push(src.part.index.select(|c| keep[c]));
        }
    }
    (Index::from_parts(parts), owners)
}

/// What standard error says after the results: no match, weak matches
/// left out, or only some shown.
fn report(args: &Args, total: usize, shown: usize, weak: usize, tty: bool) {
    if total == 0 {
        eprintln!(
            "claimdesk: no claims match \"{}\"{}",
            sanitize::line(&args.query),
            if args.status.is_some() {
                " with that status"
            } else {
                ""
            }
        );
    } else if weak > 0 {
        eprintln!(
            "claimdesk: {weak} weaker match{} left out (under 3/4 of the best score); --all shows every match",
            if weak == 1 { "" } else { "es" }
        );
    } else if total > shown && args.format == TextOrJson::Text && tty {
        eprintln!("claimdesk: {shown} of {total} matches shown");
    }
}

/// The sheets to search, how many could not be read, and the folder's
/// search pack being written. One article or sheet is opened as the other
/// commands do (an error stops the search); in a folder every sheet is
/// read on its own (through the folder's pack), and a broken one is
/// reported and skipped.
fn load(path: &Path) -> Result<(Vec<Source>, usize, PackWrite)> {
    if !path.is_dir() {
        let doc = open_doc(path)?;
        let name = doc
            .sheet_path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| doc.sheet_path.display().to_string());
        let part = SheetPart::of(&doc.sheet);
        return Ok((vec![Source { name, part }], 0, PackWrite::none()));
    }
    let sheets = crate::domain::workspace::sheets_in(path)?;
    let progress = super::folder::Progress::new(sheets.len(), "reading sheets");
    let (parts, pack) = pack::folder_parts(path, &sheets, &|| progress.inc());
    progress.finish();
    let mut sources = Vec::new();
    let mut failed = 0;
    for (sheet, part) in sheets.iter().zip(parts) {
        match part {
            Ok(part) => sources.push(Source {
                name: sheet
                    .strip_prefix(path)
                    .unwrap_or(sheet)
                    .display()
                    .to_string(),
                part,
            }),
            Err(e) => {
                failed += 1;
                eprintln!("claimdesk: warning: {}", sanitize::line(&e.to_string()));
            }
        }
    }
    Ok((sources, failed, pack))
}

struct Row<'a> {
    hit: &'a Hit,
    sheet: &'a str,
    item: &'a Item,
    claim: &'a ClaimRow,
}

impl Row<'_> {
    fn speaker(&self) -> Option<&str> {
        self.claim.has_speaker.then_some(&*self.item.speaker)
    }
}

/// The results as JSON; `counts` is the number of matches and how many of
/// them the cut-off left out.
fn write_json(
    out: &mut impl Write,
    query: &str,
    counts: (usize, usize),
    rows: &[Row],
) -> Result<()> {
    #[derive(Serialize)]
    struct JsonHit<'a> {
        score: i64,
        sheet: &'a str,
        id: &'a str,
        status: &'a str,
        reviewed: bool,
        speaker: Option<&'a str>,
        text: &'a str,
        note: &'a str,
        /// Matched positions in `text` (code-point indices).
        positions: &'a [usize],
    }
    #[derive(Serialize)]
    struct Results<'a> {
        query: &'a str,
        total: usize,
        /// Matches under the cut-off, not listed (0 with `--all`).
        left_out: usize,
        results: Vec<JsonHit<'a>>,
    }
    let (total, left_out) = counts;
    let results = Results {
        query,
        total,
        left_out,
        results: rows
            .iter()
            .map(|r| JsonHit {
                score: r.hit.score,
                sheet: r.sheet,
                id: &r.item.id,
                status: r.claim.verdict().label(),
                reviewed: r.claim.reviewed,
                speaker: r.speaker(),
                text: &r.item.text,
                note: &r.item.note,
                positions: &r.hit.text_positions,
            })
            .collect(),
    };
    super::out::write_json(&mut *out, &results)?;
    Ok(())
}

const SPEAKER_MAX: usize = 24;

fn write_text(out: &mut impl Write, rows: &[Row], tty: bool) -> Result<()> {
    let width = |f: &dyn Fn(&Row) -> usize| rows.iter().map(f).max().unwrap_or(0);
    let score_w = width(&|r| r.hit.score.to_string().len());
    let sheet_w = width(&|r| r.sheet.chars().count());
    let id_w = width(&|r| r.item.id.chars().count());
    let speaker_w = width(&|r| {
        r.speaker()
            .map_or(1, |s| s.chars().count().min(SPEAKER_MAX))
    });
    for r in rows {
        let speaker: String = r
            .speaker()
            .unwrap_or("-")
            .chars()
            .take(SPEAKER_MAX)
            .collect();
        // sanitize::line replaces one character by one, so the positions
        // still point at the right characters.
        let text = sanitize::line(&r.item.text);
        let text = if tty {
            highlight(&text, &r.hit.text_positions)
        } else {
            text.into_owned()
        };
        writeln!(
            out,
            "{:>score_w$}  {:<sheet_w$}  {:<id_w$}  {} {:<12}  {:<speaker_w$}  {}",
            r.hit.score,
            sanitize::line(r.sheet),
            sanitize::line(&r.item.id),
            r.claim.mark,
            r.claim.verdict().label(),
            sanitize::line(&speaker),
            text,
        )?;
    }
    Ok(())
}

const MATCH_ON: &str = "\x1b[1;33m";
const MATCH_OFF: &str = "\x1b[0m";

/// `text` with the characters at `positions` (sorted code-point indices)
/// in bold yellow.
pub fn highlight(text: &str, positions: &[usize]) -> String {
    let mut out = String::with_capacity(text.len() + positions.len() * 8);
    let mut next = positions.iter().copied().peekable();
    let mut on = false;
    for (i, c) in text.chars().enumerate() {
        let hit = next.peek() == Some(&i);
        if hit {
            next.next();
        }
        if hit != on {
            out.push_str(if hit { MATCH_ON } else { MATCH_OFF });
            on = hit;
        }
        out.push(c);
    }
    if on {
        out.push_str(MATCH_OFF);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn highlights_runs_of_matched_characters() {
        assert_eq!(
            highlight("peace talks", &[0, 1, 6]),
            "\x1b[1;33mpe\x1b[0mace \x1b[1;33mt\x1b[0malks"
        );
        assert_eq!(highlight("ab", &[1]), "a\x1b[1;33mb\x1b[0m");
        assert_eq!(highlight("ab", &[]), "ab");
    }
}
