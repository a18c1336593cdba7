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
pub use super::session_lock::{Lock, LockInfo, Locked};
use super::sheet::{self, MAX_SHEET_BYTES, SHEET_SUFFIX, Sheet};
use super::write_lock::{self, WriteLock, write_target};
use super::{line_endings, merge};

mod recovery;

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
    /// Where each claim lies in `disk_text`: worked out at the first save,
    /// then kept up to date by each save, so a save parses nothing.
    layout: Option<sheet::Layout>,
    /// Size, modification time and inode of the sheet file when it last
    /// held `disk_text`: while they stay the same the file is not read again
    /// to look for outside changes (git's index does the same).
    disk_stamp: std::cell::Cell<Option<FileStamp>>,
    /// What the last save merged in from others, until taken.
    merged: Option<MergeReport>,
    /// The recovery file last offered: what restore and discard act on.
    offered: std::cell::RefCell<Option<PathBuf>>,
}

/// What a save found on disk and merged with the changes in memory.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MergeReport {
    /// Claims whose verdict was set differently here and there: disputed.
    pub disputed: Vec<String>,
    /// Claims created here and there under one id: (old id, new id).
    pub renumbered: Vec<(String, String)>,
}

/// What `stat` says of a file, to notice a change without reading it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct FileStamp {
    len: u64,
    modified: Option<std::time::SystemTime>,
    inode: u64,
}

impl FileStamp {
    fn of(path: &Path) -> Option<FileStamp> {
        let m = fs::metadata(path).ok()?;
        #[cfg(unix)]
        let inode = std::os::unix::fs::MetadataExt::ino(&m);
        #[cfg(not(unix))]
        let inode = 0;
        Some(FileStamp {
            len: m.len(),
            modified: m.modified().ok(),
            inode,
        })
    }
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

/// Is this a file claimdesk treats as an article (.txt or .md, and not one
/// of its own outputs)?
pub fn is_article_path(path: &Path) -> bool {
    !is_sheet_path(path)
        && super::outputs::own_file(path).is_none()
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

/// `sheet`, parsed from `text` without the article's length, checked
/// against `article`: parsed again only when an offset is beyond it, for
/// the error and its place.
fn checked(path: &Path, text: &str, sheet: Sheet, article: &Article) -> Result<Sheet> {
    match checked_len(article, &sheet) {
        Some(len) if sheet::ends_beyond(&sheet, len) => sheet::parse(path, text, Some(len)),
        _ => Ok(sheet),
    }
}

/// The article a sheet refers to, resolved against the sheet's folder and
/// checked to stay inside `root` (None: the sheet's folder) before anything
/// is opened ([`super::paths`]).
fn article_path_of(
    sheet_path: &Path,
    text: &str,
    sheet: &Sheet,
    root: Option<&Path>,
) -> Result<PathBuf> {
    super::paths::resolve_article(sheet_path, &sheet.article, root)
        .map_err(|e| super::paths::at_value(e, sheet_path, text))
}

impl Doc {
    /// Open an article or a sheet (either path works) whose sheet exists.
    /// The sheet's article must lie in the sheet's folder.
    pub fn open(path: &Path) -> Result<Doc> {
        Doc::open_in(path, None)
    }

    /// Open an article or a sheet as part of the workspace at `root`: the
    /// sheet's article may lie anywhere inside it.
    pub fn open_in(path: &Path, root: Option<&Path>) -> Result<Doc> {
        if is_sheet_path(path) {
            let text = read_sheet_text(path)?;
            // Parse once without the article to learn which article it is.
            let probe = super::cache::parse(path, &text)?;
            let article = Article::load(&article_path_of(path, &text, &probe, root)?)?;
            let sheet = checked(path, &text, probe, &article)?;
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
        let probe = super::cache::parse(&sheet_path, &text)?;
        // The article given is the one opened, but a sheet that names a
        // file outside is refused all the same, whichever way it is opened.
        article_path_of(&sheet_path, &text, &probe, root)?;
        let sheet = checked(&sheet_path, &text, probe, &article)?;
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
            layout: None,
            disk_stamp: std::cell::Cell::new(None),
            merged: None,
            offered: Default::default(),
        }
    }

    fn from_disk(article: Article, sheet: Sheet, sheet_path: PathBuf, text: String) -> Doc {
        Doc {
            article,
            disk_sheet: Some(sheet.clone()),
            sheet,
            sheet_path,
            disk_text: Some(text),
            layout: None,
            disk_stamp: std::cell::Cell::new(None),
            merged: None,
            offered: Default::default(),
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
        // Stat first: a change after this shows in the next stamp.
        let now = FileStamp::of(&self.sheet_path);
        if now.is_some() && now == self.disk_stamp.get() {
            return Ok(false);
        }
        match fs::read(&self.sheet_path) {
            Ok(bytes) => {
                let changed = bytes != expected.as_bytes();
                if !changed {
                    self.disk_stamp.set(now);
                }
                Ok(changed)
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(true),
            Err(e) => Err(Error::io(&self.sheet_path, "cannot read the sheet", e)),
        }
    }

    /// The text a save would write now.
    pub fn render(&self) -> String {
        match (&self.disk_text, &self.disk_sheet, &self.layout) {
            (Some(text), Some(old), Some(layout)) => {
                sheet::render_spliced(&self.sheet, Some((text, old, layout))).0
            }
            (Some(text), Some(old), None) => sheet::render_preserving(&self.sheet, text, old),
            _ => sheet::render(&self.sheet),
        }
    }

    /// The text a save writes, and its layout, reusing (and, the first time,
    /// working out) the layout of the text on disk.
    fn render_for_save(&mut self) -> (String, sheet::Layout) {
        if let (None, Some(text), Some(old)) = (&self.layout, &self.disk_text, &self.disk_sheet) {
            self.layout = sheet::Layout::of(text, old);
        }
        match (&self.disk_text, &self.disk_sheet, &self.layout) {
            (Some(text), Some(old), Some(layout)) => {
                sheet::render_spliced(&self.sheet, Some((text, old, layout)))
            }
            _ => sheet::render_spliced(&self.sheet, None),
        }
    }

    /// Save the sheet atomically, under the write lock: when the file on
    /// disk changed since it was read, what is there is merged with the
    /// changes in memory first (see [`Doc::take_merge`]). A sheet on disk
    /// that no longer parses is never written over.
    pub fn save(&mut self) -> Result<()> {
        self.save_with(&RealOps)
    }

    /// [`Doc::save`] through the given operations (fault injection).
    pub fn save_with(&mut self, ops: &dyn SaveOps) -> Result<()> {
        let target = write_target(&self.sheet_path)?;
        let _lock = WriteLock::acquire(&target, write_lock::WAIT)?;
        self.merge_from_disk()?;
        self.write_to(&target, ops)
    }

    /// Save over whatever is on disk, under the write lock (`init --force`).
    pub fn save_over(&mut self) -> Result<()> {
        self.save_over_with(&RealOps)
    }

    /// [`Doc::save_over`] through the given operations (fault injection).
    pub fn save_over_with(&mut self, ops: &dyn SaveOps) -> Result<()> {
        let target = write_target(&self.sheet_path)?;
        let _lock = WriteLock::acquire(&target, write_lock::WAIT)?;
        self.write_to(&target, ops)
    }

    /// What the last save merged in from others, if it had to merge.
    pub fn take_merge(&mut self) -> Option<MergeReport> {
        self.merged.take()
    }

    /// With the write lock held: when the sheet on disk is not the one last
    /// read or written, merge it (theirs) with the sheet in memory (ours)
    /// against the one last read (base).
    fn merge_from_disk(&mut self) -> Result<()> {
        if !self.changed_on_disk()? {
            return Ok(());
        }
        let text = match read_sheet_text(&self.sheet_path) {
            Ok(text) => text,
            Err(Error::Io { source, .. }) if source.kind() == std::io::ErrorKind::NotFound => {
                return Ok(());
            }
            Err(e) => return Err(e),
        };
        let theirs = sheet::parse(&self.sheet_path, &text, None)?;
        let base = self.disk_sheet.clone().unwrap_or_else(|| {
            let mut empty = self.sheet.clone();
            empty.claims.clear();
            empty.deleted.clear();
            empty
        });
        let merged = merge::merge(&base, &self.sheet, &theirs)?;
        self.sheet = merged.sheet;
        self.merged = Some(MergeReport {
            disputed: merged.disputed,
            renumbered: merged.renumbered,
        });
        self.disk_sheet = Some(theirs);
        self.disk_text = Some(text);
        self.layout = None;
        Ok(())
    }

    /// Write the sheet to `target` (the sheet or its link's target), with
    /// the line endings the file had.
    fn write_to(&mut self, target: &Path, ops: &dyn SaveOps) -> Result<()> {
        // Every writer writes only an article value the readers accept.
        super::paths::check_value(&self.sheet.article).map_err(|why| {
            let leaves = super::paths::LEAVES;
            Error::sheet(&self.sheet_path, format!("{leaves}: {why}; not written"))
        })?;
        let (text, layout) = self.render_for_save();
        let crlf = self.disk_text.as_deref().is_some_and(line_endings::is_crlf);
        let (text, layout) = if crlf {
            (line_endings::to_crlf(&text), None)
        } else {
            (text, Some(layout))
        };
        let result = write_atomic_with(target, text.as_bytes(), ops);
        // A failure after the rename (the folder's fsync) still left our text
        // in place: remember it, or the next save would see a conflict.
        let on_disk = result.is_ok() || fs::read(target).is_ok_and(|b| b == text.as_bytes());
        if on_disk {
            self.disk_sheet = Some(self.sheet.clone());
            self.disk_text = Some(text);
            self.layout = layout;
            self.disk_stamp.set(if result.is_ok() {
                FileStamp::of(&self.sheet_path)
            } else {
                None
            });
        }
        result
    }

    /// Read the sheet again from disk ("take theirs"), dropping what is in memory.
    pub fn reload(&mut self) -> Result<()> {
        let text = read_sheet_text(&self.sheet_path)?;
        let probe = super::cache::parse(&self.sheet_path, &text)?;
        let sheet = checked(&self.sheet_path, &text, probe, &self.article)?;
        self.sheet = sheet.clone();
        self.disk_sheet = Some(sheet);
        self.disk_text = Some(text);
        self.layout = None;
        self.disk_stamp.set(None);
        Ok(())
    }
}

/// `path` with `suffix` appended to its file name.
fn suffixed(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(suffix);
    path.with_file_name(name)
}

/// The steps of an atomic save that can fail on a real system. The default
/// methods do the real thing; tests substitute failing ones to prove that a
/// failure is reported and nothing is claimed.
pub trait SaveOps {
    fn fsync_file(&self, file: &fs::File) -> std::io::Result<()> {
        file.sync_all()
    }
    fn rename(&self, from: &Path, to: &Path) -> std::io::Result<()> {
        fs::rename(from, to)
    }
    fn fsync_dir(&self, dir: &Path) -> std::io::Result<()> {
        sync_dir(dir)
    }
}

/// The real file system.
pub struct RealOps;
impl SaveOps for RealOps {}

/// Write `bytes` to `path` atomically: a temporary file in the same folder,
/// fsync, rename over `path`, fsync the folder. The existing file's
/// permissions are kept.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    write_atomic_with(path, bytes, &RealOps)
}

/// [`write_atomic`] through the given operations.
pub fn write_atomic_with(path: &Path, bytes: &[u8], ops: &dyn SaveOps) -> Result<()> {
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
    ops.fsync_file(tmp.as_file())
        .map_err(|e| Error::io(path, "cannot flush the temporary file to disk (fsync)", e))?;
    // From here the temporary file must not be deleted by its guard before
    // the rename; on failure it is removed explicitly.
    let tmp_path = tmp.into_temp_path();
    if let Err(e) = ops.rename(&tmp_path, path) {
        let _ = tmp_path.close();
        return Err(Error::io(
            path,
            "cannot rename the temporary file over it",
            e,
        ));
    }
    // Renamed: nothing is left to delete.
    let _ = tmp_path.keep();
    ops.fsync_dir(&dir)
        .map_err(|e| Error::io(&dir, "cannot flush the folder to disk (fsync)", e))?;
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
pub(crate) fn sync_dir(dir: &Path) -> std::io::Result<()> {
    fs::File::open(dir)?.sync_all()
}

#[cfg(not(unix))]
pub(crate) fn sync_dir(_dir: &Path) -> std::io::Result<()> {
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
    fn a_sheet_changed_on_disk_is_merged_never_overwritten() {
        let (_dir, article) = setup();
        let text = fs::read_to_string(&article).unwrap();
        let claims = vec![Claim::new("", &text, 11, 37), Claim::new("", &text, 39, 52)];
        let mut doc = Doc::create(&article, claims).unwrap();
        doc.save().unwrap();
        let mut other = Doc::open(&article).unwrap();
        other.sheet.claims[1].set_field("note", "theirs".into(), "bo", Stamp::now());
        other.save().unwrap();
        doc.sheet.claims[0].set_status(Status::Denied, "ana", Stamp::now());
        assert!(doc.changed_on_disk().unwrap());
        doc.save().unwrap();
        assert!(doc.take_merge().is_some_and(|m| m.disputed.is_empty()));
        let back = Doc::open(&article).unwrap();
        assert_eq!(back.sheet.claims[0].status, Status::Denied);
        assert_eq!(back.sheet.claims[1].note, "theirs");
        assert_eq!(back.sheet, doc.sheet);
        assert!(!doc.is_dirty());
        // A sheet on disk that no longer parses is never written over.
        fs::write(&doc.sheet_path, "<<<<<<< HEAD\n").unwrap();
        doc.sheet.claims[1].set_status(Status::Confirmed, "ana", Stamp::now());
        assert!(doc.save().is_err());
        assert_eq!(
            fs::read_to_string(&doc.sheet_path).unwrap(),
            "<<<<<<< HEAD\n"
        );
    }

    #[test]
    fn crlf_sheets_stay_crlf() {
        let (_dir, article) = setup();
        let text = fs::read_to_string(&article).unwrap();
        let mut doc = Doc::create(&article, vec![Claim::new("", &text, 11, 37)]).unwrap();
        doc.save().unwrap();
        let crlf = line_endings::to_crlf(&fs::read_to_string(&doc.sheet_path).unwrap());
        fs::write(&doc.sheet_path, &crlf).unwrap();
        let mut doc = Doc::open(&article).unwrap();
        doc.sheet.claims[0].set_status(Status::Denied, "ana", Stamp::now());
        doc.sheet.claims[0].add_source("https://x.org", "ana", Stamp::now());
        doc.save().unwrap();
        let saved = fs::read_to_string(&doc.sheet_path).unwrap();
        assert_eq!(
            saved.matches('\n').count(),
            saved.matches("\r\n").count(),
            "{saved:?}"
        );
        assert_eq!(
            Doc::open(&article).unwrap().sheet.claims[0].status,
            Status::Denied
        );
    }

    #[cfg(unix)]
    #[test]
    fn a_symlinked_sheet_is_written_at_its_target() {
        let (dir, article) = setup();
        let text = fs::read_to_string(&article).unwrap();
        let mut doc = Doc::create(&article, vec![Claim::new("", &text, 11, 37)]).unwrap();
        doc.save().unwrap();
        let link = dir.path().join("link.claims.toml");
        std::os::unix::fs::symlink(&doc.sheet_path, &link).unwrap();
        let mut via_link = Doc::open(&link).unwrap();
        via_link.sheet.claims[0].set_status(Status::Denied, "ana", Stamp::now());
        via_link.save().unwrap();
        assert!(
            fs::symlink_metadata(&link)
                .unwrap()
                .file_type()
                .is_symlink()
        );
        assert_eq!(
            Doc::open(&article).unwrap().sheet.claims[0].status,
            Status::Denied
        );
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

    struct Failing(&'static str);
    impl SaveOps for Failing {
        fn fsync_file(&self, f: &fs::File) -> std::io::Result<()> {
            if self.0 == "fsync" {
                Err(std::io::Error::other("injected fsync failure"))
            } else {
                f.sync_all()
            }
        }
        fn rename(&self, from: &Path, to: &Path) -> std::io::Result<()> {
            if self.0 == "rename" {
                Err(std::io::Error::other("injected rename failure"))
            } else {
                fs::rename(from, to)
            }
        }
        fn fsync_dir(&self, dir: &Path) -> std::io::Result<()> {
            if self.0 == "dirsync" {
                Err(std::io::Error::other("injected folder fsync failure"))
            } else {
                sync_dir(dir)
            }
        }
    }

    #[test]
    fn failing_fsync_or_rename_is_reported_and_the_sheet_kept() {
        let (dir, article) = setup();
        let text = fs::read_to_string(&article).unwrap();
        let mut doc = Doc::create(&article, vec![Claim::new("", &text, 11, 37)]).unwrap();
        doc.save().unwrap();
        let before = fs::read(&doc.sheet_path).unwrap();
        doc.sheet.claims[0].set_status(Status::Denied, "ana", Stamp::now());
        for fault in ["fsync", "rename"] {
            let e = doc.save_over_with(&Failing(fault)).unwrap_err().to_string();
            assert!(e.contains(&format!("injected {fault} failure")), "{e}");
            assert_eq!(
                fs::read(&doc.sheet_path).unwrap(),
                before,
                "{fault}: sheet untouched"
            );
            assert!(doc.is_dirty(), "{fault}: the change is still pending");
            let names: Vec<_> = fs::read_dir(dir.path())
                .unwrap()
                .map(|e| e.unwrap().file_name())
                .filter(|n| !n.to_string_lossy().ends_with(write_lock::SUFFIX))
                .collect();
            assert_eq!(names.len(), 2, "{fault}: no temporary file left: {names:?}");
        }
        // Failing after the rename: reported, but the text is in place and
        // the next save is not mistaken for a conflict.
        let e = doc
            .save_over_with(&Failing("dirsync"))
            .unwrap_err()
            .to_string();
        assert!(e.contains("injected folder fsync failure"), "{e}");
        assert!(!doc.is_dirty());
        doc.sheet.claims[0].set_status(Status::Confirmed, "ana", Stamp::now());
        doc.save().unwrap();
        assert_eq!(
            Doc::open(&article).unwrap().sheet.claims[0].status,
            Status::Confirmed
        );
    }

    #[test]
    fn recovery_file_round_trip() {
        let (_dir, article) = setup();
        let text = fs::read_to_string(&article).unwrap();
        let mut doc = Doc::create(&article, vec![Claim::new("", &text, 11, 37)]).unwrap();
        doc.save().unwrap();
        assert_eq!(doc.pending_recovery(), None);
        doc.sheet.claims[0].set_status(Status::Denied, "ana", Stamp::now());
        doc.write_recovery().unwrap();
        let mut fresh = Doc::open(&article).unwrap();
        assert_eq!(fresh.pending_recovery(), Some(doc.recovery_path()));
        fresh.restore_recovery().unwrap();
        assert_eq!(fresh.sheet, doc.sheet);
        assert!(!doc.recovery_path().exists(), "removed once restored");
        assert_eq!(Doc::open(&article).unwrap().sheet, doc.sheet);
        assert_eq!(Doc::open(&article).unwrap().pending_recovery(), None);
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
