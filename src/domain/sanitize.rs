//! Make text from files safe to show in a terminal: no escape sequences, no
//! control characters, no bidirectional overrides ever reach it. Each is
//! replaced by a visible placeholder, so the analyst sees that it was there.

use std::borrow::Cow;

/// Is this character one that must never be written to a terminal as is?
/// (Newline and tab are handled by the caller's layout, so they count too.)
pub fn is_unsafe(c: char) -> bool {
    c.is_control()
        || matches!(c,
            '\u{200E}' | '\u{200F}'              // LRM, RLM
            | '\u{202A}'..='\u{202E}'            // LRE RLE PDF LRO RLO
            | '\u{2066}'..='\u{2069}'            // LRI RLI FSI PDI
            | '\u{061C}'                         // Arabic letter mark
            | '\u{FFF9}'..='\u{FFFB}'            // interlinear annotation
        )
}

/// The visible stand-in for an unsafe character: the Unicode control picture
/// for C0 controls (ESC shows as ␛), ␡ for DEL, and � for the rest.
pub fn placeholder(c: char) -> char {
    match c as u32 {
        0x00..=0x1F => char::from_u32(0x2400 + c as u32).unwrap_or('\u{FFFD}'),
        0x7F => '\u{2421}',
        _ => '\u{FFFD}',
    }
}

/// One line of text, safe for the terminal: every unsafe character,
/// newlines and tabs included, replaced by its placeholder.
pub fn line(s: &str) -> Cow<'_, str> {
    if !s.chars().any(is_unsafe) {
        return Cow::Borrowed(s);
    }
    Cow::Owned(
        s.chars()
            .map(|c| if is_unsafe(c) { placeholder(c) } else { c })
            .collect(),
    )
}

/// Multi-line text, safe for the terminal: newlines kept, tabs shown as
/// spaces, every other unsafe character replaced by its placeholder.
pub fn text(s: &str) -> Cow<'_, str> {
    if !s.chars().any(|c| c != '\n' && is_unsafe(c)) {
        return Cow::Borrowed(s);
    }
    Cow::Owned(
        s.chars()
            .map(|c| match c {
                '\n' => '\n',
                '\t' => ' ',
                c if is_unsafe(c) => placeholder(c),
                c => c,
            })
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_become_visible() {
        assert_eq!(line("a\u{1b}[31mred"), "a\u{241b}[31mred");
        assert_eq!(
            line("osc\u{1b}]0;title\u{7}"),
            "osc\u{241b}]0;title\u{2407}"
        );
        assert_eq!(line("c1\u{9b}31m"), "c1\u{FFFD}31m");
        assert_eq!(line("bidi\u{202E}txt"), "bidi\u{FFFD}txt");
        assert_eq!(line("two\nlines\ttab"), "two\u{240A}lines\u{2409}tab");
        assert_eq!(text("two\nlines\ttab\u{7f}"), "two\nlines tab\u{2421}");
        assert!(matches!(line("plain “quotes” é"), Cow::Borrowed(_)));
    }
}
