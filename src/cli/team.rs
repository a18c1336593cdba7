//! Team work on the command line: how disputed, assigned and pending
//! claims show in listings; `assign` and `approve`.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};

use super::{Ctx, analyst, open_doc, out};
use crate::domain::team::{self, is_disputed};
use crate::domain::{Claim, Stamp, sanitize};

/// The mark column (two terminal cells) and the status word `list` shows
/// for a claim: `⚡ disputed` for a verdict in dispute.
pub fn list_mark(c: &Claim) -> (String, &'static str) {
    if is_disputed(c) {
        // ⚡ is two cells wide: no space after it.
        return ("⚡".into(), "disputed");
    }
    (
        format!("{} ", c.mark()),
        crate::domain::Verdict::of(c).label(),
    )
}

/// What `list` adds after a claim's text: its assignee, a verdict pending
/// second review.
pub fn list_suffix(c: &Claim) -> String {
    let mut out = String::new();
    if c.pending {
        out.push_str("  (pending second review)");
    }
    if let Some(who) = &c.assignee {
        out.push_str(&format!("  @{}", sanitize::line(who)));
    }
    out
}

#[derive(Debug, clap::Args)]
#[command(
    after_help = "Example:\n  claimdesk assign story.txt C3 C5 --to bo\n  claimdesk assign story.txt C3 --to ''      assigned to nobody"
)]
pub struct AssignArgs {
    /// The article or its sheet.
    pub path: PathBuf,
    /// The claims' ids.
    #[arg(required = true)]
    pub ids: Vec<String>,
    /// The analyst ('' for nobody).
    #[arg(long, value_name = "NAME")]
    pub to: String,
}

#[derive(Debug, clap::Args)]
#[command(
    after_help = "Example:\n  claimdesk --analyst bo approve story.txt C3\n  claimdesk --analyst bo approve story.txt C5 --send-back \"needs a second source\""
)]
pub struct ApproveArgs {
    /// The article or its sheet.
    pub path: PathBuf,
    /// The claims' ids.
    #[arg(required = true)]
    pub ids: Vec<String>,
    /// Send the verdict back to its analyst with this note instead.
    #[arg(long, value_name = "NOTE")]
    pub send_back: Option<String>,
}

/// Change each claim named with `change`; all or nothing, saved once.
fn change_claims(
    path: &Path,
    ids: &[String],
    ctx: &Ctx,
    change: &dyn Fn(&mut Claim, &str, Stamp) -> std::result::Result<String, String>,
) -> Result<()> {
    let mut doc = open_doc(path)?;
    let by = analyst(ctx.config, ctx.analyst, &doc);
    let at = Stamp::now();
    let mut said = Vec::new();
    for id in super::ids::resolve_all(&doc, ids)? {
        let Some(c) = doc.sheet.claim_mut(&id) else {
            bail!(
                "{}: no claim with id \"{}\"",
                out::name(&doc.sheet_path),
                sanitize::line(&id)
            );
        };
        match change(c, &by, at) {
            Ok(line) => said.push(line),
            Err(e) => bail!("{}: {}", out::name(&doc.sheet_path), sanitize::line(&e)),
        }
    }
    doc.save().context("nothing was saved")?;
    for line in said {
        println!("{}", sanitize::line(&line));
    }
    Ok(())
}

pub fn assign(args: AssignArgs, ctx: &Ctx) -> Result<()> {
    let to = args.to.clone();
    change_claims(&args.path, &args.ids, ctx, &|c, by, at| {
        team::assign(c, Some(&to), by, at);
        Ok(match &c.assignee {
            Some(who) => format!("{}: assigned to {who}", c.id),
            None => format!("{}: assigned to nobody", c.id),
        })
    })
}

pub fn approve(args: ApproveArgs, ctx: &Ctx) -> Result<()> {
    let back = args.send_back.clone();
    change_claims(&args.path, &args.ids, ctx, &|c, by, at| match &back {
        Some(note) => team::send_back(c, note, by, at).map(|()| format!("{}: sent back", c.id)),
        None => team::approve(c, by, at).map(|()| format!("{}: {} approved", c.id, c.status)),
    })
}
