//! Safe loading and saving of a sheet and its article.
//!
//! Saves are atomic: the new text goes to a temporary file in the sheet's
//! folder, is flushed to disk (fsync), renamed over the sheet, and the folder
//! is flushed too, so a crash at any instant leaves the old sheet or the new
//! one, never a mix. A sheet that fails to parse is never written over, and a
//! sheet changed on disk since it was read is never overwritten silently.

use std::fs;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use super::article::Article;
use super::claim::Claim;
use super::error::{Error, Result, line_col};
use super::sheet::{self, MAX_SHEET_BYTES, SHEET_SUFFIX, Sheet};

/// An article with its sheet, as the CLI and the TUI work on them.
#[derive(Debug, Clone)]
pub struct Doc {
    pub article: Article,
    pub sheet: Sheet,
    pub sheet_path: PathBuf,
    /// The sheet's text as last read from or written to disk (None: not on
    /// disk yet). Base for comment-preserving saves and conflict detection.
    disk_text: Option<String>,
    disk_sheet: Option<Sheet>,
}

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

/// Is this a file claimdesk treats as an article (.txt or .md)?
pub fn is_article_path(path: &Path) -> bool {
    !is_sheet_path(path)
        && path
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| e.eq_ignore_ascii_case("txt") || e.eq_ignore_ascii_case("md"))
}

/// Read a sheet's text, refusing what cannot be a sheet (too large, not
/// UTF-8), with the position of the problem.
pub fn read_sheet_text(path: &Path) -> Result<String> {
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
    fs::File::open(path)
        .and_then(|f| f.take(MAX_SHEET_BYTES + 1).read_to_end(&mut bytes))
        .map_err(|e| Error::io(path, "cannot read the sheet", e))?;
    String::from_utf8(bytes).map_err(|e| {
        let at = e.utf8_error().valid_up_to();
        let valid = String::from_utf8_lossy(&e.as_bytes()[..at]).into_owned();
        let (line, column) = line_col(&valid, at);
        Error::SheetAt {
            path: path.to_path_buf(),
            line,
            column,
            message: format!("not valid UTF-8 (invalid byte sequence at byte {at})"),
        }
    })
}

/// The article length to check offsets against: only when the article is
/// the one the sheet was written for. After an edit, offsets are stale by
/// nature and re-anchoring ([`crate::domain::anchor`]) deals with them.
fn checked_len(article: &Article, sheet: &Sheet) -> Option<usize> {
    (article.sha256 == sheet.sha256).then(|| article.char_len())
}

/// The article a sheet refers to, resolved against the sheet's folder.
fn article_path_of(sheet_path: &Path, sheet: &Sheet) -> PathBuf {
    let dir = sheet_path.parent().unwrap_or(Path::new("."));
    dir.join(&sheet.article)
}

impl Doc {
    /// Open an article or a sheet (either path works) whose sheet exists.
    pub fn open(path: &Path) -> Result<Doc> {
        if is_sheet_path(path) {
            let text = read_sheet_text(path)?;
            // Parse once without the article to learn which article it is.
            let probe = sheet::parse(path, &text, None)?;
            let article = Article::load(&article_path_of(path, &probe))?;
            let sheet = sheet::parse(path, &text, checked_len(&article, &probe))?;
            return Ok(Doc::from_disk(article, sheet, path.to_path_buf(), text));
        }
        let article = Article::load(path)?;
        let sheet_path = sheet_path_for(path);
        if !sheet_path.exists() {
            return Err(Error::sheet(
                &sheet_path,
                format!(
                    "does not exist; create it with `claimdesk init {}`",
                    path.display()
                ),
            ));
        }
        let text = read_sheet_text(&sheet_path)?;
        let probe = sheet::parse(&sheet_path, &text, None)?;
        let sheet = sheet::parse(&sheet_path, &text, checked_len(&article, &probe))?;
        Ok(Doc::from_disk(article, sheet, sheet_path, text))
    }

    /// A new sheet for an article, not yet saved. `claims` become its claims
    /// (ids are assigned in article order when they are empty).
    pub fn create(article_path: &Path, claims: Vec<Claim>) -> Result<Doc> {
        let article = Article::load(article_path)?;
        Ok(Doc::new_for(article, claims))
    }

    /// A new, unsaved sheet for an already loaded article.
    pub fn new_for(article: Article, claims: Vec<Claim>) -> Doc {
        let sheet_path = sheet_path_for(&article.path);
        let mut sheet = Sheet::new(article.file_name(), article.sha256.clone());
        sheet.claims = claims;
        sheet.sort();
        for (i, c) in sheet.claims.iter_mut().enumerate() {
            if c.id.is_empty() {
                c.id = format!("C{}", i + 1);
            }
        }
        Doc {
            article,
            sheet,
            sheet_path,
            disk_text: None,
            disk_sheet: None,
        }
    }

    fn from_disk(article: Article, sheet: Sheet, sheet_path: PathBuf, text: String) -> Doc {
        Doc {
            article,
            disk_sheet: Some(sheet.clone()),
            sheet,
            sheet_path,
            disk_text: Some(text),
        }
    }

    /// Whether the sheet is on disk (saved at least once or loaded).
    pub fn on_disk(&self) -> bool {
        self.disk_text.is_some()
    }

    /// True when the article's bytes no longer match the hash in the sheet.
    pub fn article_changed(&self) -> bool {
        self.article.sha256 != self.sheet.sha256
    }

    /// True when the sheet in memory differs from the sheet on disk as last
    /// read or written.
    pub fn is_dirty(&self) -> bool {
        self.disk_sheet.as_ref() != Some(&self.sheet)
    }

    /// Has the file on disk changed since we last read or wrote it?
    pub fn changed_on_disk(&self) -> Result<bool> {
        let Some(expected) = &self.disk_text else {
            return Ok(self.sheet_path.exists());
        };
        match fs::read(&self.sheet_path) {
            Ok(bytes) => Ok(bytes != expected.as_bytes()),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(true),
            Err(e) => Err(Error::io(&self.sheet_path, "cannot read the sheet", e)),
        }
    }

    /// The text a save would write now.
    pub fn render(&self) -> String {
        match (&self.disk_text, &self.disk_sheet) {
            (Some(text), Some(old)) => sheet::render_preserving(&self.sheet, text, old),
            _ => sheet::render(&self.sheet),
        }
    }

    /// Save the sheet atomically. Refuses (with [`Error::Conflict`]) when
    /// the file on disk changed since it was read; see [`Doc::save_over`].
    pub fn save(&mut self) -> Result<()> {
        if self.changed_on_disk()? {
            return Err(Error::Conflict {
                path: self.sheet_path.clone(),
            });
        }
        self.save_over()
    }

    /// Save without the conflict check ("keep mine").
    pub fn save_over(&mut self) -> Result<()> {
        let text = self.render();
        write_atomic(&self.sheet_path, text.as_bytes())?;
        self.disk_sheet = Some(self.sheet.clone());
        self.disk_text = Some(text);
        Ok(())
    }

    /// Read the sheet again from disk ("take theirs"), dropping what is in memory.
    pub fn reload(&mut self) -> Result<()> {
        let text = read_sheet_text(&self.sheet_path)?;
        let probe = sheet::parse(&self.sheet_path, &text, None)?;
        let sheet = sheet::parse(&self.sheet_path, &text, checked_len(&self.article, &probe))?;
        self.sheet = sheet.clone();
        self.disk_sheet = Some(sheet);
        self.disk_text = Some(text);
        Ok(())
    }
}

/// Write `bytes` to `path` atomically: a temporary file in the same folder,
/// fsync, rename over `path`, fsync the folder. The existing file's
/// permissions are kept.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    if !dir.is_dir() {
        return Err(Error::io(
            path,
            "cannot save",
            std::io::Error::new(std::io::ErrorKind::NotFound, "the folder does not exist"),
        ));
    }
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let mut tmp = tempfile::Builder::new()
        .prefix(&format!(".{name}."))
        .suffix(".tmp")
        .tempfile_in(&dir)
        .map_err(|e| Error::io(path, "cannot create a temporary file beside it", e))?;
    tmp.write_all(bytes)
        .map_err(|e| Error::io(path, "cannot write the temporary file", e))?;
    let perms = fs::metadata(path)
        .ok()
        .map(|m| m.permissions())
        .or_else(default_permissions);
    if let Some(perms) = perms {
        tmp.as_file()
            .set_permissions(perms)
            .map_err(|e| Error::io(path, "cannot set permissions", e))?;
    }
    tmp.as_file()
        .sync_all()
        .map_err(|e| Error::io(path, "cannot flush the temporary file to disk (fsync)", e))?;
    tmp.persist(path)
        .map_err(|e| Error::io(path, "cannot rename the temporary file over it", e.error))?;
    sync_dir(&dir).map_err(|e| Error::io(&dir, "cannot flush the folder to disk (fsync)", e))?;
    Ok(())
}

#[cfg(unix)]
fn default_permissions() -> Option<fs::Permissions> {
    use std::os::unix::fs::PermissionsExt;
    Some(fs::Permissions::from_mode(0o644))
}

#[cfg(not(unix))]
fn default_permissions() -> Option<fs::Permissions> {
    None
}

#[cfg(unix)]
fn sync_dir(dir: &Path) -> std::io::Result<()> {
    fs::File::open(dir)?.sync_all()
}

#[cfg(not(unix))]
fn sync_dir(_dir: &Path) -> std::io::Result<()> {
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::claim::{Stamp, Status};

    fn setup() -> (tempfile::TempDir, PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        let article = dir.path().join("story.txt");
        fs::write(
            &article,
            "Alice said the bridge is 40 years old. Bob denied it.\n",
        )
        .unwrap();
        (dir, article)
    }

    #[test]
    fn create_save_open_by_either_path() {
        let (_dir, article) = setup();
        let text = fs::read_to_string(&article).unwrap();
        let mut doc = Doc::create(&article, vec![Claim::new("", &text, 11, 37)]).unwrap();
        assert!(!doc.on_disk());
        doc.save().unwrap();
        assert_eq!(doc.sheet_path, article.with_file_name("story.claims.toml"));
        let a = Doc::open(&article).unwrap();
        let b = Doc::open(&doc.sheet_path).unwrap();
        assert_eq!(a.sheet, b.sheet);
        assert_eq!(a.sheet.claims[0].id, "C1");
        assert_eq!(a.sheet.claims[0].text, "the bridge is 40 years old");
        assert!(!a.article_changed());
    }

    #[test]
    fn refuses_to_overwrite_a_sheet_changed_on_disk() {
        let (_dir, article) = setup();
        let text = fs::read_to_string(&article).unwrap();
        let mut doc = Doc::create(&article, vec![Claim::new("", &text, 11, 37)]).unwrap();
        doc.save().unwrap();
        let theirs = fs::read_to_string(&doc.sheet_path).unwrap() + "# theirs\n";
        fs::write(&doc.sheet_path, &theirs).unwrap();
        doc.sheet.claims[0].set_status(Status::Denied, "ana", Stamp::now());
        assert!(doc.changed_on_disk().unwrap());
        assert!(matches!(doc.save(), Err(Error::Conflict { .. })));
        assert_eq!(fs::read_to_string(&doc.sheet_path).unwrap(), theirs);
        doc.reload().unwrap();
        assert_eq!(doc.sheet.claims[0].status, Status::Unconfirmed);
        assert!(!doc.is_dirty());
    }

    #[test]
    fn atomic_write_leaves_no_temporary_files() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("x.claims.toml");
        write_atomic(&p, b"one").unwrap();
        write_atomic(&p, b"two").unwrap();
        assert_eq!(fs::read(&p).unwrap(), b"two");
        let names: Vec<_> = fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names.len(), 1, "{names:?}");
        let missing = dir.path().join("nope").join("x.claims.toml");
        assert!(
            write_atomic(&missing, b"x")
                .unwrap_err()
                .to_string()
                .contains("folder does not exist")
        );
    }

    #[test]
    fn open_without_sheet_says_how_to_create_it() {
        let (_dir, article) = setup();
        let e = Doc::open(&article).unwrap_err().to_string();
        assert!(
            e.contains("story.claims.toml: does not exist; create it with `claimdesk init"),
            "{e}"
        );
    }
}
