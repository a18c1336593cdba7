//! Team work on the command line: how disputed claims show in listings.

use crate::domain::Claim;
use crate::domain::team::is_disputed;

/// The mark column (two terminal cells) and the status word `list` shows
/// for a claim: `⚡ disputed` for a verdict in dispute.
pub fn list_mark(c: &Claim) -> (String, &'static str) {
    if is_disputed(c) {
        // ⚡ is two cells wide: no space after it.
        return ("⚡".into(), "disputed");
    }
    let status = if c.is_reviewed() {
        c.status.as_str()
    } else {
        "not reviewed"
    };
    (format!("{} ", c.mark()), status)
}

/// Claims the export filter selects whose verdict would be published but
/// for its dispute: what a ClaimReview export leaves out for that reason.
pub fn disputed_left_out(
    docs: &[crate::domain::Doc],
    filter: Option<crate::domain::export::Filter>,
) -> usize {
    docs.iter()
        .flat_map(|d| &d.sheet.claims)
        .filter(|c| is_disputed(c) && c.verdict_is_current())
        .filter(|c| filter.is_none_or(|f| f.matches(c)))
        .count()
}
