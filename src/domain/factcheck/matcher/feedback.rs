//! Pseudo-relevance feedback: the words the best records of a first
//! BM25 pass share, added to the claim's query for a second pass, so that
//! a fact-check sharing no word with the claim but many with its near
//! neighbours in the library is gathered too (RM3-like; the weights come
//! from the library's own IDF, nothing learned).

use std::collections::HashMap;

use super::{Feedback, Matcher};

impl Matcher {
    /// Words of the first `f.docs` records of `first` (best first) that
    /// the query does not have, at most `f.terms`, each weighted by its
    /// share of those records' words (a record counting by its score
    /// relative to the best) times its IDF, scaled so the strongest
    /// weighs `f.weight`.
    pub(super) fn feedback_terms(
        &self,
        query: &[String],
        first: &[(u32, f32)],
        f: Feedback,
    ) -> Vec<(String, f32)> {
        let lead = first.first().map_or(1.0, |t| t.1.max(1e-6));
        let mut weight: HashMap<&str, f32> = HashMap::new();
        for &(doc, score) in first.iter().take(f.docs) {
            let d = doc as usize;
            let words = || self.claim_terms[d].iter().chain(&self.title_terms[d]);
            let share = score / lead / words().count().max(1) as f32;
            for w in words().filter(|w| query.binary_search(w).is_err()) {
                *weight.entry(w.as_str()).or_default() += share;
            }
        }
        let mut out: Vec<(String, f32)> = weight
            .into_iter()
            .map(|(w, x)| {
                let df = self.both.postings.get(w).map_or(1, Vec::len);
                (w.to_owned(), x * self.both.idf(df))
            })
            .collect();
        out.sort_by(|a, b| b.1.total_cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        out.truncate(f.terms);
        let top = out.first().map_or(1.0, |t| t.1.max(1e-6));
        for (_, x) in &mut out {
            *x = f.weight * *x / top;
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::super::{GATHERING, Gathering};
    use super::*;
    use crate::domain::factcheck::Record;

    #[test]
    fn feedback_gathers_the_neighbours_of_the_best_records() {
        let records: Vec<Record> = [
            "Orcas and belugas held in cramped pens near Nakhodka",
            "Drone footage shows a whale prison near Nakhodka with cramped pens",
            "The council approved the budget",
        ]
        .iter()
        .map(|c| Record::new(c, "False"))
        .collect();
        let mut m = Matcher::build(&records);
        let without = Gathering {
            candidates: 2,
            ..GATHERING
        };
        m.set_gathering(without);
        let q = super::super::features::Query::new("Whale prison discovered by drone");
        let (got, _) = m.gather(&q, 2);
        assert_eq!(got.iter().map(|g| g.0).collect::<Vec<_>>(), [1]);
        let feedback = Feedback {
            docs: 1,
            terms: 5,
            weight: 0.5,
        };
        let terms = m.feedback_terms(&q.terms, &got, feedback);
        assert!(terms.iter().any(|(t, _)| t == "nakhodka"), "{terms:?}");
        assert!(
            terms.iter().all(|(_, w)| *w > 0.0 && *w <= 0.5),
            "{terms:?}"
        );
        m.set_gathering(Gathering {
            feedback: Some(feedback),
            ..without
        });
        let (got, first) = m.gather(&q, 2);
        assert_eq!(got.iter().map(|g| g.0).collect::<Vec<_>>(), [1, 0]);
        assert_eq!(first.iter().map(|g| g.0).collect::<Vec<_>>(), [1]);
    }
}
