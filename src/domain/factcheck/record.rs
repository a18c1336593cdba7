//! One published fact-check, normalised from whatever format it came in.

use serde::{Deserialize, Serialize};

use super::verdict::Verdict;

/// A fact-check as the library keeps it (one JSON Lines line).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Record {
    /// The claim that was checked, in the fact-checker's words.
    pub claim_reviewed: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub claimant: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub claim_date: Option<String>,
    /// The rating as published ("Pants on Fire", "Mostly False", ...).
    #[serde(default)]
    pub rating: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rating_value: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub best_rating: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub worst_rating: Option<f64>,
    /// The rating mapped to one of the common verdicts.
    #[serde(default)]
    pub verdict: Verdict,
    #[serde(default)]
    pub publisher: String,
    #[serde(default)]
    pub url: String,
    /// When the fact-check was published.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub review_date: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub language: Option<String>,
    /// The fact-check's headline, when known (matched as well).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
}

impl Record {
    /// A record with only its claim and rating; the rest empty.
    pub fn new(claim_reviewed: &str, rating: &str) -> Record {
        Record {
            claim_reviewed: claim_reviewed.to_owned(),
            claimant: None,
            claim_date: None,
            rating: rating.to_owned(),
            rating_value: None,
            best_rating: None,
            worst_rating: None,
            verdict: Verdict::from_rating(rating, None),
            publisher: String::new(),
            url: String::new(),
            review_date: None,
            language: None,
            title: None,
        }
    }

    /// What identifies a fact-check in the library: its url and claim.
    pub fn key(&self) -> (&str, &str) {
        (&self.url, &self.claim_reviewed)
    }

    /// The date shown beside the verdict: the review's, else the claim's.
    pub fn date(&self) -> Option<&str> {
        self.review_date
            .as_deref()
            .or(self.claim_date.as_deref())
            .map(|d| d.get(..10).unwrap_or(d))
    }

    /// "PolitiFact, False (2019-05-02)".
    pub fn summary(&self) -> String {
        let publisher = if self.publisher.is_empty() {
            "unknown publisher"
        } else {
            &self.publisher
        };
        let rating = if self.rating.is_empty() {
            self.verdict.label()
        } else {
            &self.rating
        };
        match self.date() {
            Some(d) => format!("{publisher}, {rating} ({d})"),
            None => format!("{publisher}, {rating}"),
        }
    }
}
