//! Sentence segmentation for news text.
//!
//! Works on the article as a slice of chars, so every offset is a code-point
//! offset. Handles abbreviations (Mr., Gen., Sept., U.S., a.m.), initials,
//! decimals, quotes that run over several sentences (each sentence is still
//! its own span; the quote state is reported), curly quotes, parentheses and
//! brackets, headlines without a full stop, bullets and captions (each line
//! of a one-paragraph-a-line article is a block of its own).

use super::lexicon::{MAYBE_END, NEVER_END, OPENERS};

/// A sentence: code-point span, plus whether it starts inside a quotation
/// that an earlier sentence opened, and whether a quotation is still open at
/// its end.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sentence {
    pub start: usize,
    pub end: usize,
    /// Index of the block (paragraph or line) it belongs to.
    pub block: usize,
    pub quote_open_at_start: bool,
    pub quote_open_at_end: bool,
}

fn is_open_quote(c: char) -> bool {
    matches!(c, '“' | '‘' | '«' | '„')
}
fn is_closer(c: char) -> bool {
    matches!(c, '"' | '\'' | ')' | ']' | '”' | '’' | '»')
}

/// Split `chars` into blocks: each non-empty line, or (when the text
/// separates paragraphs with blank lines) each run of lines, its newlines
/// being soft wraps, except that bullet lines, headings, email headers and
/// short unterminated lines that do not run on (titles) stand alone.
pub fn blocks(chars: &[char]) -> Vec<(usize, usize)> {
    let by_blank = chars.windows(2).any(|w| w[0] == '\n' && w[1] == '\n');
    let mut lines: Vec<(usize, usize)> = Vec::new();
    let mut s = 0;
    for (i, &c) in chars.iter().enumerate() {
        if c == '\n' {
            lines.push((s, i));
            s = i + 1;
        }
    }
    lines.push((s, chars.len()));
    let width = if by_blank {
        super::wrap::wrap_width(chars, &lines)
    } else {
        0
    };
    let mut out: Vec<(usize, usize)> = Vec::new();
    let mut cur: Option<(usize, usize)> = None;
    for (k, &(ls, le)) in lines.iter().enumerate() {
        let line = &chars[ls..le];
        let blank = line.iter().all(|c| c.is_whitespace());
        if blank || !by_blank {
            out.extend(cur.take());
            if !blank {
                out.push((ls, le));
            }
            continue;
        }
        if line.first() == Some(&'#') || super::wrap::is_header_line(line) {
            out.extend(cur.take());
            out.push((ls, le));
            continue;
        }
        if starts_with_bullet(line) {
            out.extend(cur.take());
            if ends_sentence(line) {
                cur = Some((ls, le));
            } else {
                out.push((ls, le));
            }
            continue;
        }
        cur = Some(match cur {
            Some((bs, _)) => (bs, le),
            None => (ls, le),
        });
        // an unterminated short first line that does not run on (a title)
        // stands alone
        let next = lines.get(k + 1).map(|&(ns, ne)| &chars[ns..ne]);
        if let Some((bs, be)) = cur
            && bs == ls
            && !ends_sentence(line)
            && line.len() < 100
            && !line.last().is_some_and(|c| matches!(c, ',' | ';' | '-'))
            && !super::wrap::runs_on(line, next, width)
        {
            out.push((bs, be));
            cur = None;
        }
    }
    out.extend(cur);
    out
}

fn ends_sentence(line: &[char]) -> bool {
    let t: Vec<char> = line
        .iter()
        .rev()
        .copied()
        .skip_while(|c| c.is_whitespace() || is_closer(*c))
        .take(1)
        .collect();
    matches!(t.first(), Some('.' | '!' | '?' | '…' | ':'))
}

/// Length in chars of a bullet marker at the start of `line` (after
/// indentation), including the space after it; 0 when there is none.
pub fn bullet_len(line: &[char]) -> usize {
    let indent = line
        .iter()
        .take_while(|c| **c == ' ' || **c == '\t')
        .count();
    let rest = &line[indent..];
    let marker = match rest {
        ['-' | '*' | '•' | '·' | '–' | '—' | '▪' | '►', ' ', ..] => 1,
        ['#', ..] => rest.iter().take_while(|c| **c == '#').count(),
        _ => {
            let digits = rest.iter().take_while(|c| c.is_ascii_digit()).count();
            if (1..=3).contains(&digits)
                && matches!(rest.get(digits), Some('.' | ')'))
                && rest.get(digits + 1) == Some(&' ')
            {
                digits + 1
            } else {
                return 0;
            }
        }
    };
    let spaces = rest[marker..]
        .iter()
        .take_while(|c| c.is_whitespace())
        .count();
    if marker > 0 && (spaces > 0 || marker == rest.len()) {
        indent + marker + spaces
    } else {
        0
    }
}

fn starts_with_bullet(line: &[char]) -> bool {
    bullet_len(line) > 0
}

/// The word (letters, digits and inner dots) that ends just before `dot`.
fn word_before(chars: &[char], dot: usize) -> &[char] {
    let mut s = dot;
    while s > 0 && (chars[s - 1].is_alphanumeric() || chars[s - 1] == '.') {
        s -= 1;
    }
    &chars[s..dot]
}

fn next_word_lower(chars: &[char], from: usize, end: usize) -> String {
    chars[from..end]
        .iter()
        .skip_while(|c| !c.is_alphanumeric())
        .take_while(|c| c.is_alphanumeric())
        .flat_map(|c| c.to_lowercase())
        .collect()
}

/// May a full stop at `dot` end the sentence, given what follows at `next`?
fn stop_ends(chars: &[char], dot: usize, next: usize, end: usize) -> bool {
    let word = word_before(chars, dot);
    if word.is_empty() {
        return true;
    }
    if word.iter().all(|c| c.is_ascii_digit()) {
        // "No. 1." / list numbers: a number then a full stop ends a sentence
        return true;
    }
    let lower: String = word.iter().flat_map(|c| c.to_lowercase()).collect();
    let lower = lower.trim_matches('.');
    if NEVER_END.contains(&lower) {
        return false;
    }
    // an initial: "John F. Kennedy"
    if word.len() == 1 && word[0].is_uppercase() {
        return false;
    }
    let dotted = lower.contains('.');
    if dotted || MAYBE_END.contains(&lower) {
        if chars
            .get(next)
            .is_some_and(|c| is_open_quote(*c) || *c == '"')
        {
            return true;
        }
        let w = next_word_lower(chars, next, end);
        return OPENERS.contains(&w.as_str());
    }
    true
}

/// The sentences of `chars`, in order.
pub fn sentences(chars: &[char]) -> Vec<Sentence> {
    let mut out = Vec::new();
    let mut q = Quotes::default();
    for (bi, (bs, be)) in blocks(chars).into_iter().enumerate() {
        // a quotation left open at the end of a paragraph continues into the
        // next one only when that one opens with a quote mark (news style)
        let first_char = chars[bs..be].iter().find(|c| !c.is_whitespace());
        if q.in_quote && !first_char.is_some_and(|c| is_open_quote(*c) || *c == '"') {
            q.in_quote = false;
        }
        q.straight_open = false;
        block_sentences(chars, (bi, bs, be), &mut q, &mut out);
    }
    out
}

/// Quotation state while walking the text.
#[derive(Default)]
struct Quotes {
    in_quote: bool,
    /// A straight quote mark ('"', "''", "``") is open.
    straight_open: bool,
}

impl Quotes {
    /// Track a quote mark at `i`; the characters it takes (2 for "''" and
    /// "``"), 1 otherwise.
    fn mark(&mut self, chars: &[char], i: usize) -> usize {
        match chars[i] {
            '“' | '«' | '„' => self.in_quote = true,
            '”' | '»' => self.in_quote = false,
            '"' => {
                self.straight_open = !self.straight_open;
                self.in_quote = self.straight_open;
            }
            '\'' if chars.get(i + 1) == Some(&'\'') => {
                self.straight_open = !self.straight_open;
                self.in_quote = self.straight_open;
                return 2;
            }
            '`' if chars.get(i + 1) == Some(&'`') => {
                self.straight_open = true;
                self.in_quote = true;
                return 2;
            }
            _ => {}
        }
        1
    }
}

/// The sentences of paragraph `bi`, `bs..be`.
fn block_sentences(
    chars: &[char],
    (bi, bs, be): (usize, usize, usize),
    q: &mut Quotes,
    out: &mut Vec<Sentence>,
) {
    let mut start = bs;
    let mut paren: Option<usize> = None;
    let mut quote_at_start = q.in_quote;
    let mut i = bs;
    while i < be {
        let c = chars[i];
        match c {
            '(' | '[' => paren = Some(i),
            ')' | ']' => paren = None,
            _ => {
                if q.mark(chars, i) == 2 {
                    i += 2;
                    continue;
                }
            }
        }
        if paren.is_some_and(|p| i - p > 300) {
            paren = None;
        }
        if matches!(c, '.' | '!' | '?' | '…') && paren.is_none() {
            let (j, next) = sentence_end(chars, i, be, q);
            if let Some(k) = next {
                push(out, chars, start, j, bi, quote_at_start, q.in_quote);
                start = k;
                quote_at_start = q.in_quote;
                i = k;
                continue;
            }
            i = j.max(i + 1);
            continue;
        }
        i += 1;
    }
    push(out, chars, start, be, bi, quote_at_start, q.in_quote);
}

/// After the end mark at `i`: the end of the sentence (past repeated marks
/// and closing quotes) and, when a sentence ends there, where the next one
/// starts.
fn sentence_end(chars: &[char], i: usize, be: usize, q: &mut Quotes) -> (usize, Option<usize>) {
    let c = chars[i];
    let mut j = i + 1;
    while j < be && matches!(chars[j], '.' | '!' | '?' | '…') {
        j += 1;
    }
    while j < be && is_closer(chars[j]) {
        match chars[j] {
            '”' | '»' => q.in_quote = false,
            '"' => {
                q.straight_open = false;
                q.in_quote = false;
            }
            _ => {}
        }
        j += 1;
    }
    if !(j < be && chars[j].is_whitespace()) {
        return (j, None);
    }
    let mut k = j;
    while k < be && chars[k].is_whitespace() {
        k += 1;
    }
    let ok_next = chars.get(k).is_some_and(|n| {
        n.is_uppercase()
            || n.is_ascii_digit()
            || is_open_quote(*n)
            || matches!(n, '"' | '\'' | '(' | '[' | '-' | '•' | '*')
    });
    let ends = k < be && ok_next && (c != '.' || stop_ends(chars, i, k, be));
    (j, ends.then_some(k))
}

fn push(
    out: &mut Vec<Sentence>,
    chars: &[char],
    mut s: usize,
    mut e: usize,
    block: usize,
    open_start: bool,
    open_end: bool,
) {
    while s < e && chars[s].is_whitespace() {
        s += 1;
    }
    s += bullet_len(&chars[s..e]);
    while e > s && chars[e - 1].is_whitespace() {
        e -= 1;
    }
    if s < e && chars[s..e].iter().any(|c| c.is_alphanumeric()) {
        out.push(Sentence {
            start: s,
            end: e,
            block,
            quote_open_at_start: open_start,
            quote_open_at_end: open_end,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(text: &str) -> Vec<String> {
        let chars: Vec<char> = text.chars().collect();
        sentences(&chars)
            .iter()
            .map(|s| chars[s.start..s.end].iter().collect())
            .collect()
    }

    #[test]
    fn titles_and_abbreviations_do_not_end_sentences() {
        assert_eq!(
            split("Mr. Smith met Gen. Jones on Sept. 12. They talked."),
            vec!["Mr. Smith met Gen. Jones on Sept. 12.", "They talked."]
        );
    }

    #[test]
    fn dotted_acronyms_end_only_before_an_opener() {
        assert_eq!(
            split("The U.S. Army left at 9 a.m. Monday. It was cold."),
            vec!["The U.S. Army left at 9 a.m. Monday.", "It was cold."]
        );
        assert_eq!(
            split("He lives in the U.S. The rest stayed."),
            vec!["He lives in the U.S.", "The rest stayed."]
        );
    }

    #[test]
    fn initials_and_decimals() {
        assert_eq!(
            split("John F. Kennedy won 49.7 percent. Nixon lost."),
            vec!["John F. Kennedy won 49.7 percent.", "Nixon lost."]
        );
    }

    #[test]
    fn quotes_split_inside_and_close_after_the_mark() {
        let s = split("“Talks are on. The US leads,” he said. “No agenda yet.” Then silence.");
        assert_eq!(
            s,
            vec![
                "“Talks are on.",
                "The US leads,” he said.",
                "“No agenda yet.”",
                "Then silence."
            ]
        );
        let s = split("\"Stop.\" She left.");
        assert_eq!(s, vec!["\"Stop.\"", "She left."]);
    }

    #[test]
    fn question_inside_quote_before_lowercase_does_not_split() {
        assert_eq!(
            split("“Why?” he asked. Nobody knew."),
            vec!["“Why?” he asked.", "Nobody knew."]
        );
    }

    #[test]
    fn parentheses_keep_their_full_stops() {
        assert_eq!(
            split("Prices rose (see chart. Source: BLS.) last year. Wages fell."),
            vec![
                "Prices rose (see chart. Source: BLS.) last year.",
                "Wages fell."
            ]
        );
    }

    #[test]
    fn headlines_bullets_and_lines_stand_alone() {
        let s = split(
            "Karzai says talks are on\n\nThe US denied it. Nobody confirmed.\n\n- First point here\n- Second point",
        );
        assert_eq!(
            s,
            vec![
                "Karzai says talks are on",
                "The US denied it.",
                "Nobody confirmed.",
                "First point here",
                "Second point"
            ]
        );
        let s =
            split("Headline without stop\nFirst paragraph. Second sentence.\nWatch the video: Jon");
        assert_eq!(
            s,
            vec![
                "Headline without stop",
                "First paragraph.",
                "Second sentence.",
                "Watch the video: Jon"
            ]
        );
    }

    #[test]
    fn quote_state_runs_over_sentences() {
        let chars: Vec<char> = "“One. Two,” he said.".chars().collect();
        let s = sentences(&chars);
        assert!(!s[0].quote_open_at_start && s[0].quote_open_at_end);
        assert!(s[1].quote_open_at_start && !s[1].quote_open_at_end);
    }
}
