//! What the CLI prints, made safe for a terminal as the TUI's drawing is:
//! file names shown with every control character and bidirectional override
//! replaced by a visible placeholder, and JSON with those characters escaped
//! as `\uXXXX` (JSON allows them raw; a terminal would act on them).

use std::borrow::Cow;
use std::io::Write;
use std::path::Path;

use serde::Serialize;

use crate::domain::sanitize;

/// A file name as the CLI shows it: lossy for bytes that are not UTF-8,
/// sanitised for the terminal.
pub fn name(path: &Path) -> String {
    sanitize::line(&path.to_string_lossy()).into_owned()
}

/// Print what clap has to say about the arguments: help and version as
/// clap styles them; an error (which quotes what was typed) sanitised.
pub fn print_usage_error(e: &clap::Error) {
    if !e.use_stderr() {
        let _ = e.print();
        return;
    }
    let text = e.render().to_string();
    let _ = write!(std::io::stderr(), "{}", sanitize::text(&text));
}

/// `value` as pretty JSON, every unsafe character inside its strings escaped.
pub fn json<T: Serialize + ?Sized>(value: &T) -> serde_json::Result<String> {
    serde_json::to_string_pretty(value).map(|s| escape_json(&s).into_owned())
}

/// Write `value` as pretty JSON and a newline.
pub fn write_json<T: Serialize + ?Sized>(out: &mut impl Write, value: &T) -> anyhow::Result<()> {
    writeln!(out, "{}", json(value)?)?;
    Ok(())
}

/// Escape what serde_json leaves raw (DEL, C1 controls, bidirectional
/// overrides and marks) as `\uXXXX`. serde_json escapes C0 controls already,
/// so the layout's newlines stay, and every character escaped here can only
/// stand inside a string.
pub fn escape_json(json: &str) -> Cow<'_, str> {
    let raw = |c: char| c as u32 >= 0x7F && sanitize::is_unsafe(c);
    if !json.chars().any(raw) {
        return Cow::Borrowed(json);
    }
    let mut out = String::with_capacity(json.len() + 16);
    for c in json.chars() {
        if raw(c) {
            // Every unsafe character lies in the Basic Multilingual Plane.
            out.push_str(&format!("\\u{:04x}", c as u32));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_escapes_c1_controls_and_bidi_overrides() {
        let v = serde_json::json!({ "name": "a\u{9b}31m\u{202E}b\u{1b}\u{7f}", "é": "“ok”" });
        let s = json(&v).unwrap();
        assert!(s.contains(r"a\u009b31m\u202eb\u001b\u007f"), "{s}");
        assert!(s.contains("“ok”") && s.contains('\n'));
        assert!(!s.chars().any(|c| c != '\n' && sanitize::is_unsafe(c)));
        let back: serde_json::Value = serde_json::from_str(&s).unwrap();
        assert_eq!(back, v, "still the same JSON");
    }

    #[test]
    fn names_are_sanitised() {
        assert_eq!(
            name(Path::new("x\u{1b}[2J\u{202E}.txt")),
            "x\u{241b}[2J\u{FFFD}.txt"
        );
    }
}
