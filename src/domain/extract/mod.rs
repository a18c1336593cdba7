//! Claim extraction from article text. Issue #6 builds the extractor.

use crate::domain::Claim;

/// The candidate claims of an article text, in article order, with ids left
/// empty (the sheet assigns them).
pub fn claims(_text: &str) -> Vec<Claim> {
    Vec::new()
}
