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
use super::claim::{Claim, Stamp};
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
    /// Where each claim lies in `disk_text`: worked out at the first save,
    /// then kept up to date by each save, so a save parses nothing.
    layout: Option<sheet::Layout>,
    /// Size, modification time and inode of the sheet file when it last
    /// held `disk_text`: while they stay the same the file is not read again
    /// to look for outside changes (git's index does the same).
    disk_stamp: std::cell::Cell<Option<FileStamp>>,
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
            layout: None,
            disk_stamp: std::cell::Cell::new(None),
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
        self.save_over_with(&RealOps)
    }

    /// [`Doc::save_over`] through the given operations (fault injection).
    pub fn save_over_with(&mut self, ops: &dyn SaveOps) -> Result<()> {
        let (text, layout) = self.render_for_save();
        let result = write_atomic_with(&self.sheet_path, text.as_bytes(), ops);
        // A failure after the rename (the folder's fsync) still left our text
        // in place: remember it, or the next save would see a conflict.
        let on_disk =
            result.is_ok() || fs::read(&self.sheet_path).is_ok_and(|b| b == text.as_bytes());
        if on_disk {
            self.disk_sheet = Some(self.sheet.clone());
            self.disk_text = Some(text);
            self.layout = Some(layout);
            self.disk_stamp.set(if result.is_ok() {
                FileStamp::of(&self.sheet_path)
            } else {
                None
            });
        }
        result
    }

    /// Where unsaved work goes when the TUI crashes: `NAME.claims.toml.recovery`.
    pub fn recovery_path(&self) -> PathBuf {
        suffixed(&self.sheet_path, ".recovery")
    }

    /// Write the sheet in memory to the recovery file (after a crash).
    pub fn write_recovery(&self) -> Result<PathBuf> {
        let path = self.recovery_path();
        write_atomic(&path, sheet::render(&self.sheet).as_bytes())?;
        Ok(path)
    }

    /// The recovery file, if one was left by a crash and differs from the sheet.
    pub fn pending_recovery(&self) -> Option<PathBuf> {
        let path = self.recovery_path();
        let text = fs::read_to_string(&path).ok()?;
        let parsed = sheet::parse(&path, &text, None).ok()?;
        (parsed != self.sheet).then_some(path)
    }

    /// Take the recovered sheet into memory (unsaved: the caller saves it,
    /// then calls [`Doc::discard_recovery`]).
    pub fn restore_recovery(&mut self) -> Result<()> {
        let path = self.recovery_path();
        let text = read_sheet_text(&path)?;
        let len = (self.article.sha256 == self.sheet.sha256).then(|| self.article.char_len());
        self.sheet = sheet::parse(&path, &text, len)?;
        Ok(())
    }

    /// Remove the recovery file.
    pub fn discard_recovery(&self) -> Result<()> {
        match fs::remove_file(self.recovery_path()) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(Error::io(
                &self.recovery_path(),
                "cannot remove the recovery file",
                e,
            )),
            _ => Ok(()),
        }
    }

    /// Read the sheet again from disk ("take theirs"), dropping what is in memory.
    pub fn reload(&mut self) -> Result<()> {
        let text = read_sheet_text(&self.sheet_path)?;
        let probe = sheet::parse(&self.sheet_path, &text, None)?;
        let sheet = sheet::parse(&self.sheet_path, &text, checked_len(&self.article, &probe))?;
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

/// Who holds a sheet's lock.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LockInfo {
    pub pid: u32,
    pub host: String,
    pub since: String,
}

impl std::fmt::Display for LockInfo {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "process {} on {} since {}",
            self.pid, self.host, self.since
        )
    }
}

/// An exclusive claim on a sheet for editing: `NAME.claims.toml.lock` beside
/// it, holding the owner's process id, host and start time. Released when
/// dropped; a lock left by a process that died is taken over.
#[derive(Debug)]
pub struct Lock {
    path: PathBuf,
}

/// The result of trying to lock a sheet.
#[derive(Debug)]
pub enum Locked {
    /// The lock is ours.
    Acquired(Lock),
    /// Another live process holds it: open read-only.
    HeldBy(LockInfo),
}

fn host_name() -> String {
    fs::read_to_string("/proc/sys/kernel/hostname")
        .or_else(|_| fs::read_to_string("/etc/hostname"))
        .map(|h| h.trim().to_owned())
        .ok()
        .filter(|h| !h.is_empty())
        .or_else(|| std::env::var("HOSTNAME").ok())
        .unwrap_or_else(|| "localhost".into())
}

/// Is a process with this id alive on this host? Where that cannot be
/// known (no /proc), assume it is.
fn alive(pid: u32) -> bool {
    let proc = Path::new("/proc");
    if !proc.join("self").exists() {
        return true;
    }
    if pid == std::process::id() {
        return true;
    }
    match fs::read_to_string(proc.join(pid.to_string()).join("stat")) {
        // A zombie has exited; only its parent has not reaped it yet.
        Ok(stat) => !stat
            .rsplit(')')
            .next()
            .is_some_and(|rest| rest.trim_start().starts_with('Z')),
        Err(_) => false,
    }
}

impl Lock {
    pub fn path_for(sheet_path: &Path) -> PathBuf {
        suffixed(sheet_path, ".lock")
    }

    /// Lock a sheet, taking over a stale lock (a dead process on this host,
    /// or an unreadable lock file older than a minute).
    pub fn acquire(sheet_path: &Path) -> Result<Locked> {
        let path = Lock::path_for(sheet_path);
        let info = LockInfo {
            pid: std::process::id(),
            host: host_name(),
            since: Stamp::now().to_rfc3339(),
        };
        for _ in 0..3 {
            match fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .open(&path)
            {
                Ok(mut f) => {
                    let body = format!("{}\n{}\n{}\n", info.pid, info.host, info.since);
                    f.write_all(body.as_bytes())
                        .and_then(|_| f.sync_all())
                        .map_err(|e| Error::io(&path, "cannot write the lock file", e))?;
                    return Ok(Locked::Acquired(Lock { path }));
                }
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                    let text = fs::read_to_string(&path).unwrap_or_default();
                    let mut lines = text.lines();
                    let pid = lines.next().and_then(|p| p.trim().parse::<u32>().ok());
                    let host = lines.next().unwrap_or("").to_owned();
                    let since = lines.next().unwrap_or("").to_owned();
                    let stale = match pid {
                        Some(pid) => host == info.host && !alive(pid),
                        None => fs::metadata(&path)
                            .and_then(|m| m.modified())
                            .ok()
                            .and_then(|t| t.elapsed().ok())
                            .is_some_and(|age| age.as_secs() > 60),
                    };
                    if !stale {
                        return Ok(Locked::HeldBy(LockInfo {
                            pid: pid.unwrap_or(0),
                            host,
                            since,
                        }));
                    }
                    // Stale: take it over (another taker may race us; the
                    // create_new above decides who wins).
                    let _ = fs::remove_file(&path);
                }
                Err(e) => return Err(Error::io(&path, "cannot create the lock file", e)),
            }
        }
        Err(Error::sheet(
            &path,
            "could not take over a stale lock file; remove it by hand",
        ))
    }

    pub fn path(&self) -> &Path {
        &self.path
    }
}

impl Drop for Lock {
    fn drop(&mut self) {
        let _ = fs::remove_file(&self.path);
    }
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
    fn lock_is_exclusive_released_on_drop_and_taken_over_when_stale() {
        let (_dir, article) = setup();
        let sheet = sheet_path_for(&article);
        let Locked::Acquired(lock) = Lock::acquire(&sheet).unwrap() else {
            panic!("first lock must succeed");
        };
        match Lock::acquire(&sheet).unwrap() {
            Locked::HeldBy(info) => assert_eq!(info.pid, std::process::id()),
            Locked::Acquired(_) => panic!("second lock must fail while the first is held"),
        }
        drop(lock);
        assert!(!Lock::path_for(&sheet).exists());
        // A lock of a process that is gone is taken over.
        let mut child = std::process::Command::new("true").spawn().unwrap();
        let dead = child.id();
        child.wait().unwrap();
        fs::write(
            Lock::path_for(&sheet),
            format!("{dead}\n{}\n2026-01-01T00:00:00Z\n", host_name()),
        )
        .unwrap();
        assert!(matches!(
            Lock::acquire(&sheet).unwrap(),
            Locked::Acquired(_)
        ));
        // A live process's lock on another host is respected.
        fs::write(
            Lock::path_for(&sheet),
            "1\nelsewhere\n2026-01-01T00:00:00Z\n",
        )
        .unwrap();
        match Lock::acquire(&sheet).unwrap() {
            Locked::HeldBy(info) => assert_eq!(
                info.to_string(),
                "process 1 on elsewhere since 2026-01-01T00:00:00Z"
            ),
            Locked::Acquired(_) => panic!("another host's lock must be respected"),
        }
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
        fresh.save().unwrap();
        fresh.discard_recovery().unwrap();
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
