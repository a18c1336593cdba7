//! Web addresses among sources: which source text is a link that may be
//! opened in a browser or written as a hyperlink.

/// An http or https address with something after the scheme and no spaces
/// or control characters (the scheme in any case). Anything else is a
/// citation in words.
pub fn is_web_url(s: &str) -> bool {
    let rest = ["https://", "http://"].iter().find_map(|p| {
        s.get(..p.len())
            .filter(|head| head.eq_ignore_ascii_case(p))
            .map(|_| &s[p.len()..])
    });
    rest.is_some_and(|r| !r.is_empty()) && !s.chars().any(|c| c.is_whitespace() || c.is_control())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_whole_web_addresses_are_links() {
        assert!(is_web_url("https://example.org/x"));
        assert!(is_web_url("HTTP://example.org"));
        assert!(!is_web_url("https://"));
        assert!(!is_web_url("javascript:alert(1)"));
        assert!(!is_web_url("https://a b"));
        assert!(!is_web_url("https://a\tb"));
        assert!(!is_web_url("Reuters, 3 May"));
        assert!(!is_web_url("ftp://example.org"));
    }
}
