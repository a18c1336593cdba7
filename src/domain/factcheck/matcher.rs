//! Matching claims against the library: which published fact-checks check
//! the same claim.
//!
//! Two stages. First, BM25 over two fields of each record (the claim
//! reviewed and the fact-check's headline) gathers the best candidates
//! from an inverted index. Then each candidate is re-scored by a logistic
//! model over a few features (BM25 per field normalised by the query's
//! best possible score, the character 4-gram cosine of
//! [`crate::domain::similar`], how much of each text the other covers,
//! numbers agreeing or not, the rank, the gap to the best candidate, the
//! BM25 score itself, a tweet's month and year in the record, how strongly
//! its words are associated with the claim's by [`super::assoc`], which
//! also widens the query that gathers the candidates). The model's
//! weights were learned on the CheckThat! training pairs
//! (`examples/train_factcheck.rs`); its output is a probability-like score
//! in 0..1, and matches below [`THRESHOLD`] are not shown. See
//! docs/factchecks.md for the figures. The features are computed in
//! `features`, pseudo-relevance feedback (an option of [`Gathering`],
//! off) in `feedback`.

use std::collections::HashMap;
use std::sync::Arc;

use super::assoc::Assoc;
use super::record::Record;
use super::text;
use crate::domain::similar;

mod features;
mod feedback;

use features::{Query, Standing};
/// BM25 parameters.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Params {
    pub k1: f32,
    pub b: f32,
}

/// Tuned on the training pairs (see docs/factchecks.md).
pub const PARAMS: Params = Params { k1: 1.2, b: 0.5 };

/// The library size below which IDF is computed as if the library had
/// this many records (the training library had 10,389).
pub const MIN_DOCUMENTS: usize = 10_000;

/// How many BM25 candidates the re-ranker sees.
pub const CANDIDATES: usize = 30;

/// The number of re-ranking features.
pub const FEATURES: usize = 25;

/// How the word-association table ([`Assoc`]) widens a claim's query when
/// gathering candidates: the associated words kept per query word, and
/// the weight of an associated word's BM25 score (times its strength).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Expansion {
    pub per_word: usize,
    pub weight: f32,
}

/// Tuned on a held-out part of train (see docs/factchecks.md).
pub const EXPANSION: Expansion = Expansion {
    per_word: 3,
    weight: 0.3,
};

/// How candidates are gathered: how many, the weight of a tweet's
/// signature month and year in the query (0: not in it) and whether the
/// re-ranker sees their share of the BM25 score, and whether a second
/// BM25 pass widens the query by pseudo-relevance feedback.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Gathering {
    pub candidates: usize,
    pub date: f32,
    pub date_scored: bool,
    pub feedback: Option<Feedback>,
}

/// Pseudo-relevance feedback: the first `docs` records of the first pass
/// give up to `terms` words, the strongest weighing `weight`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Feedback {
    pub docs: usize,
    pub terms: usize,
    pub weight: f32,
}

/// Chosen by cross-validation on train (see docs/factchecks.md).
pub const GATHERING: Gathering = Gathering {
    candidates: CANDIDATES,
    date: 0.0,
    date_scored: false,
    feedback: None,
};

/// The features from here on were added for training to weigh; the
/// shipped model computes them only when it gives one of them a weight.
pub const FIRST_UNWEIGHED: usize = 17;

/// Whether any feature from [`FIRST_UNWEIGHED`] on weighs anything in
/// [`WEIGHTS`].
const LATER_FEATURES_WEIGH: bool = {
    let mut i = FIRST_UNWEIGHED;
    let mut any = false;
    while i < FEATURES {
        any |= WEIGHTS[i] != 0.0;
        i += 1;
    }
    any
};

/// The re-ranker's weights (the last is the bias), learned on train.
#[allow(clippy::excessive_precision)]
pub const WEIGHTS: [f32; FEATURES + 1] = [
    0.049548,
    0.11346861,
    1.2981925,
    1.9035069,
    -0.63300306,
    0.061336093,
    1.8478283,
    1.1874207,
    0.6536698,
    -0.084980614,
    2.4476657,
    0.6584922,
    -0.25584483,
    0.019718524,
    0.8936309,
    1.4346194,
    0.41757414,
    0.0,
    0.0,
    0.0,
    0.0,
    0.0,
    0.0,
    0.0,
    0.0,
    -10.998141,
];

/// Matches scoring below this are not shown (chosen so that 96% of
/// unrelated claims, PolNeAR train, show none; see docs/factchecks.md).
pub const THRESHOLD: f32 = 0.504;

/// A record matching a claim, with its score in 0..1.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PriorMatch {
    pub record: usize,
    pub score: f32,
}

/// A BM25 field: document frequencies, postings per term (when it
/// gathers candidates), document lengths.
#[derive(Debug, Default, serde::Serialize, serde::Deserialize)]
struct Field {
    df: HashMap<String, u32>,
    postings: HashMap<String, Vec<(u32, u16)>>,
    lengths: Vec<u16>,
    average: f32,
}

impl Field {
    /// Only the frequencies and lengths (for scoring candidates).
    fn stats<'a>(texts: impl Iterator<Item = &'a [String]>) -> Field {
        let mut f = Field::default();
        let mut total = 0usize;
        let mut seen: Vec<&str> = Vec::new();
        for terms in texts {
            seen.clear();
            seen.extend(terms.iter().map(String::as_str));
            seen.sort_unstable();
            seen.dedup();
            for t in &seen {
                match f.df.get_mut(*t) {
                    Some(n) => *n += 1,
                    None => {
                        f.df.insert((*t).to_owned(), 1);
                    }
                }
            }
            total += terms.len();
            f.lengths
                .push(u16::try_from(terms.len()).unwrap_or(u16::MAX));
        }
        f.average = total as f32 / f.lengths.len().max(1) as f32;
        f
    }

    fn build<'a>(texts: impl Iterator<Item = &'a [String]>) -> Field {
        let mut f = Field::default();
        let mut total = 0usize;
        for (doc, terms) in texts.enumerate() {
            let mut counts: HashMap<&str, u16> = HashMap::new();
            for t in terms {
                *counts.entry(t).or_default() += 1;
            }
            for (t, n) in counts {
                f.postings
                    .entry(t.to_owned())
                    .or_default()
                    .push((doc as u32, n));
            }
            total += terms.len();
            f.lengths
                .push(u16::try_from(terms.len()).unwrap_or(u16::MAX));
        }
        f.average = total as f32 / f.lengths.len().max(1) as f32;
        f
    }

    /// Inverse document frequency. A small library is scored as a sample
    /// of a large one ([`MIN_DOCUMENTS`]), so that scores (and the
    /// threshold) mean the same with ten records as with ten thousand.
    fn idf(&self, df: usize) -> f32 {
        let n = self.lengths.len().max(MIN_DOCUMENTS) as f32;
        let df = df as f32;
        (1.0 + (n - df + 0.5) / (df + 0.5)).ln()
    }

    fn term(&self, p: Params, idf: f32, tf: f32, len: u16) -> f32 {
        let norm = p.k1 * (1.0 - p.b + p.b * f32::from(len) / self.average.max(1.0));
        idf * tf * (p.k1 + 1.0) / (tf + norm)
    }

    /// Add each document's BM25 score into `scores`, each query term's
    /// share times its weight.
    fn score<'a>(
        &self,
        query: impl Iterator<Item = (&'a str, f32)>,
        p: Params,
        scores: &mut Scores,
    ) {
        for (t, weight) in query {
            let Some(list) = self.postings.get(t) else {
                continue;
            };
            let idf = self.idf(list.len()) * weight;
            for &(doc, tf) in list {
                let len = self.lengths[doc as usize];
                scores.add(doc, self.term(p, idf, f32::from(tf), len));
            }
        }
    }

    /// One document's BM25 score for these weighted terms (from the
    /// postings, which are in document order).
    pub(super) fn doc_score(&self, terms: &[(&str, f32)], p: Params, doc: u32) -> f32 {
        let mut sum = 0.0;
        for &(t, weight) in terms {
            let Some(list) = self.postings.get(t) else {
                continue;
            };
            if let Ok(i) = list.binary_search_by_key(&doc, |e| e.0) {
                let idf = self.idf(list.len()) * weight;
                sum += self.term(p, idf, f32::from(list[i].1), self.lengths[doc as usize]);
            }
        }
        sum
    }

    /// One document's BM25 score over the query, divided by the query's
    /// best possible score (every term saturated): 0..1.
    fn normalised(&self, query: &[String], p: Params, doc: usize, terms: &[String]) -> f32 {
        let (mut got, mut best) = (0.0, 0.0);
        for t in query {
            let Some(&df) = self.df.get(t) else {
                continue;
            };
            let idf = self.idf(df as usize);
            best += idf * (p.k1 + 1.0);
            let tf = terms.iter().filter(|w| *w == t).count() as f32;
            if tf > 0.0 {
                got += self.term(p, idf, tf, self.lengths[doc]);
            }
        }
        if best > 0.0 { got / best } else { 0.0 }
    }
}

/// Records with their BM25 scores, best first.
type Ranked = Vec<(u32, f32)>;

/// The higher score first, then the lower record.
fn best_first(a: &(u32, f32), b: &(u32, f32)) -> std::cmp::Ordering {
    b.1.total_cmp(&a.1).then(a.0.cmp(&b.0))
}

/// Dense score accumulators with the list of documents touched.
struct Scores {
    values: Vec<f32>,
    touched: Vec<u32>,
}

impl Scores {
    fn add(&mut self, doc: u32, s: f32) {
        let v = &mut self.values[doc as usize];
        if *v == 0.0 {
            self.touched.push(doc);
        }
        *v += s;
    }
}

/// The index over a library's records.
#[derive(Debug, Default, serde::Serialize, serde::Deserialize)]
pub struct Matcher {
    /// Claim and headline as one field: gathers the candidates.
    both: Field,
    claim: Field,
    title: Field,
    claim_terms: Vec<Vec<String>>,
    title_terms: Vec<Vec<String>>,
    /// The texts, for the features computed on candidates only.
    claims: Vec<String>,
    titles: Vec<String>,
    numbers: Vec<Vec<String>>,
    names: Vec<Vec<String>>,
    params: Option<Params>,
    /// Another association table and expansion than the shipped ones
    /// (for training).
    #[serde(skip)]
    paraphrase: Option<(Arc<Assoc>, Expansion)>,
    /// Another gathering than the shipped one (for training).
    #[serde(skip)]
    gathering: Option<Gathering>,
}

/// A candidate with its features, for the re-ranker and its training.
#[derive(Debug, Clone, PartialEq)]
pub struct Candidate {
    pub record: usize,
    pub features: [f32; FEATURES],
}

impl Matcher {
    /// Index these records with the tuned parameters.
    pub fn build(records: &[Record]) -> Matcher {
        Matcher::with_params(records, PARAMS)
    }

    pub fn with_params(records: &[Record], params: Params) -> Matcher {
        use rayon::prelude::*;
        let title = |r: &Record| r.title.clone().unwrap_or_default();
        let claim_terms: Vec<Vec<String>> = records
            .par_iter()
            .map(|r| text::terms(&r.claim_reviewed))
            .collect();
        let title_terms: Vec<Vec<String>> =
            records.par_iter().map(|r| text::terms(&title(r))).collect();
        let both: Vec<Vec<String>> = claim_terms
            .iter()
            .zip(&title_terms)
            .map(|(c, t)| c.iter().chain(t).cloned().collect())
            .collect();
        let (both_field, (claim, title_field)) = rayon::join(
            || Field::build(both.iter().map(Vec::as_slice)),
            || {
                rayon::join(
                    || Field::stats(claim_terms.iter().map(Vec::as_slice)),
                    || Field::stats(title_terms.iter().map(Vec::as_slice)),
                )
            },
        );
        Matcher {
            both: both_field,
            claim,
            title: title_field,
            claim_terms,
            title_terms,
            claims: records.iter().map(|r| r.claim_reviewed.clone()).collect(),
            titles: records.iter().map(title).collect(),
            numbers: records
                .par_iter()
                .map(|r| similar::numbers(&r.claim_reviewed))
                .collect(),
            names: records
                .par_iter()
                .map(|r| text::names(&r.claim_reviewed))
                .collect(),
            params: Some(params),
            paraphrase: None,
            gathering: None,
        }
    }

    /// Match with this association table and expansion instead of the
    /// shipped ones.
    pub fn set_paraphrase(&mut self, assoc: Arc<Assoc>, expansion: Expansion) {
        self.paraphrase = Some((assoc, expansion));
    }

    /// Gather candidates this way instead of the shipped one.
    pub fn set_gathering(&mut self, gathering: Gathering) {
        self.gathering = Some(gathering);
    }

    /// How this matcher gathers candidates.
    pub fn gathering(&self) -> Gathering {
        self.gathering.unwrap_or(GATHERING)
    }

    fn assoc(&self) -> (&Assoc, Expansion) {
        match &self.paraphrase {
            Some((a, e)) => (a, *e),
            None => (Assoc::embedded(), EXPANSION),
        }
    }

    pub fn len(&self) -> usize {
        self.claims.len()
    }

    pub fn is_empty(&self) -> bool {
        self.claims.is_empty()
    }

    /// The best `k` records by BM25 over claim and headline, best first,
    /// the query widened by associated words and, with feedback, by the
    /// words of the first pass's best records; and the first pass's list
    /// (the same list without feedback).
    fn gather(&self, q: &Query, k: usize) -> (Ranked, Ranked) {
        let query = &q.terms;
        let (assoc, e) = self.assoc();
        let mut wider = assoc.expansions(query, e.per_word);
        for w in wider.iter_mut() {
            w.1 *= e.weight;
        }
        let g = self.gathering();
        let dated = if g.date > 0.0 {
            q.dated(g.date)
        } else {
            Vec::new()
        };
        let terms = query.iter().map(|t| (t.as_str(), 1.0));
        let wider = wider.iter().map(|(t, w)| (t.as_str(), *w));
        let wider = wider.chain(dated.iter().copied());
        let first = self.pass(terms.clone().chain(wider.clone()), k);
        let Some(f) = g.feedback else {
            let first = self.without(&dated, first);
            return (first.clone(), first);
        };
        let more = self.feedback_terms(query, &first, f);
        let more = more.iter().map(|(t, w)| (t.as_str(), *w));
        let top = self.pass(terms.chain(wider).chain(more), k);
        (self.without(&dated, top), self.without(&dated, first))
    }

    /// The records gathered with the date's terms, scored and ordered
    /// without them (unless the gathering says they are scored): the date
    /// brings records in, and the re-ranker sees the same scores for a
    /// claim with a date as for one without.
    fn without(&self, dated: &[(&str, f32)], mut list: Ranked) -> Ranked {
        if dated.is_empty() || self.gathering().date_scored {
            return list;
        }
        let p = self.params.unwrap_or(PARAMS);
        for (doc, score) in &mut list {
            *score -= self.both.doc_score(dated, p, *doc);
        }
        list.sort_by(best_first);
        list
    }

    /// The best `k` records by BM25 for these weighted terms, best first.
    fn pass<'a>(&self, terms: impl Iterator<Item = (&'a str, f32)>, k: usize) -> Ranked {
        let mut scores = Scores {
            values: vec![0.0; self.len()],
            touched: Vec::new(),
        };
        self.both
            .score(terms, self.params.unwrap_or(PARAMS), &mut scores);
        let mut top: Vec<(u32, f32)> = scores
            .touched
            .iter()
            .map(|&d| (d, scores.values[d as usize]))
            .collect();
        let cut = k.min(top.len());
        if cut == 0 {
            return Vec::new();
        }
        top.select_nth_unstable_by(cut - 1, best_first);
        top.truncate(cut);
        top.sort_by(best_first);
        top
    }

    /// The best `k` records by BM25 alone, with all their features.
    pub fn candidates(&self, claim: &str, k: usize) -> Vec<Candidate> {
        self.candidates_with(claim, k, true)
    }

    /// The best `k` records by BM25 alone, with their features (`all`
    /// false: those from [`FIRST_UNWEIGHED`] on left at 0).
    fn candidates_with(&self, claim: &str, k: usize, all: bool) -> Vec<Candidate> {
        let p = self.params.unwrap_or(PARAMS);
        let q = Query::new(claim);
        let (top, first) = self.gather(&q, k);
        let lead = top.first().map_or(1.0, |t| t.1.max(1e-6));
        top.iter()
            .enumerate()
            .map(|(rank, &(doc, total))| {
                let standing = Standing {
                    rank,
                    total,
                    lead,
                    first_rank: first.iter().position(|f| f.0 == doc),
                };
                Candidate {
                    record: doc as usize,
                    features: self.features(&q, doc as usize, &standing, p, all),
                }
            })
            .collect()
    }

    /// Every candidate re-scored by the model, best first (no threshold).
    pub fn rank(&self, claim: &str, limit: usize) -> Vec<PriorMatch> {
        let mut out: Vec<PriorMatch> = self
            .candidates_with(claim, self.gathering().candidates, LATER_FEATURES_WEIGH)
            .into_iter()
            .map(|c| PriorMatch {
                record: c.record,
                score: model_score(&c.features),
            })
            .collect();
        out.sort_by(|a, b| b.score.total_cmp(&a.score).then(a.record.cmp(&b.record)));
        out.truncate(limit);
        out
    }

    /// The records that check this claim, best first, at or above
    /// [`THRESHOLD`].
    pub fn matches(&self, claim: &str, limit: usize) -> Vec<PriorMatch> {
        let mut out = self.rank(claim, limit);
        out.retain(|m| m.score >= THRESHOLD);
        out
    }
}

/// Adjacent pairs of terms.
fn pairs(terms: &[String]) -> Vec<(&str, &str)> {
    terms
        .windows(2)
        .map(|w| (w[0].as_str(), w[1].as_str()))
        .collect()
}

/// (both have numbers and share none, they share one).
fn numbers_agree(a: &[String], b: &[String]) -> (f32, f32) {
    if a.is_empty() || b.is_empty() {
        return (0.0, 0.0);
    }
    if a.iter().any(|n| b.contains(n)) {
        (0.0, 1.0)
    } else {
        (1.0, 0.0)
    }
}

/// The re-ranker's score of a candidate's features, in 0..1.
pub fn model_score(features: &[f32; FEATURES]) -> f32 {
    let z: f32 = features
        .iter()
        .zip(&WEIGHTS)
        .map(|(f, w)| f * w)
        .sum::<f32>()
        + WEIGHTS[FEATURES];
    1.0 / (1.0 + (-z).exp())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn library() -> Vec<Record> {
        let mut out: Vec<Record> = [
            "US officials held secret talks with the Taliban about peace in Afghanistan",
            "The bridge over the river was built in 1974 and carries 12,000 cars a day",
            "Vaccines cause autism in children",
            "Crime rose 40% in Chicago last year",
        ]
        .iter()
        .map(|c| Record::new(c, "False"))
        .collect();
        for (i, r) in out.iter_mut().enumerate() {
            r.url = format!("https://x.example/{i}");
        }
        out
    }

    #[test]
    fn a_reworded_attributed_claim_finds_its_check_first() {
        let m = Matcher::build(&library());
        let got = m.rank(
            "Karzai said the US is in contact with the Taliban over peace talks",
            3,
        );
        assert_eq!(got.first().map(|g| g.record), Some(0), "{got:?}");
        // Tense and plural: "vaccinated"/"vaccines", "causes"/"cause".
        let got = m.matches("Vaccine causes autism, a post claims", 3);
        assert_eq!(got.first().map(|g| g.record), Some(2), "{got:?}");
    }

    #[test]
    fn numbers_that_disagree_lower_the_score() {
        let m = Matcher::build(&library());
        let same = m.rank("Crime rose 40% in Chicago last year", 1)[0].score;
        let other = m.rank("Crime rose 15% in Chicago last year", 1)[0].score;
        assert!(other < same, "{other} < {same}");
    }

    #[test]
    fn associated_words_find_a_check_that_shares_no_word() {
        let mut records = library();
        records.push(Record::new(
            "Inmates escaped from a jail near Moscow",
            "False",
        ));
        let mut m = Matcher::build(&records);
        let claim = "Prison break: convicts flee";
        m.set_paraphrase(Arc::new(Assoc::default()), EXPANSION);
        assert!(m.rank(claim, 3).iter().all(|g| g.record != 4));
        let table = Assoc::parse(b"claimdesk-assoc 1\nprison\tjail\t0.8\nconvict\tinmat\t0.6\n");
        m.set_paraphrase(Arc::new(table), EXPANSION);
        let got = m.rank(claim, 3);
        assert_eq!(got.first().map(|g| g.record), Some(4), "{got:?}");
    }

    #[test]
    fn ranking_scores_what_training_scores() {
        // rank leaves out the features that weigh nothing; its scores must
        // be those of every feature.
        let m = Matcher::build(&library());
        let claim = "Karzai said the US is in contact with the Taliban";
        let mut full: Vec<(usize, f32)> = m
            .candidates(claim, CANDIDATES)
            .iter()
            .map(|c| (c.record, model_score(&c.features)))
            .collect();
        full.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        let ranked: Vec<(usize, f32)> = m
            .rank(claim, CANDIDATES)
            .iter()
            .map(|r| (r.record, r.score))
            .collect();
        assert!(!ranked.is_empty());
        assert_eq!(ranked, full);
    }

    #[test]
    fn a_tweets_date_gathers_records_of_that_month_scored_without_it() {
        let records: Vec<Record> = [
            "Pelosi stammers at a news conference about the budget",
            "A video shows Pelosi slurring her speech at an event in May 2019",
        ]
        .iter()
        .map(|c| Record::new(c, "False"))
        .collect();
        let mut m = Matcher::build(&records);
        let tweet =
            "PELOSI STAMMERS THROUGH NEWS CONFERENCE \u{2014} Someone (@someone) May 24, 2019";
        let q = Query::new(tweet);
        let one = |m: &Matcher| m.gather(&q, 1).0;
        m.set_gathering(Gathering {
            date: 0.0,
            ..GATHERING
        });
        assert_eq!(one(&m)[0].0, 0);
        let both = m.gather(&q, 2).0;
        m.set_gathering(Gathering {
            date: 5.0,
            date_scored: false,
            ..GATHERING
        });
        assert_eq!(one(&m)[0].0, 1);
        // Scored and ordered as without the date.
        let dated = m.gather(&q, 2).0;
        assert_eq!(dated.iter().map(|d| d.0).collect::<Vec<_>>(), [0, 1]);
        for (a, b) in dated.iter().zip(&both) {
            assert!((a.1 - b.1).abs() < 1e-4, "{dated:?} {both:?}");
        }
    }

    #[test]
    fn the_shipped_association_table_is_read() {
        assert!(
            Assoc::embedded().len() > 1000,
            "{}",
            Assoc::embedded().len()
        );
    }

    #[test]
    fn unrelated_claims_show_nothing() {
        let m = Matcher::build(&library());
        assert!(
            m.matches("The council approved the new budget on Tuesday", 3)
                .is_empty()
        );
        assert!(Matcher::build(&[]).matches("anything at all", 3).is_empty());
    }
}
