//! Which files are sheets and articles, the sheet beside an article, and
//! reading a sheet's text safely (size limit, UTF-8 with the place of the
//! first bad byte).

use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};

use crate::domain::error::{Error, Result, line_col};
use crate::domain::sheet::{MAX_SHEET_BYTES, SHEET_SUFFIX};

/// Is this path a sheet (rather than an article)?
pub fn is_sheet_path(path: &Path) -> bool {
    path.file_name()
        .and_then(|n| n.to_str())
        .is_some_and(|n| n.ends_with(SHEET_SUFFIX))
}

/// The sheet beside an article: `NAME.claims.toml` for `NAME.txt`.
pub fn sheet_path_for(article: &Path) -> PathBuf {
    let stem = article
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "article".into());
    article.with_file_name(format!("{stem}{SHEET_SUFFIX}"))
}

/// Is this a file claimdesk treats as an article (.txt or .md, and not one
/// of its own outputs)?
pub fn is_article_path(path: &Path) -> bool {
    !is_sheet_path(path)
        && crate::domain::outputs::own_file(path).is_none()
        && path
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| e.eq_ignore_ascii_case("txt") || e.eq_ignore_ascii_case("md"))
}

/// Read a sheet's text, refusing what cannot be a sheet (too large, not
/// UTF-8), with the position of the problem.
pub fn read_sheet_text(path: &Path) -> Result<String> {
    read_sheet_file(path).map(|(text, _)| text)
}

/// [`read_sheet_text`], with the file it was read from, still open.
pub(super) fn read_sheet_file(path: &Path) -> Result<(String, fs::File)> {
    let meta = fs::metadata(path).map_err(|e| Error::io(path, "cannot open the sheet", e))?;
    if meta.is_dir() {
        return Err(Error::sheet(path, "is a directory, not a sheet"));
    }
    if !meta.is_file() {
        return Err(Error::sheet(path, "is not a regular file"));
    }
    if meta.len() > MAX_SHEET_BYTES {
        return Err(Error::sheet(
            path,
            format!(
                "is {} bytes, over the {} byte (64 MiB) limit for a sheet; is this really a claims sheet?",
                meta.len(),
                MAX_SHEET_BYTES
            ),
        ));
    }
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    let file = fs::File::open(path)
        .and_then(|f| {
            (&f).take(MAX_SHEET_BYTES + 1).read_to_end(&mut bytes)?;
            Ok(f)
        })
        .map_err(|e| Error::io(path, "cannot read the sheet", e))?;
    let text = String::from_utf8(bytes).map_err(|e| {
        let at = e.utf8_error().valid_up_to();
        let valid = String::from_utf8_lossy(&e.as_bytes()[..at]).into_owned();
        let (line, column) = line_col(&valid, at);
        Error::SheetAt {
            path: path.to_path_buf(),
            line,
            column,
            message: format!("not valid UTF-8 (invalid byte sequence at byte {at})"),
        }
    })?;
    Ok((text, file))
}

/// `path` with `suffix` appended to its file name.
pub(super) fn suffixed(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(suffix);
    path.with_file_name(name)
}
