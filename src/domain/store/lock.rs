//! Saving a [`Doc`] under the sheet's write lock: what another writer left
//! on disk is merged with the changes in memory first, then the sheet is
//! written atomically with the line endings the file had. The session lock
//! (one TUI per sheet) is re-exported from here.

use std::fs;
use std::path::Path;

use super::atomic::{RealOps, SaveOps, write_atomic_with};
use super::disk_text::DiskText;
use super::doc::{Doc, FileStamp};
use super::paths::read_sheet_file;
use crate::domain::error::{Error, Result};
pub use crate::domain::session_lock::{Lock, LockInfo, Locked};
use crate::domain::sheet;
use crate::domain::write_lock::{self, WriteLock, write_target};
use crate::domain::{line_endings, merge};

/// What a save found on disk and merged with the changes in memory.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MergeReport {
    /// Claims whose verdict was set differently here and there: disputed.
    pub disputed: Vec<String>,
    /// Claims created here and there under one id: (old id, new id).
    pub renumbered: Vec<(String, String)>,
}

impl Doc {
    /// Save the sheet atomically, under the write lock: when the file on
    /// disk changed since it was read, what is there is merged with the
    /// changes in memory first (see [`Doc::take_merge`]). A sheet on disk
    /// that no longer parses is never written over.
    pub fn save(&mut self) -> Result<()> {
        self.save_with(&RealOps)
    }

    /// [`Doc::save`] through the given operations (fault injection).
    pub fn save_with(&mut self, ops: &dyn SaveOps) -> Result<()> {
        let target = write_target(&self.sheet_path)?;
        let _lock = WriteLock::acquire(&target, write_lock::WAIT)?;
        self.merge_from_disk()?;
        self.write_to(&target, ops)
    }

    /// Save over whatever is on disk, under the write lock (`init --force`).
    pub fn save_over(&mut self) -> Result<()> {
        self.save_over_with(&RealOps)
    }

    /// [`Doc::save_over`] through the given operations (fault injection).
    pub fn save_over_with(&mut self, ops: &dyn SaveOps) -> Result<()> {
        let target = write_target(&self.sheet_path)?;
        let _lock = WriteLock::acquire(&target, write_lock::WAIT)?;
        self.write_to(&target, ops)
    }

    /// What the last save merged in from others, if it had to merge.
    pub fn take_merge(&mut self) -> Option<MergeReport> {
        self.merged.take()
    }

    /// With the write lock held: when the sheet on disk is not the one last
    /// read or written, merge it (theirs) with the sheet in memory (ours)
    /// against the one last read (base).
    fn merge_from_disk(&mut self) -> Result<()> {
        if !self.changed_on_disk()? {
            return Ok(());
        }
        let (text, file) = match read_sheet_file(&self.sheet_path) {
            Ok(read) => read,
            Err(Error::Io { source, .. }) if source.kind() == std::io::ErrorKind::NotFound => {
                return Ok(());
            }
            Err(e) => return Err(e),
        };
        let theirs = sheet::parse(&self.sheet_path, &text, None)?;
        let base = self.base_sheet()?.unwrap_or_else(|| {
            let mut empty = self.sheet.clone();
            empty.claims.clear();
            empty.deleted.clear();
            empty
        });
        let merged = merge::merge(&base, &self.sheet, &theirs)?;
        self.sheet = merged.sheet;
        self.merged = Some(MergeReport {
            disputed: merged.disputed,
            renumbered: merged.renumbered,
        });
        self.base = Some(super::base::Base::of(&theirs));
        self.disk_text = Some(DiskText::read(text, file));
        self.layout = None;
        Ok(())
    }

    /// Write the sheet to `target` (the sheet or its link's target), with
    /// the line endings the file had.
    fn write_to(&mut self, target: &Path, ops: &dyn SaveOps) -> Result<()> {
        // Every writer writes only an article value the readers accept.
        crate::domain::paths::check_value(&self.sheet.article).map_err(|why| {
            let leaves = crate::domain::paths::LEAVES;
            Error::sheet(&self.sheet_path, format!("{leaves}: {why}; not written"))
        })?;
        let (text, layout) = self.render_for_save();
        let crlf = self.disk_text.as_ref().is_some_and(DiskText::is_crlf);
        let (text, layout) = if crlf {
            (line_endings::to_crlf(&text), None)
        } else {
            (text, Some(layout))
        };
        let result = write_atomic_with(target, text.as_bytes(), ops);
        // A failure after the rename (the folder's fsync) still left our text
        // in place: remember it, or the next save would see a conflict.
        let on_disk = result.is_ok() || fs::read(target).is_ok_and(|b| b == text.as_bytes());
        if on_disk {
            let stamp = if result.is_ok() {
                FileStamp::of(&self.sheet_path)
            } else {
                None
            };
            self.base = Some(super::base::Base::of(&self.sheet));
            self.disk_text = Some(DiskText::written(text, &self.sheet_path, stamp));
            self.layout = layout;
            self.disk_stamp.set(stamp);
        }
        result
    }
}
