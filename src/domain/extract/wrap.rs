//! Hard-wrapped text: telling a soft wrap (a newline inside a paragraph,
//! as emails, press releases, plain-text wires and Markdown written at 72
//! columns have) from a line that stands on its own (a title, an email
//! header). Works on lines as code-point ranges of a char slice.

use super::lexicon::HEADERS;

/// The width the text was wrapped at: the length that nine lines in ten
/// (of the non-blank ones) do not exceed.
pub fn wrap_width(chars: &[char], lines: &[(usize, usize)]) -> usize {
    let mut lens: Vec<usize> = lines
        .iter()
        .filter(|&&(s, e)| chars[s..e].iter().any(|c| !c.is_whitespace()))
        .map(|&(s, e)| e - s)
        .collect();
    if lens.is_empty() {
        return 0;
    }
    lens.sort_unstable();
    lens[(lens.len() - 1) * 9 / 10]
}

/// Is `line` an email header ("Subject: …"), possibly quoted ("> From: …")?
pub fn is_header_line(line: &[char]) -> bool {
    let rest: Vec<char> = line
        .iter()
        .copied()
        .skip_while(|c| c.is_whitespace() || *c == '>')
        .collect();
    let Some(colon) = rest.iter().position(|&c| c == ':') else {
        return false;
    };
    let name: String = rest[..colon]
        .iter()
        .flat_map(|c| c.to_lowercase())
        .collect();
    HEADERS.contains(&name.as_str()) && rest.get(colon + 1).is_none_or(|c| *c == ' ')
}

/// Does `line` run on into `next` (a soft wrap)? It does when the next
/// line's first word would not have fitted on it at the text's wrap width,
/// or when the next line does not start as a sentence does (a capital or
/// an opening quote or bracket): "would cost" / "$42 million".
pub fn runs_on(line: &[char], next: Option<&[char]>, width: usize) -> bool {
    let Some(next) = next.filter(|n| n.iter().any(|c| !c.is_whitespace())) else {
        return false;
    };
    let next = &next[next.iter().take_while(|c| c.is_whitespace()).count()..];
    let opens = |c: &char| {
        c.is_uppercase()
            || matches!(
                c,
                '"' | '\'' | '“' | '‘' | '«' | '„' | '(' | '[' | '*' | '_'
            )
    };
    if !next.first().is_some_and(opens) {
        return true;
    }
    let word = next.iter().take_while(|c| !c.is_whitespace()).count();
    let len = line
        .iter()
        .rposition(|c| !c.is_whitespace())
        .map_or(0, |p| p + 1);
    len + 1 + word + 2 > width
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chars(s: &str) -> Vec<char> {
        s.chars().collect()
    }

    #[test]
    fn headers_and_runs() {
        assert!(is_header_line(&chars("From: Jane <j@example.org>")));
        assert!(is_header_line(&chars("> Subject: Bridge")));
        assert!(!is_header_line(&chars("Note: the council said")));
        let line = chars("Mayor Jane Ortiz said the new bridge would cost");
        assert!(runs_on(&line, Some(&chars("$42 million, double")), 50));
        assert!(runs_on(
            &line,
            Some(&chars("$42 million, double the estimate")),
            90
        ));
        assert!(runs_on(&line, Some(&chars("42 cars")), 90));
        assert!(runs_on(&line, Some(&chars("double the estimate")), 72));
        assert!(!runs_on(
            &chars("City council votes"),
            Some(&chars("The city")),
            72
        ));
        assert!(!runs_on(&line, None, 72));
    }
}
