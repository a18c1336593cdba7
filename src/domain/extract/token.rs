//! Tokens and spans: a sentence cut into words and punctuation marks
//! ([`Tok`]), and the helpers that join tokens into a name, trim a span to
//! its words and tell whether a span is mostly inside quotation marks.

use super::lexicon::TITLE_ABBREVIATIONS;
use super::segment::Sentence;

/// A token: a word (with inner apostrophes, hyphens and dots) or one
/// punctuation character; code-point span and lower-case text.
#[derive(Debug, Clone)]
pub(crate) struct Tok {
    pub(crate) s: usize,
    pub(crate) e: usize,
    pub(crate) text: String,
    pub(crate) lower: String,
    pub(crate) word: bool,
}

impl Tok {
    pub(crate) fn cap(&self) -> bool {
        self.word && self.text.starts_with(char::is_uppercase)
    }
    pub(crate) fn is(&self, w: &str) -> bool {
        self.lower == w
    }
    pub(crate) fn open_quote(&self) -> bool {
        matches!(self.text.as_str(), "“" | "\"" | "‘" | "«" | "''" | "``")
    }
}

pub(crate) fn tokenize(chars: &[char], start: usize, end: usize) -> Vec<Tok> {
    let mut out = Vec::new();
    let mut i = start;
    while i < end {
        let c = chars[i];
        if c.is_whitespace() {
            i += 1;
            continue;
        }
        let s = i;
        if c.is_alphanumeric() {
            i += 1;
            loop {
                while i < end && chars[i].is_alphanumeric() {
                    i += 1;
                }
                let joiner = i + 1 < end
                    && chars[i + 1].is_alphanumeric()
                    && (matches!(chars[i], '\'' | '’' | '-' | '.' | '&')
                        || (chars[i] == ','
                            && chars[i - 1].is_ascii_digit()
                            && chars[i + 1].is_ascii_digit()));
                if joiner {
                    i += 1;
                } else {
                    break;
                }
            }
            if i < end && chars[i] == '.' {
                let w: String = chars[s..i].iter().flat_map(|c| c.to_lowercase()).collect();
                if w.contains('.')
                    || TITLE_ABBREVIATIONS.contains(&w.as_str())
                    || (i - s == 1 && chars[s].is_uppercase())
                {
                    i += 1;
                }
            }
        } else if (c == '\'' || c == '`') && i + 1 < end && chars[i + 1] == c {
            i += 2;
        } else {
            i += 1;
        }
        let text: String = chars[s..i].iter().collect();
        let lower = text.to_lowercase().replace('’', "'");
        out.push(Tok {
            s,
            e: i,
            word: c.is_alphanumeric(),
            text,
            lower,
        });
    }
    out
}

/// Is the span mostly inside quotation marks?
pub(crate) fn mostly_quoted(chars: &[char], span: (usize, usize), s: &Sentence) -> bool {
    let mut inside = s.quote_open_at_start;
    let mut q = 0usize;
    let mut n = 0usize;
    let mut skip = false;
    for (i, &c) in chars.iter().enumerate().take(s.end).skip(s.start) {
        if skip {
            skip = false;
            continue;
        }
        match c {
            '“' | '«' => inside = true,
            '”' | '»' => inside = false,
            '"' => inside = !inside,
            '\'' if chars.get(i + 1) == Some(&'\'') => {
                inside = !inside;
                skip = true;
            }
            '`' if chars.get(i + 1) == Some(&'`') => {
                inside = true;
                skip = true;
            }
            _ => {}
        }
        if i >= span.0 && i < span.1 && c.is_alphanumeric() {
            n += 1;
            if inside {
                q += 1;
            }
        }
    }
    n > 0 && q * 2 > n
}

/// Trim white space, quote marks, commas, colons and dashes from a span; the
/// final full stop too when `strip_stop`.
pub(crate) fn strip_span(
    chars: &[char],
    mut s: usize,
    mut e: usize,
    strip_stop: bool,
) -> (usize, usize) {
    let junk = |c: char| {
        c.is_whitespace()
            || matches!(
                c,
                '“' | '”' | '"' | '‘' | '«' | '»' | ',' | ':' | ';' | '—' | '–' | '-'
            )
    };
    while s < e
        && (junk(chars[s]) || (chars[s] == '’' && s + 1 < e && !chars[s + 1].is_alphanumeric()))
    {
        s += 1;
    }
    loop {
        while e > s && (junk(chars[e - 1]) || chars[e - 1] == '’' || chars[e - 1] == '\'') {
            e -= 1;
        }
        if strip_stop && e > s && chars[e - 1] == '.' {
            // keep the dot of an abbreviation ("U.S.")
            let before = &chars[s..e - 1];
            let abbrev = before
                .iter()
                .rev()
                .take_while(|c| c.is_alphanumeric())
                .count()
                <= 1
                && before.iter().rev().nth(1) == Some(&'.');
            if abbrev {
                break;
            }
            e -= 1;
            continue;
        }
        break;
    }
    (s, e)
}

pub(crate) fn first_word(toks: &[Tok]) -> usize {
    toks.iter().position(|t| t.word).unwrap_or(0)
}

pub(crate) fn join(toks: &[Tok], r: (usize, usize)) -> String {
    let mut out = String::new();
    for (k, t) in toks[r.0..r.1].iter().enumerate() {
        if k > 0 {
            out.push(' ');
        }
        out.push_str(&t.text);
    }
    out
}
