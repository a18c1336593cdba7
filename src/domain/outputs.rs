//! claimdesk's own files, which sit beside the articles but are never read
//! as articles: exports (`NAME.verification.EXT`), sheets
//! (`NAME.claims.toml`) and the files that go with them (the lock, the
//! recovery file and any other `NAME.claims.toml.*`). Folder walks (which
//! also skip hidden folders and files), workspaces and `init` all ask
//! [`own_file`].

use std::path::Path;

use super::error::{Error, Result};

/// What every export's file name holds: `story.verification.md`.
pub const EXPORT_MARK: &str = ".verification.";

/// Which of claimdesk's own files `path` is, if it is one.
pub fn own_file(path: &Path) -> Option<&'static str> {
    let name = path.file_name()?.to_string_lossy().to_lowercase();
    if name.contains(EXPORT_MARK) {
        Some("an export written by claimdesk")
    } else if name.ends_with(".claims.toml") {
        Some("a claims sheet")
    } else if name.contains(".claims.toml.") {
        Some("a file claimdesk keeps beside a sheet (lock, recovery or backup)")
    } else {
        None
    }
}

/// Refuse to treat one of claimdesk's own files as an article.
pub fn refuse_own_file(path: &Path) -> Result<()> {
    match own_file(path) {
        None => Ok(()),
        Some(what) => Err(Error::article(
            path,
            format!("is {what}, not an article; give the article it was made from"),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn own_files_are_recognised() {
        for name in [
            "story.verification.md",
            "story.verification.csv",
            "STORY.Verification.HTML",
            "story.claims.toml",
            "story.claims.toml.lock",
            "story.claims.toml.recovery",
            "story.claims.toml.mine",
        ] {
            assert!(own_file(Path::new(name)).is_some(), "{name}");
        }
        for name in ["story.txt", "story.md", "verification.md", "claims.txt"] {
            assert_eq!(own_file(Path::new(name)), None, "{name}");
        }
        let e = refuse_own_file(Path::new("d/story.verification.md")).unwrap_err();
        assert!(
            e.to_string()
                .contains("is an export written by claimdesk, not an article"),
            "{e}"
        );
    }
}
