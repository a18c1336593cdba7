//! CSV: RFC 4180 through the csv crate (CRLF line ends, quotes doubled),
//! UTF-8 without BOM, a header row, one row per claim. The article's header
//! fields repeat on every row so each row stands alone (and a folder export
//! is one table). Cells that a spreadsheet would run as a formula are
//! neutralised (OWASP "CSV injection"): see [`neutralise`].

use std::borrow::Cow;

use super::{Report, invalid};

/// The header row, in order. Documented in docs/export.md.
pub const COLUMNS: [&str; 16] = [
    "article",
    "title",
    "source_url",
    "published",
    "sha256",
    "id",
    "paragraph",
    "line",
    "speaker",
    "text",
    "status",
    "reviewed_at",
    "reviewed_by",
    "note",
    "sources",
    "generated_at",
];

/// A cell that begins with `=`, `+`, `-`, `@`, a tab or a carriage return
/// gets a leading single quote, so LibreOffice and Excel show it as text
/// instead of evaluating it. Everything else is left exactly as it is.
pub fn neutralise(cell: &str) -> Cow<'_, str> {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        Cow::Owned(format!("'{cell}"))
    } else {
        Cow::Borrowed(cell)
    }
}

/// The UTF-8 byte-order mark written first with `bom`.
pub const BOM: &str = "\u{feff}";

pub(super) fn render(r: &Report, bom: bool) -> super::Result<String> {
    let start = if bom {
        BOM.as_bytes().to_vec()
    } else {
        Vec::new()
    };
    let mut w = ::csv::WriterBuilder::new()
        .terminator(::csv::Terminator::CRLF)
        .from_writer(start);
    w.write_record(COLUMNS).map_err(|e| invalid("CSV", e))?;
    for a in &r.articles {
        for c in &a.claims {
            let paragraph = c.paragraph.to_string();
            let line = c.line.to_string();
            let sources = c.sources.join("\n");
            let verdict = c.verdict();
            let row: [&str; 16] = [
                &a.file,
                &a.title,
                a.source_url.as_deref().unwrap_or(""),
                a.published.as_deref().unwrap_or(""),
                &a.sha256,
                &c.id,
                &paragraph,
                &line,
                c.speaker.as_deref().unwrap_or(""),
                &c.text,
                &verdict,
                c.reviewed_at.as_deref().unwrap_or(""),
                c.reviewed_by.as_deref().unwrap_or(""),
                &c.note,
                &sources,
                &r.generated_at,
            ];
            w.write_record(row.iter().map(|cell| neutralise(cell).into_owned()))
                .map_err(|e| invalid("CSV", e))?;
        }
    }
    let bytes = w.into_inner().map_err(|e| invalid("CSV", e))?;
    String::from_utf8(bytes).map_err(|e| invalid("CSV", e))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::export::tests::{at, hostile_doc};
    use crate::domain::export::{Format, Options, render};

    #[test]
    fn neutralises_formula_starts_only() {
        for bad in ["=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx"] {
            assert_eq!(neutralise(bad), format!("'{bad}"));
        }
        for ok in ["", "a=1", "'=x", " =x", "1-2"] {
            assert!(matches!(neutralise(ok), Cow::Borrowed(_)), "{ok:?}");
        }
    }

    #[test]
    fn hostile_cells_are_quoted_and_neutralised() {
        let doc = hostile_doc();
        let out = render(
            &[&doc],
            Format::Csv,
            &Options::new(at("2026-11-28T12:00:00Z")),
        )
        .unwrap()
        .text;
        assert!(out.starts_with("article,title,source_url,"));
        assert!(
            out.contains("\"'=HYPERLINK(\"\"http://evil\"\")\""),
            "{out}"
        );
        assert!(
            out.contains("\"<script>alert(1)</script> & \"\"quotes\"\"\""),
            "{out}"
        );
        assert!(out.contains("\"line one\nline two \u{1b}[31m\""), "{out}");
        assert!(out.ends_with("\r\n"));
        let mut rd = ::csv::Reader::from_reader(out.as_bytes());
        let rows: Vec<::csv::StringRecord> = rd.records().map(|r| r.unwrap()).collect();
        assert_eq!(rows.len(), 2);
        assert_eq!(&rows[1][10], "not reviewed");
        assert_eq!(&rows[0][10], "denied");
    }

    #[test]
    fn bom_only_when_asked() {
        let doc = hostile_doc();
        let mut opts = Options::new(at("2026-11-28T12:00:00Z"));
        let plain = render(&[&doc], Format::Csv, &opts).unwrap().text;
        opts.csv_bom = true;
        let with = render(&[&doc], Format::Csv, &opts).unwrap().text;
        assert_eq!(with, format!("{BOM}{plain}"));
        let html = render(&[&doc], Format::Html, &opts).unwrap().text;
        assert!(html.starts_with("<!DOCTYPE html>"));
    }
}
