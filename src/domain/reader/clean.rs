//! Paragraph clean-up shared by every source: whitespace normalised,
//! boilerplate lines ("Read more", "Watch the video", share prompts)
//! dropped, repeated paragraphs removed. Quotes and dashes stay as written.

use std::collections::HashSet;

/// Collapse every run of whitespace (including no-break and zero-width
/// spaces) to one space and drop control characters.
pub fn normalise(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut space = false;
    for c in s.chars() {
        let c = match c {
            '\u{200b}' | '\u{200c}' | '\u{200d}' | '\u{2060}' | '\u{feff}' | '\u{ad}' => continue,
            c if c.is_whitespace() => ' ',
            c if c.is_control() => continue,
            c => c,
        };
        if c == ' ' {
            space = !out.is_empty();
            continue;
        }
        if space {
            out.push(' ');
            space = false;
        }
        out.push(c);
    }
    out
}

/// Lines that are page furniture, not article text (lower-cased prefixes).
const BOILERPLATE: &[&str] = &[
    "read more",
    "read next",
    "read also",
    "read the full",
    "related:",
    "related stories",
    "related articles",
    "more stories",
    "most read",
    "watch the video",
    "watch:",
    "watch video",
    "video:",
    "listen to this article",
    "share this",
    "share on",
    "share article",
    "click here to",
    "sign up for",
    "subscribe to",
    "advertisement",
    "sponsored",
    "follow us on",
    "image:",
    "photo:",
    "image caption",
    "media caption",
    "skip advertisement",
    "continue reading",
    "story continues below",
    "this article was",
];

/// Whether a paragraph is furniture: a line starting with one of
/// [`BOILERPLATE`] that ends there, goes on after a colon or a separator,
/// or is a short phrase without a full stop ("Share on Facebook"); or a
/// credit line like "(Photo by …)". "Read more about the plan, the minister
/// said." is a sentence and stays.
pub fn is_boilerplate(p: &str) -> bool {
    let words = p.split_whitespace().count();
    if words > 14 {
        return false;
    }
    let lower = p.to_lowercase();
    let lower = lower.trim_start_matches(['(', '[', '•', '-', '–', '—', ' ', '▶', '►']);
    let phrase = words <= 6 && !lower.trim_end().ends_with(['.', '!', '?', '"', '”']);
    let furniture = BOILERPLATE.iter().any(|b| {
        lower.strip_prefix(b).is_some_and(|rest| {
            let rest = rest.trim_start();
            b.ends_with(':')
                || rest.is_empty()
                || rest.starts_with([':', '|', '»', '›', '>', '-', '–', '—'])
                || phrase
        })
    });
    furniture
        || (lower.starts_with("photo") && lower.contains(" by "))
        || lower.starts_with("getty images")
        || lower == "share"
}

/// Repeated paragraphs up to this many words are dropped (pull quotes,
/// teasers, captions shown twice); longer ones are kept, since a long
/// paragraph said twice is more likely the article's own text.
const MAX_REPEAT_WORDS: usize = 40;

/// Clean paragraphs: normalised, furniture and short exact repeats
/// dropped, empty ones gone.
pub fn clean_paragraphs<'a>(raw: impl IntoIterator<Item = &'a str>) -> Vec<String> {
    let mut seen = HashSet::new();
    let mut out = Vec::new();
    for p in raw {
        let p = normalise(p);
        if p.is_empty() || is_boilerplate(&p) {
            continue;
        }
        let short = p.split_whitespace().count() <= MAX_REPEAT_WORDS;
        if !short || seen.insert(p.to_lowercase()) {
            out.push(p);
        }
    }
    out
}

/// The article file: headline, blank line, paragraphs separated by a blank
/// line, a final newline. A first paragraph equal to the headline is not
/// repeated.
pub fn article_text(title: Option<&str>, paragraphs: &[String]) -> String {
    let mut parts: Vec<&str> = Vec::with_capacity(paragraphs.len() + 1);
    if let Some(t) = title.filter(|t| !t.trim().is_empty()) {
        parts.push(t);
    }
    for p in paragraphs {
        if parts.first().is_some_and(|t| *t == p) && parts.len() == 1 {
            continue;
        }
        parts.push(p);
    }
    let mut out = parts.join("\n\n");
    out.push('\n');
    out
}
