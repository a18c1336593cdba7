//! Fact-checks from CSV with named columns: `claim` and `rating` required;
//! `publisher`, `url`, `date`, `language`, `claimant`, `title` when present.

use super::import::{Bad, FormatError, Imported};
use super::record::Record;
use super::verdict::Verdict;

const COLUMNS: &[&str] = &[
    "claim",
    "rating",
    "publisher",
    "url",
    "date",
    "language",
    "claimant",
    "title",
];

pub fn parse(text: &str) -> Result<Imported, FormatError> {
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .from_reader(text.as_bytes());
    let headers = reader
        .headers()
        .map_err(|e| FormatError::Unknown(format!("not CSV: {e}")))?
        .clone();
    let column: Vec<Option<usize>> = COLUMNS
        .iter()
        .map(|name| {
            headers
                .iter()
                .position(|h| h.trim().eq_ignore_ascii_case(name))
        })
        .collect();
    let (Some(claim), Some(rating)) = (column[0], column[1]) else {
        return Err(FormatError::Unknown(
            "not a fact-check format: JSON, HTML, or CSV whose header names `claim` and `rating`"
                .into(),
        ));
    };
    let mut out = Imported::default();
    for row in reader.records() {
        let row = match row {
            Ok(r) => r,
            Err(e) => {
                let line = e.position().map_or(0, csv::Position::line);
                out.bad.push(Bad {
                    position: format!("line {line}"),
                    reason: e.to_string(),
                });
                continue;
            }
        };
        let line = row.position().map_or(0, csv::Position::line);
        let get = |k: usize| {
            column[k]
                .and_then(|i| row.get(i))
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_owned)
        };
        let Some(text) = get(0).filter(|_| row.get(claim).is_some()) else {
            out.bad.push(Bad {
                position: format!("line {line}"),
                reason: "no claim".into(),
            });
            continue;
        };
        let rating_text = if row.get(rating).is_some() {
            get(1).unwrap_or_default()
        } else {
            String::new()
        };
        out.records.push(Record {
            claim_reviewed: text,
            verdict: Verdict::from_rating(&rating_text, None),
            rating: rating_text,
            publisher: get(2).unwrap_or_default(),
            url: get(3).unwrap_or_default(),
            review_date: get(4),
            language: get(5),
            claimant: get(6),
            title: get(7),
            ..Record::new("", "")
        });
    }
    Ok(out)
}
