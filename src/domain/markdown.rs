//! Reading a Markdown article as text: headings, lists, block quotes,
//! emphasis markers and links read as their words (the link text, not the
//! URL). Parsed with `pulldown-cmark`; its source-offset map gives, for
//! every piece of text, where it is in the file, so the reading keeps every
//! character at its place: markup becomes spaces, newlines stay, and any
//! code-point offset into the reading is the same offset into the file.
//! Heading marks and list bullets at the start of a line are kept, so that
//! headings and list items stay lines of their own.

use pulldown_cmark::{Event, Options, Parser};

use super::extract::segment::bullet_len;

/// Is this article a Markdown file (by its extension)?
pub fn is_markdown(path: &std::path::Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("md") || e.eq_ignore_ascii_case("markdown"))
}

/// `src` with its markup blanked out: the same number of code points, the
/// same newlines, the words where they are in `src`.
pub fn reading(src: &str) -> String {
    let mut keep = vec![false; src.len()];
    for (event, range) in Parser::new_ext(src, Options::empty()).into_offset_iter() {
        if matches!(
            event,
            Event::Text(_) | Event::Code(_) | Event::SoftBreak | Event::HardBreak
        ) {
            keep[range].iter_mut().for_each(|k| *k = true);
        }
    }
    let mut out = String::with_capacity(src.len());
    for line in src.split_inclusive('\n') {
        let base = line.as_ptr() as usize - src.as_ptr() as usize;
        let chars: Vec<char> = line.chars().collect();
        let marker = line_marker(&chars);
        for (k, (b, c)) in line.char_indices().enumerate() {
            let shown = c == '\n' || keep[base + b] || (k < marker && !c.is_whitespace());
            out.push(if shown { c } else { ' ' });
        }
    }
    out
}

/// How many chars at the start of `line` are a heading mark or a list
/// bullet (after indentation and block-quote marks), to be kept.
fn line_marker(line: &[char]) -> usize {
    let quoted = line
        .iter()
        .take_while(|c| c.is_whitespace() && **c != '\n' || **c == '>')
        .count();
    let rest = &line[quoted..];
    match bullet_len(rest) {
        0 => 0,
        n => quoted + n,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_becomes_spaces_and_offsets_stay() {
        let src = "# Big *news*\n\nMayor [Jane Ortiz](https://x.org/o) said **no**.\n> quoted\n- item one\n";
        let r = reading(src);
        assert_eq!(r.chars().count(), src.chars().count());
        assert_eq!(r.matches('\n').count(), src.matches('\n').count());
        assert!(r.starts_with("# Big  news \n"), "{r:?}");
        assert!(
            r.contains("Mayor  Jane Ortiz                   said   no  ."),
            "{r:?}"
        );
        assert!(!r.contains("https"));
        assert!(r.contains("  quoted\n- item one\n"), "{r:?}");
    }

    #[test]
    fn by_extension() {
        assert!(is_markdown(std::path::Path::new("a/b.MD")));
        assert!(!is_markdown(std::path::Path::new("a/b.txt")));
    }
}
