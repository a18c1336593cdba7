//! `claimdesk mark`: set a claim's verdict, note and sources.

use std::path::Path;

use anyhow::{Context, Result, bail};

use super::{analyst, open_doc, out};
use crate::config::Config;
use crate::domain::link::is_web_url;
use crate::domain::sanitize;
use crate::domain::{Stamp, Verdict};

/// Set (or with [`Verdict::NotReviewed`] take back) a claim's verdict;
/// note and sources too.
#[allow(clippy::too_many_arguments)]
pub fn mark(
    path: &Path,
    id: &str,
    verdict: Verdict,
    note: Option<String>,
    sources: &[String],
    config: &Config,
    who: Option<&str>,
) -> Result<()> {
    let mut doc = open_doc(path)?;
    let by = analyst(config, who, &doc);
    let at = Stamp::now();
    let sheet_path = doc.sheet_path.clone();
    let second_review = crate::domain::team::settings_for(&sheet_path)?.second_review;
    let id = super::ids::resolve(&doc, id)?;
    let Some(claim) = doc.sheet.claim_mut(&id) else {
        bail!("{}: no claim with id \"{id}\"", sheet_path.display());
    };
    let before = Verdict::of(claim);
    let settled = crate::domain::team::is_disputed(claim);
    let pending = match verdict.status() {
        Some(status) => {
            crate::domain::team::give_verdict(claim, status, &by, at, second_review);
            second_review
        }
        None => {
            claim.clear_verdict(&by, at);
            false
        }
    };
    if let Some(note) = note {
        claim.set_field("note", note, &by, at);
    }
    for s in sources {
        warn_if_not_a_link(s);
        claim.add_source(s, &by, at);
    }
    doc.save()
        .with_context(|| format!("claim {id} was not saved"))?;
    println!(
        "{}: {verdict} (was {before}{}), saved to {}",
        sanitize::line(&id),
        match (settled && verdict != Verdict::NotReviewed, pending) {
            (true, _) => "; dispute settled",
            (false, true) => "; pending second review",
            _ => "",
        },
        out::name(&sheet_path)
    );
    Ok(())
}

/// A source may be a citation in words, kept as it is; but say so, in case
/// a link was meant.
fn warn_if_not_a_link(source: &str) {
    let source = source.trim();
    if !source.is_empty() && !is_web_url(source) {
        eprintln!(
            "claimdesk: warning: source \"{}\" is not a web address (kept as a citation)",
            sanitize::line(source)
        );
    }
}
