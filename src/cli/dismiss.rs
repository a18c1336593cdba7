//! `claimdesk dismiss`: claims that are not claims at all leave the sheet,
//! each leaving a tombstone marked `dismissed`, so `init --merge` never
//! brings them back.

use std::path::PathBuf;

use anyhow::{Context, Result, bail};

use super::{Ctx, analyst, open_doc, out};
use crate::domain::{Stamp, edit, sanitize};

#[derive(Debug, clap::Args)]
#[command(
    after_help = "Example:\n  claimdesk dismiss story.txt C4 C9 C12     not claims: removed, never offered again"
)]
pub struct Args {
    /// The article or its sheet.
    pub path: PathBuf,
    /// The claims' ids (any case).
    #[arg(required = true)]
    pub ids: Vec<String>,
}

pub fn run(args: Args, ctx: &Ctx) -> Result<()> {
    let mut doc = open_doc(&args.path)?;
    let ids = super::ids::resolve_all(&doc, &args.ids)?;
    let by = analyst(ctx.config, ctx.analyst, &doc);
    let refs: Vec<&str> = ids.iter().map(String::as_str).collect();
    let Some(splice) = edit::dismiss(&doc.sheet, &refs, &by, Stamp::now()) else {
        bail!("{}: nothing to dismiss", out::name(&doc.sheet_path));
    };
    splice.apply(&mut doc.sheet);
    doc.save().context("nothing was dismissed")?;
    let n = splice.tombstones_added.len();
    println!(
        "{}: dismissed as not claim{} ({} claim{} left), saved to {}",
        sanitize::line(&ids.join(", ")),
        if n == 1 { "" } else { "s" },
        doc.sheet.claims.len(),
        if doc.sheet.claims.len() == 1 { "" } else { "s" },
        out::name(&doc.sheet_path)
    );
    Ok(())
}
