//! The re-ranker's features: what a claim and one candidate record have
//! in common (BM25 per field, character 4-grams, numbers, names, word
//! pairs, a tweet's date, associated words, rare words covered, shared
//! word beginnings, the BM25 score of a tweet's month and year), and
//! where the candidate stood in the BM25 lists.

use super::{FEATURES, FIRST_UNWEIGHED, Matcher, Params, numbers_agree, pairs};
use crate::domain::factcheck::text;
use crate::domain::similar::{self, Vector};

/// Characters two words must begin with alike to count as the same word
/// told differently ("prisoner" / "prison", "vaccination" / "vaccine").
const PREFIX: usize = 5;

/// What every candidate's features need from the claim.
pub(super) struct Query {
    /// Its terms in order (for word pairs).
    ordered: Vec<String>,
    /// Its terms sorted, without repeats.
    pub(super) terms: Vec<String>,
    grams: Vector,
    numbers: Vec<String>,
    date: Option<[String; 2]>,
    names: Vec<String>,
}

impl Query {
    pub(super) fn new(claim: &str) -> Query {
        let cleaned = text::clean(claim);
        let ordered = text::terms(&cleaned);
        let mut terms = ordered.clone();
        terms.sort();
        terms.dedup();
        Query {
            ordered,
            terms,
            grams: similar::gram_vector(&cleaned),
            numbers: similar::numbers(&cleaned),
            date: text::signature_date(claim),
            names: text::names(&cleaned),
        }
    }

    /// The month and year of a tweet's signature that the claim's own
    /// words do not have, each with this weight.
    pub(super) fn dated(&self, weight: f32) -> Vec<(&str, f32)> {
        self.date
            .iter()
            .flatten()
            .filter(|t| self.terms.binary_search(t).is_err())
            .map(|t| (t.as_str(), weight))
            .collect()
    }
}

/// Where a candidate stood: its rank and BM25 score in the list that
/// gathered it, the best score of that list, and its rank in the first
/// pass (before feedback widened the query), when it was there.
pub(super) struct Standing {
    pub(super) rank: usize,
    pub(super) total: f32,
    pub(super) lead: f32,
    pub(super) first_rank: Option<usize>,
}

impl Matcher {
    /// The features of record `d` for this claim; with `all` false, those
    /// from [`FIRST_UNWEIGHED`] on are left at 0 (they weigh nothing in
    /// the shipped model: only training needs them).
    pub(super) fn features(
        &self,
        q: &Query,
        d: usize,
        s: &Standing,
        p: Params,
        all: bool,
    ) -> [f32; FEATURES] {
        let query = &q.terms;
        let (claim_terms, title_terms) = (&self.claim_terms[d], &self.title_terms[d]);
        let in_claim = |w: &String| claim_terms.contains(w);
        let in_title = |w: &String| title_terms.contains(w);
        let mentions = |w: &String| in_claim(w) || in_title(w);
        let both_len = claim_terms.len() + title_terms.len();
        let covered = claim_terms
            .iter()
            .chain(title_terms)
            .filter(|w| query.binary_search(w).is_ok())
            .count();
        let query_covered = query.iter().filter(|w| mentions(w)).count();
        let (mismatch, shared) = numbers_agree(&q.numbers, &self.numbers[d]);
        let names = &self.names[d];
        let named = names
            .iter()
            .filter(|n| query.binary_search(n).is_ok())
            .count();
        let (doc_pairs, title_pairs) = (pairs(claim_terms), pairs(title_terms));
        let (month, year) = q
            .date
            .as_ref()
            .map_or((false, false), |[m, y]| (mentions(m), mentions(y)));
        let bigrams = pairs(&q.ordered);
        let phrase = bigrams
            .iter()
            .filter(|b| doc_pairs.contains(b) || title_pairs.contains(b))
            .count();
        let share = |n: usize, of: usize| n as f32 / of.max(1) as f32;
        let flag = |b: bool| f32::from(u8::from(b));
        let mut out = [0.0; FEATURES];
        out[..FIRST_UNWEIGHED].copy_from_slice(&[
            self.claim.normalised(query, p, d, claim_terms),
            self.title.normalised(query, p, d, title_terms),
            similar::dot(&q.grams, &similar::gram_vector(&self.claims[d])),
            similar::dot(&q.grams, &similar::gram_vector(&self.titles[d])),
            mismatch,
            shared,
            1.0 / (s.rank + 1) as f32,
            s.total / s.lead,
            share(covered, both_len),
            share(query_covered, query.len()),
            (s.total / 10.0).min(3.0),
            share(named, names.len()),
            flag(!names.is_empty() && named == 0),
            share(phrase, bigrams.len()),
            flag(year),
            flag(year && month),
            self.assoc().0.score(query, &[claim_terms, title_terms]),
        ]);
        if all {
            out[FIRST_UNWEIGHED..].copy_from_slice(&self.unweighed(q, d, s, p));
        }
        out
    }

    /// The features from [`FIRST_UNWEIGHED`] on: rare words covered, word
    /// beginnings met, per-field coverage, the claim's names, the rank in
    /// the first pass, the BM25 score of a tweet's month and year.
    fn unweighed(
        &self,
        q: &Query,
        d: usize,
        s: &Standing,
        p: Params,
    ) -> [f32; FEATURES - FIRST_UNWEIGHED] {
        let query = &q.terms;
        let (claim_terms, title_terms) = (&self.claim_terms[d], &self.title_terms[d]);
        let in_claim = |w: &String| claim_terms.contains(w);
        let in_title = |w: &String| title_terms.contains(w);
        let share = |n: usize, of: usize| n as f32 / of.max(1) as f32;
        let (record_rare, query_rare) = self.rare_covered(query, claim_terms, title_terms);
        [
            record_rare,
            query_rare,
            share(prefixes_met(query, claim_terms, title_terms), query.len()),
            share(query.iter().filter(|w| in_claim(w)).count(), query.len()),
            share(query.iter().filter(|w| in_title(w)).count(), query.len()),
            share(
                q.names
                    .iter()
                    .filter(|n| in_claim(n) || in_title(n))
                    .count(),
                q.names.len(),
            ),
            s.first_rank.map_or(0.0, |r| 1.0 / (r + 1) as f32),
            (self.both.doc_score(&q.dated(1.0), p, d as u32) / 10.0).min(2.0),
        ]
    }

    /// (the share of the record's word weight (IDF) that the query has,
    /// the share of the query's word weight the record has): rare words
    /// weigh most. Words the library does not have count for neither.
    fn rare_covered(&self, query: &[String], claim: &[String], title: &[String]) -> (f32, f32) {
        let idf = |w: &str| {
            self.both
                .postings
                .get(w)
                .map_or(0.0, |l| self.both.idf(l.len()))
        };
        let mut record: Vec<&String> = claim.iter().chain(title).collect();
        record.sort();
        record.dedup();
        let (mut got, mut all) = (0.0, 0.0);
        for w in &record {
            let x = idf(w);
            all += x;
            if query.binary_search(w).is_ok() {
                got += x;
            }
        }
        let query_all: f32 = query.iter().map(|w| idf(w)).sum();
        let ratio = |a: f32, b: f32| if b > 0.0 { a / b } else { 0.0 };
        (ratio(got, all), ratio(got, query_all))
    }
}

/// Query words the record does not have as such but has a word beginning
/// with the same [`PREFIX`] characters ("prisoner" / "prison").
fn prefixes_met(query: &[String], claim: &[String], title: &[String]) -> usize {
    let head = |w: &str| -> Option<String> {
        (w.chars().count() >= PREFIX).then(|| w.chars().take(PREFIX).collect())
    };
    let heads: Vec<String> = claim.iter().chain(title).filter_map(|w| head(w)).collect();
    query
        .iter()
        .filter(|w| !claim.contains(w) && !title.contains(w))
        .filter(|w| head(w).is_some_and(|h| heads.contains(&h)))
        .count()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(s: &str) -> Vec<String> {
        s.split_whitespace().map(str::to_owned).collect()
    }

    #[test]
    fn words_told_differently_meet_by_their_beginning() {
        let query = words("prison vaccin whale");
        let n = prefixes_met(&query, &words("prisoner"), &words("vaccination jail"));
        assert_eq!(n, 2);
        assert_eq!(prefixes_met(&words("whale"), &words("whale"), &[]), 0);
    }

    #[test]
    fn rare_words_weigh_most_in_what_is_covered() {
        let records: Vec<crate::domain::factcheck::Record> = (0..20)
            .map(|i| {
                let claim = if i == 0 { "koala extinct said" } else { "said" };
                crate::domain::factcheck::Record::new(claim, "False")
            })
            .collect();
        let m = Matcher::build(&records);
        let (record, query) = m.rare_covered(&words("said"), &words("koala extinct said"), &[]);
        // "said" is in every record: its weight is the least.
        assert!(record < 0.3, "{record}");
        assert!((query - 1.0).abs() < 1e-6, "{query}");
        let (record, _) =
            m.rare_covered(&words("extinct koala"), &words("koala extinct said"), &[]);
        assert!(record > 0.7, "{record}");
    }
}
