//! Keeping the sheet cache under a size: when its entries add up to more
//! than [`CAP`], the least recently used go first (an entry's modification
//! time is set again each time it is used), down to three quarters of it.
//! Looked at once per process, at its first write; every failure here only
//! means a bigger cache.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::SystemTime;

/// The most the cache of sheets keeps, in bytes.
pub const CAP: u64 = 256 * 1024 * 1024;

static LOOKED: AtomicBool = AtomicBool::new(false);

/// Prune `dir` to `cap`, the first time this process writes an entry.
pub(super) fn after_first_write(dir: &Path, cap: u64) {
    if !LOOKED.swap(true, Ordering::Relaxed) {
        prune(dir, cap);
    }
}

/// Mark the entry `file` as just used.
pub(super) fn touch(file: &Path) {
    let _ = std::fs::File::open(file).and_then(|f| f.set_modified(SystemTime::now()));
}

/// When the entries of `dir` add up to more than `cap` bytes, remove the
/// least recently used until they fit in three quarters of it; returns how
/// many were removed.
pub fn prune(dir: &Path, cap: u64) -> usize {
    let Ok(list) = std::fs::read_dir(dir) else {
        return 0;
    };
    let mut entries: Vec<(SystemTime, u64, PathBuf)> = list
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().ends_with(".bin"))
        .filter_map(|e| {
            let meta = e.metadata().ok()?;
            let used = meta.modified().ok()?;
            meta.is_file().then(|| (used, meta.len(), e.path()))
        })
        .collect();
    let mut total: u64 = entries.iter().map(|(_, len, _)| len).sum();
    if total <= cap {
        return 0;
    }
    entries.sort();
    let goal = cap / 4 * 3;
    let mut removed = 0;
    for (_, len, path) in entries {
        if total <= goal {
            break;
        }
        if std::fs::remove_file(&path).is_ok() {
            total -= len;
            removed += 1;
        }
    }
    removed
}
