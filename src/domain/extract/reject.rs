//! Sentences that are never claims: captions and links, bylines,
//! datelines, questions and fragments too short to check.

use super::lexicon::{CAPTION_STARTS, MONTHS};
use super::token::Tok;

pub(crate) fn reject_reason(text: &str, toks: &[Tok]) -> Option<&'static str> {
    let lower = text.trim().to_lowercase();
    let words = toks.iter().filter(|t| t.word).count();
    for p in CAPTION_STARTS {
        if let Some(rest) = lower.strip_prefix(p) {
            let next = rest.chars().next();
            if next.is_none_or(|c| !c.is_alphanumeric()) || p.ends_with(':') || p.ends_with(' ') {
                return Some("caption or link");
            }
        }
    }
    if (lower.contains("http://") || lower.contains("https://") || lower.contains("www."))
        && words < 12
    {
        return Some("caption or link");
    }
    // bylines: "By Jane Doe" / "By Jane Doe and John Roe, Reuters"
    if lower.starts_with("by ")
        && words <= 8
        && toks
            .iter()
            .skip(1)
            .filter(|t| t.word)
            .all(|t| t.cap() || t.is("and"))
    {
        return Some("byline");
    }
    if words <= 8 && is_dateline(toks) {
        return Some("dateline");
    }
    let end = text
        .trim_end()
        .trim_end_matches(['"', '”', '’', '\'', ')', ']', ' '])
        .chars()
        .last();
    if end == Some('?') {
        return Some("question");
    }
    let quoted = matches!(
        text.trim_start().chars().next(),
        Some('“' | '"' | '\'' | '‘' | '`')
    );
    if words < 3 || (words < 4 && !quoted) {
        return Some("too short");
    }
    None
}

/// A line made only of a date, time, place in capitals or agency name.
pub(crate) fn is_dateline(toks: &[Tok]) -> bool {
    let words: Vec<&Tok> = toks.iter().filter(|t| t.word).collect();
    !words.is_empty()
        && words.iter().all(|t| {
            MONTHS.contains(&t.lower.as_str())
                || t.lower
                    .chars()
                    .all(|c| c.is_ascii_digit() || c == ',' || c == '.')
                || (t.text.chars().all(|c| !c.is_lowercase()) && t.text.chars().count() > 1)
        })
        && words.iter().any(|t| {
            MONTHS.contains(&t.lower.as_str()) || t.lower.chars().all(|c| c.is_ascii_digit())
        })
}
