//! A word-association table that lets matching see through paraphrase: for
//! a word of a claim, the words a fact-check of it tends to use instead
//! ("whale" ~ "jail"), each with a strength in 0..1.
//!
//! It is learned from pairs of texts (a claim as people repeat it, the
//! fact-check it repeats: `examples/train_factcheck.rs` learns it on the
//! CheckThat! training pairs) and shipped inside the binary
//! (`assoc.tsv`, read once). The matcher uses it twice: to add associated
//! words to a claim's query when gathering candidates, so that a
//! fact-check sharing few words with the claim is still found, and as one
//! feature of the re-ranker (how strongly the candidate's words are
//! associated with the claim's). An empty or malformed table means no
//! associations: matching then works on the words alone.
//!
//! The file: a first line `claimdesk-assoc 1`, then one association a
//! line, `WORD<TAB>WORD<TAB>STRENGTH`, words as
//! [`super::text::terms`] spells them.

use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

/// The first line of a table file.
pub const HEADER: &str = "claimdesk-assoc 1";

/// The table shipped in the binary.
const EMBEDDED: &[u8] = include_bytes!("assoc.tsv");

/// For each word, the words associated with it, strongest first.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Assoc {
    map: HashMap<String, Vec<(String, f32)>>,
}

/// How a table is learned from pairs of texts.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Learning {
    /// Pairs a word pair must appear in.
    pub min_count: u32,
    /// The least pointwise mutual information kept (natural log).
    pub min_pmi: f32,
    /// Associations kept per word.
    pub per_word: usize,
}

impl Assoc {
    /// The table shipped in the binary (empty when its file is).
    pub fn embedded() -> &'static Assoc {
        static TABLE: OnceLock<Assoc> = OnceLock::new();
        TABLE.get_or_init(|| Assoc::parse(EMBEDDED))
    }

    /// A table read from its file's bytes; anything malformed (a wrong
    /// header, a bad line) gives the empty table.
    pub fn parse(bytes: &[u8]) -> Assoc {
        let Ok(text) = std::str::from_utf8(bytes) else {
            return Assoc::default();
        };
        let mut lines = text.lines();
        if lines.next().map(str::trim_end) != Some(HEADER) {
            return Assoc::default();
        }
        let mut map: HashMap<String, Vec<(String, f32)>> = HashMap::new();
        for line in lines.filter(|l| !l.is_empty()) {
            let mut f = line.split('\t');
            let (Some(a), Some(b), Some(w), None) = (f.next(), f.next(), f.next(), f.next()) else {
                return Assoc::default();
            };
            let Some(w) = w.parse::<f32>().ok().filter(|w| (0.0..=1.0).contains(w)) else {
                return Assoc::default();
            };
            map.entry(a.to_owned()).or_default().push((b.to_owned(), w));
        }
        for list in map.values_mut() {
            list.sort_by(|x, y| y.1.total_cmp(&x.1).then_with(|| x.0.cmp(&y.0)));
        }
        Assoc { map }
    }

    /// The table as its file's bytes (words sorted).
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut words: Vec<&String> = self.map.keys().collect();
        words.sort();
        let mut out = format!("{HEADER}\n");
        for a in words {
            for (b, w) in &self.map[a] {
                out.push_str(&format!("{a}\t{b}\t{w:.3}\n"));
            }
        }
        out.into_bytes()
    }

    pub fn len(&self) -> usize {
        self.map.values().map(Vec::len).sum()
    }

    pub fn is_empty(&self) -> bool {
        self.map.is_empty()
    }

    /// Words associated with the query's (and not in it), with the
    /// strongest association each has with a query word, at most
    /// `per_word` for each query word.
    pub fn expansions(&self, query: &[String], per_word: usize) -> Vec<(String, f32)> {
        let mut out: HashMap<&str, f32> = HashMap::new();
        for t in query {
            for (c, w) in self.map.get(t).into_iter().flatten().take(per_word) {
                if query.binary_search(c).is_err() {
                    let e = out.entry(c.as_str()).or_default();
                    *e = e.max(*w);
                }
            }
        }
        let mut v: Vec<(String, f32)> = out.into_iter().map(|(c, w)| (c.to_owned(), w)).collect();
        v.sort_by(|a, b| a.0.cmp(&b.0));
        v
    }

    /// How strongly a document's words are associated with the query's:
    /// for each query word, its strongest association with another word
    /// of the document, averaged over the query (0..1).
    pub fn score(&self, query: &[String], doc: &[&[String]]) -> f32 {
        if query.is_empty() {
            return 0.0;
        }
        let total: f32 = query
            .iter()
            .map(|t| {
                self.map.get(t).map_or(0.0, |list| {
                    list.iter()
                        .find(|(c, _)| c != t && doc.iter().any(|d| d.contains(c)))
                        .map_or(0.0, |(_, w)| *w)
                })
            })
            .sum();
        total / query.len() as f32
    }

    /// Learn a table from pairs (the words of a text, the words of the
    /// text it should match). `df` gives in how many of `documents`
    /// library records a word appears (the background a pair's mutual
    /// information is measured against). A pair's strength is how often
    /// the second word comes with the first, `n(a,b) / (n(a) + 1)`.
    pub fn learn(
        pairs: &[(Vec<String>, Vec<String>)],
        df: impl Fn(&str) -> usize,
        documents: usize,
        how: Learning,
    ) -> Assoc {
        let mut n_a: HashMap<&str, u32> = HashMap::new();
        let mut n_ab: HashMap<(&str, &str), u32> = HashMap::new();
        for (a, b) in pairs {
            let a: HashSet<&str> = a.iter().map(String::as_str).collect();
            let b: HashSet<&str> = b.iter().map(String::as_str).collect();
            for &x in &a {
                *n_a.entry(x).or_default() += 1;
                for &y in b.iter().filter(|&&y| y != x) {
                    *n_ab.entry((x, y)).or_default() += 1;
                }
            }
        }
        let mut map: HashMap<String, Vec<(String, f32)>> = HashMap::new();
        let docs = documents.max(1) as f32;
        for ((x, y), n) in n_ab {
            if n < how.min_count {
                continue;
            }
            let p = n as f32 / (n_a[x] as f32 + 1.0);
            let background = (df(y).max(1) as f32 / docs).min(1.0);
            if (p / background).ln() >= how.min_pmi {
                map.entry(x.to_owned())
                    .or_default()
                    .push((y.to_owned(), (p * 1000.0).round() / 1000.0));
            }
        }
        for list in map.values_mut() {
            list.sort_by(|x, y| y.1.total_cmp(&x.1).then_with(|| x.0.cmp(&y.0)));
            list.truncate(how.per_word);
        }
        map.retain(|_, l| !l.is_empty());
        Assoc { map }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(s: &str) -> Vec<String> {
        s.split_whitespace().map(str::to_owned).collect()
    }

    fn learned() -> Assoc {
        let pairs = vec![
            (words("whal prison"), words("whal trapp jail")),
            (words("prison russia"), words("jail underwater")),
            (words("prison cell"), words("jail inmat")),
        ];
        let how = Learning {
            min_count: 2,
            min_pmi: 0.0,
            per_word: 5,
        };
        Assoc::learn(&pairs, |_| 10, 1000, how)
    }

    #[test]
    fn words_that_keep_company_across_pairs_are_associated() {
        let a = learned();
        let q = words("prison");
        assert_eq!(a.expansions(&q, 3), vec![("jail".to_owned(), 0.75)]);
        let doc = words("100 whal jail");
        assert!((a.score(&q, &[&doc]) - 0.75).abs() < 1e-6);
        assert_eq!(a.score(&words("budget"), &[&doc]), 0.0);
    }

    #[test]
    fn a_table_survives_its_file_and_bad_files_mean_none() {
        let a = learned();
        assert_eq!(Assoc::parse(&a.to_bytes()), a);
        assert!(!a.is_empty());
        for bad in [
            &b""[..],
            b"claimdesk-assoc 2\nprison\tjail\t0.5\n",
            b"claimdesk-assoc 1\nprison\tjail\n",
            b"claimdesk-assoc 1\nprison\tjail\t7\n",
            b"\xff\xfe",
        ] {
            assert!(Assoc::parse(bad).is_empty(), "{bad:?}");
        }
    }
}
