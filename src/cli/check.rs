//! `claimdesk check`: after the article changed, where each claim is now.

use std::path::PathBuf;

use anyhow::Result;

use super::{Ctx, out};
use crate::domain::anchor::{self, Outcome};
use crate::domain::store::Doc;
use crate::domain::{Stamp, sanitize};

#[derive(Debug, clap::Args)]
#[command(
    after_help = "Example:\n  claimdesk check story.txt          report, change nothing\n  claimdesk check story.txt --fix    move the claims and record the article's new hash"
)]
pub struct Args {
    /// The article or its sheet.
    pub path: PathBuf,
    /// Apply the re-anchoring: claims found move to their new offsets, the
    /// others become orphans (kept, never dropped), and the sheet records
    /// the article's new SHA-256.
    #[arg(long)]
    pub fix: bool,
}

pub fn run(args: Args, ctx: &Ctx) -> Result<()> {
    let mut doc = Doc::open(&args.path)?;
    if !doc.article_changed() {
        println!(
            "{}: the article is unchanged since the sheet was written; all {} claims are in place",
            out::name(&doc.sheet_path),
            doc.sheet.claims.len()
        );
        print_flagged(&doc);
        return Ok(());
    }
    println!(
        "{} changed since {} was written (SHA-256 {} -> {})",
        out::name(&doc.article.path),
        out::name(&doc.sheet_path),
        short(&doc.sheet.sha256),
        short(&doc.article.sha256)
    );
    let plan = anchor::plan(&doc.sheet.claims, &doc.article.text);
    print_plan(&doc, &plan);
    let recheck = anchor::verdicts_to_recheck(&doc.sheet.claims, &doc.article.text, &plan);
    if !recheck.is_empty() {
        println!(
            "verdict to re-check: the words judged changed (verdict kept, marked needs_review)"
        );
        for (c, now) in &recheck {
            let (was, is) = around_change(&c.anchor.quote, now);
            println!(
                "{:<5} {} was \"{}\"\n      now \"{}\"",
                sanitize::line(&c.id),
                c.status,
                sanitize::line(&was),
                sanitize::line(&is)
            );
        }
    }
    if args.fix {
        let by = super::analyst(ctx.config, ctx.analyst, &doc);
        let (text, sha) = (&doc.article.text, &doc.article.sha256);
        anchor::fix(&mut doc.sheet, text, sha, &plan, &by, Stamp::now());
        doc.save()?;
        println!("saved to {}", out::name(&doc.sheet_path));
    } else {
        println!("nothing changed; run with --fix to apply");
    }
    Ok(())
}

/// Each claim that is not in place, and the count of each outcome.
fn print_plan(doc: &Doc, plan: &[anchor::Relocation]) {
    let (mut in_place, mut moved, mut approx, mut orphans) = (0, 0, 0, 0);
    for r in plan {
        let (s, e) = r.old;
        let line = match &r.outcome {
            Outcome::InPlace => {
                in_place += 1;
                continue;
            }
            Outcome::Moved { start, end } => {
                moved += 1;
                format!("moved        {s}..{e} -> {start}..{end}")
            }
            Outcome::Approximate { start, end, edits } => {
                approx += 1;
                format!("approximate  {s}..{e} -> {start}..{end} ({edits} edits)")
            }
            Outcome::Orphan => {
                orphans += 1;
                let text = doc
                    .sheet
                    .claim(&r.id)
                    .map(|c| c.text.as_str())
                    .unwrap_or("");
                format!(
                    "orphaned     \"{}\" not found",
                    sanitize::line(&excerpt(text))
                )
            }
        };
        println!("{:<5} {line}", sanitize::line(&r.id));
    }
    println!(
        "{} claims: {in_place} in place, {moved} moved, {approx} approximate, {orphans} orphaned",
        plan.len()
    );
}

/// The claims already marked `needs_review`, listed apart.
fn print_flagged(doc: &Doc) {
    let flagged: Vec<_> = doc.sheet.claims.iter().filter(|c| c.needs_review).collect();
    if flagged.is_empty() {
        return;
    }
    println!("verdict to re-check: given on an earlier version of the text");
    for c in flagged {
        println!(
            "{:<5} {} \"{}\"",
            sanitize::line(&c.id),
            c.status,
            sanitize::line(&excerpt(&c.text))
        );
    }
}

/// The first 60 characters of a text.
fn excerpt(text: &str) -> String {
    text.chars().take(60).collect()
}

/// Up to 60 characters of each text from a little before their first
/// difference, with "…" where text was left out.
fn around_change(old: &str, new: &str) -> (String, String) {
    let same = old
        .chars()
        .zip(new.chars())
        .take_while(|(a, b)| a == b)
        .count();
    let from = same.saturating_sub(20);
    let cut = |t: &str| {
        let part: String = t.chars().skip(from).take(60).collect();
        let more = t.chars().count() > from + 60;
        format!(
            "{}{part}{}",
            if from > 0 { "…" } else { "" },
            if more { "…" } else { "" }
        )
    };
    (cut(old), cut(new))
}

fn short(sha: &str) -> &str {
    sha.get(..12).unwrap_or(sha)
}
