//! The query language, as in fzf: space-separated terms that must all match,
//! in any order. `'word` matches `word` exactly (as a substring), `!word`
//! excludes claims containing `word`; a backslash escapes a space (`a\ b`).
//! Smart case: a term in lower case matches any case, a term with an upper
//! case letter matches case exactly. Accents and curly quotes in the query
//! and the claims match their plain forms.

use super::fold;

/// How a term matches.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Its characters appear in order (fuzzy).
    Fuzzy,
    /// It appears as is (substring).
    Exact,
    /// Claims where it appears as is are left out.
    Exclude,
}

/// One term of a query, folded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Term {
    pub kind: Kind,
    /// The folded pattern: lower case unless `case_sensitive`.
    pub pat: String,
    pub case_sensitive: bool,
    /// The pattern in lower case (the same as `pat` unless case-sensitive).
    pub lower: String,
    /// Prefilter bits every matching field has.
    pub mask: u64,
}

impl Term {
    fn new(kind: Kind, raw: &str) -> Term {
        let case_sensitive = raw.chars().any(fold::is_upper);
        let pat = if case_sensitive {
            fold::plain_str(raw)
        } else {
            fold::lower_str(raw)
        };
        let mask = fold::mask(&pat);
        let lower = fold::lower_str(&pat);
        Term {
            kind,
            pat,
            case_sensitive,
            lower,
            mask,
        }
    }

    /// Does every claim that matches `self` also match `old`? (Sufficient
    /// conditions only; false means "not known".)
    fn implies(&self, old: &Term) -> bool {
        // A case-sensitive match is also a case-insensitive one, not the
        // other way round.
        if old.case_sensitive && !self.case_sensitive {
            return false;
        }
        let same_case = self.case_sensitive == old.case_sensitive;
        let pat = if same_case { &self.pat } else { &self.lower };
        match (self.kind, old.kind) {
            (Kind::Fuzzy | Kind::Exact, Kind::Fuzzy) => is_subsequence(&old.pat, pat),
            (Kind::Exact, Kind::Exact) => pat.contains(&old.pat),
            // Excluding a shorter substring excludes more.
            (Kind::Exclude, Kind::Exclude) => same_case && old.pat.contains(&self.pat),
            _ => false,
        }
    }
}

/// A parsed query.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Query {
    pub terms: Vec<Term>,
}

impl Query {
    pub fn parse(query: &str) -> Query {
        let mut terms = Vec::new();
        for raw in split(query) {
            let (kind, body) = if let Some(rest) = raw.strip_prefix('!') {
                // fzf: `!'word` is the same as `!word`.
                (Kind::Exclude, rest.strip_prefix('\'').unwrap_or(rest))
            } else if let Some(rest) = raw.strip_prefix('\'') {
                (Kind::Exact, rest)
            } else {
                (Kind::Fuzzy, raw.as_str())
            };
            // A lone operator (the user is still typing) matches everything.
            if body.is_empty() {
                continue;
            }
            terms.push(Term::new(kind, body));
        }
        Query { terms }
    }

    /// No terms: matches everything.
    pub fn is_empty(&self) -> bool {
        self.terms.is_empty()
    }

    /// Does every claim matching `self` also match `old`? Then a search for
    /// `self` only needs to look at `old`'s matches.
    pub fn narrows(&self, old: &Query) -> bool {
        old.terms
            .iter()
            .all(|o| self.terms.iter().any(|n| n.implies(o)))
    }

    /// Is `self` `old` with more characters typed at the end of its last
    /// term, a fuzzy, case-blind ASCII term in both (every other term the
    /// same)? Then the length in bytes of `old`'s last term: matching `self`
    /// can go on from where matching `old`'s last term stopped.
    pub fn extends_last(&self, old: &Query) -> Option<usize> {
        let (new_last, new_rest) = self.terms.split_last()?;
        let (old_last, old_rest) = old.terms.split_last()?;
        let extendable =
            |t: &Term| t.kind == Kind::Fuzzy && !t.case_sensitive && t.lower.is_ascii();
        (new_rest == old_rest
            && extendable(new_last)
            && extendable(old_last)
            && new_last.lower.len() > old_last.lower.len()
            && new_last.lower.starts_with(&old_last.lower))
        .then_some(old_last.lower.len())
    }

    /// The terms that must be found (not excluded).
    pub fn positive(&self) -> impl Iterator<Item = &Term> {
        self.terms.iter().filter(|t| t.kind != Kind::Exclude)
    }
}

/// Split on unescaped whitespace; `\ ` is a literal space.
fn split(query: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut chars = query.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\\' && chars.peek().is_some_and(|n| n.is_whitespace()) {
            cur.extend(chars.next());
        } else if c.is_whitespace() {
            if !cur.is_empty() {
                out.push(std::mem::take(&mut cur));
            }
        } else {
            cur.push(c);
        }
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

/// Is `needle` a subsequence of `hay` (by code point)?
pub fn is_subsequence(needle: &str, hay: &str) -> bool {
    let mut h = hay.chars();
    needle.chars().all(|n| h.any(|c| c == n))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(q: &str) -> Vec<(Kind, String, bool)> {
        Query::parse(q)
            .terms
            .into_iter()
            .map(|t| (t.kind, t.pat, t.case_sensitive))
            .collect()
    }

    #[test]
    fn parses_fzf_syntax() {
        assert_eq!(
            kinds("  peace 'Talks !karzai  "),
            vec![
                (Kind::Fuzzy, "peace".into(), false),
                (Kind::Exact, "Talks".into(), true),
                (Kind::Exclude, "karzai".into(), false),
            ]
        );
        assert_eq!(kinds("!'x"), vec![(Kind::Exclude, "x".into(), false)]);
        assert_eq!(
            kinds("new\\ york"),
            vec![(Kind::Fuzzy, "new york".into(), false)]
        );
        assert_eq!(
            kinds("' ! café “q”"),
            vec![
                (Kind::Fuzzy, "cafe".into(), false),
                (Kind::Fuzzy, "\"q\"".into(), false),
            ]
        );
        assert!(Query::parse("   ").is_empty());
        assert_eq!(kinds("Élan"), vec![(Kind::Fuzzy, "Elan".into(), true)]);
    }

    #[test]
    fn narrowing_is_only_claimed_when_it_holds() {
        let n = |new: &str, old: &str| Query::parse(new).narrows(&Query::parse(old));
        assert!(n("pea", "pe"));
        assert!(n("peace talks", "peace"));
        assert!(n("peace", ""));
        assert!(n("'peace", "pce"));
        assert!(n("Peace", "pea"));
        assert!(n("x !ab", "!abc"));
        assert!(!n("pe", "pea"));
        assert!(!n("pea", "Pe"));
        assert!(!n("!abc", "!ab"));
        assert!(!n("pea", "'pe x"));
        assert!(!n("pce", "'peace"));
    }

    #[test]
    fn extending_the_last_term_is_recognised() {
        let e = |new: &str, old: &str| Query::parse(new).extends_last(&Query::parse(old));
        assert_eq!(e("pea", "pe"), Some(2));
        assert_eq!(e("x !a pea", "x !a p"), Some(1));
        assert_eq!(e("pe", "pe"), None);
        assert_eq!(e("pe", "pea"), None);
        assert_eq!(e("pe ta", "pe t x"), None);
        assert_eq!(e("peace t", "peace"), None);
        assert_eq!(e("Pea", "pe"), None);
        assert_eq!(e("'pea", "'pe"), None);
        assert_eq!(e("!pea", "!pe"), None);
        assert_eq!(e("caf\u{e9}", "caf"), Some(3), "folded to ASCII");
        assert_eq!(e("x\u{3b1}\u{3b2}", "x\u{3b1}"), None);
        assert_eq!(e("y pea", "x pe"), None);
    }
}
