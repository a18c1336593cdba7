use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use super::build::{BUILD_PART, Folded};
use super::prepared::subsequence_end;
use super::*;

fn item(id: &str, speaker: &str, text: &str, note: &str) -> Item {
    Item {
        id: id.into(),
        text: text.into(),
        speaker: speaker.into(),
        note: note.into(),
    }
}

fn sample() -> Index {
    Index::new(vec![
        item(
            "C1",
            "Hamid Karzai",
            "Peace talks are going on with the Taliban.",
            "",
        ),
        item(
            "C2",
            "",
            "The president expects a deal in the autumn",
            "check the date",
        ),
        item("C3", "Embassy", "Le café “crème” coûte trois euros", ""),
        item("C4", "", "NATO troops will leave by 2014", "Source: BBC"),
        item("C13", "", "Talks in Doha, Qatar", ""),
    ])
}

fn ids(index: &Index, q: &str) -> Vec<String> {
    index
        .search(q)
        .into_iter()
        .map(|h| index.items()[h.index].id.clone())
        .collect()
}

#[test]
fn empty_query_is_everything_in_document_order() {
    let idx = sample();
    assert_eq!(ids(&idx, ""), ["C1", "C2", "C3", "C4", "C13"]);
    assert_eq!(ids(&idx, "   "), ids(&idx, ""));
    assert!(idx.search("").iter().all(|h| h.text_positions.is_empty()));
}

#[test]
fn terms_fields_exclusion_case_and_accents() {
    let idx = sample();
    // Both match; the one starting with the word ranks first.
    assert_eq!(ids(&idx, "talks"), ["C13", "C1"]);
    assert_eq!(ids(&idx, "talks !doha"), ["C1"]);
    assert_eq!(ids(&idx, "taliban talks"), ["C1"]);
    assert_eq!(ids(&idx, "karzai"), ["C1"], "speaker counts");
    assert_eq!(ids(&idx, "bbc"), ["C4"], "note counts");
    assert_eq!(ids(&idx, "nato"), ["C4"]);
    assert_eq!(ids(&idx, "Nato"), Vec::<String>::new(), "smart case");
    assert_eq!(ids(&idx, "NATO"), ["C4"]);
    assert_eq!(ids(&idx, "cafe creme"), ["C3"]);
    assert_eq!(ids(&idx, "café \"crème\""), ["C3"]);
    assert_eq!(ids(&idx, "coute"), ["C3"]);
    assert_eq!(ids(&idx, "'tlks"), Vec::<String>::new());
    assert_eq!(ids(&idx, "tlks"), ["C13", "C1"]);
    assert_eq!(ids(&idx, "zzz"), Vec::<String>::new());
}

#[test]
fn exact_id_wins() {
    let idx = sample();
    assert_eq!(ids(&idx, "c1")[0], "C1");
    assert_eq!(ids(&idx, "C13")[0], "C13");
    let hits = idx.search("c13");
    assert!(hits[0].score >= ID_BONUS);
}

#[test]
fn positions_point_at_the_matched_text() {
    let idx = sample();
    let hit = &idx.search("crème")[0];
    let text: Vec<char> = idx.items()[hit.index].text.chars().collect();
    let got: String = hit.text_positions.iter().map(|&p| text[p]).collect();
    assert_eq!(got, "crème");
    let hit = &idx.search("'talks taliban")[0];
    let text: Vec<char> = idx.items()[hit.index].text.chars().collect();
    let got: String = hit.text_positions.iter().map(|&p| text[p]).collect();
    assert_eq!(got, "talksTaliban");
}

fn synthetic(n: usize) -> Index {
    let words = [
        "peace",
        "talks",
        "taliban",
        "karzai",
        "president",
        "deal",
        "troops",
        "nato",
        "afghan",
        "government",
        "said",
        "the",
        "with",
        "minister",
        "café",
        "élection",
        "parliament",
        "2014",
        "“quoted”",
        "doha",
    ];
    let mut seed = 42u64;
    let items = (0..n)
        .map(|i| {
            let mut text = String::new();
            while text.len() < 60 + (i * 37) % 120 {
                seed = seed
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                text.push_str(words[(seed >> 33) as usize % words.len()]);
                text.push(' ');
            }
            item(&format!("C{i}"), "", text.trim_end(), "")
        })
        .collect();
    Index::new(items)
}

#[test]
fn narrowing_gives_the_same_results_as_a_fresh_search() {
    let idx = Arc::new(synthetic(6000));
    let mut s = Searcher::new(idx.clone());
    let typed = [
        "p",
        "pa",
        "par",
        "parl",
        "parli",
        "parl",
        "parl t",
        "parl ta",
        "parl ta !doha",
        "parl ta !doh",
        "parl ta !do",
        "'parl",
        "'parli",
        "Parl",
        "",
        "cafe",
        "élec",
    ];
    for q in typed {
        let got: Vec<Candidate> = s.search(q).all.clone();
        let fresh = idx.run(&Query::parse(q), None, &|| false).unwrap();
        assert_eq!(got, fresh, "query {q:?}");
    }
}

#[test]
fn top_k_is_the_head_of_the_full_ranking() {
    let idx = synthetic(5000);
    for q in ["peace", "tlbn", "ta do"] {
        let all = idx.search(q);
        for k in [0, 1, 7, 100, all.len(), all.len() + 3] {
            let (top, total) = idx.top(q, k);
            assert_eq!(total, all.len());
            assert_eq!(top, all[..k.min(all.len())].to_vec(), "{q} k={k}");
        }
    }
}

#[test]
fn a_cancelled_search_keeps_the_previous_results() {
    let idx = Arc::new(synthetic(10_000));
    let mut s = Searcher::new(idx);
    let before = s.search("peace").len();
    let cancel = AtomicBool::new(true);
    assert!(s.search_cancellable("peace talks", &cancel).is_none());
    assert_eq!(s.last().map(Matches::len), Some(before));
    cancel.store(false, Ordering::Relaxed);
    assert!(s.search_cancellable("peace talks", &cancel).is_some());

    let generation = Generation::new();
    let mine = generation.next();
    assert!(!generation.is_stale(mine));
    generation.next();
    assert!(generation.is_stale(mine));
    assert!(
        s.search_until("deal", &|| generation.is_stale(mine))
            .is_none()
    );
}

// ---- the bounded top k against a plain loop over the scorer ----

use fuzzy_matcher::FuzzyMatcher;
use fuzzy_matcher::skim::SkimMatcherV2;
use proptest::prelude::*;

/// A fresh scorer's own score of `pat` in `hay`.
fn plain_score(scorer: Scorer, hay: &str, pat: &str) -> Option<i64> {
    match scorer {
        Scorer::Skim => SkimMatcherV2::default()
            .respect_case()
            .fuzzy_match(hay, pat),
        Scorer::Nucleo => {
            let (mut h, mut p) = (Vec::new(), Vec::new());
            nucleo_matcher::Matcher::new(super::nucleo::config())
                .fuzzy_match(
                    nucleo_matcher::Utf32Str::new(hay, &mut h),
                    nucleo_matcher::Utf32Str::new(pat, &mut p),
                )
                .map(i64::from)
        }
    }
}

/// The ranking spelled out with nothing but the scorer: every claim scored
/// (a fresh matcher per call), sorted best first, ties in document order.
fn naive(scorer: Scorer, items: &[Item], query: &str) -> Vec<(usize, i64)> {
    let q = Query::parse(query);
    let mut out = Vec::new();
    'claims: for (i, item) in items.iter().enumerate() {
        let mut total = 0;
        for t in &q.terms {
            let hays: Vec<String> = [&item.id, &item.speaker, &item.text, &item.note]
                .iter()
                .map(|f| {
                    if t.case_sensitive {
                        fold::plain_str(f)
                    } else {
                        fold::lower_str(f)
                    }
                })
                .collect();
            if t.kind == Kind::Exclude {
                if hays.iter().any(|h| h.contains(&t.pat)) {
                    continue 'claims;
                }
                continue;
            }
            let mut best = None;
            for (f, h) in hays.iter().enumerate() {
                if t.kind == Kind::Exact && !h.contains(&t.pat) {
                    continue;
                }
                if let Some(mut s) = plain_score(scorer, h, &t.pat) {
                    if f == ID && *h == t.pat {
                        s += ID_BONUS;
                    }
                    best = Some(best.map_or(s, |b: i64| b.max(s)));
                }
            }
            match best {
                Some(b) => total += b,
                None => continue 'claims,
            }
        }
        out.push((i, total));
    }
    if !q.is_empty() {
        out.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    }
    out
}

const VOCAB: &[&str] = &[
    "parliament",
    "part",
    "peace",
    "pact",
    "Paris",
    "lament",
    "talks",
    "tal",
    "ment",
    "a",
    "pa",
    "ar",
    "lia",
    "the",
    "deal",
    "NATO",
    "élection",
    "café",
    "C3",
    "c12",
    "2014",
    "-",
    "'",
    "committee",
    "aa",
    "ee",
];

fn corpus() -> impl Strategy<Value = Vec<Item>> {
    let words = proptest::sample::select(VOCAB);
    let text = proptest::collection::vec(
        prop_oneof![
            4 => words.prop_map(str::to_owned),
            1 => "[a-z]{1,6}",
            1 => "[ptrl.,'-]{1,3}",
        ],
        1..14,
    )
    .prop_map(|w| w.join(" "));
    let item = (
        text,
        proptest::option::of("[A-Z][a-z]{2,6} (Karzai|Talks|NATO)"),
        0..3u8,
    );
    proptest::collection::vec(item, 1..160).prop_map(|v| {
        v.into_iter()
            .enumerate()
            .map(|(i, (text, speaker, note))| Item {
                id: format!("C{}", i + 1),
                text,
                speaker: speaker.unwrap_or_default(),
                note: if note == 0 {
                    "part of the deal".into()
                } else {
                    String::new()
                },
            })
            .collect()
    })
}

fn queries() -> impl Strategy<Value = String> {
    let term = prop_oneof![
        4 => proptest::sample::select(VOCAB).prop_map(str::to_owned),
        3 => "[aeilmnprt]{1,6}",
        1 => proptest::sample::select(VOCAB).prop_map(|w| format!("'{w}")),
        1 => proptest::sample::select(VOCAB).prop_map(|w| format!("!{w}")),
        1 => "c[0-9]{1,2}",
    ];
    proptest::collection::vec(term, 1..4).prop_map(|t| t.join(" "))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    /// `Index::top` (bounded: the scorer runs only on claims that can still
    /// enter the best k) returns exactly the head of the full ranking by
    /// the scorer, with the same scores and the same count; so does a
    /// `Searcher` narrowing from every shorter prefix of the query. For
    /// both scorers.
    #[test]
    fn the_bounded_top_k_is_the_head_of_a_plain_ranking(
        items in corpus(),
        query in queries(),
        k in prop_oneof![Just(1usize), Just(3), Just(10), Just(50), 0..200usize],
        scorer in prop_oneof![Just(Scorer::Nucleo), Just(Scorer::Skim)],
    ) {
        let expected = naive(scorer, &items, &query);
        let index = Arc::new(Index::new(items).with_scorer(scorer));
        let (top, total) = index.top(&query, k);
        prop_assert_eq!(total, expected.len());
        let got: Vec<(usize, i64)> = top.iter().map(|h| (h.index, h.score)).collect();
        prop_assert_eq!(&got[..], &expected[..k.min(expected.len())]);

        let mut s = Searcher::new(index.clone());
        let mut typed = String::new();
        for c in query.chars() {
            typed.push(c);
            let (top, total) = s.top_until(&typed, k, &|| false).unwrap();
            let expected = naive(scorer, index.items(), &typed);
            prop_assert_eq!(total, expected.len(), "{:?}", typed);
            let got: Vec<(usize, i64)> = top.iter().map(|h| (h.index, h.score)).collect();
            prop_assert_eq!(&got[..], &expected[..k.min(expected.len())], "{:?}", typed);
        }
    }

    /// Whether a claim matches at all (the count) is exactly whether the
    /// scorers accept it: the byte-level subsequence test agrees with both.
    #[test]
    fn the_subsequence_test_agrees_with_skim(hay in "[a-zé’ .,'-]{0,30}", pat in "[a-eé' .-]{1,5}") {
        let lower = fold::lower_str(&hay);
        let skim = SkimMatcherV2::default().respect_case();
        let accepted = skim.fuzzy_match(&lower, &pat).is_some();
        if pat.is_ascii() {
            prop_assert_eq!(subsequence_end(pat.as_bytes(), lower.as_bytes(), 0).is_some(), accepted);
        }
        prop_assert_eq!(query::is_subsequence(&pat, &lower), accepted);
        prop_assert_eq!(plain_score(Scorer::Nucleo, &lower, &pat).is_some(), accepted);
    }
}

#[test]
fn searchers_can_run_on_a_worker_thread() {
    fn send<T: Send + 'static>() {}
    send::<Searcher>();
    send::<Generation>();
    let mut s = Searcher::new(Arc::new(sample()));
    let (top, total) = std::thread::spawn(move || s.top_until("talks", 1, &|| false))
        .join()
        .unwrap()
        .unwrap();
    assert_eq!((top.len(), total), (1, 2));
}

#[test]
fn choosing_the_top_k_can_be_cancelled_too() {
    let idx = Arc::new(synthetic(10_000));
    let mut s = Searcher::new(idx.clone());
    assert!(s.top_until("peace", 50, &|| true).is_none());
    assert!(s.last().is_none());
    // Let the matching through (its chunks ask once each), then stop: the
    // matches are kept for the next keystroke, the top k is not returned.
    let chunks = 10_000usize.div_ceil(CHUNK);
    let asked = std::sync::atomic::AtomicUsize::new(0);
    let stop = || asked.fetch_add(1, Ordering::Relaxed) >= chunks;
    assert!(s.top_until("peace", 50, &stop).is_none());
    assert_eq!(s.last().map(Matches::len), Some(idx.top("peace", 0).1));
    let (top, total) = s.top_until("peace", 50, &|| false).unwrap();
    assert_eq!((top, total), idx.top("peace", 50));
}

#[test]
fn an_index_built_in_parallel_parts_is_the_one_built_in_one() {
    let idx = synthetic(3 * BUILD_PART + 17);
    let one = Folded::of(&idx.items);
    assert_eq!(idx.arena, one.arena);
    assert_eq!(idx.bounds, one.bounds);
    assert_eq!(idx.masks, one.masks);
    assert_eq!(idx.shapes, one.shapes);
}

#[test]
fn plain_hits_highlighted_are_the_hits_of_top() {
    let idx = synthetic(3000);
    for q in ["peace", "tlbn", "ta do", "'talks !doha", ""] {
        let (full, n) = idx.top(q, usize::MAX);
        let (mut plain, m) = idx.top_plain(q, usize::MAX);
        assert_eq!(n, m);
        assert!(plain.iter().all(|h| h.text_positions.is_empty()), "{q}");
        idx.highlight(&mut plain, q);
        assert_eq!(plain, full, "{q}");
    }
}

#[test]
fn the_matches_above_a_floor_are_the_full_ranking_cut_there() {
    for scorer in [Scorer::Nucleo, Scorer::Skim] {
        let idx = synthetic(3000).with_scorer(scorer);
        for q in ["peace", "tlbn", "ta do", "'talks !doha", "prlmnt", "zzz"] {
            let (full, n) = idx.top_plain(q, usize::MAX);
            let floor = |best: i64| best * 3 / 4;
            let expected: Vec<Hit> = match full.first() {
                Some(best) => {
                    let low = floor(best.score);
                    full.iter().filter(|h| h.score >= low).cloned().collect()
                }
                None => Vec::new(),
            };
            let (got, m) = idx.top_at_least(q, floor);
            assert_eq!(m, n, "{scorer:?} {q}");
            assert_eq!(got, expected, "{scorer:?} {q}");
        }
    }
}

#[test]
fn nucleo_ranks_the_sample_queries_as_skim_does() {
    let skim = sample().with_scorer(Scorer::Skim);
    let nucleo = sample().with_scorer(Scorer::Nucleo);
    for q in [
        "talks",
        "talks !doha",
        "taliban talks",
        "karzai",
        "bbc",
        "NATO",
        "Nato",
        "cafe creme",
        "'tlks",
        "tlks",
        "c1",
        "C13",
    ] {
        assert_eq!(ids(&nucleo, q), ids(&skim, q), "{q}");
    }
}
