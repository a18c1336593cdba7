//! A sheet keeps its line endings: one written with CRLF (as some Windows
//! editors and git settings do) is saved with CRLF throughout.

/// Does this text end its lines with CRLF (judged by its first line)?
pub fn is_crlf(text: &str) -> bool {
    text.find('\n').is_some_and(|i| text[..i].ends_with('\r'))
}

/// `text` with every line ending CRLF.
pub fn to_crlf(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 16);
    let mut prev = '\0';
    for c in text.chars() {
        if c == '\n' && prev != '\r' {
            out.push('\r');
        }
        out.push(c);
        prev = c;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crlf_is_kept_and_never_doubled() {
        assert!(is_crlf("a\r\nb\n"));
        assert!(!is_crlf("a\nb\r\n"));
        assert!(!is_crlf("no newline"));
        assert_eq!(to_crlf("a\r\nb\nc\n"), "a\r\nb\r\nc\r\n");
    }
}
