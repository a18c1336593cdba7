//! A big sheet read in parts, in parallel, with progress: the top-level
//! keys, then the `[[claim]]` and `[[deleted]]` tables cut before their
//! header lines into parts of about [`PART_BYTES`]. A part can only be
//! read alone when it is what the whole sheet would make of it; whenever
//! one does not read (a cut inside a multi-line string, an error anywhere)
//! the whole sheet goes to [`super::parse`], so every error and its place
//! are the same as in one pass.

use std::ops::Range;
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};

use rayon::prelude::*;
use serde::Deserialize;

use std::collections::HashSet;

use super::{At, ChangeDto, ClaimDto, FORMAT, Sheet, TombstoneDto, not_a_sheet, parse};
use crate::domain::claim::{Claim, Tombstone};
use crate::domain::error::Result;

#[path = "sheet_stream.rs"]
mod stream;
pub use stream::{Streamed, read_streamed};

/// Sheets over this size are read in parts of about this many bytes.
pub const PART_BYTES: usize = 1 << 20;

/// The top-level keys: with no `claim` or `deleted` field, so that a sheet
/// setting either as a key is read whole (and refused there).
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct HeadDto {
    format: i64,
    article: String,
    sha256: String,
    title: Option<String>,
    source_url: Option<String>,
    published: Option<String>,
    byline: Option<String>,
    site: Option<String>,
    fetched_at: Option<String>,
    language: Option<String>,
    analyst: Option<String>,
    /// The header's `[[history]]` tables, written before the claims.
    #[serde(default)]
    history: Vec<ChangeDto>,
}

/// Some of the tables.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PartDto {
    #[serde(default)]
    claim: Vec<ClaimDto>,
    #[serde(default)]
    deleted: Vec<TombstoneDto>,
}

/// [`parse`], telling `progress(bytes read, bytes in all)` as it goes; a
/// sheet over [`PART_BYTES`] is read in parts on every core.
pub fn parse_with_progress(
    path: &Path,
    text: &str,
    article_len: Option<usize>,
    progress: &(dyn Fn(usize, usize) + Sync),
) -> Result<Sheet> {
    parse_in_parts(path, text, article_len, PART_BYTES, progress)
}

/// [`parse_with_progress`] with parts of about `part` bytes.
pub(super) fn parse_in_parts(
    path: &Path,
    text: &str,
    article_len: Option<usize>,
    part: usize,
    progress: &(dyn Fn(usize, usize) + Sync),
) -> Result<Sheet> {
    let whole = || {
        let sheet = parse(path, text, article_len);
        progress(text.len(), text.len());
        sheet
    };
    let ranges = cuts(text, part);
    if ranges.len() < 3 || not_a_sheet(path, text).is_err() {
        return whole();
    }
    // Anything that does not read in parts is read whole, for its error;
    // what was read is dropped first.
    match in_parts(path, text, &ranges, article_len, progress) {
        Some(sheet) => Ok(sheet),
        None => whole(),
    }
}

/// The sheet read part by part: each part's tables made claims on the
/// worker that read them, a few parts at a time, appended in order to one
/// list sized for every table, so the parser's own values for the whole
/// sheet never exist at once. None when anything does not read.
fn in_parts(
    path: &Path,
    text: &str,
    ranges: &[Range<usize>],
    article_len: Option<usize>,
    progress: &(dyn Fn(usize, usize) + Sync),
) -> Option<Sheet> {
    let done = AtomicUsize::new(ranges[0].len());
    let mut gathered = Gathered::with_capacity(table_lines(text).len());
    for parts in ranges[1..].chunks(BATCH_PER_THREAD * rayon::current_num_threads().max(1)) {
        let parts: Vec<&str> = parts.iter().map(|r| &text[r.clone()]).collect();
        gathered.read(path, &parts, article_len, &|n| {
            progress(done.fetch_add(n, Ordering::Relaxed) + n, text.len());
        })?;
    }
    gathered.sheet(path, &text[ranges[0].clone()])
}

/// Parts read at once, for each thread.
const BATCH_PER_THREAD: usize = 2;

/// The claims and tombstones of the parts read so far, in order.
struct Gathered {
    claims: Vec<Claim>,
    deleted: Vec<Tombstone>,
}

impl Gathered {
    fn with_capacity(claims: usize) -> Gathered {
        Gathered {
            claims: Vec::with_capacity(claims),
            deleted: Vec::new(),
        }
    }

    /// Read `parts` in parallel and append them in order, telling `read`
    /// the bytes of each part read; None when one does not read.
    fn read(
        &mut self,
        path: &Path,
        parts: &[&str],
        article_len: Option<usize>,
        read: &(dyn Fn(usize) + Sync),
    ) -> Option<()> {
        let parts: Vec<Option<Part>> = parts
            .par_iter()
            .map(|text| {
                let part = read_part(path, text, article_len);
                read(text.len());
                part
            })
            .collect();
        for part in parts {
            let (c, d) = part?;
            self.claims.extend(c);
            self.deleted.extend(d);
        }
        Some(())
    }

    /// The sheet of the top-level keys in `head` and the tables read.
    fn sheet(mut self, path: &Path, head: &str) -> Option<Sheet> {
        let dto = toml::from_str::<HeadDto>(head).ok()?;
        if dto.format != FORMAT {
            return None;
        }
        self.claims.shrink_to_fit();
        if !unique_ids(&self.claims, &self.deleted) {
            return None;
        }
        let at = At { path, text: head };
        let mut sheet = Sheet {
            format: dto.format,
            article: dto.article,
            sha256: dto.sha256,
            title: dto.title,
            source_url: dto.source_url,
            published: dto.published,
            byline: dto.byline,
            site: dto.site,
            fetched_at: dto.fetched_at,
            language: dto.language,
            analyst: dto.analyst,
            claims: self.claims,
            deleted: self.deleted,
            history: at.history(dto.history).ok()?,
        };
        sheet.sort();
        Some(sheet)
    }
}

/// The claims and tombstones of one part.
type Part = (Vec<Claim>, Vec<Tombstone>);

/// One part's tables, checked as the whole sheet checks them (ids across
/// parts are checked once all are read).
fn read_part(path: &Path, part: &str, article_len: Option<usize>) -> Option<Part> {
    let dto = toml::from_str::<PartDto>(part).ok()?;
    let at = At { path, text: part };
    let mut seen = HashSet::new();
    let mut claims = Vec::with_capacity(dto.claim.len());
    for c in dto.claim {
        claims.push(at.claim(c, &mut seen, article_len).ok()?);
    }
    let mut deleted = Vec::with_capacity(dto.deleted.len());
    for t in dto.deleted {
        deleted.push(at.tombstone(t, &mut seen).ok()?);
    }
    Some((claims, deleted))
}

/// Whether every claim and tombstone has an id of its own.
fn unique_ids(claims: &[Claim], deleted: &[Tombstone]) -> bool {
    let mut seen = HashSet::with_capacity(claims.len() + deleted.len());
    let ids = claims.iter().map(|c| c.id.as_str());
    ids.chain(deleted.iter().map(|t| t.id.as_str()))
        .all(|id| seen.insert(id))
}

/// The parts of `text`: the top-level keys (up to the first table header
/// line), then runs of tables of about `part` bytes, each starting at a
/// `[[claim]]` or `[[deleted]]` line. One range when there is no table or
/// the text is under `part` bytes.
fn cuts(text: &str, part: usize) -> Vec<Range<usize>> {
    if text.len() <= part {
        return std::iter::once(0..text.len()).collect();
    }
    let headers = table_lines(text);
    let Some(&first) = headers.first() else {
        return std::iter::once(0..text.len()).collect();
    };
    let mut ranges: Vec<Range<usize>> = std::iter::once(0..first).collect();
    let mut start = first;
    for &at in &headers[1..] {
        if at - start >= part {
            ranges.push(start..at);
            start = at;
        }
    }
    ranges.push(start..text.len());
    ranges
}

/// Where each line that is exactly `[[claim]]` or `[[deleted]]` starts.
fn table_lines(text: &str) -> Vec<usize> {
    table_starts(text.as_bytes()).collect()
}

/// [`table_lines`] in bytes.
fn table_starts(bytes: &[u8]) -> impl Iterator<Item = usize> + '_ {
    let starts = std::iter::once(0).chain(memchr::memchr_iter(b'\n', bytes).map(|i| i + 1));
    starts.filter(|&at| {
        let line = &bytes[at..];
        let end = memchr::memchr(b'\n', line).unwrap_or(line.len());
        let line = line[..end].strip_suffix(b"\r").unwrap_or(&line[..end]);
        line == b"[[claim]]" || line == b"[[deleted]]"
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = include_str!("../../data/karzai-taliban-talks.claims.toml");

    /// Read in parts of `part` bytes and whole: the same sheet, or the same
    /// error message.
    fn same(text: &str, part: usize) {
        let path = Path::new("s.claims.toml");
        let calls = AtomicUsize::new(0);
        let last = AtomicUsize::new(0);
        let in_parts = parse_in_parts(path, text, None, part, &|done, all| {
            calls.fetch_add(1, Ordering::Relaxed);
            assert!(done <= all);
            last.fetch_max(done, Ordering::Relaxed);
        });
        let whole = parse(path, text, None);
        match (in_parts, whole) {
            (Ok(a), Ok(b)) => assert_eq!(a, b),
            (Err(a), Err(b)) => assert_eq!(a.to_string(), b.to_string()),
            (a, b) => panic!("in parts {a:?}, whole {b:?}"),
        }
        assert!(calls.load(Ordering::Relaxed) >= 1);
        assert_eq!(
            last.load(Ordering::Relaxed),
            text.len(),
            "progress ends at 100%"
        );
    }

    #[test]
    fn the_sample_reads_the_same_in_parts_of_any_size() {
        assert!(cuts(SAMPLE, 200).len() > 5, "the sample is cut");
        for part in [1, 200, 1000, 5000, PART_BYTES] {
            same(SAMPLE, part);
            same(&SAMPLE.replace('\n', "\r\n"), part);
            same(&with_header_history(), part);
        }
        let sheet = parse_in_parts(Path::new("s"), &with_header_history(), None, 1, &|_, _| {});
        assert_eq!(sheet.unwrap().history.len(), 1);
    }

    /// The sample with a `[[history]]` entry in its header.
    fn with_header_history() -> String {
        let at = SAMPLE.find("\n[[claim]]\n").unwrap() + 1;
        let entry =
            "[[history]]\nat = 2026-12-01T10:00:00Z\nby = \"x\"\nfield = \"title\"\nto = \"T\"\n\n";
        format!("{}{entry}{}", &SAMPLE[..at], &SAMPLE[at..])
    }

    #[test]
    fn a_cut_inside_a_multi_line_string_reads_the_whole_sheet() {
        let note = "note = \"\"\"\nsee below\n[[claim]]\nnot a table\n\"\"\"\n";
        let at = SAMPLE.find("\n[[claim]]\n").unwrap() + 1;
        let second = SAMPLE[at + 1..].find("\n[[claim]]\n").unwrap() + at + 2;
        let text = format!("{}{note}{}", &SAMPLE[..second], &SAMPLE[second..]);
        same(&text, 1);
        let sheet = parse_in_parts(Path::new("s"), &text, None, 1, &|_, _| {}).unwrap();
        assert!(sheet.claims.iter().any(|c| c.note.contains("[[claim]]")));
    }

    #[test]
    fn errors_in_any_part_are_those_of_the_whole_sheet() {
        let at = SAMPLE.rfind("\n[[claim]]\n").unwrap();
        let broken = [
            format!("{}\nstatus = \"maybe\"{}", &SAMPLE[..at], &SAMPLE[at..]),
            format!(
                "{}\n[[claim]]\nid = \"C1\"\n{}",
                &SAMPLE[..at],
                &SAMPLE[at..]
            ),
            SAMPLE.replace("format = 1", "format = 2"),
            format!("claim = []\n{SAMPLE}"),
            format!(
                "{SAMPLE}\n[[deleted]]\nid = \"C1\"\ndeleted_at = 2026-01-01T00:00:00Z\nby = \"x\"\n"
            ),
            format!("{SAMPLE}\n[claim]\nid = \"C99\"\n"),
        ];
        for text in &broken {
            same(text, 1);
            assert!(parse(Path::new("s"), text, None).is_err(), "{text}");
        }
    }

    #[test]
    fn a_sheet_streamed_in_parts_of_any_size_is_the_whole_one() {
        use sha2::{Digest, Sha256};
        let path = Path::new("s.claims.toml");
        let stream = |text: &str, part| {
            read_streamed(path, text.as_bytes(), text.len(), part, &|done, all| {
                assert!(done <= all);
            })
        };
        for text in [
            SAMPLE.to_owned(),
            SAMPLE.replace('\n', "\r\n"),
            with_header_history(),
        ] {
            let whole = parse(path, &text, None).unwrap();
            for part in [7, 200, 1000, 5000, PART_BYTES] {
                let read = stream(&text, part).unwrap();
                assert_eq!(read.sheet, whole);
                assert_eq!(read.len, text.len());
                assert_eq!(read.sha256, <[u8; 32]>::from(Sha256::digest(&text)));
                assert_eq!(read.crlf, text.contains("\r\n"));
            }
        }
        // What does not read in parts is left to the whole sheet's parser.
        let at = SAMPLE.rfind("\n[[claim]]\n").unwrap();
        let note = "note = \"\"\"\nsee below\n[[claim]]\nnot a table\n\"\"\"\n";
        for text in [
            format!("{}\nstatus = \"maybe\"{}", &SAMPLE[..at], &SAMPLE[at..]),
            format!("{}{note}{}", &SAMPLE[..at + 1], &SAMPLE[at + 1..]),
            SAMPLE.replace("format = 1", "format = 2"),
            format!("\u{feff}{SAMPLE}"),
            "format = 1\n".to_owned(),
        ] {
            for part in [7, 200, PART_BYTES] {
                match stream(&text, part) {
                    None => {}
                    Some(read) => assert_eq!(
                        Ok(read.sheet),
                        parse(path, &text, None).map_err(|e| e.to_string())
                    ),
                }
            }
        }
    }
}
