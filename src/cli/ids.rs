//! Claim ids as typed on the command line: any case (`c3` is `C3`), and a
//! clear error naming the known ids when there is no such claim.

use anyhow::{Result, bail};

use crate::domain::sanitize;
use crate::domain::store::Doc;

/// The id of the sheet's claim that `typed` names: the same id, or failing
/// that the one id equal to it in another case.
pub fn resolve(doc: &Doc, typed: &str) -> Result<String> {
    let typed = typed.trim();
    let claims = &doc.sheet.claims;
    if let Some(c) = claims.iter().find(|c| c.id == typed) {
        return Ok(c.id.clone());
    }
    let mut same = claims.iter().filter(|c| c.id.eq_ignore_ascii_case(typed));
    if let (Some(c), None) = (same.next(), same.next()) {
        return Ok(c.id.clone());
    }
    let known: Vec<String> = claims.iter().map(|c| c.id.clone()).collect();
    let hint = if known.is_empty() {
        "the sheet has no claims".to_owned()
    } else {
        format!("known ids: {}", abbreviate(&known))
    };
    let gone = doc
        .sheet
        .deleted
        .iter()
        .find(|t| t.id.eq_ignore_ascii_case(typed))
        .map_or(String::new(), |t| {
            let what = if t.dismissed { "dismissed" } else { "deleted" };
            format!("; {} was {what}", sanitize::line(&t.id))
        });
    bail!(
        "{}: no claim with id \"{}\" ({hint}{gone})",
        doc.sheet_path.display(),
        sanitize::line(typed)
    )
}

/// Each of `typed` resolved, in order.
pub fn resolve_all(doc: &Doc, typed: &[String]) -> Result<Vec<String>> {
    typed.iter().map(|t| resolve(doc, t)).collect()
}

fn abbreviate(ids: &[String]) -> String {
    if ids.len() <= 12 {
        ids.join(", ")
    } else {
        format!("{}, ... {}", ids[..10].join(", "), ids[ids.len() - 1])
    }
}
