//! The words of a search query that narrow it rather than match fuzzily,
//! the same in the TUI's workspace view and `claimdesk search`: `@word`
//! keeps the claims whose speaker contains the word, `#word` those whose
//! article (its path) does, in any case; the rest is the fuzzy query.

/// A query split into its fuzzy part and its `@speaker` / `#article` words.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Scope {
    /// The fuzzy query, the scope words taken out.
    pub fuzzy: String,
    /// Lower-cased words after `@`.
    pub speakers: Vec<String>,
    /// Lower-cased words after `#`.
    pub articles: Vec<String>,
}

impl Scope {
    /// Split `query`; a lone `@` or `#` is an ordinary word.
    pub fn parse(query: &str) -> Scope {
        let mut scope = Scope::default();
        for word in query.split_whitespace() {
            if let Some(w) = word.strip_prefix('@').filter(|w| !w.is_empty()) {
                scope.speakers.push(w.to_lowercase());
            } else if let Some(w) = word.strip_prefix('#').filter(|w| !w.is_empty()) {
                scope.articles.push(w.to_lowercase());
            } else {
                if !scope.fuzzy.is_empty() {
                    scope.fuzzy.push(' ');
                }
                scope.fuzzy.push_str(word);
            }
        }
        scope
    }

    /// Does the query name a speaker or an article?
    pub fn narrows(&self) -> bool {
        !self.speakers.is_empty() || !self.articles.is_empty()
    }

    /// Does a claim said by `speaker` in the article `article` (its path as
    /// shown) fall within the scope?
    pub fn keeps(&self, speaker: Option<&str>, article: &str) -> bool {
        let has = |words: &[String], field: &str| {
            words.is_empty() || {
                let field = field.to_lowercase();
                words.iter().all(|w| field.contains(w.as_str()))
            }
        };
        has(&self.speakers, speaker.unwrap_or("")) && has(&self.articles, article)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scope_words_come_out_of_the_fuzzy_query() {
        let s = Scope::parse("  @Dimon bank #Kabul  'rates @ ");
        assert_eq!(s.fuzzy, "bank 'rates @");
        assert_eq!(s.speakers, ["dimon"]);
        assert_eq!(s.articles, ["kabul"]);
        assert!(s.narrows());
        assert!(s.keeps(Some("Jamie Dimon"), "news/kabul-talks.claims.toml"));
        assert!(!s.keeps(Some("Jamie Dimon"), "news/other.claims.toml"));
        assert!(!s.keeps(None, "kabul.claims.toml"));
        let plain = Scope::parse("bank rates");
        assert!(!plain.narrows() && plain.keeps(None, "x"));
    }
}
