//! JSON: the export model serialised as is, pretty-printed, with a `format`
//! version. The schema is documented in docs/export.md.

use super::{Report, invalid};

pub(super) fn render(r: &Report) -> super::Result<String> {
    let mut s = serde_json::to_string_pretty(r).map_err(|e| invalid("JSON", e))?;
    s.push('\n');
    Ok(s)
}

#[cfg(test)]
mod tests {
    use crate::domain::export::tests::{at, hostile_doc};
    use crate::domain::export::{Format, JSON_FORMAT, Options, render};

    #[test]
    fn parses_back_with_every_field() {
        let doc = hostile_doc();
        let out = render(
            &[&doc],
            Format::Json,
            &Options::new(at("2026-11-28T12:00:00Z")),
        )
        .unwrap()
        .text;
        let v: serde_json::Value = serde_json::from_str(&out).unwrap();
        assert_eq!(v["format"], JSON_FORMAT);
        assert_eq!(v["generated_at"], "2026-11-28T12:00:00Z");
        assert_eq!(v["counts"]["denied"], 1);
        let a = &v["articles"][0];
        assert_eq!(a["file"], "story.txt");
        assert_eq!(a["sha256"].as_str().unwrap().len(), 64);
        let c = &a["claims"][0];
        assert_eq!(c["text"], "<script>alert(1)</script> & \"quotes\"");
        assert_eq!(c["note"], "line one\nline two \u{1b}[31m");
        assert_eq!(c["status"], "denied");
        assert_eq!(c["reviewed"], true);
        assert_eq!(a["claims"][1]["reviewed_at"], serde_json::Value::Null);
        for key in [
            "id",
            "paragraph",
            "line",
            "start",
            "end",
            "speaker",
            "kind",
            "reviewed_by",
            "sources",
        ] {
            assert!(c.get(key).is_some(), "{key}");
        }
    }
}
