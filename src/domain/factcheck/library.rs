//! The library of fact-checks on disk: JSON Lines files (one record a line,
//! sorted by url then claim, one record per url + claim) in a
//! `factchecks/` folder, either a workspace's (shared through git with the
//! sheets) or the analyst's own under `$XDG_DATA_HOME/claimdesk/`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use super::import::Bad;
use super::record::Record;
use crate::domain::write_lock::{self, WriteLock};
use crate::domain::{Error, Result, store};

/// The folder name of a library inside a workspace or the data folder.
pub const FOLDER: &str = "factchecks";

/// The file imports write to inside a library folder.
pub const FILE: &str = "library.jsonl";

/// Fact-checks, sorted and unique by url + claim.
#[derive(Debug, Default, Clone)]
pub struct Library {
    records: Vec<Record>,
}

/// How an import changed the library.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Change {
    pub added: usize,
    pub updated: usize,
    pub unchanged: usize,
}

impl Library {
    /// A library of these records (sorted and deduplicated; a later record
    /// with the same url + claim replaces an earlier one).
    pub fn from_records(records: Vec<Record>) -> Library {
        let mut lib = Library::default();
        lib.merge(records);
        lib
    }

    pub fn records(&self) -> &[Record] {
        &self.records
    }

    pub fn len(&self) -> usize {
        self.records.len()
    }

    pub fn is_empty(&self) -> bool {
        self.records.is_empty()
    }

    /// Add records; the same url + claim replaces the record kept.
    pub fn merge(&mut self, records: Vec<Record>) -> Change {
        let mut change = Change::default();
        let mut map: BTreeMap<(String, String), Record> = std::mem::take(&mut self.records)
            .into_iter()
            .map(|r| ((r.url.clone(), r.claim_reviewed.clone()), r))
            .collect();
        for r in records {
            let key = (r.url.clone(), r.claim_reviewed.clone());
            match map.insert(key, r.clone()) {
                None => change.added += 1,
                Some(old) if old == r => change.unchanged += 1,
                Some(_) => change.updated += 1,
            }
        }
        self.records = map.into_values().collect();
        change
    }

    /// The JSON Lines text of the library.
    pub fn to_jsonl(&self) -> String {
        let mut out = String::new();
        for r in &self.records {
            if let Ok(line) = serde_json::to_string(r) {
                out.push_str(&line);
                out.push('\n');
            }
        }
        out
    }

    /// Records from JSON Lines text; lines that are not records are
    /// returned as bad with their line number.
    pub fn parse_jsonl(text: &str) -> (Vec<Record>, Vec<Bad>) {
        let mut records = Vec::new();
        let mut bad = Vec::new();
        for (i, line) in text.lines().enumerate() {
            if line.trim().is_empty() {
                continue;
            }
            match serde_json::from_str::<Record>(line) {
                Ok(r) => records.push(r),
                Err(e) => bad.push(Bad {
                    position: format!("line {}", i + 1),
                    reason: e.to_string(),
                }),
            }
        }
        (records, bad)
    }

    /// Every `*.jsonl` of a library folder (none when it does not exist).
    /// Bad lines come back with "FILE:LINE".
    pub fn load_folder(dir: &Path) -> Result<(Library, Vec<Bad>)> {
        let mut lib = Library::default();
        let mut bad = Vec::new();
        for file in jsonl_files(dir)? {
            let text = std::fs::read_to_string(&file).map_err(|source| Error::Io {
                path: file.clone(),
                what: "cannot read the fact-check library",
                source,
            })?;
            let (records, problems) = Library::parse_jsonl(&text);
            lib.merge(records);
            bad.extend(problems.into_iter().map(|b| Bad {
                position: format!(
                    "{}:{}",
                    file.display(),
                    b.position.trim_start_matches("line ")
                ),
                reason: b.reason,
            }));
        }
        Ok((lib, bad))
    }

    /// The libraries of several folders together.
    pub fn load_all(dirs: &[PathBuf]) -> Result<(Library, Vec<Bad>)> {
        let mut lib = Library::default();
        let mut bad = Vec::new();
        for dir in dirs {
            let (l, b) = Library::load_folder(dir)?;
            lib.merge(l.records);
            bad.extend(b);
        }
        Ok((lib, bad))
    }

    /// Take the write lock of the library folder `dir` (creating it),
    /// held until dropped. An import reads, merges and saves under it, so
    /// two imports at once each keep the other's records; the second waits
    /// (at most [`write_lock::WAIT`]) for the first to finish.
    pub fn lock(dir: &Path) -> Result<WriteLock> {
        std::fs::create_dir_all(dir).map_err(|source| Error::Io {
            path: dir.to_path_buf(),
            what: "cannot create the folder",
            source,
        })?;
        WriteLock::acquire(&dir.join(FILE), write_lock::WAIT)
    }

    /// Write the library to `dir/library.jsonl` (atomically), creating the
    /// folder; nothing is written when the file already holds this text.
    pub fn save(&self, dir: &Path) -> Result<bool> {
        let path = dir.join(FILE);
        let text = self.to_jsonl();
        if std::fs::read_to_string(&path).is_ok_and(|old| old == text) {
            return Ok(false);
        }
        std::fs::create_dir_all(dir).map_err(|source| Error::Io {
            path: dir.to_path_buf(),
            what: "cannot create the folder",
            source,
        })?;
        store::write_atomic(&path, text.as_bytes())?;
        Ok(true)
    }
}

fn jsonl_files(dir: &Path) -> Result<Vec<PathBuf>> {
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(source) => {
            return Err(Error::Io {
                path: dir.to_path_buf(),
                what: "cannot read the fact-check folder",
                source,
            });
        }
    };
    let mut files: Vec<PathBuf> = entries
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "jsonl") && p.is_file())
        .collect();
    files.sort();
    Ok(files)
}

/// The analyst's own library: `$XDG_DATA_HOME/claimdesk/factchecks/`
/// (or `~/.local/share/claimdesk/factchecks/`).
pub fn user_folder() -> Option<PathBuf> {
    std::env::var_os("XDG_DATA_HOME")
        .map(PathBuf::from)
        .filter(|p| p.is_absolute())
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".local/share")))
        .map(|base| base.join("claimdesk").join(FOLDER))
}

/// The workspace library for a path: the first `factchecks/` folder in
/// the path's folder or one of its parents.
pub fn workspace_folder(path: &Path) -> Option<PathBuf> {
    let start = if path.is_dir() {
        path.to_path_buf()
    } else {
        path.parent()
            .filter(|p| !p.as_os_str().is_empty())
            .map_or_else(|| PathBuf::from("."), Path::to_path_buf)
    };
    let start = std::fs::canonicalize(&start).unwrap_or(start);
    start
        .ancestors()
        .map(|a| a.join(FOLDER))
        .find(|f| f.is_dir())
}

/// The folders searched for a path: its workspace's library, then the
/// analyst's own.
pub fn folders_for(path: &Path) -> Vec<PathBuf> {
    workspace_folder(path)
        .into_iter()
        .chain(user_folder())
        .collect()
}
