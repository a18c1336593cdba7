//! schema.org ClaimReview JSON-LD, as fact-checkers publish it (and as
//! Google's Fact Check tools read it): a JSON array with one ClaimReview per
//! reviewed claim. Claims never reviewed have no verdict to publish, and a
//! verdict given on an earlier version of the text is not one to publish:
//! both are left out; [`super::Output::left_out`] counts them.
//!
//! `<`, `>` and `&` are written as `\u003c`, `\u003e`, `\u0026` (still the
//! same JSON), so the output can be pasted into a
//! `<script type="application/ld+json">` element without closing it early.

use serde::Serialize;

use super::{ArticleReport, ClaimReport, Options, Report, invalid};
use crate::domain::Status;

#[derive(Serialize)]
struct ClaimReview<'a> {
    #[serde(rename = "@context")]
    context: &'static str,
    #[serde(rename = "@type")]
    kind: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    url: Option<String>,
    #[serde(rename = "claimReviewed")]
    claim_reviewed: &'a str,
    #[serde(rename = "datePublished")]
    date_published: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    author: Option<Agent>,
    #[serde(rename = "reviewRating")]
    review_rating: Rating,
    #[serde(rename = "itemReviewed")]
    item_reviewed: ItemReviewed<'a>,
    #[serde(rename = "reviewBody", skip_serializing_if = "Option::is_none")]
    review_body: Option<&'a str>,
}

#[derive(Serialize)]
struct Agent {
    #[serde(rename = "@type")]
    kind: &'static str,
    name: String,
}

#[derive(Serialize)]
struct Rating {
    #[serde(rename = "@type")]
    kind: &'static str,
    #[serde(rename = "ratingValue")]
    rating_value: u8,
    #[serde(rename = "bestRating")]
    best_rating: u8,
    #[serde(rename = "worstRating")]
    worst_rating: u8,
    #[serde(rename = "alternateName")]
    alternate_name: &'static str,
}

#[derive(Serialize)]
struct ItemReviewed<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    author: Option<Agent>,
    #[serde(rename = "datePublished", skip_serializing_if = "Option::is_none")]
    date_published: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    appearance: Option<Appearance<'a>>,
}

#[derive(Serialize)]
struct Appearance<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    url: &'a str,
    headline: &'a str,
}

/// The rating of a verdict: confirmed 3, unconfirmed 2, denied 1.
pub fn rating(status: Status) -> (u8, &'static str) {
    match status {
        Status::Confirmed => (3, "Confirmed"),
        Status::Unconfirmed => (2, "Unconfirmed"),
        Status::Denied => (1, "Denied"),
    }
}

/// Person or Organization for a speaker, by a simple heuristic: "the ...",
/// a plural group noun ("diplomats", "officials"), or a word such as
/// Embassy, Council or Ministry makes an Organization; anything else (a
/// name) a Person.
pub fn speaker_kind(speaker: &str) -> &'static str {
    const ORG_WORDS: [&str; 40] = [
        "embassy",
        "council",
        "ministry",
        "ministries",
        "government",
        "department",
        "office",
        "agency",
        "committee",
        "commission",
        "parliament",
        "congress",
        "senate",
        "party",
        "union",
        "army",
        "police",
        "military",
        "forces",
        "court",
        "bank",
        "company",
        "corporation",
        "inc",
        "ltd",
        "university",
        "association",
        "organization",
        "organisation",
        "federation",
        "institute",
        "foundation",
        "group",
        "alliance",
        "coalition",
        "authority",
        "authorities",
        "administration",
        "nato",
        "un",
    ];
    let s = speaker.trim();
    let lower = s.to_lowercase();
    if lower.starts_with("the ") {
        return "Organization";
    }
    let words: Vec<&str> = lower
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    if words.iter().any(|w| ORG_WORDS.contains(w)) {
        return "Organization";
    }
    // A plural common noun: "envoys", "Western diplomats", "US officials".
    let last_word_original = s
        .split(|c: char| !c.is_alphanumeric())
        .rfind(|w| !w.is_empty())
        .unwrap_or("");
    let lower_case_noun = last_word_original
        .chars()
        .next()
        .is_some_and(char::is_lowercase);
    if lower_case_noun && last_word_original.len() > 3 && last_word_original.ends_with('s') {
        return "Organization";
    }
    "Person"
}

pub(super) fn render(r: &Report, options: &Options) -> super::Result<(String, usize)> {
    let mut reviews = Vec::new();
    let mut left_out = 0;
    for a in &r.articles {
        for c in &a.claims {
            if !c.verdict_is_current() {
                left_out += 1;
                continue;
            }
            reviews.push(review(r, a, c, options));
        }
    }
    let json = serde_json::to_string_pretty(&reviews).map_err(|e| invalid("ClaimReview", e))?;
    let mut out = String::with_capacity(json.len() + 64);
    for ch in json.chars() {
        match ch {
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            '\u{2028}' => out.push_str("\\u2028"),
            '\u{2029}' => out.push_str("\\u2029"),
            c => out.push(c),
        }
    }
    out.push('\n');
    Ok((out, left_out))
}

fn review<'a>(
    r: &'a Report,
    a: &'a ArticleReport,
    c: &'a ClaimReport,
    options: &Options,
) -> ClaimReview<'a> {
    let author = match (&options.organisation, &options.analyst) {
        (Some(org), _) => Some(Agent {
            kind: "Organization",
            name: org.clone(),
        }),
        (None, Some(analyst)) => Some(Agent {
            kind: "Person",
            name: analyst.clone(),
        }),
        (None, None) => c
            .reviewed_by
            .clone()
            .or_else(|| a.analysts.first().cloned())
            .map(|name| Agent {
                kind: "Person",
                name,
            }),
    };
    let url = options.publish_url.as_deref().map(|base| {
        let base = base.split('#').next().unwrap_or(base);
        format!("{base}#{}", c.anchor)
    });
    let (value, name) = rating(c.status);
    ClaimReview {
        context: "https://schema.org",
        kind: "ClaimReview",
        url,
        claim_reviewed: &c.text,
        date_published: &r.generated_date,
        author,
        review_rating: Rating {
            kind: "Rating",
            rating_value: value,
            best_rating: 3,
            worst_rating: 1,
            alternate_name: name,
        },
        item_reviewed: ItemReviewed {
            kind: "Claim",
            author: c.speaker.as_deref().map(|s| Agent {
                kind: speaker_kind(s),
                name: s.to_owned(),
            }),
            date_published: a.published.as_deref(),
            appearance: a.source_url.as_deref().map(|url| Appearance {
                kind: "CreativeWork",
                url,
                headline: &a.title,
            }),
        },
        review_body: Some(c.note.trim()).filter(|n| !n.is_empty()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::export::tests::{at, hostile_doc};
    use crate::domain::export::{Format, render};

    #[test]
    fn speakers_person_or_organization() {
        for org in [
            "the US Embassy in Afghanistan",
            "The White House",
            "envoys",
            "diplomats",
            "Western diplomats",
            "UN Security Council",
            "Ministry of Defence",
            "NATO",
        ] {
            assert_eq!(speaker_kind(org), "Organization", "{org}");
        }
        for person in [
            "Hamid Karzai",
            "Robert Gates",
            "Alice",
            "James Jones",
            "Chris",
        ] {
            assert_eq!(speaker_kind(person), "Person", "{person}");
        }
    }

    #[test]
    fn reviewed_claims_only_and_safe_to_embed() {
        let doc = hostile_doc();
        let mut opts = Options::new(at("2026-11-28T12:00:00Z"));
        opts.organisation = Some("Fact Desk".into());
        opts.publish_url = Some("https://facts.example/r/1#old".into());
        let out = render(&[&doc], Format::ClaimReview, &opts).unwrap();
        assert_eq!(out.left_out, 1);
        assert!(!out.text.contains('<') && !out.text.contains('&'));
        let v: serde_json::Value = serde_json::from_str(&out.text).unwrap();
        let list = v.as_array().unwrap();
        assert_eq!(list.len(), 1);
        let cr = &list[0];
        assert_eq!(
            cr["claimReviewed"],
            "<script>alert(1)</script> & \"quotes\""
        );
        assert_eq!(cr["url"], "https://facts.example/r/1#story-c1");
        assert_eq!(cr["author"]["@type"], "Organization");
        assert_eq!(cr["reviewRating"]["ratingValue"], 1);
        assert_eq!(cr["reviewRating"]["alternateName"], "Denied");
        assert_eq!(cr["datePublished"], "2026-11-28");
        assert_eq!(cr["itemReviewed"]["author"]["@type"], "Person");
        assert_eq!(cr.get("itemReviewed").unwrap().get("appearance"), None);
    }
}
