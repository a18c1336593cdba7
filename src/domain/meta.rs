//! The article's own facts kept in its sheet (title, source URL,
//! publication date, publisher), set by hand with a history entry for each
//! change: what exports show in their header and ClaimReview gives as the
//! reviewed item's `appearance`.

use super::claim::{Change, Stamp};
use super::sheet::Sheet;

/// One of the article's facts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    Title,
    SourceUrl,
    Published,
    Site,
}

impl Field {
    pub const ALL: [Field; 4] = [
        Field::Title,
        Field::SourceUrl,
        Field::Published,
        Field::Site,
    ];

    /// Its key in the sheet (and in history entries).
    pub fn key(self) -> &'static str {
        match self {
            Field::Title => "title",
            Field::SourceUrl => "source_url",
            Field::Published => "published",
            Field::Site => "site",
        }
    }

    pub fn get(self, sheet: &Sheet) -> Option<&str> {
        match self {
            Field::Title => sheet.title.as_deref(),
            Field::SourceUrl => sheet.source_url.as_deref(),
            Field::Published => sheet.published.as_deref(),
            Field::Site => sheet.site.as_deref(),
        }
    }

    fn slot(self, sheet: &mut Sheet) -> &mut Option<String> {
        match self {
            Field::Title => &mut sheet.title,
            Field::SourceUrl => &mut sheet.source_url,
            Field::Published => &mut sheet.published,
            Field::Site => &mut sheet.site,
        }
    }

    /// Is `value` (trimmed, not blank) fit for this field? The source URL
    /// must be a web address, the date `YYYY-MM-DD` or an RFC 3339 time.
    pub fn check(self, value: &str) -> Result<(), String> {
        match self {
            Field::SourceUrl if !super::link::is_web_url(value) => Err(format!(
                "source URL \"{value}\" is not a web address (http:// or https://)"
            )),
            Field::Published
                if chrono::NaiveDate::parse_from_str(value, "%Y-%m-%d").is_err()
                    && Stamp::parse(value).is_err() =>
            {
                Err(format!(
                    "publication date \"{value}\" is not a date: give YYYY-MM-DD (or an RFC 3339 time)"
                ))
            }
            Field::Title | Field::Site if value.chars().any(char::is_control) => Err(format!(
                "{} must be one line without control characters",
                self.key()
            )),
            _ => Ok(()),
        }
    }
}

/// Set `field` to `value` (trimmed; blank clears it), recorded in the
/// sheet's history. Returns whether it changed; a value that does not fit
/// the field is an error and changes nothing.
pub fn set(
    sheet: &mut Sheet,
    field: Field,
    value: &str,
    by: &str,
    at: Stamp,
) -> Result<bool, String> {
    let value = value.trim();
    let new = if value.is_empty() {
        None
    } else {
        field.check(value)?;
        Some(value.to_owned())
    };
    let slot = field.slot(sheet);
    if *slot == new {
        return Ok(false);
    }
    let from = std::mem::replace(slot, new.clone()).unwrap_or_default();
    sheet.history.push(Change {
        at,
        by: by.to_owned(),
        field: field.key().to_owned(),
        from,
        to: new.unwrap_or_default(),
    });
    Ok(true)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at() -> Stamp {
        Stamp::parse("2026-11-28T10:00:00Z").unwrap()
    }

    #[test]
    fn facts_are_set_checked_and_recorded() {
        let mut s = Sheet::new("a.txt", "x");
        assert_eq!(set(&mut s, Field::Title, " Talks ", "ana", at()), Ok(true));
        assert_eq!(s.title.as_deref(), Some("Talks"));
        assert_eq!(set(&mut s, Field::Title, "Talks", "ana", at()), Ok(false));
        assert_eq!(s.history.len(), 1, "an unchanged value adds no history");
        let e = set(&mut s, Field::SourceUrl, "Reuters", "ana", at()).unwrap_err();
        assert!(e.contains("not a web address"), "{e}");
        let e = set(&mut s, Field::Published, "3 May", "ana", at()).unwrap_err();
        assert!(e.contains("YYYY-MM-DD"), "{e}");
        assert_eq!(s.source_url, None);
        assert_eq!(s.published, None);
        assert!(set(&mut s, Field::Published, "2011-06-18", "bo", at()).unwrap());
        assert!(
            set(
                &mut s,
                Field::Published,
                "2011-06-18T10:00:00+04:30",
                "bo",
                at()
            )
            .unwrap()
        );
        assert!(set(&mut s, Field::Title, "", "bo", at()).unwrap());
        assert_eq!(s.title, None);
        let last = s.history.last().unwrap();
        assert_eq!(
            (
                last.field.as_str(),
                last.from.as_str(),
                last.to.as_str(),
                last.by.as_str()
            ),
            ("title", "Talks", "", "bo")
        );
        assert!(Field::Title.check("a\u{1b}[31m").is_err());
    }

    #[test]
    fn the_history_is_written_and_read_back() {
        let mut s = Sheet::new("a.txt", "x");
        set(&mut s, Field::Site, "Reuters", "ana", at()).unwrap();
        let text = crate::domain::sheet::render(&s);
        assert!(text.contains("[[history]]"), "{text}");
        let back = crate::domain::sheet::parse(std::path::Path::new("a.claims.toml"), &text, None)
            .unwrap();
        assert_eq!(back, s);
    }
}
