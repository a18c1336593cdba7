//! The filters `f` cycles through (and `F` backwards): all, each verdict,
//! then those that only show when some claim has them: disputed, checked
//! before, mine (assigned to the analyst), the review queue (a
//! check-worthiness score at least the extractor's threshold).

use crate::app::AppState;
use crate::app::Filter;
use crate::domain::Claim;
use crate::domain::Verdict;
use crate::domain::extract::queue::QUEUE_THRESHOLD;

/// Is the claim in the review queue: scored at least [`QUEUE_THRESHOLD`]?
pub fn in_queue(c: &Claim) -> bool {
    c.score
        .is_some_and(|s| s.get() >= f64::from(QUEUE_THRESHOLD) - 1e-6)
}

/// Is the claim assigned to `analyst`?
pub fn is_mine(c: &Claim, analyst: &str) -> bool {
    c.assignee.as_deref() == Some(analyst)
}

/// The filters offered for this sheet, in the order `f` cycles them.
pub fn cycle(state: &AppState) -> Vec<Filter> {
    let claims = state.claims();
    let mut all = vec![Filter::All];
    all.extend(Verdict::ALL.iter().map(|&v| Filter::Verdict(v)));
    if claims.iter().any(crate::domain::team::is_disputed) {
        all.push(Filter::Disputed);
    }
    let prior = state.prior.as_deref();
    if prior.is_some_and(|p| claims.iter().any(|c| !p.of(&c.id).is_empty())) {
        all.push(Filter::Prior);
    }
    if claims.iter().any(|c| is_mine(c, &state.settings.analyst)) {
        all.push(Filter::Mine);
    }
    if claims.iter().any(in_queue) {
        all.push(Filter::Queue);
    }
    all
}

/// The filter after (or before) the current one.
pub fn step(state: &AppState, forward: bool) -> Filter {
    let all = cycle(state);
    let n = all.len();
    match all.iter().position(|&f| f == state.filter) {
        Some(p) if forward => all[(p + 1) % n],
        Some(p) => all[(p + n - 1) % n],
        None => Filter::All,
    }
}
