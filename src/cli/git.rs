//! Sheets shared through git: `git setup` installs claimdesk's merge
//! driver in a repository, `merge-driver` is what git runs to merge a
//! sheet, and `resolve` mends a sheet git left with conflict markers.

use std::path::{Path, PathBuf};
use std::process::Command as Process;

use anyhow::{Context, Result, bail};
use clap::Subcommand;

use super::out;
use crate::domain::conflict_markers;
use crate::domain::merge_driver;
use crate::domain::store::{is_sheet_path, read_sheet_text, sheet_path_for, write_atomic};

/// The line `git setup` adds to `.gitattributes`.
pub const ATTRIBUTE: &str = "*.claims.toml merge=claimdesk";
/// The driver git runs: base, ours (written in place), theirs, path.
pub const DRIVER: &str = "claimdesk merge-driver %O %A %B %P";

#[derive(Debug, Subcommand)]
pub enum GitCommand {
    /// Make git merge sheets claim by claim in the repository holding FOLDER
    /// (a `.gitattributes` line, once, and this clone's config).
    #[command(
        after_help = "Example:\n  claimdesk git setup            in the repository holding the current folder\n  claimdesk git setup stories/"
    )]
    Setup {
        /// A folder inside the repository (default: the current folder).
        folder: Option<PathBuf>,
    },
}

/// Run git in `dir`; its standard output, trimmed, or what it said.
fn git(dir: &Path, args: &[&str]) -> Result<String> {
    let out = Process::new("git")
        .args(args)
        .current_dir(dir)
        .output()
        .with_context(|| format!("cannot run git in {}", dir.display()))?;
    if !out.status.success() {
        bail!(
            "git {}: {}",
            args.join(" "),
            String::from_utf8_lossy(&out.stderr).trim()
        );
    }
    Ok(String::from_utf8_lossy(&out.stdout).trim().to_owned())
}

pub fn run(cmd: GitCommand) -> Result<()> {
    match cmd {
        GitCommand::Setup { folder } => setup(&folder.unwrap_or_else(|| PathBuf::from("."))),
    }
}

/// `git setup`: idempotent; says what it did.
fn setup(folder: &Path) -> Result<()> {
    if !folder.is_dir() {
        bail!("{}: is not a folder", folder.display());
    }
    let root = git(folder, &["rev-parse", "--show-toplevel"])
        .with_context(|| format!("{}: not inside a git repository", folder.display()))?;
    let root = PathBuf::from(root);
    let attributes = root.join(".gitattributes");
    let old = match std::fs::read_to_string(&attributes) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => String::new(),
        Err(e) => return Err(e).with_context(|| format!("cannot read {}", attributes.display())),
    };
    if old.lines().any(|l| l.trim() == ATTRIBUTE) {
        println!("{}: already has '{ATTRIBUTE}'", out::name(&attributes));
    } else {
        let mut text = old;
        if !text.is_empty() && !text.ends_with('\n') {
            text.push('\n');
        }
        text.push_str(ATTRIBUTE);
        text.push('\n');
        write_atomic(&attributes, text.as_bytes())?;
        println!(
            "{}: added '{ATTRIBUTE}' (commit it to share it)",
            out::name(&attributes)
        );
    }
    let wanted = [
        (
            "merge.claimdesk.name",
            "claimdesk: sheets merged claim by claim",
        ),
        ("merge.claimdesk.driver", DRIVER),
    ];
    for (key, value) in wanted {
        let now = git(&root, &["config", "--local", "--get", key]).unwrap_or_default();
        if now == value {
            println!("git config {key}: already set");
        } else {
            git(&root, &["config", "--local", key, value])?;
            println!("git config {key} = \"{value}\"");
        }
    }
    Ok(())
}

/// `merge-driver BASE OURS THEIRS [PATH]`: the merge written to OURS. A
/// side that does not parse: git's own conflict markers in OURS, and an
/// error (git then reports the conflict as for any file).
pub fn merge_driver(base: &Path, ours: &Path, theirs: &Path, path: Option<&Path>) -> Result<()> {
    let name = path.unwrap_or(ours);
    let read = |p: &Path| -> Result<String> {
        match std::fs::read(p) {
            Ok(bytes) => Ok(String::from_utf8_lossy(&bytes).into_owned()),
            Err(e) => Err(e).with_context(|| format!("cannot read {}", p.display())),
        }
    };
    let (b, o, t) = (read(base)?, read(ours)?, read(theirs)?);
    match merge_driver::merge_texts(name, &b, &o, &t) {
        Ok(outcome) => {
            write_atomic(ours, outcome.text.as_bytes())?;
            report(name, &outcome.merged);
            Ok(())
        }
        Err(e) => {
            let dir = ours.parent().filter(|d| !d.as_os_str().is_empty());
            let dir = dir.unwrap_or(Path::new("."));
            let marked = Process::new("git")
                .args(["merge-file", "-L", "ours", "-L", "base", "-L", "theirs"])
                .arg(ours)
                .arg(base)
                .arg(theirs)
                .current_dir(dir)
                .status();
            if let Err(run) = marked {
                eprintln!("claimdesk: cannot run git merge-file: {run}");
            }
            Err(anyhow::Error::new(e).context("not merged claim by claim; left with git's markers"))
        }
    }
}

/// What a merge did that the analysts should know, on standard error.
fn report(name: &Path, merged: &crate::domain::merge::Merged) {
    let name = out::name(name);
    if !merged.disputed.is_empty() {
        eprintln!(
            "claimdesk: {name}: disputed verdicts (settle them with 'claimdesk mark' or in the TUI): {}",
            merged.disputed.join(", ")
        );
    }
    for (old, new) in &merged.renumbered {
        eprintln!(
            "claimdesk: {name}: both sides made a claim {old}; the one later in the article is now {new}"
        );
    }
}

/// `resolve PATH`: rebuild a sheet with conflict markers from the markers'
/// two sides, merged claim by claim (the base from git when it can say).
pub fn resolve(path: &Path) -> Result<()> {
    let sheet = if is_sheet_path(path) {
        path.to_path_buf()
    } else {
        sheet_path_for(path)
    };
    let text = read_sheet_text(&sheet)?;
    let Some(sides) = conflict_markers::split(&text) else {
        println!(
            "{}: no conflict markers; nothing to resolve",
            out::name(&sheet)
        );
        return Ok(());
    };
    let base = match sides.base.clone() {
        Some(base) => base,
        None => base_from_git(&sheet).unwrap_or_default(),
    };
    let outcome = merge_driver::merge_texts(&sheet, &base, &sides.ours, &sides.theirs)?;
    write_atomic(&sheet, outcome.text.as_bytes())?;
    report(&sheet, &outcome.merged);
    println!(
        "{}: resolved, {} claims ({} disputed); 'git add' it to finish the merge",
        out::name(&sheet),
        outcome.merged.sheet.claims.len(),
        outcome.merged.disputed.len()
    );
    Ok(())
}

/// The sheet as it was at the merge base of HEAD and the branch being
/// merged (MERGE_HEAD), when git knows both.
fn base_from_git(sheet: &Path) -> Option<String> {
    let dir = sheet.parent().filter(|d| !d.as_os_str().is_empty());
    let dir = dir.unwrap_or(Path::new("."));
    let file = sheet.file_name()?.to_str()?;
    let base = git(dir, &["merge-base", "HEAD", "MERGE_HEAD"]).ok()?;
    git(dir, &["show", &format!("{base}:./{file}")])
        .ok()
        .map(|t| t + "\n")
}
