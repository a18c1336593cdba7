//! Work that could not be saved: recovery files (written after a crash or
//! a signal) and `.mine` files (written when a save was refused), beside
//! the sheet. Each is numbered (`NAME.claims.toml.recovery`,
//! `NAME.claims.toml.recovery.2`, …) and never overwritten; each carries
//! the sheet it started from (`….base`), so restoring it merges it into
//! the sheet as it is on disk now, claim by claim, rather than over it.
//! Every one is offered in turn until it is restored or discarded.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use super::paths::suffixed;
use super::{Doc, read_sheet_text};
use crate::domain::error::{Error, Result};
use crate::domain::sheet;

/// The suffix of the file beside each one holding the sheet it started from.
const BASE: &str = ".base";

impl Doc {
    /// The first recovery file's name: `NAME.claims.toml.recovery`.
    pub fn recovery_path(&self) -> PathBuf {
        suffixed(&self.sheet_path, ".recovery")
    }

    /// Write the sheet in memory to a new recovery file (after a crash or a
    /// signal); returns its path.
    pub fn write_recovery(&self) -> Result<PathBuf> {
        self.write_aside(".recovery")
    }

    /// Write the sheet in memory to a new `.mine` file (a save was refused);
    /// returns its path.
    pub fn write_mine(&self) -> Result<PathBuf> {
        self.write_aside(".mine")
    }

    /// Write the sheet to the first free `SHEET{kind}[.N]`, and the sheet it
    /// started from beside it.
    fn write_aside(&self, kind: &str) -> Result<PathBuf> {
        let text = sheet::render(&self.sheet);
        // Above every number in use, so the numbers keep the order written.
        let first = self
            .numbered_files()
            .iter()
            .filter(|(k, _, _)| *k == kind)
            .map(|(_, n, _)| n + 1)
            .max()
            .unwrap_or(1);
        for n in first..first + 10_000 {
            let suffix = if n == 1 {
                kind.to_owned()
            } else {
                format!("{kind}.{n}")
            };
            let path = suffixed(&self.sheet_path, &suffix);
            if path.exists() {
                continue;
            }
            if let Some(base) = self.disk_text.as_ref().and_then(|t| t.text()) {
                let base_path = suffixed(&path, BASE);
                let _ = fs::remove_file(&base_path);
                write_new(&base_path, base.as_bytes())?;
            }
            match write_new(&path, text.as_bytes()) {
                Ok(()) => return Ok(path),
                Err(Error::Io { source, .. })
                    if source.kind() == std::io::ErrorKind::AlreadyExists =>
                {
                    continue;
                }
                Err(e) => return Err(e),
            }
        }
        Err(Error::sheet(
            &self.sheet_path,
            "too many recovery files beside it; restore or remove some",
        ))
    }

    /// Every recovery and `.mine` file beside the sheet, in the order they
    /// were written.
    pub fn recovery_files(&self) -> Vec<PathBuf> {
        let mut found: Vec<_> = self
            .numbered_files()
            .into_iter()
            .map(|(kind, n, path)| {
                let written = fs::metadata(&path).and_then(|m| m.modified()).ok();
                (written, kind, n, path)
            })
            .collect();
        found.sort();
        found.into_iter().map(|(_, _, _, p)| p).collect()
    }

    /// The recovery and `.mine` files beside the sheet: kind, number, path.
    fn numbered_files(&self) -> Vec<(&'static str, u64, PathBuf)> {
        let dir = match self.sheet_path.parent() {
            Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
            _ => PathBuf::from("."),
        };
        let name = self
            .sheet_path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let mut found = Vec::new();
        for entry in fs::read_dir(&dir).into_iter().flatten().flatten() {
            let file = entry.file_name().to_string_lossy().into_owned();
            let Some(rest) = file.strip_prefix(&name) else {
                continue;
            };
            for kind in [".recovery", ".mine"] {
                let number = match rest.strip_prefix(kind) {
                    Some("") => Some(1),
                    Some(n) => n.strip_prefix('.').and_then(|n| n.parse::<u64>().ok()),
                    None => None,
                };
                if let Some(n) = number {
                    found.push((kind, n, dir.join(&file)));
                }
            }
        }
        found
    }

    /// The first recovery or `.mine` file that holds something the sheet
    /// does not.
    /// The file returned is the one [`Doc::restore_recovery`] and
    /// [`Doc::discard_recovery`] then act on.
    pub fn pending_recovery(&self) -> Option<PathBuf> {
        let found = self.recovery_files().into_iter().find(|path| {
            let parsed = fs::read_to_string(path)
                .ok()
                .and_then(|text| sheet::parse(path, &text, None).ok());
            parsed.is_some_and(|p| p != self.sheet)
        });
        self.offered.replace(found.clone());
        found
    }

    /// The file last offered if it is still there, else the first pending.
    fn offered_or_pending(&self) -> Option<PathBuf> {
        let offered = self.offered.borrow().clone();
        offered
            .filter(|p| p.is_file())
            .or_else(|| self.pending_recovery())
    }

    /// Merge the recovery file offered last (else the first pending) into
    /// the sheet as it is on disk now (against the sheet it started from), save, and remove it.
    pub fn restore_recovery(&mut self) -> Result<()> {
        let Some(path) = self.offered_or_pending() else {
            return Ok(());
        };
        let text = read_sheet_text(&path)?;
        let ours = sheet::parse(&path, &text, None)?;
        let base_path = suffixed(&path, BASE);
        match read_sheet_text(&base_path) {
            Ok(base_text) => {
                let base = sheet::parse(&base_path, &base_text, None)?;
                self.base = Some(super::base::Base::of(&base));
                self.disk_text = Some(super::disk_text::DiskText::Held(base_text));
                self.layout = None;
                self.disk_stamp.set(None);
            }
            // No base (written by an older claimdesk): against the sheet
            // on disk now, as before.
            Err(_) => self.reload()?,
        }
        self.sheet = ours;
        self.save()?;
        remove(&path)?;
        remove(&base_path)
    }

    /// Remove the recovery file offered last (else the first pending), and
    /// its base.
    pub fn discard_recovery(&self) -> Result<()> {
        let Some(path) = self.offered_or_pending() else {
            return Ok(());
        };
        remove(&path)?;
        remove(&suffixed(&path, BASE))
    }
}

fn remove(path: &Path) -> Result<()> {
    match fs::remove_file(path) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
            Err(Error::io(path, "cannot remove the recovery file", e))
        }
        _ => Ok(()),
    }
}

/// Write a new file, flushed to disk; fails (AlreadyExists) rather than
/// replace one.
fn write_new(path: &Path, bytes: &[u8]) -> Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    let mut tmp = tempfile::Builder::new()
        .prefix(".claimdesk.")
        .suffix(".tmp")
        .tempfile_in(dir)
        .map_err(|e| Error::io(path, "cannot create a temporary file beside it", e))?;
    tmp.write_all(bytes)
        .and_then(|()| tmp.as_file().sync_all())
        .map_err(|e| Error::io(path, "cannot write it", e))?;
    tmp.persist_noclobber(path)
        .map_err(|e| Error::io(path, "cannot write it", e.error))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::claim::{Claim, Stamp, Status};

    #[test]
    fn recovery_files_are_numbered_and_restored_by_merging() {
        let dir = tempfile::tempdir().unwrap();
        let article = dir.path().join("story.txt");
        let text = "Alice said the bridge is 40 years old. Bob denied it.\n";
        fs::write(&article, text).unwrap();
        let claims = vec![Claim::new("", text, 11, 37), Claim::new("", text, 39, 52)];
        let mut doc = Doc::create(&article, claims).unwrap();
        doc.save().unwrap();
        assert_eq!(doc.pending_recovery(), None);
        // Two crashes, two files: the second does not replace the first.
        let mut first = Doc::open(&article).unwrap();
        first.sheet.claims[0].set_status(Status::Denied, "ana", Stamp::now());
        let p1 = first.write_recovery().unwrap();
        let mut second = Doc::open(&article).unwrap();
        second.sheet.claims[0].set_field("note", "from the 2nd".into(), "ana", Stamp::now());
        let p2 = second.write_mine().unwrap();
        assert_ne!(p1, p2);
        assert_eq!(doc.recovery_files(), vec![p1.clone(), p2.clone()]);
        // Meanwhile another writer saved a verdict on C2.
        let mut other = Doc::open(&article).unwrap();
        other.sheet.claims[1].set_status(Status::Confirmed, "bo", Stamp::now());
        other.save().unwrap();
        // Restoring merges, never over the other writer's verdict.
        let mut fresh = Doc::open(&article).unwrap();
        assert_eq!(fresh.pending_recovery(), Some(p1.clone()));
        fresh.restore_recovery().unwrap();
        assert!(!p1.exists() && !suffixed(&p1, BASE).exists());
        assert_eq!(fresh.pending_recovery(), Some(p2.clone()));
        fresh.restore_recovery().unwrap();
        assert_eq!(fresh.pending_recovery(), None);
        let back = Doc::open(&article).unwrap();
        assert_eq!(back.sheet.claims[0].status, Status::Denied);
        assert_eq!(back.sheet.claims[0].note, "from the 2nd");
        assert_eq!(back.sheet.claims[1].status, Status::Confirmed);
    }

    #[test]
    fn discard_acts_on_the_file_offered() {
        let dir = tempfile::tempdir().unwrap();
        let article = dir.path().join("story.txt");
        let text = "Alice said the bridge is 40 years old. Bob denied it.\n";
        fs::write(&article, text).unwrap();
        let mut doc = Doc::create(&article, vec![Claim::new("", text, 11, 37)]).unwrap();
        doc.save().unwrap();
        // A: the sheet as it is (nothing to offer); B: a verdict.
        let a = doc.write_recovery().unwrap();
        let mut other = Doc::open(&article).unwrap();
        other.sheet.claims[0].set_status(Status::Denied, "ana", Stamp::now());
        let b = other.write_recovery().unwrap();
        assert_eq!(doc.pending_recovery(), Some(b.clone()));
        // Meanwhile the sheet in memory changes: A would now differ too.
        doc.sheet.claims[0].set_field("note", "x".into(), "ana", Stamp::now());
        doc.discard_recovery().unwrap();
        assert!(!b.exists(), "the file offered is the one discarded");
        assert!(a.exists());
    }
}
