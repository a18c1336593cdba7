//! Lock files and unsaved work kept beside sheets stay out of git: `init`
//! adds their patterns, once, to the `.gitignore` at the root of the git
//! work tree holding the sheet (or in the sheet's folder outside git).

use std::fs;
use std::path::{Path, PathBuf};

use super::error::{Error, Result};

/// The lines added to `.gitignore` (the last: the write lock of a
/// workspace's fact-check library, `factchecks/.library.jsonl.wlock`).
pub const PATTERNS: [&str; 5] = [
    "*.claims.toml.lock",
    "*.claims.toml.wlock",
    "*.claims.toml.recovery*",
    "*.claims.toml.mine*",
    ".library.jsonl.wlock",
];

/// The `.gitignore` that covers files in `dir`: at the root of its git work
/// tree, else in `dir` itself.
pub fn file_for(dir: &Path) -> PathBuf {
    let dir = if dir.as_os_str().is_empty() {
        Path::new(".")
    } else {
        dir
    };
    let start = fs::canonicalize(dir).unwrap_or_else(|_| dir.to_path_buf());
    let root = start
        .ancestors()
        .find(|d| d.join(".git").exists())
        .unwrap_or(&start);
    root.join(".gitignore")
}

/// Add the patterns to the `.gitignore` covering `dir` unless they are all
/// there; returns the file when it was changed.
pub fn ensure(dir: &Path) -> Result<Option<PathBuf>> {
    let path = file_for(dir);
    let text = match fs::read_to_string(&path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => String::new(),
        Err(e) => return Err(Error::io(&path, "cannot read it", e)),
    };
    let have: Vec<&str> = text.lines().map(str::trim).collect();
    let missing: Vec<&str> = PATTERNS
        .iter()
        .copied()
        .filter(|p| !have.contains(p))
        .collect();
    if missing.is_empty() {
        return Ok(None);
    }
    let mut out = text.clone();
    if !out.is_empty() && !out.ends_with('\n') {
        out.push('\n');
    }
    out.push_str("# claimdesk: locks and unsaved work beside the sheets\n");
    for p in missing {
        out.push_str(p);
        out.push('\n');
    }
    super::store::write_atomic(&path, out.as_bytes())?;
    Ok(Some(path))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn patterns_are_added_once_at_the_work_tree_root() {
        let dir = tempfile::tempdir().unwrap();
        let sub = dir.path().join("desk");
        fs::create_dir_all(sub.join("x")).unwrap();
        fs::create_dir(sub.join(".git")).unwrap();
        fs::write(sub.join(".gitignore"), "target").unwrap();
        let written = ensure(&sub.join("x")).unwrap().unwrap();
        assert_eq!(written, fs::canonicalize(&sub).unwrap().join(".gitignore"));
        let text = fs::read_to_string(&written).unwrap();
        assert!(text.starts_with("target\n# claimdesk"), "{text}");
        assert!(text.contains("*.claims.toml.wlock\n"), "{text}");
        assert!(text.contains(".library.jsonl.wlock\n"), "{text}");
        assert_eq!(ensure(&sub.join("x")).unwrap(), None, "only once");
        assert_eq!(fs::read_to_string(&written).unwrap(), text);
    }
}
