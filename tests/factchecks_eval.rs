//! How well prior fact-checks are found: the CheckThat! 2020 "previously
//! fact-checked claims" dev split (tweets against 10,389 Snopes claims)
//! and the share of unrelated news claims (PolNeAR dev) that show a match.
//! Ignored when ../shared/eval is not here (run it from another checkout
//! with `CLAIMDESK_EVAL=/path/to/eval cargo test ... -- --include-ignored`). Figures in docs/factchecks.md.

#[path = "common/claim_retrieval.rs"]
mod claim_retrieval;

use claimdesk::domain::factcheck::matcher::{Matcher, THRESHOLD};

#[test]
#[cfg_attr(not(claimdesk_eval), ignore = "needs ../shared/eval")]
fn prior_fact_checks_are_found_on_dev_and_unrelated_claims_stay_quiet() {
    let eval = claim_retrieval::eval_dir()
        .expect("../shared/eval/claim-retrieval (or the folder CLAIMDESK_EVAL names)");
    let (records, ids) = claim_retrieval::library(&eval);
    let matcher = Matcher::build(&records);
    let dev = claim_retrieval::queries(&eval, "dev");
    assert!(dev.len() > 100, "dev split: {} tweets", dev.len());
    let (map, r1, r5) = claim_retrieval::metrics(&ids, &dev, |q| matcher.rank(q, 5));
    let unrelated = claim_retrieval::polnear_claims(&eval, "dev");
    let shown = claim_retrieval::shown_rate(&matcher, &unrelated, THRESHOLD);
    let dev_shown = dev
        .iter()
        .filter(|(q, gold)| {
            matcher
                .matches(q, 1)
                .first()
                .is_some_and(|m| ids[m.record] == *gold)
        })
        .count() as f64
        / dev.len() as f64;
    eprintln!(
        "dev: MAP@5 {map:.3} R@1 {r1:.3} R@5 {r5:.3}; gold shown first above the threshold {dev_shown:.3}; \
         PolNeAR dev claims with a match shown {shown:.3} ({} claims)",
        unrelated.len()
    );
    assert!(map >= 0.83, "MAP@5 {map:.3}");
    assert!(r1 >= 0.80, "R@1 {r1:.3}");
    assert!(r5 >= 0.87, "R@5 {r5:.3}");
    assert!(shown <= 0.05, "unrelated claims shown a match: {shown:.3}");
}
