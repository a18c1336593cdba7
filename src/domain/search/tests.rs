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
        let got: Vec<Scored> = s.search(q).in_document_order().to_vec();
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
