//! The matching index kept on disk between runs, so that a large library
//! is indexed once per change, not once per `claimdesk prior`: a file named
//! after a hash of the library's records (and of the index's format) in
//! `$XDG_CACHE_HOME/claimdesk/` (or `~/.cache/claimdesk/`). A missing,
//! stale or unreadable file is rebuilt; failing to write one is not an
//! error (the index is simply built again next time).

use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use super::matcher::Matcher;
use super::record::Record;

/// Libraries smaller than this are indexed at once, never cached.
pub const MIN_RECORDS: usize = 5_000;

/// Raised whenever the index's layout or the matching changes.
const VERSION: &str = "factcheck-index-1";

/// `$XDG_CACHE_HOME/claimdesk` (or `~/.cache/claimdesk`).
pub fn cache_dir() -> Option<PathBuf> {
    std::env::var_os("XDG_CACHE_HOME")
        .map(PathBuf::from)
        .filter(|p| p.is_absolute())
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cache")))
        .map(|base| base.join("claimdesk"))
}

/// The cache file for these records.
pub fn path_for(dir: &Path, records: &[Record]) -> PathBuf {
    let mut hash = Sha256::new();
    hash.update(VERSION.as_bytes());
    for r in records {
        if let Ok(line) = serde_json::to_vec(r) {
            hash.update(&line);
            hash.update(b"\n");
        }
    }
    let digest = hash.finalize();
    let hex: String = digest.iter().take(12).map(|b| format!("{b:02x}")).collect();
    dir.join(format!("factcheck-index-{hex}.json"))
}

/// The index of these records: read from `dir` when it holds a cached one
/// for exactly these records, else built (and written there, replacing
/// the older ones, when the library is large).
pub fn load_or_build(records: &[Record], dir: Option<&Path>) -> Matcher {
    let Some(dir) = dir.filter(|_| records.len() >= MIN_RECORDS) else {
        return Matcher::build(records);
    };
    let path = path_for(dir, records);
    if let Some(m) = std::fs::read(&path)
        .ok()
        .and_then(|bytes| serde_json::from_slice::<Matcher>(&bytes).ok())
        .filter(|m| m.len() == records.len())
    {
        return m;
    }
    let matcher = Matcher::build(records);
    if std::fs::create_dir_all(dir).is_ok()
        && let Ok(bytes) = serde_json::to_vec(&matcher)
        && crate::domain::store::write_atomic(&path, &bytes).is_ok()
    {
        remove_others(dir, &path);
    }
    matcher
}

/// Older cache files of ours (other libraries' or stale): removed, so the
/// cache holds one index.
fn remove_others(dir: &Path, keep: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let p = e.path();
        let ours = p
            .file_name()
            .and_then(|n| n.to_str())
            .is_some_and(|n| n.starts_with("factcheck-index-") && n.ends_with(".json"));
        if ours && p != keep {
            let _ = std::fs::remove_file(&p);
        }
    }
}
