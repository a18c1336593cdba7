//! The claims sheet: one TOML file per article, `NAME.claims.toml` beside
//! `NAME.txt`. Written for git: a fixed key order, claims in article order,
//! one `[[claim]]` table each, and claims that did not change are written
//! back exactly as they were read (comments and all).

use std::collections::HashMap;
use std::ops::Range;

use serde::Serialize;

use super::claim::{Change, Claim, Status, Tombstone, id_number};

/// The sheet format this claimdesk reads and writes.
pub const FORMAT: i64 = 1;

/// Sheets larger than this are refused: 64 MiB is far beyond any real sheet.
pub const MAX_SHEET_BYTES: u64 = 64 * 1024 * 1024;

/// The file-name suffix that marks a sheet.
pub const SHEET_SUFFIX: &str = ".claims.toml";

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Sheet {
    pub format: i64,
    /// The article's path, relative to the sheet's folder.
    pub article: String,
    /// SHA-256 of the article file the offsets refer to.
    pub sha256: String,
    pub title: Option<String>,
    pub source_url: Option<String>,
    /// Publication date, as written (ideally YYYY-MM-DD).
    pub published: Option<String>,
    /// The authors, as the source names them.
    pub byline: Option<String>,
    /// The publisher's name.
    pub site: Option<String>,
    /// When the article was fetched (UTC, RFC 3339).
    pub fetched_at: Option<String>,
    /// The article's language tag (`en`, `en-GB`).
    pub language: Option<String>,
    /// The default analyst for this sheet.
    pub analyst: Option<String>,
    /// Claims in article order.
    pub claims: Vec<Claim>,
    /// Deleted claims.
    pub deleted: Vec<Tombstone>,
    /// Changes to the article's own facts (title, source_url, published,
    /// site: `claimdesk meta`), oldest first; `[[history]]` in the header.
    pub history: Vec<Change>,
}

/// Review progress: how many claims carry a review stamp, and the verdicts.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    pub total: usize,
    pub reviewed: usize,
    pub not_reviewed: usize,
    pub confirmed: usize,
    pub unconfirmed: usize,
    pub denied: usize,
    /// Reviewed claims whose words changed since: verdicts to re-check.
    pub needs_review: usize,
    /// Claims whose verdict is in dispute (written only when any).
    #[serde(skip_serializing_if = "is_zero")]
    pub disputed: usize,
}

fn is_zero(n: &usize) -> bool {
    *n == 0
}

impl Counts {
    pub fn of<'a>(claims: impl IntoIterator<Item = &'a Claim>) -> Counts {
        let mut c = Counts::default();
        for claim in claims {
            c.add(claim);
        }
        c
    }

    pub fn add(&mut self, claim: &Claim) {
        self.total += 1;
        self.disputed += usize::from(!claim.disputes.is_empty());
        if !claim.is_reviewed() {
            self.not_reviewed += 1;
            return;
        }
        self.reviewed += 1;
        self.needs_review += usize::from(claim.needs_review);
        match claim.status {
            Status::Confirmed => self.confirmed += 1,
            Status::Unconfirmed => self.unconfirmed += 1,
            Status::Denied => self.denied += 1,
        }
    }

    pub fn merge(&mut self, other: Counts) {
        self.total += other.total;
        self.reviewed += other.reviewed;
        self.not_reviewed += other.not_reviewed;
        self.confirmed += other.confirmed;
        self.unconfirmed += other.unconfirmed;
        self.denied += other.denied;
        self.needs_review += other.needs_review;
        self.disputed += other.disputed;
    }

    /// Reviewed claims as a fraction of all (1.0 for an empty sheet).
    pub fn progress(&self) -> f64 {
        if self.total == 0 {
            1.0
        } else {
            self.reviewed as f64 / self.total as f64
        }
    }
}

impl Sheet {
    /// A copy of the sheet without its claims and tombstones.
    pub fn header(&self) -> Sheet {
        // Every field named, so that a field added to the sheet is not forgotten.
        Sheet {
            format: self.format,
            article: self.article.clone(),
            sha256: self.sha256.clone(),
            title: self.title.clone(),
            source_url: self.source_url.clone(),
            published: self.published.clone(),
            byline: self.byline.clone(),
            site: self.site.clone(),
            fetched_at: self.fetched_at.clone(),
            language: self.language.clone(),
            analyst: self.analyst.clone(),
            claims: Vec::new(),
            deleted: Vec::new(),
            history: self.history.clone(),
        }
    }

    pub fn new(article: impl Into<String>, sha256: impl Into<String>) -> Sheet {
        Sheet {
            format: FORMAT,
            article: article.into(),
            sha256: sha256.into(),
            title: None,
            source_url: None,
            published: None,
            byline: None,
            site: None,
            fetched_at: None,
            language: None,
            analyst: None,
            claims: Vec::new(),
            deleted: Vec::new(),
            history: Vec::new(),
        }
    }

    pub fn counts(&self) -> Counts {
        Counts::of(&self.claims)
    }

    pub fn index_of(&self, id: &str) -> Option<usize> {
        self.claims.iter().position(|c| c.id == id)
    }

    pub fn claim(&self, id: &str) -> Option<&Claim> {
        self.claims.iter().find(|c| c.id == id)
    }

    pub fn claim_mut(&mut self, id: &str) -> Option<&mut Claim> {
        self.claims.iter_mut().find(|c| c.id == id)
    }

    /// The next free id: one past the highest ever used, deleted ones included.
    pub fn next_id(&self) -> String {
        let max = self
            .claims
            .iter()
            .map(|c| c.id.as_str())
            .chain(self.deleted.iter().map(|t| t.id.as_str()))
            .filter_map(id_number)
            .max()
            .unwrap_or(0);
        format!("C{}", max + 1)
    }

    /// Put the claims in article order (by start, end, then id number).
    pub fn sort(&mut self) {
        let key = |c: &Claim| {
            (
                c.anchor.start,
                c.anchor.end,
                id_number(&c.id).unwrap_or(u64::MAX),
            )
        };
        // A sheet read is in order already: no sort, and no sort's buffer
        // of half the claims.
        if !self.claims.is_sorted_by_key(key) {
            self.claims.sort_by_key(key);
        }
    }
}

// ---------------------------------------------------------------- parsing

#[path = "sheet_parse.rs"]
mod parse;
pub use parse::{PART_BYTES, Streamed, ends_beyond, parse, parse_with_progress, read_streamed};

// ---------------------------------------------------------------- writing

/// A TOML value for a string, in the most readable form that round-trips
/// (multi-line when the text has newlines).
fn str_value(s: &str) -> String {
    use toml_writer::ToTomlValue;
    toml_writer::TomlStringBuilder::new(s)
        .as_default()
        .to_toml_value()
}

/// A TOML value for a string on one line (newlines escaped): for the
/// anchor's quote and context, which are data rather than prose.
fn line_value(s: &str) -> String {
    use toml_writer::ToTomlValue;
    let b = toml_writer::TomlStringBuilder::new(s);
    b.as_basic_pretty()
        .or_else(|| b.as_literal())
        .unwrap_or_else(|| b.as_basic())
        .to_toml_value()
}

fn push_kv(out: &mut String, key: &str, value: &str) {
    out.push_str(key);
    out.push_str(" = ");
    out.push_str(value);
    out.push('\n');
}

fn push_str_kv(out: &mut String, key: &str, value: &str) {
    push_kv(out, key, &str_value(value));
}

fn render_header(sheet: &Sheet) -> String {
    let mut out = String::new();
    out.push_str("# claimdesk claims sheet. Edit with `claimdesk` or by hand; the format is in the README.\n");
    push_kv(&mut out, "format", &sheet.format.to_string());
    push_str_kv(&mut out, "article", &sheet.article);
    push_str_kv(&mut out, "sha256", &sheet.sha256);
    for (key, value) in [
        ("title", &sheet.title),
        ("source_url", &sheet.source_url),
        ("published", &sheet.published),
        ("byline", &sheet.byline),
        ("site", &sheet.site),
        ("fetched_at", &sheet.fetched_at),
        ("language", &sheet.language),
        ("analyst", &sheet.analyst),
    ] {
        if let Some(v) = value {
            push_str_kv(&mut out, key, v);
        }
    }
    for h in &sheet.history {
        render_change(&mut out, "history", h);
    }
    out
}

/// One change as the table `[[TABLE]]` (`history` or `claim.history`).
fn render_change(out: &mut String, table: &str, h: &Change) {
    out.push_str("\n[[");
    out.push_str(table);
    out.push_str("]]\n");
    push_kv(out, "at", &h.at.to_rfc3339());
    push_str_kv(out, "by", &h.by);
    push_str_kv(out, "field", &h.field);
    push_str_kv(out, "from", &h.from);
    push_str_kv(out, "to", &h.to);
}

fn render_claim(c: &Claim) -> String {
    let mut out = String::from("\n[[claim]]\n");
    push_str_kv(&mut out, "id", &c.id);
    push_str_kv(&mut out, "status", c.status.as_str());
    if let Some(s) = &c.speaker {
        push_str_kv(&mut out, "speaker", s);
    }
    if let Some(k) = c.kind {
        push_str_kv(&mut out, "kind", k.as_str());
    }
    if let Some(score) = c.score {
        push_kv(&mut out, "score", &score.to_string());
    }
    push_str_kv(&mut out, "text", &c.text);
    if c.anchor.quote != c.text {
        push_kv(&mut out, "quote", &line_value(&c.anchor.quote));
    }
    push_kv(&mut out, "start", &c.anchor.start.to_string());
    push_kv(&mut out, "end", &c.anchor.end.to_string());
    push_kv(&mut out, "prefix", &line_value(&c.anchor.prefix));
    push_kv(&mut out, "suffix", &line_value(&c.anchor.suffix));
    if c.orphan {
        push_kv(&mut out, "orphan", "true");
    }
    if c.needs_review {
        push_kv(&mut out, "needs_review", "true");
    }
    if let Some(at) = &c.reviewed_at {
        push_kv(&mut out, "reviewed_at", &at.to_rfc3339());
    }
    if let Some(by) = &c.reviewed_by {
        push_str_kv(&mut out, "reviewed_by", by);
    }
    if c.pending {
        push_kv(&mut out, "pending", "true");
    }
    if let Some(who) = &c.assignee {
        push_str_kv(&mut out, "assignee", who);
    }
    if !c.note.is_empty() {
        push_str_kv(&mut out, "note", &c.note);
    }
    if !c.sources.is_empty() {
        out.push_str("sources = [\n");
        for s in &c.sources {
            out.push_str("  ");
            out.push_str(&str_value(s));
            out.push_str(",\n");
        }
        out.push_str("]\n");
    }
    for h in &c.history {
        render_change(&mut out, "claim.history", h);
    }
    for d in &c.disputes {
        out.push_str("\n[[claim.dispute]]\n");
        push_kv(&mut out, "at", &d.at.to_rfc3339());
        push_str_kv(&mut out, "by", &d.by);
        push_str_kv(&mut out, "status", d.status.as_str());
        push_str_kv(&mut out, "note", &d.note);
    }
    out
}

fn render_tombstone(t: &Tombstone) -> String {
    let mut out = String::from("\n[[deleted]]\n");
    push_str_kv(&mut out, "id", &t.id);
    push_str_kv(&mut out, "text", &t.text);
    push_kv(&mut out, "deleted_at", &t.deleted_at.to_rfc3339());
    push_str_kv(&mut out, "by", &t.by);
    if t.dismissed {
        push_kv(&mut out, "dismissed", "true");
    }
    out
}

/// The canonical text of a sheet.
pub fn render(sheet: &Sheet) -> String {
    render_spliced(sheet, None).0
}

/// Where each part of a sheet's text lies: the header, and one byte range
/// per top-level `[[claim]]` / `[[deleted]]` table (with the comment lines
/// above it and the blank lines after it), keyed by id. Saves reuse the
/// text of what did not change, so hand-written comments and formatting
/// survive and untouched claims are never reflowed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Layout {
    header: Range<usize>,
    claims: HashMap<String, Range<usize>>,
    deleted: HashMap<String, Range<usize>>,
}

impl Layout {
    /// The layout of `text`, which parses as `sheet`; `None` when its shape
    /// cannot be spliced safely (claims written as an inline array, say):
    /// saves then write the canonical text.
    pub fn of(text: &str, sheet: &Sheet) -> Option<Layout> {
        let layout = Layout::scan(text)?;
        // Every claim and tombstone must have its own table.
        let complete = sheet
            .claims
            .iter()
            .all(|c| layout.claims.contains_key(&c.id))
            && sheet
                .deleted
                .iter()
                .all(|t| layout.deleted.contains_key(&t.id))
            && layout.claims.len() == sheet.claims.len()
            && layout.deleted.len() == sheet.deleted.len();
        complete.then_some(layout)
    }

    /// [`Layout::of`] a text known to parse as a sheet of `claims` claims
    /// and `deleted` tombstones: the tables found are those the sheet was
    /// read from, one per id, so their numbers tell that each has its own.
    pub fn of_counts(text: &str, claims: usize, deleted: usize) -> Option<Layout> {
        let layout = Layout::scan(text)?;
        (layout.claims.len() == claims && layout.deleted.len() == deleted).then_some(layout)
    }

    /// Where the header and each table lie, each id once.
    fn scan(text: &str) -> Option<Layout> {
        match layout_lines::starts(text) {
            Some(starts) => Layout::from_starts(text, starts),
            None => Layout::scan_document(text),
        }
    }

    /// [`Layout::scan`] through a `toml_edit` document of the whole text.
    fn scan_document(text: &str) -> Option<Layout> {
        let doc = toml_edit::Document::parse(text).ok()?;
        let mut starts: Vec<(usize, bool, String)> = Vec::new();
        for (key, is_claim) in [("claim", true), ("deleted", false)] {
            match doc.get(key) {
                None => {}
                Some(item) => {
                    let aot = item.as_array_of_tables()?;
                    for t in aot.iter() {
                        let span: Range<usize> = t.span()?;
                        let id = t.get("id")?.as_str()?.to_owned();
                        starts.push((back_over_comments(text, span.start), is_claim, id));
                    }
                }
            }
        }
        starts.sort();
        let header_end = starts.first().map_or(text.len(), |s| s.0);
        // The article's history belongs to the header: written anywhere
        // else, the sheet is not spliced.
        if let Some(item) = doc.get("history") {
            for t in item.as_array_of_tables()?.iter() {
                if t.span()?.start >= header_end {
                    return None;
                }
            }
        }
        Layout::from_starts(text, starts)
    }

    /// The layout of tables starting (comments above included) at the
    /// given places, in order, with their kind (claim or not) and id.
    fn from_starts(text: &str, starts: Vec<(usize, bool, String)>) -> Option<Layout> {
        let mut layout = Layout {
            header: 0..starts.first().map_or(text.len(), |s| s.0),
            ..Layout::default()
        };
        for (i, (start, is_claim, id)) in starts.iter().enumerate() {
            let end = starts.get(i + 1).map_or(text.len(), |s| s.0);
            let map = if *is_claim {
                &mut layout.claims
            } else {
                &mut layout.deleted
            };
            if map.insert(id.clone(), *start..end).is_some() {
                return None;
            }
        }
        Some(layout)
    }
}

#[path = "sheet_layout_lines.rs"]
mod layout_lines;

/// Builds a sheet's text and its layout at once.
struct Builder {
    out: String,
    layout: Layout,
}

impl Builder {
    fn part(&mut self, text: &str) -> Range<usize> {
        let start = self.out.len();
        if !text.starts_with('\n') && start > 0 && !self.out.ends_with("\n\n") {
            self.out.push('\n');
        }
        self.out.push_str(text.trim_end_matches('\n'));
        self.out.push('\n');
        start..self.out.len()
    }
}

/// The text for `sheet`; with `old` (the text last read or written, the sheet
/// it holds, and its layout), what did not change keeps its exact text and
/// what changed is written canonically. Returns the layout of the result,
/// for the next save.
pub fn render_spliced(sheet: &Sheet, old: Option<(&str, &Sheet, &Layout)>) -> (String, Layout) {
    let Some((text, o, layout)) = old else {
        return render_over(sheet, None);
    };
    let claims: HashMap<&str, &Claim> = o.claims.iter().map(|c| (c.id.as_str(), c)).collect();
    let deleted: HashMap<&str, &Tombstone> = o.deleted.iter().map(|t| (t.id.as_str(), t)).collect();
    let same_claim = |c: &Claim| claims.get(c.id.as_str()) == Some(&c);
    let same_tombstone = |t: &Tombstone| deleted.get(t.id.as_str()) == Some(&t);
    render_over(
        sheet,
        Some(Previous {
            text,
            layout,
            header: o,
            same_claim: &same_claim,
            same_tombstone: &same_tombstone,
        }),
    )
}

/// What a splice needs of the text last read or written: the text, its
/// layout, a sheet with its header (its claims are not looked at), and
/// which claims and tombstones it holds exactly as they are now.
pub struct Previous<'a> {
    pub text: &'a str,
    pub layout: &'a Layout,
    pub header: &'a Sheet,
    pub same_claim: &'a dyn Fn(&Claim) -> bool,
    pub same_tombstone: &'a dyn Fn(&Tombstone) -> bool,
}

/// Whether two sheets hold the same header: every field but the claims
/// and the tombstones.
pub fn same_header(a: &Sheet, b: &Sheet) -> bool {
    // Destructured, so that a field added to the sheet is not forgotten.
    let Sheet {
        format,
        article,
        sha256,
        title,
        source_url,
        published,
        byline,
        site,
        fetched_at,
        language,
        analyst,
        claims: _,
        deleted: _,
        history,
    } = a;
    *format == b.format
        && *article == b.article
        && *sha256 == b.sha256
        && *title == b.title
        && *source_url == b.source_url
        && *published == b.published
        && *byline == b.byline
        && *site == b.site
        && *fetched_at == b.fetched_at
        && *language == b.language
        && *analyst == b.analyst
        && *history == b.history
}

/// [`render_spliced`] against what is known of the text last read or
/// written ([`Previous`]).
pub fn render_over(sheet: &Sheet, old: Option<Previous>) -> (String, Layout) {
    let mut b = Builder {
        out: String::new(),
        layout: Layout::default(),
    };
    match &old {
        Some(p) if same_header(sheet, p.header) => {
            b.out.push_str(&p.text[p.layout.header.clone()]);
            if !b.out.ends_with('\n') && !b.out.is_empty() {
                b.out.push('\n');
            }
        }
        _ => b.out.push_str(&render_header(sheet)),
    }
    b.layout.header = 0..b.out.len();
    for c in &sheet.claims {
        let before = old
            .as_ref()
            .and_then(|p| Some((&p.text[p.layout.claims.get(&c.id)?.clone()], p)));
        let range = match before {
            Some((t, p)) if (p.same_claim)(c) => b.part(t),
            // Changed: written anew, under the comment lines it had above it.
            Some((t, _)) => b.part(&format!(
                "\n{}{}",
                leading_comments(t),
                render_claim(c).trim_start()
            )),
            None => b.part(&render_claim(c)),
        };
        b.layout.claims.insert(c.id.clone(), range);
    }
    for t in &sheet.deleted {
        let kept = old.as_ref().and_then(|p| {
            let range = p.layout.deleted.get(&t.id)?;
            (p.same_tombstone)(t).then(|| &p.text[range.clone()])
        });
        let range = match kept {
            Some(text) => b.part(text),
            None => b.part(&render_tombstone(t)),
        };
        b.layout.deleted.insert(t.id.clone(), range);
    }
    (b.out, b.layout)
}

/// [`render_spliced`] from the text and sheet last read, working out their
/// layout first (the canonical text when it cannot be worked out).
pub fn render_preserving(sheet: &Sheet, original_text: &str, original: &Sheet) -> String {
    match Layout::of(original_text, original) {
        Some(layout) => render_spliced(sheet, Some((original_text, original, &layout))).0,
        None => render(sheet),
    }
}

/// The comment lines at the top of a table's text, each with its newline.
fn leading_comments(segment: &str) -> String {
    segment
        .lines()
        .take_while(|l| l.trim().is_empty() || l.trim_start().starts_with('#'))
        .filter(|l| !l.trim().is_empty())
        .map(|l| format!("{l}\n"))
        .collect()
}

/// Move a table's start back over the comment and blank lines above it.
fn back_over_comments(text: &str, header_start: usize) -> usize {
    let mut start = text[..header_start].rfind('\n').map_or(0, |i| i + 1);
    loop {
        if start == 0 {
            return 0;
        }
        let prev_start = text[..start - 1].rfind('\n').map_or(0, |i| i + 1);
        let line = text[prev_start..start].trim();
        if line.is_empty() || line.starts_with('#') {
            start = prev_start;
        } else {
            return start;
        }
    }
}

#[cfg(test)]
#[path = "sheet_tests.rs"]
mod tests;
