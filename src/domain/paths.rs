//! Where a sheet's article may be: the rule that keeps a sheet from someone
//! else from making claimdesk read (and copy into the sheet) a file outside
//! the sheet's folder or workspace.
//!
//! A sheet names its article with a relative path, resolved against the
//! sheet's own folder. The path must stay inside a *root*: the sheet's folder,
//! or the workspace folder when the sheet is opened as part of one. Refused:
//! an empty path, an absolute path, `~`, a Windows drive or UNC path (any
//! backslash), a `..` that climbs above the root, a symbolic link (of the file
//! or of a folder on the way) whose target lies outside the root, and anything
//! that is not a regular file (a device, FIFO or socket). The check runs
//! before the article is opened.

use std::fs;
use std::path::{Component, Path, PathBuf};

use super::error::{Error, Result};
use super::sanitize;

/// The start of every refusal, as users and scripts see it.
pub const LEAVES: &str = "article path leaves the workspace";

/// Check an `article` value on its own (no file system): what every writer
/// checks before it writes one. `Err` holds the reason, for the message.
pub fn check_value(value: &str) -> std::result::Result<(), String> {
    let shown = sanitize::line(value);
    if value.trim().is_empty() {
        return Err("the path is empty".into());
    }
    if value.contains('\0') {
        return Err(format!("\"{shown}\" holds a NUL byte"));
    }
    if value.contains('\\') {
        return Err(format!(
            "\"{shown}\" holds a backslash (a Windows or UNC path); use a relative path with /"
        ));
    }
    let b = value.as_bytes();
    if b.len() >= 2 && b[0].is_ascii_alphabetic() && b[1] == b':' {
        return Err(format!("\"{shown}\" is a Windows drive path"));
    }
    if value.starts_with('~') {
        return Err(format!("\"{shown}\" starts with ~ (a home folder)"));
    }
    if Path::new(value).is_absolute() || value.starts_with('/') {
        return Err(format!("\"{shown}\" is an absolute path"));
    }
    Ok(())
}

/// Resolve a sheet's `article` value to the file to open, refusing every
/// shape the module doc lists. `root` is the folder the article must stay in
/// (None: the sheet's own folder). Nothing is opened: only `stat`s.
pub fn resolve_article(sheet_path: &Path, value: &str, root: Option<&Path>) -> Result<PathBuf> {
    let refuse = |reason: String| Error::sheet(sheet_path, format!("{LEAVES}: {reason}"));
    check_value(value).map_err(refuse)?;
    let shown = sanitize::line(value).into_owned();
    let sheet_dir = match sheet_path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let sheet_dir_real = fs::canonicalize(&sheet_dir)
        .map_err(|e| Error::io(&sheet_dir, "cannot resolve the sheet's folder", e))?;
    let root_real = match root {
        Some(r) => match fs::canonicalize(r) {
            Ok(real) if sheet_dir_real.starts_with(&real) => real,
            Ok(_) => sheet_dir_real.clone(),
            Err(e) => return Err(Error::io(r, "cannot resolve the workspace folder", e)),
        },
        None => sheet_dir_real.clone(),
    };

    let depth = sheet_dir_real
        .strip_prefix(&root_real)
        .map(|rel| rel.components().count() as isize)
        .unwrap_or(0);
    let base = if root.is_some() {
        "the workspace"
    } else {
        "the sheet's folder"
    };
    check_depth(value, depth, base).map_err(refuse)?;

    // On disk: every link on the way must land inside the root. The deepest
    // part that exists is resolved; a missing file is left to the loader,
    // which says so.
    let joined = sheet_dir.join(value);
    let mut existing = joined.as_path();
    let real = loop {
        match fs::canonicalize(existing) {
            Ok(real) => break Some(real),
            Err(_) => match existing.parent() {
                Some(p) if !p.as_os_str().is_empty() => existing = p,
                _ => break None,
            },
        }
    };
    if let Some(real) = &real
        && !real.starts_with(&root_real)
    {
        return Err(refuse(format!(
            "\"{shown}\" goes through a symbolic link to a place outside"
        )));
    }
    if existing == joined.as_path()
        && let Ok(meta) = fs::metadata(&joined)
        && !meta.is_file()
    {
        let what = if meta.is_dir() {
            "a folder"
        } else {
            "not a regular file (a device, FIFO or socket)"
        };
        return Err(refuse(format!("\"{shown}\" is {what}")));
    }
    Ok(joined)
}

/// Lexically: how deep below the root the path goes, step by step, starting
/// `depth` levels below it; refused as soon as it climbs out of `base`.
fn check_depth(value: &str, mut depth: isize, base: &str) -> std::result::Result<(), String> {
    let shown = sanitize::line(value);
    for part in Path::new(value).components() {
        match part {
            Component::Normal(_) => depth += 1,
            Component::CurDir => {}
            Component::ParentDir => {
                depth -= 1;
                if depth < 0 {
                    return Err(format!("\"{shown}\" climbs out of {base} with .."));
                }
            }
            Component::RootDir | Component::Prefix(_) => {
                return Err(format!("\"{shown}\" is an absolute path"));
            }
        }
    }
    Ok(())
}

/// Where the `article` value sits in a sheet's text (for FILE:LINE:COL),
/// pointing at the value after `article =` when it can be found.
pub fn value_position(text: &str) -> Option<usize> {
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let t = line.trim_start();
        if let Some(rest) = t.strip_prefix("article")
            && let Some(after_eq) = rest.trim_start().strip_prefix('=')
        {
            return Some(offset + line.len() - after_eq.trim_start().len());
        }
        offset += line.len();
    }
    None
}

/// Give a refusal from [`resolve_article`] its place in the sheet's text.
pub fn at_value(e: Error, sheet_path: &Path, text: &str) -> Error {
    match e {
        Error::Sheet { message, .. } if message.starts_with(LEAVES) => match value_position(text) {
            Some(pos) => Error::sheet_at(sheet_path, text, pos, message),
            None => Error::sheet(sheet_path, message),
        },
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn refused(r: Result<PathBuf>) -> String {
        let e = r.expect_err("should be refused").to_string();
        assert!(e.contains(LEAVES), "{e}");
        e
    }

    #[test]
    fn values_that_can_never_be_right() {
        for v in [
            "",
            "  ",
            "/etc/passwd",
            "~/notes.txt",
            "~",
            "C:\\Users\\a.txt",
            "c:/a.txt",
            "\\\\server\\share\\a.txt",
            "sub\\a.txt",
            "a\0b",
        ] {
            assert!(check_value(v).is_err(), "{v:?} accepted");
        }
        for v in ["a.txt", "sub/a.txt", "./a.txt", "sub/../a.txt", "é.md"] {
            assert_eq!(check_value(v), Ok(()), "{v:?}");
        }
    }

    #[test]
    fn dot_dot_may_move_inside_but_never_climb_out() {
        let d = tempfile::tempdir().unwrap();
        fs::create_dir_all(d.path().join("ws/sub")).unwrap();
        fs::write(d.path().join("ws/a.txt"), "x").unwrap();
        fs::write(d.path().join("ws/sub/b.txt"), "x").unwrap();
        fs::write(d.path().join("outside.txt"), "x").unwrap();
        let sheet = d.path().join("ws/sub/b.claims.toml");
        assert!(resolve_article(&sheet, "b.txt", None).is_ok());
        assert!(resolve_article(&sheet, "../sub/b.txt", None).is_err());
        refused(resolve_article(&sheet, "../a.txt", None));
        // In a workspace rooted at ws/, ../a.txt stays inside.
        let ws = d.path().join("ws");
        assert!(resolve_article(&sheet, "../a.txt", Some(&ws)).is_ok());
        let e = refused(resolve_article(&sheet, "../../outside.txt", Some(&ws)));
        assert!(e.contains("climbs out of the workspace"), "{e}");
    }

    #[cfg(unix)]
    #[test]
    fn links_outside_and_special_files_are_refused() {
        let d = tempfile::tempdir().unwrap();
        let ws = d.path().join("ws");
        fs::create_dir_all(ws.join("inside")).unwrap();
        fs::create_dir_all(d.path().join("secret")).unwrap();
        fs::write(d.path().join("secret/creds.txt"), "TOKEN").unwrap();
        fs::write(ws.join("inside/ok.txt"), "x").unwrap();
        std::os::unix::fs::symlink(d.path().join("secret/creds.txt"), ws.join("a.txt")).unwrap();
        std::os::unix::fs::symlink(d.path().join("secret"), ws.join("dir")).unwrap();
        std::os::unix::fs::symlink(ws.join("inside/ok.txt"), ws.join("good.txt")).unwrap();
        std::os::unix::fs::symlink("/proc/self", ws.join("me")).unwrap();
        let sheet = ws.join("a.claims.toml");
        refused(resolve_article(&sheet, "a.txt", None));
        refused(resolve_article(&sheet, "dir/creds.txt", None));
        refused(resolve_article(&sheet, "dir/missing.txt", None));
        refused(resolve_article(&sheet, "me/environ", None));
        refused(resolve_article(&sheet, "/proc/self/environ", None));
        // A link that stays inside is fine.
        assert!(resolve_article(&sheet, "good.txt", None).is_ok());
        // A FIFO would block the reader: refused before it is opened.
        let fifo = ws.join("pipe.txt");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status();
        if made.is_ok_and(|s| s.success()) {
            let e = refused(resolve_article(&sheet, "pipe.txt", None));
            assert!(e.contains("not a regular file"), "{e}");
        }
        refused(resolve_article(&sheet, "inside", None));
    }

    #[test]
    fn the_value_is_found_for_its_line_and_column() {
        let text = "format = 1\narticle   =  \"../x.txt\"\n";
        let pos = value_position(text).unwrap();
        assert_eq!(&text[pos..pos + 1], "\"");
        let e = at_value(
            Error::sheet(Path::new("s.claims.toml"), format!("{LEAVES}: x")),
            Path::new("s.claims.toml"),
            text,
        );
        assert_eq!(
            e.to_string(),
            format!("s.claims.toml:2:14: {LEAVES}: x"),
            "line and column of the value"
        );
    }
}
