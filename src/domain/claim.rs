//! A claim: who said what, where in the article, and the analyst's verdict.

use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, FixedOffset, SecondsFormat, Utc};
use serde::{Deserialize, Serialize};

/// The verdict on a claim. A new claim is `Unconfirmed` and has no review
/// stamp; "not yet reviewed" is `reviewed_at == None`, not a status.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, Default,
)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Confirmed,
    #[default]
    Unconfirmed,
    Denied,
}

impl Status {
    pub const ALL: [Status; 3] = [Status::Confirmed, Status::Unconfirmed, Status::Denied];

    pub fn as_str(self) -> &'static str {
        match self {
            Status::Confirmed => "confirmed",
            Status::Unconfirmed => "unconfirmed",
            Status::Denied => "denied",
        }
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Status {
    type Err = String;
    fn from_str(s: &str) -> Result<Status, String> {
        match s.trim().to_ascii_lowercase().as_str() {
            "confirmed" => Ok(Status::Confirmed),
            "unconfirmed" => Ok(Status::Unconfirmed),
            "denied" => Ok(Status::Denied),
            other => Err(format!(
                "unknown status '{other}': expected confirmed, unconfirmed or denied"
            )),
        }
    }
}

/// What sort of claim the extractor took it for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ClaimKind {
    /// A direct quote.
    Quote,
    /// Reported (indirect) speech.
    Reported,
    /// A factual statement in the reporter's voice.
    Statement,
    /// A number, quantity or statistic.
    Statistic,
}

impl ClaimKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ClaimKind::Quote => "quote",
            ClaimKind::Reported => "reported",
            ClaimKind::Statement => "statement",
            ClaimKind::Statistic => "statistic",
        }
    }
}

impl FromStr for ClaimKind {
    type Err = String;
    fn from_str(s: &str) -> Result<ClaimKind, String> {
        match s {
            "quote" => Ok(ClaimKind::Quote),
            "reported" => Ok(ClaimKind::Reported),
            "statement" => Ok(ClaimKind::Statement),
            "statistic" => Ok(ClaimKind::Statistic),
            other => Err(format!(
                "unknown kind '{other}': expected quote, reported, statement or statistic"
            )),
        }
    }
}

/// A moment, kept with its UTC offset and written as RFC 3339 to the second.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Stamp(pub DateTime<FixedOffset>);

impl Stamp {
    pub fn now() -> Stamp {
        let now = Utc::now();
        // Whole seconds: what the sheet keeps, so a saved stamp loads equal.
        let secs = now.timestamp();
        let at = DateTime::from_timestamp(secs, 0).unwrap_or(now);
        Stamp(at.fixed_offset())
    }

    pub fn parse(s: &str) -> Result<Stamp, String> {
        DateTime::parse_from_rfc3339(s.trim())
            .map(Stamp)
            .map_err(|e| format!("'{s}' is not an RFC 3339 date-time: {e}"))
    }

    pub fn to_rfc3339(&self) -> String {
        self.0.to_rfc3339_opts(SecondsFormat::AutoSi, true)
    }
}

impl fmt::Display for Stamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_rfc3339())
    }
}

impl Serialize for Stamp {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.to_rfc3339())
    }
}

/// Where a claim sits in the article: code-point offsets plus a quote
/// selector (the exact text and up to [`CONTEXT`] characters either side),
/// so the claim can be found again if the article is edited.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Default)]
pub struct Anchor {
    pub start: usize,
    pub end: usize,
    /// The article's text between `start` and `end`.
    pub quote: String,
    pub prefix: String,
    pub suffix: String,
}

/// Characters of context kept either side of a quote.
pub const CONTEXT: usize = 32;

impl Anchor {
    /// The anchor for `start..end` in `text` (code-point offsets, clamped).
    /// Walks `text` up to `end` plus the context; for many anchors in one
    /// text, [`Anchor::from_chars`] on its characters costs only each span.
    pub fn from_text(text: &str, start: usize, end: usize) -> Anchor {
        let upto: Vec<char> = text.chars().take(end.saturating_add(CONTEXT)).collect();
        Anchor::from_chars(&upto, start, end)
    }

    /// The anchor for `start..end` in `chars` (code-point offsets, clamped):
    /// reads only the quote and its context, so anchoring every claim of an
    /// article is linear in the article.
    pub fn from_chars(chars: &[char], start: usize, end: usize) -> Anchor {
        let start = start.min(chars.len());
        let end = end.clamp(start, chars.len());
        let collect = |a: usize, b: usize| chars[a..b].iter().collect::<String>();
        Anchor {
            start,
            end,
            quote: collect(start, end),
            prefix: collect(start.saturating_sub(CONTEXT), start),
            suffix: collect(end, (end + CONTEXT).min(chars.len())),
        }
    }
}

/// One change to a claim, appended to its history.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct Change {
    pub at: Stamp,
    pub by: String,
    pub field: String,
    pub from: String,
    pub to: String,
}

/// What is left of a deleted claim, so that "deleted" stays distinguishable
/// from "never existed" and the id is never reused.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct Tombstone {
    pub id: String,
    pub text: String,
    pub deleted_at: Stamp,
    pub by: String,
    /// Dismissed as not a claim at all (`dismissed = true` in the sheet),
    /// rather than deleted: `init --merge` never brings its text back.
    pub dismissed: bool,
}

/// One side of a verdict two analysts set differently at the same time
/// (kept by a merge, `[[claim.dispute]]` in the sheet, until someone
/// settles it).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct Dispute {
    pub at: Stamp,
    pub by: String,
    pub status: Status,
    pub note: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct Claim {
    /// Short and stable: "C1", "C2", ...; never reused.
    pub id: String,
    pub text: String,
    pub speaker: Option<String>,
    pub status: Status,
    pub kind: Option<ClaimKind>,
    /// Check-worthiness from the extractor; None for claims made by hand
    /// and in sheets written before scores were kept.
    pub score: Option<super::Score>,
    pub reviewed_at: Option<Stamp>,
    pub reviewed_by: Option<String>,
    pub note: String,
    pub sources: Vec<String>,
    pub anchor: Anchor,
    /// The claim's text could not be found in the article after it changed:
    /// its offsets are stale, and it is shown apart, never dropped.
    pub orphan: bool,
    /// The article's words inside the claim changed after its verdict was
    /// given: the verdict is kept but must be checked again. Setting a
    /// status clears it.
    pub needs_review: bool,
    pub history: Vec<Change>,
    /// Verdicts in dispute after a merge (empty when settled).
    pub disputes: Vec<Dispute>,
    /// The analyst the claim is assigned to.
    pub assignee: Option<String>,
    /// The verdict waits for a second analyst's approval (second review).
    pub pending: bool,
}

impl Claim {
    /// A new, unreviewed claim anchored at `start..end` of `article_text`.
    pub fn new(id: impl Into<String>, article_text: &str, start: usize, end: usize) -> Claim {
        Claim::anchored(id, Anchor::from_text(article_text, start, end))
    }

    /// A new, unreviewed claim whose text is its anchor's quote.
    pub fn anchored(id: impl Into<String>, anchor: Anchor) -> Claim {
        Claim {
            id: id.into(),
            text: anchor.quote.clone(),
            speaker: None,
            status: Status::Unconfirmed,
            kind: None,
            score: None,
            reviewed_at: None,
            reviewed_by: None,
            note: String::new(),
            sources: Vec::new(),
            anchor,
            orphan: false,
            needs_review: false,
            history: Vec::new(),
            disputes: Vec::new(),
            assignee: None,
            pending: false,
        }
    }

    pub fn is_reviewed(&self) -> bool {
        self.reviewed_at.is_some()
    }

    /// The one-character mark of the claim's state, everywhere it is shown:
    /// ✔ confirmed, ? unconfirmed, ✘ denied, · not reviewed, ! a verdict
    /// given on an earlier version of the text.
    pub fn mark(&self) -> char {
        if !self.is_reviewed() {
            return '·';
        }
        if self.needs_review {
            return '!';
        }
        match self.status {
            Status::Confirmed => '✔',
            Status::Unconfirmed => '?',
            Status::Denied => '✘',
        }
    }

    /// Set the verdict: stamps the review and records the change in history.
    /// Setting the status it already has still stamps it (the analyst looked).
    pub fn set_status(&mut self, status: Status, by: &str, at: Stamp) {
        if self.status != status || !self.is_reviewed() {
            self.history.push(Change {
                at,
                by: by.to_owned(),
                field: "status".into(),
                from: if self.is_reviewed() {
                    self.status.to_string()
                } else {
                    format!("{} (not reviewed)", self.status)
                },
                to: status.to_string(),
            });
        }
        self.status = status;
        self.reviewed_at = Some(at);
        self.reviewed_by = Some(by.to_owned());
        self.needs_review = false;
    }

    /// Take the verdict back: the claim is not reviewed again (its status
    /// back to the default), recorded in history. Returns whether there
    /// was a verdict to take back.
    pub fn clear_verdict(&mut self, by: &str, at: Stamp) -> bool {
        if !self.is_reviewed() {
            return false;
        }
        self.history.push(Change {
            at,
            by: by.to_owned(),
            field: "status".into(),
            from: self.status.to_string(),
            to: format!("{} (not reviewed)", Status::default()),
        });
        self.status = Status::default();
        self.reviewed_at = None;
        self.reviewed_by = None;
        self.needs_review = false;
        self.pending = false;
        true
    }

    /// Is the verdict current: given, and on the article's present words?
    pub fn verdict_is_current(&self) -> bool {
        self.is_reviewed() && !self.needs_review
    }

    /// Change a text field ("note", "text", "speaker") and record it.
    pub fn set_field(&mut self, field: &str, value: String, by: &str, at: Stamp) {
        let old = match field {
            "note" => std::mem::replace(&mut self.note, value.clone()),
            "text" => std::mem::replace(&mut self.text, value.clone()),
            "speaker" => {
                let new = if value.trim().is_empty() {
                    None
                } else {
                    Some(value.clone())
                };
                std::mem::replace(&mut self.speaker, new).unwrap_or_default()
            }
            _ => return,
        };
        if old != value {
            self.history.push(Change {
                at,
                by: by.to_owned(),
                field: field.to_owned(),
                from: old,
                to: value,
            });
        }
    }

    /// Add a source (URL or citation), recorded in history. Blank or duplicate
    /// sources are ignored; returns whether it was added.
    pub fn add_source(&mut self, source: &str, by: &str, at: Stamp) -> bool {
        let source = source.trim();
        if source.is_empty() || self.sources.iter().any(|s| s == source) {
            return false;
        }
        self.sources.push(source.to_owned());
        self.history.push(Change {
            at,
            by: by.to_owned(),
            field: "sources".into(),
            from: String::new(),
            to: source.to_owned(),
        });
        true
    }

    /// Replace source `index` by `source` (trimmed), recorded in history.
    /// Blank, unchanged or duplicate values are ignored; returns whether it
    /// changed.
    pub fn edit_source(&mut self, index: usize, source: &str, by: &str, at: Stamp) -> bool {
        let source = source.trim();
        if index >= self.sources.len()
            || source.is_empty()
            || self.sources.iter().any(|s| s == source)
        {
            return false;
        }
        let from = std::mem::replace(&mut self.sources[index], source.to_owned());
        self.history.push(Change {
            at,
            by: by.to_owned(),
            field: "sources".into(),
            from,
            to: source.to_owned(),
        });
        true
    }

    /// Remove source `index`, recorded in history; returns whether it did.
    pub fn remove_source(&mut self, index: usize, by: &str, at: Stamp) -> bool {
        if index >= self.sources.len() {
            return false;
        }
        let from = self.sources.remove(index);
        self.history.push(Change {
            at,
            by: by.to_owned(),
            field: "sources".into(),
            from,
            to: String::new(),
        });
        true
    }
}

/// The number in an id such as "C12".
pub fn id_number(id: &str) -> Option<u64> {
    id.strip_prefix('C')?.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn anchor_takes_context_either_side() {
        let text = format!("{}QUOTE{}", "p".repeat(40), "s".repeat(40));
        let a = Anchor::from_text(&text, 40, 45);
        assert_eq!(a.quote, "QUOTE");
        assert_eq!(a.prefix, "p".repeat(32));
        assert_eq!(a.suffix, "s".repeat(32));
        let b = Anchor::from_text("ab QUOTE", 3, 99);
        assert_eq!((b.start, b.end, b.quote.as_str()), (3, 8, "QUOTE"));
        assert_eq!(b.prefix, "ab ");
        let chars: Vec<char> = text.chars().collect();
        assert_eq!(Anchor::from_chars(&chars, 40, 45), a);
        assert_eq!(Anchor::from_chars(&chars, 200, 300).quote, "");
        assert_eq!(Anchor::from_chars(&chars, 50, 45).end, 50);
    }

    #[test]
    fn status_stamps_and_history() {
        let mut c = Claim::new("C1", "Some text here.", 0, 9);
        assert!(!c.is_reviewed());
        let at = Stamp::parse("2026-11-28T10:00:00Z").unwrap();
        c.set_status(Status::Unconfirmed, "ana", at);
        assert!(
            c.is_reviewed(),
            "looking at it and finding it unconfirmed is a review"
        );
        assert_eq!(c.history.len(), 1);
        c.set_status(Status::Denied, "bo", at);
        assert_eq!(c.reviewed_by.as_deref(), Some("bo"));
        assert_eq!(c.history[1].from, "unconfirmed");
        assert_eq!(c.history[1].to, "denied");
        c.set_field("note", "line one\nline two".into(), "bo", at);
        c.set_field("note", "line one\nline two".into(), "bo", at);
        assert_eq!(c.history.len(), 3, "an unchanged value adds no history");
        assert!(c.add_source(" https://x.org ", "bo", at));
        assert!(!c.add_source("https://x.org", "bo", at));
        assert_eq!(c.sources, vec!["https://x.org"]);
    }

    #[test]
    fn a_verdict_taken_back_leaves_the_claim_not_reviewed_with_history() {
        let mut c = Claim::new("C1", "Some text here.", 0, 9);
        let at = Stamp::parse("2026-11-28T10:00:00Z").unwrap();
        assert!(!c.clear_verdict("ana", at), "nothing to take back");
        assert!(c.history.is_empty());
        c.set_status(Status::Denied, "ana", at);
        c.needs_review = true;
        assert!(c.clear_verdict("bo", at));
        assert!(!c.is_reviewed() && !c.needs_review);
        assert_eq!(
            (c.status, c.reviewed_by.as_deref()),
            (Status::Unconfirmed, None)
        );
        let last = c.history.last().unwrap();
        assert_eq!((last.by.as_str(), last.field.as_str()), ("bo", "status"));
        assert_eq!(
            (last.from.as_str(), last.to.as_str()),
            ("denied", "unconfirmed (not reviewed)")
        );
    }

    #[test]
    fn status_parses_case_insensitively() {
        assert_eq!("Denied".parse::<Status>(), Ok(Status::Denied));
        assert!(
            "maybe"
                .parse::<Status>()
                .unwrap_err()
                .contains("expected confirmed")
        );
    }
}
