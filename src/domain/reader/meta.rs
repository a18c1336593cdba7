//! Metadata beyond what Readability reports: news pages carry the author,
//! the date and the publisher in Open Graph / `article:*` tags, `<meta
//! name>` tags, schema.org microdata and `<time>` elements. Readability's
//! own values (from JSON-LD and the common tags) come first; these fill
//! the gaps. Dates are normalised to `YYYY-MM-DD` or RFC 3339.

use dom_query::Document;

use super::clean::normalise;

/// Fallback values read from the original page before Readability
/// rewrites it.
#[derive(Debug, Default)]
pub struct Extra {
    pub title: Option<String>,
    authors: Vec<String>,
    dates: Vec<String>,
    sites: Vec<String>,
    languages: Vec<String>,
}

const AUTHOR_META: &[&str] = &[
    "meta[name=author]",
    "meta[property='article:author']",
    "meta[name='article:author']",
    "meta[name='sailthru.author']",
    "meta[name='parsely-author']",
    "meta[name='dc.creator']",
    "meta[name='DC.creator']",
    "meta[property='og:article:author']",
];
const AUTHOR_ELEMENTS: &str =
    "[itemprop=author] [itemprop=name], [rel=author], .byline__name, .author-name, .byline";
const DATE_META: &[&str] = &[
    "meta[property='article:published_time']",
    "meta[name='article:published_time']",
    "meta[property='og:article:published_time']",
    "meta[itemprop=datePublished]",
    "meta[name=pubdate]",
    "meta[name='publish-date']",
    "meta[name='publication_date']",
    "meta[name=date]",
    "meta[name='dc.date']",
    "meta[name='DC.date.issued']",
    "meta[name='sailthru.date']",
    "meta[name='parsely-pub-date']",
];
const SITE_META: &[&str] = &[
    "meta[property='og:site_name']",
    "meta[name='application-name']",
    "meta[name='publisher']",
];

impl Extra {
    pub fn of(doc: &Document) -> Extra {
        let content = |sel: &str| -> Vec<String> {
            doc.select(sel)
                .iter()
                .filter_map(|n| n.attr("content"))
                .map(|v| normalise(&v))
                .filter(|v| !v.is_empty())
                .collect()
        };
        let mut authors: Vec<String> = AUTHOR_META.iter().flat_map(|s| content(s)).collect();
        authors.extend(
            doc.select(AUTHOR_ELEMENTS)
                .iter()
                .map(|n| normalise(&n.text()))
                .filter(|t| !t.is_empty() && t.split_whitespace().count() <= 8),
        );
        let mut dates: Vec<String> = DATE_META.iter().flat_map(|s| content(s)).collect();
        dates.extend(
            doc.select("time[datetime]")
                .iter()
                .filter_map(|n| n.attr("datetime"))
                .map(|v| v.trim().to_owned()),
        );
        let sites = SITE_META.iter().flat_map(|s| content(s)).collect();
        let mut languages: Vec<String> = doc
            .select("html[lang]")
            .iter()
            .filter_map(|n| n.attr("lang"))
            .map(|v| v.trim().to_owned())
            .collect();
        languages.extend(content("meta[http-equiv='content-language']"));
        languages.extend(content("meta[property='og:locale']"));
        let title = content("meta[property='og:title']").into_iter().next();
        Extra {
            title,
            authors,
            dates,
            sites,
            languages,
        }
    }

    /// The authors: Readability's byline, else the first name in the tags.
    pub fn byline(&self, found: Option<&str>) -> Option<String> {
        found
            .into_iter()
            .chain(self.authors.iter().map(String::as_str))
            .filter_map(clean_byline)
            .next()
    }

    pub fn published(&self, found: Option<&str>) -> Option<String> {
        found
            .into_iter()
            .chain(self.dates.iter().map(String::as_str))
            .find_map(normalise_date)
    }

    pub fn site(&self, found: Option<&str>) -> Option<String> {
        found
            .into_iter()
            .chain(self.sites.iter().map(String::as_str))
            .map(normalise)
            .find(|s| !s.is_empty())
    }

    pub fn language(&self, found: Option<&str>) -> Option<String> {
        found
            .into_iter()
            .chain(self.languages.iter().map(String::as_str))
            .find_map(language_tag)
    }
}

/// "By Jane Doe and John Roe" → "Jane Doe and John Roe"; web addresses
/// (some sites give the author's page) are left out, and a byline that is
/// only an address is none.
fn clean_byline(s: &str) -> Option<String> {
    let words: Vec<&str> = s
        .split_whitespace()
        .filter(|w| !(w.contains("://") || w.starts_with("www.") || w.starts_with("(http")))
        .collect();
    let s = normalise(&words.join(" "));
    let s = s.trim_matches(|c: char| c == '(' || c == ')' || c == ',' || c.is_whitespace());
    if !s.chars().any(char::is_alphabetic) || s.chars().count() > 200 {
        return None;
    }
    let s = match s.get(..3) {
        Some(by) if by.eq_ignore_ascii_case("by ") => s[3..].trim(),
        _ => s,
    };
    (!s.is_empty()).then(|| s.to_owned())
}

/// A headline with its whitespace normalised.
pub fn normalise_title(s: &str) -> String {
    normalise(s)
}

/// `YYYY-MM-DD` for a bare date or a local date-time, RFC 3339 (seconds,
/// offset) for a date-time with an offset; `None` for what is not a date.
pub fn normalise_date(s: &str) -> Option<String> {
    use chrono::{DateTime, NaiveDate, NaiveDateTime};
    let s = s.trim();
    if let Ok(dt) = DateTime::parse_from_rfc3339(s) {
        return Some(dt.to_rfc3339_opts(chrono::SecondsFormat::Secs, true));
    }
    for fmt in [
        "%Y-%m-%dT%H:%M:%S%.f%z",
        "%Y-%m-%dT%H:%M%z",
        "%Y-%m-%d %H:%M:%S%.f%z",
    ] {
        if let Ok(dt) = DateTime::parse_from_str(s, fmt) {
            return Some(dt.to_rfc3339_opts(chrono::SecondsFormat::Secs, true));
        }
    }
    if let Ok(dt) = DateTime::parse_from_rfc2822(s) {
        return Some(dt.to_rfc3339_opts(chrono::SecondsFormat::Secs, true));
    }
    for fmt in [
        "%Y-%m-%dT%H:%M:%S%.f",
        "%Y-%m-%dT%H:%M",
        "%Y-%m-%d %H:%M:%S",
    ] {
        if let Ok(dt) = NaiveDateTime::parse_from_str(s, fmt) {
            return Some(dt.date().format("%Y-%m-%d").to_string());
        }
    }
    let head = s.get(..10)?;
    NaiveDate::parse_from_str(head, "%Y-%m-%d")
        .ok()
        .map(|d| d.format("%Y-%m-%d").to_string())
}

/// `en_US` → `en-US`; anything that is not a plausible tag → `None`.
fn language_tag(s: &str) -> Option<String> {
    let tag = s.trim().replace('_', "-");
    let ok = !tag.is_empty()
        && tag.len() <= 35
        && tag.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        && tag
            .split('-')
            .next()
            .is_some_and(|p| (2..=3).contains(&p.len()));
    ok.then_some(tag)
}
