//! What a ClaimReview export says besides its text: no publish URL, and the
//! claims it left out and why. The CLI prints these on standard error; the
//! TUI can show the same after `E`.

use super::{Format, Options, Output};
use crate::domain::store::Doc;
use crate::domain::team::is_disputed;

/// The notes for `output`, rendered from `docs` with `options`, and the
/// output with `left_out` counting only the claims never reviewed or given
/// a verdict on an earlier version of the text (disputed and pending ones
/// are said apart). Other formats have no notes.
pub fn claimreview_notes(
    docs: &[&Doc],
    format: Format,
    options: &Options,
    output: Output,
) -> (Vec<String>, Output) {
    let mut notes = Vec::new();
    if format != Format::ClaimReview {
        return (notes, output);
    }
    if options.publish_url.is_none() {
        notes.push("note: no `publish_url` in the configuration, so the ClaimReviews have no `url` (search engines require one)".to_owned());
    }
    let kept = |c: &&crate::domain::Claim| options.filter.is_none_or(|f| f.matches(c));
    let claims = || docs.iter().flat_map(|d| &d.sheet.claims).filter(kept);
    let recheck = claims()
        .filter(|c| c.needs_review && c.is_reviewed())
        .count();
    let disputed = claims()
        .filter(|c| (is_disputed(c) || c.pending) && c.verdict_is_current())
        .count();
    if disputed > 0 {
        notes.push(format!(
            "{disputed} claim{} disputed or pending second review left out of the ClaimReview export (settle them with 'claimdesk mark', approve them with 'claimdesk approve')",
            plural(disputed)
        ));
    }
    let left_out = output.left_out.saturating_sub(disputed);
    if recheck > 0 {
        notes.push(format!(
            "{left_out} claims left out of the ClaimReview export: {} never reviewed, {recheck} with a verdict given on an earlier version of the text (mark them again)",
            left_out.saturating_sub(recheck),
        ));
    } else if left_out > 0 {
        notes.push(format!(
            "{left_out} claim{} never reviewed left out of the ClaimReview export (a ClaimReview needs a verdict)",
            plural(left_out)
        ));
    }
    (notes, Output { left_out, ..output })
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}
