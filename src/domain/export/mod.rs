//! Export of the verification sheet: the analyst's deliverable, in five
//! formats. Pure: text in, text out; nothing here touches the terminal or
//! the file system, so the CLI (`claimdesk export`) and the TUI (`E`) share it.
//!
//! ```no_run
//! use claimdesk::config::Config;
//! use claimdesk::domain::export::{self, Format, Options};
//! use claimdesk::domain::store::write_atomic;
//! use claimdesk::domain::{Doc, Stamp};
//! # fn main() -> claimdesk::domain::Result<()> {
//! let doc = Doc::open(std::path::Path::new("data/karzai-taliban-talks.txt"))?;
//! // The caller decides "generated at"; analyst, organisation, publish URL
//! // come from the configuration (a name given on the command line wins).
//! let opts = Config::default().export_options(None, Stamp::now());
//! let out = export::render(&[&doc], Format::ClaimReview, &opts)?;
//! let path = export::output_path_for(&doc, Format::ClaimReview); // beside the sheet
//! write_atomic(&path, out.text.as_bytes())?; // check path.exists() first to refuse overwriting
//! println!("{} written; {} never-reviewed claims left out", path.display(), out.left_out);
//! # Ok(()) }
//! ```
//!
//! Every format carries the same content: a header (title, source URL and
//! publication date when known, the article's SHA-256, the analysts, the time
//! generated, counts per status and review progress), then one entry per
//! claim in article order (id, paragraph and line, speaker, text, status,
//! reviewed at/by or "not reviewed", note, sources). Several documents (a
//! folder) give one export grouped by article, with overall counts.
//!
//! The output is deterministic: the same documents and [`Options`] give the
//! same bytes, so exports can be compared with golden files.

mod claimreview;
mod csv;
mod html;
mod json;
mod markdown;
mod notes;

use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::domain::article::Article;
use crate::domain::claim::{Claim, Stamp, Status, id_number};
use crate::domain::error::{Error, Result};
use crate::domain::sheet::Counts;
use crate::domain::store::Doc;
use crate::domain::verdict::{StatusFilter, Verdict};

pub use self::csv::{COLUMNS as CSV_COLUMNS, neutralise};
pub use self::notes::claimreview_notes;

/// The version of the JSON export schema (the `format` field); see
/// docs/export.md. Raised whenever a field changes meaning or disappears.
pub const JSON_FORMAT: u32 = 1;

/// The export formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    /// A readable report (the default); renders well on GitHub.
    Markdown,
    /// RFC 4180, UTF-8, a header row, one row per claim.
    Csv,
    /// The documented schema of docs/export.md.
    Json,
    /// One self-contained, printable page.
    Html,
    /// schema.org ClaimReview JSON-LD (reviewed claims only).
    ClaimReview,
}

impl Format {
    pub const ALL: [Format; 5] = [
        Format::Markdown,
        Format::Csv,
        Format::Json,
        Format::Html,
        Format::ClaimReview,
    ];

    /// The name used on the command line.
    pub fn name(self) -> &'static str {
        match self {
            Format::Markdown => "md",
            Format::Csv => "csv",
            Format::Json => "json",
            Format::Html => "html",
            Format::ClaimReview => "claimreview",
        }
    }

    /// The file-name extension of an export in this format.
    pub fn extension(self) -> &'static str {
        match self {
            Format::Markdown => "md",
            Format::Csv => "csv",
            Format::Json => "json",
            Format::Html => "html",
            Format::ClaimReview => "jsonld",
        }
    }
}

impl std::str::FromStr for Format {
    type Err = String;
    fn from_str(s: &str) -> std::result::Result<Format, String> {
        match s.trim().to_ascii_lowercase().as_str() {
            "md" | "markdown" => Ok(Format::Markdown),
            "csv" => Ok(Format::Csv),
            "json" => Ok(Format::Json),
            "html" => Ok(Format::Html),
            "claimreview" | "jsonld" | "json-ld" => Ok(Format::ClaimReview),
            other => Err(format!(
                "unknown export format '{other}': expected md, csv, json, html or claimreview"
            )),
        }
    }
}

/// What an export needs besides the documents.
#[derive(Debug, Clone, PartialEq)]
pub struct Options {
    /// Only claims matching this (None: all). Header counts are always of
    /// the whole sheet; the header says a filter was applied.
    pub filter: Option<StatusFilter>,
    /// The time written as "generated at" (and ClaimReview `datePublished`).
    /// Passed in, never read from the clock here, so output is reproducible.
    pub generated_at: Stamp,
    /// Who generates the export (ClaimReview `author` when no organisation).
    pub analyst: Option<String>,
    /// The publishing organisation (ClaimReview `author`).
    pub organisation: Option<String>,
    /// Where the review is published (ClaimReview `url`, with `#ANCHOR`
    /// per claim; the anchors are the HTML export's element ids).
    pub publish_url: Option<String>,
    /// Article paths are shown relative to this folder (a folder export);
    /// otherwise by file name only.
    pub root: Option<PathBuf>,
    /// Start a CSV export with a UTF-8 byte-order mark, which Excel needs
    /// to read UTF-8 when the file is double-clicked (other formats ignore it).
    pub csv_bom: bool,
    /// Published fact-checks to list under each claim (Markdown, HTML).
    pub prior: Option<crate::domain::factcheck::prior::SharedPrior>,
}

impl Options {
    /// All claims, nothing configured.
    pub fn new(generated_at: Stamp) -> Options {
        Options {
            filter: None,
            generated_at,
            analyst: None,
            organisation: None,
            publish_url: None,
            root: None,
            csv_bom: false,
            prior: None,
        }
    }
}

/// A rendered export.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Output {
    /// The document (ends with a newline).
    pub text: String,
    /// Claims the filter selected but the format left out: for ClaimReview,
    /// the claims never reviewed (a ClaimReview needs a verdict). 0 otherwise.
    pub left_out: usize,
}

/// Render one or more documents (a folder gives several) in a format.
pub fn render(docs: &[&Doc], format: Format, options: &Options) -> Result<Output> {
    let report = Report::build(docs, options);
    let (text, left_out) = match format {
        Format::Markdown => (markdown::render(&report), 0),
        Format::Csv => (csv::render(&report, options.csv_bom)?, 0),
        Format::Json => (json::render(&report)?, 0),
        Format::Html => (html::render(&report), 0),
        Format::ClaimReview => claimreview::render(&report, options)?,
    };
    Ok(Output { text, left_out })
}

/// Where the TUI writes an export of `doc`: beside the sheet, as
/// `NAME.verification.EXT` (e.g. `story.verification.html`).
pub fn output_path_for(doc: &Doc, format: Format) -> PathBuf {
    let dir = doc.sheet_path.parent().unwrap_or(Path::new("."));
    dir.join(format!(
        "{}.verification.{}",
        article_stem(&doc.article.path),
        format.extension()
    ))
}

fn article_stem(path: &Path) -> String {
    path.file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "article".into())
}

fn invalid(what: &str, e: impl std::fmt::Display) -> Error {
    Error::Invalid(format!("cannot render the {what} export: {e}"))
}

// ------------------------------------------------------------ the model

/// Counts per status, with review progress; what every header shows.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
struct Tally {
    pub total: usize,
    pub reviewed: usize,
    pub not_reviewed: usize,
    pub confirmed: usize,
    pub unconfirmed: usize,
    pub denied: usize,
    /// Reviewed as a fraction of all, rounded to 4 decimals (1 when empty).
    pub progress: f64,
}

impl Tally {
    fn of(c: Counts) -> Tally {
        Tally {
            total: c.total,
            reviewed: c.reviewed,
            not_reviewed: c.not_reviewed,
            confirmed: c.confirmed,
            unconfirmed: c.unconfirmed,
            denied: c.denied,
            progress: (c.progress() * 10_000.0).round() / 10_000.0,
        }
    }

    /// "3 of 15 reviewed (20%)".
    fn progress_text(&self) -> String {
        format!(
            "{} of {} reviewed ({}%)",
            self.reviewed,
            self.total,
            self.percent()
        )
    }

    fn percent(&self) -> u32 {
        (self.progress * 100.0).round() as u32
    }
}

/// Everything an export shows, format-neutral. The JSON export is this,
/// serialised.
#[derive(Debug, Clone, Serialize)]
struct Report {
    format: u32,
    generated_at: String,
    generated_by: Option<String>,
    /// The filter applied (a status, or "not reviewed"), if any.
    filter: Option<&'static str>,
    /// Over all articles (all claims, whatever the filter).
    counts: Tally,
    /// Claims listed (after the filter), over all articles.
    shown: usize,
    articles: Vec<ArticleReport>,
    #[serde(skip)]
    generated_date: String,
}

#[derive(Debug, Clone, Serialize)]
struct ArticleReport {
    title: String,
    /// The article file, relative to the export's root or by name.
    file: String,
    /// The sheet file, the same way.
    sheet: String,
    source_url: Option<String>,
    published: Option<String>,
    /// SHA-256 of the article as it is on disk now.
    sha256: String,
    /// True when that differs from the hash the sheet was made for.
    article_changed: bool,
    /// Who reviewed claims (first appearance in article order), or the
    /// sheet's analyst when nobody has yet.
    analysts: Vec<String>,
    counts: Tally,
    shown: usize,
    claims: Vec<ClaimReport>,
    #[serde(skip)]
    slug: String,
}

/// A published fact-check of a claim, as exports list it.
#[derive(Debug, Clone)]
struct PriorLine {
    /// "PolitiFact, False (2019-05-02)".
    summary: String,
    url: String,
    claim_reviewed: String,
}

/// The prior fact-checks of a claim's text, when the options carry a library.
fn prior_lines(options: &Options, text: &str) -> Vec<PriorLine> {
    let Some(prior) = &options.prior else {
        return Vec::new();
    };
    prior
        .0
        .matches(text, 5)
        .into_iter()
        .map(|p| PriorLine {
            summary: p.record.summary(),
            url: p.record.url,
            claim_reviewed: p.record.claim_reviewed,
        })
        .collect()
}

#[derive(Debug, Clone, Serialize)]
struct ClaimReport {
    id: String,
    paragraph: usize,
    line: usize,
    start: usize,
    end: usize,
    speaker: Option<String>,
    kind: Option<&'static str>,
    text: String,
    /// The sheet's status; meaningful only when `reviewed`.
    status: Status,
    reviewed: bool,
    /// The verdict was given on an earlier version of the text (written
    /// only when true).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    needs_review: bool,
    /// Verdicts set differently by two analysts, not yet settled: listed
    /// as unresolved, never published as a rating (written only when any).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    disputes: Vec<crate::domain::claim::Dispute>,
    /// The verdict waits for second review: not final (written only when true).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pending: bool,
    reviewed_at: Option<String>,
    reviewed_by: Option<String>,
    note: String,
    sources: Vec<String>,
    #[serde(skip)]
    anchor: String,
    /// Listed by the Markdown and HTML exports only.
    #[serde(skip)]
    prior: Vec<PriorLine>,
}

impl ClaimReport {
    /// The verdict as people read it: the status, or "not reviewed", and
    /// what keeps it from being final.
    fn verdict(&self) -> String {
        if !self.disputes.is_empty() {
            return "disputed (unresolved)".into();
        }
        let v = Verdict::from_status(self.reviewed.then_some(self.status));
        match (v, self.needs_review, self.pending) {
            (Verdict::NotReviewed, _, _) | (_, false, false) => v.label().into(),
            (_, true, _) => format!("{v} (verdict given on an earlier version of the text)"),
            (_, false, true) => format!("{v} (pending second review)"),
        }
    }

    /// A verdict that can be published: given, and on the present words.
    fn verdict_is_current(&self) -> bool {
        self.reviewed && !self.needs_review && self.disputes.is_empty() && !self.pending
    }
}

impl Report {
    fn build(docs: &[&Doc], options: &Options) -> Report {
        let mut total = Counts::default();
        let mut shown = 0;
        let mut slugs: Vec<String> = Vec::new();
        let mut articles = Vec::with_capacity(docs.len());
        for doc in docs {
            let counts = doc.sheet.counts();
            total.merge(counts);
            let slug = unique_slug(&mut slugs, &doc.article.path);
            let article = ArticleReport::of(doc, counts, slug, options);
            shown += article.shown;
            articles.push(article);
        }
        Report {
            format: JSON_FORMAT,
            generated_at: options.generated_at.to_rfc3339(),
            generated_date: options.generated_at.0.format("%Y-%m-%d").to_string(),
            generated_by: options.analyst.clone(),
            filter: options.filter.map(StatusFilter::label),
            counts: Tally::of(total),
            shown,
            articles,
        }
    }
}

/// The article's slug (its anchors' prefix), made unique among `slugs`
/// (two articles of the same name in different folders) and added to them.
fn unique_slug(slugs: &mut Vec<String>, article: &Path) -> String {
    let mut slug = slugify(&article_stem(article));
    let base = slug.clone();
    let mut n = 2;
    while slugs.contains(&slug) {
        slug = format!("{base}-{n}");
        n += 1;
    }
    slugs.push(slug.clone());
    slug
}

/// Who reviewed claims (first appearance in article order), or the sheet's
/// analyst when nobody has yet.
fn analysts_of(doc: &Doc) -> Vec<String> {
    let mut analysts: Vec<String> = Vec::new();
    for c in &doc.sheet.claims {
        if let Some(by) = c.reviewed_by.as_deref().map(str::trim)
            && c.is_reviewed()
            && !by.is_empty()
            && !analysts.iter().any(|a| a == by)
        {
            analysts.push(by.to_owned());
        }
    }
    if analysts.is_empty()
        && let Some(a) = doc.sheet.analyst.as_deref().map(str::trim)
        && !a.is_empty()
    {
        analysts.push(a.to_owned());
    }
    analysts
}

impl ArticleReport {
    /// One article's part of the report: its claims the filter keeps, in
    /// article order.
    fn of(doc: &Doc, counts: Counts, slug: String, options: &Options) -> ArticleReport {
        let mut claims: Vec<&Claim> = doc
            .sheet
            .claims
            .iter()
            .filter(|c| options.filter.is_none_or(|f| f.matches(c)))
            .collect();
        claims.sort_by_key(|c| {
            (
                c.anchor.start,
                c.anchor.end,
                id_number(&c.id).unwrap_or(u64::MAX),
            )
        });
        let title = doc
            .sheet
            .title
            .clone()
            .filter(|t| !t.trim().is_empty())
            .unwrap_or_else(|| doc.article.title.clone());
        let places = Places::of(&doc.article);
        ArticleReport {
            title,
            file: shown_path(&doc.article.path, options.root.as_deref()),
            sheet: shown_path(&doc.sheet_path, options.root.as_deref()),
            source_url: nonblank(&doc.sheet.source_url),
            published: nonblank(&doc.sheet.published),
            sha256: doc.article.sha256.clone(),
            article_changed: doc.article_changed(),
            analysts: analysts_of(doc),
            counts: Tally::of(counts),
            shown: claims.len(),
            claims: claims
                .into_iter()
                .map(|c| {
                    let mut r = claim_report(c, places.of_offset(c.anchor.start), &slug);
                    r.prior = prior_lines(options, &c.text);
                    r
                })
                .collect(),
            slug,
        }
    }
}

/// Paragraph and line of offsets, as [`Article::position_of`] gives them;
/// the article is scanned once here rather than once per claim.
struct Places {
    paragraph_starts: Vec<usize>,
    newlines: Vec<usize>,
    chars: usize,
}

impl Places {
    fn of(article: &Article) -> Places {
        Places {
            paragraph_starts: article.paragraphs().into_iter().map(|(s, _)| s).collect(),
            newlines: article
                .text
                .chars()
                .enumerate()
                .filter(|&(_, c)| c == '\n')
                .map(|(i, _)| i)
                .collect(),
            chars: article.char_len(),
        }
    }

    fn of_offset(&self, cp: usize) -> (usize, usize) {
        let para = self.paragraph_starts.partition_point(|&s| s <= cp);
        let line = self.newlines.partition_point(|&n| n < cp.min(self.chars)) + 1;
        (para.max(1), line)
    }
}

fn claim_report(c: &Claim, (paragraph, line): (usize, usize), slug: &str) -> ClaimReport {
    ClaimReport {
        id: c.id.clone(),
        paragraph,
        line,
        start: c.anchor.start,
        end: c.anchor.end,
        speaker: nonblank(&c.speaker),
        kind: c.kind.map(|k| k.as_str()),
        text: c.text.clone(),
        status: c.status,
        reviewed: c.is_reviewed(),
        needs_review: c.is_reviewed() && c.needs_review,
        disputes: c.disputes.clone(),
        pending: c.pending,
        reviewed_at: c.reviewed_at.map(|s| s.to_rfc3339()),
        reviewed_by: if c.is_reviewed() {
            nonblank(&c.reviewed_by)
        } else {
            None
        },
        note: c.note.clone(),
        sources: c.sources.clone(),
        anchor: format!("{slug}-{}", slugify(&c.id)),
        prior: Vec::new(),
    }
}

/// The value unless it is missing or blank (kept exactly, not trimmed).
fn nonblank(s: &Option<String>) -> Option<String> {
    s.as_deref()
        .filter(|s| !s.trim().is_empty())
        .map(str::to_owned)
}

/// A path as an export shows it: relative to `root` when under it, else the
/// file name (never the absolute path of the analyst's machine).
fn shown_path(path: &Path, root: Option<&Path>) -> String {
    if let Some(rel) = root.and_then(|r| path.strip_prefix(r).ok())
        && !rel.as_os_str().is_empty()
    {
        return rel
            .components()
            .map(|c| c.as_os_str().to_string_lossy())
            .collect::<Vec<_>>()
            .join("/");
    }
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string())
}

/// Lower-case ASCII letters, digits and single dashes: safe as an HTML id
/// and a URL fragment.
fn slugify(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    while out.ends_with('-') {
        out.pop();
    }
    if out.is_empty() {
        out.push('x');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    pub(super) fn at(s: &str) -> Stamp {
        Stamp::parse(s).unwrap()
    }

    /// A small document with every field filled and hostile text.
    pub(super) fn hostile_doc() -> Doc {
        let text = "Headline\n\nAlice said <script>alert(1)</script> & \"quotes\".\n\n=HYPERLINK(\"http://evil\")\n";
        let article = Article::from_text("/tmp/x/story.txt", text);
        let s = text.find("<script>").unwrap();
        let e = text.find(".\n\n=").unwrap();
        let mut a = Claim::new("", text, s, e);
        a.speaker = Some("Alice".into());
        a.set_status(Status::Denied, "ana", at("2026-11-28T10:00:00Z"));
        a.note = "line one\nline two \u{1b}[31m".into();
        a.sources = vec![
            "https://example.org/a?b=1&c=\"2\"".into(),
            "javascript:alert(1)".into(),
        ];
        let s = text.find("=HYP").unwrap();
        let b = Claim::new("", text, s, text.len() - 1);
        Doc::new_for(article, vec![a, b])
    }

    #[test]
    fn places_agree_with_position_of() {
        for text in [
            "P one\n\nP two\nstill two\n\nP three\n",
            "One a line.\nTwo é“x”.\n\n\nThree\n",
            "\n\nLeading blank lines\nthen text",
        ] {
            let a = Article::from_text("a.txt", text);
            let places = Places::of(&a);
            for cp in 0..=a.char_len() + 2 {
                assert_eq!(places.of_offset(cp), a.position_of(cp), "{text:?} at {cp}");
            }
        }
    }

    #[test]
    fn formats_parse_and_name() {
        for f in Format::ALL {
            assert_eq!(f.name().parse::<Format>(), Ok(f));
        }
        assert!("pdf".parse::<Format>().unwrap_err().contains("expected md"));
    }

    #[test]
    fn helpers() {
        assert_eq!(slugify("Karzai Taliban—talks!"), "karzai-taliban-talks");
        assert_eq!(slugify("é"), "x");
        assert_eq!(
            shown_path(Path::new("/a/b/c.txt"), Some(Path::new("/a"))),
            "b/c.txt"
        );
        assert_eq!(shown_path(Path::new("/a/b/c.txt"), None), "c.txt");
    }

    #[test]
    fn report_counts_filters_and_orders() {
        let doc = hostile_doc();
        let mut opts = Options::new(at("2026-11-28T12:00:00Z"));
        let r = Report::build(&[&doc], &opts);
        assert_eq!(r.shown, 2);
        assert_eq!(r.counts.total, 2);
        assert_eq!(r.counts.denied, 1);
        assert_eq!(r.counts.progress, 0.5);
        assert_eq!(r.articles[0].file, "story.txt");
        assert_eq!(r.articles[0].analysts, vec!["ana"]);
        assert_eq!(r.articles[0].claims[0].anchor, "story-c1");
        assert_eq!(r.articles[0].claims[1].verdict(), "not reviewed");
        assert_eq!(
            (
                r.articles[0].claims[1].paragraph,
                r.articles[0].claims[1].line
            ),
            (3, 5)
        );
        opts.filter = Some(StatusFilter::Verdict(Verdict::NotReviewed));
        let r = Report::build(&[&doc, &doc], &opts);
        assert_eq!((r.shown, r.counts.total), (2, 4));
        assert_eq!(r.articles[1].slug, "story-2");
        assert_eq!(r.filter, Some("not reviewed"));
    }

    #[test]
    fn output_path_is_beside_the_sheet() {
        let doc = hostile_doc();
        assert_eq!(
            output_path_for(&doc, Format::ClaimReview),
            PathBuf::from("/tmp/x/story.verification.jsonld")
        );
    }
}
