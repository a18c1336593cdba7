//! Export of the verification sheet. Issue #5 builds the formats.

use crate::domain::error::{Error, Result};
use crate::domain::store::Doc;

/// The export formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Markdown,
    Csv,
    Json,
    Html,
    ClaimReview,
}

/// Render one or more documents (a folder gives several) in a format.
pub fn render(_docs: &[&Doc], _format: Format) -> Result<String> {
    Err(Error::Invalid("export is not built yet".into()))
}
