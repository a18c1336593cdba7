//! A folder of articles as one workspace: finding the articles and sheets
//! in it (recursively, skipping hidden folders, never following links to
//! folders, so a loop of links cannot trap it).

use std::fs;
use std::path::{Path, PathBuf};

use super::error::{Error, Result};
use super::store::{is_article_path, is_sheet_path};

fn walk(dir: &Path, keep: &dyn Fn(&Path) -> bool, out: &mut Vec<PathBuf>) -> Result<()> {
    let entries = fs::read_dir(dir).map_err(|e| Error::io(dir, "cannot read the folder", e))?;
    for entry in entries {
        let entry = entry.map_err(|e| Error::io(dir, "cannot read the folder", e))?;
        let path = entry.path();
        if entry.file_name().to_string_lossy().starts_with('.') {
            continue;
        }
        let kind = entry
            .file_type()
            .map_err(|e| Error::io(&path, "cannot read", e))?;
        if kind.is_dir() {
            walk(&path, keep, out)?;
        } else if keep(&path) && path.is_file() {
            out.push(path);
        }
    }
    Ok(())
}

/// The articles (.txt, .md) under `folder`, sorted by path.
pub fn articles_in(folder: &Path) -> Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    walk(folder, &is_article_path, &mut out)?;
    out.sort();
    Ok(out)
}

/// The sheets (.claims.toml) under `folder`, sorted by path.
pub fn sheets_in(folder: &Path) -> Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    walk(folder, &is_sheet_path, &mut out)?;
    out.sort();
    Ok(out)
}

/// The sheets a command works on: every sheet under a folder, or the one
/// path given (an article or a sheet).
pub fn targets(path: &Path) -> Result<Vec<PathBuf>> {
    if path.is_dir() {
        sheets_in(path)
    } else {
        Ok(vec![path.to_path_buf()])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_articles_and_sheets_recursively_skipping_hidden() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        fs::create_dir_all(d.join("b/deep")).unwrap();
        fs::create_dir_all(d.join(".git")).unwrap();
        for f in [
            "a.txt",
            "a.claims.toml",
            "b/deep/c.md",
            "b/notes.pdf",
            ".git/x.txt",
            "b/.hidden.txt",
        ] {
            fs::write(d.join(f), "x").unwrap();
        }
        let rel = |v: Vec<PathBuf>| -> Vec<String> {
            v.iter()
                .map(|p| p.strip_prefix(d).unwrap().display().to_string())
                .collect()
        };
        assert_eq!(rel(articles_in(d).unwrap()), vec!["a.txt", "b/deep/c.md"]);
        assert_eq!(rel(sheets_in(d).unwrap()), vec!["a.claims.toml"]);
        assert_eq!(targets(&d.join("a.txt")).unwrap(), vec![d.join("a.txt")]);
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(d, d.join("b/loop")).unwrap();
            assert_eq!(
                articles_in(d).unwrap().len(),
                2,
                "a link to a folder is not followed"
            );
        }
    }
}
