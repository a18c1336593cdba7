//! `init --force` on a sheet that does not parse (a git conflict, a bad
//! hand edit): refused unless `--discard-broken` is given, and then the old
//! file is kept as `NAME.claims.toml.broken` (numbered if that exists).

use std::path::{Path, PathBuf};

use anyhow::{Result, bail};

use crate::domain::sanitize;
use crate::domain::store::read_sheet_text;

/// Before `init --force` replaces the sheet at `sheet_path`: check that it
/// parses, or (with `discard_broken`) move it aside.
pub fn check(sheet_path: &Path, discard_broken: bool) -> Result<()> {
    if !sheet_path.exists() {
        return Ok(());
    }
    let parsed = read_sheet_text(sheet_path)
        .and_then(|text| crate::domain::sheet::parse(sheet_path, &text, None));
    let Err(e) = parsed else {
        return Ok(());
    };
    let name = sanitize::line(&sheet_path.display().to_string()).into_owned();
    if !discard_broken {
        bail!(
            "{}\n{name}: does not parse, so it was not replaced; fix it, or give --discard-broken with --force to start again (the old file is then kept as {name}.broken)",
            sanitize::line(&e.to_string())
        );
    }
    let aside = free_name(sheet_path);
    std::fs::rename(sheet_path, &aside)
        .map_err(|e| anyhow::anyhow!("{name}: cannot move it aside: {e}"))?;
    eprintln!(
        "{name}: did not parse; kept as {}",
        sanitize::line(&aside.display().to_string())
    );
    Ok(())
}

/// `SHEET.broken`, or `SHEET.broken.N` for the first N free.
fn free_name(sheet_path: &Path) -> PathBuf {
    let with = |suffix: &str| {
        let mut name = sheet_path.file_name().unwrap_or_default().to_os_string();
        name.push(suffix);
        sheet_path.with_file_name(name)
    };
    let mut n = 1;
    loop {
        let candidate = if n == 1 {
            with(".broken")
        } else {
            with(&format!(".broken.{n}"))
        };
        if !candidate.exists() {
            return candidate;
        }
        n += 1;
    }
}
