//! `claimdesk mark`: set a claim's verdict, note and sources.

use std::path::Path;

use anyhow::{Context, Result, bail};

use super::{analyst, open_doc, out};
use crate::config::Config;
use crate::domain::sanitize;
use crate::domain::{Stamp, Status};

#[allow(clippy::too_many_arguments)]
pub fn mark(
    path: &Path,
    id: &str,
    status: Status,
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
    let known: Vec<String> = doc.sheet.claims.iter().map(|c| c.id.clone()).collect();
    let Some(claim) = doc.sheet.claim_mut(id) else {
        let hint = if known.is_empty() {
            "the sheet has no claims".to_owned()
        } else {
            format!("known ids: {}", abbreviate(&known))
        };
        bail!(
            "{}: no claim with id \"{}\" ({hint})",
            sheet_path.display(),
            sanitize::line(id)
        );
    };
    let before = crate::domain::Verdict::of(claim);
    let settled = crate::domain::team::is_disputed(claim);
    crate::domain::team::give_verdict(claim, status, &by, at, second_review);
    if let Some(note) = note {
        claim.set_field("note", note, &by, at);
    }
    for s in sources {
        claim.add_source(s, &by, at);
    }
    let id = claim.id.clone();
    doc.save()
        .with_context(|| format!("claim {id} was not saved"))?;
    println!(
        "{}: {status} (was {before}{}), saved to {}",
        sanitize::line(&id),
        match (settled, second_review) {
            (true, _) => "; dispute settled",
            (false, true) => "; pending second review",
            _ => "",
        },
        out::name(&sheet_path)
    );
    Ok(())
}

fn abbreviate(ids: &[String]) -> String {
    if ids.len() <= 12 {
        ids.join(", ")
    } else {
        format!("{}, ... {}", ids[..10].join(", "), ids[ids.len() - 1])
    }
}
