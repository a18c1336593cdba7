//! Safe loading and saving of a sheet and its article.
//!
//! Saves are atomic: the new text goes to a temporary file in the sheet's
//! folder, is flushed to disk (fsync), renamed over the sheet, and the folder
//! is flushed too, so a crash at any instant leaves the old sheet or the new
//! one, never a mix. A sheet that fails to parse is never written over, and a
//! sheet changed on disk since it was read is never overwritten silently.
//!
//! - [`doc`]: the [`Doc`], opened, checked, compared with the disk.
//! - [`base`]: what is kept of the sheet on disk to compare with.
//! - [`disk_text`]: its text, in memory or, for a big sheet, its open file.
//! - [`lock`]: saving under the write lock, merging first.
//! - [`atomic`]: the atomic write itself.
//! - [`paths`]: which file is which, and reading a sheet's text.
//! - [`recovery`]: work that could not be saved.

mod atomic;
mod base;
mod disk_text;
mod doc;
mod lock;
mod paths;
mod recovery;

pub(crate) use atomic::sync_dir;
pub use atomic::{RealOps, SaveOps, write_atomic, write_atomic_with};
pub use doc::{Doc, FileStamp};
pub use lock::{Lock, LockInfo, Locked, MergeReport};
pub use paths::{is_article_path, is_sheet_path, read_sheet_text, sheet_path_for};

#[cfg(test)]
mod tests;
