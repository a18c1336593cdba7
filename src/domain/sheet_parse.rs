//! Reading a sheet: the TOML read in one serde pass with the positions of
//! the values that can be wrong, every error with its FILE:LINE:COL, and
//! the format version checked first when a sheet does not parse.

use std::collections::HashSet;
use std::path::Path;

use serde::Deserialize;
use toml::Spanned;

use super::{FORMAT, Sheet};
use crate::domain::claim::{Anchor, Change, Claim, ClaimKind, Dispute, Stamp, Status, Tombstone};
use crate::domain::error::{Error, Result};

#[path = "sheet_parts.rs"]
mod parts;
pub use parts::{PART_BYTES, Streamed, parse_with_progress, read_streamed};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SheetDto {
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
    #[serde(default)]
    claim: Vec<ClaimDto>,
    #[serde(default)]
    deleted: Vec<TombstoneDto>,
    #[serde(default)]
    history: Vec<ChangeDto>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ClaimDto {
    id: Spanned<String>,
    status: Status,
    speaker: Option<String>,
    kind: Option<ClaimKind>,
    score: Option<Spanned<f64>>,
    text: String,
    quote: Option<String>,
    start: Spanned<usize>,
    end: Spanned<usize>,
    #[serde(default)]
    prefix: String,
    #[serde(default)]
    suffix: String,
    #[serde(default)]
    orphan: bool,
    #[serde(default)]
    needs_review: bool,
    reviewed_at: Option<Spanned<toml::value::Datetime>>,
    reviewed_by: Option<String>,
    #[serde(default)]
    note: String,
    #[serde(default)]
    sources: Vec<String>,
    #[serde(default)]
    history: Vec<ChangeDto>,
    #[serde(default)]
    dispute: Vec<DisputeDto>,
    assignee: Option<String>,
    #[serde(default)]
    pending: bool,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct DisputeDto {
    at: Spanned<toml::value::Datetime>,
    by: String,
    status: Status,
    #[serde(default)]
    note: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ChangeDto {
    at: Spanned<toml::value::Datetime>,
    by: String,
    field: String,
    #[serde(default)]
    from: String,
    #[serde(default)]
    to: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TombstoneDto {
    id: Spanned<String>,
    #[serde(default)]
    text: String,
    deleted_at: Spanned<toml::value::Datetime>,
    by: String,
    #[serde(default)]
    dismissed: bool,
}

fn stamp(path: &Path, text: &str, dt: &Spanned<toml::value::Datetime>) -> Result<Stamp> {
    let raw = dt.get_ref().to_string();
    Stamp::parse(&raw).map_err(|_| {
        Error::sheet_at(
            path,
            text,
            dt.span().start,
            format!("'{raw}' needs a full date, time and UTC offset (like 2026-11-28T14:03:07Z)"),
        )
    })
}

fn toml_error(path: &Path, text: &str, e: &toml::de::Error) -> Error {
    let message = e.message().trim().to_owned();
    match e.span() {
        Some(span) => Error::sheet_at(path, text, span.start, message),
        None => Error::sheet(path, message),
    }
}

/// Parse a sheet. `path` is for messages only. With `article_len` (in code
/// points), offsets beyond the article are errors.
pub fn parse(path: &Path, text: &str, article_len: Option<usize>) -> Result<Sheet> {
    not_a_sheet(path, text)?;
    // One pass when the sheet is well formed. When it is not, the format
    // version is looked at first, so a newer sheet says so rather than
    // failing on a field this version does not know.
    let dto: SheetDto = match toml::from_str(text) {
        Ok(dto) => dto,
        Err(e) => {
            check_format(path, text)?;
            return Err(toml_error(path, text, &e));
        }
    };
    if dto.format != FORMAT {
        return Err(unknown_format(path, text, &dto.format.to_string()));
    }
    build(path, text, dto, article_len)
}

/// The sheet of a parsed, well-formed TOML text, checked.
fn build(path: &Path, text: &str, dto: SheetDto, article_len: Option<usize>) -> Result<Sheet> {
    let at = At { path, text };
    let mut seen: HashSet<String> = HashSet::new();
    let mut claims = Vec::with_capacity(dto.claim.len());
    for c in dto.claim {
        claims.push(at.claim(c, &mut seen, article_len)?);
    }
    let mut deleted = Vec::with_capacity(dto.deleted.len());
    for t in dto.deleted {
        deleted.push(at.tombstone(t, &mut seen)?);
    }
    let history = at.history(dto.history)?;
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
        claims,
        deleted,
        history,
    };
    sheet.sort();
    Ok(sheet)
}

/// The checks made before the TOML is read: a NUL byte, an empty file, a
/// byte-order mark.
fn not_a_sheet(path: &Path, text: &str) -> Result<()> {
    if let Some(pos) = text.find('\0') {
        return Err(Error::sheet_at(
            path,
            text,
            pos,
            "contains a NUL byte; this is not a text sheet",
        ));
    }
    if text.trim().is_empty() {
        return Err(Error::sheet(
            path,
            "is empty; a sheet needs at least `format`, `article` and `sha256` (run `claimdesk init ARTICLE --force` to recreate it)",
        ));
    }
    if text.starts_with('\u{feff}') {
        return Err(Error::sheet_at(
            path,
            text,
            0,
            "starts with a byte-order mark (BOM), which TOML does not allow; save the file as UTF-8 without BOM",
        ));
    }
    Ok(())
}

/// The sheet being parsed, for errors that say where.
struct At<'a> {
    path: &'a Path,
    text: &'a str,
}

impl At<'_> {
    fn error(&self, pos: usize, message: impl Into<String>) -> Error {
        Error::sheet_at(self.path, self.text, pos, message)
    }

    fn stamp(&self, dt: &Spanned<toml::value::Datetime>) -> Result<Stamp> {
        stamp(self.path, self.text, dt)
    }

    /// A claim read, its id recorded in `seen`.
    fn claim(
        &self,
        c: ClaimDto,
        seen: &mut HashSet<String>,
        article_len: Option<usize>,
    ) -> Result<Claim> {
        let id_span = c.id.span();
        let id = c.id.into_inner();
        if id.trim().is_empty() {
            return Err(self.error(id_span.start, "empty claim id"));
        }
        if !seen.insert(id.clone()) {
            return Err(self.error(
                id_span.start,
                format!("duplicate claim id \"{id}\": every claim needs its own id"),
            ));
        }
        let (start, end) = self.offsets(&id, &c.start, &c.end, c.orphan, article_len)?;
        let reviewed_at = match &c.reviewed_at {
            Some(dt) => Some(self.stamp(dt)?),
            None => None,
        };
        let history = self.history(c.history)?;
        let score = match &c.score {
            Some(v) => Some(crate::domain::Score::parse(*v.get_ref()).ok_or_else(|| {
                self.error(
                    v.span().start,
                    format!("claim {id}: score must be a number from 0 to 1"),
                )
            })?),
            None => None,
        };
        let mut disputes = Vec::with_capacity(c.dispute.len());
        for d in c.dispute {
            disputes.push(Dispute {
                at: self.stamp(&d.at)?,
                by: d.by,
                status: d.status,
                note: d.note,
            });
        }
        let quote = c.quote.unwrap_or_else(|| c.text.clone());
        Ok(Claim {
            id,
            text: c.text,
            speaker: c.speaker,
            status: c.status,
            kind: c.kind,
            score,
            reviewed_at,
            reviewed_by: c.reviewed_by,
            note: c.note,
            sources: c.sources,
            anchor: Anchor {
                start,
                end,
                quote,
                prefix: c.prefix,
                suffix: c.suffix,
            },
            orphan: c.orphan,
            needs_review: c.needs_review,
            history,
            disputes,
            assignee: c.assignee,
            pending: c.pending,
        })
    }

    /// A claim's start and end, checked against each other and, unless the
    /// claim is an orphan, against the article's length.
    fn offsets(
        &self,
        id: &str,
        start: &Spanned<usize>,
        end: &Spanned<usize>,
        orphan: bool,
        article_len: Option<usize>,
    ) -> Result<(usize, usize)> {
        let (s, e) = (*start.get_ref(), *end.get_ref());
        if s > e {
            return Err(self.error(
                end.span().start,
                format!("claim {id}: end {e} is before start {s}"),
            ));
        }
        if let Some(len) = article_len
            && e > len
            && !orphan
        {
            return Err(self.error(
                end.span().start,
                format!(
                    "claim {id}: end {e} is beyond the article, which has {len} characters (was the article edited?)"
                ),
            ));
        }
        Ok((s, e))
    }

    /// A list of changes (a claim's, or the article's own).
    fn history(&self, changes: Vec<ChangeDto>) -> Result<Vec<Change>> {
        let mut history = Vec::with_capacity(changes.len());
        for h in changes {
            history.push(Change {
                at: self.stamp(&h.at)?,
                by: h.by,
                field: h.field,
                from: h.from,
                to: h.to,
            });
        }
        Ok(history)
    }

    /// A deleted claim's tombstone, its id recorded in `seen`.
    fn tombstone(&self, t: TombstoneDto, seen: &mut HashSet<String>) -> Result<Tombstone> {
        let span = t.id.span();
        let id = t.id.into_inner();
        if !seen.insert(id.clone()) {
            return Err(self.error(
                span.start,
                format!("deleted claim id \"{id}\" is also used by another claim"),
            ));
        }
        Ok(Tombstone {
            deleted_at: self.stamp(&t.deleted_at)?,
            id,
            text: t.text,
            by: t.by,
            dismissed: t.dismissed,
        })
    }
}

/// The format check of a sheet that did not parse: missing or unknown
/// `format` is the error to report, before any other.
fn check_format(path: &Path, text: &str) -> Result<()> {
    let table: toml::Table = toml::from_str(text).map_err(|e| {
        crate::domain::conflict_markers::check(path, text)
            .map_or_else(|c| c, |()| toml_error(path, text, &e))
    })?;
    match table.get("format") {
        None => Err(Error::sheet(
            path,
            "missing `format` (this claimdesk reads format = 1)",
        )),
        Some(toml::Value::Integer(FORMAT)) => Ok(()),
        Some(other) => Err(unknown_format(path, text, &other.to_string())),
    }
}

fn unknown_format(path: &Path, text: &str, value: &str) -> Error {
    let pos = find_key(text, "format").unwrap_or(0);
    Error::sheet_at(
        path,
        text,
        pos,
        format!(
            "unknown sheet format {value}: this claimdesk reads format = {FORMAT}; a newer claimdesk may read it"
        ),
    )
}

/// Whether any claim ends beyond an article of `len` code points (the
/// check [`parse`] makes with an `article_len`), so a sheet parsed without
/// the article's length need only be parsed again to say where.
pub fn ends_beyond(sheet: &Sheet, len: usize) -> bool {
    sheet.claims.iter().any(|c| c.anchor.end > len && !c.orphan)
}

/// Byte offset of the first line that sets `key` at the top level.
fn find_key(text: &str, key: &str) -> Option<usize> {
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let t = line.trim_start();
        if let Some(rest) = t.strip_prefix(key)
            && rest.trim_start().starts_with('=')
        {
            return Some(offset + (line.len() - t.len()));
        }
        offset += line.len();
    }
    None
}
